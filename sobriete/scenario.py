"""Trajectories, objectives and the cheapest plan that meets them (DESIGN.md §6).

How it works, in four steps, all through the footprint engine (no second implementation of
the formulas):

1. **Variants.** Lines are grouped into *partitions*: lines targeted by the same set of actions.
   For each partition and each subset of its actions, the actions are applied in file order at
   full effect, giving one variant of the partition's lines. A line targeted by k actions has
   2^k variants, so the variant table stays small even for 20 candidate actions.
2. **Years.** For each year from the baseline to the horizon, the variants are scaled by the
   business-as-usual trend (fleet growth, factor drift) and computed by the footprint engine:
   the baseline year as reported, later years on the real fleet renewed at the end of each
   lifespan (``compute_footprint(renewed_after=baseline)``; units past their lifespan in the
   baseline year are the renewal backlog of the next year). Ramps combine the full-effect variants: with the
   subset's actions taken in decreasing order of their ramp fraction in year y (file order on
   ties), t1, …, tm, the partition's emissions are
   E(∅) + Σ_j f_tj(y) × (E(t1…tj) − E(t1…tj−1)), f being each action's ramp fraction and
   every E applying its actions in file order. When the fractions decrease in file order this
   is the file-order chain; ordering by fraction keeps an action that has not started (f = 0)
   from having any effect, even when a later action in the file starts earlier.
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
from .errors import InputErrors, ScenarioError, error
from .footprint import compute_footprint
from .levers import lever as lever_of
from .notes import Note
from .plan import Action, Objective, Scenario, likelihood
from .locale import _

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


def apply_action(lines, action: Action, factor_set):
    """The lines with the action at full effect (a copy). `lines` holds only targeted lines.

    The lever (``sobriete.levers``) computes on the numpy columns; the frame is rebuilt around
    the columns it changed (and the rows it added).
    """
    if not len(lines):
        return lines.copy()
    columns = {key: lines[key].to_numpy() for key in lines.columns}
    categories = columns["category"].astype(object)
    methods = factor_set.profile_attribute(categories, "method")
    equipment = (methods == "equipment") & np.isnan(columns["spend"].astype(float))
    changed, rows = lever_of(action.lever).apply(columns, action.value, action, factor_set, equipment)
    result = lines.iloc[rows].reset_index(drop=True) if rows is not None else lines.copy()
    for key, values in changed.items():
        result[key] = values
    return result


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
        raise InputErrors([error(_("the baseline inventory has no lines"), path=inventory.source)])
    lines = pd.concat(frames, ignore_index=True)
    lines["market_factor"] = np.nan
    lines["_base_lifespan"] = lines["lifespan"].to_numpy(float)  # before any lever (renewal backlog)
    lines["_base_share"] = np.nan  # refurbished lever: the line's share before its new/refurbished split
    lines["_refurb_part"] = np.nan  # NaN: not split; 0: the new units; 1: the refurbished units
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


def split_by_section(lines) -> dict:
    """A frame of lines (with a `section` column) as one frame per section, in inventory order."""
    parts = {}
    for section in model.SECTIONS:
        in_section = (lines["section"] == section).to_numpy()
        parts[section] = lines.loc[in_section].drop(columns=["section"]).reset_index(drop=True)
    return parts


def inventory_of(parts: dict, inventory, year: int):
    """An Inventory of the baseline's organisation made of these section frames (sources in `_source`)."""
    sections = {"retired": inventory.sections["retired"].iloc[0:0]}
    locations = {"retired": np.array([])}
    for section, part in parts.items():
        sections[section] = part
        locations[section] = part["_source"].to_numpy(dtype=object) if "_source" in part else np.array([])
    return model.Inventory(inventory.organisation, year, sections, locations, inventory.source)


def metric_names(scenario: Scenario) -> list[str]:
    names = ["total", "embodied", "use"]
    for objective in scenario.objectives:
        if objective.metric.startswith(("category:", "criterion:")) and objective.metric not in names:
            names.append(objective.metric)
    return names


def _check_complete_coverage(scenario: Scenario, fp, criterion: str, year: int) -> None:
    """An objective on a criterion needs every line evaluated for it, every year: a partial total
    counts only the lines whose factors give the criterion, and which lines those are changes as
    the fleet is renewed, so the years would not compare the same footprint (a false "met")."""
    coverage = fp.criteria().get(criterion, {}).get("coverage", 0.0)
    if coverage < 1 - REL_TOL:
        raise InputErrors([error(
            _("an objective on criterion {criterion} needs factors that give it for every line: in {year} they "
              "cover {share} of the footprint, so the years would not compare the same lines"),
            criterion=criterion, year=year, share=f"{coverage:.1%}", path=scenario.path, column="objectives",
            hint=_("give a multi-criteria factor file with --factors (e.g. converted from NumÉcoÉval)"),
            kind=ScenarioError)])


def build_trajectories(scenario: Scenario, factor_set) -> Trajectories:
    import pandas as pd

    n_actions = len(scenario.actions)
    if n_actions > MAX_EXACT_ACTIONS:
        raise InputErrors([error(_("{count} actions: the exact search handles at most {limit}"), count=n_actions, limit=MAX_EXACT_ACTIONS,
                                 path=scenario.path, column="actions",
                                 hint=_("merge or drop candidate actions"))])
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
        frames = [rows]  # by local mask: the variant without its last action (in file order), plus it
        for local in range(1 << len(members)):
            if local:
                last = local.bit_length() - 1
                frames.append(apply_action(frames[local ^ (1 << last)], scenario.actions[members[last]],
                                           factor_set))
            variant_frames.append(frames[local].assign(_variant=variant))
            variant_partition.append(p)
            variant_mask.append(local)
            variant += 1
    variants = pd.concat(variant_frames, ignore_index=True)
    growth = _growth(variants, scenario)
    metrics = metric_names(scenario)
    values = {m: np.zeros((variant, len(scenario.years))) for m in metrics + ["market", "backlog"]}
    footprints, line_variants = [], []
    # section → (its variant lines, their growth rates, the columns the trend scales), split once
    split = {section: (part, growth[(variants["section"] == section).to_numpy()],
                       {c: part[c].to_numpy(float) for c in SCALED_COLUMNS})
             for section, part in split_by_section(variants).items()}
    for k, year in enumerate(scenario.years):
        scaled = {section: part.assign(**{column: values * (1 + rates) ** (year - scenario.baseline_year)
                                          for column, values in columns.items()})
                  for section, (part, rates, columns) in split.items()}
        drift = {fid: (1 + rate) ** (year - scenario.baseline_year) for fid, rate in scenario.drift.items()}
        inventory = inventory_of(scaled, scenario.inventory, year)
        # The baseline year is the reported footprint; later years follow the real fleet (DESIGN §6).
        fp = compute_footprint(inventory, factor_set.scaled(drift), method=scenario.method, year=year,
                               renewed_after=scenario.baseline_year if k else None,
                               criteria=[m.split(":", 1)[1] for m in metrics if m.startswith("criterion:")])
        line_variant = fp.lines["_variant"].to_numpy(np.int64)
        footprints.append(fp)
        line_variants.append(line_variant)
        totals = fp.lines["total"].to_numpy(float)
        values["total"][:, k] = np.bincount(line_variant, weights=totals, minlength=variant)
        values["embodied"][:, k] = np.bincount(line_variant, weights=fp.lines["embodied"].to_numpy(float),
                                               minlength=variant)
        values["use"][:, k] = np.bincount(line_variant, weights=fp.lines["use"].to_numpy(float), minlength=variant)
        for metric in metrics[3:]:
            if metric.startswith("criterion:"):  # evaluated lines only (DESIGN §8 coverage)
                criterion = metric.split(":", 1)[1]
                _check_complete_coverage(scenario, fp, criterion, year)
                impacts = np.nan_to_num(fp.line_impacts(criterion)) if criterion in fp.criterion_ids else 0.0
                values[metric][:, k] = np.bincount(line_variant, weights=np.zeros(len(totals)) + impacts,
                                                   minlength=variant)
                continue
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
        if "backlog" in fp.lines:
            values["backlog"][:, k] = np.bincount(line_variant, weights=fp.lines["backlog"].to_numpy(float),
                                                  minlength=variant)
    reporting = compute_footprint(scenario.inventory, factor_set, method=scenario.method)
    return Trajectories(scenario, scenario.years, partitions, np.array(variant_partition),
                        np.array(variant_mask), values, footprints, line_variants, reporting, metrics)


# --- subsets ----------------------------------------------------------------------------------------

def _ramp_fractions(scenario: Scenario) -> np.ndarray:
    """actions × years: the share of each action's full effect in each year."""
    return np.array([[a.ramp_fraction(y) for y in scenario.years] for a in scenario.actions]).reshape(
        len(scenario.actions), len(scenario.years))


def _chains(fractions: np.ndarray, locals_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The variants (local masks) and weights that give the value of local subsets, per year.

    `fractions` is (k actions of a partition) × years, `locals_` the local subsets (bitmasks).
    The chosen actions are ordered by decreasing ramp fraction that year (file order on ties):
    with f(1) ≥ … ≥ f(m) and T_j the first j of them, the value is
    Σ_{j=0..m} (f(j) − f(j+1)) E(T_j), f(0) = 1, f(m+1) = 0 (telescoping the full effects).
    Returns (masks, weights), both n × (k + 1) × years (unchosen actions get weight 0).
    """
    k, years = fractions.shape
    locals_ = np.asarray(locals_, dtype=np.int64)
    n = len(locals_)
    chosen = ((locals_[:, None] >> np.arange(k, dtype=np.int64)) & 1).astype(bool)
    f = np.where(chosen[:, :, None], fractions[None, :, :], 0.0)
    order = np.argsort(-f, axis=1, kind="stable")
    f_sorted = np.take_along_axis(f, order, axis=1)
    bits = (np.int64(1) << np.arange(k, dtype=np.int64))[order]
    masks = np.concatenate([np.zeros((n, 1, years), dtype=np.int64), np.cumsum(bits, axis=1)], axis=1)
    padded = np.concatenate([np.ones((n, 1, years)), f_sorted, np.zeros((n, 1, years))], axis=1)
    return masks, padded[:, :-1] - padded[:, 1:]


def _partition_variants(trajectories: Trajectories, partition: int) -> np.ndarray:
    """Variant ids of a partition indexed by their local mask."""
    variant_ids = np.flatnonzero(trajectories.variant_partition == partition)
    return variant_ids[np.argsort(trajectories.variant_mask[variant_ids])]


def partition_tables(trajectories: Trajectories, metric: str) -> list[np.ndarray]:
    """Per partition: (2^k local subsets) × years, the ramp-combined value of the metric."""
    fractions = _ramp_fractions(trajectories.scenario)
    values = trajectories.values[metric]
    year_index = np.arange(len(trajectories.years))
    tables = []
    for p, partition in enumerate(trajectories.partitions):
        full = values[_partition_variants(trajectories, p)]  # local mask → years
        table = np.zeros_like(full)
        size = 1 << len(partition.actions)
        for start in range(0, size, 4096):
            locals_ = np.arange(start, min(size, start + 4096), dtype=np.int64)
            masks, weights = _chains(fractions[np.asarray(partition.actions, dtype=np.int64)], locals_)
            table[locals_] = (weights * full[masks, year_index]).sum(axis=1)
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
    return _check(checked, target, plan_series)


def _check(checked, target, plan_series):
    """Met flags, gaps, worst-year targets and worst years, given the years checked and targets."""
    excess = np.where(checked, plan_series - target, -np.inf)
    tolerance = REL_TOL * np.abs(target)
    met = np.all(~checked | (plan_series - target <= tolerance), axis=-1)
    worst = np.argmax(excess, axis=-1)
    checked_years = np.flatnonzero(np.broadcast_to(checked, excess.shape[-1:]))
    if len(checked_years) > 1:
        # A met objective reports its tightest year after the reference year (where plan and target
        # trivially coincide); a missed one its largest excess.
        ranked = excess.copy()
        ranked[..., checked_years[0]] = -np.inf
        worst = np.where(met, np.argmax(ranked, axis=-1), worst)
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
    backlog: np.ndarray = None  # kgCO2e per year of the renewal backlog in `bau`
    investment: float = 0.0  # the plan's Σ one-off costs
    operating: float = 0.0  # Σ annual costs × years, savings included
    spending: float = 0.0  # what must be budgeted (savings not deducted), bounded by --budget
    plan_band: dict = None  # {"low": [...], "high": [...]}: the plan's 90 % band per year (with draws)
    confidence: float | None = None  # --confidence: the share of draws in which the plan must meet all objectives


def _costs(scenario: Scenario, kind: str = "total_cost") -> np.ndarray:
    """Per action: its `kind` of cost (total_cost, investment, operating or spending) to the horizon."""
    return np.array([getattr(a, kind)(scenario.horizon) for a in scenario.actions], dtype=float)


def _subset_order_key(subset: int, n: int) -> tuple:
    return tuple(i for i in range(n) if (subset >> i) & 1)


def _all_subsets(values: np.ndarray) -> np.ndarray:
    """Σ of `values` over every subset, indexed by bitmask (bit i ↔ values[i]), built by doubling."""
    result = np.zeros(1)
    for value in values:
        result = np.concatenate([result, result + value])
    return result


def _block_sum(partitions, tables, constant: np.ndarray, start: int, low: int) -> np.ndarray:
    """Σ of the partitions' tables for the subsets start … start + 2^low − 1 (start a multiple of
    2^low): (2^low) × columns. The subsets of a block share their bits ≥ low, so each table is
    indexed at those bits and broadcast over the bits < low of the actions it does not involve."""
    width = len(constant)
    block = np.empty((2,) * low + (width,))
    block[...] = constant
    for partition, table in zip(partitions, tables):
        k = len(partition.actions)
        view = table.reshape((2,) * k + (width,))  # axis a ↔ local bit k − 1 − a
        index, shape = [], [1] * low + [width]
        for axis in range(k):
            action = partition.actions[k - 1 - axis]
            if action >= low:
                index.append((start >> action) & 1)
            else:
                index.append(slice(None))
                shape[low - 1 - action] = 2
        block += view[tuple(index)].reshape(shape)
    return block.reshape(1 << low, width)


def _objective_specs(trajectories: Trajectories, tables_by_metric) -> list:
    """Per objective: the partitions whose value depends on the subset (and their tables restricted
    to the years the objective checks), the constant rest, the divisor and the targets."""
    scenario = trajectories.scenario
    years = trajectories.years
    org = scenario.inventory.organisation
    specs = []
    for objective in scenario.objectives:
        bau_series = _metric_series(trajectories, tables_by_metric, objective, np.array([0]))[0]
        checked, target = objective_targets(objective, years, bau_series)
        columns = np.flatnonzero(checked)
        metric = "total" if objective.metric in ("per_agent", "per_inhabitant") else objective.metric
        divisor = org.agents if objective.metric == "per_agent" else \
            org.population if objective.metric == "per_inhabitant" else None
        constant, partitions, tables = np.zeros(len(columns)), [], []
        for partition, table in zip(trajectories.partitions, tables_by_metric[metric]):
            table = table[:, columns]
            if np.all(table == table[0]):
                constant = constant + table[0]
            else:
                partitions.append(partition)
                tables.append(table)
        specs.append((partitions, tables, constant, divisor, target[columns]))
    return specs


def _evaluated_blocks(trajectories: Trajectories, budget: float | None, specs):
    """Every subset, block by block: (subsets, net cost, count, within budget, all objectives met on
    central values, Σ gap / target)."""
    scenario = trajectories.scenario
    n = len(scenario.actions)
    all_cost = _all_subsets(_costs(scenario))
    all_spending = _all_subsets(_costs(scenario, "spending"))
    all_count = _all_subsets(np.ones(n))
    low = min(n, CHUNK.bit_length() - 1)
    for start in range(0, 1 << n, 1 << low):
        subsets = np.arange(start, start + (1 << low), dtype=np.int64)
        cost, count = all_cost[start:start + (1 << low)], all_count[start:start + (1 << low)]
        spending = all_spending[start:start + (1 << low)]
        # --budget bounds what must be budgeted (spending); the choice minimises the net cost.
        within = np.ones(len(subsets), dtype=bool) if budget is None else spending <= budget * (1 + REL_TOL)
        all_met = np.ones(len(subsets), dtype=bool)
        relative_gap = np.zeros(len(subsets))
        for partitions, tables, constant, divisor, target in specs:
            series = _block_sum(partitions, tables, constant, start, low)
            if divisor is not None:
                series = series / divisor
            met, gap, target_of_gap, _ = _check(np.ones(len(target), dtype=bool), target, series)
            all_met &= met
            relative_gap += np.where(met, 0.0, gap / np.where(np.abs(target_of_gap) > 0, np.abs(target_of_gap),
                                                              1.0))
        yield subsets, cost, count, within, all_met, relative_gap


def propose(trajectories: Trajectories, budget: float | None, tables_by_metric) -> tuple[int, bool]:
    """The optimal subset (bitmask) by exhaustive evaluation of all 2^N subsets, and feasibility.

    Only the years an objective checks are evaluated; partitions whose value does not depend on
    the subset are summed once; blocks of 2^15 subsets are built by broadcasting (see _block_sum).
    """
    n = len(trajectories.scenario.actions)
    specs = _objective_specs(trajectories, tables_by_metric)
    best = {"feasible": None, "relaxed": None}
    for subsets, cost, count, within, all_met, relative_gap in _evaluated_blocks(trajectories, budget, specs):
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


def propose_with_confidence(trajectories: Trajectories, budget: float | None, tables_by_metric, confidence: float,
                            draws: int, seed: int) -> tuple[int, bool]:
    """The cheapest subset within budget whose objectives are all met together in at least a share
    `confidence` of the Monte Carlo draws (DESIGN §6), and whether one exists.

    Candidates are the subsets within budget that meet every objective on central values, taken in
    the order of the choice rule (net cost, then fewer actions, then file order); the draws of each
    objective's metric are evaluated for a batch of candidates at once from per-variant draw tables
    (the same shared factor draws as the reported probabilities). Without such a subset, the
    proposal falls back on the smallest Σ gap / target, as when no subset meets the objectives.
    """
    n = len(trajectories.scenario.actions)
    specs = _objective_specs(trajectories, tables_by_metric)
    found = [], [], []
    for subsets, cost, count, within, all_met, _ in _evaluated_blocks(trajectories, budget, specs):
        keep = within & all_met
        found[0].append(subsets[keep])
        found[1].append(np.round(cost[keep], 2))
        found[2].append(count[keep])
    candidates = np.concatenate(found[0]) if found[0] else np.zeros(0, dtype=np.int64)
    if len(candidates):
        cost, count = np.concatenate(found[1]), np.concatenate(found[2])
        # file order on ties: the subset whose sorted action indices come first; as a number, the
        # bit-reversed mask orders subsets of equal size that way
        reversed_bits = np.zeros(len(candidates), dtype=np.int64)
        for i in range(n):
            reversed_bits |= ((candidates >> i) & 1) << (n - 1 - i)
        order = np.lexsort((-reversed_bits, count, cost))
        draw_tables = _draw_tables(trajectories, draws, seed)
        for start in range(0, len(order), 256):
            batch = candidates[order[start:start + 256]]
            joint = _joint_probability(trajectories, draw_tables, batch)
            passing = np.flatnonzero(joint >= confidence * (1 - REL_TOL))
            if len(passing):
                return int(batch[passing[0]]), True
    chosen, _ = propose(trajectories, budget, tables_by_metric)
    return chosen, False


def _variant_draw_values(trajectories: Trajectories, factor_draws, metric: str) -> np.ndarray:
    """variants × years × draws: each variant's value of `metric` in every draw."""
    from .uncertainty import factor_groups

    n_variants = len(trajectories.variant_partition)
    values = np.zeros((n_variants, len(trajectories.years), factor_draws.draws))
    if metric.startswith("criterion:"):
        # Criteria beyond carbon carry no uncertainty model yet: every draw is the central value, so
        # the probability of meeting such an objective is 0 or 1 (said in the docs).
        return np.repeat(trajectories.values[metric][:, :, None], factor_draws.draws, axis=2)
    for k, fp in enumerate(trajectories.footprints):
        phases, mask = None, None
        if metric in ("embodied", "use"):
            phases = (metric,)
        elif metric.startswith("category:"):
            mask = fp.lines["category"].to_numpy(dtype=object) == metric.split(":", 1)[1]
        base, members, keys = factor_groups(fp, phases=phases, line_mask=mask,
                                            line_keys=trajectories.line_variant[k])
        if len(base):
            np.add.at(values[:, k, :], keys, base[:, None] * factor_draws.group_ratios(members))
    return values


def _draw_tables(trajectories: Trajectories, draws: int, seed: int) -> dict:
    """metric → per partition: (2^k local subsets) × years × draws, ramp-combined like the central tables."""
    from .uncertainty import factor_draws as shared_draws

    factor_draws = shared_draws(*trajectories.footprints, draws=draws, seed=seed)
    fractions = _ramp_fractions(trajectories.scenario)
    year_index = np.arange(len(trajectories.years))
    result = {}
    for metric in {("total" if o.metric in ("per_agent", "per_inhabitant") else o.metric)
                   for o in trajectories.scenario.objectives}:
        values = _variant_draw_values(trajectories, factor_draws, metric)
        tables = []
        for p, partition in enumerate(trajectories.partitions):
            full = values[_partition_variants(trajectories, p)]  # local mask → years → draws
            locals_ = np.arange(1 << len(partition.actions), dtype=np.int64)
            masks, weights = _chains(fractions[np.asarray(partition.actions, dtype=np.int64)], locals_)
            tables.append((weights[..., None] * full[masks, year_index[None, None, :]]).sum(axis=1))
        result[metric] = tables
    return result


def _joint_probability(trajectories: Trajectories, draw_tables: dict, subsets: np.ndarray) -> np.ndarray:
    """Per subset: the share of draws in which every objective is met (BAU drawn with the same factors)."""
    scenario = trajectories.scenario
    org = scenario.inventory.organisation
    joint = None
    for objective in scenario.objectives:
        metric = "total" if objective.metric in ("per_agent", "per_inhabitant") else objective.metric
        divisor = org.agents if objective.metric == "per_agent" else \
            org.population if objective.metric == "per_inhabitant" else 1.0
        plan = bau = 0.0
        for partition, table in zip(trajectories.partitions, draw_tables[metric]):
            local = np.zeros(len(subsets), dtype=np.int64)
            for j, action_index in enumerate(partition.actions):
                local |= ((subsets >> action_index) & 1) << j
            plan = plan + table[local]  # subsets × years × draws
            bau = bau + table[0]
        plan = np.swapaxes(plan, 1, 2) / divisor  # subsets × draws × years
        bau = bau.T / divisor  # draws × years
        met, _, _, _ = check_objectives(objective, trajectories.years, bau, plan)
        joint = met if joint is None else joint & met
    if joint is None:
        return np.ones(len(subsets))
    return joint.mean(axis=-1)


def run_scenario(scenario: Scenario, factor_set, *, propose_plan: bool = False, budget: float | None = None,
                 draws: int = 0, seed: int = 0, confidence: float | None = None) -> ScenarioResult:
    trajectories = build_trajectories(scenario, factor_set)
    n = len(scenario.actions)
    metrics = trajectories.metrics
    tables_by_metric = {m: partition_tables(trajectories, m) for m in metrics + ["market", "backlog"]}
    costs = _costs(scenario)
    notes = list(scenario.notes)  # the scenario file's own warnings (e.g. an action whose target selects nothing)
    if propose_plan and confidence is not None:
        chosen, feasible = propose_with_confidence(trajectories, budget, tables_by_metric, confidence,
                                                   draws or 1000, seed)
        if not feasible:
            notes.append(Note("confidence_not_reached", confidence=float(confidence)))
    elif propose_plan:
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
    totals = {kind: float(sum(_costs(scenario, kind)[i] for i in range(n) if (chosen >> i) & 1))
              for kind in ("investment", "operating", "spending")}
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
            "met": met, "gap": gap, "probability": None, "likelihood": None,
            "targets": {str(y): float(t) for y, t, c in zip(years, targets, checked) if c},
            "indicator": objective.indicator,
            "reduction": objective.reduction, "annual_reduction": objective.annual_reduction,
        })
    if feasible is None:
        feasible = all_met and (budget is None or totals["spending"] <= budget * (1 + REL_TOL))
        if budget is not None and totals["spending"] > budget * (1 + REL_TOL):
            notes.append(Note("over_budget", cost=totals["spending"], budget=float(budget)))
    elif not feasible and confidence is None:
        notes.append(Note("infeasible_in_budget" if budget is not None else "infeasible"))
    # per action: reduction against the plan without it (or, if not selected, what adding it would avoid)
    action_records = []
    singles = []
    for i in range(n):
        selected = bool((chosen >> i) & 1)
        singles.append(chosen & ~(1 << i) if selected else chosen | (1 << i))
    other = evaluate(trajectories, "total", np.array(singles, dtype=np.int64), tables_by_metric["total"]) \
        if n else np.zeros((0, len(years)))
    contributions = shapley_contributions(trajectories, chosen, tables_by_metric["total"])
    # Statements about the plan are computed, never copied from the file: which objectives each
    # action meets on its own, and which the plan still meets without it (central values).
    alone = _objectives_met(trajectories, tables_by_metric, np.array([1 << i for i in range(n)], dtype=np.int64))
    without = _objectives_met(trajectories, tables_by_metric,
                              np.array([chosen & ~(1 << i) for i in range(n)], dtype=np.int64))
    for i, action in enumerate(scenario.actions):
        selected = bool((chosen >> i) & 1)
        difference = (other[i] - plan["total"]) if selected else (plan["total"] - other[i])
        horizon = scenario.horizon
        avoided_t = float(difference.sum()) / 1000.0
        action_records.append({
            "id": action.id, "label": action.label, "lever": action.lever, "selected": selected,
            "start": action.start, "ramp": action.ramp, "cost": action.cost, "annual_cost": action.annual_cost,
            "investment": action.investment(horizon), "operating": action.operating(horizon),
            "spending": action.spending(horizon),
            "total_cost": float(costs[i]), "reduction": {str(y): float(d) for y, d in zip(years, difference)},
            "contribution": ({str(y): float(c) for y, c in zip(years, contributions[i])} if selected else None),
            "avoided_tco2e": avoided_t,
            "abatement_cost": float(costs[i] / avoided_t) if avoided_t > 1e-12 else None,
            "theme": action.theme, "owner": action.owner,
            "alone_meets": alone[i], "plan_without_it_meets": without[i] if selected else None,
        })
    notes.extend(_conflicting_kpi_targets(scenario))
    backlog = evaluate(trajectories, "backlog", subsets[:1], tables_by_metric["backlog"])[0]
    result = ScenarioResult(trajectories, [i for i in range(n) if (chosen >> i) & 1], bool(feasible),
                            propose_plan, bau, plan, market, objective_records, action_records, total_cost,
                            budget, notes, backlog=backlog, investment=totals["investment"],
                            operating=totals["operating"], spending=totals["spending"])
    result.confidence = confidence
    if draws:
        objective_probabilities(result, draws, seed)
    return result


def _objectives_met(trajectories: Trajectories, tables_by_metric, subsets: np.ndarray) -> list[list[str]]:
    """Per subset: the ids of the objectives it meets on central values."""
    scenario = trajectories.scenario
    met_by = [[] for _ in subsets]
    if not len(subsets):
        return met_by
    for objective in scenario.objectives:
        bau = _metric_series(trajectories, tables_by_metric, objective, np.array([0], dtype=np.int64))[0]
        plan = _metric_series(trajectories, tables_by_metric, objective, subsets)
        met, _, _, _ = check_objectives(objective, trajectories.years, bau, plan)
        for k in np.flatnonzero(met):
            met_by[k].append(objective.id)
    return met_by


def _conflicting_kpi_targets(scenario: Scenario) -> list:
    """Notes on actions that follow the same indicator with different targets for the same year."""
    notes, seen = [], {}
    for action in scenario.actions:
        if not action.kpi:
            continue
        for year, target in (action.kpi_targets or {}).items():
            key = (action.kpi.strip().casefold(), str(year))
            first = seen.setdefault(key, (action.id, target))
            if first[0] != action.id and first[1] != target:
                notes.append(Note("conflicting_kpi_targets", kpi=action.kpi, year=str(year), first=first[0],
                                  first_target=str(first[1]), second=action.id, second_target=str(target)))
    return notes


# --- contributions ---------------------------------------------------------------------------------------

def shapley_contributions(trajectories: Trajectories, chosen: int, tables) -> dict:
    """Each selected action's Shapley share of the plan's reduction, per year (DESIGN §6).

    The plan's value is a sum over partitions, so an action's Shapley value is the sum of its
    values in the games of the partitions it targets; each game has at most the few actions that
    share lines, evaluated exactly over its 2^k subsets. The shares add up to bau − plan.
    """
    from math import factorial

    years = len(trajectories.years)
    result = {i: np.zeros(years) for i in range(len(trajectories.scenario.actions)) if (chosen >> i) & 1}
    for partition, table in zip(trajectories.partitions, tables):
        players = [j for j, action in enumerate(partition.actions) if (chosen >> action) & 1]
        k = len(players)
        if not k:
            continue
        weights = [factorial(size) * factorial(k - size - 1) / factorial(k) for size in range(k)]
        for position, j in enumerate(players):
            others = [q for q in players if q != j]
            share = np.zeros(years)
            for combination in range(1 << len(others)):
                local = sum(1 << others[b] for b in range(len(others)) if (combination >> b) & 1)
                size = bin(combination).count("1")
                share += weights[size] * (table[local] - table[local | (1 << j)])
            result[partition.actions[j]] += share
    return result


# --- Monte Carlo -----------------------------------------------------------------------------------

def _subset_variant_weights(trajectories: Trajectories, subset: int) -> np.ndarray:
    """variants × years: each variant's weight in the value of `subset`."""
    fractions = _ramp_fractions(trajectories.scenario)
    weights = np.zeros((len(trajectories.variant_partition), len(trajectories.years)))
    for p, partition in enumerate(trajectories.partitions):
        local = 0
        for j, action_index in enumerate(partition.actions):
            if (subset >> action_index) & 1:
                local |= 1 << j
        variants = _partition_variants(trajectories, p)
        masks, chain_weights = _chains(fractions[np.asarray(partition.actions, dtype=np.int64)],
                                       np.array([local]))
        years = np.broadcast_to(np.arange(len(trajectories.years)), masks[0].shape)
        np.add.at(weights, (variants[masks[0]], years), chain_weights[0])
    return weights


def objective_probabilities(result: ScenarioResult, draws: int, seed: int) -> None:
    """Probability that the plan meets each objective, BAU and plan drawn with the same factors."""
    from .uncertainty import factor_draws as shared_draws, factor_groups

    trajectories = result.trajectories
    scenario = trajectories.scenario
    chosen = sum(1 << i for i in result.selected)
    factor_draws = shared_draws(*trajectories.footprints, draws=draws, seed=seed)
    org = scenario.inventory.organisation
    series = {}
    subset_weights = {"bau": _subset_variant_weights(trajectories, 0),
                      "plan": _subset_variant_weights(trajectories, chosen)}
    for metric in trajectories.metrics:
        for label in ("bau", "plan"):
            rows = []
            for k, fp in enumerate(trajectories.footprints):
                weights = subset_weights[label][trajectories.line_variant[k], k]
                phases = None
                mask = None
                if metric in ("embodied", "use"):
                    phases = (metric,)
                elif metric.startswith("category:"):
                    mask = fp.lines["category"].to_numpy(dtype=object) == metric.split(":", 1)[1]
                base, members = factor_groups(fp, line_weights=weights, phases=phases, line_mask=mask)
                rows.append(factor_draws.totals(base, members))
            series[(metric, label)] = np.array(rows).T  # draws × years
    plan_totals = series[("total", "plan")]
    result.plan_band = {"low": [float(v) for v in np.percentile(plan_totals, 5, axis=0)],
                        "high": [float(v) for v in np.percentile(plan_totals, 95, axis=0)]}
    for record, objective in zip(result.objectives, scenario.objectives):
        metric = "total" if objective.metric in ("per_agent", "per_inhabitant") else objective.metric
        divisor = org.agents if objective.metric == "per_agent" else org.population \
            if objective.metric == "per_inhabitant" else 1.0
        bau = series[(metric, "bau")] / divisor
        plan = series[(metric, "plan")] / divisor
        met, _, _, _ = check_objectives(objective, trajectories.years, bau, plan)
        record["probability"] = float(np.mean(met))
        record["likelihood"] = likelihood(record["probability"])
    result.draws, result.seed = draws, seed


# --- what-if tables (sobriete explore) --------------------------------------------------------------

def what_if_tables(result: ScenarioResult) -> dict:
    """What a reader needs to re-evaluate any subset of the actions exactly, by sums alone.

    A plan's value of a metric is Σ over partitions of the partition's table at the subset's local
    mask (``evaluate``), and each objective is checked against targets that depend only on BAU
    (``objective_targets``). This returns those tables (per partition: 2^k local masks × years,
    for every metric of the scenario plus ``market``), the partitions' actions, each objective's
    checked years, targets and divisor, and each action's costs, so that ``sobriete explore`` can
    redo in the browser, with the same additions in the same order, what ``run_scenario`` does.
    """
    trajectories = result.trajectories
    scenario = trajectories.scenario
    years = trajectories.years
    org = scenario.inventory.organisation
    metrics = list(trajectories.metrics) + ["market"]
    tables = {m: partition_tables(trajectories, m) for m in metrics}
    objectives = []
    for objective in scenario.objectives:
        metric = "total" if objective.metric in ("per_agent", "per_inhabitant") else objective.metric
        if metric not in tables:
            continue  # not a carbon metric: not re-evaluated
        divisor = org.agents if objective.metric == "per_agent" else \
            org.population if objective.metric == "per_inhabitant" else None
        bau = evaluate(trajectories, metric, np.array([0], dtype=np.int64), tables[metric])[0]
        if divisor is not None:
            bau = bau / divisor
        checked, target = objective_targets(objective, years, bau)
        objectives.append({"id": objective.id, "metric": metric, "divisor": divisor, "kind": objective.kind,
                           "target_year": objective.target_year, "checked": [bool(c) for c in checked],
                           "targets": [float(t) for t in np.broadcast_to(target, (len(years),))],
                           "bau": [float(v) for v in bau]})
    return {
        "years": list(years),
        "horizon": scenario.horizon,
        "metrics": metrics,
        "partitions": [{"actions": list(p.actions),
                        "tables": {m: tables[m][k].tolist() for m in metrics}}
                       for k, p in enumerate(trajectories.partitions)],
        "objectives": objectives,
        "costs": {kind: _costs(scenario, kind).tolist()
                  for kind in ("total_cost", "investment", "operating", "spending")},
        "rel_tol": REL_TOL,
    }
