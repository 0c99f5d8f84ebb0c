"""Load and validate a scenario file (DESIGN.md §6): every problem is collected, one per line."""

from __future__ import annotations

import math
from pathlib import Path

from .. import model
from ..errors import InputErrors, ScenarioError, error
from ..levers import FRACTION, LEVERS
from ..levers import lever as lever_of
from ..plan import (DIRECTIONS, INDICATOR_PREFIX, METRICS, REEN_THEMES, SEED_THEMES, SELECTORS, Action, Indicator,
                    IndicatorObjective, Objective, Scenario)
from ..text import allowed, did_you_mean
from ..units import QuantityKind, parse_value
from .inventory import load_inventory
from .userfiles import file_problem
from .yamlsafe import LineDict, load_yaml_file
from ..locale import Message, _, message_of

TOP_KEYS = ("baseline", "horizon", "method", "trend", "funding", "partners", "objectives", "actions",
            "title", "notes", "diagnostic", "indicators")
DIAGNOSTIC_KEYS = ("summary", "consultation", "uses", "infrastructure", "needs")
INDICATOR_KEYS = ("id", "label", "theme", "unit", "direction", "baseline", "target", "values", "source", "owner",
                  "frequency", "notes")
POINT_KEYS = ("year", "value")
# Keys of a carbon objective that an objective on an indicator does not take: its baseline and target
# are the indicator's.
CARBON_ONLY_KEYS = ("reduction", "annual_reduction", "reference_year", "target_year", "reference_value")
OBJECTIVE_KEYS = ("id", "label", "metric", "reduction", "annual_reduction", "reference_year",
                  "target_year", "reference_value", "indicator", "notes")
ACTION_KEYS = ("id", "label", "lever", "target", "value", "start", "ramp", "cost", "annual_cost", "theme",
               "owner", "actors", "steps", "kpi", "kpi_targets", "energy_saved", "notes", "source")
EUR = QuantityKind("amount in euros", "EUR", "EUR")
CO2E = QuantityKind("mass of CO2e", "kgCO2e", "kgCO2e")


class _Collector:
    def __init__(self, label: str):
        self.label = label
        self.problems = []

    def add(self, message, row=None, column=None, value=..., hint=None):
        self.problems.append(error(message, path=self.label, row=row, column=column, value=value, hint=hint,
                                   kind=ScenarioError))


def _line(mapping, key=None):
    if isinstance(mapping, LineDict):
        return mapping.key_lines.get(key, mapping.line) if key is not None else mapping.line
    return None


def _fraction(value, problems, row, column, *, low=None, high=None, signed=False):
    """'15%', '-25 %', 0.15 → a fraction; a change like '-25%' may be negative."""
    try:
        number = parse_value(value, FRACTION)
    except ValueError as exc:
        problems.add(message_of(exc), row, column, value)
        return None
    if not math.isfinite(number) or (low is not None and number < low) or (high is not None and number > high):
        bounds = (Message(_("must be between {low:g} and {high:g} (as a fraction or a percentage)"), low=low, high=high)
                  if high is not None else Message(_("must be at least {low:g} (as a fraction or a percentage)"), low=low))
        problems.add(bounds, row, column, value)
        return None
    return number


def _year(value, problems, row, column):
    if isinstance(value, bool) or not isinstance(value, int) or not (model.YEAR_MIN <= value <= model.YEAR_MAX):
        problems.add(Message(_("must be an integer year from {low} to {high}"), low=str(model.YEAR_MIN),
                             high=str(model.YEAR_MAX)), row, column, value)
        return None
    return value


def _text(mapping, key, problems, default=""):
    """A free-text field: a single value (a number is kept as written), never a list or mapping."""
    value = mapping.get(key)
    if value is None:
        return default
    if isinstance(value, (dict, list, set)):
        problems.add(_("must be a single value, not a list or mapping"), _line(mapping, key), key)
        return default
    return str(value)


def _list(mapping, key, problems, what):
    """A list of mappings (objectives, actions): None is empty; a scalar or mapping is a problem."""
    value = mapping.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(Message(_("must be a list of {what} (each item starting with '- ')"), what=what), _line(mapping, key), key,
                     value if not isinstance(value, dict) else ...)
        return []
    return value


def _kpi_targets(entry, problems):
    """`kpi_targets`: a mapping of years to values (numbers or short texts)."""
    raw = entry.get("kpi_targets")
    if raw is None:
        return {}
    row = _line(entry, "kpi_targets")
    if not isinstance(raw, dict):
        problems.add(_("kpi_targets must be a mapping year → value"), row, "kpi_targets")
        return {}
    result = {}
    for key, value in raw.items():
        key_row = _line(raw, key) or row
        year = int(key.strip()) if isinstance(key, str) and key.strip().isdigit() else key
        if isinstance(year, bool) or not isinstance(year, int) or not model.YEAR_MIN <= year <= model.YEAR_MAX:
            problems.add(Message(_("each key must be a year from {low} to {high}"), low=str(model.YEAR_MIN),
                                 high=str(model.YEAR_MAX)),
                         key_row, "kpi_targets", key)
            continue
        if value is None or isinstance(value, (dict, list, set)) or (isinstance(value, float) and not math.isfinite(value)):
            problems.add(_("each value must be a single finite value"), key_row, "kpi_targets",
                         value if not isinstance(value, (dict, list, set)) else ...)
            continue
        result[str(year)] = value
    return result


def _unknown_keys(mapping, keys, problems, context):
    for key in mapping:
        if key not in keys:
            problems.add(Message(_("unknown key {key!r}"), key=key), _line(mapping, key), context,
                         hint=did_you_mean(str(key), keys) or allowed(keys, limit=30))


def _lever_value(lever, value, problems, row):
    """The lever's value, read and bounded by the lever itself (``sobriete.levers``)."""
    column = "value"
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.add(Message(_("lever {lever!r} needs a value"), lever=lever), row, column)
        return None
    if isinstance(value, (dict, list, set, bool)):
        problems.add(_("must be a single value (a number, a percentage or a quantity)"), row, column,
                     value if isinstance(value, bool) else ...)
        return None
    try:
        return lever_of(lever).parse(value)
    except ValueError as exc:  # LeverError, or a unit the value cannot be read in
        problems.add(message_of(exc), row, column, value)
        return None


def _target(target, factors, problems, row):
    if target is None:
        return {}
    if not isinstance(target, dict):
        problems.add(_("target must be a mapping of selectors (category, section, service, site)"), row, "target",
                     target)
        return {}
    result = {}
    for key, value in target.items():
        key_row = _line(target, key) or row
        if key not in SELECTORS:
            problems.add(Message(_("unknown selector {key!r}"), key=key), key_row, "target",
                         hint=did_you_mean(str(key), SELECTORS) or allowed(SELECTORS))
            continue
        values = value if isinstance(value, list) else [value]
        accepted = []
        for item in values:
            text = str(item).strip()
            if key == "category":
                category = factors.category_of(text)
                if category is None:
                    problems.add(_("unknown category"), key_row, "target.category", item,
                                 hint=did_you_mean(text, factors.alias_names()) or allowed(factors.category_names()))
                    continue
                accepted.append(category)
            elif key == "section":
                if text not in model.SECTIONS:
                    problems.add(_("unknown section"), key_row, "target.section", item, hint=allowed(model.SECTIONS))
                    continue
                accepted.append(text)
            else:
                accepted.append(text)
        result[key] = accepted
    return result


def _money(value, problems, row, column, *, allow_negative=False):
    if value is None:
        return 0.0
    try:
        amount = parse_value(value, EUR)
    except ValueError as exc:
        problems.add(message_of(exc), row, column, value)
        return 0.0
    if not math.isfinite(amount) or (amount < 0 and not allow_negative):
        problems.add(_("must be a finite amount ≥ 0"), row, column, value)
        return 0.0
    return amount


def load_scenario(path, factors) -> Scenario:
    """Load a scenario and its baseline inventory; raises InputErrors listing every problem."""
    path = Path(path)
    label = str(path)
    problem = file_problem(path, label)
    if problem is not None:
        raise InputErrors([problem])
    data = load_yaml_file(path, label)
    problems = _Collector(label)
    if not isinstance(data, dict):
        raise InputErrors([error(_("a scenario must be a mapping with baseline, horizon, objectives and actions"),
                                 path=label, kind=ScenarioError)])
    _unknown_keys(data, TOP_KEYS, problems, None)
    inventory = None
    baseline = data.get("baseline")
    if not isinstance(baseline, str) or not baseline.strip():
        problems.add(_("baseline must be the path of the baseline inventory"), _line(data, "baseline"), "baseline")
    elif not (path.parent / baseline).is_dir() and \
            getattr(file_problem(path.parent / baseline, ""), "message", None) == "file not found":
        problems.add(_("baseline inventory not found"), _line(data, "baseline"), "baseline", baseline,
                     hint=f"the path is relative to the scenario file: {path.parent / baseline}")
    else:
        try:
            inventory = load_inventory(path.parent / baseline, factors)
        except InputErrors as exc:
            problems.problems.extend(exc.problems)
    base_year = inventory.year if inventory is not None else None
    horizon = _year(data.get("horizon"), problems, _line(data, "horizon"), "horizon")
    if horizon is not None and base_year is not None and horizon <= base_year:
        problems.add(Message(_("the horizon must come after the baseline year {year}"), year=str(base_year)),
                     _line(data, "horizon"),
                     "horizon", horizon)
    method = data.get("method", "amortized")
    if method not in ("amortized", "acquisition"):
        problems.add(_("unknown method"), _line(data, "method"), "method", method,
                     hint=_("allowed: amortized, acquisition"))

    trend, drift = {}, {}
    raw_trend = data.get("trend") or {}
    if not isinstance(raw_trend, dict):
        problems.add(_("trend must be a mapping (devices: 2%, laptop: 3%, electricity.FR: -1%)"),
                     _line(data, "trend"), "trend")
        raw_trend = {}
    for key, value in raw_trend.items():
        row = _line(raw_trend, key)
        rate = _fraction(value, problems, row, f"trend.{key}", low=-1.0, high=10.0)
        if rate is None:
            continue
        key = str(key)
        if "." in key:
            if factors.intensity(key) is None:
                problems.add(_("unknown factor id"), row, "trend", key,
                             hint=did_you_mean(key, factors.intensities) or "see `sobriete factors list`")
                continue
            drift[key] = rate
        elif key in model.SECTIONS:
            trend[key] = rate
        else:
            category = factors.category_of(key)
            if category is None:
                problems.add(_("unknown section or category"), row, "trend", key,
                             hint=did_you_mean(key, list(model.SECTIONS) + factors.alias_names())
                             or allowed(list(model.SECTIONS) + factors.category_names()))
                continue
            trend[category] = rate

    diagnostic = _diagnostic(data, problems)
    indicators = _indicators(data, problems, base_year, horizon)
    indicator_ids = [i.id for i in indicators]
    indicator_objectives = []
    objectives = []
    seen_ids = {}
    for position, entry in enumerate(_list(data, "objectives", problems, "objectives"), start=1):
        row = _line(entry) if isinstance(entry, dict) else None
        if not isinstance(entry, dict):
            problems.add(_("each objective must be a mapping"), row, "objectives", entry)
            continue
        _unknown_keys(entry, OBJECTIVE_KEYS, problems, "objective")
        objective_id = _text(entry, "id", problems) or f"objective-{position}"
        if objective_id in seen_ids:
            problems.add(Message(_("duplicate objective id (first on line {line})"), line=seen_ids[objective_id]), row, "id",
                         objective_id)
        seen_ids[objective_id] = row
        metric = _text(entry, "metric", problems, "total")
        if metric.startswith(INDICATOR_PREFIX):
            indicator_id = metric[len(INDICATOR_PREFIX):].strip()
            if indicator_id not in indicator_ids:
                problems.add(_("unknown indicator in metric"), _line(entry, "metric"), "metric", metric,
                             hint=did_you_mean(indicator_id, indicator_ids)
                             or (allowed(indicator_ids) if indicator_ids else _("declare it under `indicators:`")))
            for key in CARBON_ONLY_KEYS:
                if key in entry:
                    problems.add(Message(_("an objective on an indicator takes its baseline and target from the indicator "
                                         "{indicator!r}, not {key!r}"), indicator=indicator_id, key=key),
                                 _line(entry, key), key, hint=_("set them in the indicator's baseline and target"))
            indicator_objectives.append(IndicatorObjective(
                id=objective_id, indicator=indicator_id, label=_text(entry, "label", problems), position=position))
            continue
        if metric.startswith("category:"):
            category = factors.category_of(metric.split(":", 1)[1])
            if category is None:
                name = metric.split(":", 1)[1]
                problems.add(_("unknown category in metric"), _line(entry, "metric"), "metric", metric,
                             hint=did_you_mean(name, factors.alias_names()) or allowed(factors.category_names()))
            else:
                metric = f"category:{category}"
        elif metric.startswith("criterion:"):  # a criterion beyond carbon (DESIGN §4), e.g. criterion:water_use
            from ..criteria import CARBON, CRITERIA

            name = metric.split(":", 1)[1].strip()
            if name not in CRITERIA:
                problems.add(_("unknown criterion in metric"), _line(entry, "metric"), "metric", metric,
                             hint=did_you_mean(name, CRITERIA) or allowed(list(CRITERIA)))
            metric = "total" if name == CARBON else f"criterion:{name}"
        elif metric not in METRICS:
            problems.add(_("unknown metric"), _line(entry, "metric"), "metric", metric,
                         hint=did_you_mean(metric, METRICS) or allowed(list(METRICS) + ["category:<id>",
                                                                                         "criterion:<id>"]))
        if metric == "per_agent" and inventory is not None and not inventory.organisation.agents:
            problems.add(_("metric per_agent needs organisation.agents in the inventory"), _line(entry, "metric"),
                         "metric")
        if metric == "per_inhabitant" and inventory is not None and not inventory.organisation.population:
            problems.add(_("metric per_inhabitant needs organisation.population in the inventory"),
                         _line(entry, "metric"), "metric")
        has_reduction, has_annual = "reduction" in entry, "annual_reduction" in entry
        if has_reduction == has_annual:
            problems.add(_("give exactly one of reduction or annual_reduction"), row, "objective")
        reduction = _fraction(entry["reduction"], problems, _line(entry, "reduction"), "reduction", low=0.0,
                              high=1.0) if has_reduction else None
        annual = _fraction(entry["annual_reduction"], problems, _line(entry, "annual_reduction"),
                           "annual_reduction", low=0.0, high=1.0) if has_annual else None
        reference_value = None
        if entry.get("reference_value") is not None:
            try:
                reference_value = parse_value(entry["reference_value"], CO2E)
            except ValueError as exc:
                problems.add(message_of(exc), _line(entry, "reference_value"), "reference_value", entry["reference_value"])
            else:
                if not (math.isfinite(reference_value) and reference_value > 0):
                    problems.add(_("a reference footprint must be greater than 0"), _line(entry, "reference_value"),
                                 "reference_value", entry["reference_value"])
                    reference_value = None
        reference_year = entry.get("reference_year", base_year)
        reference_year = _year(reference_year, problems, _line(entry, "reference_year"), "reference_year") \
            if reference_year is not None else None
        target_year = entry.get("target_year")
        if target_year is None and has_reduction:
            problems.add(_("a reduction objective needs target_year"), row, "target_year")
        elif target_year is not None:
            target_year = _year(target_year, problems, _line(entry, "target_year"), "target_year")
        if None not in (reference_year, base_year, horizon) and reference_value is None and \
                not base_year <= reference_year <= horizon:
            problems.add(Message(_("reference_year must lie between the baseline year {year} and the horizon {horizon} "
                                   "(or give reference_value)"), year=str(base_year), horizon=str(horizon)), _line(entry, "reference_year"), "reference_year", reference_year)
        if None not in (target_year, horizon, base_year) and not base_year <= target_year <= horizon:
            problems.add(Message(_("target_year must lie between {year} and the horizon {horizon}"), year=str(base_year),
                                 horizon=str(horizon)),
                         _line(entry, "target_year"), "target_year", target_year)
        if None not in (target_year, reference_year) and target_year < reference_year:
            problems.add(_("target_year is before reference_year"), _line(entry, "target_year"), "target_year",
                         target_year)
        objectives.append(Objective(id=objective_id, metric=metric, reference_year=reference_year,
                                    target_year=target_year, reduction=reduction, annual_reduction=annual,
                                    reference_value=reference_value, label=_text(entry, "label", problems),
                                    indicator=_text(entry, "indicator", problems), position=position))

    actions = []
    load_notes: list[str] = []  # warnings about the file that do not stop it (Scenario.notes)
    seen_ids = {}
    for position, entry in enumerate(_list(data, "actions", problems, "actions"), start=1):
        row = _line(entry) if isinstance(entry, dict) else None
        if not isinstance(entry, dict):
            problems.add(_("each action must be a mapping"), row, "actions", entry)
            continue
        _unknown_keys(entry, ACTION_KEYS, problems, "action")
        action_id = _text(entry, "id", problems) or f"action-{position}"
        if action_id in seen_ids:
            problems.add(Message(_("duplicate action id (first on line {line})"), line=seen_ids[action_id]), row, "id",
                         action_id)
        seen_ids[action_id] = row
        lever = entry.get("lever")
        if lever not in LEVERS:
            problems.add(_("unknown lever"), _line(entry, "lever"), "lever", lever,
                         hint=did_you_mean(str(lever), LEVERS) or allowed(LEVERS))
            continue
        value = _lever_value(lever, entry.get("value"), problems, _line(entry, "value"))
        start = entry.get("start", (base_year + 1) if base_year is not None else None)
        start = _year(start, problems, _line(entry, "start"), "start") if start is not None else None
        if None not in (start, base_year, horizon) and not base_year <= start <= horizon:
            problems.add(Message(_("start must lie between {year} and the horizon {horizon}"), year=str(base_year),
                                 horizon=str(horizon)), _line(entry, "start"),
                         "start", start)
        ramp = entry.get("ramp", 1)
        if isinstance(ramp, bool) or not isinstance(ramp, int) or ramp < 1:
            problems.add(_("ramp must be a whole number of years ≥ 1"), _line(entry, "ramp"), "ramp", ramp)
            ramp = 1
        theme = _theme(entry.get("theme"), problems, _line(entry, "theme"), "theme")
        energy_saved = entry.get("energy_saved")
        if energy_saved is not None:
            energy_saved = _fraction(energy_saved, problems, _line(entry, "energy_saved"), "energy_saved",
                                     low=0.0, high=1.0)
        label_text = _text(entry, "label", problems)
        owner, kpi, notes = (_text(entry, "owner", problems), _text(entry, "kpi", problems),
                             _text(entry, "notes", problems))
        actors = entry.get("actors") or []
        if isinstance(actors, (str, int, float)):
            actors = [actors]
        if not isinstance(actors, list) or any(isinstance(a, (dict, list, set)) for a in actors):
            problems.add(_("actors must be a name or a list of names"), _line(entry, "actors"), "actors")
            actors = []
        steps = entry.get("steps") or []
        if not isinstance(steps, list) or not all(
                isinstance(s, dict) and "label" in s and not any(isinstance(v, (dict, list, set)) for v in s.values())
                for s in steps):
            problems.add(_("steps must be a list of {date, label}"), _line(entry, "steps"), "steps")
            steps = []
        kpi_targets = _kpi_targets(entry, problems)
        indicator_id = ""
        if kpi.startswith(INDICATOR_PREFIX):
            indicator_id = kpi[len(INDICATOR_PREFIX):].strip()
            if indicator_id not in indicator_ids:
                problems.add(_("unknown indicator in kpi"), _line(entry, "kpi"), "kpi", kpi,
                             hint=did_you_mean(indicator_id, indicator_ids)
                             or (allowed(indicator_ids) if indicator_ids else _("declare it under `indicators:`")))

        # checked even when the value or start is wrong (or the baseline failed), to list every problem
        target = _target(entry.get("target"), factors, problems, _line(entry, "target"))
        cost = _money(entry.get("cost"), problems, _line(entry, "cost"), "cost")
        annual_cost = _money(entry.get("annual_cost"), problems, _line(entry, "annual_cost"), "annual_cost",
                             allow_negative=True)
        if value is None or start is None:
            continue
        action = Action(
            id=action_id, lever=lever, value=value, start=start, target=target, ramp=ramp,
            cost=cost, annual_cost=annual_cost,
            label=label_text, theme=theme, owner=owner,
            actors=[str(a) for a in actors], steps=[{"date": str(s.get("date", "")), "label": str(s["label"])}
                                                    for s in steps],
            kpi=kpi, kpi_targets=kpi_targets, indicator=indicator_id, notes=notes, position=position)
        if energy_saved is not None:
            action.energy_saved = energy_saved
        if inventory is not None:
            note = _check_against_baseline(action, inventory, factors, problems, _line(entry), _line(entry, "value"))
            if note:
                load_notes.append(note)
        actions.append(action)
    funding, partners, title = (_text(data, key, problems) for key in ("funding", "partners", "title"))
    if not objectives and not indicator_objectives and not problems.problems:
        problems.add(_("a scenario needs at least one objective"), None, "objectives")
    if problems.problems:
        raise InputErrors(problems.problems)
    scenario = Scenario(path=label, inventory=inventory, horizon=horizon, method=method, trend=trend, drift=drift,
                        objectives=objectives, actions=actions, funding=funding, partners=partners, title=title,
                        notes=load_notes, diagnostic=diagnostic, indicators=indicators,
                        indicator_objectives=indicator_objectives)
    return scenario


def _diagnostic(data, problems) -> dict:
    """`diagnostic`: the territorial diagnostic, free texts (summary, consultation, uses,
    infrastructure, needs), in the order of DIAGNOSTIC_KEYS."""
    raw = data.get("diagnostic")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add(_("diagnostic must be a mapping (summary, consultation…)"), _line(data, "diagnostic"),
                     "diagnostic", raw if not isinstance(raw, list) else ...)
        return {}
    _unknown_keys(raw, DIAGNOSTIC_KEYS, problems, "diagnostic")
    texts = {key: _text(raw, key, problems) for key in DIAGNOSTIC_KEYS}
    return {key: text for key, text in texts.items() if text.strip()}


def indicator_value(value) -> float:
    """A measured or target value of an indicator: a number, or a text such as ``"12,5"`` or
    ``"70 %"`` (French decimal comma and spaced thousands accepted). Raises ValueError."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list, set)):
        raise ValueError("must be a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        from ..units import parse_number

        try:
            number, unit = parse_number(str(value).strip())
        except ValueError as exc:
            raise ValueError("must be a number" if str(exc) == "not a number" else str(exc)) from None
        if unit.strip() not in ("", "%"):
            raise ValueError(f"must be a number (without the unit {unit.strip()!r}: the indicator gives its unit)")
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    return number


def _theme(value, problems, row, column):
    """A REEN theme (1–6, also written "4") or a seed theme of the feuille de route."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in REEN_THEMES:
        return value
    if isinstance(value, str) and value.strip().lower() in SEED_THEMES:
        return value.strip().lower()
    choices = [str(t) for t in REEN_THEMES] + list(SEED_THEMES)
    problems.add(_("unknown theme: one of the six REEN themes (1 to 6) or a theme of the feuille de route"), row,
                 column, value if not isinstance(value, (dict, list, set)) else ...,
                 hint=(did_you_mean(str(value), SEED_THEMES) if isinstance(value, str) else None) or allowed(choices))
    return None


def _point(entry, key, problems, indicator_id):
    """`baseline` / `target`: {year, value} → (year, value), or None."""
    raw = entry.get(key)
    if raw is None:
        return None
    row = _line(entry, key)
    column = f"indicators.{key}"
    if not isinstance(raw, dict):
        problems.add(Message(_("{key} must be a mapping {{year: …, value: …}}"), key=key), row, column,
                     raw if not isinstance(raw, list) else ...)
        return None
    _unknown_keys(raw, POINT_KEYS, problems, column)
    missing = [k for k in POINT_KEYS if raw.get(k) is None]
    if missing:
        problems.add(Message(_("indicator {indicator!r}: {key} needs {missing}"), indicator=indicator_id, key=key,
                             missing=" + ".join(missing)), row, column)
        return None
    year = _year(raw["year"], problems, _line(raw, "year") or row, f"{column}.year")
    try:
        value = indicator_value(raw["value"])
    except ValueError as exc:
        problems.add(str(exc), _line(raw, "value") or row, f"{column}.value", raw["value"])
        return None
    return (year, value) if year is not None else None


def _indicators(data, problems, base_year, horizon) -> list:
    """`indicators`: SMART indicators beyond carbon (DESIGN §6), each checked with located problems."""
    indicators = []
    seen = {}
    for position, entry in enumerate(_list(data, "indicators", problems, "indicators"), start=1):
        row = _line(entry) if isinstance(entry, dict) else None
        if not isinstance(entry, dict):
            problems.add(_("each indicator must be a mapping (id, label, baseline, target…)"), row, "indicators", entry)
            continue
        _unknown_keys(entry, INDICATOR_KEYS, problems, "indicator")
        indicator_id = _text(entry, "id", problems).strip()
        if not indicator_id:
            problems.add(_("each indicator needs an id (used by `metric: indicator:<id>` and the CSV of values)"),
                         row, "id")
            continue
        if indicator_id in seen:
            problems.add(Message(_("duplicate indicator id (first on line {line})"), line=seen[indicator_id]), _line(entry, "id"), "id",
                         indicator_id)
            continue
        seen[indicator_id] = row
        theme = _theme(entry.get("theme"), problems, _line(entry, "theme"), "theme")
        baseline = _point(entry, "baseline", problems, indicator_id)
        target = _point(entry, "target", problems, indicator_id)
        direction = entry.get("direction")
        if direction is not None and direction not in DIRECTIONS:
            problems.add(_("direction must be up (higher is better) or down (lower is better)"),
                         _line(entry, "direction"), "direction", direction, hint=allowed(DIRECTIONS))
            direction = None
        if baseline and target:
            if target[0] <= baseline[0]:
                problems.add(Message(_("indicator {indicator!r}: the target year {target} must come after the "
                                     "baseline year {baseline}"), indicator=indicator_id, target=target[0],
                                     baseline=baseline[0]), _line(entry, "target"), "target.year", target[0])
            change = target[1] - baseline[1]
            if direction is None:
                direction = "down" if change < 0 else "up"
            elif (direction == "up" and change < 0) or (direction == "down" and change > 0):
                message = (_("indicator {indicator!r}: direction {direction} contradicts a target below the baseline "
                             "({target:g} against {baseline:g})") if change < 0 else
                           _("indicator {indicator!r}: direction {direction} contradicts a target above the baseline "
                             "({target:g} against {baseline:g})"))
                problems.add(Message(message, indicator=indicator_id, direction=direction, target=target[1],
                                     baseline=baseline[1]),
                             _line(entry, "direction") or _line(entry, "target"), "direction", direction,
                             hint=Message(_("direction: {suggested}, or correct the target"),
                                          suggested="down" if change < 0 else "up"))
        direction = direction or "up"
        if target is not None and horizon is not None and target[0] > horizon:
            problems.add(Message(_("indicator {indicator!r}: the target year {target} is after the horizon {horizon}"),
                                     indicator=indicator_id, target=target[0], horizon=horizon),
                         _line(entry, "target"), "target.year", target[0])
        if baseline is not None and horizon is not None and baseline[0] > horizon:
            problems.add(Message(_("indicator {indicator!r}: the baseline year {baseline} is after the horizon {horizon}"),
                                 indicator=indicator_id, baseline=baseline[0], horizon=horizon), _line(entry, "baseline"), "baseline.year", baseline[0])
        first = baseline[0] if baseline is not None else base_year
        values = _indicator_values(entry, problems, indicator_id, first, horizon)
        indicators.append(Indicator(
            id=indicator_id, label=_text(entry, "label", problems), theme=theme, unit=_text(entry, "unit", problems),
            direction=direction, baseline=baseline, target=target, values=values,
            source=_text(entry, "source", problems), owner=_text(entry, "owner", problems),
            frequency=_text(entry, "frequency", problems), position=position))
    return indicators


def _indicator_values(entry, problems, indicator_id, first, horizon) -> dict:
    """`values`: year → measured value, every year within the plan (from the indicator's baseline year,
    else the scenario's, to the horizon)."""
    raw = entry.get("values")
    if raw is None:
        return {}
    row = _line(entry, "values")
    if not isinstance(raw, dict):
        problems.add(_("values must be a mapping year → measured value ({{2025: 31}})"), row, "values",
                     raw if not isinstance(raw, list) else ...)
        return {}
    values = {}
    for key, value in raw.items():
        key_row = _line(raw, key) or row
        year = int(key.strip()) if isinstance(key, str) and key.strip().isdigit() else key
        if isinstance(year, bool) or not isinstance(year, int):
            problems.add(_("each key must be a year"), key_row, "values", key)
            continue
        if None not in (first, horizon) and not first <= year <= horizon:
            problems.add(Message(_("indicator {indicator!r}: a value for {year}, outside the plan ({first} to {horizon})"),
                                 indicator=indicator_id, year=year, first=first, horizon=horizon),
                         key_row, "values", year)
            continue
        try:
            values[year] = indicator_value(value)
        except ValueError as exc:
            problems.add(str(exc), key_row, f"values.{year}", value if not isinstance(value, (dict, list, set))
                         else ...)
    return dict(sorted(values.items()))


def _check_against_baseline(action, inventory, factors, problems, row, value_row) -> str | None:
    """What a lever value does to the baseline's lines: a lifespan shortened to nothing is refused
    (it would be silently clamped); a target that selects no line gets a note (the action would
    change nothing)."""
    import numpy as np

    selected = []
    for section in model.SECTIONS:
        frame = inventory.sections.get(section)
        if frame is None or not len(frame):
            continue
        mask = np.ones(len(frame), dtype=bool)
        for key, accepted in action.target.items():
            column = (np.full(len(frame), section, dtype=object) if key == "section"
                      else frame[key].astype(object).to_numpy() if key in frame.columns
                      else np.full(len(frame), None, dtype=object))
            mask &= np.isin(column, np.array(accepted, dtype=object))
        if mask.any():
            selected.append((section, frame.loc[mask]))
    if not selected:
        where = f"{problems.label}:{row}" if row else problems.label
        return (f"{where}: action {action.id!r}: its target selects no line of the baseline inventory "
                "(it changes nothing)")
    value = action.value
    if action.lever == "lifespan" and getattr(value, "mode", None) == "add" and value.amount < 0:
        shortest = math.inf
        for section, frame in selected:
            if section not in ("devices", "hosting"):
                continue
            lifespans = frame["lifespan"].to_numpy(float)
            defaults = factors.profile_values(frame["category"].to_numpy(dtype=object), "lifespan")
            lifespans = np.where(np.isnan(lifespans), defaults, lifespans)
            lifespans = lifespans[np.isfinite(lifespans)]
            if len(lifespans):
                shortest = min(shortest, float(lifespans.min()))
        if math.isfinite(shortest) and shortest + value.amount <= 0:
            problems.add(Message(_("a lifespan change of {change:g} years leaves no lifespan on the targeted lines "
                                   "(the shortest is {shortest:g} years)"), change=value.amount, shortest=shortest),
                         value_row, "value",
                         hint=Message(_("shorten by less than {shortest:g} years, or set a lifespan ('value: 2 years')"),
                                      shortest=shortest))
    return None
