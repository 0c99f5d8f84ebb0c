"""The feuille de route beyond carbon in the documents (DESIGN §6, §7).

For the roadmap: the territorial diagnostic and the baseline of every indicator, one table of the
SMART objectives of every kind with the SMART check, the seed themes next to the REEN themes, the
training needs (actions on training indicators), and the evaluation framework per indicator (who
measures it, when, the yearly milestones). For the annual report: each indicator's latest measured
value against its path (``sobriete.indicators``), with a small chart per indicator.

Every value is computed by ``sobriete.indicators``; this module only words and draws it.
"""

from __future__ import annotations

from ..plan import SEED_THEMES
from . import figures, i18n

SMART_KEYS = ("specific", "measurable", "achievable", "relevant", "time_bound")
SMART_MARKS = {True: "✓", False: "✗", None: "?"}


def theme_title(theme, lang: str) -> str:
    s = i18n.strings(lang)
    if theme in i18n.THEMES[lang]:
        return i18n.THEMES[lang][theme]
    if theme in SEED_THEMES:
        return s[f"seed_theme_{theme}"]
    return s["theme_none"]


def theme_order() -> tuple:
    return (1, 2, 3, 4, 5, 6) + SEED_THEMES + (None,)


def digits_of(*values) -> int:
    numbers = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return 0 if all(abs(v - round(v)) < 1e-9 for v in numbers) else 1


def _value(value, unit: str, lang: str, digits: int) -> str:
    if value is None:
        return "—"
    text = i18n.fmt_number(value, lang, digits)
    if not unit:
        return text
    if unit == "%":
        return text + ("\u202f%" if lang == "fr" else " %")
    return f"{text} {unit}"


def _signed(value, unit: str, lang: str, digits: int) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return sign + _value(abs(value), unit, lang, digits)


def _digits(status: dict) -> int:
    points = [p["value"] for p in (status["baseline"], status["target"]) if p]
    return digits_of(*points, *status["values"].values())


def status_text(status: dict, lang: str) -> str:
    return i18n.strings(lang)[f"indicator_status_{status['status']}"]


def indicator_rows(statuses: list, lang: str) -> list[dict]:
    """Every indicator, worded: baseline, target, latest measure, path, status, gap, progress."""
    rows = []
    colon = i18n.strings(lang)["colon"]
    for status in statuses:
        digits, unit = _digits(status), status["unit"]
        baseline, target = status["baseline"], status["target"]
        path = {int(y): v for y, v in status["path"].items()}
        rows.append({
            **status, "label": status["label"] or status["id"], "theme_title": theme_title(status["theme"], lang),
            "baseline_text": f"{_value(baseline['value'], unit, lang, digits)} ({baseline['year']})" if baseline
            else "—",
            "target_text": f"{_value(target['value'], unit, lang, digits)} ({target['year']})" if target else "—",
            "latest_text": (f"{_value(status['latest_value'], unit, lang, digits)} ({status['latest_year']})"
                            if status["latest_year"] is not None else "—"),
            "path_text": _value(status["path_value"], unit, lang, 1 if status["path_value"] is not None
                                and digits_of(status["path_value"]) else digits),
            "status_text": status_text(status, lang),
            "gap_text": _value(status["gap"], unit, lang, 1) if status["gap"] else "—",
            "needed_text": _signed(status["progress_needed_per_year"], unit, lang, 1),
            "measured_text": _signed(status["progress_measured_per_year"], unit, lang, 1),
            "milestones_text": " ; ".join(f"{y}{colon}{_value(v, unit, lang, digits_of(*path.values()))}"
                                          for y, v in path.items()) or "—",
            "milestones": path, "milestone_digits": digits_of(*path.values()),
        })
    return rows


def smart_rows(document: dict, carbon: list, lang: str) -> list[dict]:
    """One row per objective of every kind, with the SMART check (✓ met, ✗ not, ? not yet known).
    `carbon`: the roadmap's worded carbon objectives (label, reference, target, unit, digits, status)."""
    s = i18n.strings(lang)
    rows = []
    records = {r["id"]: r for r in document["objectives"]}
    for objective in carbon:
        record = records.get(objective["id"], objective)
        digits = objective["digits"]
        rows.append({"label": objective["label"], "kind": s["objective_kind_carbon"],
                     "baseline": f"{i18n.fmt_number(objective['reference'], lang, digits)} {objective['unit']} "
                                 f"({objective['reference_year']})",
                     "target": f"{i18n.fmt_number(objective['target'], lang, digits)} {objective['unit']}",
                     "deadline": objective["target_year"], "status": objective["status"],
                     "marks": [SMART_MARKS[record.get("smart", {}).get(k)] for k in SMART_KEYS]})
    statuses = {i["id"]: i for i in document.get("indicators", [])}
    for record in document["objectives"]:
        if record.get("kind") != "indicator":
            continue
        status = statuses[record["indicator_id"]]
        digits, unit = _digits(status), status["unit"]
        rows.append({"label": record["label"] or record["id"], "kind": s["objective_kind_indicator"],
                     "baseline": (f"{_value(record['reference'], unit, lang, digits)} ({record['reference_year']})"
                                  if record["reference"] is not None else "—"),
                     "target": _value(record["target"], unit, lang, digits),
                     "deadline": record["target_year"] or "—", "status": status_text(status, lang),
                     "marks": [SMART_MARKS[record["smart"][k]] for k in SMART_KEYS]})
    return rows


def diagnostic_context(scenario, statuses: list, lang: str) -> dict:
    """The territorial diagnostic at the head of the roadmap: the collectivity's texts, then the
    baseline of every indicator with its source."""
    s = i18n.strings(lang)
    texts = [{"title": s[f"diagnostic_{key}"], "text": text} for key, text in scenario.diagnostic.items()]
    return {"texts": texts, "baselines": indicator_rows(statuses, lang)}


def training_needs(scenario, selected_positions: set, lang: str) -> list[dict]:
    """Training needs: the plan's actions that move a training indicator (REEN theme 4), with their
    owner and start, next to the indicator's target."""
    rows = []
    for indicator in scenario.indicators:
        if not indicator.is_training:
            continue
        actions = [a for a in scenario.actions if a.indicator == indicator.id and a.position in selected_positions]
        digits = digits_of(*(p[1] for p in (indicator.baseline, indicator.target) if p))
        target = (f"{_value(indicator.target[1], indicator.unit, lang, digits)} ({indicator.target[0]})"
                  if indicator.target else "—")
        rows.append({"indicator": indicator.label or indicator.id, "target": target,
                     "actions": [{"label": a.label or a.id, "owner": a.owner, "start": a.start} for a in actions]})
    return rows


def evaluation_framework(statuses: list, scenario, lang: str) -> list[dict]:
    """Per indicator: who measures it, when, from which source, the yearly milestones, the actions."""
    s = i18n.strings(lang)
    labels = {a.id: a.label or a.id for a in scenario.actions}
    rows = []
    for row in indicator_rows(statuses, lang):
        rows.append({**row, "owner_text": row["owner"] or "—", "frequency_text": row["frequency"] or s["annual"],
                     "source_text": row["source"] or "—",
                     "actions_text": ", ".join(labels[a] for a in row["actions"]) or "—"})
    return rows


# --- charts ---------------------------------------------------------------------------------------

CHART_TEXTS = {
    "fr": {"path": "Trajectoire vers la cible", "measured": "Valeurs mesurées", "target": "Cible",
           "year": "Année"},
    "en": {"path": "Path to the target", "measured": "Measured values", "target": "Target", "year": "Year"},
}


def indicator_chart(status: dict, lang: str, *, title: str) -> str:
    """A small chart of one indicator: its straight path to the target (dashed), the target, and
    the measured values (baseline included). User text is never mathtext (``text.parse_math``)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from ..charts import PALETTE, lay_out_once

    t = CHART_TEXTS[lang]
    salt = f"indicator-{status['id']}"
    with matplotlib.rc_context(figures._rc(salt)):
        fig = Figure(figsize=(6.0, 2.8), layout="constrained")
        fig.set_label(title)
        ax = fig.add_subplot()
        path = {int(y): v for y, v in status["path"].items()}
        if path:
            ax.plot(list(path), list(path.values()), color=PALETTE["blue"], linestyle=(0, (5, 2)), linewidth=1.8,
                    label=t["path"])
            target = status["target"]
            ax.plot([target["year"]], [target["value"]], marker="D", color=PALETTE["green"], linestyle="none",
                    markersize=7, label=t["target"])
        measured = {}
        if status["baseline"]:
            measured[status["baseline"]["year"]] = status["baseline"]["value"]
        measured.update({int(y): v for y, v in status["values"].items()})
        if measured:
            ax.plot(list(measured), list(measured.values()), color=PALETTE["black"], marker="o", markersize=5,
                    linewidth=1.4, label=t["measured"])
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(figures._formatter(lang, 0 if _digits(status) == 0 else 1))
        ax.set_xlabel(t["year"])
        if status["unit"]:
            ax.set_ylabel(figures.wrap(status["unit"], 30))
        ax.grid(True, color="#dddddd", linewidth=0.6)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return figures._svg(lay_out_once(fig), salt)


def report_section(scenario, statuses: list, lang: str) -> tuple[list, dict, dict]:
    """The annual report's "Roadmap evaluation": rows, charts and captions (one chart per indicator)."""
    s = i18n.strings(lang)
    rows, charts, captions = [], {}, {}
    for index, row in enumerate(indicator_rows(statuses, lang), start=1):
        name = f"indicator-{index}"
        row["chart"] = name
        caption = s["indicator_chart"].format(label=row["label"])
        charts[name] = indicator_chart(row, lang, title=caption)
        captions[name] = caption
        rows.append(row)
    return rows, charts, captions
