"""Trajectories, objectives and the cheapest plan that meets them (DESIGN.md §6).

How it works, in four steps, all through the footprint engine (no second implementation of
the formulas):

1. **Variants.** Lines are grouped into *partitions*: lines targeted by the same set of actions.
   For each partition and each subset of its actions, the actions are applied in file order at
   full effect, giving one variant of the partition's lines. A line targeted by k actions has
   2^k variants, so the variant table stays small even for 20 candidate actions.
2. **Years.** For each year from the baseline to the horizon, the variants are scaled by the
   business-as-usual trend (fleet growth, factor drift) and computed as a steady fleet
   (``compute_footprint(steady=True)``). Ramps combine the full-effect variants: with the
   subset's actions t1 < … < tm in file order, the partition's emissions are
   E(∅) + Σ_j f_tj(y) × (E(t1…tj) − E(t1…tj−1)), f being each action's ramp fraction.
3. **Subsets.** A plan's value is the sum over partitions of the value of its actions in that
   partition, so every subset of the candidate actions is evaluated exactly by table look-ups,
   vectorised over all 2^N subsets (exhaustive search, hence optimal).
4. **Choice and uncertainty.** The cheapest subset within budget that meets every objective
   is chosen (ties: lower cost, fewer actions, file order); if none does, the one with the
   smallest Σ gap / target. Monte Carlo draws, shared by BAU and plan across all years, give the
   probability that each objective is met.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import model
from .errors import InputErrors, error
from .footprint import compute_footprint
from .plan import Action, Objective, Scenario

MAX_EXACT_ACTIONS = 22
REL_TOL = 1e-9
CHUNK = 1 << 15


# --- levers -------------------------------------------------------------------------------------

def target_mask(lines, action: Action) -> np.ndarray:
    """Lines matched by every selector of the action's target (no target: every line)."""
    mask = np.ones(len(lines), dtype=bool)
    for key, accepted in action.target.items():
        column = lines[key].astype(object).to_numpy()
        mask &= np.isin(column, np.array(accepted, dtype=object))
    return mask


def _profile_values(factor_set, categories, key) -> np.ndarray:
    return np.array([factor_set.profiles[c].values.get(key, np.nan) for c in categories], dtype=float)


def apply_action(lines, action: Action, factor_set):
    """The lines with the action at full effect (a copy). `lines` holds only targeted lines."""
    lines = lines.copy()
    if not len(lines):
        return lines
    categories = lines["category"].to_numpy(dtype=object)
    methods = np.array([factor_set.profiles[c].method for c in categories], dtype=object)
    equipment = (methods == "equipment") & lines["spend"].isna().to_numpy()
    value = action.value
    lever = action.lever
    if lever == "lifespan":
        current = lines["lifespan"].to_numpy(float)
        current = np.where(np.isnan(current), _profile_values(factor_set, categories, "lifespan"), current)
        new = np.full(len(lines), value.amount) if value.mode == "set" else current + value.amount
        new = np.maximum(new, 0.1)
        lines["lifespan"] = np.where(equipment, new, lines["lifespan"].to_numpy(float))
    elif lever == "refurbished":
        share = value.amount
        own = lines["embodied"].to_numpy(float)
        new_unit = np.where(np.isnan(own), _profile_values(factor_set, categories, "embodied"), own)
        refurbished_unit = _profile_values(factor_set, categories, "refurbished_embodied")
        refurbished_unit = np.where(np.isnan(refurbished_unit), new_unit, refurbished_unit)
        already = lines["refurbished"].to_numpy(bool)
        mix = (1 - share) * new_unit + share * refurbished_unit
        apply = equipment & ~already
        lines["embodied"] = np.where(apply, mix, own)
    elif lever == "fleet":
        lines["quantity"] = lines["quantity"].to_numpy(float) * (1 + value.amount)
    elif lever == "electricity":
        current = lines["electricity"].to_numpy(float)
        default = _profile_values(factor_set, categories, "electricity")
        current = np.where(np.isnan(current) & equipment, default, current)
        lines["electricity"] = current * (1 + value.amount)
    elif lever == "pue":
        hosting = (lines["section"].to_numpy(dtype=object) == "hosting") & (equipment | (categories == "colocation"))
        lines["pue"] = np.where(hosting, value.amount, lines["pue"].to_numpy(float))
    elif lever == "consolidate":
        removed = value.amount
        current = lines["electricity"].to_numpy(float)
        current = np.where(np.isnan(current), _profile_values(factor_set, categories, "electricity"), current)
        per_unit = current * (1 - removed * action.energy_saved) / (1 - removed)
        lines["quantity"] = np.where(equipment, lines["quantity"].to_numpy(float) * (1 - removed),
                                     lines["quantity"].to_numpy(float))
        lines["electricity"] = np.where(equipment, per_unit, lines["electricity"].to_numpy(float))
    elif lever == "page_weight":
        lines["page_weight"] = lines["page_weight"].to_numpy(float) * (1 + value.amount)
        lines["ecoindex.size"] = lines["ecoindex.size"].to_numpy(float) * (1 + value.amount)
    elif lever == "data_transfer":
        lines["data_transfer"] = lines["data_transfer"].to_numpy(float) * (1 + value.amount)
    elif lever == "electricity_factor":
        lines["market_factor"] = value.amount
    return lines


# --- variants and yearly values ------------------------------------------------------------------

@dataclass
class Partition:
    actions: list  # indices into scenario.actions, file order
    line_count: int


@dataclass
class Trajectories:
    """Everything the outputs need: years, per-variant values, subset evaluation, draws."""

    scenario: Scenario
    years: list
    partitions: list
    variant_partition: np.ndarray  # variant → partition
    variant_mask: np.ndarray  # variant → local subset bitmask
    values: dict  # metric → array (variants × years), full effect
    footprints: list  # per year: Footprint of all variants
    line_variant: list  # per year: variant of each footprint line
    reporting: object  # Footprint of the reporting year (not steady)
    metrics: list
    notes: list = field(default_factory=list)


def _base_lines(inventory):
    import pandas as pd

    frames = []
    for section in model.SECTIONS:
        frame = inventory.sections[section]
        if len(frame):
            frames.append(frame.assign(section=section,
                                       _source=np.asarray(inventory.locations.get(section, []), dtype=object)
                                       if len(inventory.locations.get(section, [])) == len(frame)
                                       else inventory.source))
    if not frames:
        raise InputErrors([error("the baseline inventory has no lines", path=inventory.source)])
    lines = pd.concat(frames, ignore_index=True)
    lines["market_factor"] = np.nan
    return lines


def _growth(lines, scenario: Scenario) -> np.ndarray:
    """Yearly growth rate of each line: its category's trend, else its section's, else 0."""
    rates = np.zeros(len(lines))
    sections = lines["section"].to_numpy(dtype=object)
    categories = lines["category"].to_numpy(dtype=object)
    for key, rate in scenario.trend.items():
        if key in model.SECTIONS:
            rates = np.where(sections == key, rate, rates)
    for key, rate in scenario.trend.items():
        if key not in model.SECTIONS:
            rates = np.where(categories == key, rate, rates)
    return rates


SCALED_COLUMNS = ("quantity", "page_views", "data_transfer", "spend", "storage")


def metric_names(scenario: Scenario) -> list[str]:
    names = ["total", "embodied", "use"]
    for objective in scenario.objectives:
        if objective.metric.startswith("category:") and objective.metric not in names:
            names.append(objective.metric)
    return names


def build_trajectories(scenario: Scenario, factor_set) -> Trajectories:
    import pandas as pd

    from .model import Inventory

    n_actions = len(scenario.actions)
    if n_actions > MAX_EXACT_ACTIONS:
        raise InputErrors([error(f"{n_actions} actions: the exact search handles at most {MAX_EXACT_ACTIONS}",
                                 path=scenario.path, column="actions",
                                 hint="merge or drop candidate actions")])
    base = _base_lines(scenario.inventory)
    masks = np.stack([target_mask(base, a) for a in scenario.actions], axis=1) if n_actions else \
        np.zeros((len(base), 0), dtype=bool)
    signature = masks.astype(np.int64) @ (1 << np.arange(n_actions, dtype=np.int64)) if n_actions else \
        np.zeros(len(base), dtype=np.int64)
    codes, uniques = pd.factorize(signature)
    partitions, variant_frames, variant_partition, variant_mask = [], [], [], []
    variant = 0
    for p, sig in enumerate(uniques):
        members = [i for i in range(n_actions) if (int(sig) >> i) & 1]
        rows = base.loc[codes == p]
        partitions.append(Partition(members, len(rows)))
        for local in range(1 << len(members)):
            frame = rows
            for j, action_index in enumerate(members):
                if (local >> j) & 1:
                    frame = apply_action(frame, scenario.actions[action_index], factor_set)
            variant_frames.append(frame.assign(_variant=variant))
            variant_partition.append(p)
            variant_mask.append(local)
            variant += 1
    variants = pd.concat(variant_frames, ignore_index=True)
    growth = _growth(variants, scenario)
    metrics = metric_names(scenario)
    values = {m: np.zeros((variant, len(scenario.years))) for m in metrics + ["market"]}
    footprints, line_variants = [], []
    for k, year in enumerate(scenario.years):
        factor = (1 + growth) ** (year - scenario.baseline_year)
        scaled = variants.copy()
        for column in SCALED_COLUMNS:
            scaled[column] = scaled[column].to_numpy(float) * factor
        sections, locations = {}, {}
        for section in model.ALL_SECTIONS:
            part = scaled.loc[scaled["section"] == section].drop(columns=["section"]) if section != "retired" \
                else scenario.inventory.sections["retired"].iloc[0:0]
            sections[section] = part.reset_index(drop=True)
            locations[section] = part["_source"].to_numpy(dtype=object) if "_source" in part else np.array([])
        drift = {fid: (1 + rate) ** (year - scenario.baseline_year) for fid, rate in scenario.drift.items()}
        inventory = Inventory(scenario.inventory.organisation, year, sections, locations,
                              scenario.inventory.source)
        fp = compute_footprint(inventory, factor_set.scaled(drift), method=scenario.method, steady=True, year=year)
        line_variant = fp.lines["_variant"].to_numpy(np.int64)
        footprints.append(fp)
        line_variants.append(line_variant)
        totals = fp.lines["total"].to_numpy(float)
        values["total"][:, k] = np.bincount(line_variant, weights=totals, minlength=variant)
        values["embodied"][:, k] = np.bincount(line_variant, weights=fp.lines["embodied"].to_numpy(float),
                                               minlength=variant)
        values["use"][:, k] = np.bincount(line_variant, weights=fp.lines["use"].to_numpy(float), minlength=variant)
        for metric in metrics[3:]:
            category = metric.split(":", 1)[1]
            in_category = fp.lines["category"].to_numpy(dtype=object) == category
            values[metric][:, k] = np.bincount(line_variant, weights=np.where(in_category, totals, 0.0),
                                               minlength=variant)
        market_factor = fp.lines["market_factor"].to_numpy(float)
        has_market = ~np.isnan(market_factor)
        energy = fp.lines["energy_kwh"].to_numpy(float)
        grid = np.nan_to_num(fp.lines["grid"].to_numpy(float))
        market = totals + np.where(has_market, energy * (market_factor - grid), 0.0)
        values["market"][:, k] = np.bincount(line_variant, weights=market, minlength=variant)
    reporting = compute_footprint(scenario.inventory, factor_set, method=scenario.method)
    return Trajectories(scenario, scenario.years, partitions, np.array(variant_partition),
                        np.array(variant_mask), values, footprints, line_variants, reporting, metrics)


# --- subsets ----------------------------------------------------------------------------------------

def _ramp_fractions(scenario: Scenario) -> np.ndarray:
    """actions × years: the share of each action's full effect in each year."""
    return np.array([[a.ramp_fraction(y) for y in scenario.years] for a in scenario.actions]).reshape(
        len(scenario.actions), len(scenario.years))


def _variant_weights(trajectories: Trajectories, partition: int, local: int, fractions) -> np.ndarray:
    """(2^k variants) × years: weights of the partition's variants in the value of `local`.

    With the chosen actions t1 < … < tm and f_j their ramp fractions, the value is
    E(∅)(1 − f_1) + Σ_j E(t1…tj)(f_j − f_{j+1}), f_{m+1} = 0 (telescoping the full effects).
    """
    members = trajectories.partitions[partition].actions
    years = len(trajectories.years)
    weights = np.zeros((1 << len(members), years))
    chain, ramps = [0], []
    for j in range(len(members)):
        if (local >> j) & 1:
            chain.append(chain[-1] | (1 << j))
            ramps.append(fractions[members[j]])
    ramps = [np.ones(years)] + ramps + [np.zeros(years)]
    for position, variant_local in enumerate(chain):
        weights[variant_local] += ramps[position] - ramps[position + 1]
    return weights


def partition_tables(trajectories: Trajectories, metric: str) -> list[np.ndarray]:
    """Per partition: (2^k local subsets) × years, the ramp-combined value of the metric."""
    fractions = _ramp_fractions(trajectories.scenario)
    values = trajectories.values[metric]
    tables = []
    for p, partition in enumerate(trajectories.partitions):
        variant_ids = np.flatnonzero(trajectories.variant_partition == p)
        order = np.argsort(trajectories.variant_mask[variant_ids])
        full = values[variant_ids[order]]  # local mask → years
        table = np.zeros_like(full)
        for local in range(1 << len(partition.actions)):
            weights = _variant_weights(trajectories, p, local, fractions)
            table[local] = (weights * full).sum(axis=0)
        tables.append(table)
    return tables


def evaluate(trajectories: Trajectories, metric: str, subsets: np.ndarray, tables=None) -> np.ndarray:
    """Value of `metric` (subsets × years) for subsets given as bitmasks over scenario.actions."""
    tables = tables if tables is not None else partition_tables(trajectories, metric)
    result = np.zeros((len(subsets), len(trajectories.years)))
    for partition, table in zip(trajectories.partitions, tables):
        local = np.zeros(len(subsets), dtype=np.int64)
        for j, action_index in enumerate(partition.actions):
            local |= ((subsets >> action_index) & 1) << j
        result += table[local]
    return result


# --- objectives ---------------------------------------------------------------------------------------

def _metric_series(trajectories, tables_by_metric, objective: Objective, subsets):
    metric = objective.metric
    org = trajectories.scenario.inventory.organisation
    if metric == "per_agent":
        return evaluate(trajectories, "total", subsets, tables_by_metric["total"]) / org.agents
    if metric == "per_inhabitant":
        return evaluate(trajectories, "total", subsets, tables_by_metric["total"]) / org.population
    return evaluate(trajectories, metric, subsets, tables_by_metric[metric])


def objective_targets(objective: Objective, years: list, bau_series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(years checked as a boolean mask, target per year) for one objective, from its BAU series."""
    years_array = np.array(years)
    if objective.reference_value is not None:
        reference = objective.reference_value
    else:
        reference = bau_series[..., years.index(objective.reference_year)]
    reference = np.asarray(reference, dtype=float)
    if objective.kind == "reduction":
        checked = years_array == objective.target_year
        target = reference[..., None] * (1 - objective.reduction) * np.ones(len(years))
    else:
        last = objective.target_year or years[-1]
        checked = (years_array >= objective.reference_year) & (years_array <= last)
        target = reference[..., None] * (1 - objective.annual_reduction * (years_array - objective.reference_year))
    return checked, target


def check_objectives(objective, years, bau_series, plan_series):
    """Met flags, gaps and worst-year targets for plan series (subsets × years)."""
    checked, target = objective_targets(objective, years, bau_series)
    excess = np.where(checked, plan_series - target, -np.inf)
    tolerance = REL_TOL * np.abs(target)
    met = np.all(~checked | (plan_series - target <= tolerance), axis=-1)
    worst = np.argmax(excess, axis=-1)
    gap = np.maximum(np.take_along_axis(excess, worst[..., None], axis=-1)[..., 0], 0.0)
    gap = np.where(met, 0.0, gap)
    worst_target = np.take_along_axis(np.broadcast_to(target, excess.shape), worst[..., None], axis=-1)[..., 0]
    return met, gap, worst_target, worst


# --- the plan ------------------------------------------------------------------------------------------

@dataclass
class ScenarioResult:
    trajectories: Trajectories
    selected: list  # action indices in the plan
    feasible: bool
    proposed: bool
    bau: dict  # metric → series
    plan: dict
    plan_market_based: np.ndarray
    objectives: list  # dicts
    actions: list  # dicts
    total_cost: float
    budget: float | None
    notes: list
    draws: int = 0
    seed: int = 0


def _costs(scenario: Scenario) -> np.ndarray:
    return np.array([a.total_cost(scenario.horizon) for a in scenario.actions], dtype=float)


def _subset_order_key(subset: int, n: int) -> tuple:
    return tuple(i for i in range(n) if (subset >> i) & 1)


def propose(trajectories: Trajectories, budget: float | None, tables_by_metric) -> tuple[int, bool]:
    """The optimal subset (bitmask) by exhaustive evaluation of all 2^N subsets, and feasibility."""
    scenario = trajectories.scenario
    n = len(scenario.actions)
    costs = _costs(scenario)
    years = trajectories.years
    bau = {o.id: _metric_series(trajectories, tables_by_metric, o, np.array([0]))[0] for o in scenario.objectives}
    best = {"feasible": None, "relaxed": None}
    total = 1 << n
    for start in range(0, total, CHUNK):
        subsets = np.arange(start, min(total, start + CHUNK), dtype=np.int64)
        bits = ((subsets[:, None] >> np.arange(n)) & 1).astype(float)
        cost = bits @ costs if n else np.zeros(len(subsets))
        count = bits.sum(axis=1) if n else np.zeros(len(subsets))
        within = np.ones(len(subsets), dtype=bool) if budget is None else cost <= budget * (1 + REL_TOL)
        all_met = np.ones(len(subsets), dtype=bool)
        relative_gap = np.zeros(len(subsets))
        for objective in scenario.objectives:
            series = _metric_series(trajectories, tables_by_metric, objective, subsets)
            met, gap, target, _ = check_objectives(objective, years, bau[objective.id], series)
            all_met &= met
            relative_gap += np.where(met, 0.0, gap / np.where(np.abs(target) > 0, np.abs(target), 1.0))
        for kind, mask, score in (("feasible", within & all_met, np.zeros(len(subsets))),
                                  ("relaxed", within, relative_gap)):
            candidates = np.flatnonzero(mask)
            if not len(candidates):
                continue
            # lexicographic: score, cost (rounded to the cent), count
            keys = np.lexsort((count[candidates], np.round(cost[candidates], 2), np.round(score[candidates], 12)))
            first = candidates[keys[0]]
            tie = candidates[(np.round(score[candidates], 12) == np.round(score[first], 12))
                             & (np.round(cost[candidates], 2) == np.round(cost[first], 2))
                             & (count[candidates] == count[first])]
            choice = min((int(subsets[t]) for t in tie), key=lambda s: _subset_order_key(s, n))
            key = (round(float(score[first]), 12), round(float(cost[first]), 2), int(count[first]),
                   _subset_order_key(choice, n))
            if best[kind] is None or key < best[kind][0]:
                best[kind] = (key, choice)
    if best["feasible"] is not None:
        return best["feasible"][1], True
    if best["relaxed"] is not None:
        return best["relaxed"][1], False
    return 0, False


def run_scenario(scenario: Scenario, factor_set, *, propose_plan: bool = False, budget: float | None = None,
                 draws: int = 0, seed: int = 0) -> ScenarioResult:
    trajectories = build_trajectories(scenario, factor_set)
    n = len(scenario.actions)
    metrics = trajectories.metrics
    tables_by_metric = {m: partition_tables(trajectories, m) for m in metrics + ["market"]}
    costs = _costs(scenario)
    notes = []
    if propose_plan:
        chosen, feasible = propose(trajectories, budget, tables_by_metric)
    else:
        chosen = (1 << n) - 1
        feasible = None
    subsets = np.array([0, chosen], dtype=np.int64)
    years = trajectories.years
    bau = {m: evaluate(trajectories, m, subsets[:1], tables_by_metric[m])[0] for m in metrics}
    plan = {m: evaluate(trajectories, m, subsets[1:], tables_by_metric[m])[0] for m in metrics}
    market = evaluate(trajectories, "market", subsets[1:], tables_by_metric["market"])[0]
    total_cost = float(sum(costs[i] for i in range(n) if (chosen >> i) & 1))
    objective_records = []
    all_met = True
    for objective in scenario.objectives:
        series_bau = _metric_series(trajectories, tables_by_metric, objective, subsets[:1])[0]
        series_plan = _metric_series(trajectories, tables_by_metric, objective, subsets[1:])[0]
        met, gap, target, worst = check_objectives(objective, years, series_bau, series_plan[None, :])
        met, gap, target, worst = bool(met[0]), float(gap[0]), float(target[0]), int(worst[0])
        all_met &= met
        checked, targets = objective_targets(objective, years, series_bau)
        year = objective.target_year if objective.kind == "reduction" else years[worst]
        index = years.index(year)
        reference = objective.reference_value if objective.reference_value is not None else \
            float(series_bau[years.index(objective.reference_year)])
        objective_records.append({
            "id": objective.id, "label": objective.label, "metric": objective.metric, "kind": objective.kind,
            "reference_year": objective.reference_year, "reference": reference,
            "target_year": year, "target": target, "bau": float(series_bau[index]), "plan": float(series_plan[index]),
            "met": met, "gap": gap, "probability": None,
            "targets": {str(y): float(t) for y, t, c in zip(years, targets, checked) if c},
            "indicator": objective.indicator,
            "reduction": objective.reduction, "annual_reduction": objective.annual_reduction,
        })
    if feasible is None:
        feasible = all_met and (budget is None or total_cost <= budget * (1 + REL_TOL))
        if budget is not None and total_cost > budget * (1 + REL_TOL):
            notes.append(f"the listed actions cost {total_cost:,.0f} EUR, above the budget of {budget:,.0f} EUR")
    elif not feasible:
        notes.append("no set of actions within the budget meets every objective: the plan shown leaves the "
                     "smallest total gap (Σ gap / target)")
    # per action: reduction against the plan without it (or, if not selected, what adding it would avoid)
    action_records = []
    singles = []
    for i in range(n):
        selected = bool((chosen >> i) & 1)
        singles.append(chosen & ~(1 << i) if selected else chosen | (1 << i))
    other = evaluate(trajectories, "total", np.array(singles, dtype=np.int64), tables_by_metric["total"]) \
        if n else np.zeros((0, len(years)))
    for i, action in enumerate(scenario.actions):
        selected = bool((chosen >> i) & 1)
        difference = (other[i] - plan["total"]) if selected else (plan["total"] - other[i])
        avoided_t = float(difference.sum()) / 1000.0
        action_records.append({
            "id": action.id, "label": action.label, "lever": action.lever, "selected": selected,
            "start": action.start, "ramp": action.ramp, "cost": action.cost, "annual_cost": action.annual_cost,
            "total_cost": float(costs[i]), "reduction": {str(y): float(d) for y, d in zip(years, difference)},
            "avoided_tco2e": avoided_t,
            "abatement_cost": float(costs[i] / avoided_t) if avoided_t > 1e-12 else None,
            "theme": action.theme, "owner": action.owner,
        })
    result = ScenarioResult(trajectories, [i for i in range(n) if (chosen >> i) & 1], bool(feasible),
                            propose_plan, bau, plan, market, objective_records, action_records, total_cost,
                            budget, notes)
    if draws:
        objective_probabilities(result, draws, seed)
    return result


# --- Monte Carlo -----------------------------------------------------------------------------------

def _subset_line_weights(trajectories: Trajectories, subset: int, year_index: int) -> np.ndarray:
    """Per variant, its weight in the value of `subset` for one year."""
    fractions = _ramp_fractions(trajectories.scenario)
    weights = np.zeros(len(trajectories.variant_partition))
    for p, partition in enumerate(trajectories.partitions):
        local = 0
        for j, action_index in enumerate(partition.actions):
            if (subset >> action_index) & 1:
                local |= 1 << j
        variant_ids = np.flatnonzero(trajectories.variant_partition == p)
        by_mask = dict(zip(trajectories.variant_mask[variant_ids], variant_ids))
        local_weights = _variant_weights(trajectories, p, local, fractions)[:, year_index]
        for mask, weight in enumerate(local_weights):
            if weight:
                weights[by_mask[mask]] += weight
    return weights


def objective_probabilities(result: ScenarioResult, draws: int, seed: int) -> None:
    """Probability that the plan meets each objective, BAU and plan drawn with the same factors."""
    from .uncertainty import FactorDraws, factor_groups, uncertainties_of

    trajectories = result.trajectories
    scenario = trajectories.scenario
    chosen = sum(1 << i for i in result.selected)
    factor_draws = FactorDraws(uncertainties_of(*trajectories.footprints), draws, seed)
    org = scenario.inventory.organisation
    series = {}
    for metric in trajectories.metrics:
        for label, subset in (("bau", 0), ("plan", chosen)):
            rows = []
            for k, fp in enumerate(trajectories.footprints):
                weights = _subset_line_weights(trajectories, subset, k)[trajectories.line_variant[k]]
                phases = None
                mask = None
                if metric in ("embodied", "use"):
                    phases = (metric,)
                elif metric.startswith("category:"):
                    mask = fp.lines["category"].to_numpy(dtype=object) == metric.split(":", 1)[1]
                base, members = factor_groups(fp, line_weights=weights, phases=phases, line_mask=mask)
                rows.append(factor_draws.totals(base, members))
            series[(metric, label)] = np.array(rows).T  # draws × years
    for record, objective in zip(result.objectives, scenario.objectives):
        metric = "total" if objective.metric in ("per_agent", "per_inhabitant") else objective.metric
        divisor = org.agents if objective.metric == "per_agent" else org.population \
            if objective.metric == "per_inhabitant" else 1.0
        bau = series[(metric, "bau")] / divisor
        plan = series[(metric, "plan")] / divisor
        met, _, _, _ = check_objectives(objective, trajectories.years, bau, plan)
        record["probability"] = float(np.mean(met))
    result.draws, result.seed = draws, seed
