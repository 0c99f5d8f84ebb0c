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
                     "year", "source", "source_url", "notes", "region")
INTENSITY_KEYS = ("id", "value", "uncertainty", "year", "source", "source_url", "region", "notes",
                  "label_fr", "label_en")


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


@dataclass
class FactorSet:
    profiles: dict = field(default_factory=dict)
    intensities: dict = field(default_factory=dict)
    version: str = ""
    notes: list = field(default_factory=list)
    _aliases: dict = field(default_factory=dict, repr=False)

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
        copy = dataclasses.replace(self, intensities=dict(self.intensities), notes=list(self.notes))
        for factor_id, multiplier in multipliers.items():
            entry = copy.intensities[factor_id]
            copy.intensities[factor_id] = dataclasses.replace(entry, value=entry.value * multiplier)
        copy._aliases = self._aliases
        return copy

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
            notes.append(f"{origin}: {where}: no uncertainty given, counted as 0")
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
        intensities[str(entry["id"])] = Intensity(
            id=str(entry["id"]), value=value, unit=unit, text=str(entry["value"]),
            uncertainty=_uncertainty(entry, where, user, notes, problems, path),
            year=entry.get("year"), source=str(entry.get("source", "")),
            source_url=entry.get("source_url"), region=entry.get("region"), notes=entry.get("notes"),
            origin=path,
        )
    return profiles, intensities, problems


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
        factor_set.intensities.update(intensities)
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
        factor_set.intensities.update(intensities)
    if user_problems:
        raise InputErrors(user_problems)
    factor_set.version = version + (f"+{digest.hexdigest()[:12]}" if extra_files else "")
    try:
        factor_set._index_aliases()
    except FactorDataError as exc:
        if extra_files:
            raise InputErrors([error(str(exc), path=str(extra_files[-1]))]) from exc
        raise
    return factor_set
