"""The feuille de route numérique responsable: diagnosis, SMART objectives, action plan, resources,
evaluation framework and annex, from a scenario (décret 2022-1084 contents)."""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..levers import REGISTRY
from ..plan import LIKELY_ENOUGH
from . import common, evaluation, figures, i18n
from .common import budget_rows  # noqa: F401  (kept importable from here)
from .report import build_report


def metric_label(metric: str, s: dict, factor_set, lang: str) -> str:
    if metric.startswith("category:"):
        category = metric.split(":", 1)[1]
        profile = factor_set.profiles.get(category)
        return s["metric_category"].format(category=profile.label(lang) if profile else category)
    if metric.startswith("criterion:"):  # an objective beyond carbon: the criterion is named (DESIGN §4)
        from ..criteria import CRITERIA

        criterion = metric.split(":", 1)[1]
        return CRITERIA[criterion].label(lang) if criterion in CRITERIA else criterion
    return s[f"metric_{metric}"]


def metric_unit(metric: str, s: dict, lang: str = "fr") -> str:
    if metric.startswith("criterion:"):
        from ..criteria import CRITERIA

        criterion = CRITERIA.get(metric.split(":", 1)[1])
        if criterion is not None:
            return f"{criterion.unit}/{'an' if lang == 'fr' else 'year'}"
    if metric == "per_agent":
        return s["unit_per_agent"]
    if metric == "per_inhabitant":
        return s["unit_per_inhabitant"]
    return s["unit_year"]


def build_roadmap(result, factor_set, *, lang: str = "fr", draws: int = 1000, seed: int = 0) -> dict:
    """Everything the feuille de route shows, as data; charts as SVG."""
    from .. import charts as scenario_charts
    from ..scenario_outputs import objective_coverage, scenario_document

    s = i18n.strings(lang)
    trajectories = result.trajectories
    base = Path(trajectories.scenario.path).parent if trajectories.scenario.path else None
    scenario = trajectories.scenario
    inventory = scenario.inventory
    org = inventory.organisation
    diagnosis = build_report(inventory, factor_set, method=scenario.method, lang=lang, draws=draws, seed=seed,
                             footprint=trajectories.reporting)
    document = scenario_document(result)
    years = document["years"]

    objectives = []
    smart = []
    statuses = common.objective_records(document, lang)
    for record, objective, status in zip(document["objectives"], scenario.objectives, statuses):
        unit = metric_unit(objective.metric, s, lang)
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
                           "label": record["label"] or aim, "status": status["status"],
                           "likelihood": status["likelihood"], "digits": status["digits"]})
        smart.append(s["smart_line"].format(
            id=record["label"] or aim, metric=metric,
            reference=f"{i18n.fmt_number(record['reference'], lang, status['digits'])} {unit}",
            reference_year=objective.reference_year, achievable=_achievable(record, status, s, lang),
            covered=i18n.fmt_percent(covered, lang), deadline=record["target_year"]))
        if covered < 0.1:
            smart.append(s["smart_low"].format(id=record["label"] or aim))
        if not objective.indicator:
            smart.append(s["smart_no_indicator"].format(id=record["label"] or aim))

    statuses = document["indicators"]
    indicator_labels = {i.id: i.label or i.id for i in scenario.indicators}
    smart_table = evaluation.smart_rows(document, objectives, lang)
    selected = {scenario.actions[i].position for i in result.selected}
    actions = []
    for record, action in zip(document["actions"], scenario.actions):
        kpi = indicator_labels.get(action.indicator, action.kpi) if action.indicator else action.kpi
        actions.append({**record, "label": action.label or action.id, "owner": action.owner, "actors": action.actors,
                        "steps": action.steps, "kpi": kpi, "kpi_targets": action.kpi_targets,
                        "theme": action.theme, "notes": action.notes, "indicator": action.indicator,
                        "kpi_baseline": _kpi_baseline(action, scenario.baseline_year),
                        "reduction_rows": [{"year": y, "value": record["reduction"][str(y)]} for y in years
                                           if record["reduction"][str(y)]]})
    themes = []
    for theme in evaluation.theme_order():  # the six REEN themes, then the seed themes
        members = [a for a in actions if a["theme"] == theme and a["selected"]]
        if members:
            themes.append({"id": theme, "title": evaluation.theme_title(theme, lang), "actions": members})
    candidates = [a for a in actions if not a["selected"]]

    budget = budget_rows(scenario, selected)
    baseline_year = scenario.baseline_year
    indicators = [{"label": s["carbon_indicator"], "baseline": document["bau"][0] / 1000.0,
                   "baseline_year": baseline_year, "digits": 1,
                   "targets": {y: p / 1000.0 for y, p in zip(years, document["plan"])}, "unit": s["unit_t_year"]}]
    for objective in objectives:
        indicators.append({"label": objective["label"],
                           "baseline": objective["reference"], "baseline_year": objective["reference_year"],
                           "digits": objective["digits"],
                           "targets": {int(y): t for y, t in objective["targets"].items()}, "unit": objective["unit"]})
    for action in actions:
        if action["selected"] and action["kpi"] and not action["indicator"]:  # indicators: their own rows
            value, year = action["kpi_baseline"]
            targets = {int(y): v for y, v in action["kpi_targets"].items()}
            indicators.append({"label": action["kpi"], "baseline": value,
                               "baseline_year": year, "digits": _digits(list(targets.values()) + [value]),
                               "targets": targets, "unit": ""})
    framework = evaluation.evaluation_framework(statuses, scenario, lang)
    for row in framework:  # the yearly milestones of every indicator, in the table per year
        if row["milestones"]:
            baseline = row["baseline"]
            indicators.append({"label": row["label"], "baseline": baseline["value"], "baseline_year": baseline["year"],
                               "digits": row["milestone_digits"], "targets": row["milestones"],
                               "unit": row["unit"]})
    reviews = [s["review_date"].format(year=y + 1) for y in years[1:]]
    trend = ", ".join(s["trend_item"].format(what=_trend_label(k, s, factor_set, lang),
                                             rate=("+" if v > 0 else "") + i18n.fmt_percent(v, lang, 1))
                      for k, v in {**scenario.trend, **scenario.drift}.items())
    assumptions = [s["assumption_steady"].format(trend=trend or s["no_trend"])]
    for name, lever in REGISTRY.items():
        using = [a for a in scenario.actions if a.lever == name]
        stated = lever.assumption(using) if using else None
        if stated:
            key, parameters = stated
            assumptions.append(s[key].format(**{k: i18n.fmt_percent(v, lang) for k, v in parameters.items()}))
    assumptions += [common.strip_paths(i18n.translate_source(i18n.translate_note(n, lang), lang), base)
                    for n in document["notes"] if not str(n).startswith("objective ")]
    own_notes = _collectivity_notes(scenario, actions, s)

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
        "all_likely": all(o["likelihood"] in LIKELY_ENOUGH for o in objectives),
        "own_notes": own_notes, "path_base": base, "method": scenario.method,
        "head": {**diagnosis.context["head"]}, "syn": common.plan_synthesis(result, lang),
        "territory": evaluation.diagnostic_context(scenario, statuses, lang), "smart_table": smart_table,
        "training": evaluation.training_needs(scenario, selected, lang), "framework": framework,
        "backlog": (document.get("backlog") or [0.0, 0.0])[1] if len(document.get("backlog") or []) > 1 else 0.0,
    }
    tables = {"trajectory": [{"year": y, "bau": b, "plan": p, "plan_market_based": m} for y, b, p, m in
                             zip(years, document["bau"], document["plan"], document["plan_market_based"])],
              "objectives": document["objectives"], "actions": document["actions"], "budget": budget}
    if statuses:
        tables["indicators"] = [{k: v for k, v in row.items() if k in INDICATOR_TABLE_KEYS} for row in statuses]
    return {"context": context, "charts": charts, "captions": captions, "tables": tables}


INDICATOR_TABLE_KEYS = ("id", "label", "theme", "unit", "direction", "owner", "source", "frequency", "latest_year",
                        "latest_value", "path_value", "status", "gap", "progress_needed_per_year")


def _achievable(record, status, s, lang) -> str:
    """SMART "achievable": only when the plan meets the objective and it is at least *likely*."""
    probability = record.get("probability")
    level = status["likelihood"]
    if level is None:
        return s["smart_achievable_unknown"] if record["met"] else s["smart_achievable_no"]
    values = {"term": i18n.likelihood_term(level, lang), "p": i18n.fmt_percent(probability, lang)}
    if record["met"] and level in LIKELY_ENOUGH:
        return s["smart_achievable_likely"].format(**values)
    if record["met"]:
        return s["smart_achievable_unsure"].format(**values)
    return s["smart_achievable_missed"].format(**values)


def _trend_label(key: str, s: dict, factor_set, lang: str) -> str:
    if key in ("devices", "hosting", "services"):
        return s[key]
    profile = factor_set.profiles.get(key)
    if profile is not None:
        return profile.label(lang)
    return s["trend_factor"].format(id=key)


def _kpi_baseline(action, baseline_year: int):
    """An action KPI's baseline: its value for the baseline year (or the earliest given before the start)."""
    targets = {int(y): v for y, v in (action.kpi_targets or {}).items()}
    if baseline_year in targets:
        return targets[baseline_year], baseline_year
    baseline = getattr(action, "kpi_baseline", None)
    if isinstance(baseline, dict) and baseline:
        year = min(int(y) for y in baseline)
        return baseline.get(year, baseline.get(str(year))), year
    return None, None


def _digits(values) -> int:
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return 0 if all(float(v).is_integer() for v in numbers) else 1


def _collectivity_notes(scenario, actions, s) -> list[dict]:
    """The scenario file's free text, labelled as the collectivity's own: never mixed with the tool's."""
    import yaml

    raw = {}
    try:
        raw = yaml.safe_load(Path(scenario.path).read_text(encoding="utf-8")) or {}
    except (OSError, ValueError, yaml.YAMLError, TypeError):
        raw = {}
    notes = []
    if scenario.funding:
        notes.append({"title": s["funding"], "text": scenario.funding})
    if scenario.partners:
        notes.append({"title": s["partners"], "text": scenario.partners})
    if isinstance(raw, dict) and raw.get("notes"):
        notes.append({"title": s["collectivity_general"], "text": str(raw["notes"])})
    for objective in (raw.get("objectives") or []) if isinstance(raw, dict) else []:
        if isinstance(objective, dict) and objective.get("notes"):
            notes.append({"title": s["objective_note_title"].format(label=objective.get("label") or objective.get("id")),
                          "text": str(objective["notes"])})
    for action in actions:
        if action["notes"]:
            notes.append({"title": s["action_note_title"].format(label=action["label"]), "text": action["notes"]})
    return notes


def write_roadmap(data: dict, directory, *, lang: str = "fr", force: bool = False) -> list:
    from .report import write_tables

    folder = common.prepare_output(directory, force=force)
    markdown_text = common.render_markdown("roadmap.md.j2", data["context"], lang)
    basename = "feuille-de-route" if lang == "fr" else "roadmap"
    written = common.write_document(folder, basename, markdown_text, data["charts"], data["captions"],
                                    data["context"]["title"], lang)
    written += write_tables(folder, {f"roadmap_{k}": v for k, v in data["tables"].items()}, lang)
    return common.record_manifest(folder, written)
