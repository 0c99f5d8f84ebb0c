"""The factor database as data: profiles, intensities, the price index and the factor set.

A :class:`FactorSet` is an argument of the calculation, never global state. Values are stored as
float64 magnitudes in canonical units, next to the text they were written as, their citation, year
and uncertainty. Reading the factor files (shipped and user ones) is the job of
:mod:`sobriete.io.factor_files` (``load_factors(extra_files)``): this module reads no file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import FactorDataError
from .notes import Note
from .text import normalise_name

PROFILE_METHODS = ("equipment", "cloud", "cloud_storage", "spend", "network", "activity")
# What a line of a spend profile counts when it gives no spend: its electricity (× PUE), or its
# data transfer on the mobile network.
WITHOUT_SPEND = ("electricity", "mobile_data")


@dataclass(frozen=True)
class Profile:
    """Defaults of a category: its section, calculation method and values in canonical units."""

    id: str
    section: str
    method: str
    values: dict
    texts: dict  # the values as written, e.g. {"embodied": "185.09 kgCO2e"}
    units: dict  # canonical unit of each value
    uncertainty: float
    year: int | None
    source: str
    label_fr: str = ""
    label_en: str = ""
    aliases: tuple = ()
    source_url: str | None = None
    notes: str | None = None
    origin: str = ""
    correlation_group: str | None = None
    without_spend: str | None = None
    # Criteria beyond carbon (DESIGN §4): criterion id → value per unit of equipment (embodied
    # phases) or per unit of the profile's activity intensity, in the criterion's canonical unit.
    impacts: dict = field(default_factory=dict)
    impacts_source: str | None = None  # citation of the impacts when it differs from `source`

    def get(self, key: str, default: float | None = None) -> float | None:
        return self.values.get(key, default)

    def label(self, lang: str = "fr") -> str:
        return (self.label_fr if lang == "fr" else self.label_en) or self.id


@dataclass(frozen=True)
class Intensity:
    """A conversion factor such as ``electricity.FR = 0.0519 kgCO2e/kWh``."""

    id: str
    value: float
    unit: str
    text: str
    uncertainty: float
    year: int | None
    source: str
    source_url: str | None = None
    region: str | None = None
    notes: str | None = None
    origin: str = ""
    correlation_group: str | None = None
    currency_year: int | None = None  # spend ratios: the year of the euros `value` is expressed in
    value_as_given: float | None = None  # before conversion to the calculation year's euros
    # Criteria beyond carbon (DESIGN §4): criterion id → value per unit of flow (e.g. kgSbe/kWh),
    # in the criterion's canonical unit over the same flow unit as `unit`.
    impacts: dict = field(default_factory=dict)
    impacts_source: str | None = None  # citation of the impacts when it differs from `source`


@dataclass(frozen=True)
class PriceIndex:
    """A yearly price index (e.g. Eurostat HICP France) to express money in another year's euros."""

    id: str
    values: dict  # year → index
    source: str
    source_url: str | None = None

    def factor(self, from_year: int, to_year: int) -> tuple[float, int, int]:
        """(multiplier, year used for from, year used for to): euros of `from_year` → of `to_year`.

        Years outside the index use its nearest year (the caller notes it).
        """
        first, last = min(self.values), max(self.values)
        a = min(max(from_year, first), last)
        b = min(max(to_year, first), last)
        return self.values[b] / self.values[a], a, b


@dataclass
class FactorSet:
    profiles: dict = field(default_factory=dict)
    intensities: dict = field(default_factory=dict)  # id → the entry in use (latest year by default)
    version: str = ""
    notes: list = field(default_factory=list)
    _aliases: dict = field(default_factory=dict, repr=False)
    series: dict = field(default_factory=dict)  # id → every entry of that id, sorted by year
    price_index: PriceIndex | None = None
    year: int | None = None  # the calculation year the intensities were selected for (None: latest)
    year_notes: dict = field(default_factory=dict)  # id → note when the entry is not of that year
    _by_year: dict = field(default_factory=dict, repr=False)

    def category_of(self, name: str) -> str | None:
        """The profile id for a category name or alias, or None."""
        return self._aliases.get(normalise_name(name))

    def category_names(self) -> list[str]:
        return sorted(self.profiles)

    def alias_names(self) -> list[str]:
        names = list(self.profiles)
        for profile in self.profiles.values():
            names.extend(profile.aliases)
        return names

    def profile_values(self, categories, key: str):
        """A profile value per line (NaN where the category or the value is missing).

        One look-up per distinct category, spread to the lines with integer codes.
        """
        return self.profile_attribute(categories, lambda p: p.values.get(key, float("nan")), float("nan"), float)

    def profile_attribute(self, categories, attribute, fill=None, dtype=object):
        """`attribute(profile)` (or the named attribute) per line, `fill` where the category is unknown."""
        import numpy as np
        import pandas as pd

        get = attribute if callable(attribute) else (lambda p: getattr(p, attribute))
        codes, uniques = pd.factorize(np.asarray(categories, dtype=object), use_na_sentinel=True)
        table = [get(self.profiles[c]) if c in self.profiles else fill for c in uniques] + [fill]
        return np.asarray(table, dtype=dtype)[np.where(codes < 0, len(uniques), codes)]

    def intensity(self, factor_id: str) -> Intensity | None:
        return self.intensities.get(factor_id)

    def countries(self) -> list[str]:
        return sorted(i.split(".", 1)[1] for i in self.intensities if i.startswith("electricity."))

    def entry(self, factor_id: str):
        return self.profiles.get(factor_id) or self.intensities.get(factor_id)

    def scaled(self, multipliers: dict) -> "FactorSet":
        """A copy whose intensities `id` are multiplied by `multipliers[id]` (factor drift)."""
        import dataclasses

        if not multipliers:
            return self
        copy = dataclasses.replace(self, intensities=dict(self.intensities), notes=list(self.notes),
                                   series=dict(self._all_series()), _by_year={})
        for factor_id, multiplier in multipliers.items():
            # A drift moves every criterion of the factor alike (the mix changes as a whole).
            entry = copy.intensities[factor_id]
            copy.intensities[factor_id] = _scaled_entry(entry, multiplier)
            copy.series[factor_id] = [_scaled_entry(e, multiplier) for e in copy.series[factor_id]]
        copy._aliases = self._aliases
        return copy

    def at_year(self, year: int) -> "FactorSet":
        """The factor set as it applies to calculation year `year` (DESIGN §4).

        Each intensity is the entry of that year, else the latest earlier one, else the earliest
        later one (`year_notes` says which year was used when it is not `year`); spend ratios are
        converted from the euros of their `currency_year` to the euros of `year` with the price
        index. Cached per year.
        """
        import dataclasses

        year = int(year)
        cached = self._by_year.get(year)
        if cached is not None:
            return cached
        chosen, year_notes = {}, {}
        for factor_id, entries in self._all_series().items():
            entry = _entry_for_year(entries, year)
            if entry.year is not None and int(entry.year) != year:
                year_notes[factor_id] = int(entry.year)
            if entry.currency_year is not None:
                entry = self._in_euros_of(entry, year)
            chosen[factor_id] = entry
        view = dataclasses.replace(self, intensities=chosen, year=year, year_notes=year_notes, _by_year={})
        view._aliases = self._aliases
        self._by_year[year] = view
        return view

    def _all_series(self) -> dict:
        """Every intensity's entries by year (a set built in code may only have `intensities`)."""
        return self.series or {factor_id: [entry] for factor_id, entry in self.intensities.items()}

    def _in_euros_of(self, entry: "Intensity", year: int) -> "Intensity":
        import dataclasses

        if self.price_index is None:
            return entry
        multiplier, _, _ = self.price_index.factor(int(entry.currency_year), year)
        return dataclasses.replace(entry, value=entry.value / multiplier, value_as_given=entry.value,
                                   impacts={c: v / multiplier for c, v in entry.impacts.items()})

    def money_note(self, year: int) -> str | None:
        """How spend ratios were converted to `year`'s euros (None without a price index)."""
        if self.price_index is None:
            return None
        years = sorted({int(e.currency_year) for e in self.intensities.values() if e.currency_year is not None})
        if not years:
            return None
        last = max(self.price_index.values)
        beyond = Note("money_index_ends", last=last, year=year) if year > last else ""
        return Note("money_converted", years=", ".join(map(str, years)), year=year, index=self.price_index.id,
                    source=self.price_index.source, beyond=beyond)

    def _index_aliases(self) -> None:
        aliases: dict[str, str] = {}
        for profile in self.profiles.values():
            for name in (profile.id, *profile.aliases):
                key = normalise_name(name)
                owner = aliases.get(key)
                if owner is not None and owner != profile.id:
                    raise FactorDataError(
                        f"alias {name!r} of profile {profile.id!r} is already used by {owner!r}"
                    )
                aliases[key] = profile.id
        self._aliases = aliases


def _scaled_entry(entry, multiplier: float):
    import dataclasses

    impacts = {c: v * multiplier for c, v in entry.impacts.items()}
    return dataclasses.replace(entry, value=entry.value * multiplier, impacts=impacts)


def criteria_of(entries) -> list[str]:
    """The criteria beyond carbon that at least one of `entries` (profiles, intensities) gives."""
    found = set()
    for entry in entries:
        if entry is not None:
            found.update(getattr(entry, "impacts", {}) or {})
    from .criteria import CRITERION_IDS

    return [c for c in CRITERION_IDS if c in found]


def _entry_for_year(entries: list, year: int):
    """The entry of `year`, else the latest earlier one, else the earliest later one (DESIGN §4)."""
    dated = [e for e in entries if e.year is not None]
    if not dated:
        return entries[-1]
    earlier = [e for e in dated if int(e.year) <= year]
    return earlier[-1] if earlier else dated[0]
