/* sobriete explore — plain JavaScript, no library, no network.
 *
 * Every user string reaches the page through textContent or setAttribute, never as markup.
 * The numbers are the library's: this script only adds them up, in the order the library does, so
 * that a filtered figure equals `sobriete footprint --by …` and a plan equals `sobriete scenario`.
 */
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("sobriete-data").textContent);
  var T = D.text;
  var L = D.lines;
  var P = D.pieces;
  var N = L.total.length;
  var SVG = "http://www.w3.org/2000/svg";
  var COLOURS = ["#1f5f8b", "#e07b39", "#3a9a5b", "#b34a6f", "#7a5cb8", "#c4a21b", "#4aa3b5", "#8c6d46",
                 "#d1495b", "#5d7f2e", "#9e9e9e"];

  /* --- small helpers ------------------------------------------------------------------------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = String(value);
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
  }
  function append(node, children) {
    if (children === null || children === undefined) return;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }

  /* Numbers as Babel writes them for the language: the shortest decimal form of the float, rounded
   * half to even, grouped by three (the symbols come from Babel through the data). */
  function fmt(x, digits) {
    if (x === null || x === undefined || !isFinite(x)) return "—";
    digits = digits === undefined ? 1 : digits;
    var negative = x < 0 || (x === 0 && 1 / x < 0);
    var text = String(Math.abs(x));
    var intPart, frac;
    if (/e/.test(text)) {
      text = Math.abs(x).toFixed(Math.min(20, digits + 2));
    }
    var parts = text.split(".");
    intPart = parts[0];
    frac = parts[1] || "";
    if (frac.length > digits) {
      var kept = frac.slice(0, digits), rest = frac.slice(digits);
      var last = digits ? kept.charCodeAt(digits - 1) - 48 : intPart.charCodeAt(intPart.length - 1) - 48;
      var up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || last % 2 === 1));
      var digitsText = (intPart + kept).split("");
      if (up) {
        var i = digitsText.length - 1;
        while (i >= 0) {
          if (digitsText[i] === "9") { digitsText[i] = "0"; i -= 1; }
          else { digitsText[i] = String.fromCharCode(digitsText[i].charCodeAt(0) + 1); break; }
        }
        if (i < 0) digitsText.unshift("1");
      }
      var joined = digitsText.join("");
      intPart = joined.slice(0, joined.length - digits);
      frac = joined.slice(joined.length - digits);
    } else {
      while (frac.length < digits) frac += "0";
    }
    intPart = intPart.replace(/^0+(?=\d)/, "");
    var grouped = "";
    for (var k = 0; k < intPart.length; k++) {
      if (k && (intPart.length - k) % 3 === 0) grouped += D.number.group;
      grouped += intPart[k];
    }
    return (negative ? "-" : "") + grouped + (digits ? D.number.decimal + frac : "");
  }
  function pct(x) { return x === null || x === undefined ? "—" : fmt(100 * x, 0) + D.number.percent; }
  function money(x) { return fmt(x, 0) + D.number.euro; }
  function kg(x) { return fmt(x, 0) + " " + T.unit_year; }

  /* numpy's float64 sum (pairwise, unrolled by 8): what `array.sum()` returns, bit for bit. */
  function pairwiseSum(a, start, n) {
    start = start || 0;
    n = n === undefined ? a.length : n;
    var i, res;
    if (n < 8) {
      res = 0;
      for (i = 0; i < n; i++) res += a[start + i];
      return res;
    }
    if (n <= 128) {
      var r = [];
      for (i = 0; i < 8; i++) r.push(a[start + i]);
      for (i = 8; i < n - (n % 8); i += 8) {
        for (var j = 0; j < 8; j++) r[j] += a[start + i + j];
      }
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[start + i];
      return res;
    }
    var n2 = Math.floor(n / 2);
    n2 -= n2 % 8;
    return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
  }

  /* --- labels -------------------------------------------------------------------------------- */

  var LINE_DIMS = ["section", "category", "service", "site"];
  var TERM_DIMS = ["phase", "poste", "scope"];
  function label(dim, code) {
    if (code === -1) return T.none;
    var value = D.dims[dim][code];
    if (dim === "category") return D.labels.category[value] || value;
    if (dim === "section") return T["w_" + value] || value;
    if (dim === "phase") return T["w_" + value] || value;
    if (dim === "poste") return value + " — " + (D.labels.poste[value] || "");
    if (dim === "scope") return D.labels.scope[value] || ("Scope " + value);
    return value;
  }
  function keyLabel(name) { return T["k_" + name] || name; }
  function lineTitle(i) {
    var name = L.name[i];
    return name ? name + " — " + label("category", L.category[i])
      : label("category", L.category[i]) + (L.source[i] ? " — " + L.source[i] : "");
  }

  /* --- filters and sums ---------------------------------------------------------------------- */

  var pieceStart = new Array(N + 1);
  (function () {
    var p = 0;
    for (var i = 0; i <= N; i++) {
      while (p < P.line.length && P.line[p] < i) p++;
      pieceStart[i] = p;
    }
  })();

  var state = { filters: { section: null, category: null, service: null, site: null, phase: null, poste: null,
                           scope: null, defaults: false },
                by: "category", group: "site", subset: null, tab: "overview" };

  function anyFilter() {
    var f = state.filters;
    return f.defaults || LINE_DIMS.concat(TERM_DIMS).some(function (d) { return f[d] !== null; });
  }
  function termFilter() {
    var f = state.filters;
    return f.phase !== null || f.poste !== null || f.scope !== null;
  }
  function pieceSelected(p) {
    var f = state.filters;
    if (f.phase !== null && P.phase[p] !== f.phase) return false;
    if (f.poste !== null && P.poste[p] !== f.poste) return false;
    if (f.scope !== null && D.scope_of_poste[P.poste[p]] !== D.dims.scope[f.scope]) return false;
    return true;
  }
  function lineSelected(i) {
    var f = state.filters;
    for (var k = 0; k < LINE_DIMS.length; k++) {
      var d = LINE_DIMS[k];
      if (f[d] !== null && L[d][i] !== f[d]) return false;
    }
    if (f.defaults && !L["default"][i]) return false;
    return true;
  }

  /* The filtered view: each selected line's value (its total, or the sum of its selected pieces) and
   * the totals, summed in line order like Footprint.by (np.bincount). */
  function view() {
    var selected = [], values = new Array(N), total = 0, weak = 0, pieceTotal = 0, onDefault = 0;
    var byTerm = termFilter();
    for (var i = 0; i < N; i++) {
      values[i] = 0;
      if (!lineSelected(i)) continue;
      var v = 0, any = false;
      for (var p = pieceStart[i]; p < pieceStart[i + 1]; p++) {
        if (!pieceSelected(p)) continue;
        any = true;
        v += P.value[p];
        pieceTotal += P.value[p];
        if (P.weak[p]) weak += P.value[p];
      }
      if (byTerm) {
        if (!any) continue;
      } else {
        v = L.total[i];
      }
      values[i] = v;
      selected.push(i);
      total += v;
      if (L["default"][i]) onDefault += v;
    }
    var filtered = anyFilter();
    if (!filtered) total = D.total; /* the unfiltered total is the footprint's own (same as its JSON) */
    return { lines: selected, values: values, total: total, filtered: filtered,
             defaults: filtered ? (total ? onDefault / total : null) : D.quality.defaults,
             weak: filtered ? (pieceTotal ? weak / pieceTotal : null) : D.quality.weak };
  }

  function breakdown(v, dim) {
    var sums = {}, order = [];
    function add(key, value) {
      if (!(key in sums)) { sums[key] = 0; order.push(key); }
      sums[key] += value;
    }
    if (LINE_DIMS.indexOf(dim) >= 0) {
      v.lines.forEach(function (i) { add(L[dim][i], v.values[i]); });
    } else {
      v.lines.forEach(function (i) {
        for (var p = pieceStart[i]; p < pieceStart[i + 1]; p++) {
          if (!pieceSelected(p)) continue;
          var key = dim === "phase" ? P.phase[p] : dim === "poste" ? P.poste[p]
            : D.dims.scope.indexOf(D.scope_of_poste[P.poste[p]]);
          add(key, P.value[p]);
        }
      });
    }
    return order.map(function (key) { return { code: Number(key), value: sums[key] }; })
      .sort(function (a, b) { return b.value - a.value; });
  }

  /* --- the page ---------------------------------------------------------------------------------- */

  var app = document.getElementById("app");
  var panels = {};
  var tabs = [["overview", T.tab_overview], ["drill", T.tab_drill]];
  if (D.scenario) tabs.push(["plan", T.tab_plan]);
  tabs.push(["quality", T.tab_quality]);

  function build() {
    var method = T["method_" + D.method] || D.method;
    append(app, el("header", null, [
      el("h1", { text: T.page_title }),
      el("p", { text: D.organisation.name + " — " + D.year })
    ]));
    var main = el("main");
    var list = el("div", { role: "tablist", "aria-label": T.page_title });
    tabs.forEach(function (tab, k) {
      var button = el("button", { role: "tab", id: "tab-" + tab[0], "aria-controls": "panel-" + tab[0],
                                  "aria-selected": k === 0 ? "true" : "false", tabindex: k === 0 ? "0" : "-1",
                                  text: tab[1], onclick: function () { selectTab(tab[0], true); } });
      button.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (event.key === "Home") step = -k;
        if (event.key === "End") step = tabs.length - 1 - k;
        if (!step) return;
        event.preventDefault();
        selectTab(tabs[(k + step + tabs.length) % tabs.length][0], true);
      });
      list.appendChild(button);
    });
    main.appendChild(list);
    main.appendChild(filtersBlock());
    main.appendChild(el("p", { id: "filter-status", class: "status", role: "status", "aria-live": "polite" }));
    tabs.forEach(function (tab, k) {
      var panel = el("section", { role: "tabpanel", id: "panel-" + tab[0], "aria-labelledby": "tab-" + tab[0],
                                  tabindex: "0", hidden: k !== 0 });
      panels[tab[0]] = panel;
      main.appendChild(panel);
    });
    main.appendChild(el("p", { class: "toolbar no-print" }, el("button", { type: "button", text: T.print,
      onclick: function () { window.print(); } })));
    main.appendChild(el("footer", { text: fill(T.footer, { version: D.factors_version, method: method }) }));
    app.appendChild(main);
  }

  function selectTab(name, focus) {
    state.tab = name;
    tabs.forEach(function (tab) {
      var button = document.getElementById("tab-" + tab[0]);
      var on = tab[0] === name;
      button.setAttribute("aria-selected", on ? "true" : "false");
      button.setAttribute("tabindex", on ? "0" : "-1");
      panels[tab[0]].hidden = !on;
      if (on && focus) button.focus();
    });
    /* the filters narrow the footprint's views; the plan is the whole scenario's */
    document.getElementById("filters").hidden = name === "plan";
    document.getElementById("filter-status").hidden = name === "plan";
  }

  var selects = {};
  function filtersBlock() {
    var box = el("div", { class: "filters", id: "filters", role: "group", "aria-label": T.filters });
    [["site", T.f_site], ["service", T.f_service], ["category", T.f_category], ["section", T.f_section],
     ["poste", T.f_poste], ["scope", T.f_scope], ["phase", T.f_phase]].forEach(function (pair) {
      var dim = pair[0];
      var select = el("select", { id: "filter-" + dim, onchange: function () {
        state.filters[dim] = select.value === "" ? null : Number(select.value);
        refresh();
      } });
      select.appendChild(el("option", { value: "", text: T.all }));
      D.dims[dim].forEach(function (value, code) {
        select.appendChild(el("option", { value: String(code), text: label(dim, code) }));
      });
      if (LINE_DIMS.indexOf(dim) >= 0 && L[dim].indexOf(-1) >= 0) {
        select.appendChild(el("option", { value: "-1", text: T.none }));
      }
      selects[dim] = select;
      box.appendChild(el("label", null, [pair[1], select]));
    });
    var check = el("input", { type: "checkbox", id: "filter-defaults", onchange: function () {
      state.filters.defaults = check.checked;
      refresh();
    } });
    box.appendChild(el("label", { class: "check" }, [check, T.f_default]));
    box.appendChild(el("button", { type: "button", id: "filter-reset", text: T.reset, onclick: function () {
      Object.keys(state.filters).forEach(function (key) { state.filters[key] = key === "defaults" ? false : null; });
      check.checked = false;
      refresh();
    } }));
    return box;
  }

  function setFilter(dim, code) {
    state.filters[dim] = state.filters[dim] === code ? null : code;
    refresh();
  }

  /* --- overview ---------------------------------------------------------------------------------- */

  function card(id, title, value, sub, raw) {
    return el("div", { class: "card" }, [
      el("div", { class: "label", text: title }),
      el("div", { class: "figure", id: id, "data-value": raw === null || raw === undefined ? "" : String(raw),
                  text: value }),
      sub ? el("div", { class: "sub", text: sub }) : null
    ]);
  }

  function overview(v) {
    var panel = panels.overview;
    clear(panel);
    var org = D.organisation;
    var interval = D.interval && !v.filtered
      ? fill(T.interval, { low: fmt(D.interval[0], 0), high: fmt(D.interval[1], 0) })
      : (D.interval ? T.interval_filtered : null);
    var cards = el("div", { class: "cards" }, [
      card("key-total", T.total, kg(v.total), (interval || "") + " (" + fmt(v.total / 1000, 1) + " " +
           T.unit_t_year + ")", v.total),
      card("key-per-agent", T.per_agent, org.agents ? fmt(v.total / org.agents, 1) + " " + T.unit_year : "—", null,
           org.agents ? v.total / org.agents : null),
      card("key-per-inhabitant", T.per_inhabitant,
           org.population ? fmt(v.total / org.population, 2) + " " + T.unit_year : "—", null,
           org.population ? v.total / org.population : null),
      card("key-defaults", T.share_defaults, pct(v.defaults), null, v.defaults),
      card("key-weak", T.share_weak, pct(v.weak), null, v.weak)
    ]);
    panel.appendChild(cards);
    var bySelect = el("select", { id: "breakdown-by", onchange: function () { state.by = bySelect.value; refresh(); } });
    ["category", "section", "service", "site", "poste", "scope", "phase"].forEach(function (dim) {
      bySelect.appendChild(el("option", { value: dim, text: T["f_" + dim], selected: dim === state.by }));
    });
    panel.appendChild(el("p", null, el("label", null, [T.by + " ", bySelect])));
    var rows = breakdown(v, state.by);
    panel.appendChild(barChart(rows, state.by, v.total));
  }

  function barChart(rows, dim, total) {
    var wrap = el("div", { class: "chart" });
    var legend = el("ul", { class: "legend", "aria-label": T.legend });
    rows.forEach(function (row, k) {
      var pressed = state.filters[dim] === row.code;
      legend.appendChild(el("li", null, el("button", {
        type: "button", "aria-pressed": pressed ? "true" : "false", "data-dim": dim, "data-code": String(row.code),
        onclick: function () { setFilter(dim, row.code); }
      }, [el("span", { class: "swatch", style: "background:" + COLOURS[k % COLOURS.length], "aria-hidden": "true" }),
          label(dim, row.code)])));
    });
    wrap.appendChild(el("p", { class: "sr-only", text: T.legend }));
    wrap.appendChild(legend);
    var height = 24 * rows.length + 10, width = 900, left = 260;
    var max = rows.reduce(function (m, r) { return Math.max(m, r.value); }, 0) || 1;
    var chart = svg("svg", { class: "bars", viewBox: "0 0 " + width + " " + height, role: "img",
                             "aria-label": T.by + " " + T["f_" + dim] });
    rows.forEach(function (row, k) {
      var y = 5 + 24 * k;
      var w = Math.max(0, (width - left - 120) * row.value / max);
      var name = label(dim, row.code);
      chart.appendChild(svg("text", { x: left - 6, y: y + 15, "text-anchor": "end",
                                      text: name.length > 38 ? name.slice(0, 37) + "…" : name }));
      var bar = svg("rect", { class: "bar", x: left, y: y + 2, width: w, height: 18,
                              fill: COLOURS[k % COLOURS.length], onclick: function () { setFilter(dim, row.code); } });
      bar.appendChild(svg("title", { text: name + " : " + kg(row.value) }));
      chart.appendChild(bar);
      chart.appendChild(svg("text", { x: left + w + 6, y: y + 15, text: fmt(row.value, 0) }));
    });
    wrap.appendChild(chart);
    var table = el("table", { id: "breakdown-table" }, el("caption", { text: T.chart_table }));
    table.appendChild(el("thead", null, el("tr", null, [el("th", { scope: "col", text: T["f_" + dim] }),
      el("th", { scope: "col", class: "num", text: T.value }), el("th", { scope: "col", class: "num", text: T.share })])));
    var body = el("tbody");
    rows.forEach(function (row) {
      body.appendChild(el("tr", { "data-code": String(row.code) }, [el("th", { scope: "row", text: label(dim, row.code) }),
        el("td", { class: "num", "data-value": String(row.value), text: fmt(row.value, 1) }),
        el("td", { class: "num", text: pct(total ? row.value / total : null) })]));
    });
    table.appendChild(body);
    wrap.appendChild(table);
    return wrap;
  }

  /* --- drill-down -------------------------------------------------------------------------------- */

  function drill(v) {
    var panel = panels.drill;
    var open = {};
    panel.querySelectorAll("details[open]").forEach(function (d) { open[d.getAttribute("data-key")] = true; });
    clear(panel);
    var group = el("select", { id: "drill-group", onchange: function () { state.group = group.value; refresh(); } });
    ["site", "service"].forEach(function (dim) {
      group.appendChild(el("option", { value: dim, text: T["f_" + dim], selected: dim === state.group }));
    });
    panel.appendChild(el("p", null, [T.drill_intro + " ", el("label", null, [T.group_by + " ", group])]));
    var tree = {};
    var levels = ["section", "category", state.group];
    v.lines.forEach(function (i) {
      var node = tree;
      levels.forEach(function (dim) {
        var key = L[dim][i];
        if (!node[key]) node[key] = { value: 0, lines: [], children: {} };
        node[key].value += v.values[i];
        node[key].lines.push(i);
        node = node[key].children;
      });
    });
    function level(node, depth, path, parent) {
      Object.keys(node).map(Number).sort(function (a, b) { return node[b].value - node[a].value; })
        .forEach(function (code) {
          var item = node[code];
          var key = path + "/" + code;
          var details = el("details", { "data-key": key, "data-level": levels[depth], open: !!open[key] });
          details.appendChild(el("summary", null, [label(levels[depth], code) + " (" + item.lines.length + " " + T.lines + ")",
            el("span", { class: "num", text: kg(item.value) })]));
          if (depth + 1 < levels.length) level(item.children, depth + 1, key, details);
          else item.lines.forEach(function (i) { details.appendChild(lineNode(i, v.values[i], open)); });
          parent.appendChild(details);
        });
    }
    level(tree, 0, "", panel);
  }

  function lineNode(i, value, open) {
    var key = "line/" + i;
    var details = el("details", { "data-key": key, "data-line": String(i), open: !!open[key] });
    details.appendChild(el("summary", null, [lineTitle(i), el("span", { class: "num", text: kg(value) })]));
    var box = el("div", { class: "line-detail" });
    var rows = [[T.line_source, L.source[i], "line-source"], [T.line_quantity, fmt(L.quantity[i], 2), null]];
    var dl = el("table");
    rows.forEach(function (row) {
      dl.appendChild(el("tr", null, [el("th", { scope: "row", text: row[0] }),
                                     el("td", { class: row[2] || null, text: row[1] })]));
    });
    for (var p = pieceStart[i]; p < pieceStart[i + 1]; p++) {
      dl.appendChild(el("tr", null, [el("th", { scope: "row", text: label("phase", P.phase[p]) + " — " +
        T.f_poste + " " + D.dims.poste[P.poste[p]] }), el("td", { class: "num", text: kg(P.value[p]) })]));
    }
    var keys = Object.keys(L.provenance).filter(function (k) { return L.provenance[k][i]; });
    if (keys.length) {
      dl.appendChild(el("tr", null, [el("th", { scope: "row", text: T.line_provenance }),
        el("td", { class: "line-provenance", text: keys.map(function (k) {
          var origin = D.origins[L.provenance[k][i]];
          return keyLabel(k) + " : " + (T["origin_" + origin] || origin);
        }).join(" ; ") })]));
    }
    box.appendChild(dl);
    box.appendChild(el("p", { text: T.line_factors }));
    L.factors[i].forEach(function (code) { box.appendChild(factorNode(code)); });
    details.appendChild(box);
    return details;
  }

  function factorNode(code) {
    var f = D.factors[code];
    var box = el("div", { class: "factor", "data-factor": f.id });
    box.appendChild(el("strong", { text: f.id + (f.label && f.label !== f.id ? " — " + f.label : "") }));
    if (f.weak) box.appendChild(el("span", { class: "weak", text: " (" + T.factor_weak + ")" }));
    var table = el("table");
    function row(name, value, cls) {
      table.appendChild(el("tr", null, [el("th", { scope: "row", text: name }), el("td", { class: cls || null, text: value })]));
    }
    if (f.own) {
      row(T.factor_value, T.factor_own);
    } else {
      Object.keys(f.values || {}).forEach(function (k) {
        row(T.factor_value + (k === "value" ? "" : " (" + keyLabel(k) + ")"), f.values[k], "factor-value");
      });
      row(T.factor_year, f.year === null || f.year === undefined ? "—" : String(f.year), "factor-year");
      row(T.factor_source, f.source || "—", "factor-source");
    }
    row(T.factor_uncertainty, f.uncertainty === null ? "—" : pct(f.uncertainty), "factor-uncertainty");
    box.appendChild(table);
    if (f.url && /^https?:\/\//i.test(f.url)) {
      box.appendChild(el("p", null, el("a", { href: f.url, rel: "noopener noreferrer", target: "_blank",
                                              class: "factor-link", text: T.factor_link + " : " + f.url })));
    }
    return box;
  }

  /* --- the plan ------------------------------------------------------------------------------------ */

  var S = D.scenario;

  /* A plan's value of a metric: Σ over partitions of the row of its local subset, in partition order
   * (sobriete.scenario.evaluate). */
  function evaluate(selected, metric) {
    var years = S.years.length, result = new Array(years);
    for (var y = 0; y < years; y++) result[y] = 0;
    S.partitions.forEach(function (partition) {
      var local = 0;
      partition.actions.forEach(function (action, j) { if (selected[action]) local |= (1 << j); });
      var row = partition.tables[metric][local];
      for (var y2 = 0; y2 < years; y2++) result[y2] += row[y2];
    });
    return result;
  }

  /* An objective's status for a plan series (sobriete.scenario._check and run_scenario's record). */
  function checkObjective(objective, plan) {
    var years = S.years, n = years.length, checked = objective.checked, target = objective.targets;
    var excess = new Array(n), met = true, count = 0, first = -1;
    for (var y = 0; y < n; y++) {
      excess[y] = checked[y] ? plan[y] - target[y] : -Infinity;
      if (checked[y] && !(plan[y] - target[y] <= S.rel_tol * Math.abs(target[y]))) met = false;
      if (checked[y]) { count++; if (first < 0) first = y; }
    }
    function argmax(values) {
      var best = 0;
      for (var k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
      return best;
    }
    var worst = argmax(excess);
    if (count > 1 && met) {
      var ranked = excess.slice();
      ranked[first] = -Infinity;
      worst = argmax(ranked);
    }
    var gap = met ? 0 : Math.max(excess[worst], 0);
    var index = objective.kind === "reduction" ? years.indexOf(objective.target_year) : worst;
    return { id: objective.id, met: met, gap: gap, target: target[worst], target_year: years[index],
             plan: plan[index], bau: objective.bau[index] };
  }

  function sumSelected(values, selected) {
    var total = 0;
    for (var i = 0; i < values.length; i++) if (selected[i]) total += values[i];
    return total;
  }

  /* Everything `sobriete scenario` reports about a subset that sums can give. */
  function planOf(selected) {
    var plan = evaluate(selected, "total");
    var series = {};
    S.metrics.forEach(function (m) { series[m] = m === "total" ? plan : evaluate(selected, m); });
    var objectives = S.objectives.map(function (objective) {
      var values = series[objective.metric];
      if (objective.divisor !== null) values = values.map(function (x) { return x / objective.divisor; });
      return checkObjective(objective, values);
    });
    var abatement = S.actions.map(function (action, i) {
      var other = selected.slice();
      other[i] = !selected[i];
      var values = evaluate(other, "total");
      var difference = plan.map(function (p, y) { return selected[i] ? values[y] - p : p - values[y]; });
      var avoided = pairwiseSum(difference) / 1000;
      return avoided > 1e-12 ? S.costs.total_cost[i] / avoided : null;
    });
    return { selected: selected.slice(), plan: plan, market: series.market, objectives: objectives,
             total_cost: sumSelected(S.costs.total_cost, selected),
             investment: sumSelected(S.costs.investment, selected),
             operating: sumSelected(S.costs.operating, selected),
             spending: sumSelected(S.costs.spending, selected), abatement_cost: abatement };
  }

  function fileSubset() {
    return S.actions.map(function (a, i) { return S.selected.indexOf(i) >= 0; });
  }
  function sameSubset(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function planPanel() {
    var panel = panels.plan;
    clear(panel);
    var current = planOf(state.subset);
    api.current = current;
    var isFile = sameSubset(state.subset, fileSubset());
    panel.appendChild(el("p", { text: T.plan_intro }));
    var toolbar = el("div", { class: "toolbar" }, [
      el("button", { type: "button", id: "plan-all", text: T.all_on,
                     onclick: function () { setSubset(S.actions.map(function () { return true; })); } }),
      el("button", { type: "button", id: "plan-none", text: T.all_off,
                     onclick: function () { setSubset(S.actions.map(function () { return false; })); } }),
      el("button", { type: "button", id: "plan-file", text: T.reset_plan,
                     onclick: function () { setSubset(fileSubset()); } })
    ]);
    panel.appendChild(toolbar);
    var fieldset = el("fieldset", null, el("legend", { text: T.actions }));
    var list = el("ul", { class: "actions-list" });
    S.actions.forEach(function (action, i) {
      var box = el("input", { type: "checkbox", id: "action-" + i, "data-action": action.id, checked: state.subset[i],
                              onchange: function () {
                                var next = state.subset.slice();
                                next[i] = box.checked;
                                setSubset(next, "action-" + i);
                              } });
      list.appendChild(el("li", null, el("label", null, [box, " " + action.label + " (" + T.start + " " + action.start +
        ", " + money(S.costs.total_cost[i]) + ")"])));
    });
    fieldset.appendChild(list);
    panel.appendChild(fieldset);
    var costs = el("div", { class: "cards" }, [
      card("plan-total-cost", T.cost, money(current.total_cost), null, current.total_cost),
      card("plan-spending", T.spending, money(current.spending), null, current.spending)
    ]);
    panel.appendChild(costs);
    panel.appendChild(el("h2", { text: T.objectives }));
    var objectives = el("ul", { id: "plan-objectives" });
    current.objectives.forEach(function (status, k) {
      var objective = S.objectives[k];
      var text = fill(T.objective_status, { label: objective.label, status: status.met ? T.met : T.missed,
        year: String(status.target_year), plan: fmt(status.plan, objective.divisor ? 2 : 0),
        target: fmt(status.target, objective.divisor ? 2 : 0) });
      var probability = isFile && objective.probability !== null && objective.probability !== undefined
        ? " — " + T.probability + " : " + pct(objective.probability) +
          (objective.likelihood_text ? " (" + objective.likelihood_text + ")" : "")
        : (objective.probability !== null && objective.probability !== undefined ? " — " + T.probability_other : "");
      objectives.appendChild(el("li", { "data-objective": objective.id, "data-met": status.met ? "true" : "false" }, [
        el("span", { class: status.met ? "met" : "missed", text: status.met ? "✔ " : "✘ " }), text + probability]));
    });
    panel.appendChild(objectives);
    panel.appendChild(el("h2", { text: T.trajectory }));
    panel.appendChild(trajectoryChart(current, isFile));
    panel.appendChild(el("h2", { text: T.actions }));
    var table = el("table", { id: "plan-actions" });
    table.appendChild(el("thead", null, el("tr", null, [el("th", { scope: "col", text: T.actions }),
      el("th", { scope: "col", class: "num", text: T.cost }), el("th", { scope: "col", class: "num", text: T.abatement + " (" + T.eur_per_t + ")" })])));
    var body = el("tbody");
    S.actions.forEach(function (action, i) {
      body.appendChild(el("tr", null, [el("th", { scope: "row", text: (current.selected[i] ? "✔ " : "· ") + action.label }),
        el("td", { class: "num", text: money(S.costs.total_cost[i]) }),
        el("td", { class: "num", "data-value": current.abatement_cost[i] === null ? "" : String(current.abatement_cost[i]),
                   text: fmt(current.abatement_cost[i], 0) })]));
    });
    table.appendChild(body);
    panel.appendChild(table);
  }

  function setSubset(selected, focusId) {
    state.subset = selected.slice();
    planPanel();
    if (focusId) {
      var node = document.getElementById(focusId);
      if (node) node.focus();
    }
  }

  function trajectoryChart(current, isFile) {
    var years = S.years, n = years.length;
    var width = 900, height = 380, left = 80, right = 20, top = 20, bottom = 70;
    var band = isFile && S.plan_band ? S.plan_band : null;
    var targets = S.objectives.filter(function (o) { return o.divisor === null && o.metric === "total"; });
    var max = 0;
    function bump(v) { if (v !== null && isFinite(v)) max = Math.max(max, v); }
    S.bau.forEach(bump); current.plan.forEach(bump);
    if (band) band.high.forEach(bump);
    targets.forEach(function (o) { o.targets.forEach(function (t, y) { if (o.checked[y]) bump(t); }); });
    max = max * 1.08 || 1;
    function x(k) { return left + (n > 1 ? k * (width - left - right) / (n - 1) : 0); }
    function y(v) { return top + (height - top - bottom) * (1 - v / max); }
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-labelledby": "trajectory-title",
                             id: "trajectory-chart" });
    chart.appendChild(svg("title", { id: "trajectory-title", text: T.trajectory + " (" + T.unit_t_year + ")" }));
    chart.appendChild(svg("text", { x: left - 6, y: top - 6, "text-anchor": "end", text: T.unit_t_year }));
    for (var g = 0; g <= 4; g++) {
      var value = max * g / 4;
      chart.appendChild(svg("line", { x1: left, x2: width - right, y1: y(value), y2: y(value), stroke: "#d5dbe3" }));
      chart.appendChild(svg("text", { x: left - 6, y: y(value) + 4, "text-anchor": "end", text: fmt(value / 1000, 0) }));
    }
    years.forEach(function (year, k) {
      chart.appendChild(svg("text", { x: x(k), y: height - bottom + 18, "text-anchor": "middle", text: String(year) }));
    });
    if (band) {
      var points = band.high.map(function (v, k) { return x(k) + "," + y(v); })
        .concat(band.low.map(function (v, k) { return x(k) + "," + y(v); }).reverse());
      chart.appendChild(svg("polygon", { points: points.join(" "), fill: "#3a9a5b", "fill-opacity": "0.18" }));
    }
    function line(values, colour, dash) {
      chart.appendChild(svg("polyline", { points: values.map(function (v, k) { return x(k) + "," + y(v); }).join(" "),
                                          fill: "none", stroke: colour, "stroke-width": 3, "stroke-dasharray": dash || null }));
      values.forEach(function (v, k) { chart.appendChild(svg("circle", { cx: x(k), cy: y(v), r: 3.5, fill: colour })); });
    }
    line(S.bau, "#9e9e9e", "6 4");
    line(current.plan, "#1f5f8b");
    targets.forEach(function (o, j) {
      o.targets.forEach(function (t, k) {
        if (!o.checked[k]) return;
        var mark = svg("path", { d: "M" + (x(k) - 6) + "," + y(t) + "h12", stroke: "#b3261e", "stroke-width": 3 });
        mark.appendChild(svg("title", { text: o.label + " : " + kg(t) }));
        chart.appendChild(mark);
      });
    });
    var legendY = height - 22, items = [[T.bau, "#9e9e9e"], [T.plan, "#1f5f8b"], [T.target, "#b3261e"]];
    if (band) items.push([T.band, "#a9d3b5"]);
    items.forEach(function (item, k) {
      chart.appendChild(svg("rect", { x: left + k * 210, y: legendY - 10, width: 14, height: 10, fill: item[1] }));
      chart.appendChild(svg("text", { x: left + k * 210 + 20, y: legendY, text: item[0] }));
    });
    var wrap = el("div", { class: "chart" }, chart);
    var table = el("table", { id: "trajectory-table" }, el("caption", { text: T.chart_table + " (" + T.unit_year + ")" }));
    var head = [el("th", { scope: "col", text: T.year }), el("th", { scope: "col", class: "num", text: T.bau }),
                el("th", { scope: "col", class: "num", text: T.plan })];
    if (band) head.push(el("th", { scope: "col", class: "num", text: T.band }));
    targets.forEach(function (o) { head.push(el("th", { scope: "col", class: "num", title: o.label, text: T.target + " " + o.id })); });
    table.appendChild(el("thead", null, el("tr", null, head)));
    var body = el("tbody");
    years.forEach(function (year, k) {
      var cells = [el("th", { scope: "row", text: String(year) }), el("td", { class: "num", text: fmt(S.bau[k], 0) }),
                   el("td", { class: "num", "data-value": String(current.plan[k]), text: fmt(current.plan[k], 0) })];
      if (band) cells.push(el("td", { class: "num", text: fmt(band.low[k], 0) + " – " + fmt(band.high[k], 0) }));
      targets.forEach(function (o) { cells.push(el("td", { class: "num", text: o.checked[k] ? fmt(o.targets[k], 0) : "" })); });
      body.appendChild(el("tr", null, cells));
    });
    table.appendChild(body);
    wrap.appendChild(table);
    return wrap;
  }

  /* --- data quality -------------------------------------------------------------------------------- */

  function quality(v) {
    var panel = panels.quality;
    clear(panel);
    function lineTable(id, title, test, extra) {
      panel.appendChild(el("h2", { text: title }));
      var rows = v.lines.filter(test);
      if (!rows.length) { panel.appendChild(el("p", { text: T.nothing })); return; }
      var table = el("table", { id: id });
      table.appendChild(el("thead", null, el("tr", null, [el("th", { scope: "col", text: T.line }),
        el("th", { scope: "col", text: T.line_source }), el("th", { scope: "col", text: extra[0] }),
        el("th", { scope: "col", class: "num", text: T.value })])));
      var body = el("tbody");
      rows.forEach(function (i) {
        body.appendChild(el("tr", null, [el("td", { text: (L.name[i] ? L.name[i] + " — " : "") + label("category", L.category[i]) }),
          el("td", { class: "num", text: L.source[i] }),
          el("td", { text: extra[1](i) }), el("td", { class: "num", text: fmt(v.values[i], 1) })]));
      });
      table.appendChild(body);
      panel.appendChild(table);
    }
    lineTable("quality-defaults", T.quality_defaults, function (i) { return L["default"][i]; },
      [T.keys_default, function (i) {
        return Object.keys(L.provenance).filter(function (k) { return D.origins[L.provenance[k][i]] === "profile"; })
          .map(keyLabel).join(", ");
      }]);
    lineTable("quality-past", T.quality_past, function (i) { return L.past[i]; },
      [T.f_category, function (i) { return label("category", L.category[i]); }]);
    panel.appendChild(el("h2", { text: T.quality_weak }));
    var weak = D.factors.filter(function (f) { return f.weak; });
    if (!weak.length) panel.appendChild(el("p", { text: T.nothing }));
    else {
      var list = el("ul");
      weak.forEach(function (f) {
        list.appendChild(el("li", { text: f.id + (f.label ? " — " + f.label : "") + " : ±" + pct(f.uncertainty) +
          (f.year ? " (" + f.year + ")" : "") }));
      });
      panel.appendChild(list);
    }
    panel.appendChild(el("h2", { text: T.quality_notes }));
    var notes = el("ul", { id: "quality-notes" });
    D.notes.forEach(function (note) { notes.appendChild(el("li", { text: note })); });
    panel.appendChild(notes);
  }

  /* --- refresh and the testing hook ---------------------------------------------------------------- */

  var api = { data: D, state: state, view: null, current: null, evaluate: null, planOf: null, setSubset: null,
              pairwiseSum: pairwiseSum, format: fmt };

  function refresh() {
    var v = view();
    api.view = v;
    Object.keys(selects).forEach(function (dim) {
      selects[dim].value = state.filters[dim] === null ? "" : String(state.filters[dim]);
    });
    var status = document.getElementById("filter-status");
    status.textContent = v.filtered ? fill(T.filtered, { n: String(v.lines.length), total: String(N) }) : "";
    overview(v);
    drill(v);
    quality(v);
  }

  build();
  if (S) {
    state.subset = fileSubset();
    api.evaluate = evaluate;
    api.planOf = planOf;
    api.setSubset = function (indices) {
      setSubset(S.actions.map(function (a, i) { return indices.indexOf(i) >= 0; }));
      return api.current;
    };
    planPanel();
  }
  refresh();
  window.sobrieteExplore = api;
})();
