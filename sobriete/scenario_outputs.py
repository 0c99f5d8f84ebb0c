"""Scenario outputs: the JSON document of DESIGN §8 and the terminal tables (FR/EN)."""

from __future__ import annotations

import json

from .outputs import number_formatter, terminal_text, terminal_title

TEXTS = {
    "fr": {"title": "Trajectoire et objectifs", "year": "Année", "bau": "Tendanciel", "plan": "Avec le plan",
           "market": "Plan (market-based)", "objective": "Objectif", "target": "Cible", "status": "Statut",
           "met": "atteint", "missed": "manqué", "met_central": "atteint sur la valeur centrale", "gap": "Écart", "probability": "Probabilité",
           "actions": "Actions", "action": "Action", "selected": "Retenue", "yes": "oui", "no": "non",
           "cost": "Coût total (€)", "avoided": "Évité (tCO₂e)", "abatement": "€/tCO₂e", "start": "Début",
           "unit": "kgCO₂e/an", "reporting": "Empreinte de l'année de référence",
           "feasible": "Tous les objectifs sont atteints dans le budget",
           "infeasible": "Aucun ensemble d'actions dans le budget n'atteint tous les objectifs",
           "infeasible_listed": "Avec les actions retenues, au moins un objectif n'est pas atteint",
           "infeasible_all": "Aucun ensemble d'actions candidates n'atteint tous les objectifs",
           "total_cost": "Coût net du plan", "spending": "à budgéter", "investment": "investissement",
           "operating": "fonctionnement", "backlog": "Renouvellement en retard (tendanciel)",
           "reporting_same": "Année de référence = bilan de l'année",
           "indicators": "Indicateurs de la feuille de route", "indicator": "Indicateur",
           "baseline": "Référence", "latest": "Dernière mesure", "path": "Trajectoire",
           "needed": "Progrès nécessaire par an",
           "status_on_track": "en bonne voie", "status_behind": "en retard", "status_reached": "cible atteinte",
           "status_missed": "cible manquée", "status_not_measured": "pas encore mesuré",
           "status_no_path": "sans référence ou cible"},
    "en": {"title": "Trajectory and objectives", "year": "Year", "bau": "Business as usual", "plan": "With the plan",
           "market": "Plan (market-based)", "objective": "Objective", "target": "Target", "status": "Status",
           "met": "met", "missed": "missed", "met_central": "met on central values", "gap": "Gap", "probability": "Probability",
           "actions": "Actions", "action": "Action", "selected": "Selected", "yes": "yes", "no": "no",
           "cost": "Total cost (EUR)", "avoided": "Avoided (tCO₂e)", "abatement": "EUR/tCO₂e", "start": "Start",
           "unit": "kgCO₂e/year", "reporting": "Footprint of the reporting year",
           "feasible": "Every objective is met within the budget",
           "infeasible": "No set of actions within the budget meets every objective",
           "infeasible_listed": "With the listed actions, at least one objective is missed",
           "infeasible_all": "No set of the candidate actions meets every objective",
           "total_cost": "Net cost of the plan", "spending": "to budget", "investment": "investment",
           "operating": "operating", "backlog": "Renewal backlog (business as usual)",
           "reporting_same": "Baseline year = the year's footprint",
           "indicators": "Roadmap indicators", "indicator": "Indicator",
           "baseline": "Baseline", "latest": "Latest measure", "path": "Path",
           "needed": "Progress needed per year",
           "status_on_track": "on track", "status_behind": "behind", "status_reached": "target reached",
           "status_missed": "target missed", "status_not_measured": "not measured yet",
           "status_no_path": "no baseline or target"},
}


# IPCC AR6 likelihood terms (official French terms, as used by the French translation of AR6).
LIKELIHOOD_TERMS = {
    "fr": {"virtually_certain": "quasi certain", "very_likely": "très probable", "likely": "probable",
           "about_as_likely_as_not": "aussi probable qu'improbable", "unlikely": "improbable",
           "very_unlikely": "très improbable", "exceptionally_unlikely": "exceptionnellement improbable", None: "—"},
    "en": {"virtually_certain": "virtually certain", "very_likely": "very likely", "likely": "likely",
           "about_as_likely_as_not": "about as likely as not", "unlikely": "unlikely",
           "very_unlikely": "very unlikely", "exceptionally_unlikely": "exceptionally unlikely", None: "—"},
}


def carbon_objectives(document: dict) -> list[dict]:
    """The document's carbon objectives (the ones the trajectory engine checks), without the
    objectives on indicators (`kind: indicator`)."""
    return [o for o in document["objectives"] if o.get("kind") != "indicator"]


def scenario_document(result, *, indicator_values: dict | None = None, as_of: int | None = None) -> dict:
    """The scenario JSON (DESIGN §8). Objectives on indicators follow the carbon ones in `objectives`
    (`kind: indicator`); `indicators` gives every indicator's path and status (values from the file,
    and `indicator_values` {id: {year: value}} from a CSV, up to `as_of`)."""
    from .indicators import indicator_objective_records, indicator_statuses, smart_carbon

    trajectories = result.trajectories
    scenario = trajectories.scenario
    reporting = trajectories.reporting
    statuses = indicator_statuses(scenario, indicator_values, as_of)
    carbon = [{**record, "smart": smart_carbon(record, objective_coverage(result, objective))}
              for record, objective in zip(result.objectives, scenario.objectives)]
    return {
        "title": scenario.title,
        "baseline_year": scenario.baseline_year,
        "horizon": scenario.horizon,
        "method": scenario.method,
        "unit": "kgCO2e/year",
        "factors_version": reporting.factors_version,
        "reporting_total": reporting.total,
        "years": list(trajectories.years),
        "bau": [float(v) for v in result.bau["total"]],
        "plan": [float(v) for v in result.plan["total"]],
        "plan_market_based": [float(v) for v in result.plan_market_based],
        "bau_embodied": [float(v) for v in result.bau["embodied"]],
        "plan_embodied": [float(v) for v in result.plan["embodied"]],
        "bau_use": [float(v) for v in result.bau["use"]],
        "plan_use": [float(v) for v in result.plan["use"]],
        "feasible": result.feasible,
        "proposed": result.proposed,
        "budget": result.budget,
        "confidence": getattr(result, "confidence", None),
        "investment": result.investment,
        "operating": result.operating,
        "spending": result.spending,
        "total_cost": result.total_cost,
        "backlog": [float(v) for v in result.backlog] if result.backlog is not None else None,
        "plan_band": result.plan_band,
        "draws": result.draws,
        "seed": result.seed,
        "objectives": carbon + indicator_objective_records(scenario, statuses),
        "actions": result.actions,
        "notes": list(trajectories.reporting.notes[:0]) + list(result.notes) + smart_notes(result, statuses),
        "diagnostic": dict(scenario.diagnostic),
        "indicators": statuses,
    }


def objective_coverage(result, objective) -> float:
    """The share of the baseline-year footprint an objective's metric covers (SMART relevance)."""
    if objective.metric in ("total", "per_agent", "per_inhabitant"):
        return 1.0
    total = result.bau["total"][0] if len(result.bau["total"]) else 0.0
    return result.bau[objective.metric][0] / total if total else 0.0


def smart_notes(result, statuses: list | None = None) -> list[str]:
    """A SMART check of each objective: metric, baseline, target, deadline, relevance (share covered);
    for an objective on an indicator, its path and the yearly progress needed against that measured."""
    notes = []
    for record, objective in zip(result.objectives, result.trajectories.scenario.objectives):
        metric = objective.metric
        covered = objective_coverage(result, objective)
        parts = [f"objective {objective.id}: specific (metric {metric})",
                 f"measurable (reference {record['reference']:.1f} in {objective.reference_year})",
                 f"time-bound ({record['target_year']})",
                 f"relevant: covers {covered:.0%} of the baseline footprint"]
        if covered < 0.1:
            parts.append("— low relevance: consider a broader metric")
        if not objective.indicator:
            parts.append("— no indicator given for the evaluation framework")
        notes.append(", ".join(parts))
    by_id = {s["id"]: s for s in statuses or []}
    for objective in result.trajectories.scenario.indicator_objectives:
        status = by_id.get(objective.indicator)
        if status is None:
            continue
        baseline, target = status["baseline"], status["target"]
        parts = [f"objective {objective.id}: specific (indicator {objective.indicator})",
                 f"measurable (baseline {baseline['value']:g} in {baseline['year']})" if baseline
                 else "— not measurable: no baseline",
                 f"time-bound ({target['year']})" if target else "— not time-bound: no target",
                 f"relevant (theme {status['theme']})" if status["theme"] is not None else "— no theme: relevance "
                 "not stated"]
        if status["achievable"] is False:
            parts.append("— not achievable at the pace measured so far")
        notes.append(", ".join(parts))
    return notes


def scenario_json(result) -> str:
    return json.dumps(scenario_document(result), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _status(record: dict, t: dict) -> str:
    """'met' alone only when at least likely (DESIGN §6); otherwise 'met on central values'."""
    from .plan import LIKELY_ENOUGH

    if not record["met"]:
        return f"[red]{t['missed']}[/]"
    if record["likelihood"] is None or record["likelihood"] in LIKELY_ENOUGH:
        return f"[green]{t['met']}[/]"
    return f"[yellow]{t['met_central']}[/]"


def _indicator_table(statuses: list, t: dict, lang: str):
    from rich.table import Table

    table = Table(title=t["indicators"])
    for column in (t["indicator"], t["baseline"], t["target"], t["latest"], t["path"], t["status"], t["needed"]):
        table.add_column(column, justify="left" if column == t["indicator"] else "right")
    fmt = number_formatter(lang, 1)

    def point(p):
        return "—" if not p else f"{fmt(p['value'])} ({p['year']})"

    for record in statuses:
        latest = "—" if record["latest_year"] is None else f"{fmt(record['latest_value'])} ({record['latest_year']})"
        needed = record["progress_needed_per_year"]
        status = t[f"status_{record['status']}"]
        colour = {"on_track": "green", "reached": "green", "behind": "red", "missed": "red"}.get(record["status"])
        table.add_row(terminal_text(record["label"] or record["id"]), point(record["baseline"]),
                      point(record["target"]), latest,
                      "—" if record["path_value"] is None else fmt(record["path_value"]),
                      f"[{colour}]{status}[/]" if colour else status,
                      "—" if needed is None else ("+" if needed > 0 else "") + fmt(needed))
    return table


def render_scenario(result, *, lang: str = "fr", console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    t = TEXTS[lang]
    fmt = number_formatter(lang, 0)
    console = console or Console()
    document = scenario_document(result)
    name = result.trajectories.scenario.inventory.organisation.name
    status = Table(title=terminal_title(f"{t['title']} — {name}"))
    for column in (t["objective"], t["target"], t["plan"], t["status"], t["gap"], t["probability"]):
        status.add_column(column, justify="right" if column != t["objective"] else "left")
    for record in carbon_objectives(document):
        probability = "—" if record["probability"] is None else \
            f"{record['probability']:.0%} ({LIKELIHOOD_TERMS[lang][record['likelihood']]})"
        status.add_row(terminal_text(f"{record['id']} ({record['target_year']})"), fmt(record["target"]), fmt(record["plan"]),
                       _status(record, t), fmt(record["gap"]),
                       probability)
    console.print(status)
    if document["indicators"]:
        console.print(_indicator_table(document["indicators"], t, lang))
    if document["feasible"]:
        console.print(t["feasible"])
    else:
        key = "infeasible_listed" if not document["proposed"] else (
            "infeasible" if document["budget"] is not None else "infeasible_all")
        console.print(f"[red]{t[key]}[/]")
    trajectory = Table(title=f"{t['year']} — {t['unit']}")
    for column in (t["year"], t["bau"], t["plan"], t["market"]):
        trajectory.add_column(column, justify="right")
    for year, bau, plan, market in zip(document["years"], document["bau"], document["plan"],
                                       document["plan_market_based"]):
        trajectory.add_row(str(year), fmt(bau), fmt(plan), fmt(market))
    console.print(trajectory)
    actions = Table(title=t["actions"])
    for column in (t["action"], t["selected"], t["start"], t["cost"], t["avoided"], t["abatement"]):
        actions.add_column(column, justify="left" if column == t["action"] else "right")
    for record in document["actions"]:
        abatement = "—" if record["abatement_cost"] is None else fmt(record["abatement_cost"])
        actions.add_row(terminal_text(record["id"]), t["yes"] if record["selected"] else t["no"], str(record["start"]),
                        fmt(record["total_cost"]), number_formatter(lang, 1)(record["avoided_tco2e"]), abatement)
    console.print(actions)
    console.print(f"{t['total_cost']}: {fmt(document['total_cost'])} € ({t['investment']} "
                  f"{fmt(document['investment'])} €, {t['operating']} {fmt(document['operating'])} €; "
                  f"{t['spending']} {fmt(document['spending'])} €)   "
                  f"{t['reporting']}: {fmt(document['reporting_total'])} {t['unit']}")
    backlog = document.get("backlog") or []
    if any(backlog):
        year = document["years"][next(k for k, v in enumerate(backlog) if v)]
        console.print(f"{t['backlog']} ({year}): {fmt(sum(backlog))} {t['unit']}")
