"""Candidate actions for an inventory, with documented costs and effects (the action catalogue).

``factors/actions.yaml`` holds action *templates* (read by ``sobriete.io.catalogue_file``).
:func:`suggest_actions` turns them into scenario actions (DESIGN §6) for the categories an
inventory actually has:

- the target lists only the template's categories present in the inventory (equipment levers
  only count equipment lines; a PUE target also names the sites whose PUE is above the value, so
  that no line gets a higher PUE);
- ``start`` is the year after the inventory's, ``cost`` and ``annual_cost`` are computed from the
  inventory: each cost component is an amount per *basis* (units affected, units removed,
  purchases avoided per year, kWh saved per year, agents, sites…), see the catalogue's header;
- the notes give the estimated effect at full ramp (the footprint engine on a steady fleet, the
  convention of trajectories), the cost arithmetic, and the sources — or say « hypothèse ».

What each lever does, where it applies and what it costs per basis is in ``sobriete.levers``;
the scenario file around the suggestions is written by ``sobriete.documents.scenario_yaml``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from .io.catalogue_file import PER_LINE_AMOUNTS, load_catalogue, parse_euros
from .levers import LeverValue, LineView
from .levers import lever as lever_of
from .plan import Action

MAX_SUGGESTED = 20  # leaves room under the scenario engine's exact-search limit for the user's own actions


# --- the inventory's lines and their per-line quantities -------------------------------------------

def _lines(inventory):
    from .scenario import _base_lines

    return _base_lines(inventory)


def _line_view(lines, factor_set) -> LineView:
    """Per-line arrays in canonical units: what the cost bases are computed from."""
    categories = lines["category"].to_numpy(dtype=object)
    methods = factor_set.profile_attribute(categories, "method")
    spend = lines["spend"].to_numpy(float)
    equipment = (methods == "equipment") & np.isnan(spend)
    quantity = lines["quantity"].to_numpy(float)
    share = np.nan_to_num(lines["share"].to_numpy(float), nan=1.0)
    lifespan = lines["lifespan"].to_numpy(float)
    lifespan = np.where(np.isnan(lifespan), factor_set.profile_values(categories, "lifespan"), lifespan)
    electricity = lines["electricity"].to_numpy(float)
    electricity = np.where(np.isnan(electricity), factor_set.profile_values(categories, "electricity"), electricity)
    electricity = np.nan_to_num(electricity)
    sections = lines["section"].to_numpy(dtype=object)
    line_pue = lines["pue"].to_numpy(float)
    profile_pue = factor_set.profile_values(categories, "pue")
    default = factor_set.intensity("datacenter.pue")
    pue = np.where(~np.isnan(line_pue), line_pue, np.where(~np.isnan(profile_pue), profile_pue,
                                                           default.value if default else 1.0))
    hosting = equipment & (sections == "hosting")
    pue = np.where(hosting, pue, 1.0)
    return LineView(
        category=categories, section=sections, equipment=equipment,
        units=np.where(equipment | np.isin(methods, ["cloud_storage", "cloud", "activity"]), quantity * share, 0.0),
        lifespan=lifespan, electricity=electricity, pue=pue, hosting=hosting,
        refurbished=lines["refurbished"].to_numpy(bool),
        leased=lines["ownership"].astype(object).to_numpy() == "leased",
        storage=np.nan_to_num(lines["storage"].to_numpy(float)),
        site=lines["site"].to_numpy(dtype=object),
        page_weight=lines["page_weight"].to_numpy(float),
        ecoindex_size=lines["ecoindex.size"].to_numpy(float),
        data_transfer=lines["data_transfer"].to_numpy(float),
    )


def _steady_total(lines, inventory, factor_set) -> float:
    """Total footprint of these lines on a steady fleet (the trajectories' convention)."""
    from .footprint import compute_footprint
    from .scenario import inventory_of, split_by_section

    copy = inventory_of(split_by_section(lines), inventory, inventory.year)
    return float(compute_footprint(copy, factor_set, steady=True).total)


# --- from a template to an action ------------------------------------------------------------------

def _lever_value(lever: str, value) -> LeverValue:
    """A template's value, read and bounded by its lever (the same parser as scenario files)."""
    return lever_of(lever).parse(value)


def _sections(applies) -> list:
    sections = applies.get("section") or []
    return sections if isinstance(sections, list) else [sections]


def _target_lines(template, lines, view, factor_set, lever_value) -> tuple[dict, np.ndarray, str]:
    """The target selectors, the mask of the lines they select that the lever changes, and ''
    (or why nothing fits)."""
    applies = template["applies_to"]
    lever = template["lever"]
    wanted = [factor_set.category_of(str(c)) for c in applies.get("categories") or []]
    sections = _sections(applies)
    eligible = np.ones(len(lines), dtype=bool)
    if wanted:
        eligible &= np.isin(view["category"], np.array(wanted, dtype=object))
    if sections:
        eligible &= np.isin(view["section"], np.array(sections, dtype=object))
    if lever_of(lever).needs_equipment(wanted):
        eligible &= view["equipment"]
    eligible &= lever_of(lever).eligible(view, lever_value)
    if not eligible.any():
        return {}, eligible, "no line of the inventory fits"
    present = [c for c in dict.fromkeys(view["category"][eligible])]
    target = {}
    if wanted:
        target["category"] = present[0] if len(present) == 1 else present
    elif sections:
        used = [s for s in dict.fromkeys(view["section"][eligible])]
        target["section"] = used[0] if len(used) == 1 else used
    target, mask, why = lever_of(lever).refine_target(target, view, eligible, lever_value,
                                                      lambda selectors: _mask(lines, selectors))
    if why:
        return {}, mask, why
    return target, mask & eligible, ""


def _mask(lines, target: dict) -> np.ndarray:
    mask = np.ones(len(lines), dtype=bool)
    for key, accepted in target.items():
        accepted = accepted if isinstance(accepted, list) else [accepted]
        mask &= np.isin(lines[key].astype(object).to_numpy(), np.array(accepted, dtype=object))
    return mask


def _bases(template, lever_value, view, mask, inventory) -> dict:
    """Per-line (arrays over all lines, zero outside the mask) or scalar cost bases."""
    equipment = mask & view["equipment"]
    units = np.where(mask, view["units"], 0.0)
    life = np.where(view["lifespan"] > 0, view["lifespan"], np.nan)
    purchases = np.nan_to_num(np.where(equipment, units / life, 0.0))
    kwh = np.where(equipment, units * view["electricity"] * view["pue"], 0.0)
    zeros = np.zeros(len(units))
    specific = lever_of(template["lever"]).bases(view, lever_value, mask, equipment, units, purchases, kwh)
    removed, avoided, switched, saved, it_kw, tb_removed = (
        specific.get(key, zeros) for key in ("removed_units", "purchases_avoided", "purchases_switched",
                                             "kwh_saved", "it_kw", "tb_removed"))
    sites = {s for s in view["site"][mask] if isinstance(s, str) and s}
    return {
        "fixed": 1.0, "units": units, "removed_units": removed, "purchases_avoided": avoided,
        "purchases_switched": switched, "kwh_saved": saved, "kwh_total": kwh, "it_kw": it_kw,
        "tb_removed": tb_removed, "lines": float(mask.sum()), "sites": float(max(1, len(sites))),
        "agents": float(inventory.organisation.agents or 0.0),
    }


def _per_line_amount(keyword: str, parameters: dict, view) -> np.ndarray:
    """Per-line euros for `price`, `running` or `electricity_price`.

    A leased line whose category has a running cost (copiers) carries its lease there: its
    purchase price is 0, so that a removed copier is not counted twice."""
    categories = view["category"]
    if keyword == "electricity_price":
        value = parse_euros(parameters["electricity_price"]["value"])
        return np.full(len(categories), value)
    table = parameters.get("prices" if keyword == "price" else "running") or {}
    values = {c: parse_euros(entry["value"]) for c, entry in table.items()}
    amounts = np.array([values.get(c, 0.0) for c in categories], dtype=float)
    if keyword == "price":
        running = parameters.get("running") or {}
        has_running = np.array([c in running for c in categories], dtype=bool)
        amounts = np.where(view["leased"] & has_running, 0.0, amounts)
    return amounts


BASIS_FR = {"fixed": "forfait", "units": "unité(s)", "removed_units": "unité(s) retirée(s)",
            "purchases_avoided": "achat(s) évité(s) par an",
            "purchases_switched": "achat(s) reconditionné(s) par an",
            "kwh_saved": "kWh économisé(s) par an", "kwh_total": "kWh par an", "it_kw": "kW informatique(s)",
            "tb_removed": "To supprimé(s)", "lines": "ligne(s) visée(s)", "sites": "salle(s)", "agents": "agent(s)"}


def _costs(template, bases, view, parameters) -> tuple[float, float, list[str]]:
    """(one-off cost, annual cost, French explanation of each component)."""
    totals, explained = {"one_off": 0.0, "annual": 0.0}, []
    for kind in ("one_off", "annual"):
        for component in template["cost"].get(kind) or []:
            basis = bases[component["per"]]
            amount_text = str(component["amount"]).strip()
            keyword = amount_text.lstrip("+-")
            sign = -1.0 if amount_text.startswith("-") else 1.0
            if keyword in PER_LINE_AMOUNTS:
                per_line = sign * _per_line_amount(keyword, parameters, view)
                basis_array = basis if isinstance(basis, np.ndarray) else \
                    np.full(len(per_line), basis / max(1, len(per_line)))
                value = float(np.sum(basis_array * per_line))
                quantity = float(np.sum(basis_array))
                average = value / quantity if quantity else 0.0
                unit_text = f"{_num(average)} €" if keyword == "electricity_price" else \
                    f"{_num(average)} € ({keyword_fr(keyword)})"
            else:
                amount = parse_euros(amount_text)
                quantity = float(np.sum(basis)) if isinstance(basis, np.ndarray) else float(basis)
                value = amount * quantity
                unit_text = f"{_num(amount)} €"
            totals[kind] += value
            if abs(value) >= 0.5 or quantity:
                label = "ponctuel" if kind == "one_off" else "par an"
                explained.append(f"{component.get('what', component['per'])} : {_num(quantity)} "
                                 f"{BASIS_FR[component['per']]} × {unit_text} = {_num(value)} € ({label})")
    return round(totals["one_off"]), round(totals["annual"]), explained


def keyword_fr(keyword: str) -> str:
    return {"price": "prix d'achat moyen", "running": "coût courant moyen par an"}.get(keyword, keyword)


def _num(value: float, decimals: int | None = None) -> str:
    """French number: 12 345, 23,10, −0,20."""
    if decimals is None:
        decimals = 0 if abs(value - round(value)) < 1e-9 or abs(value) >= 100 else 2
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",").replace("-", "−")


def _kpi_target(template, lever_value, view, mask, bases) -> float | None:
    kpi = template.get("kpi") or {}
    if kpi.get("target") is not None:
        return float(kpi["target"])
    return lever_of(template["lever"]).kpi_target(view, lever_value, mask, bases, template)


def _steps(template, start: int) -> list[dict]:
    steps = []
    for step in template.get("steps") or []:
        year = start + int(step.get("year", 0))
        steps.append({"date": f"{year}-{int(step['month']):02d}", "label": str(step["label"])})
    return steps


def _source_text(block: dict) -> str:
    if str(block.get("source") or "").strip():
        return " ".join(str(block["source"]).split()).rstrip(".")
    justification = " ".join(str(block.get("justification", "")).split()).rstrip(".")
    if justification[:1].isupper() and not justification[1:2].isupper():
        justification = justification[0].lower() + justification[1:]
    return "hypothèse : " + justification


def _suggest(inventory, factor_set, catalogue=None, *, max_actions: int = MAX_SUGGESTED) -> list[tuple[dict, dict]]:
    """(scenario action mapping, details) for every template that fits the inventory."""
    import pandas as pd

    from .scenario import apply_action

    catalogue = load_catalogue() if catalogue is None else catalogue
    if isinstance(catalogue, (str, Path)):
        catalogue = load_catalogue(catalogue)
    if not inventory.line_count:
        return []
    lines = _lines(inventory)
    view = _line_view(lines, factor_set)
    parameters = catalogue.get("parameters") or {}
    start = inventory.year + 1
    baseline = _steady_total(lines, inventory, factor_set)
    suggestions = []
    for template in catalogue["actions"]:
        if template.get("suggest") is False:
            continue
        conditions = template.get("conditions") or {}
        agents = inventory.organisation.agents
        if conditions.get("requires_agents") and not agents:
            continue
        lever = template["lever"]
        value = template["value"]
        if value == "match_agents":
            if not agents:
                continue
            target, mask, why = _target_lines(template, lines, view, factor_set, LeverValue("change", -0.1))
            fleet = float(np.sum(np.where(mask, view["units"], 0.0)))
            if why or fleet <= agents:
                continue
            cut = math.floor(100 * (fleet - agents) / fleet)
            if cut < 1:
                continue
            value = f"-{cut}%"
        lever_value = _lever_value(lever, value)
        target, mask, why = _target_lines(template, lines, view, factor_set, lever_value)
        if why:
            continue
        units = float(np.sum(np.where(mask & view["equipment"], view["units"], 0.0)))
        if units < float(conditions.get("min_units", 0)):
            continue
        wanted = [factor_set.category_of(str(c)) for c in template["applies_to"].get("categories") or []]
        done, already = lever_of(lever).already_done(view, wanted, lever_value)
        if done:
            continue
        action = Action(id=str(template["id"]), lever=lever, value=lever_value, start=start,
                        target=target_lists(target), ramp=int(template.get("ramp", 1)))
        changed = apply_action(lines.loc[mask], action, factor_set)
        modified = pd.concat([lines.loc[~mask], changed]).sort_index()
        effect = baseline - _steady_total(modified, inventory, factor_set)
        if lever_of(lever).location_based and effect <= 1e-9:
            continue
        bases = _bases(template, lever_value, view, mask, inventory)
        cost, annual_cost, explained = _costs(template, bases, view, parameters)
        kpi = template.get("kpi") or {}
        kpi_label = str(kpi.get("label", ""))
        unit = str(kpi.get("unit") or "").strip()
        kpi_text = f"{kpi_label} ({unit})" if unit else kpi_label
        full_year = start + action.ramp - 1
        kpi_value = _kpi_target(template, lever_value, view, mask, bases)
        kpi_targets = {full_year: _round_kpi(kpi_value)} if kpi_value is not None else {}
        effect_source = _source_text(template["effect"])
        cost_source = _source_text(template["cost"])
        share = effect / baseline if baseline else 0.0
        percent = f"{share * 100:.1f}".replace(".", ",")
        estimate = _num(effect, 0 if effect >= 10 else 1)
        notes = (f"Effet estimé à plein régime : −{estimate} kgCO2e/an ({percent} % de l'empreinte en régime "
                 "permanent, calculé par sobriete). Coût — " + " ; ".join(explained or ["aucun"])
                 + f". Source des coûts — {cost_source}.{already} Mesure de l'indicateur : "
                 + " ".join(str(kpi.get("measure", "")).split()))
        mapping = {
            "id": str(template["id"]), "label": str(template["label_fr"]), "lever": lever, "target": target,
            "value": _value_text(value), "start": start, "ramp": action.ramp,
            "cost": f"{cost} EUR", "annual_cost": f"{annual_cost} EUR", "theme": int(template["theme"]),
            "owner": str(template["owner"]), "actors": [str(a) for a in template.get("actors") or []],
            "steps": _steps(template, start), "kpi": kpi_text, "kpi_targets": kpi_targets,
            "source": effect_source, "notes": notes,
        }
        details = {"effect": effect, "share": share, "units": units, "cost": cost, "annual_cost": annual_cost,
                   "assumption": not str(template["effect"].get("source") or ""),
                   "cost_assumption": not str(template["cost"].get("source") or ""), "explained": explained}
        suggestions.append((mapping, details))
    if len(suggestions) > max_actions:
        keep = sorted(range(len(suggestions)), key=lambda i: -suggestions[i][1]["effect"])[:max_actions]
        suggestions = [suggestions[i] for i in sorted(keep)]
    return suggestions


def target_lists(target: dict) -> dict:
    return {key: value if isinstance(value, list) else [value] for key, value in target.items()}


def _round_kpi(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _value_text(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def suggest_actions(inventory, factor_set, catalogue=None) -> list[dict]:
    """Scenario action mappings (DESIGN §6) for the categories `inventory` actually has.

    `catalogue` is a loaded catalogue document or a path; the shipped ``factors/actions.yaml`` by
    default. Costs are computed from the inventory as documented in the catalogue; the notes give
    the estimated effect at full ramp and cite the source of each figure, or say « hypothèse ».
    """
    return [mapping for mapping, _ in _suggest(inventory, factor_set, catalogue)]


def suggest_with_details(inventory, factor_set, catalogue=None) -> list[tuple[dict, dict]]:
    """Like :func:`suggest_actions`, with each action's estimated effect (kgCO2e/year) and cost parts."""
    return _suggest(inventory, factor_set, catalogue)
