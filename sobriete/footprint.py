"""The footprint engine: validated inventory + factor set → per-line emissions and breakdowns.

Vectorised over whole columns (no per-row Python loop on inventory data). Every emission is
recorded as a *term*: a per-line array of kgCO2e/year, its phase (embodied, use, network, spend),
its BEGES v5 poste, and the factors it is proportional to. Terms give the per-line results, the
breakdowns, the provenance of each line and the 95 % interval (``sobriete.uncertainty``).

Rules (DESIGN.md §5), per line, in kgCO2e per year of the reporting year, × share:
- equipment: embodied (``amortized``: quantity × embodied / lifespan, 0 once
  purchase_year + lifespan ≤ year; ``acquisition``: quantity × embodied for lines bought in the
  year) + use (quantity × electricity × electricity[country], × PUE for hosting);
- spend lines: spend × spend.<category>;
- websites and web services: network (page views × page weight or data transfer × the
  fixed/mobile blend), or the EcoIndex path;
- cloud: Cloud Carbon Footprint method (vCPU·h × watts × PUE × grid + embodied share);
- activities (email, video conference): quantity (× hours) × the profile's intensity.

Criteria beyond carbon (DESIGN §4): a term is the product of an *activity* (units of equipment
counted, kWh, GB, euros, hours…) and one carbon factor, its *carrier* (the profile's embodied, the
electricity mix, the network or spend intensity…). When factors carry `impacts`, each term also
gives, per criterion, activity × the carrier's value for that criterion — the same rules as carbon
(lifespan, amortisation, PUE, share, refurbished, usage rates) because the activity is the same.
A line whose counted term has a carrier without the criterion (or a value given on the line, such
as its own embodied kgCO2e) is *not evaluated* for that criterion: it is left out of the
criterion's total, and `coverage` is the share of the carbon total of the evaluated lines. Carbon
(`climate_change`) is the footprint itself, never recomputed. Only the criteria present in the
factor set are computed; a set without `impacts` costs nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import ecoindex
from .constants import BEGES_POSTES, EMBODIED_POSTE, HOURS_PER_YEAR, SCOPE_OF_POSTE
from .criteria import CARBON, CRITERIA
from .errors import InputErrors, error
from .factorset import criteria_of
from .notes import Note
from .model import SECTIONS
from .locale import _

PHASES = ("embodied", "use", "network", "spend")
# Where a value came from: given on the line, a default of the factor set (the category's profile,
# or datacenter.pue), a manufacturer's product carbon footprint (--pcf), or an importer.
ORIGINS = ("", "input", "profile", "pcf", "import")
INPUT, PROFILE, PCF, IMPORT = 1, 2, 3, 4
METHODS = ("amortized", "acquisition")
REL_TOL = 1e-9
POSTES = BEGES_POSTES
POSTE_CODE = {poste: code for code, poste in enumerate(POSTES)}


@dataclass
class Term:
    """One emission component for every line (0 where it does not apply)."""

    values: np.ndarray  # kgCO2e/year per line
    phase: str
    poste: object  # a BEGES poste for every line (str), or int8 codes into POSTES per line
    factors: list  # list of int arrays: factor code per line (-1: none)


@dataclass
class Footprint:
    """The result: per-line arrays, breakdowns, interval, notes and provenance."""

    organisation: object
    year: int
    method: str
    factors_version: str
    lines: object  # pandas.DataFrame: inventory columns + section + phases + total
    terms: list
    factor_ids: list  # code → factor id
    factor_uncertainty: np.ndarray
    factor_groups: list = field(default_factory=list)  # code → correlation group (None: its own draw)
    notes: list = field(default_factory=list)
    interval: tuple | None = None
    draws: int = 0
    seed: int = 0
    ecoindex: dict = field(default_factory=dict)  # line position → {score, grade, gco2e_per_view}
    provenance: list = field(default_factory=list)  # extra factor code arrays (used, not drawn)
    # Where each value a line used came from (DESIGN §8): key → int8 codes into ORIGINS per line.
    value_origins: dict = field(default_factory=dict)
    extra_breakdowns: dict = field(default_factory=dict)  # e.g. {"application": {...}} from an import
    source_index: object = None  # SourceIndex: where each line comes from
    keys: dict = field(default_factory=dict)  # column → (code per line, distinct values), reused by `by`
    # Criteria beyond carbon (DESIGN §4, §8): ids, per-line values (criteria × lines, float64, in
    # each criterion's canonical unit per year) and the lines not evaluated for each criterion.
    criterion_ids: list = field(default_factory=list)
    impacts: object = None  # numpy array (len(criterion_ids), n lines), or None
    impacts_missing: object = None  # bool array of the same shape
    _criteria: dict = field(default=None, repr=False, compare=False)  # computed once

    def criteria(self) -> dict:
        """DESIGN §8 `criteria`: {id: {unit, total, coverage}}, carbon first (always complete)."""
        if self._criteria is None:
            self._criteria = self._criteria_figures()
        return {k: dict(v) for k, v in self._criteria.items()}

    def _criteria_figures(self) -> dict:
        total = self.total
        result = {CARBON: {"unit": "kgCO2e/year", "total": total, "coverage": 1.0}}
        if not self.criterion_ids:
            return result
        carbon = self.lines["total"].to_numpy(float)
        for k, criterion_id in enumerate(self.criterion_ids):
            evaluated = ~self.impacts_missing[k]
            covered = float(carbon[evaluated].sum())
            coverage = covered / total if total else (1.0 if evaluated.all() else 0.0)
            result[criterion_id] = {"unit": f"{CRITERIA[criterion_id].unit}/year",
                                    "total": float(self.impacts[k][evaluated].sum()),
                                    "coverage": min(1.0, coverage)}
        return result

    def line_impacts(self, criterion_id: str) -> np.ndarray:
        """A criterion's value per line (carbon: the line total), NaN where the line is not evaluated."""
        if criterion_id == CARBON:
            return self.lines["total"].to_numpy(float)
        k = self.criterion_ids.index(criterion_id)
        return np.where(self.impacts_missing[k], np.nan, self.impacts[k])

    def criterion_by(self, criterion_id: str, column: str) -> dict:
        """A criterion's total by category, section, service or site (evaluated lines only)."""
        values = self.line_impacts(criterion_id)
        keys = self.lines[column].to_numpy(dtype=object)
        codes, uniques = _factorize(keys)
        index = np.where(codes < 0, len(uniques), codes)
        sums = np.bincount(index, weights=np.nan_to_num(values), minlength=len(uniques) + 1)
        evaluated = np.bincount(index, weights=~np.isnan(values), minlength=len(uniques) + 1)
        result = {str(name): float(v) for name, v, e in zip([*uniques, "(none)"], sums, evaluated) if e}
        return dict(sorted(result.items(), key=lambda kv: -kv[1]))

    def sources(self) -> np.ndarray:
        """``file:row`` of every line (built on demand: a million strings cost time and memory)."""
        if self.source_index is None:
            return np.full(len(self.lines), "", dtype=object)
        return self.source_index.strings()

    @property
    def total(self) -> float:
        return float(self.lines["total"].sum())

    def by_phase(self) -> dict:
        return {phase: float(self.lines[phase].sum()) for phase in PHASES}

    def by(self, column: str) -> dict:
        """Totals by section, category, service or site (lines without a value: '(none)')."""
        keys = self.keys.get(column)
        if keys is None:  # factorised as stored (Arrow strings: by Arrow), not as a million Python strings
            codes, uniques = _factorize(self.lines[column])
            keys = (np.where(codes < 0, len(uniques), codes), list(uniques))
            self.keys[column] = keys
        index, uniques = keys
        sums = np.bincount(index, weights=self.lines["total"].to_numpy(float), minlength=len(uniques) + 1)
        result: dict[str, float] = {}
        for name, value in zip([*uniques, "(none)"], sums):
            if name != "(none)" or value:
                result[str(name)] = result.get(str(name), 0.0) + float(value)
        if column == "section":
            return {s: result.get(s, 0.0) for s in SECTIONS}
        return dict(sorted(result.items(), key=lambda kv: -kv[1]))

    def by_beges(self) -> dict:
        totals = np.zeros(len(POSTES))
        for term in self.terms:
            if isinstance(term.poste, str):
                totals[POSTE_CODE[term.poste]] += term.values.sum()
            else:
                totals += np.bincount(term.poste, weights=term.values, minlength=len(POSTES))
        return {poste: float(value) for poste, value in zip(POSTES, totals) if value != 0}

    def by_scope(self) -> dict:
        scopes: dict[str, float] = {}
        for poste, value in self.by_beges().items():
            scope = SCOPE_OF_POSTE[poste]
            scopes[scope] = scopes.get(scope, 0.0) + value
        return dict(sorted(scopes.items()))

    def per(self, count) -> float | None:
        return self.total / count if count else None


def _factorize(values):
    import pandas as pd

    return pd.factorize(values, use_na_sentinel=True)


WEAK_UNCERTAINTY = 0.5  # a factor at least this uncertain is weak (±50 % or more)
WEAK_AGE_YEARS = 10  # a factor whose data is more than this many years older than the reporting year


def is_weak(entry, year: int) -> bool:
    """A factor is weak when its uncertainty is ≥ 50 % or its data is over 10 years old."""
    if entry is None:
        return False
    old = entry.year is not None and int(entry.year) < year - WEAK_AGE_YEARS
    return bool(entry.uncertainty >= WEAK_UNCERTAINTY or old)


def quality_shares(footprint, factor_set) -> dict:
    """Shares of the total resting on default values and on weak factors (DESIGN §8 provenance).

    `defaults`: the total of the lines that use at least one default of the factor set (a
    category's embodied, lifespan or electricity, or the default PUE) instead of their own value.
    `weak`: the emissions computed with at least one weak factor (see `is_weak`), term by term.
    `weak_factors`: the weak factors used, by weight.
    """
    total = footprint.total
    n = len(footprint.lines)
    on_default = np.zeros(n, dtype=bool)
    for codes in footprint.value_origins.values():
        on_default |= codes == PROFILE
    line_totals = footprint.lines["total"].to_numpy(float)
    factor_set = factor_set.at_year(footprint.year)
    # The uncertainty each factor was drawn with (PCFs and lines' own included), and its data year.
    weak_code = np.array([u >= WEAK_UNCERTAINTY or is_weak(factor_set.entry(i), footprint.year)
                          for i, u in zip(footprint.factor_ids, footprint.factor_uncertainty)] + [False], dtype=bool)
    weak_total, by_factor = 0.0, {}
    for term in footprint.terms:
        weak = np.zeros(n, dtype=bool)
        for slot in term.factors:
            codes = np.asarray(slot)
            hit = weak_code[np.where(codes >= 0, codes, len(weak_code) - 1)]
            for code in np.unique(codes[hit]):
                factor_id = footprint.factor_ids[code]
                by_factor[factor_id] = by_factor.get(factor_id, 0.0) + float(term.values[codes == code].sum())
            weak |= hit
        weak_total += float(term.values[weak].sum())
    share = (lambda value: value / total if total else None)
    return {"defaults": share(float(line_totals[on_default].sum())), "weak": share(weak_total),
            "weak_factors": [{"id": i, "value": v, "share": share(v)}
                             for i, v in sorted(by_factor.items(), key=lambda kv: -kv[1])]}


class _FactorCodes:
    """Factor ids ↔ integer codes, in order of first use (deterministic)."""

    def __init__(self, factor_set):
        self.factor_set = factor_set
        self.ids: list[str] = []
        self.uncertainty: list[float] = []
        self.groups: list[str | None] = []  # correlation group of each factor (DESIGN §4)
        self._codes: dict[str, int] = {}

    def code(self, factor_id: str, uncertainty: float | None = None, group: str | None = None) -> int:
        if factor_id not in self._codes:
            self._codes[factor_id] = len(self.ids)
            self.ids.append(factor_id)
            if uncertainty is None:
                entry = self.factor_set.entry(factor_id)
                uncertainty = entry.uncertainty if entry is not None else 0.0
                group = getattr(entry, "correlation_group", None)
            self.uncertainty.append(float(uncertainty))
            self.groups.append(group)
        return self._codes[factor_id]


class _Keyed:
    """A text column factorised once: every per-line look-up is then an integer take.

    Converting a column of a million strings into values (a factor, a profile value) costs one
    hash pass; after it, each table is built over the few distinct values and spread to the
    lines with numpy indexing.
    """

    def __init__(self, values):
        codes, uniques = _factorize(values)  # a Series of Arrow strings is factorised by Arrow
        self.uniques = list(uniques)
        self.index = np.where(codes < 0, len(self.uniques), codes)  # last slot: missing

    def take(self, table: list, fill=np.nan, dtype=float) -> np.ndarray:
        return np.asarray(list(table) + [fill], dtype=dtype)[self.index]

    def present(self, mask: np.ndarray) -> np.ndarray:
        """Indices of the distinct values that occur on the masked lines."""
        counts = np.bincount(self.index[mask], minlength=len(self.uniques) + 1)
        return np.flatnonzero(counts[: len(self.uniques)])


class SourceIndex:
    """The inventory location (``file:row``) of each footprint line, materialised on demand."""

    def __init__(self, chunks: list):
        self.chunks = chunks  # Locations objects or arrays of strings, in line order
        self.starts = np.cumsum([0] + [len(c) for c in chunks])

    def __len__(self) -> int:
        return int(self.starts[-1])

    def __getitem__(self, position: int) -> str:
        chunk = int(np.searchsorted(self.starts, position, side="right")) - 1
        return str(self.chunks[chunk][int(position - self.starts[chunk])])

    def strings(self) -> np.ndarray:
        if not self.chunks:
            return np.array([], dtype=object)
        return np.concatenate([np.asarray(c, dtype=object) for c in self.chunks])


def _lines_frame(inventory):
    """All lines of devices, hosting and services in inventory order, with their section."""
    import pandas as pd

    frames, chunks = [], []
    for section in SECTIONS:
        frame = inventory.sections[section]
        if len(frame):
            frames.append(frame.assign(section=_repeated_text(section, len(frame))))
            locations = inventory.locations.get(section)
            if locations is None or len(locations) != len(frame):
                locations = np.full(len(frame), inventory.source, dtype=object)
            chunks.append(locations)
    if not frames:
        return inventory.sections["devices"].assign(section="devices").iloc[0:0], SourceIndex([])
    if len(frames) == 1:
        lines = frames[0].reset_index(drop=True)
    elif all(list(f.columns) == list(frames[0].columns) for f in frames):
        # Column by column into an unconsolidated frame: several times faster than pd.concat
        # on wide frames of a million lines.
        lines = pd.DataFrame({c: _concat_column([f[c] for f in frames]) for c in frames[0].columns}, copy=False)
    else:
        lines = pd.concat(frames, ignore_index=True)
    return lines, SourceIndex(chunks)


def _repeated_text(text: str, n: int):
    """A `str` column holding `text` on every line, built by Arrow (no million Python strings)."""
    import pyarrow as pa

    indices = pa.array(np.zeros(n, dtype=np.int32))
    return pa.DictionaryArray.from_arrays(indices, pa.array([text])).dictionary_decode().to_pandas()


def _section_keys(inventory) -> tuple:
    """(index into SECTIONS per footprint line, SECTIONS): the `section` column as codes."""
    sizes = [len(inventory.sections[section]) for section in SECTIONS]
    return np.repeat(np.arange(len(SECTIONS)), sizes), list(SECTIONS)


def _concat_column(parts):
    import pandas as pd

    if all(p.dtype == parts[0].dtype for p in parts) and parts[0].dtype.kind in "fbiu":
        return np.concatenate([p.to_numpy() for p in parts])
    return pd.concat(parts, ignore_index=True)


def _line_extra(inventory, name: str, fill, dtype) -> np.ndarray:
    """A per-line fact kept beside the frames (``Inventory.line_extras``), in footprint line order."""
    parts = []
    for section in SECTIONS:
        size = len(inventory.sections[section])
        if not size:
            continue
        values = inventory.line_extras.get(section, {}).get(name)
        parts.append(np.asarray(values, dtype=dtype) if values is not None and len(values) == size
                     else np.full(size, fill, dtype=dtype))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _origin(given: np.ndarray, mask: np.ndarray, given_code: int) -> np.ndarray:
    """Origin codes: `given_code` where the line gives the value, profile elsewhere on `mask`."""
    return np.where(mask, np.where(given, given_code, PROFILE), 0).astype(np.int8)


class _SubSources:
    """Sources of a subset of lines, indexed by position in the subset."""

    def __init__(self, sources, positions):
        self.sources, self.positions = sources, positions

    def __getitem__(self, position: int) -> str:
        return self.sources[int(self.positions[position])]


class _Lookup:
    """Per-line intensity values and factor codes through a keyed column (e.g. the country)."""

    def __init__(self, factor_set, codes: _FactorCodes, sources):
        self.factor_set = factor_set
        self.codes = codes
        self.sources = sources

    def __call__(self, keyed: _Keyed, mask: np.ndarray, factor_id_of, unit: str, missing: str):
        """(values per line, factor code per line); NaN and -1 outside `mask`."""
        n = len(mask)
        positions = np.flatnonzero(mask)
        index = keyed.index[positions]
        values_table = np.full(len(keyed.uniques) + 1, np.nan)
        code_table = np.full(len(keyed.uniques) + 1, -1, dtype=np.int32)
        problems = []
        for k in np.flatnonzero(np.bincount(index, minlength=len(keyed.uniques) + 1)[: len(keyed.uniques)]):
            factor_id = factor_id_of(keyed.uniques[k])
            entry = self.factor_set.intensity(factor_id)
            if entry is None:
                first = int(positions[np.argmax(index == k)])
                problems.append(error(missing, id=factor_id, path=str(self.sources[first]),
                                      hint=_("add it in a factor file given with --factors")))
                continue
            if entry.unit != unit:
                raise InputErrors([error(_("factor {factor} is in {unit}, expected {expected}"), factor=factor_id,
                                         unit=entry.unit or 'no unit', expected=unit,
                                         path=entry.origin)])
            values_table[k] = entry.value
            code_table[k] = self.codes.code(factor_id)
        if problems:
            raise InputErrors(problems)
        values = np.full(n, np.nan)
        values[positions] = values_table[index]
        factor_codes = np.full(n, -1, dtype=np.int32)
        factor_codes[positions] = code_table[index]
        return values, factor_codes


class _Run:
    """One footprint computation: the lines, the factor look-ups, and the terms being collected.

    Each calculation method (``CALCULATIONS``) reads the lines it counts from here and adds its
    terms; ``compute_footprint`` builds the run, dispatches, and assembles the result.
    """

    def __init__(self, inventory, factor_set, *, method: str, steady: bool, year: int, renewed_after=None,
                 criteria=True):
        self.inventory, self.factor_set, self.method, self.steady, self.year = inventory, factor_set, method, steady, year
        self.renewed_after = renewed_after  # trajectories: the baseline year whose fleet is renewed from then on
        self.lines, self.sources = _lines_frame(inventory)
        n = self.n = len(self.lines)
        self.codes = _FactorCodes(factor_set)
        self.notes: list[str] = []
        self.terms: list[Term] = []
        self.lookup = _Lookup(factor_set, self.codes, self.sources)
        self.category = _Keyed(self.lines["category"].to_numpy(dtype=object))
        self.profiles = [factor_set.profiles[c] for c in self.category.uniques]
        self.method_code = self.category.take([PROFILE_METHOD_CODES[p.method] for p in self.profiles], -1, np.int8)
        self.section_index, _ = _section_keys(inventory)
        self.section = np.array(SECTIONS, dtype=object)[self.section_index]
        self.share = self.lines["share"].to_numpy(float)
        self.weight = self.lines["quantity"].to_numpy(float) * self.share
        self.country = _Keyed(self.lines["country"])
        self.spend = self.lines["spend"].to_numpy(float)
        self.has_spend = ~np.isnan(self.spend)
        line_uncertainty = self.lines["uncertainty"].to_numpy(float)
        self.line_factor = np.full(n, -1, dtype=np.int32)
        for position in np.flatnonzero(~np.isnan(line_uncertainty)):
            self.line_factor[position] = self.codes.code(f"line:{self.sources[position]}",
                                                         float(line_uncertainty[position]))
        self.profile_code = self.category.take([self.codes.code(p.id) for p in self.profiles], -1, np.int32)
        self.given_code = IMPORT if inventory.imported_from else INPUT
        self.origins: dict[str, np.ndarray] = {}
        self.energy_kwh = np.zeros(n)  # electricity behind the use phase (with PUE), for market-based series
        self.grid_of_line = np.full(n, np.nan)
        self.ecoindex: dict = {}
        self.provenance: list = []  # factor codes used but not drawn
        self.backlog = np.zeros(n)  # trajectories: embodied of units renewed late (past their lifespan at baseline)
        # Criteria beyond carbon present in the factor set (none: nothing more is computed).
        self.criterion_ids = criteria_of([*factor_set.profiles.values(), *factor_set.intensities.values()])
        if criteria is not True:  # only those asked for (trajectories: the objectives' criteria)
            self.criterion_ids = [c for c in self.criterion_ids if c in (criteria or ())]
        if self.criterion_ids:
            self.impacts = np.zeros((len(self.criterion_ids), n))
            self.impacts_missing = np.zeros((len(self.criterion_ids), n), dtype=bool)

    # --- what the methods read ----------------------------------------------------------------
    def column(self, key: str) -> np.ndarray:
        return self.lines[key].to_numpy(float)

    def profile_value(self, key: str) -> np.ndarray:
        return self.category.take([p.values.get(key, np.nan) for p in self.profiles])

    def profile_flag(self, test) -> np.ndarray:
        """`test(profile)` per line (False where the category is missing)."""
        return self.category.take([bool(test(p)) for p in self.profiles], False, bool)

    def counted_by(self, method: str) -> np.ndarray:
        """Lines whose profile uses `method` and that do not give a spend (spend lines count by spend)."""
        return (self.method_code == PROFILE_METHOD_CODES[method]) & ~self.has_spend

    def grid_for(self, mask):
        """The electricity factor of each line's country (values, factor codes) on `mask`."""
        return self.lookup(self.country, mask, lambda c: f"electricity.{c}", "kgCO2e/kWh", _("no electricity factor {id}"))

    # --- what the methods write ---------------------------------------------------------------
    def add(self, values, phase, poste, *factor_arrays, per=None) -> None:
        """Add a term. `per` gives its criteria beyond carbon: a function returning (activity per
        line, carrier factor code per line) such that values = activity × the carrier's carbon
        value; it is called only when the factor set has criteria. Without it, the lines the term
        counts are not evaluated for any criterion."""
        values = np.where(np.isnan(values), 0.0, values)
        self.terms.append(Term(values, phase, poste, [*factor_arrays, self.line_factor]))
        if self.criterion_ids:
            if per is None:
                self.impacts_missing |= (values != 0)[None, :]
                return
            activity, carrier = per()
            self.add_impacts(np.asarray(activity, dtype=float), np.asarray(carrier))

    def add_impacts(self, activity, carrier) -> None:
        """activity × the carrier's value of every criterion (NaN carrier: the line is not evaluated)."""
        counted = np.nan_to_num(activity) != 0
        table = self._impact_table()
        per_unit = table[:, np.where(carrier >= 0, carrier, table.shape[1] - 1)]
        missing = np.isnan(per_unit) & counted[None, :]
        self.impacts += np.where(counted[None, :] & ~missing, activity[None, :] * np.nan_to_num(per_unit), 0.0)
        self.impacts_missing |= missing

    def _impact_table(self) -> np.ndarray:
        """(criteria × factor codes + 1) values per unit of each factor; NaN where it gives none."""
        table = np.full((len(self.criterion_ids), len(self.codes.ids) + 1), np.nan)
        for code, factor_id in enumerate(self.codes.ids):
            entry = self.factor_set.entry(factor_id)
            impacts = getattr(entry, "impacts", None) or {}
            for k, criterion_id in enumerate(self.criterion_ids):
                if criterion_id in impacts:
                    table[k, code] = impacts[criterion_id]
        return table

    def add_energy(self, kwh, grid, mask) -> None:
        self.energy_kwh = self.energy_kwh + np.where(mask, np.nan_to_num(kwh), 0.0)
        self.grid_of_line = np.where(mask, grid, self.grid_of_line)

    def code_where(self, mask, factor_id: str) -> np.ndarray:
        """The factor's code on `mask`, -1 elsewhere."""
        return np.where(mask, np.int32(self.codes.code(factor_id)), np.int32(-1))

    def note_defaults(self, mask, default, key) -> None:
        count = int((mask & default).sum())
        if count:
            self.notes.append(Note("category_default", count=count, total=int(mask.sum()), key=key))

    # --- the result -----------------------------------------------------------------------------
    def footprint(self) -> Footprint:
        lines, n = self.lines, self.n
        phase_values = {phase: np.zeros(n) for phase in PHASES}
        for term in self.terms:
            phase_values[term.phase] = phase_values[term.phase] + term.values
        for phase in PHASES:
            lines[phase] = phase_values[phase]
        lines["total"] = (phase_values["embodied"] + phase_values["use"] + phase_values["network"]
                          + phase_values["spend"])
        lines["energy_kwh"] = self.energy_kwh
        lines["grid"] = self.grid_of_line
        if self.renewed_after is not None:
            lines["backlog"] = self.backlog
        codes = self.codes
        return Footprint(organisation=self.inventory.organisation, year=self.year, method=self.method,
                         factors_version=self.factor_set.version, lines=lines, terms=self.terms,
                         factor_ids=codes.ids, factor_uncertainty=np.array(codes.uncertainty),
                         factor_groups=list(codes.groups),
                         notes=(list(self.inventory.notes) + list(self.factor_set.notes) + self.notes
                                + _year_notes(self.factor_set, codes, self.year)),
                         ecoindex=self.ecoindex, provenance=self.provenance, value_origins=self.origins,
                         source_index=self.sources,
                         keys={"category": (self.category.index, self.category.uniques),
                               "section": (self.section_index, list(SECTIONS))},
                         **self._criteria_used())

    def _criteria_used(self) -> dict:
        """The criteria that at least one used factor gives (DESIGN §8), with their per-line arrays."""
        if not self.criterion_ids:
            return {}
        used = set(criteria_of(self.factor_set.entry(i) for i in self.codes.ids))
        keep = [k for k, c in enumerate(self.criterion_ids) if c in used]
        return {"criterion_ids": [self.criterion_ids[k] for k in keep], "impacts": self.impacts[keep],
                "impacts_missing": self.impacts_missing[keep]}


def compute_footprint(inventory, factor_set, *, method: str = "amortized", steady: bool = False,
                      year: int | None = None, renewed_after: int | None = None, criteria=True) -> Footprint:
    """Compute the footprint of `inventory` with `factor_set` (no I/O, no printing).

    `steady` (used by trajectories) counts every equipment line's embodied share whatever its
    age, as if the fleet were renewed at the end of each lifespan. `year` overrides the
    reporting year (trajectories). `renewed_after` (trajectories, a year before `year`) follows the
    real fleet from that baseline year (DESIGN §6): each unit is renewed at the end of its lifespan;
    a unit already past it in the baseline year is renewed the next year (its embodied emissions
    that year are the line's ``backlog``); lines without a purchase year are a steady fleet.
    Each calculation method of ``CALCULATIONS`` adds the terms of
    the lines it counts, in this order. `criteria`: True computes every criterion beyond carbon the
    factor set gives; a list, only those (trajectories keep a footprint per year: only what the
    objectives need).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    year = inventory.year if year is None else year
    run = _Run(inventory, factor_set.at_year(year), method=method, steady=steady, year=year,
               renewed_after=renewed_after, criteria=criteria)
    for calculation in CALCULATIONS:
        calculation(run)
    return run.footprint()


def _year_notes(factor_set, codes, year) -> list:
    """One note listing the intensities used whose data is of another year (DESIGN §4)."""
    notes = []
    # Dated per year by nature (electricity mixes) or shipped for several years: say which year
    # was used. Other factors carry the year of their study, shown in the factor tables.
    series = factor_set._all_series()
    other = sorted((i, factor_set.year_notes[i]) for i in set(codes.ids) if i in factor_set.year_notes
                   and (i.startswith("electricity.") or len(series.get(i, ())) > 1))
    if other:
        shown = ", ".join(f"{i} ({y})" for i, y in other[:12]) + (f" and {len(other) - 12} more" if len(other) > 12 else "")
        notes.append(Note("factor_of_another_year", year=year, count=len(other), factors=shown))
    if any(i.startswith("spend.") for i in codes.ids):
        money = factor_set.money_note(year)
        if money:
            notes.append(money)
    return notes


PROFILE_METHOD_CODES = {"equipment": 0, "cloud": 1, "cloud_storage": 2, "spend": 3, "network": 4, "activity": 5}


# --- calculation methods (DESIGN §5), one function per profile `method` -------------------------------

def equipment_terms(run: _Run) -> None:
    """Devices and physical hosting: embodied (amortised or at acquisition) + use (× PUE for hosting)."""
    equipment = run.counted_by("equipment")
    if not equipment.any():
        return
    year = run.year
    refurbished = run.lines["refurbished"].to_numpy(bool)
    line_embodied = run.column("embodied")
    new_embodied = run.profile_value("embodied")
    profile_embodied = np.where(refurbished, run.profile_value("refurbished_embodied"), new_embodied)
    refurb_missing = equipment & refurbished & np.isnan(line_embodied) & np.isnan(profile_embodied)
    if refurb_missing.any():
        profile_embodied = np.where(refurb_missing, new_embodied, profile_embodied)
        run.notes.append(Note("refurbished_as_new", count=int(refurb_missing.sum())))
    embodied_default = np.isnan(line_embodied)
    embodied_unit = np.where(embodied_default, profile_embodied, line_embodied)
    pcf_line, pcf_code = _pcf_codes(run, equipment)
    line_lifespan = run.column("lifespan")
    lifespan = np.where(np.isnan(line_lifespan), run.profile_value("lifespan"), line_lifespan)
    purchase = run.column("purchase_year")
    # Trajectories carry each line's lifespan before any lever (`_base_lifespan`): a unit already
    # past it in the baseline year is fully amortised, whatever a later lever makes of its lifespan.
    if "_base_lifespan" in run.lines:
        base = run.column("_base_lifespan")
        base_lifespan = np.where(np.isnan(base), run.profile_value("lifespan"), base)
    else:
        base_lifespan = lifespan
    weight = run.weight
    if run.renewed_after is not None:
        embodied = _renewed_fleet_embodied(run, equipment, weight * embodied_unit, lifespan, purchase, base_lifespan)
    elif run.method == "amortized":
        embodied = weight * embodied_unit / lifespan
        if not run.steady:
            ended = ((purchase + np.minimum(lifespan, base_lifespan)) <= year * (1 + REL_TOL)) & ~np.isnan(purchase)
            embodied = np.where(ended, 0.0, embodied)
            count = int((ended & equipment).sum())
            if count:
                run.notes.append(Note("past_lifespan", count=count, year=year))
    elif run.steady:
        embodied = weight * embodied_unit * _renewals(year - purchase, lifespan, purchase)
    else:
        embodied = np.where(purchase == year, weight * embodied_unit, 0.0)
        unknown = int((np.isnan(purchase) & equipment).sum())
        if unknown:
            run.notes.append(Note("acquisition_without_purchase_year", count=unknown))
    embodied = np.where(equipment, embodied, 0.0)
    ownership = _Keyed(run.lines["ownership"])
    poste = ownership.take([POSTE_CODE[EMBODIED_POSTE.get(o, "4.2")] for o in ownership.uniques],
                           POSTE_CODE["4.2"], np.int8)
    embodied_carrier = np.where(embodied_default & equipment, run.profile_code, np.int32(-1))

    def embodied_per():
        # Units of equipment counted by the same rules as carbon (embodied = units × embodied per
        # unit), × the refurbished ratio of the profile's values; the carrier is the profile.
        if run.renewed_after is not None:
            kept = run.backlog
            units = _renewed_fleet_embodied(run, equipment, weight, lifespan, purchase, base_lifespan)
            run.backlog = kept
        elif run.method == "amortized":
            units = weight / lifespan
            if not run.steady:
                ended = ((purchase + np.minimum(lifespan, base_lifespan)) <= year * (1 + REL_TOL)) & ~np.isnan(purchase)
                units = np.where(ended, 0.0, units)
        elif run.steady:
            units = weight * _renewals(year - purchase, lifespan, purchase)
        else:
            units = np.where(purchase == year, weight, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(new_embodied > 0, profile_embodied / new_embodied, 1.0)
        return np.where(equipment, units * ratio, 0.0), embodied_carrier

    run.add(embodied, "embodied", poste, embodied_carrier, pcf_code, per=embodied_per)
    run.origins["embodied"] = np.where(pcf_line, np.int8(PCF), _origin(~embodied_default, equipment, run.given_code))
    run.origins["lifespan"] = _origin(~np.isnan(line_lifespan), equipment, run.given_code)
    run.note_defaults(equipment, embodied_default, "embodied")
    run.note_defaults(equipment, np.isnan(line_lifespan), "lifespan")

    line_electricity = run.column("electricity")
    electricity_default = np.isnan(line_electricity)
    electricity = np.where(electricity_default, run.profile_value("electricity"), line_electricity)
    run.note_defaults(equipment, electricity_default, "electricity")
    hosting = equipment & (run.section == "hosting")
    line_pue = run.column("pue")
    profile_pue = run.profile_value("pue")
    pue_default = hosting & np.isnan(line_pue) & np.isnan(profile_pue)
    pue = np.where(~np.isnan(line_pue), line_pue, profile_pue)
    if pue_default.any():
        dc = run.factor_set.intensity("datacenter.pue")
        pue = np.where(pue_default, dc.value, pue)
        run.notes.append(Note("default_pue", count=int(pue_default.sum()), value=float(dc.value)))
    pue = np.where(hosting & ~np.isnan(pue), pue, 1.0)
    run.origins["electricity"] = _origin(~electricity_default, equipment, run.given_code)
    run.origins["pue"] = _origin(~np.isnan(line_pue), hosting, run.given_code)
    grid, grid_codes = run.grid_for(equipment)
    use = np.where(equipment, weight * electricity * pue * grid, 0.0)
    run.add_energy(weight * electricity * pue, grid, equipment)
    run.add(use, "use", "2.1", np.where(electricity_default & equipment, run.profile_code, np.int32(-1)), grid_codes,
            run.code_where(pue_default, "datacenter.pue"),
            per=lambda: (np.where(equipment, weight * electricity * pue, 0.0), grid_codes))


def _renewals(offset, lifespan, purchase) -> np.ndarray:
    """Units bought per unit of the line in the year `offset` years after its purchase year: renewals
    fall in the years floor(purchase_year + k × lifespan), k ≥ 0; without a purchase year, a steady
    fleet renews 1 / lifespan every year."""
    renewals = np.where(offset >= 0, np.ceil((offset + 1) / lifespan - REL_TOL) - np.ceil(offset / lifespan - REL_TOL),
                        0.0)
    return np.where(np.isnan(purchase), 1.0 / lifespan, renewals)


def _renewed_fleet_embodied(run: _Run, equipment, embodied_total, lifespan, purchase, base_lifespan) -> np.ndarray:
    """Embodied emissions in a trajectory year after the baseline, on the real fleet (DESIGN §6).

    A unit past its lifespan in the baseline year (purchase_year + lifespan ≤ baseline) is renewed
    the next year: the renewal backlog, whose emissions are also kept in ``run.backlog``. Every
    other unit is renewed at the end of each lifespan. Amortized: a unit in service counts
    embodied / lifespan each year of its life, whichever life it is in. Acquisition: a unit counts
    its embodied in the years it is bought (never in the baseline year itself for lines without a
    purchase year: 1 / lifespan of them each later year).
    """
    baseline = run.renewed_after
    # Past its lifespan in the baseline year (before any lever): fully amortised, renewed the next
    # year — or later, when a lever keeps it longer (purchase year + new lifespan).
    ended = equipment & ~np.isnan(purchase) & ((purchase + np.minimum(lifespan, base_lifespan))
                                               <= baseline * (1 + REL_TOL))
    renewal = np.where(ended, np.maximum(baseline + 1.0, np.floor(purchase + lifespan + REL_TOL)), purchase)
    backlog = ended & (renewal == baseline + 1.0)
    if run.method == "amortized":
        embodied = embodied_total / lifespan
        started = ~ended | (renewal <= run.year)  # a kept, fully amortised unit counts nothing
        embodied = np.where(started, embodied, 0.0)
    else:
        embodied = embodied_total * _renewals(run.year - renewal, lifespan, renewal)
    if run.year == baseline + 1:  # the year the backlog is renewed; later years are the ordinary fleet
        run.backlog = np.where(backlog & equipment, np.nan_to_num(embodied), 0.0)
    return embodied


def _pcf_codes(run: _Run, equipment) -> tuple[np.ndarray, np.ndarray]:
    """Lines whose embodied is a manufacturer's PCF (--pcf), and its factor code: one draw per product."""
    pcf_uncertainty = _line_extra(run.inventory, "pcf_uncertainty", np.nan, float)
    pcf_line = equipment & ~np.isnan(pcf_uncertainty)
    pcf_code = np.full(run.n, -1, dtype=np.int32)
    if pcf_line.any():
        products = _Keyed(_line_extra(run.inventory, "pcf_product", None, object)[pcf_line])
        table = [run.codes.code(f"pcf:{products.uniques[k]}",
                                float(pcf_uncertainty[pcf_line][np.argmax(products.index == k)]))
                 for k in range(len(products.uniques))]
        pcf_code[pcf_line] = products.take(table, -1, np.int32)
    return pcf_line, pcf_code


def spend_terms(run: _Run) -> None:
    """Any line that gives a spend: spend × spend.<category> (spend.it_services when it has none)."""
    has_spend = run.has_spend
    if not has_spend.any():
        return
    factor_set, category = run.factor_set, run.category

    def spend_id(c):
        factor_id = f"spend.{c}"
        return factor_id if factor_set.intensity(factor_id) is not None else "spend.it_services"

    fallback = [k for k in category.present(has_spend) if factor_set.intensity(f"spend.{category.uniques[k]}")
                is None]
    if fallback:
        count = int(np.isin(category.index, fallback)[has_spend].sum())
        run.notes.append(Note("spend_fallback", count=count))
    intensity, spend_codes = run.lookup(category, has_spend, spend_id, "kgCO2e/EUR", _("no spend factor {id}"))
    run.add(np.where(has_spend, run.spend * run.share * intensity, 0.0), "spend", "4.5", spend_codes,
            per=lambda: (np.where(has_spend, run.spend * run.share, 0.0), spend_codes))
    run.origins["spend"] = np.where(has_spend, np.int8(run.given_code), np.int8(0))


def network_terms(run: _Run) -> None:
    """Websites and web services (network transfer), and mobile data of lines counted that way."""
    network_line = run.counted_by("network")
    mobile_data = (run.profile_flag(lambda p: p.without_spend == "mobile_data") & ~run.has_spend
                   & ~np.isnan(run.column("data_transfer")))
    if network_line.any() or mobile_data.any():
        run.ecoindex = _network_terms(run, network_line, mobile_data)


def cloud_terms(run: _Run) -> None:
    """Cloud VMs and storage by the Cloud Carbon Footprint method, on the cloud lines alone."""
    cloud_vm, cloud_storage = run.counted_by("cloud"), run.counted_by("cloud_storage")
    if not (cloud_vm.any() or cloud_storage.any()):
        return
    # Cloud lines are few: compute on them alone, then spread the results to every line.
    sub = _SubRun(run, np.flatnonzero(cloud_vm | cloud_storage))
    used = _cloud_terms(sub, cloud_vm[sub.positions], cloud_storage[sub.positions])
    for key in ("vcpu", "hours"):
        given = ~np.isnan(run.column(key))
        run.origins[key] = _origin(given, cloud_vm if key == "vcpu" else cloud_vm | cloud_storage, run.given_code)
    run.provenance += [sub.spread(codes_used, -1) for codes_used in used]


def activity_terms(run: _Run) -> None:
    """Activities (e-mail, video conference): quantity (× hours) × the profile's intensity."""
    activity = run.counted_by("activity")
    if not activity.any():
        return
    intensity = run.profile_value("intensity")
    hours = run.column("hours")
    per_hour = run.profile_flag(lambda p: p.units.get("intensity") == "kgCO2e/hour")
    missing_hours = activity & per_hour & np.isnan(hours)
    if missing_hours.any():
        run.notes.append(Note("activity_without_hours", count=int(missing_hours.sum())))
    amount = np.where(per_hour, np.nan_to_num(hours), 1.0)
    carrier = np.where(activity, run.profile_code, np.int32(-1))
    run.add(np.where(activity, run.weight * amount * intensity, 0.0), "use", "4.5", carrier,
            per=lambda: (np.where(activity, run.weight * amount, 0.0), carrier))


def electricity_without_spend_terms(run: _Run) -> None:
    """Spend categories that may give their electricity instead (colocation): electricity × PUE × grid."""
    counted = run.profile_flag(lambda p: p.without_spend == "electricity") & ~run.has_spend
    if not counted.any():
        return
    electricity = run.column("electricity")
    pue_line = run.column("pue")
    dc = run.factor_set.intensity("datacenter.pue")
    pue = np.where(np.isnan(pue_line), dc.value, pue_line)
    measured = counted & ~np.isnan(electricity)
    grid, grid_codes = run.grid_for(measured)
    run.add_energy(run.weight * electricity * pue, grid, measured)
    no_data = counted & np.isnan(electricity)
    if no_data.any():
        names = ", ".join(sorted({str(run.category.uniques[k]) for k in run.category.present(no_data)}))
        run.notes.append(Note("without_spend_or_electricity", count=int(no_data.sum()), categories=names))
    run.add(np.where(measured, run.weight * electricity * pue * grid, 0.0), "use", "4.5", grid_codes,
            run.code_where(measured & np.isnan(pue_line), "datacenter.pue"),
            per=lambda: (np.where(measured, run.weight * electricity * pue, 0.0), grid_codes))


# The calculation methods, in the order their terms are added (which fixes the order of factor
# codes in every output): adding a method is one function here and its profiles' `method`.
CALCULATIONS = (equipment_terms, spend_terms, network_terms, cloud_terms, activity_terms,
                electricity_without_spend_terms)


def _network_terms(run: _Run, network_line, telecom_data) -> dict:
    """Network terms; returns the EcoIndex details of the lines that use that method."""
    lines, factor_set, codes, share, grid_for, add, notes = (run.lines, run.factor_set, run.codes, run.share,
                                                             run.grid_for, run.add, run.notes)
    page_views = lines["page_views"].to_numpy(float)
    page_weight_mb = lines["page_weight"].to_numpy(float)
    transfer_gb = lines["data_transfer"].to_numpy(float)
    score_given = lines["ecoindex"].to_numpy(float)
    dom = lines["ecoindex.dom"].to_numpy(float)
    requests = lines["ecoindex.requests"].to_numpy(float)
    size_kib = lines["ecoindex.size"].to_numpy(float)
    has_measures = ~np.isnan(dom) & ~np.isnan(requests) & ~np.isnan(size_kib)
    eco_line = network_line & (~np.isnan(score_given) | has_measures)
    # One perimeter for every website (DESIGN §5): the network transfer of the pages viewed. An
    # EcoIndex measure gives the transferred size (KiB of 1,024 bytes), used as the page weight;
    # its gCO2e per view (terminals + network + data centre) is reported as an eco-design
    # indicator, not added: the servers are hosting lines, the agents' terminals device lines.
    page_weight_mb = np.where(np.isnan(page_weight_mb) & has_measures, size_kib * 1024 / 1e6, page_weight_mb)
    views = np.nan_to_num(page_views)
    volume_gb = np.where(~np.isnan(transfer_gb), transfer_gb, views * np.nan_to_num(page_weight_mb) / 1000.0)
    volume_gb = np.where(network_line | telecom_data, volume_gb * share, 0.0)
    no_data = network_line & np.isnan(transfer_gb) & (np.isnan(page_views) | np.isnan(page_weight_mb))
    if no_data.any():
        notes.append(Note("network_without_data", count=int(no_data.sum())))
    mobile_share = factor_set.intensity("network.mobile_share")
    m = mobile_share.value if mobile_share is not None else 0.0
    blend_mask = network_line
    fixed_part = np.where(blend_mask, volume_gb * (1 - m), 0.0)
    mobile_part = np.where(blend_mask, volume_gb * m, 0.0) + np.where(telecom_data, volume_gb, 0.0)
    poste = np.where(telecom_data, POSTE_CODE["4.5"], POSTE_CODE["5.1"]).astype(np.int8)
    for factor_id, part in (("network.fixed", fixed_part), ("network.mobile", mobile_part)):
        entry = factor_set.intensity(factor_id)
        if entry is None:
            raise InputErrors([error(_("the factor set has no {factor}"), factor=factor_id)])
        used = part > 0
        code = np.where(used, np.int32(codes.code(factor_id)), np.int32(-1))
        if entry.unit == "kWh/GB":  # energy intensity: × the grid of the country of use
            grid, grid_codes = grid_for(used)
            add(np.where(used, part * entry.value * np.nan_to_num(grid), 0.0), "network", poste, code, grid_codes,
                per=lambda: (np.where(used, part * entry.value, 0.0), grid_codes))
        else:
            add(part * entry.value, "network", poste, code, per=lambda: (np.where(used, part, 0.0), code))
    if not eco_line.any():
        return {}
    positions = np.flatnonzero(eco_line)
    scores = np.where(~np.isnan(score_given[positions]), score_given[positions],
                      ecoindex.score(np.nan_to_num(dom[positions]), np.nan_to_num(requests[positions]),
                                     np.nan_to_num(size_kib[positions])))
    g_per_view = ecoindex.gco2e_per_view(scores)
    # Page views are already a yearly total for the service: share applies, quantity does not.
    full_chain_kg = views[positions] * share[positions] * g_per_view / 1000.0
    notes.append(Note("ecoindex_reported", count=len(positions)))
    grades = ecoindex.grade(scores)
    return {int(p): {"score": float(sc), "grade": str(g), "gco2e_per_view": float(gv), "full_chain_kgco2e": float(fc),
                     "counted": False}
            for p, sc, g, gv, fc in zip(positions, scores, grades, g_per_view, full_chain_kg)}


class _SubRun:
    """A run restricted to some lines (`positions`): what it adds is spread back to every line."""

    def __init__(self, run: _Run, positions: np.ndarray):
        self.run, self.positions = run, positions
        self.lines = run.lines.iloc[positions]
        self.factor_set, self.notes, self.codes = run.factor_set, run.notes, run.codes
        self.weight = run.weight[positions]
        self.lookup = _Lookup(run.factor_set, run.codes, _SubSources(run.sources, positions))
        self.country = _Keyed(self.lines["country"].to_numpy(dtype=object))

    def spread(self, values, fill):
        full = np.full(self.run.n, fill, dtype=np.asarray(values).dtype)
        full[self.positions] = values
        return full

    def profile_value(self, key: str) -> np.ndarray:
        return self.run.profile_value(key)[self.positions]

    def grid_for(self, mask):
        return self.lookup(self.country, mask, lambda c: f"electricity.{c}", "kgCO2e/kWh", _("no electricity factor {id}"))

    def add(self, values, phase, poste, *factor_arrays, per=None) -> None:
        def spread_per():
            activity, carrier = per()
            return self.spread(np.asarray(activity, dtype=float), 0.0), self.spread(np.asarray(carrier), -1)

        self.run.add(self.spread(values, 0.0), phase, poste, *(self.spread(f, -1) for f in factor_arrays),
                     per=spread_per if per is not None else None)

    def add_energy(self, kwh, grid, mask) -> None:
        self.run.add_energy(self.spread(kwh, 0.0), self.spread(grid, np.nan), self.spread(mask, False))


def _cloud_terms(sub: _SubRun, cloud_vm, cloud_storage) -> list:
    """Cloud Carbon Footprint method: energy × provider PUE × grid, plus an embodied share.

    Returns the codes of the coefficients used but not drawn (min_watts, utilisation, replication),
    for the lines' provenance.
    """
    lines, factor_set, lookup, weight, notes = sub.lines, sub.factor_set, sub.lookup, sub.weight, sub.notes
    profile_value, grid_for, add, add_energy = sub.profile_value, sub.grid_for, sub.add, sub.add_energy
    used_only = []
    provider = _Keyed(lines["provider"].to_numpy(dtype=object))
    cloud = cloud_vm | cloud_storage

    def resolved(name) -> str:
        key = str(name).strip().lower().replace(" ", "") if name is not None and name == name else "generic"
        return key if factor_set.intensity(f"cloud.{key}.min_watts") is not None else "generic"

    unknown = sorted(str(provider.uniques[k]) for k in provider.present(cloud)
                     if resolved(provider.uniques[k]) == "generic"
                     and str(provider.uniques[k]).strip().lower() != "generic")
    if unknown:
        notes.append(Note("cloud_generic_provider", providers=", ".join(unknown)))
    if (cloud & (provider.index == len(provider.uniques))).any():
        notes.append(Note("cloud_without_provider"))

    def coefficient(name, mask, unit):
        return lookup(provider, mask, lambda p: f"cloud.{resolved(p)}.{name}", unit, _("no cloud coefficient {id}"))

    def coefficient_or_generic(name, mask, unit):
        # lines without a provider (missing key) take the generic coefficient
        values, factor_codes = coefficient(name, mask, unit)
        missing = mask & (provider.index == len(provider.uniques))
        if missing.any():
            entry = factor_set.intensity(f"cloud.generic.{name}")
            values = np.where(missing, entry.value, values)
            factor_codes = np.where(missing, np.int32(lookup.codes.code(entry.id)), factor_codes)
        return values, factor_codes

    hours_line = lines["hours"].to_numpy(float)
    hours = np.where(np.isnan(hours_line), profile_value("hours"), hours_line)
    hours = np.where(np.isnan(hours), HOURS_PER_YEAR, hours)
    grid, grid_codes = grid_for(cloud)
    if cloud_vm.any():
        vcpu_line = lines["vcpu"].to_numpy(float)
        vcpu = np.where(np.isnan(vcpu_line), profile_value("vcpu"), vcpu_line)
        vcpu_hours = np.where(cloud_vm, weight * vcpu * hours, 0.0)
        min_w, min_codes = coefficient_or_generic("min_watts", cloud_vm, "W/vcpu")
        max_w, max_codes = coefficient_or_generic("max_watts", cloud_vm, "W/vcpu")
        utilisation, utilisation_codes = coefficient_or_generic("utilisation", cloud_vm, "")
        used_only += [min_codes, utilisation_codes]
        pue, pue_codes = coefficient_or_generic("pue", cloud_vm, "")
        embodied, embodied_codes = coefficient_or_generic("embodied", cloud_vm, "kgCO2e/vcpu/hour")
        energy = vcpu_hours * (min_w + utilisation * (max_w - min_w)) / 1000.0
        add_energy(energy * pue, grid, cloud_vm)
        # The power's uncertainty is carried by max_watts (the larger coefficient).
        vm_grid_codes = np.where(cloud_vm, grid_codes, np.int32(-1))
        vm_energy = np.where(cloud_vm, energy * pue, 0.0)
        add(np.where(cloud_vm, energy * pue * grid, 0.0), "use", "4.5", max_codes, pue_codes, vm_grid_codes,
            per=lambda: (vm_energy, vm_grid_codes))
        add(np.where(cloud_vm, vcpu_hours * embodied, 0.0), "embodied", "4.5", embodied_codes,
            per=lambda: (vcpu_hours, embodied_codes))
    if cloud_storage.any():
        storage_tb = lines["storage"].to_numpy(float)
        missing = cloud_storage & np.isnan(storage_tb)
        if missing.any():
            notes.append(Note("cloud_storage_without_storage", count=int(missing.sum())))
        power, power_codes = coefficient_or_generic("storage_power", cloud_storage, "W/TB")
        replication, replication_codes = coefficient_or_generic("replication", cloud_storage, "")
        used_only.append(replication_codes)
        pue, pue_codes = coefficient_or_generic("pue", cloud_storage, "")
        energy = np.where(cloud_storage, weight * np.nan_to_num(storage_tb) * hours * power * replication / 1000.0,
                          0.0)
        add_energy(energy * pue, grid, cloud_storage)
        storage_grid_codes = np.where(cloud_storage, grid_codes, np.int32(-1))
        storage_energy = np.where(cloud_storage, energy * pue, 0.0)
        add(np.where(cloud_storage, energy * pue * grid, 0.0), "use", "4.5", power_codes, pue_codes,
            storage_grid_codes, per=lambda: (storage_energy, storage_grid_codes))
    return used_only
