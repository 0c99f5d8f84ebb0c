"""The factor database: shipped profiles and intensities, plus user override files.

A :class:`FactorSet` is an argument of the calculation, never global state
(``load_factors(extra_files)``). Values are stored as float64 magnitudes in canonical units,
next to the text they were written as, their citation, year and uncertainty.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import FactorDataError, InputError, InputErrors, error
from .notes import Note
from .text import normalise_name
from .units import PINT_ERRORS, dimension_of, to_magnitude, ureg

PROFILE_METHODS = ("equipment", "cloud", "cloud_storage", "spend", "network", "activity")
# Canonical units of profile values.
PROFILE_UNITS = {
    "embodied": ("kgCO2e",),
    "refurbished_embodied": ("kgCO2e",),
    "lifespan": ("year",),
    "electricity": ("kWh/year",),
    "pue": ("",),
    "refurbished_ratio": ("",),
    "vcpu": ("vcpu",),
    "hours": ("hour/year",),
    "intensity": ("kgCO2e/year", "kgCO2e/hour", "kgCO2e/TB/year", "kgCO2e/EUR"),
}
# Canonical units an intensity may take; the first whose dimension matches is used.
INTENSITY_UNITS = ("kgCO2e/kWh", "kgCO2e/GB", "kWh/GB", "kgCO2e/EUR", "W/vcpu", "kgCO2e/vcpu/hour",
                   "W/TB", "kWh/GB/hour", "kgCO2e/hour", "kgCO2e/year", "")
# Units an intensity must have, by id prefix (DESIGN §4): a wrong unit is an error at load time.
INTENSITY_EXPECTED = (
    ("electricity.", ("kgCO2e/kWh",)),
    ("network.mobile_share", ("",)),
    ("network.", ("kgCO2e/GB", "kWh/GB")),
    ("datacenter.pue", ("",)),
    ("spend.", ("kgCO2e/EUR",)),
)
CLOUD_EXPECTED = {"min_watts": "W/vcpu", "max_watts": "W/vcpu", "utilisation": "", "pue": "",
                  "embodied": "kgCO2e/vcpu/hour", "storage_power": "W/TB", "replication": ""}


def expected_units(factor_id: str) -> tuple[str, ...] | None:
    for prefix, units in INTENSITY_EXPECTED:
        if factor_id.startswith(prefix):
            return units
    if factor_id.startswith("cloud."):
        unit = CLOUD_EXPECTED.get(factor_id.rsplit(".", 1)[-1])
        return (unit,) if unit is not None else None
    return None


PROFILE_TEXT_KEYS = ("id", "section", "method", "label_fr", "label_en", "aliases", "uncertainty",
                     "year", "source", "source_url", "notes", "region", "correlation_group", "without_spend")
# What a line of a spend profile counts when it gives no spend: its electricity (× PUE), or its
# data transfer on the mobile network.
WITHOUT_SPEND = ("electricity", "mobile_data")
INTENSITY_KEYS = ("id", "value", "uncertainty", "year", "source", "source_url", "region", "notes",
                  "label_fr", "label_en", "correlation_group", "currency_year")


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
            entry = copy.intensities[factor_id]
            copy.intensities[factor_id] = dataclasses.replace(entry, value=entry.value * multiplier)
            copy.series[factor_id] = [dataclasses.replace(e, value=e.value * multiplier)
                                      for e in copy.series[factor_id]]
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
        return dataclasses.replace(entry, value=entry.value / multiplier, value_as_given=entry.value)

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


def _shipped_root():
    return resources.files("sobriete.factors")


def shipped_alternatives() -> dict[str, Path]:
    """Named factor files shipped in ``factors/alternatives/`` (e.g. ``numecoeval``)."""
    folder = _shipped_root() / "alternatives"
    if not folder.is_dir():
        return {}
    return {Path(p.name).stem: Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml")}


def _quantity(text, units: tuple[str, ...]) -> tuple[float, str]:
    """Convert a value to the first canonical unit of the same dimension."""
    if isinstance(text, bool):
        raise ValueError("a boolean is not a quantity")
    if isinstance(text, (int, float)):
        if "" in units:
            return float(text), ""
        raise ValueError(f"a bare number needs a unit (expected a unit like {units[0]})")
    dims = dimension_of(str(text))
    for unit in units:
        if ureg.parse_units(unit).dimensionality == dims if unit else not dims:
            return to_magnitude(str(text), unit), unit
    raise ValueError(f"{text!r} has no expected unit (expected a unit like {' or '.join(u or 'a number' for u in units)})")


def _per_hour(text) -> bool:
    import re

    return bool(re.search(r"/\s*(h|hr|hour|heure)s?\b", str(text)))


def _uncertainty(entry: dict, where: str, user: bool, notes: list, problems: list, origin: str):
    value = entry.get("uncertainty")
    if value is None:
        if user:
            notes.append(Note("factor_without_uncertainty", file=origin, entry=where))
            return 0.0
        problems.append(f"{where}: missing uncertainty")
        return 0.0
    try:
        number = float(str(value).strip().rstrip("%")) / (100 if str(value).strip().endswith("%") else 1)
    except ValueError:
        problems.append(f"{where}: uncertainty {value!r} is not a number")
        return 0.0
    if not number >= 0:
        problems.append(f"{where}: uncertainty must be ≥ 0")
    return number


def _parse_file(path: str, data, user: bool, notes: list):
    """Profiles and intensities of one parsed factor file, and its problems (messages)."""
    problems: list[str] = []
    profiles: dict[str, Profile] = {}
    intensities: dict[str, Intensity] = {}
    if not isinstance(data, dict):
        return profiles, intensities, ["a factor file must be a mapping with 'profiles' and/or 'intensities'"]
    unknown = set(data) - {"profiles", "intensities", "version", "notes"}
    for key in sorted(unknown):
        problems.append(f"unknown top-level key {key!r} (allowed: profiles, intensities)")
    for position, entry in enumerate(data.get("profiles") or [], start=1):
        where = f"profiles[{position}]"
        if not isinstance(entry, dict) or "id" not in entry:
            problems.append(f"{where}: an entry must be a mapping with an 'id'")
            continue
        where = f"profile {entry['id']!r}"
        values, texts, units = {}, {}, {}
        for key, value in entry.items():
            if key in PROFILE_UNITS:
                try:
                    candidates = PROFILE_UNITS[key]
                    if key == "intensity" and _per_hour(value):
                        # kgCO2e/h and kgCO2e/year share a dimension (hours per year is a ratio):
                        # the written unit tells an hourly intensity from a yearly one.
                        candidates = ("kgCO2e/hour",)
                    values[key], units[key] = _quantity(value, candidates)
                    texts[key] = str(value)
                except (ValueError, *PINT_ERRORS) as exc:
                    problems.append(f"{where}: {key}: {exc}")
            elif key not in PROFILE_TEXT_KEYS:
                problems.append(f"{where}: unknown key {key!r}")
        section = entry.get("section")
        method = entry.get("method", "equipment")
        if section not in ("devices", "hosting", "services"):
            problems.append(f"{where}: section must be devices, hosting or services")
        if method not in PROFILE_METHODS:
            problems.append(f"{where}: method {method!r} unknown (allowed: {', '.join(PROFILE_METHODS)})")
        if method == "equipment":
            for key in ("embodied", "lifespan", "electricity"):
                if key not in values:
                    problems.append(f"{where}: an equipment profile needs {key}")
            if "lifespan" in values and not values["lifespan"] > 0:
                problems.append(f"{where}: lifespan must be > 0")
            if "refurbished_embodied" not in values and "refurbished_ratio" in values and "embodied" in values:
                values["refurbished_embodied"] = values["embodied"] * values["refurbished_ratio"]
                units["refurbished_embodied"] = "kgCO2e"
        if method == "activity" and "intensity" not in values:
            problems.append(f"{where}: an activity profile needs intensity")
        if "source" not in entry:
            problems.append(f"{where}: missing source")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            problems.append(f"{where}: aliases must be a list")
            aliases = []
        profiles[str(entry["id"])] = Profile(
            id=str(entry["id"]), section=str(section), method=str(method), values=values, texts=texts,
            units=units, uncertainty=_uncertainty(entry, where, user, notes, problems, path),
            year=entry.get("year"), source=str(entry.get("source", "")),
            label_fr=str(entry.get("label_fr", "")), label_en=str(entry.get("label_en", "")),
            aliases=tuple(str(a) for a in aliases), source_url=entry.get("source_url"),
            notes=entry.get("notes"), origin=path,
            correlation_group=_group(entry, where, problems), without_spend=_without_spend(entry, where, problems),
        )
    for position, entry in enumerate(data.get("intensities") or [], start=1):
        where = f"intensities[{position}]"
        if not isinstance(entry, dict) or "id" not in entry or "value" not in entry:
            problems.append(f"{where}: an entry must be a mapping with 'id' and 'value'")
            continue
        where = f"intensity {entry['id']!r}"
        for key in entry:
            if key not in INTENSITY_KEYS:
                problems.append(f"{where}: unknown key {key!r}")
        try:
            value, unit = _quantity(entry["value"], INTENSITY_UNITS)
        except (ValueError, *PINT_ERRORS) as exc:
            problems.append(f"{where}: value: {exc}")
            continue
        expected = expected_units(str(entry["id"]))
        if expected is not None and unit not in expected:
            shown = " or ".join(u or "a plain number" for u in expected)
            problems.append(f"{where}: value {entry['value']!r} must be in {shown}")
            continue
        if not value >= 0:
            problems.append(f"{where}: value must be ≥ 0")
        if str(entry["id"]).endswith("pue") and value < 1:
            problems.append(f"{where}: a PUE cannot be below 1")
        if "source" not in entry:
            problems.append(f"{where}: missing source")
        year = entry.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            problems.append(f"{where}: year must be an integer (got {year!r})")
            year = None
        currency_year = entry.get("currency_year")
        if currency_year is not None:
            if isinstance(currency_year, bool) or not isinstance(currency_year, int) or not 1900 <= currency_year <= 2100:
                problems.append(f"{where}: currency_year must be a year (got {currency_year!r})")
                currency_year = None
            elif unit != "kgCO2e/EUR":
                problems.append(f"{where}: currency_year applies to money ratios (kgCO2e/EUR) only")
                currency_year = None
        series = intensities.setdefault(str(entry["id"]), [])
        if any(e.year == year for e in series):
            problems.append(f"{where}: given twice for year {year} (one entry per id and year)")
            continue
        series.append(Intensity(
            id=str(entry["id"]), value=value, unit=unit, text=str(entry["value"]),
            uncertainty=_uncertainty(entry, where, user, notes, problems, path),
            year=year, source=str(entry.get("source", "")),
            source_url=entry.get("source_url"), region=entry.get("region"), notes=entry.get("notes"),
            origin=path, correlation_group=_group(entry, where, problems), currency_year=currency_year,
        ))
    for factor_id, series in intensities.items():
        if len(series) > 1 and any(e.year is None for e in series):
            problems.append(f"intensity {factor_id!r}: given several times: each entry needs its year")
        series.sort(key=lambda e: (e.year is None, e.year or 0))
    return profiles, intensities, problems


def _without_spend(entry: dict, where: str, problems: list) -> str | None:
    value = entry.get("without_spend")
    if value is not None and value not in WITHOUT_SPEND:
        problems.append(f"{where}: without_spend must be one of {', '.join(WITHOUT_SPEND)} (got {value!r})")
        return None
    return value


def _group(entry: dict, where: str, problems: list) -> str | None:
    group = entry.get("correlation_group")
    if group is None:
        return None
    if not isinstance(group, str) or not group.strip():
        problems.append(f"{where}: correlation_group must be a name (got {group!r})")
        return None
    return group.strip()


def _entry_for_year(entries: list, year: int):
    """The entry of `year`, else the latest earlier one, else the earliest later one (DESIGN §4)."""
    dated = [e for e in entries if e.year is not None]
    if not dated:
        return entries[-1]
    earlier = [e for e in dated if int(e.year) <= year]
    return earlier[-1] if earlier else dated[0]


def _latest(entries: list):
    dated = [e for e in entries if e.year is not None]
    return dated[-1] if dated else entries[-1]


def _load_price_index(path: Path) -> PriceIndex | None:
    """The shipped price index (``price_index.yaml``), or None when the file is absent."""
    if not path.is_file():
        return None
    data = _read_shipped_yaml(path)
    block = data.get("price_index") if isinstance(data, dict) else None
    try:
        values = {int(year): float(value) for year, value in block["values"].items()}
        if not values or min(values.values()) <= 0:
            raise ValueError("empty or non-positive index")
        return PriceIndex(id=str(block["id"]), values=values, source=str(block["source"]),
                          source_url=block.get("source_url"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FactorDataError(f"{path}: price_index: {exc}") from exc


def _read_yaml(path: Path, label: str):
    from .io.yamlsafe import load_yaml_file

    return load_yaml_file(path, label=label)


def _read_shipped_yaml(path: Path):
    """The shipped files are ours and checked by the tests (duplicate keys, schema): parse them with
    PyYAML's C safe loader when it is available, ten times faster than the checking loader."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return _read_yaml(path, str(path))
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader


def load_factors(extra_files=(), *, base: str | Path | None = None) -> FactorSet:
    """The shipped factor set (or `base` folder), with user files laid over it in order.

    An entry of a user file with the same id replaces the whole shipped entry; a new id adds one.
    A bad user file raises InputErrors naming the file and the entry (exit 2); a bad shipped
    file raises FactorDataError (exit 1).
    """
    root = Path(str(base)) if base is not None else Path(str(_shipped_root()))
    factor_set = FactorSet()
    for name in ("profiles.yaml", "intensities.yaml"):
        path = root / name
        if not path.is_file():
            raise FactorDataError(f"factor file {path} is missing")
        try:
            data = _read_shipped_yaml(path) if base is None else _read_yaml(path, str(path))
        except InputErrors as exc:
            raise FactorDataError(str(exc)) from exc
        profiles, intensities, problems = _parse_file(name, data, False, factor_set.notes)
        if problems:
            raise FactorDataError(f"{path}: " + "; ".join(problems[:5]))
        factor_set.profiles.update(profiles)
        factor_set.series.update(intensities)
    factor_set.price_index = _load_price_index(root / "price_index.yaml")
    version_file = root / "VERSION"
    version = version_file.read_text(encoding="utf-8").strip() if version_file.is_file() else "unversioned"
    digest = hashlib.sha256()
    alternatives = shipped_alternatives()
    user_problems: list[InputError] = []
    for given in extra_files:
        path = Path(given)
        if not path.exists() and str(given) in alternatives:
            path = alternatives[str(given)]
        if not path.is_file():
            names = ", ".join(sorted(alternatives)) or "none"
            user_problems.append(error("factor file not found", path=str(given),
                                       hint=f"give a YAML path or a shipped set: {names}"))
            continue
        try:
            data = _read_yaml(path, str(given))
        except InputErrors as exc:
            user_problems.extend(exc.problems)
            continue
        digest.update(path.read_bytes())
        profiles, intensities, problems = _parse_file(str(given), data, True, factor_set.notes)
        user_problems.extend(error(p, path=str(given)) for p in problems)
        factor_set.profiles.update(profiles)
        factor_set.series.update(intensities)  # an id given by a user file replaces all its years
    if user_problems:
        raise InputErrors(user_problems)
    factor_set.intensities = {factor_id: _latest(series) for factor_id, series in factor_set.series.items()}
    factor_set.version = version + (f"+{digest.hexdigest()[:12]}" if extra_files else "")
    try:
        factor_set._index_aliases()
    except FactorDataError as exc:
        if extra_files:
            raise InputErrors([error(str(exc), path=str(extra_files[-1]))]) from exc
        raise
    return factor_set
