"""The action catalogue file (``factors/actions.yaml``): where it is, how it is checked and loaded.

A catalogue holds action *templates* (lever, categories, value, ramp, REEN theme, owner, KPI, cost
model, sources or assumptions); ``sobriete.catalogue`` turns them into scenario actions.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .. import model
from ..errors import FactorDataError, InputErrors, error
from ..levers import LEVERS
from ..locale import Message, _, message_of

CATALOGUE_FILE = "actions.yaml"
BASES = ("fixed", "units", "removed_units", "purchases_avoided", "purchases_switched", "kwh_saved", "kwh_total",
         "it_kw", "tb_removed", "lines", "sites", "agents")
PER_LINE_AMOUNTS = ("price", "running", "electricity_price")
ACTION_KEYS = ("id", "label_fr", "label_en", "lever", "applies_to", "value", "ramp", "theme", "owner", "actors",
               "steps", "kpi", "conditions", "suggest", "effect", "cost")


# --- loading and checking the catalogue -----------------------------------------------------------

def catalogue_path():
    """The shipped catalogue (importlib.resources, package ``sobriete.factors``)."""
    return resources.files("sobriete.factors") / CATALOGUE_FILE


def parse_euros(text) -> float:
    """'20 EUR', '-120 EUR', 0.2 → a number of euros."""
    from .scenario_file import EUR
    from ..units import parse_value

    return float(parse_value(text, EUR))


def _documented(block: dict) -> bool:
    """A block is documented by a `source`, or by `assumption: true` with a justification."""
    if str(block.get("source") or "").strip():
        return True
    return block.get("assumption") is True and bool(str(block.get("justification") or "").strip())


def check_catalogue(data, label: str = CATALOGUE_FILE) -> list[str]:
    """Every problem of a catalogue document, as plain sentences (empty when valid)."""
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("actions"), list):
        return [f"{label}: a catalogue is a mapping with `parameters` and a list of `actions`"]
    parameters = data.get("parameters") or {}
    for name in ("prices", "running"):
        for category, entry in (parameters.get(name) or {}).items():
            where = f"{label}: parameters.{name}.{category}"
            if not isinstance(entry, dict) or "value" not in entry:
                problems.append(Message(_("{where}: needs a value"), where=where))
                continue
            try:
                parse_euros(entry["value"])
            except ValueError as exc:
                problems.append(Message(_("{where}: {problem}"), where=where, problem=message_of(exc)))
            if not _documented(entry):
                problems.append(Message(_("{where}: needs a source or `assumption: true` with a justification"),
                                        where=where))
    price = parameters.get("electricity_price")
    if not isinstance(price, dict) or "value" not in price or not _documented(price):
        problems.append(Message(_("{label}: parameters.electricity_price needs a value and a source"), label=label))
    seen = set()
    for position, entry in enumerate(data["actions"], start=1):
        where = f"{label}: action {position}"
        if not isinstance(entry, dict):
            problems.append(Message(_("{where}: must be a mapping"), where=where))
            continue
        action_id = entry.get("id")
        where = f"{label}: action {action_id!r}"
        if not action_id or action_id in seen:
            problems.append(Message(_("{where}: missing or duplicate id"), where=where))
        seen.add(action_id)
        for key in entry:
            if key not in ACTION_KEYS:
                problems.append(Message(_("{where}: unknown key {key!r}"), where=where, key=key))
        for key in ("label_fr", "label_en", "owner", "value"):
            if entry.get(key) in (None, ""):
                problems.append(Message(_("{where}: missing {key}"), where=where, key=key))
        if entry.get("lever") not in LEVERS:
            problems.append(Message(_("{where}: unknown lever {lever!r}"),
                                    where=where, lever=entry.get('lever')))
        applies = entry.get("applies_to")
        if not isinstance(applies, dict) or not (applies.get("categories") or applies.get("section")):
            problems.append(Message(_("{where}: applies_to needs categories or section"), where=where))
        else:
            sections = applies.get("section") or []
            for section in sections if isinstance(sections, list) else [sections]:
                if section not in model.SECTIONS:
                    problems.append(Message(_("{where}: unknown section {section!r}"), where=where, section=section))
        ramp = entry.get("ramp", 1)
        if isinstance(ramp, bool) or not isinstance(ramp, int) or ramp < 1:
            problems.append(Message(_("{where}: ramp must be a whole number of years ≥ 1"), where=where))
        if entry.get("theme") not in (1, 2, 3, 4, 5, 6):
            problems.append(Message(_("{where}: theme must be a REEN theme, 1 to 6"), where=where))
        kpi = entry.get("kpi")
        if not isinstance(kpi, dict) or not kpi.get("label") or not kpi.get("measure"):
            problems.append(Message(_("{where}: kpi needs a label and how to measure it"), where=where))
        for step in entry.get("steps") or []:
            if not isinstance(step, dict) or not step.get("label") or not 1 <= int(step.get("month", 0)) <= 12:
                problems.append(Message(_("{where}: each step needs a month (1-12) and a label"), where=where))
        effect = entry.get("effect")
        if not isinstance(effect, dict) or not _documented(effect):
            problems.append(Message(_("{where}: effect needs a source or `assumption: true` with a justification"),
                                    where=where))
        cost = entry.get("cost")
        if not isinstance(cost, dict):
            problems.append(Message(_("{where}: missing cost"), where=where))
            continue
        if not _documented(cost):
            problems.append(Message(_("{where}: cost needs a source or `assumption: true` with a justification"),
                                    where=where))
        for kind in ("one_off", "annual"):
            components = cost.get(kind)
            if not isinstance(components, list):
                problems.append(Message(_("{where}: cost.{kind} must be a list (possibly empty)"),
                                        where=where, kind=kind))
                continue
            for component in components:
                if not isinstance(component, dict) or component.get("per") not in BASES:
                    problems.append(Message(_("{where}: cost.{kind}: `per` must be one of {allowed}"),
                                            where=where, kind=kind, allowed=', '.join(BASES)))
                    continue
                amount = str(component.get("amount", "")).strip()
                if amount.lstrip("+-") in PER_LINE_AMOUNTS:
                    continue
                try:
                    parse_euros(amount)
                except ValueError as exc:
                    problems.append(Message(_("{where}: cost.{kind}: {problem}"),
                                            where=where, kind=kind, problem=message_of(exc)))
    return problems


def load_catalogue(path=None) -> dict:
    """The catalogue document, checked. The shipped one by default (a problem there is a bug: exit 1);
    a user file given as `path` raises InputErrors (exit 2)."""
    from .yamlsafe import load_yaml_file

    shipped = path is None
    source = Path(str(catalogue_path())) if shipped else Path(path)
    label = str(source)
    try:
        data = load_yaml_file(source, label)
    except InputErrors as exc:
        if shipped:
            raise FactorDataError(str(exc)) from exc
        raise
    problems = check_catalogue(data, label)
    if problems:
        if shipped:
            raise FactorDataError("; ".join(problems[:5]))
        raise InputErrors([error(p, path=label) for p in problems])
    return data
