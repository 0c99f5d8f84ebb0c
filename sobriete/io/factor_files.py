"""Reading factor files: the shipped database (``factors/``) and user override files.

Every value is parsed here, once, from its text (``"185.09 kgCO2e"``) to a float64 magnitude in
its canonical unit; the result is a :class:`~sobriete.factorset.FactorSet`, an argument of the
calculation, never global state (``load_factors(extra_files)``).
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from ..errors import FactorDataError, InputError, InputErrors, error
from ..factorset import PROFILE_METHODS, WITHOUT_SPEND, FactorSet, Intensity, PriceIndex, Profile
from ..notes import Note
from ..units import PINT_ERRORS, dimension_of, to_magnitude, ureg
from ..locale import Message, _, message_of

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
                     "year", "source", "source_url", "notes", "region", "correlation_group", "without_spend",
                     "impacts", "impacts_source")
INTENSITY_KEYS = ("id", "value", "uncertainty", "year", "source", "source_url", "region", "notes",
                  "label_fr", "label_en", "correlation_group", "currency_year", "impacts", "impacts_source")


def _impacts(entry: dict, carbon_unit: str | None, where: str, problems: list) -> dict:
    """The `impacts` mapping of an entry (DESIGN §4), each value in its criterion's canonical unit.

    A value is per unit of what the entry's carbon value is per: `carbon_unit` is that carbon unit
    (``kgCO2e`` for an equipment profile's embodied, ``kgCO2e/kWh`` for an electricity mix), and a
    criterion's unit replaces kgCO2e in it (``kgSbe``, ``MJ/kWh``). Carbon itself is the entry's
    own value: `climate_change` is not repeated here.
    """
    from ..criteria import CARBON, CRITERIA
    from ..text import did_you_mean
    from ..units import parse_number

    given = entry.get("impacts")
    if given is None:
        return {}
    if not isinstance(given, dict):
        problems.append(f"{where}: impacts must be a mapping of criterion id to value")
        return {}
    if carbon_unit is None or "kgCO2e" not in carbon_unit:
        problems.append(f"{where}: impacts need a value in kgCO2e to stand beside (an equipment's embodied, "
                        "an activity's intensity, or an intensity in kgCO2e per unit)")
        return {}
    impacts = {}
    for criterion_id, text in given.items():
        criterion_id = str(criterion_id)
        if criterion_id == CARBON:
            problems.append(f"{where}: impacts: climate_change is the entry's own carbon value; leave it out")
            continue
        criterion = CRITERIA.get(criterion_id)
        if criterion is None:
            hint = did_you_mean(criterion_id, [c for c in CRITERIA if c != CARBON])
            problems.append(f"{where}: impacts: unknown criterion {criterion_id!r} "
                            + (f"({hint})" if hint else f"(allowed: {', '.join(c for c in CRITERIA if c != CARBON)})"))
            continue
        unit = carbon_unit.replace("kgCO2e", criterion.unit)
        try:
            if isinstance(text, bool) or isinstance(text, (int, float)) or not parse_number(str(text))[1]:
                raise ValueError(f"a value needs its unit (like {unit})")
            if dimension_of(str(text)) != ureg.parse_units(unit).dimensionality:
                raise ValueError(f"{text!r} is not in {unit} or a unit of the same dimension")
            value = to_magnitude(str(text), unit)
        except (ValueError, *PINT_ERRORS) as exc:
            problems.append(f"{where}: impacts: {criterion_id}: {exc}")
            continue
        if not value >= 0:
            problems.append(f"{where}: impacts: {criterion_id} must be ≥ 0 (got {text!r})")
            continue
        impacts[criterion_id] = value
    return impacts


def _shipped_root():
    """The shipped factor folder: the one place it is looked up (tests point it at a frozen set)."""
    return resources.files("sobriete.factors")


def shipped_alternatives() -> dict[str, Path]:
    """Named factor files shipped in ``factors/alternatives/`` (e.g. ``numecoeval``)."""
    folder = _shipped_root() / "alternatives"
    if not folder.is_dir():
        return {}
    return {Path(p.name).stem: Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml")}


def _names_shipped_set(given: str, alternatives: dict) -> bool:
    """`numecoeval` names the shipped set; `./numecoeval`, `numecoeval.yaml` or `dir/numecoeval` are paths."""
    return given in alternatives and "/" not in given and "\\" not in given


def _quantity(text, units: tuple[str, ...]) -> tuple[float, str]:
    """Convert a value to the first canonical unit of the same dimension."""
    if isinstance(text, bool):
        raise ValueError(_("a boolean is not a quantity"))
    if isinstance(text, (int, float)):
        if "" in units:
            return float(text), ""
        raise ValueError(Message(_("a bare number needs a unit (expected a unit like {unit})"), unit=units[0]))
    dims = dimension_of(str(text))
    for unit in units:
        if ureg.parse_units(unit).dimensionality == dims if unit else not dims:
            return to_magnitude(str(text), unit), unit
    raise ValueError(Message(_("{text!r} has no expected unit (expected a unit like {units})"), text=text,
                             units=" or ".join(u or "a number" for u in units)))


def _per_hour(text) -> bool:
    import re

    return bool(re.search(r"/\s*(h|hr|hour|heure)s?\b", str(text)))


def _uncertainty(entry: dict, where: str, user: bool, notes: list, problems: list, origin: str):
    value = entry.get("uncertainty")
    if value is None:
        if user:
            notes.append(Note("factor_without_uncertainty", file=origin, entry=where))
            return 0.0
        problems.append(Message(_("{where}: missing uncertainty"), where=where))
        return 0.0
    try:
        number = float(str(value).strip().rstrip("%")) / (100 if str(value).strip().endswith("%") else 1)
    except ValueError:
        problems.append(Message(_("{where}: uncertainty {value!r} is not a number"), where=where, value=value))
        return 0.0
    if not number >= 0:
        problems.append(Message(_("{where}: uncertainty must be ≥ 0"), where=where))
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
        problems.append(Message(_("unknown top-level key {key!r} (allowed: profiles, intensities)"), key=key))
    for position, entry in enumerate(data.get("profiles") or [], start=1):
        profile = _parse_profile(entry, position, path, user, notes, problems)
        if profile is not None:
            profiles[profile.id] = profile
    for position, entry in enumerate(data.get("intensities") or [], start=1):
        intensity = _parse_intensity(entry, position, path, user, notes, problems)
        if intensity is None:
            continue
        series = intensities.setdefault(intensity.id, [])
        if any(e.year == intensity.year for e in series):
            problems.append(Message(_("intensity {id!r}: given twice for year {year} (one entry per id and year)"),
                                    id=intensity.id, year=str(intensity.year)))
            continue
        series.append(intensity)
    for factor_id, series in intensities.items():
        if len(series) > 1 and any(e.year is None for e in series):
            problems.append(Message(_("intensity {factor_id!r}: given several times: each entry needs its year"),
                                    factor_id=factor_id))
        series.sort(key=lambda e: (e.year is None, e.year or 0))
    return profiles, intensities, problems


def _without_spend(entry: dict, where: str, problems: list) -> str | None:
    value = entry.get("without_spend")
    if value is not None and value not in WITHOUT_SPEND:
        problems.append(Message(_("{where}: without_spend must be one of {allowed} (got {value!r})"),
                                where=where, allowed=', '.join(WITHOUT_SPEND), value=value))
        return None
    return value


def _parse_profile(entry, position: int, path: str, user: bool, notes: list, problems: list):
    """One profile entry (None when it cannot be read; its problems are added to `problems`)."""
    where = f"profiles[{position}]"
    if not isinstance(entry, dict) or "id" not in entry:
        problems.append(Message(_("{where}: an entry must be a mapping with an 'id'"), where=where))
        return None
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
                problems.append(Message(_("{where}: {key}: {problem}"), where=where, key=key, problem=message_of(exc)))
        elif key not in PROFILE_TEXT_KEYS:
            problems.append(Message(_("{where}: unknown key {key!r}"), where=where, key=key))
    for key in sorted(k for k, v in values.items() if not v >= 0):  # NaN too: an emission is never negative
        problems.append(Message(_("{where}: {key} must be ≥ 0 (got {got!r})"), where=where, key=key, got=entry[key]))
    section = entry.get("section")
    method = entry.get("method", "equipment")
    if section not in ("devices", "hosting", "services"):
        problems.append(Message(_("{where}: section must be devices, hosting or services"), where=where))
    if method not in PROFILE_METHODS:
        problems.append(Message(_("{where}: method {method!r} unknown (allowed: {allowed})"),
                                where=where, method=method, allowed=', '.join(PROFILE_METHODS)))
    if method == "equipment":
        for key in ("embodied", "lifespan", "electricity"):
            if key not in values:
                problems.append(Message(_("{where}: an equipment profile needs {key}"), where=where, key=key))
        if "lifespan" in values and not values["lifespan"] > 0:
            problems.append(Message(_("{where}: lifespan must be > 0"), where=where))
        if "refurbished_embodied" not in values and "refurbished_ratio" in values and "embodied" in values:
            values["refurbished_embodied"] = values["embodied"] * values["refurbished_ratio"]
            units["refurbished_embodied"] = "kgCO2e"
    if method == "activity" and "intensity" not in values:
        problems.append(Message(_("{where}: an activity profile needs intensity"), where=where))
    if "source" not in entry:
        problems.append(Message(_("{where}: missing source"), where=where))
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list):
        problems.append(Message(_("{where}: aliases must be a list"), where=where))
        aliases = []
    carbon_unit = units.get("embodied") if method == "equipment" else units.get("intensity")
    impacts = _impacts(entry, carbon_unit, where, problems)
    return Profile(
        impacts=impacts, impacts_source=entry.get("impacts_source"),
        id=str(entry["id"]), section=str(section), method=str(method), values=values, texts=texts,
        units=units, uncertainty=_uncertainty(entry, where, user, notes, problems, path),
        year=entry.get("year"), source=str(entry.get("source", "")),
        label_fr=str(entry.get("label_fr", "")), label_en=str(entry.get("label_en", "")),
        aliases=tuple(str(a) for a in aliases), source_url=entry.get("source_url"),
        notes=entry.get("notes"), origin=path,
        correlation_group=_group(entry, where, problems), without_spend=_without_spend(entry, where, problems),
    )


def _parse_intensity(entry, position: int, path: str, user: bool, notes: list, problems: list):
    """One intensity entry (None when it cannot be read; its problems are added to `problems`)."""
    where = f"intensities[{position}]"
    if not isinstance(entry, dict) or "id" not in entry or "value" not in entry:
        problems.append(Message(_("{where}: an entry must be a mapping with 'id' and 'value'"), where=where))
        return None
    where = f"intensity {entry['id']!r}"
    for key in entry:
        if key not in INTENSITY_KEYS:
            problems.append(Message(_("{where}: unknown key {key!r}"), where=where, key=key))
    try:
        value, unit = _quantity(entry["value"], INTENSITY_UNITS)
    except (ValueError, *PINT_ERRORS) as exc:
        problems.append(Message(_("{where}: value: {problem}"), where=where, problem=message_of(exc)))
        return None
    expected = expected_units(str(entry["id"]))
    if expected is not None and unit not in expected:
        shown = " or ".join(u or "a plain number" for u in expected)
        problems.append(Message(_("{where}: value {value!r} must be in {shown}"),
                                where=where, value=entry['value'], shown=shown))
        return None
    if not value >= 0:
        problems.append(Message(_("{where}: value must be ≥ 0"), where=where))
    if str(entry["id"]).endswith("pue") and value < 1:
        problems.append(Message(_("{where}: a PUE cannot be below 1"), where=where))
    if "source" not in entry:
        problems.append(Message(_("{where}: missing source"), where=where))
    year = entry.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        problems.append(Message(_("{where}: year must be an integer (got {year!r})"), where=where, year=year))
        year = None
    currency_year = entry.get("currency_year")
    if currency_year is not None:
        if isinstance(currency_year, bool) or not isinstance(currency_year, int) or not 1900 <= currency_year <= 2100:
            problems.append(Message(_("{where}: currency_year must be a year (got {currency_year!r})"),
                                    where=where, currency_year=currency_year))
            currency_year = None
        elif unit != "kgCO2e/EUR":
            problems.append(Message(_("{where}: currency_year applies to money ratios (kgCO2e/EUR) only"), where=where))
            currency_year = None
    return Intensity(
        impacts=_impacts(entry, unit, where, problems), impacts_source=entry.get("impacts_source"),
        id=str(entry["id"]), value=value, unit=unit, text=str(entry["value"]),
        uncertainty=_uncertainty(entry, where, user, notes, problems, path),
        year=year, source=str(entry.get("source", "")),
        source_url=entry.get("source_url"), region=entry.get("region"), notes=entry.get("notes"),
        origin=path, correlation_group=_group(entry, where, problems), currency_year=currency_year,
    )


def _group(entry: dict, where: str, problems: list) -> str | None:
    group = entry.get("correlation_group")
    if group is None:
        return None
    if not isinstance(group, str) or not group.strip():
        problems.append(Message(_("{where}: correlation_group must be a name (got {group!r})"),
                                where=where, group=group))
        return None
    return group.strip()


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
    from .yamlsafe import load_yaml_file

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
        if _names_shipped_set(str(given), alternatives):
            # A bare name (`numecoeval`) is the shipped set, even when the working folder holds a file
            # or folder of that name (an export, say): said in a note, `./numecoeval` reads the local one.
            if path.exists():
                factor_set.notes.append(Note("shipped_factor_set", name=str(given)))
            path = alternatives[str(given)]
        if not path.is_file():
            names = ", ".join(sorted(alternatives)) or "none"
            user_problems.append(error(_("is a folder, not a factor file") if path.is_dir() else _("factor file not found"),
                                       path=str(given),
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
