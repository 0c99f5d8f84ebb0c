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
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import ecoindex
from .errors import InputErrors, error
from .model import SECTIONS

PHASES = ("embodied", "use", "network", "spend")
METHODS = ("amortized", "acquisition")
REL_TOL = 1e-9
HOURS_PER_YEAR = 8766.0  # pint's year: 365.25 days
SCOPE_OF_POSTE = {"2.1": "2", "4.1": "3", "4.2": "3", "4.4": "3", "4.5": "3", "5.1": "3"}
EMBODIED_POSTE = {"owned": "4.2", "leased": "4.4", "expensed": "4.1"}


@dataclass
class Term:
    """One emission component for every line (0 where it does not apply)."""

    values: np.ndarray  # kgCO2e/year per line
    phase: str
    poste: np.ndarray  # object array of BEGES postes (or a str for all lines)
    factors: list  # list of int arrays: factor code per line (-1: none)


@dataclass
class Footprint:
    """The result: per-line arrays, breakdowns, interval, notes and provenance."""

    organisation: object
    year: int
    method: str
    factors_version: str
    lines: object  # pandas.DataFrame: inventory columns + section + phases + total + source
    terms: list
    factor_ids: list  # code → factor id
    factor_uncertainty: np.ndarray
    line_factors: list  # per line: list of factor ids (built lazily by line_factor_lists)
    notes: list = field(default_factory=list)
    interval: tuple | None = None
    draws: int = 0
    seed: int = 0
    ecoindex: dict = field(default_factory=dict)  # line position → {score, grade, gco2e_per_view}

    @property
    def total(self) -> float:
        return float(self.lines["total"].sum())

    def by_phase(self) -> dict:
        return {phase: float(self.lines[phase].sum()) for phase in PHASES}

    def by(self, column: str) -> dict:
        """Totals by section, category, service or site (lines without a value: '(none)')."""
        import pandas as pd

        keys = self.lines[column].astype(object).where(self.lines[column].notna(), "(none)")
        grouped = self.lines["total"].groupby(pd.Categorical(keys), observed=True, sort=False).sum()
        result = {str(k): float(v) for k, v in grouped.items()}
        if column == "section":
            return {s: result.get(s, 0.0) for s in SECTIONS}
        return dict(sorted(result.items(), key=lambda kv: -kv[1]))

    def by_beges(self) -> dict:
        totals: dict[str, float] = {}
        for term in self.terms:
            postes = term.poste if isinstance(term.poste, np.ndarray) else np.full(len(term.values), term.poste, dtype=object)
            nonzero = term.values != 0
            if not nonzero.any():
                continue
            codes, uniques = _factorize(postes[nonzero])
            sums = np.bincount(codes, weights=term.values[nonzero], minlength=len(uniques))
            for poste, value in zip(uniques, sums):
                totals[poste] = totals.get(poste, 0.0) + float(value)
        return dict(sorted(totals.items(), key=lambda kv: tuple(int(x) for x in kv[0].split("."))))

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


class _FactorCodes:
    """Factor ids ↔ integer codes, in order of first use (deterministic)."""

    def __init__(self, factor_set):
        self.factor_set = factor_set
        self.ids: list[str] = []
        self.uncertainty: list[float] = []
        self._codes: dict[str, int] = {}

    def code(self, factor_id: str, uncertainty: float | None = None) -> int:
        if factor_id not in self._codes:
            self._codes[factor_id] = len(self.ids)
            self.ids.append(factor_id)
            if uncertainty is None:
                entry = self.factor_set.entry(factor_id)
                uncertainty = entry.uncertainty if entry is not None else 0.0
            self.uncertainty.append(float(uncertainty))
        return self._codes[factor_id]

    def codes_for(self, ids: np.ndarray) -> np.ndarray:
        """Codes for an object array of factor ids (None → -1), one lookup per distinct id."""
        codes, uniques = _factorize(ids)
        table = np.array([self.code(u) for u in uniques] + [-1], dtype=np.int64)
        return table[np.where(codes < 0, len(uniques), codes)]


def _lines_frame(inventory):
    """All lines of devices, hosting and services in inventory order, with section and source."""
    import pandas as pd

    frames, sources = [], []
    for section in SECTIONS:
        frame = inventory.sections[section]
        if len(frame):
            frames.append(frame.assign(section=section))
            sources.append(np.asarray(inventory.locations.get(section, []), dtype=object))
    if not frames:
        empty = inventory.sections["devices"].assign(section="devices").iloc[0:0]
        return empty.assign(source=np.array([], dtype=object))
    lines = pd.concat(frames, ignore_index=True)
    source = np.concatenate(sources) if sources else np.array([], dtype=object)
    if len(source) != len(lines):
        source = np.full(len(lines), inventory.source, dtype=object)
    lines["source"] = source
    return lines


def _profile_column(factor_set, categories: np.ndarray, key: str) -> np.ndarray:
    """A profile value per line (NaN where the profile has none), one lookup per category."""
    codes, uniques = _factorize(categories)
    table = np.array([factor_set.profiles[c].values.get(key, np.nan) for c in uniques] + [np.nan])
    return table[np.where(codes < 0, len(uniques), codes)]


def _profile_attr(factor_set, categories: np.ndarray, attr: str) -> np.ndarray:
    codes, uniques = _factorize(categories)
    table = np.array([getattr(factor_set.profiles[c], attr) for c in uniques] + [None], dtype=object)
    return table[np.where(codes < 0, len(uniques), codes)]


def _intensity_values(factor_set, ids: np.ndarray, unit: str, missing: str, sources) -> np.ndarray:
    """Values of intensities named per line; unknown ids are input errors (one per id)."""
    codes, uniques = _factorize(ids)
    values = []
    problems = []
    for k, factor_id in enumerate(uniques):
        entry = factor_set.intensity(factor_id)
        if entry is None:
            first = int(np.flatnonzero(codes == k)[0])
            problems.append(error(missing.format(id=factor_id), path=None if sources is None else None,
                                  hint="add it in a factor file given with --factors"))
            problems[-1].path = str(sources[first]) if sources is not None else None
            values.append(np.nan)
            continue
        if entry.unit != unit:
            raise InputErrors([error(f"factor {factor_id} is in {entry.unit or 'no unit'}, expected {unit}",
                                     path=entry.origin)])
        values.append(entry.value)
    if problems:
        raise InputErrors(problems)
    table = np.array(values + [np.nan])
    return table[np.where(codes < 0, len(uniques), codes)]


def compute_footprint(inventory, factor_set, *, method: str = "amortized", steady: bool = False,
                      year: int | None = None) -> Footprint:
    """Compute the footprint of `inventory` with `factor_set` (no I/O, no printing).

    `steady` (used by trajectories) counts every equipment line's amortised embodied share
    whatever its age, as if renewed at the end of its lifespan. `year` overrides the reporting
    year (trajectories).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    year = inventory.year if year is None else year
    lines = _lines_frame(inventory)
    n = len(lines)
    codes = _FactorCodes(factor_set)
    notes: list[str] = []
    terms: list[Term] = []
    category = lines["category"].to_numpy(dtype=object)
    section = lines["section"].to_numpy(dtype=object)
    method_of = _profile_attr(factor_set, category, "method") if n else np.array([], dtype=object)
    quantity = lines["quantity"].to_numpy(float)
    share = lines["share"].to_numpy(float)
    weight = quantity * share
    country = lines["country"].to_numpy(dtype=object)
    sources = lines["source"].to_numpy(dtype=object)
    spend = lines["spend"].to_numpy(float)
    has_spend = ~np.isnan(spend)
    line_uncertainty = lines["uncertainty"].to_numpy(float)
    line_factor = np.full(n, -1, dtype=np.int64)
    for position in np.flatnonzero(~np.isnan(line_uncertainty)):
        line_factor[position] = codes.code(f"line:{sources[position]}", float(line_uncertainty[position]))
    zeros = np.zeros(n)

    energy_kwh = np.zeros(n)  # electricity behind the use phase (with PUE), for market-based series
    grid_of_line = np.full(n, np.nan)

    def add(values, phase, poste, *factor_arrays):
        values = np.where(np.isnan(values), 0.0, values)
        terms.append(Term(values, phase, poste, [*factor_arrays, line_factor]))

    def add_energy(kwh, grid, mask):
        nonlocal energy_kwh, grid_of_line
        energy_kwh = energy_kwh + np.where(mask, np.nan_to_num(kwh), 0.0)
        grid_of_line = np.where(mask, grid, grid_of_line)

    profile_code = codes.codes_for(category) if n else np.array([], dtype=np.int64)
    elec_ids = _map_distinct(country, lambda c: f"electricity.{c}")

    # --- equipment: embodied + use -----------------------------------------------------------
    equipment = (method_of == "equipment") & ~has_spend
    if equipment.any():
        refurbished = lines["refurbished"].to_numpy(bool)
        line_embodied = lines["embodied"].to_numpy(float)
        profile_embodied = np.where(refurbished, _profile_column(factor_set, category, "refurbished_embodied"),
                                    _profile_column(factor_set, category, "embodied"))
        refurb_missing = equipment & refurbished & np.isnan(line_embodied) & np.isnan(profile_embodied)
        if refurb_missing.any():
            profile_embodied = np.where(refurb_missing, _profile_column(factor_set, category, "embodied"),
                                        profile_embodied)
            notes.append(f"{int(refurb_missing.sum())} refurbished line(s) whose category has no "
                         "refurbished figure counted as new")
        embodied_default = np.isnan(line_embodied)
        embodied_unit = np.where(embodied_default, profile_embodied, line_embodied)
        line_lifespan = lines["lifespan"].to_numpy(float)
        lifespan = np.where(np.isnan(line_lifespan), _profile_column(factor_set, category, "lifespan"),
                            line_lifespan)
        purchase = lines["purchase_year"].to_numpy(float)
        if method == "amortized":
            embodied = weight * embodied_unit / lifespan
            if not steady:
                ended = (purchase + lifespan) <= year * (1 + REL_TOL)
                ended &= ~np.isnan(purchase)
                embodied = np.where(ended, 0.0, embodied)
                count = int((ended & equipment).sum())
                if count:
                    notes.append(f"{count} equipment line(s) past their lifespan (purchase year + lifespan "
                                 f"≤ {year}) count no embodied emissions, only use")
        else:
            if steady:
                # Renewals fall in the years floor(purchase_year + k × lifespan), k ≥ 0; without
                # a purchase year, a steady fleet renews quantity / lifespan units every year.
                offset = year - purchase
                renewals = np.where(offset >= 0, np.ceil((offset + 1) / lifespan - REL_TOL)
                                    - np.ceil(offset / lifespan - REL_TOL), 0.0)
                renewals = np.where(np.isnan(purchase), 1.0 / lifespan, renewals)
                embodied = weight * embodied_unit * renewals
            else:
                bought = purchase == year
                embodied = np.where(bought, weight * embodied_unit, 0.0)
                unknown = int((np.isnan(purchase) & equipment).sum())
                if unknown:
                    notes.append(f"method acquisition: {unknown} equipment line(s) without a purchase year "
                                 "count no embodied emissions")
        embodied = np.where(equipment, embodied, 0.0)
        ownership = lines["ownership"].to_numpy(dtype=object)
        poste = _map_distinct(ownership, lambda o: EMBODIED_POSTE.get(o, "4.2"))
        add(embodied, "embodied", poste, np.where(embodied_default, profile_code, -1))
        _note_defaults(notes, equipment, embodied_default, "embodied")
        _note_defaults(notes, equipment, np.isnan(line_lifespan), "lifespan")

        line_electricity = lines["electricity"].to_numpy(float)
        electricity_default = np.isnan(line_electricity)
        electricity = np.where(electricity_default, _profile_column(factor_set, category, "electricity"),
                               line_electricity)
        _note_defaults(notes, equipment, electricity_default, "electricity")
        hosting = equipment & (section == "hosting")
        line_pue = lines["pue"].to_numpy(float)
        profile_pue = _profile_column(factor_set, category, "pue")
        pue_default = hosting & np.isnan(line_pue) & np.isnan(profile_pue)
        pue = np.where(~np.isnan(line_pue), line_pue, np.where(~np.isnan(profile_pue), profile_pue, np.nan))
        if pue_default.any():
            dc = factor_set.intensity("datacenter.pue")
            pue = np.where(pue_default, dc.value, pue)
            notes.append(f"{int(pue_default.sum())} hosting line(s) without a PUE use the default "
                         f"datacenter.pue = {dc.value:g}")
        pue = np.where(hosting, pue, 1.0)
        pue = np.where(np.isnan(pue), 1.0, pue)
        grid = _intensity_values(factor_set, np.where(equipment, elec_ids, None), "kgCO2e/kWh",
                                 "no electricity factor {id}", sources)
        use = np.where(equipment, weight * electricity * pue * grid, 0.0)
        add_energy(weight * electricity * pue, grid, equipment)
        add(use, "use", "2.1", np.where(electricity_default & equipment, profile_code, -1),
            np.where(equipment, codes.codes_for(np.where(equipment, elec_ids, None)), -1),
            np.where(pue_default, codes.code("datacenter.pue"), -1))

    # --- spend ---------------------------------------------------------------------------------
    if has_spend.any():
        spend_ids = _map_distinct(np.where(has_spend, category, None), lambda c: f"spend.{c}")
        unknown = _map_distinct(spend_ids, lambda i: bool(i) and factor_set.intensity(i) is None).astype(bool)
        if unknown.any():
            notes.append(f"{int(unknown.sum())} spend line(s) whose category has no spend factor use "
                         "spend.it_services")
            spend_ids = np.where(unknown, "spend.it_services", spend_ids)
        intensity = _intensity_values(factor_set, spend_ids, "kgCO2e/EUR", "no spend factor {id}", sources)
        values = np.where(has_spend, spend * share * intensity, 0.0)
        add(values, "spend", "4.5", np.where(has_spend, codes.codes_for(spend_ids), -1))

    # --- network: websites, web services, telecom data ------------------------------------------
    network_line = (method_of == "network") & ~has_spend
    telecom_data = (category == "telecom") & ~has_spend & ~np.isnan(lines["data_transfer"].to_numpy(float))
    if network_line.any() or telecom_data.any():
        eco_lines = _network_terms(lines, factor_set, codes, network_line, telecom_data, share,
                                   elec_ids, sources, add, notes)
    else:
        eco_lines = {}

    # --- cloud -------------------------------------------------------------------------------------
    cloud_vm = (method_of == "cloud") & ~has_spend
    cloud_storage = (method_of == "cloud_storage") & ~has_spend
    if cloud_vm.any() or cloud_storage.any():
        _cloud_terms(lines, factor_set, codes, cloud_vm, cloud_storage, weight, category, elec_ids,
                     sources, add, notes, add_energy)

    # --- activities (email, video conference) and colocation by electricity --------------------------
    activity = (method_of == "activity") & ~has_spend
    if activity.any():
        intensity = _profile_column(factor_set, category, "intensity")
        hours = lines["hours"].to_numpy(float)
        per_hour = _map_distinct(category, lambda c: factor_set.profiles[c].units.get("intensity")
                                 == "kgCO2e/hour").astype(bool)
        missing_hours = activity & per_hour & np.isnan(hours)
        if missing_hours.any():
            notes.append(f"{int(missing_hours.sum())} per-hour activity line(s) without hours count 0")
        activity_amount = np.where(per_hour, np.where(np.isnan(hours), 0.0, hours), 1.0)
        values = np.where(activity, weight * activity_amount * intensity, 0.0)
        add(values, "use", "4.5", np.where(activity, profile_code, -1))
    colocation = (category == "colocation") & ~has_spend
    if colocation.any():
        electricity = lines["electricity"].to_numpy(float)
        pue_line = lines["pue"].to_numpy(float)
        dc = factor_set.intensity("datacenter.pue")
        pue = np.where(np.isnan(pue_line), dc.value, pue_line)
        grid = _intensity_values(factor_set, np.where(colocation, elec_ids, None), "kgCO2e/kWh",
                                 "no electricity factor {id}", sources)
        values = np.where(colocation & ~np.isnan(electricity), weight * electricity * pue * grid, 0.0)
        add_energy(weight * electricity * pue, grid, colocation & ~np.isnan(electricity))
        no_data = colocation & np.isnan(electricity)
        if no_data.any():
            notes.append(f"{int(no_data.sum())} colocation line(s) without spend or electricity count 0")
        add(values, "use", "4.5", np.where(colocation, codes.codes_for(np.where(colocation, elec_ids, None)), -1),
            np.where(colocation & np.isnan(pue_line), codes.code("datacenter.pue"), -1))

    # --- per line --------------------------------------------------------------------------------
    for phase in PHASES:
        lines[phase] = zeros.copy()
    for term in terms:
        lines[term.phase] = lines[term.phase].to_numpy() + term.values
    lines["total"] = lines[list(PHASES)].sum(axis=1)
    lines["energy_kwh"] = energy_kwh
    lines["grid"] = grid_of_line
    result = Footprint(organisation=inventory.organisation, year=year, method=method,
                       factors_version=factor_set.version, lines=lines, terms=terms,
                       factor_ids=codes.ids, factor_uncertainty=np.array(codes.uncertainty),
                       line_factors=[], notes=list(inventory.notes) + notes, ecoindex=eco_lines)
    return result


def _map_distinct(values: np.ndarray, function) -> np.ndarray:
    """Apply `function` once per distinct value of an object array (None stays None)."""
    codes, uniques = _factorize(values)
    table = np.array([function(u) for u in uniques] + [None], dtype=object)
    return table[np.where(codes < 0, len(uniques), codes)]


def _note_defaults(notes, mask, default, key) -> None:
    count = int((mask & default).sum())
    if count:
        notes.append(f"{count} of {int(mask.sum())} equipment line(s) use the category's default {key}")


def _network_terms(lines, factor_set, codes, network_line, telecom_data, share, elec_ids,
                   sources, add, notes) -> dict:
    """Network terms; returns the EcoIndex details of the lines that use that method."""
    page_views = lines["page_views"].to_numpy(float)
    page_weight_mb = lines["page_weight"].to_numpy(float)
    transfer_gb = lines["data_transfer"].to_numpy(float)
    score_given = lines["ecoindex"].to_numpy(float)
    dom = lines["ecoindex.dom"].to_numpy(float)
    requests = lines["ecoindex.requests"].to_numpy(float)
    size_kib = lines["ecoindex.size"].to_numpy(float)
    has_measures = ~np.isnan(dom) & ~np.isnan(requests) & ~np.isnan(size_kib)
    eco_line = network_line & (~np.isnan(score_given) | has_measures)
    scores = np.where(~np.isnan(score_given), score_given,
                      ecoindex.score(np.nan_to_num(dom), np.nan_to_num(requests), np.nan_to_num(size_kib)))
    g_per_view = ecoindex.gco2e_per_view(scores)
    views = np.where(np.isnan(page_views), 0.0, page_views)
    # Page views are already a yearly total for the service: share applies, quantity does not.
    eco_values = np.where(eco_line, views * share * g_per_view / 1000.0, 0.0)
    volume_gb = np.where(~np.isnan(transfer_gb), transfer_gb, views * np.nan_to_num(page_weight_mb) / 1000.0)
    volume_gb = np.where((network_line & ~eco_line) | telecom_data, volume_gb * share, 0.0)
    no_data = network_line & ~eco_line & np.isnan(transfer_gb) & (np.isnan(page_views) | np.isnan(page_weight_mb))
    if no_data.any():
        notes.append(f"{int(no_data.sum())} online service line(s) without page views × page weight, "
                     "data transfer or EcoIndex count 0")
    mobile_share = factor_set.intensity("network.mobile_share")
    m = mobile_share.value if mobile_share is not None else 0.0
    blend_mask = network_line & ~eco_line
    fixed_part = np.where(blend_mask, volume_gb * (1 - m), 0.0)
    mobile_part = np.where(blend_mask, volume_gb * m, 0.0) + np.where(telecom_data, volume_gb, 0.0)
    poste = np.where(telecom_data, "4.5", "5.1").astype(object)
    for factor_id, part in (("network.fixed", fixed_part), ("network.mobile", mobile_part)):
        entry = factor_set.intensity(factor_id)
        if entry is None:
            raise InputErrors([error(f"the factor set has no {factor_id}")])
        used = part > 0
        if entry.unit == "kWh/GB":  # energy intensity: × the grid of the country of use
            grid = _intensity_values(factor_set, np.where(used, elec_ids, None), "kgCO2e/kWh",
                                     "no electricity factor {id}", sources)
            values = np.where(used, part * entry.value * np.nan_to_num(grid), 0.0)
            add(values, "network", poste, np.where(used, codes.code(factor_id), -1),
                np.where(used, codes.codes_for(np.where(used, elec_ids, None)), -1))
        else:
            values = part * entry.value
            add(values, "network", poste, np.where(used, codes.code(factor_id), -1))
    if eco_line.any():
        add(eco_values, "network", "5.1", np.where(eco_line, codes.code("ecoindex.model", 0.0), -1))
        positions = np.flatnonzero(eco_line)
        notes.append(f"{len(positions)} website line(s) use the EcoIndex method "
                     "(gCO2e per page view = 2 + 2 × (50 − score) / 100)")
        grades = ecoindex.grade(scores[positions])
        return {int(p): {"score": float(scores[p]), "grade": str(g), "gco2e_per_view": float(g_per_view[p])}
                for p, g in zip(positions, grades)}
    return {}


def _cloud_terms(lines, factor_set, codes, cloud_vm, cloud_storage, weight, category, elec_ids,
                 sources, add, notes, add_energy) -> None:
    """Cloud Carbon Footprint method: energy × provider PUE × grid, plus an embodied share."""
    provider_raw = lines["provider"].to_numpy(dtype=object)

    def provider_of(name):
        key = str(name).strip().lower().replace(" ", "") if name is not None and name == name else "generic"
        return key if factor_set.intensity(f"cloud.{key}.min_watts") is not None else "generic"

    provider = _map_distinct(provider_raw, provider_of)
    provider = np.where(provider == None, "generic", provider)  # noqa: E711 - object array
    unknown = (cloud_vm | cloud_storage) & (provider == "generic") & ~(
        _map_distinct(provider_raw, lambda p: p is not None and p == p and str(p).strip().lower() == "generic")
        == True)  # noqa: E712
    named_unknown = unknown & (_map_distinct(provider_raw, lambda p: p is not None and p == p) == True)  # noqa: E712
    if named_unknown.any():
        names = sorted({str(p) for p in provider_raw[named_unknown]})
        notes.append(f"cloud provider(s) {', '.join(names)} have no specific coefficients: generic ones used")

    def coefficient(name, mask, unit):
        ids = np.where(mask, _map_distinct(provider, lambda p: f"cloud.{p}.{name}"), None)
        return _intensity_values(factor_set, ids, unit, "no cloud coefficient {id}", sources), ids

    hours_line = lines["hours"].to_numpy(float)
    hours = np.where(np.isnan(hours_line), _profile_column(factor_set, category, "hours"), hours_line)
    hours = np.where(np.isnan(hours), HOURS_PER_YEAR, hours)
    grid_mask = cloud_vm | cloud_storage
    grid = _intensity_values(factor_set, np.where(grid_mask, elec_ids, None), "kgCO2e/kWh",
                             "no electricity factor {id}", sources)
    grid_codes = codes.codes_for(np.where(grid_mask, elec_ids, None))
    if cloud_vm.any():
        vcpu_line = lines["vcpu"].to_numpy(float)
        vcpu = np.where(np.isnan(vcpu_line), _profile_column(factor_set, category, "vcpu"), vcpu_line)
        vcpu_hours = np.where(cloud_vm, weight * vcpu * hours, 0.0)
        min_w, min_ids = coefficient("min_watts", cloud_vm, "W/vcpu")
        max_w, max_ids = coefficient("max_watts", cloud_vm, "W/vcpu")
        utilisation, util_ids = coefficient("utilisation", cloud_vm, "")
        pue, pue_ids = coefficient("pue", cloud_vm, "")
        embodied, emb_ids = coefficient("embodied", cloud_vm, "kgCO2e/vcpu/hour")
        watts = min_w + utilisation * (max_w - min_w)
        energy_kwh = vcpu_hours * watts / 1000.0
        use = np.where(cloud_vm, energy_kwh * pue * grid, 0.0)
        add_energy(energy_kwh * pue, grid, cloud_vm)
        # The power's uncertainty is carried by max_watts (the larger coefficient).
        add(use, "use", "4.5", np.where(cloud_vm, codes.codes_for(max_ids), -1),
            np.where(cloud_vm, codes.codes_for(pue_ids), -1), np.where(cloud_vm, grid_codes, -1))
        add(np.where(cloud_vm, vcpu_hours * embodied, 0.0), "embodied", "4.5",
            np.where(cloud_vm, codes.codes_for(emb_ids), -1))
        for ids in (min_ids, util_ids):
            codes.codes_for(ids)  # listed in provenance
    if cloud_storage.any():
        storage_tb = lines["storage"].to_numpy(float)
        missing = cloud_storage & np.isnan(storage_tb)
        if missing.any():
            notes.append(f"{int(missing.sum())} cloud_storage line(s) without storage count 0")
        power, power_ids = coefficient("storage_power", cloud_storage, "W/TB")
        replication, repl_ids = coefficient("replication", cloud_storage, "")
        pue, pue_ids = coefficient("pue", cloud_storage, "")
        energy_kwh = np.where(cloud_storage, weight * np.nan_to_num(storage_tb) * hours * power * replication
                              / 1000.0, 0.0)
        add_energy(energy_kwh * pue, grid, cloud_storage)
        add(np.where(cloud_storage, energy_kwh * pue * grid, 0.0), "use", "4.5",
            np.where(cloud_storage, codes.codes_for(power_ids), -1),
            np.where(cloud_storage, codes.codes_for(pue_ids), -1), np.where(cloud_storage, grid_codes, -1))
        codes.codes_for(repl_ids)
