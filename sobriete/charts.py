"""Scenario charts (matplotlib): trajectory, waterfall of action contributions, abatement cost curve.

Every chart is drawn from the JSON document of DESIGN §8 (``scenario_document``) plus the
organisation's name (and its agents or population, to draw ``per_agent`` / ``per_inhabitant``
targets on the total axis), and written as SVG and PNG by :func:`write_scenario_charts`:

* ``trajectory.svg|png`` — business as usual, the plan with its 90 % band from the Monte Carlo
  draws (when the result has ``plan_band``), the market-based plan (dashed, only when it differs
  from the location-based plan) and the objectives' targets, in tCO2e per year;
* ``waterfall.svg|png`` — from business as usual at the horizon (top) down to the plan at the
  horizon (bottom), one horizontal bar per selected action (its ``reduction`` at the horizon) and an
  "interactions" bar for the remainder, so that the bars close exactly (:func:`waterfall_steps`);
* ``macc.svg|png`` — the abatement costs: actions sorted by ``abatement_cost`` (EUR/tCO2e, cheapest
  on top), one row each, the cost per tonne and, in an aligned panel, the tonnes avoided over the
  horizon (``avoided_tco2e``); names on the left, never rotated.

Every name and value is a horizontal text, and a test (``tests/unit/test_chart_layout.py``) checks
on every example that no two texts overlap and that none leaves the figure. The figures are laid
out once (constrained layout, then fixed: :func:`lay_out_once`) and drawn once per format.

The standalone files draw their title; the ``*_svg`` functions, for documents that caption the
chart, do not (``titled=True`` to draw it): the title is always the SVG/PNG ``Title`` metadata.

File stems are the same in every language (``trajectory``, ``waterfall``, ``macc``, see
:data:`CHART_STEMS`) so that documents can link to them; only the labels change with ``lang``.

Output is byte-for-byte reproducible: a fixed SVG hash salt, text kept as text
(``svg.fonttype: none``), no date in the SVG and no software tag in the PNG, and the fonts pinned
to DejaVu Sans (shipped with matplotlib). The figures are built with ``matplotlib.figure.Figure``
directly, never through pyplot: nothing is registered globally, there is nothing to close, no
display is needed and the caller's matplotlib backend is left alone. matplotlib is imported
lazily, so importing this module costs nothing.
"""

from __future__ import annotations

import io
import math
import textwrap
from pathlib import Path

from .io.writers import atomic_write
from .scenario_outputs import scenario_document

CHART_STEMS = ("trajectory", "waterfall", "macc")
PNG_DPI = 150
NNBSP = "\u202f"  # narrow no-break space: French thousands separator and before % (thin space)
MINUS = "\u2212"

# Okabe & Ito (2008), safe for the common colour-vision deficiencies; markers and line styles
# double the colours so that the charts also read in grey.
PALETTE = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
           "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
           "grey": "#999999"}
TARGET_STYLES = [(PALETTE["green"], "D", (0, (1, 1.5))), (PALETTE["purple"], "^", (0, (4, 1.5, 1, 1.5))),
                 (PALETTE["orange"], "v", (0, (6, 2))), (PALETTE["black"], "P", (0, (2, 2)))]

TEXTS = {
    "fr": {
        "trajectory_title": "Trajectoire de l'empreinte carbone du numérique",
        "waterfall_title": "Contribution des actions en {year}",
        "macc_title": "Coût d'abattement des actions",
        "year": "Année", "per_year": "tCO₂e par an",
        "bau": "Tendanciel (sans le plan)", "plan": "Avec le plan", "market": "Avec le plan (market-based)",
        "band": "Avec le plan : intervalle à 90\u202f% (Monte Carlo)",
        "reduction_target": "Cible « {id} » : {pct} en {year}",
        "annual_target": "Cible « {id} » : {pct} par an depuis {year}",
        "met": "atteinte", "missed": "manquée",
        "not_drawn": "Non tracés (autre indicateur que le total) : {ids}",
        "bau_bar": "Tendanciel {year}", "plan_bar": "Plan {year}", "interactions": "Interactions",
        "waterfall_note": "Chaque action : réduction en {year} mesurée contre le plan sans elle. "
                          "« Interactions » : le reste, dû aux actions qui se recouvrent.",
        "reduction": "Réduction", "increase": "Hausse",
        "macc_x": "Émissions évitées {start}–{end} (tCO₂e)",
        "macc_y": "Coût d'abattement (€/tCO₂e)",
        "selected": "Action retenue", "candidate": "Action candidate non retenue",
        "skipped": "Non tracées (aucune émission évitée en location-based) : {ids}",
        "empty": "Aucune action n'a de coût d'abattement", "off_scale": "hors échelle",
    },
    "en": {
        "trajectory_title": "Trajectory of the digital carbon footprint",
        "waterfall_title": "Contribution of the actions in {year}",
        "macc_title": "Marginal abatement cost curve",
        "year": "Year", "per_year": "tCO₂e per year",
        "bau": "Business as usual", "plan": "With the plan", "market": "With the plan (market-based)",
        "band": "With the plan: 90% interval (Monte Carlo)",
        "reduction_target": "Target “{id}”: {pct} by {year}",
        "annual_target": "Target “{id}”: {pct} a year from {year}",
        "met": "met", "missed": "missed",
        "not_drawn": "Not drawn (metric other than the total): {ids}",
        "bau_bar": "Business as usual {year}", "plan_bar": "Plan {year}", "interactions": "Interactions",
        "waterfall_note": "Each action: reduction in {year} measured against the plan without it. "
                          "“Interactions”: the remainder, due to overlapping actions.",
        "reduction": "Reduction", "increase": "Increase",
        "macc_x": "Avoided emissions {start}–{end} (tCO₂e)",
        "macc_y": "Abatement cost (EUR/tCO₂e)",
        "selected": "Selected action", "candidate": "Candidate not selected",
        "skipped": "Not drawn (avoid no location-based emissions): {ids}",
        "empty": "No action has an abatement cost", "off_scale": "off scale",
    },
}


# --- pure helpers ----------------------------------------------------------------------------------

def waterfall_steps(document: dict, *, lang: str = "fr") -> list[tuple[str, float]]:
    """The waterfall's steps at the horizon, in kgCO2e/year, as (label, reduction) pairs.

    One step per selected action (its id, and its ``reduction`` at the horizon year: positive
    lowers the footprint), then, when the actions' reductions do not add up to BAU − plan
    (each is measured against the plan without it, and actions interact), an ``Interactions``
    step with the remainder, so that ``bau − Σ steps == plan`` at the horizon.
    """
    years = document["years"]
    horizon = str(years[-1])
    bau, plan = document["bau"][-1], document["plan"][-1]
    steps = [(record["id"], float(record["reduction"].get(horizon, 0.0)))
             for record in document["actions"] if record["selected"]]
    remainder = (bau - plan) - math.fsum(value for _, value in steps)
    if abs(remainder) > 1e-12 * max(abs(bau), abs(plan), 1.0):  # above float noise, far below a visible bar
        steps.append((TEXTS[lang]["interactions"], remainder))
    return steps


def format_number(value: float, lang: str = "fr", digits: int = 0) -> str:
    """12 345,6 in French (narrow no-break space, decimal comma), 12,345.6 in English; − for minus."""
    if digits == 0:
        value = round(value)
    text = f"{abs(value):,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    negative = value < 0 and any(c in "123456789" for c in text)
    return (MINUS if negative else "") + text


def format_percent(fraction: float, lang: str = "fr", *, signed: bool = False) -> str:
    """0.042 → '4,2 %' (fr) or '4.2%' (en); with signed, a reduction reads '−4,2 %'."""
    percent = fraction * 100
    digits = 0 if abs(percent - round(percent)) < 1e-9 else 1
    text = format_number(abs(percent), lang, digits)
    text = f"{text}{NNBSP}%" if lang == "fr" else f"{text}%"
    return (MINUS + text) if signed and percent > 0 else text


def _decimals(span: float) -> int:
    """Digits worth showing for values of this size (tonnes: 0 above 100, up to 3 below 0.1)."""
    span = abs(span)
    if span >= 100 or span == 0:
        return 0
    if span >= 10:
        return 1
    return min(3, 1 - math.floor(math.log10(span)))


# --- drawing -------------------------------------------------------------------------------------------

def _rc(chart: str) -> dict:
    return {
        "svg.hashsalt": f"sobriete-{chart}",  # fixed: stable ids; per chart: distinct ids when inlined together
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 9,
        "axes.titlesize": 11,
        "axes.unicode_minus": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "path.simplify": False,
        "hatch.linewidth": 0.8,
        "text.parse_math": False,  # user text ($…$ in a name) is text, never matplotlib mathtext
    }


def _tick_formatter(lang: str):
    """A matplotlib formatter: language number format, decimals from the tick spacing."""
    from matplotlib.ticker import Formatter

    class NumberFormatter(Formatter):
        digits = 0

        def set_locs(self, locs):
            super().set_locs(locs)
            finite = sorted(float(loc) for loc in locs if math.isfinite(loc))
            step = min((b - a for a, b in zip(finite, finite[1:]) if b != a), default=1.0)
            self.digits = 0 if step >= 1 else min(3, -math.floor(math.log10(step) + 1e-9))

        def __call__(self, x, pos=None):
            return format_number(x, lang, self.digits)

    return NumberFormatter()


def _year_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda x, pos=None: str(int(round(x)))))


def _organisation(result) -> object:
    return result.trajectories.scenario.inventory.organisation


def _title(text: str, result) -> str:
    name = _organisation(result).name
    title = f"{text} — {name}" if name else text
    return "\n".join(textwrap.wrap(title, 80))


def _set_title(fig, ax, text: str, result, titled: bool) -> None:
    """The chart's title: drawn only when ``titled`` (a document captions its charts itself, and one
    title is enough); always the figure's label, which becomes the SVG/PNG ``Title`` metadata."""
    title = _title(text, result)
    if titled:
        ax.set_title(title, loc="left")
    fig.set_label(title)


def _text_width_pt(text: str, size: float) -> float:
    """A generous estimate of a one-line text's width in points (DejaVu Sans: digits 0.64 em)."""
    return len(text) * 0.64 * size


NOTE_SIZE = 7.5


def _new_figure(width: float, height: float, note: str | None = None):
    """(figure, panel): the panel holds the chart and its legend; the note, if any, a band below.

    The note gets its own sub-figure sized to its lines, so that constrained layout can never
    make it overlap the legend placed under the chart.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    if not note:
        return fig, fig
    lines = textwrap.wrap(note, max(40, int(width * 72 * 0.95 / (0.55 * NOTE_SIZE))))
    band = (len(lines) * NOTE_SIZE * 1.3 + 4) / 72
    panel, bottom = fig.subfigures(2, 1, height_ratios=[height - band, band])
    bottom.text(0.01, 0.5, "\n".join(lines), ha="left", va="center", fontsize=NOTE_SIZE, color="#444444")
    return fig, panel


def _target_scale(record: dict, organisation) -> float | None:
    """Factor turning the objective's metric into the total (kgCO2e/year), None if not comparable."""
    metric = record.get("metric", "total")
    if metric == "total":
        return 1.0
    if metric == "per_agent" and organisation.agents:
        return float(organisation.agents)
    if metric == "per_inhabitant" and organisation.population:
        return float(organisation.population)
    return None


def _plan_band(result, document: dict) -> tuple[list, list] | None:
    """The plan's 90 % band from the Monte Carlo draws (kgCO2e/year, one value per year), if any."""
    band = getattr(result, "plan_band", None)
    band = band if band is not None else document.get("plan_band")
    if band is None:
        return None
    low, high = band.get("low"), band.get("high")  # lists or arrays: no truth test on them
    years = len(document["years"])
    if low is None or high is None or len(low) != years or len(high) != years:
        return None
    return [float(v) for v in low], [float(v) for v in high]


def _trajectory_figure(result, document: dict, lang: str, titled: bool = True):
    t = TEXTS[lang]
    years = document["years"]
    tonnes = lambda series: [v / 1000.0 for v in series]  # noqa: E731
    organisation = _organisation(result)
    carbon = [r for r in document["objectives"] if r.get("kind") != "indicator"]  # indicators: own charts
    not_drawn = [r["id"] for r in carbon
                 if _target_scale(r, organisation) is None or not r.get("targets")]
    fig, panel = _new_figure(8.0, 5.2, t["not_drawn"].format(ids=", ".join(not_drawn)) if not_drawn else None)
    ax = panel.add_subplot()
    ax.plot(years, tonnes(document["bau"]), color=PALETTE["vermillion"], marker="o", markersize=4, linewidth=2,
            label=t["bau"], zorder=3)
    ax.plot(years, tonnes(document["plan"]), color=PALETTE["blue"], marker="s", markersize=4, linewidth=2,
            label=t["plan"], zorder=4)
    band = _plan_band(result, document)
    lowest = 0.0
    if band is not None:
        low, high = tonnes(band[0]), tonnes(band[1])
        ax.fill_between(years, low, high, color=PALETTE["blue"], alpha=0.18, linewidth=0, label=t["band"], zorder=2)
        lowest = min(low)
    plan, market = document["plan"], document["plan_market_based"]
    if any(abs(m - p) > 1e-9 * max(abs(p), 1.0) for m, p in zip(market, plan)):
        ax.plot(years, tonnes(market), color=PALETTE["sky"], linestyle=(0, (5, 2)), linewidth=2,
                label=t["market"], zorder=4)
    drawn = 0
    for record in carbon:
        if record["id"] in not_drawn:
            continue
        scale = _target_scale(record, organisation)
        color, marker, dashes = TARGET_STYLES[drawn % len(TARGET_STYLES)]
        drawn += 1
        status = t["met"] if record["met"] else t["missed"]
        target_years = sorted(int(y) for y in record["targets"])
        values = [record["targets"][str(y)] * scale / 1000.0 for y in target_years]
        if record.get("kind") == "annual_reduction":
            label = t["annual_target"].format(id=record["id"], year=record["reference_year"],
                                              pct=format_percent(record["annual_reduction"], lang, signed=True))
            ax.plot(target_years, values, color=color, linestyle=dashes, linewidth=1.8, marker=marker,
                    markersize=3.5, label=f"{label} ({status})", zorder=5)
        else:
            label = t["reduction_target"].format(id=record["id"], year=record["target_year"],
                                                 pct=format_percent(record["reduction"] or 0.0, lang, signed=True))
            ax.plot(target_years, values, linestyle="none", color=color, marker=marker, markersize=9,
                    markeredgecolor="black", markeredgewidth=0.8, label=f"{label} ({status})", zorder=6)
    low = min([lowest] + [float(min(line.get_ydata())) for line in ax.get_lines()])
    ax.margins(x=0.03, y=0.08)
    ax.set_ylim(bottom=low * 1.05 if low < 0 else 0.0)  # from zero: reductions are read to scale
    _year_axis(ax.xaxis)
    ax.yaxis.set_major_formatter(_tick_formatter(lang))
    ax.set_xlabel(t["year"])
    ax.set_ylabel(t["per_year"])
    _set_title(fig, ax, t["trajectory_title"], result, titled)
    panel.legend(loc="outside lower center", ncols=2, fontsize=8.5)
    return fig


ROW_IN = 0.3  # inches per bar row of the horizontal charts: 7.5-pt labels never touch


def _waterfall_figure(result, document: dict, lang: str, titled: bool = True):
    """Horizontal waterfall: one row per step, names on the left, read from top (BAU) to bottom (plan)."""
    from matplotlib.patches import Patch

    t = TEXTS[lang]
    horizon = document["years"][-1]
    steps = waterfall_steps(document, lang=lang)
    bau, plan = document["bau"][-1] / 1000.0, document["plan"][-1] / 1000.0
    labels = [t["bau_bar"].format(year=horizon)] + [label for label, _ in steps] + \
             [t["plan_bar"].format(year=horizon)]
    rows = len(labels)
    fig, panel = _new_figure(8.0, 2.2 + ROW_IN * rows + (0.3 if titled else 0.0),
                             t["waterfall_note"].format(year=horizon))
    ax = panel.add_subplot()
    digits = _decimals(max([abs(v) / 1000.0 for _, v in steps] + [1e-3]))
    texts = []  # (value end, row, text)
    bars = {}  # (colour, hatch) → rows, lefts, widths: one bar container per style
    connectors_x, connectors_y = [], []  # one dashed line, broken by NaN between the steps
    ax.barh([0], [bau], color=PALETTE["vermillion"], height=0.7, zorder=3)
    texts.append((bau, 0, format_number(bau, lang, digits)))
    level = bau
    interactions = t["interactions"]
    for row, (label, value) in enumerate(steps + [(None, None)], start=1):
        connectors_x += [level, level, math.nan]
        connectors_y += [row - 1 - 0.35, row + 0.35, math.nan]
        if label is None:  # the plan's bar, below
            break
        value_t = value / 1000.0
        new_level = level - value_t
        if label == interactions and row == len(steps):
            style = PALETTE["grey"], "//"
        elif value_t >= 0:
            style = PALETTE["green"], None
        else:
            style = PALETTE["orange"], "\\\\"
        group = bars.setdefault(style, ([], [], []))
        group[0].append(row)
        group[1].append(level)
        group[2].append(new_level - level)
        text = format_number(-value_t, lang, digits)
        texts.append((max(level, new_level), row, ("+" + text) if value_t < 0 else text))
        level = new_level
    for (color, hatch), (ys, lefts, widths) in bars.items():
        ax.barh(ys, widths, left=lefts, color=color, hatch=hatch, edgecolor="#333333", linewidth=0.6, height=0.7,
                zorder=3)
    ax.plot(connectors_x, connectors_y, color="#555555", linewidth=0.7, linestyle=(0, (2, 2)), zorder=2)
    last = rows - 1
    ax.barh([last], [plan], color=PALETTE["blue"], height=0.7, zorder=3)
    texts.append((plan, last, format_number(plan, lang, digits)))
    ax.set_yticks(range(rows), labels)
    ax.set_ylim(rows - 0.5, -0.5)  # first step on top
    ax.grid(axis="y", visible=False)
    levels = [bau, plan] + [bau - math.fsum(v for _, v in steps[:k]) / 1000.0 for k in range(1, len(steps) + 1)]
    low, high = min(levels + [0.0]), max(levels + [0.0])
    span = (high - low) or 1.0
    # room on the right for the value labels: their width as a share of the axes (about 5.3 in wide)
    room = min(0.4, (max(_text_width_pt(text, 8) for _, _, text in texts) + 6) / (5.3 * 72))
    visible = span / (1 - room - (0.02 if low < 0 else 0.0))
    ax.set_xlim(low - (0.02 * visible if low < 0 else 0.0), high + room * visible)
    pad = 0.006 * visible
    for end, row, text in texts:
        ax.text(end + pad, row, text, ha="left", va="center", fontsize=8, zorder=5)
    ax.xaxis.set_major_formatter(_tick_formatter(lang))
    ax.set_xlabel(t["per_year"])
    _set_title(fig, ax, t["waterfall_title"].format(year=horizon), result, titled)
    handles = [Patch(facecolor=PALETTE["vermillion"], label=t["bau"]),
               Patch(facecolor=PALETTE["green"], edgecolor="#333333", label=t["reduction"])]
    if any(v < 0 for label, v in steps if label != interactions):
        handles.append(Patch(facecolor=PALETTE["orange"], edgecolor="#333333", hatch="\\\\", label=t["increase"]))
    if steps and steps[-1][0] == interactions:
        handles.append(Patch(facecolor=PALETTE["grey"], edgecolor="#333333", hatch="//", label=interactions))
    handles.append(Patch(facecolor=PALETTE["blue"], label=t["plan"]))
    panel.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8.5)
    return fig


def macc_limit(records: list[dict]) -> float | None:
    """The y-axis half-range of the cost curve, or None to show every bar whole.

    Narrow bars (under 5 % of the avoided tonnes) with a cost far above the others (the
    typical outlier: a costly action that avoids little) would flatten every other bar; the
    axis then stops at 1.25 × the largest cost among the wide bars and those bars are drawn
    clipped and marked off scale.
    """
    total = math.fsum(r["avoided_tco2e"] for r in records)
    if total <= 0:
        return None
    wide = [abs(r["abatement_cost"]) for r in records if r["avoided_tco2e"] >= 0.05 * total]
    limit = 1.25 * max(wide, default=0.0)
    if limit <= 0 or all(abs(r["abatement_cost"]) <= 1.5 * limit for r in records):
        return None
    return limit


def _bar_limits(ends: list[float], texts: list[str], axes_width_pt: float, size: float) -> tuple[float, float]:
    """x-limits for horizontal bars ending at ``ends`` with their value labels written past the ends:
    the labels' estimated width (in points, on an axes about ``axes_width_pt`` wide) is added on the
    side(s) where bars point, so that every label stays inside the axes."""
    low, high = min(ends + [0.0]), max(ends + [0.0])
    right = max([_text_width_pt(t, size) for e, t in zip(ends, texts) if e >= 0] + [0.0]) + 6
    left = max([_text_width_pt(t, size) for e, t in zip(ends, texts) if e < 0] + [0.0]) + 6
    right_share = min(0.45, right / axes_width_pt)
    left_share = min(0.45, left / axes_width_pt) if low < 0 else 0.0
    visible = ((high - low) or 1.0) / (1 - right_share - left_share)
    return low - left_share * visible, high + right_share * visible


def _macc_figure(result, document: dict, lang: str, titled: bool = True):
    """The abatement cost curve as two aligned horizontal bar panels, one row per action (cheapest
    tonne on top): the cost per tonne (EUR/tCO2e) and the tonnes avoided over the horizon. The
    names sit on the left and are never rotated; each bar carries its value."""
    from matplotlib.patches import Patch

    t = TEXTS[lang]
    years = document["years"]
    records = [r for r in document["actions"] if r["abatement_cost"] is not None]
    skipped = [r["id"] for r in document["actions"] if r["abatement_cost"] is None]
    records.sort(key=lambda r: r["abatement_cost"])  # stable: ties keep file order
    note = t["skipped"].format(ids=", ".join(skipped)) if skipped else None
    fig, panel = _new_figure(9.0, 2.2 + ROW_IN * max(3, len(records)) + (0.3 if titled else 0.0), note)
    if not records:
        ax = panel.add_subplot()
        ax.text(0.5, 0.5, t["empty"], transform=ax.transAxes, ha="center", va="center", fontsize=10)
        ax.set_xlim(0, 1)
        ax.set_ylim(-1, 1)
        ax.set_xticks([])
        ax.set_yticks([])
        _set_title(fig, ax, t["macc_title"], result, titled)
        return fig
    ax, ax_tonnes = panel.subplots(1, 2, sharey=True, width_ratios=[3, 1.5])
    limit = macc_limit(records)
    unit = "€/t" if lang == "fr" else "EUR/t"
    rows = range(len(records))
    ends, texts, tonnes, colors, hatches, edges = [], [], [], [], [], []
    for record in records:
        cost = record["abatement_cost"]
        clipped = limit is not None and abs(cost) > limit
        ends.append(math.copysign(limit, cost) if clipped else cost)
        text = f"{format_number(cost, lang)}{NNBSP if lang == 'fr' else ' '}{unit}"
        texts.append(f"{text} ({t['off_scale']})" if clipped else text)
        tonnes.append(record["avoided_tco2e"])
        colors.append(PALETTE["blue"] if record["selected"] else PALETTE["orange"])
        hatches.append(None if record["selected"] else "//")
        edges.append("white" if record["selected"] else "#6b4a00")
    for style in sorted(set(zip(colors, hatches, edges)), key=str):  # one bar container per style
        members = [row for row in rows if (colors[row], hatches[row], edges[row]) == style]
        color, hatch, edge = style
        for axes, values in ((ax, ends), (ax_tonnes, tonnes)):
            axes.barh(members, [values[row] for row in members], height=0.7, color=color, hatch=hatch,
                      edgecolor=edge, linewidth=0.8, zorder=3)
    for row, end, color in zip(rows, ends, colors):
        if end == 0:  # a free action: still show where it sits
            ax.plot([0, 0], [row - 0.35, row + 0.35], color=color, linewidth=3, solid_capstyle="butt", zorder=4)
    broken = [row for row, text in zip(rows, texts) if text.endswith(f"({t['off_scale']})")]
    if broken:  # a break mark near the end of the clipped bars (a path, not a text)
        from matplotlib.textpath import TextPath
        from matplotlib.transforms import Affine2D

        # the glyph as a path (not mathtext, which user text never goes through: text.parse_math off)
        glyph = TextPath((0, 0), "\u2248", size=1)
        extents = glyph.get_extents()
        mark = glyph.transformed(Affine2D().translate(-(extents.x0 + extents.x1) / 2, -(extents.y0 + extents.y1) / 2))
        ax.plot([0.88 * ends[row] for row in broken], broken, linestyle="none", marker=mark, markersize=11,
                color="white", zorder=5)
    ax.axvline(0, color="#333333", linewidth=0.8, zorder=4)
    # the panels' widths, estimated for a 9-in figure with names up to about 1.8 in on the left
    ax.set_xlim(*_bar_limits(ends, texts, 4.2 * 72, 7.5))
    span = ax.get_xlim()[1] - ax.get_xlim()[0]
    for row, end, text in zip(rows, ends, texts):
        pad = 0.008 * span
        ax.text(end + pad if end >= 0 else end - pad, row, text, ha="left" if end >= 0 else "right", va="center",
                fontsize=7.5, zorder=5)
    digits = _decimals(max(abs(v) for v in tonnes) or 1.0)
    tonne_texts = [format_number(v, lang, digits) for v in tonnes]
    ax_tonnes.set_xlim(*_bar_limits(tonnes, tonne_texts, 2.0 * 72, 7.5))
    span = ax_tonnes.get_xlim()[1] - ax_tonnes.get_xlim()[0]
    for row, value, text in zip(rows, tonnes, tonne_texts):
        pad = 0.01 * span
        ax_tonnes.text(value + pad if value >= 0 else value - pad, row, text, ha="left" if value >= 0 else "right",
                       va="center", fontsize=7.5, zorder=5)
    ax.set_yticks(list(rows), [r["id"] for r in records])
    ax.set_ylim(len(records) - 0.5, -0.5)  # cheapest tonne on top
    ax_tonnes.tick_params(axis="y", left=False, labelleft=False)
    for axes in (ax, ax_tonnes):
        axes.grid(axis="y", visible=False)
        axes.xaxis.set_major_locator(_few_ticks())
        axes.xaxis.set_major_formatter(_tick_formatter(lang))
    ax.set_xlabel(t["macc_y"])
    ax_tonnes.set_xlabel("\n".join(textwrap.wrap(t["macc_x"].format(start=years[0], end=years[-1]), 28)))
    _set_title(fig, ax, t["macc_title"], result, titled)
    handles = [Patch(facecolor=PALETTE["blue"], label=t["selected"])]
    if not all(r["selected"] for r in records):
        handles.append(Patch(facecolor=PALETTE["orange"], hatch="//", edgecolor="#6b4a00", label=t["candidate"]))
    panel.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8.5)
    return fig


def _few_ticks():
    """At most five ticks: wide French numbers (−100 000) must not touch on a narrow panel."""
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10])


FIGURES = {"trajectory": _trajectory_figure, "waterfall": _waterfall_figure, "macc": _macc_figure}


def _figure(result, chart: str, lang: str = "fr", *, document: dict | None = None, titled: bool = True):
    """The ``matplotlib.figure.Figure`` of one chart (trajectory, waterfall or macc), laid out (once,
    by constrained layout) as it will be saved; the chart functions save it, tests measure it."""
    import matplotlib

    if lang not in TEXTS:
        raise ValueError(f"unknown language {lang!r}: fr or en")
    document = document if document is not None else scenario_document(result)
    with matplotlib.rc_context(_rc(chart)):
        return lay_out_once(FIGURES[chart](result, document, lang, titled=titled))


def lay_out_once(fig):
    """Run the figure's constrained layout once, then fix it: each save then draws the figure once.

    With a layout engine (or ``bbox_inches="tight"``), every ``savefig`` draws the figure twice,
    laying it out again each time; here the layout is computed once, with the Agg renderer's text
    metrics (the fast ones), and the SVG and the PNG are drawn from the same positions.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    engine = fig.get_layout_engine()
    if engine is not None:
        FigureCanvasAgg(fig)
        engine.execute(fig)
        fig.set_layout_engine(None)  # None, not "none": a placeholder engine still makes savefig draw twice
    return fig


def _render(result, chart: str, lang: str, formats=("svg", "png"), document: dict | None = None,
            titled: bool = True) -> dict:
    """{format: bytes} for one chart, reproducibly. The figure is laid out once and drawn once per
    format: no ``bbox_inches="tight"`` (which draws every figure twice), the layout fits the page."""
    import matplotlib

    fig = _figure(result, chart, lang, document=document, titled=titled)
    title = " ".join(fig.get_label().split())
    output = {}
    with matplotlib.rc_context(_rc(chart)):
        for fmt in formats:
            buffer = io.BytesIO()
            if fmt == "svg":
                fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": title})
            else:
                fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None, "Title": title})
            output[fmt] = buffer.getvalue()
    fig.clear()
    return output


def _svg_text(result, chart: str, lang: str, inline: bool, titled: bool) -> str:
    text = _render(result, chart, lang, formats=("svg",), titled=titled)["svg"].decode("utf-8")
    return text[text.index("<svg"):] if inline else text


def trajectory_svg(result, lang: str = "fr", *, inline: bool = False, titled: bool = False) -> str:
    """The trajectory chart as SVG text, for a document that captions it (``titled``: draw the title
    too, then the same bytes as trajectory.svg; inline: from ``<svg`` on)."""
    return _svg_text(result, "trajectory", lang, inline, titled)


def waterfall_svg(result, lang: str = "fr", *, inline: bool = False, titled: bool = False) -> str:
    """The waterfall chart as SVG text, for a document that captions it (``titled``: draw the title
    too, then the same bytes as waterfall.svg; inline: from ``<svg`` on)."""
    return _svg_text(result, "waterfall", lang, inline, titled)


def macc_svg(result, lang: str = "fr", *, inline: bool = False, titled: bool = False) -> str:
    """The abatement cost curve as SVG text, for a document that captions it (``titled``: draw the
    title too, then the same bytes as macc.svg; inline: from ``<svg`` on)."""
    return _svg_text(result, "macc", lang, inline, titled)


def write_scenario_charts(result, directory, *, lang: str = "fr") -> list[Path]:
    """Write trajectory, waterfall and macc, each as .svg and .png, atomically; return the paths.

    These files stand alone (no document captions them), so each draws its title."""
    if lang not in TEXTS:
        raise ValueError(f"unknown language {lang!r}: fr or en")
    directory = Path(directory)
    document = scenario_document(result)
    written = []
    for chart in CHART_STEMS:
        for fmt, data in _render(result, chart, lang, document=document).items():
            path = directory / f"{chart}.{fmt}"
            atomic_write(path, data)
            written.append(path)
    return written
