"""Indicators of the feuille de route beyond carbon: paths, status and the SMART check (DESIGN §6).

An indicator (agents trained, share of homes with very-high-speed internet, RGESN score…) goes in
a straight line from its baseline to its target::

    path(y) = baseline + (target − baseline) × (y − baseline_year) / (target_year − baseline_year)

for baseline_year ≤ y ≤ target_year; the baseline before, the target after. Its latest measured
value is *on track* when it is on or beyond the path in the indicator's direction (``up``: higher is
better, ``down``: lower is better), with the relative tolerance of every decision (1e-9). From the
target year on, the question is whether the target is reached (``reached`` or ``missed``).

"Now" is never the wall clock (outputs are reproducible): it is the latest measured year, or the
year a report is written for (``as_of``) when that is later. Every measured value given counts (a
bilan for 2024 published in 2025 may carry indicators measured early in 2025).

The carbon objectives are checked by ``sobriete.scenario``; this module only reads their results to
give every objective the same SMART check: specific (an indicator), measurable (a baseline),
achievable (carbon: the plan meets it and is at least *likely*; an indicator: the yearly progress
still needed is no more than the yearly progress measured so far), relevant (carbon: it covers at
least 10 % of the baseline footprint; an indicator: a theme), time-bound (a target year).
"""

from __future__ import annotations

from .plan import LIKELY_ENOUGH, Indicator

REL_TOL = 1e-9
LOW_RELEVANCE = 0.1  # a carbon objective covering less than 10 % of the footprint is of low relevance
STATUSES = ("on_track", "behind", "reached", "missed", "not_measured", "no_path")


def _sign(indicator: Indicator) -> float:
    return 1.0 if indicator.direction == "up" else -1.0


def _at_least(value: float, bound: float, sign: float) -> bool:
    """`value` is on or beyond `bound` in the good direction (relative tolerance 1e-9)."""
    return sign * (value - bound) >= -REL_TOL * max(abs(value), abs(bound), 1.0)


def path_value(indicator: Indicator, year: int) -> float | None:
    """The value on the straight path from baseline to target in `year` (None without both)."""
    if indicator.baseline is None or indicator.target is None:
        return None
    (first, start), (last, end) = indicator.baseline, indicator.target
    if year <= first:
        return float(start)
    if year >= last:
        return float(end)
    return start + (end - start) * (year - first) / (last - first)


def milestones(indicator: Indicator) -> dict:
    """Year → value on the path, every year from the baseline year to the target year."""
    if indicator.baseline is None or indicator.target is None:
        return {}
    return {year: path_value(indicator, year) for year in range(indicator.baseline[0], indicator.target[0] + 1)}


def measured(indicator: Indicator, extra: dict | None = None) -> dict:
    """The measured values: the scenario file's, then `extra` from a CSV, which wins."""
    values = {**indicator.values, **(extra or {})}
    return {y: float(v) for y, v in sorted(values.items())}


def indicator_status(indicator: Indicator, extra: dict | None = None, as_of: int | None = None,
                     actions: list | None = None) -> dict:
    """Everything known about one indicator: its path, its latest value against the path, the gap,
    and the progress per year needed from now and measured so far (JSON-ready; years as ints)."""
    sign = _sign(indicator)
    values = measured(indicator, extra)
    first = indicator.baseline[0] if indicator.baseline is not None else None
    after_baseline = {y: v for y, v in values.items() if first is None or y > first}
    record = {
        "id": indicator.id, "label": indicator.label, "theme": indicator.theme, "unit": indicator.unit,
        "direction": indicator.direction, "source": indicator.source, "owner": indicator.owner,
        "frequency": indicator.frequency,
        "baseline": ({"year": first, "value": float(indicator.baseline[1])} if indicator.baseline else None),
        "target": ({"year": indicator.target[0], "value": float(indicator.target[1])} if indicator.target else None),
        "values": {str(y): v for y, v in values.items()},
        "path": {str(y): v for y, v in milestones(indicator).items()},
        "latest_year": None, "latest_value": None, "path_value": None, "status": None, "met": None, "gap": None,
        "progress_needed_per_year": None, "progress_measured_per_year": None, "achievable": None,
        "actions": [a.id for a in (actions or []) if getattr(a, "indicator", "") == indicator.id],
    }
    if indicator.baseline is None or indicator.target is None:
        record["status"] = "no_path"
        if after_baseline:
            record["latest_year"], record["latest_value"] = max(after_baseline.items())
        return record
    if not after_baseline:
        record["status"] = "not_measured"
        now = max(first, as_of) if as_of is not None else first
        years_left = indicator.target[0] - now
        if years_left > 0:
            record["progress_needed_per_year"] = (indicator.target[1] - indicator.baseline[1]) / years_left
        return record
    year, value = max(after_baseline.items())
    on_path = path_value(indicator, year)
    target_year, target = indicator.target
    record.update(latest_year=year, latest_value=value, path_value=on_path)
    beyond = _at_least(value, on_path, sign)
    if year >= target_year:
        record["status"] = "reached" if beyond else "missed"
    else:
        record["status"] = "on_track" if beyond else "behind"
    record["met"] = bool(beyond)
    record["gap"] = 0.0 if beyond else abs(on_path - value)
    record["progress_measured_per_year"] = (value - indicator.baseline[1]) / (year - first)
    now = max(year, as_of) if as_of is not None else year
    if now < target_year:
        record["progress_needed_per_year"] = (target - value) / (target_year - now)
    record["achievable"] = _achievable(record, sign)
    return record


def _achievable(record: dict, sign: float) -> bool | None:
    """The yearly progress still needed is no more than the yearly progress measured so far."""
    if record["status"] in ("reached",):
        return True
    if record["status"] == "missed":
        return False
    needed, pace = record["progress_needed_per_year"], record["progress_measured_per_year"]
    if needed is None or pace is None:
        return None
    if sign * needed <= 0:  # already at or beyond the target
        return True
    return sign * needed <= sign * pace * (1 + REL_TOL)


def indicator_objective_record(objective, status: dict) -> dict:
    """The JSON record of an objective on an indicator (kind ``indicator``), next to the carbon ones."""
    target = status["target"] or {}
    baseline = status["baseline"] or {}
    return {
        "id": objective.id, "label": objective.label or status["label"], "metric": objective.metric,
        "kind": "indicator", "indicator_id": objective.indicator, "unit": status["unit"],
        "direction": status["direction"],
        "reference_year": baseline.get("year"), "reference": baseline.get("value"),
        "target_year": target.get("year"), "target": target.get("value"),
        "latest_year": status["latest_year"], "latest_value": status["latest_value"],
        "path_value": status["path_value"], "status": status["status"], "met": status["met"], "gap": status["gap"],
        "progress_needed_per_year": status["progress_needed_per_year"],
        "progress_measured_per_year": status["progress_measured_per_year"],
        "probability": None, "likelihood": None,
        "smart": smart_indicator(status),
    }


def smart_indicator(status: dict) -> dict:
    """The SMART check of an objective on an indicator (True / False; None: not yet assessable)."""
    return {"specific": True, "measurable": status["baseline"] is not None,
            "achievable": status["achievable"], "relevant": status["theme"] is not None,
            "time_bound": status["target"] is not None}


def smart_carbon(record: dict, covered: float) -> dict:
    """The SMART check of a carbon objective from its scenario record: its metric is the indicator;
    measurable with a positive reference; achievable when the plan meets it and, with draws, it is
    at least likely; relevant when it covers at least 10 % of the baseline footprint."""
    level = record.get("likelihood")
    achievable = bool(record["met"]) and (level is None or level in LIKELY_ENOUGH)
    return {"specific": True, "measurable": bool(record.get("reference") is not None and record["reference"] > 0),
            "achievable": achievable, "relevant": bool(covered >= LOW_RELEVANCE),
            "time_bound": record.get("target_year") is not None}


def indicator_statuses(scenario, extra: dict | None = None, as_of: int | None = None) -> list[dict]:
    """Every indicator of the scenario, in file order; `extra` maps an id to {year: value}."""
    extra = extra or {}
    return [indicator_status(i, extra.get(i.id), as_of, scenario.actions) for i in scenario.indicators]


def indicator_objective_records(scenario, statuses: list[dict]) -> list[dict]:
    by_id = {s["id"]: s for s in statuses}
    return [indicator_objective_record(o, by_id[o.indicator]) for o in scenario.indicator_objectives
            if o.indicator in by_id]
