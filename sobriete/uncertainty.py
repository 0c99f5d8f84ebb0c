"""The 95 % interval of a footprint, with errors correlated per factor (DESIGN.md §5).

A factor's error is shared by every line that uses it, so draws are made per factor, never per
line. The footprint is a sum of terms, each proportional to a product of factors; terms that use
the same factors are first aggregated (a few hundred groups even for a million lines), then each
factor is drawn from a lognormal with median its value and σ = ln(1 + uncertainty) / 1.96, and
the groups are recombined for every draw. Factors are drawn in the order of their ids, so that
several footprints (the years of a trajectory) share the same draw of each factor. Seeded: same
inputs, same seed → same numbers.
"""

from __future__ import annotations

import numpy as np

DEFAULT_DRAWS = 1000
DEFAULT_SEED = 0
MIN_DRAWS_FOR_95 = 100  # below this, the interval is the range of the draws (DESIGN §5)


def _factorize(values):
    import pandas as pd

    return pd.factorize(values, use_na_sentinel=False)


def factor_groups(footprint, *, line_weights=None, phases=None, line_mask=None, line_keys=None):
    """Aggregate activity per combination of factors.

    Returns (base values, factor ids per group as a list of tuples). `line_weights` scales each
    line (trajectories combine variants), `phases` keeps only some phases, `line_mask` some lines.
    With `line_keys` (a non-negative int per line, e.g. the scenario variant of each line), groups
    are also split by key and a third array gives each group's key.
    """
    bases, members, keys_of = [], [], []
    n_codes = len(footprint.factor_ids) + 1
    for term in footprint.terms:
        if phases is not None and term.phase not in phases:
            continue
        values = term.values
        if line_weights is not None:
            values = values * line_weights
        if line_mask is not None:
            values = np.where(line_mask, values, 0.0)
        nonzero = np.flatnonzero(values)
        if not len(nonzero):
            continue
        slots = [np.asarray(f)[nonzero] for f in term.factors]
        key = np.zeros(len(nonzero), dtype=np.int64)
        if line_keys is not None:
            key, _ = _factorize(np.asarray(line_keys, dtype=np.int64)[nonzero])
            key = key.astype(np.int64)
        for slot in slots:  # combine slot by slot, re-compressing so the key never overflows
            key, _ = _factorize(key * n_codes + (slot + 1))
            key = key.astype(np.int64)
        inverse, first = _first_positions(key)
        bases.append(np.bincount(inverse, weights=values[nonzero]))
        for position in first:
            members.append(tuple(footprint.factor_ids[s[position]] for s in slots if s[position] >= 0))
        if line_keys is not None:
            keys_of.append(np.asarray(line_keys, dtype=np.int64)[nonzero][first])
    if line_keys is not None:
        return (np.concatenate(bases) if bases else np.zeros(0), members,
                np.concatenate(keys_of) if keys_of else np.zeros(0, dtype=np.int64))
    if not bases:
        return np.zeros(0), []
    return np.concatenate(bases), members


def _first_positions(key: np.ndarray):
    codes, uniques = _factorize(key)
    first = np.full(len(uniques), -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # reversed: the smallest index wins
    return codes, first


class FactorDraws:
    """Seeded standard-normal draws per factor id, in sorted id order, and each factor's σ.

    Factors of one correlation group (DESIGN §4: figures derived from one source share their
    error) use the same standard-normal draw, each scaled by its own σ; the others get one draw
    each. Draws are made per sorted key (the group's name, or the factor id), so that the same
    factor gets the same draw in every footprint of a trajectory.
    """

    def __init__(self, uncertainty_by_id: dict, draws: int, seed: int, groups: dict | None = None):
        groups = groups or {}
        self.ids = sorted(uncertainty_by_id)
        keys = [f"group:{groups[i]}" if groups.get(i) else f"id:{i}" for i in self.ids]
        distinct = sorted(set(keys))
        row = {key: k for k, key in enumerate(distinct)}
        self.index = {factor_id: i for i, factor_id in enumerate(self.ids)}
        self.sigma = np.log1p(np.array([uncertainty_by_id[i] for i in self.ids], dtype=float)) / 1.96
        z = np.random.default_rng(seed).standard_normal((len(distinct), draws))
        self.z = z[[row[key] for key in keys]] if self.ids else np.zeros((0, draws))
        self.draws = draws

    def totals(self, base: np.ndarray, members: list) -> np.ndarray:
        """Σ_groups base × Π_factors exp(σ z), for every draw."""
        if not len(base):
            return np.zeros(self.draws)
        return base @ self.group_ratios(members)

    def group_ratios(self, members: list) -> np.ndarray:
        """groups × draws: Π_factors exp(σ z) of each group of factors."""
        log_ratio = np.zeros((len(members), self.draws))
        for g, ids in enumerate(members):
            for factor_id in ids:
                k = self.index[factor_id]
                log_ratio[g] += self.sigma[k] * self.z[k]
        return np.exp(log_ratio)


def uncertainties_of(*footprints) -> dict:
    result = {}
    for footprint in footprints:
        result.update(zip(footprint.factor_ids, map(float, footprint.factor_uncertainty)))
    return result


def correlation_groups_of(*footprints) -> dict:
    """Factor id → correlation group, for the grouped factors of these footprints."""
    result = {}
    for footprint in footprints:
        result.update((i, g) for i, g in zip(footprint.factor_ids, footprint.factor_groups) if g)
    return result


def factor_draws(*footprints, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> FactorDraws:
    """The shared draws of every factor these footprints use."""
    return FactorDraws(uncertainties_of(*footprints), draws, seed, correlation_groups_of(*footprints))


def draw_totals(footprint, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> np.ndarray:
    """Total footprint for each Monte Carlo draw (kgCO2e/year)."""
    base, members = factor_groups(footprint)
    return factor_draws(footprint, draws=draws, seed=seed).totals(base, members)


def interval(footprint, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of the total (kgCO2e/year)."""
    if draws <= 0:
        total = footprint.total
        return total, total
    totals = draw_totals(footprint, draws, seed)
    if draws < MIN_DRAWS_FOR_95:
        # Too few draws for percentiles: the range of the draws, widened to hold the central total,
        # and a note on the footprint (never called a 95 % interval).
        from .notes import Note

        note = Note("few_draws", draws=draws, minimum=MIN_DRAWS_FOR_95)
        if note not in footprint.notes:
            footprint.notes.append(note)
        total = footprint.total
        return float(min(totals.min(), total)), float(max(totals.max(), total))
    low, high = np.percentile(totals, [2.5, 97.5])
    return float(low), float(high)
