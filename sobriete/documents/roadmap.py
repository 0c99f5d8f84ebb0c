"""The feuille de route numérique responsable: diagnosis, SMART objectives, action plan, resources,
evaluation framework and annex, from a scenario (décret 2022-1084 contents)."""

from __future__ import annotations

from .. import __version__
from ..levers import REGISTRY
from . import common, figures, i18n
from .report import build_report


def metric_label(metric: str, s: dict, factor_set, lang: str) -> str:
    if metric.startswith("category:"):
        category = metric.split(":", 1)[1]
        profile = factor_set.profiles.get(category)
        return s["metric_category"].format(category=profile.label(lang) if profile else category)
    return s[f"metric_{metric}"]


def metric_unit(metric: str, s: dict) -> str:
    if metric == "per_agent":
        return s["unit_per_agent"]
    if metric == "per_inhabitant":
        return s["unit_per_inhabitant"]
    return s["unit_year"]


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


def build_roadmap(result, factor_set, *, lang: str = "fr", draws: int = 1000, seed: int = 0) -> dict:
    """Everything the feuille de route shows, as data; charts as SVG."""
    from .. import charts as scenario_charts
    from ..scenario_outputs import objective_coverage, scenario_document

    s = i18n.strings(lang)
    trajectories = result.trajectories
    scenario = trajectories.scenario
    inventory = scenario.inventory
    org = inventory.organisation
    diagnosis = build_report(inventory, factor_set, method=scenario.method, lang=lang, draws=draws, seed=seed,
                             footprint=trajectories.reporting)
    document = scenario_document(result)
    years = document["years"]

    objectives = []
    smart = []
    for record, objective in zip(document["objectives"], scenario.objectives):
        unit = metric_unit(objective.metric, s)
        metric = metric_label(objective.metric, s, factor_set, lang)
        if objective.kind == "reduction":
            aim = s["objective_reduction"].format(reduction=i18n.fmt_percent(objective.reduction, lang),
                                                  target_year=objective.target_year,
                                                  reference_year=objective.reference_year)
        else:
            aim = s["objective_annual"].format(rate=i18n.fmt_percent(objective.annual_reduction, lang, 1),
                                               reference_year=objective.reference_year)
        covered = objective_coverage(result, objective)
        objectives.append({**record, "metric_label": metric, "unit": unit, "aim": aim, "covered": covered,
                           "label": record["label"] or aim})
        smart.append(s["smart_line"].format(
            id=objective.id, metric=metric, reference=f"{i18n.fmt_number(record['reference'], lang, 1)} {unit}",
            reference_year=objective.reference_year,
            achievable=s["smart_achievable_yes"] if record["met"] else s["smart_achievable_no"],
            covered=i18n.fmt_percent(covered, lang), deadline=record["target_year"]))
        if covered < 0.1:
            smart.append(s["smart_low"].format(id=objective.id))
        if not objective.indicator:
            smart.append(s["smart_no_indicator"].format(id=objective.id))

    selected = {scenario.actions[i].position for i in result.selected}
    actions = []
    for record, action in zip(document["actions"], scenario.actions):
        actions.append({**record, "label": action.label or action.id, "owner": action.owner, "actors": action.actors,
                        "steps": action.steps, "kpi": action.kpi, "kpi_targets": action.kpi_targets,
                        "theme": action.theme, "notes": action.notes,
                        "reduction_rows": [{"year": y, "value": record["reduction"][str(y)]} for y in years
                                           if record["reduction"][str(y)]]})
    themes = []
    for theme in (1, 2, 3, 4, 5, 6, None):
        members = [a for a in actions if a["theme"] == theme and a["selected"]]
        if members:
            themes.append({"id": theme, "title": i18n.THEMES[lang][theme] if theme else s["theme_none"],
                           "actions": members})
    candidates = [a for a in actions if not a["selected"]]

    budget = budget_rows(scenario, selected)
    indicators = [{"label": s["carbon_indicator"], "targets": {y: p / 1000.0 for y, p in zip(years, document["plan"])},
                   "unit": "tCO₂e"}]
    for objective in objectives:
        indicators.append({"label": f"{objective['id']} — {objective['indicator'] or objective['metric_label']}",
                           "targets": {int(y): t for y, t in objective["targets"].items()}, "unit": objective["unit"]})
    for action in actions:
        if action["selected"] and action["kpi"]:
            indicators.append({"label": f"{action['id']} — {action['kpi']}",
                               "targets": {int(y): v for y, v in action["kpi_targets"].items()}, "unit": ""})
    reviews = [s["review_date"].format(year=y + 1) for y in years[1:]]
    trend = ", ".join(f"{k} {i18n.fmt_percent(v, lang, 1)}" for k, v in {**scenario.trend, **scenario.drift}.items())
    assumptions = [s["assumption_steady"].format(trend=trend or s["no_trend"])]
    for name, lever in REGISTRY.items():
        using = [a for a in scenario.actions if a.lever == name]
        stated = lever.assumption(using) if using else None
        if stated:
            key, parameters = stated
            assumptions.append(s[key].format(**{k: i18n.fmt_percent(v, lang) for k, v in parameters.items()}))
    assumptions += [i18n.translate_note(n, lang) for n in document["notes"] if not n.startswith("objective ")]
    assumptions += [a["notes"] for a in actions if a["notes"]]

    gantt_actions = [a for a in actions if a["selected"]] or actions
    charts = {
        "trajectory": scenario_charts.trajectory_svg(result, lang),
        "waterfall": scenario_charts.waterfall_svg(result, lang),
        "macc": scenario_charts.macc_svg(result, lang),
        "gantt": figures.gantt_chart(gantt_actions, years, title=s["gantt_chart"], lang=lang),
    }
    charts.update(diagnosis.charts)
    captions = {"trajectory": s["trajectory_chart"], "waterfall": s["waterfall_chart"], "macc": s["macc_chart"],
                "gantt": s["gantt_chart"], **diagnosis.captions}
    context = {
        "title": s["roadmap_title"].format(start=scenario.baseline_year, end=scenario.horizon),
        "organisation": org, "version": __version__, "factors_version": factor_set.version,
        "date": i18n.fmt_date(common.today(), lang), "d": diagnosis.context, "document": document,
        "objectives": objectives, "smart": smart, "themes": themes, "candidates": candidates, "budget": budget,
        "budget_total": sum(r["total"] for r in budget), "funding": scenario.funding, "partners": scenario.partners,
        "indicators": indicators, "years": years, "reviews": reviews, "assumptions": assumptions,
        "feasible": document["feasible"], "reporting_total": document["reporting_total"],
    }
    tables = {"trajectory": [{"year": y, "bau": b, "plan": p, "plan_market_based": m} for y, b, p, m in
                             zip(years, document["bau"], document["plan"], document["plan_market_based"])],
              "objectives": document["objectives"], "actions": document["actions"], "budget": budget}
    return {"context": context, "charts": charts, "captions": captions, "tables": tables}


def write_roadmap(data: dict, directory, *, lang: str = "fr", force: bool = False) -> list:
    from .report import write_tables

    folder = common.prepare_output(directory, force=force)
    markdown_text = common.render_markdown("roadmap.md.j2", data["context"], lang)
    basename = "feuille-de-route" if lang == "fr" else "roadmap"
    written = common.write_document(folder, basename, markdown_text, data["charts"], data["captions"],
                                    data["context"]["title"], lang)
    written += write_tables(folder, {f"roadmap_{k}": v for k, v in data["tables"].items()}, lang)
    common.record_manifest(folder, written)
    return written
