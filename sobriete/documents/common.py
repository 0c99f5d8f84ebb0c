"""Rendering shared by the documents: Jinja2 → Markdown → self-contained HTML, written safely.

One Markdown template per document is the source of truth. The Markdown file references its
charts as SVG files written next to it (``charts/``); the HTML page is the same Markdown turned
into HTML (Python-Markdown, tables extension), with the charts inlined as SVG and the CSS inline,
so it has no external resource and prints well. User-provided text (names, labels) is escaped
before it reaches Markdown, so it can never inject HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PureWindowsPath

from ..io.writers import atomic_write
from . import i18n, publish

CHART_MARK = re.compile(r"<!--chart:([a-z0-9_-]+)-->")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")

CSS = """
body{font-family:"Marianne","Segoe UI",Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#161616;line-height:1.5}
h1{color:#000091;border-bottom:3px solid #000091;padding-bottom:.3rem}
h2{color:#000091;margin-top:2.2rem;border-bottom:1px solid #ddd}
h3{margin-top:1.5rem}
table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}
th{background:#eef;text-align:left}
td[style*="right"],th[style*="right"]{font-variant-numeric:tabular-nums}
figure{margin:1.5rem 0;text-align:center;page-break-inside:avoid}
figure svg{max-width:100%;height:auto}
figcaption{font-size:.9rem;color:#555}
.met{color:#18753c;font-weight:bold}.missed{color:#ce0500;font-weight:bold}.unsure{color:#b34000;font-weight:bold}
blockquote{border-left:4px solid #000091;margin:1rem 0;padding:.2rem 1rem;background:#f6f6fb}
.synthesis p,.synthesis li{margin:.35rem 0}.synthesis table{margin:.5rem 0}
@media print{body{max-width:none;margin:0;font-size:10pt}.synthesis{break-before:page;break-after:page;font-size:8.5pt;line-height:1.35}
.synthesis table{font-size:8pt}.synthesis th,.synthesis td{padding:.1rem .35rem}h2{page-break-before:auto;page-break-after:avoid}
table,figure{page-break-inside:avoid}a{color:inherit;text-decoration:none}}
"""

# Printed pages: A4, page numbers and the document's title as a running header (CSS Paged Media
# margin boxes, supported by Chromium-based browsers' "Print to PDF", WeasyPrint and Paged.js).
PRINT_CSS = """
@page{size:A4;margin:1.8cm 1.6cm 1.8cm 1.6cm;
@top-center{content:"%(header)s";font-size:8pt;color:#555}
@bottom-right{content:"%(page)s " counter(page) " / " counter(pages);font-size:8pt;color:#555}}
@page:first{@top-center{content:none}}
"""
TOC_MARK = "<!--toc-->"
# An absolute path (POSIX or Windows), not part of a URL: `/home/…/x.yaml:12`, `C:\\…\\x.xlsx`.
_ABSOLUTE_PATH = re.compile(r"(?<![\w:/.\\])(?:/(?:[^\s/|)\]<>\"'`]+/)+[^\s/|)\]<>\"'`:;,]+"
                            r"|[A-Za-z]:\\(?:[^\s\\|)\]<>\"'`]+\\)*[^\s\\|)\]<>\"'`:;,]+)")
_LOCATION = re.compile(r"^(?P<path>.+?)(?P<suffix>(?::\d+)*)$")


def md_escape(value) -> str:
    """Escape text for Markdown (and so for the HTML made from it)."""
    text = "" if value is None else str(value)
    text = text.replace("\r", " ").replace("\n", " ")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def public_path(path, base=None) -> str:
    """A path fit for a published document: relative to `base` (the inventory's folder) when it lies
    inside it, else the bare file name; a `:line` suffix is kept. Never a path of the user's machine."""
    import os

    text = str(path)
    match = _LOCATION.match(text)
    name, suffix = (match.group("path"), match.group("suffix")) if match else (text, "")
    if "://" in name:
        return text
    candidate = Path(name)
    if base is not None:
        try:
            relative = os.path.relpath(candidate.resolve(), Path(base).resolve())
            if not relative.startswith(".."):
                return Path(relative).as_posix() + suffix
        except (OSError, ValueError):
            pass
    return (PureWindowsPath(name).name if "\\" in name else candidate.name) + suffix


def strip_paths(text: str, base=None) -> str:
    """Every absolute path in `text` made public (see `public_path`)."""
    return _ABSOLUTE_PATH.sub(lambda m: public_path(m.group(0), base), text)


def public_rows(rows: list[dict], base=None) -> list[dict]:
    """Table rows with every path made public (the `source` of lines, notes quoting a file)."""
    out = []
    for row in rows:
        clean = {}
        for key, value in row.items():
            if key == "source" and isinstance(value, str) and (":" in value or "/" in value or "\\" in value) \
                    and "://" not in value and not value.count(" ") > 2:
                value = public_path(value, base)
            elif isinstance(value, str):
                value = strip_paths(value, base)
            clean[key] = value
        out.append(clean)
    return out


def slug(text: str) -> str:
    from markdown.extensions.toc import slugify_unicode

    return slugify_unicode(text.replace("\\", "").replace("**", ""), "-")


def with_contents(markdown_text: str, title: str) -> str:
    """Replace the `<!--toc-->` mark by a table of contents of the level-2 headings (linked)."""
    if TOC_MARK not in markdown_text:
        return markdown_text
    headings = [line[3:].strip() for line in markdown_text.splitlines() if line.startswith("## ")]
    items = "\n".join(f"- [{h}](#{slug(h)})" for h in headings)
    return markdown_text.replace(TOC_MARK, f"**{title}**\n\n{items}\n", 1)


def environment(lang: str):
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("sobriete.documents", "templates"), undefined=StrictUndefined,
                      autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["e"] = md_escape
    env.filters["num"] = lambda v, digits=1: i18n.fmt_number(v, lang, digits)
    env.filters["t"] = lambda v: i18n.fmt_number(None if v is None else v / 1000.0, lang, 1)
    env.filters["pct"] = lambda v, digits=0: i18n.fmt_percent(v, lang, digits)
    env.filters["money"] = lambda v: "—" if v is None else i18n.fmt_money(v, lang)
    return env


def render_markdown(template: str, context: dict, lang: str) -> str:
    env = environment(lang)
    text = env.get_template(template).render(**context, s=i18n.strings(lang), lang=lang)
    text = with_contents(re.sub(r"\n{3,}", "\n\n", text), i18n.strings(lang)["contents"])
    return strip_paths(text, context.get("path_base"))


def chart_file(name: str, lang: str) -> str:
    """Charts of both languages live side by side: charts/<name>-<lang>.svg."""
    return f"charts/{name}-{lang}.svg"


def markdown_with_chart_files(markdown_text: str, charts: dict, captions: dict, lang: str = "fr") -> str:
    def image(match):
        name = match.group(1)
        return f"![{md_escape(captions.get(name, name))}]({chart_file(name, lang)})" if name in charts else ""

    return CHART_MARK.sub(image, markdown_text)


def html_page(markdown_text: str, charts: dict, captions: dict, title: str, lang: str) -> str:
    import markdown
    from markdown.extensions.toc import TocExtension, slugify_unicode

    body = markdown.markdown(markdown_text, extensions=["tables", TocExtension(slugify=slugify_unicode), "sane_lists"],
                             output_format="html")

    def figure(match):
        name = match.group(1)
        if name not in charts:
            return ""
        svg = re.sub(r"<\?xml[^>]*\?>\s*", "", charts[name])
        svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
        caption = md_escape(captions.get(name, name)).replace("\\", "")
        return f'<figure>{svg}<figcaption>{caption}</figcaption></figure>'

    body = CHART_MARK.sub(figure, body)
    body = body.replace("<td>✔", '<td class="met">✔').replace("<td>✘", '<td class="missed">✘')
    body = body.replace("<td>⚠", '<td class="unsure">⚠')
    # The synthesis stands on its own printed page (a compact one).
    synthesis = re.search(r'<h2 id="(?:synthèse|summary)"', body)
    if synthesis:
        following = body.find("<h2 ", synthesis.end())
        end = following if following >= 0 else len(body)
        body = (body[:synthesis.start()] + '<section class="synthesis">\n' + body[synthesis.start():end]
                + "</section>\n" + body[end:])
    safe_title = md_escape(title).replace("\\", "")
    header = safe_title.replace('"', "'")
    print_css = PRINT_CSS % {"header": header, "page": "Page"}
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{safe_title}</title>\n<style>{CSS}{print_css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def prepare_output(directory, *, force: bool = False) -> Path:
    """Where to write a document set: a staging folder that :func:`record_manifest` moves into
    `directory` once every file is written (see :mod:`sobriete.documents.publish`)."""
    return publish.stage(directory, force=force)


def record_manifest(folder: Path, written: list[Path]) -> list[Path]:
    """Publish the staged set into its folder; returns the final paths."""
    return publish.commit(folder, written)


def write_document(folder: Path, basename: str, markdown_text: str, charts: dict, captions: dict, title: str,
                   lang: str) -> list[Path]:
    """Write BASENAME.md (+ charts/*.svg) and the self-contained BASENAME.html; returns the paths."""
    written = []
    for name, svg in charts.items():
        path = folder / chart_file(name, lang)
        atomic_write(path, svg)
        written.append(path)
    md_path = folder / f"{basename}.md"
    atomic_write(md_path, markdown_with_chart_files(markdown_text, charts, captions, lang))
    html_path = folder / f"{basename}.html"
    atomic_write(html_path, html_page(markdown_text, charts, captions, title, lang))
    return [md_path, html_path] + written


def today() -> dt.date:
    return dt.date.today()


def budget_rows(scenario, selected: set) -> list[dict]:
    """Per year: one-off investments, operating costs, savings (negative operating costs), total."""
    rows = []
    for year in scenario.years:
        investment = sum(a.cost for a in scenario.actions if a.position in selected and a.start == year)
        running = [a.annual_cost for a in scenario.actions if a.position in selected and a.start <= year]
        operating = sum(c for c in running if c > 0)
        savings = sum(c for c in running if c < 0)
        rows.append({"year": year, "investment": investment, "operating": operating, "savings": savings,
                     "total": investment + operating + savings})
    return rows


def criterion_unit(metric: str, lang: str, reference=None) -> tuple[str, int]:
    """The yearly unit of an objective on a criterion, and the decimals that show about three
    significant digits of its reference (a few grams of antimony equivalent are not "0")."""
    import math

    from ..criteria import CRITERIA

    criterion = CRITERIA.get(metric.split(":", 1)[1])
    unit = f"{criterion.unit}/{'an' if lang == 'fr' else 'year'}" if criterion else metric
    size = abs(float(reference)) if reference else 0.0
    digits = min(8, max(0, 2 - math.floor(math.log10(size)))) if size > 0 else 0
    return unit, digits


def objective_records(document: dict, lang: str) -> list[dict]:
    """The scenario's objectives with their status sentence (likelihood included)."""
    from ..plan import LIKELY_ENOUGH, likelihood

    s = i18n.strings(lang)
    units = {"per_agent": (s["unit_per_agent"], 1), "per_inhabitant": (s["unit_per_inhabitant"], 2)}
    rows = []
    for record in document["objectives"]:
        if record.get("kind") == "indicator":  # objectives on indicators have their own table
            continue
        level = record.get("likelihood") or likelihood(record.get("probability"))
        unit, digits = units.get(record.get("metric"), (s["unit_year"], 0))
        if str(record.get("metric") or "").startswith("criterion:"):  # beyond carbon: its own unit
            unit, digits = criterion_unit(record["metric"], lang, record.get("reference"))
        rows.append({**record, "likelihood": level, "likelihood_term": i18n.likelihood_term(level, lang),
                     "likely_enough": level in LIKELY_ENOUGH, "status": i18n.objective_status(record, lang),
                     "unit": unit, "digits": digits})
    return rows


def plan_synthesis(result, lang: str) -> dict:
    """What the synthesis shows of a scenario: objectives with their likelihood, the plan's five
    largest actions (Shapley contribution at the horizon), the budget per year, the backlog."""
    from ..scenario_outputs import scenario_document

    document = scenario_document(result)
    scenario = result.trajectories.scenario
    horizon = str(document["years"][-1])
    selected = [a for a in document["actions"] if a.get("selected")]
    labels = {a.id: (a.label or a.id) for a in scenario.actions}

    def contribution(action):
        values = action.get("contribution") or action.get("reduction") or {}
        return float(values.get(horizon, 0.0))

    top = sorted(selected, key=lambda a: -contribution(a))[:5]
    actions = [{"id": a["id"], "label": labels.get(a["id"], a["id"]), "contribution": contribution(a),
                "investment": a.get("investment", a.get("cost")), "total_cost": a.get("total_cost")}
               for a in top if contribution(a) > 0]
    budget = budget_rows(scenario, {scenario.actions[i].position for i in result.selected})
    for row in budget:
        row["operating_net"] = row["operating"] + row["savings"]
    backlog = document.get("backlog") or []
    backlog_value = backlog[1] if len(backlog) > 1 else 0.0
    return {"document": document, "objectives": objective_records(document, lang), "actions": actions,
            "horizon": int(horizon), "budget": budget, "investment": document.get("investment"),
            "operating": document.get("operating"), "spending": document.get("spending"),
            "total_cost": document.get("total_cost"), "backlog": backlog_value,
            "baseline_year": document["years"][0], "all_likely": all(
                o["met"] for o in document["objectives"] if o.get("kind") != "indicator") and all(
                o["likely_enough"] for o in objective_records(document, lang))}
