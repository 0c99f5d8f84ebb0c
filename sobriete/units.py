"""One pint registry for the whole project, and the vectorised parser of quantity columns.

Units are parsed once per *distinct* string at the boundary (STYLE.md "Units with pint, fast"):
a column such as ``["5 years", "60 mois", "5 years", 4]`` is factorised, each distinct value is
split into number and unit, each distinct unit is parsed by pint once (and cached), checked for
its dimension and converted to the field's canonical unit; the result is a float64 array.
Inside the calculation, arrays are plain float64 in canonical units.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pint

from .locale import Message, _

ureg = pint.UnitRegistry(str(resources.files("sobriete") / "units.txt"))
Quantity = ureg.Quantity

# pint's own errors are AttributeError/ValueError subclasses; catch them all at the boundary.
PINT_ERRORS = (pint.errors.PintError, AttributeError, ValueError, TypeError, SyntaxError,
               KeyError, IndexError, ZeroDivisionError, OverflowError)

_NUMBER = re.compile(
    r"""^\s*(?P<sign>[+-]?)
    (?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d*)
    (?:(?P<sep>[.,])(?P<frac>\d+))?
    (?:[eE](?P<exp>[+-]?\d+))?
    \s*(?P<unit>.*?)\s*$""",
    re.VERBOSE,
)
# What a unit string may contain: letters (accented too), digits, and the few operators pint
# needs. Nothing else ever reaches pint, and pint's parser never evaluates Python code.
_UNIT_CHARS = re.compile(r"^[A-Za-zÀ-ÿµ0-9 _/*^.()%·²³-]*$")
# The grammar of a unit, checked before pint sees it (pint evaluates `**` and nesting: a string such
# as "9**9**9 year" would make it compute astronomically): names (kWh, CO2e, m3, %), joined by
# `*`, `/` or spaces, each with at most a small integer exponent, one level of parentheses.
_UNIT_NAME = r"(?:[A-Za-zÀ-ÿµ_][A-Za-zÀ-ÿµ_0-9]*|%)"
_UNIT_POWER = r"(?:\s*(?:\*\*|\^)\s*-?[1-4])?"
_UNIT_FACTOR = rf"(?:{_UNIT_NAME}{_UNIT_POWER}|\(\s*{_UNIT_NAME}{_UNIT_POWER}(?:\s*[*/ ]\s*{_UNIT_NAME}{_UNIT_POWER})*\s*\){_UNIT_POWER})"
_UNIT_GRAMMAR = re.compile(rf"^(?:1\s*)?/?\s*{_UNIT_FACTOR}(?:\s*[*/ ]\s*{_UNIT_FACTOR}){{0,7}}\s*$")
UNIT_MAX_LENGTH = 60
NUMBER_MAX_DIGITS = 20  # digits of a typed number, before the decimal separator
MAGNITUDE_MAX = 1e15  # no inventory quantity is larger (a billion page views is 1e9)
_CO2_SPELLINGS = re.compile(
    r"(?P<prefix>\b[kKMmt]?g|\bt)\s*(?:CO2|CO₂)\s*(?:e|eq|éq|-eq|-e|e\.)?\b|"
    r"(?P<prefix2>\b[kKMmt]?g|\bt)\s*(?:éq\.?|eq\.?)\s*(?:CO2|CO₂)\b",
)


def _normalise_unit(text: str) -> str:
    """Turn common spellings into the registry's names (`€`, `kg CO₂e`, `kgeqCO2`, `²`)."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("₂", "2")
    text = text.replace("k€", "kEUR").replace("M€", "MEUR").replace("€", "EUR")
    text = text.replace("²", "**2").replace("³", "**3").replace("·", "*")

    def co2(match: re.Match) -> str:
        prefix = match.group("prefix") or match.group("prefix2")
        if prefix == "t":
            return "tCO2e"
        return prefix.replace("K", "k") + "CO2e"

    return _CO2_SPELLINGS.sub(co2, text).strip()


@dataclass(frozen=True)
class QuantityKind:
    """What a field holds: its canonical unit, the unit of a bare number, and its name."""

    name: str
    canonical: str
    default_unit: str
    per_year_implied: bool = False  # "12000 EUR" for an annual field means per year
    time_as_per_year: bool = False  # "8760 h" for hours per year

    @property
    def dimensionality(self):
        return _dimensionality(self.canonical)


@lru_cache(maxsize=None)
def _dimensionality(unit: str):
    return ureg.parse_units(unit).dimensionality


@lru_cache(maxsize=4096)
def unit_factor(unit_text: str, kind: QuantityKind) -> float:
    """Factor converting one `unit_text` to `kind.canonical`; raises ValueError with a message.

    Cached: each distinct unit string is parsed by pint once per process.
    """
    if len(unit_text) > UNIT_MAX_LENGTH:
        raise ValueError(Message(_("unit too long ({length} characters, at most {limit})"), length=len(unit_text), limit=UNIT_MAX_LENGTH))
    normalised = _normalise_unit(unit_text)
    if not _UNIT_CHARS.match(normalised):
        raise ValueError(Message(_("unit {unit!r} has characters a unit cannot contain"), unit=unit_text))
    if normalised and not _UNIT_GRAMMAR.match(normalised):
        raise ValueError(Message(_("unit {unit!r} is not a unit (names like kWh/year or kgCO2e, joined by * or /, "
                                   "with small integer powers)"), unit=unit_text))
    if normalised.startswith("/"):
        normalised = "1 " + normalised
    try:
        quantity = ureg.parse_expression(normalised)
    except PINT_ERRORS as exc:
        expected = Message(_("a unit like {unit}"), unit=kind.default_unit) if kind.default_unit else _("a plain number")
        raise ValueError(Message(_("unknown unit {unit!r} (expected {expected})"), unit=unit_text, expected=Message(expected))) from exc
    if not isinstance(quantity, pint.Quantity):  # a bare number like "2"
        quantity = Quantity(float(quantity), "")
    target = kind.dimensionality
    if quantity.dimensionality != target:
        per_year = quantity / ureg.year
        if (kind.per_year_implied or kind.time_as_per_year) and per_year.dimensionality == target:
            quantity = per_year
        else:
            raise ValueError(Message(
                _("unit {unit!r} is not {article} {kind} (expected a unit like {expected})"), unit=unit_text,
                article=_article(kind.name), kind=Message(kind.name), expected=kind.default_unit or Message(_("a plain number"))))
    return float(quantity.to(kind.canonical).magnitude)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def parse_number(text: str) -> tuple[float, str]:
    """Split ``"2,5 Go"`` into ``(2.5, "Go")``; French decimal comma and spaced thousands accepted.

    Raises ValueError for ambiguous numbers such as ``"1,800"``.
    """
    if len(text) > 200:
        raise ValueError(Message(_("too long for a number with a unit ({length} characters)"), length=len(text)))
    match = _NUMBER.match(text)
    if not match or (not match.group("int") and not match.group("frac")):
        raise ValueError(_("not a number"))
    int_part = re.sub(r"[ \u00a0\u202f]", "", match.group("int"))
    if len(int_part) > NUMBER_MAX_DIGITS or len(match.group("exp") or "") > 4:
        raise ValueError(Message(_("number too large (at most {limit:.0e})"), limit=MAGNITUDE_MAX))
    sep, frac = match.group("sep"), match.group("frac")
    # "1,800" could be 1800 or 1.8; "0,001" cannot be a thousands grouping (no leading zero).
    if sep == "," and frac is not None and len(frac) == 3 and int_part and " " not in match.group("int") \
            and match.group("exp") is None and len(int_part) <= 3 and not int_part.startswith("0"):
        raise ValueError(Message(
            _("ambiguous number: a comma followed by three digits could be a thousands separator "
              "(write {thousands} or {decimal})"), thousands=f"{int_part}{frac}",
            decimal=int_part + '.' + frac.rstrip('0') if frac.rstrip('0') else int_part))
    number = f"{match.group('sign')}{int_part or '0'}"
    if frac is not None:
        number += "." + frac
    if match.group("exp") is not None:
        number += "e" + match.group("exp")
    value = float(number)
    if not math.isfinite(value) or abs(value) > MAGNITUDE_MAX:
        raise ValueError(Message(_("number too large (at most {limit:.0e})"), limit=MAGNITUDE_MAX))
    return value, match.group("unit")


@dataclass
class ParsedColumn:
    """Canonical magnitudes (NaN where absent or invalid) and the problems found."""

    values: np.ndarray
    present: np.ndarray  # bool: a value was given (not empty)
    problems: list[tuple[int, str, object]]  # (position, message, offending value)


def parse_value(value: object, kind: QuantityKind) -> float:
    """Parse one value (number or string) to the canonical magnitude of `kind`."""
    if isinstance(value, bool):
        raise ValueError(_("a boolean is not a quantity"))
    if isinstance(value, (int, float, np.integer, np.floating)):
        if isinstance(value, int) and abs(value) > 10 ** NUMBER_MAX_DIGITS:
            raise ValueError(Message(_("number too large (at most {limit:.0e})"), limit=MAGNITUDE_MAX))
        if not math.isfinite(float(value)) or abs(float(value)) > MAGNITUDE_MAX:
            raise ValueError(_("must be a finite number") if not math.isfinite(float(value))
                             else Message(_("number too large (at most {limit:.0e})"), limit=MAGNITUDE_MAX))
        return float(value) * unit_factor(kind.default_unit, kind)
    if not isinstance(value, str):
        raise ValueError(Message(_("expected a number or a quantity with a unit, got a {type}"), type=type(value).__name__))
    number, unit_text = parse_number(value)
    return number * unit_factor(unit_text or kind.default_unit, kind)


def parse_column(values, kind: QuantityKind) -> ParsedColumn:
    """Parse a whole column: each distinct value once, then spread back with integer codes."""
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    n = len(series)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        raw = series.to_numpy(dtype=np.float64, na_value=np.nan)
        present = ~np.isnan(raw)
        with np.errstate(invalid="ignore"):
            huge = present & ~(np.abs(raw) <= MAGNITUDE_MAX)
        problems = [(int(p), "must be a finite number" if not np.isfinite(raw[p]) else
                     Message(_("number too large (at most {limit:.0e})"), limit=MAGNITUDE_MAX), raw[p]) for p in np.flatnonzero(huge)]
        return ParsedColumn(np.where(huge, np.nan, raw) * unit_factor(kind.default_unit, kind), present & ~huge,
                            problems)
    if isinstance(series.dtype, pd.CategoricalDtype):  # the columnar reader's codes: already factorised
        codes = np.asarray(series.array.codes, dtype=np.intp)
        uniques = np.asarray(series.dtype.categories, dtype=object)
    elif isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "python":
        codes, uniques = pd.factorize(np.asarray(series.array), use_na_sentinel=True)
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    parsed = np.full(len(uniques) + 1, np.nan)  # last slot: missing
    problems: list[tuple[int, str, object]] = []
    bad: list[tuple[int, str]] = []
    empty_codes: list[int] = []
    for k, value in enumerate(uniques):
        if isinstance(value, str) and not value.strip():
            empty_codes.append(k)
            continue
        if isinstance(value, float) and math.isnan(value):
            empty_codes.append(k)
            continue
        try:
            parsed[k] = parse_value(value, kind)
        except ValueError as exc:
            bad.append((k, exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)))
    codes = np.where(codes < 0, len(uniques), codes)
    out = parsed[codes]
    present = codes != len(uniques)
    if empty_codes:
        present &= ~np.isin(codes, empty_codes)
    for k, message in bad:
        for position in np.flatnonzero(codes == k):
            problems.append((int(position), message, uniques[k]))
    problems.sort(key=lambda p: p[0])
    assert out.shape == (n,)
    return ParsedColumn(out, present, problems)


@lru_cache(maxsize=4096)
def _conversion(unit_text: str, unit: str) -> float:
    """Factor from `unit_text` to `unit`, parsed by pint once per distinct pair."""
    source = ureg.parse_units(_normalise_unit(unit_text)) if unit_text else ureg.parse_units("")
    return float(Quantity(1.0, source).to(unit).magnitude)


@lru_cache(maxsize=4096)
def _unit_dimensionality(unit_text: str):
    return ureg.parse_units(_normalise_unit(unit_text)).dimensionality if unit_text else _dimensionality("")


def to_magnitude(text: str, unit: str) -> float:
    """Parse a factor value such as ``"0.0519 kgCO2e/kWh"`` and convert it to `unit`."""
    number, unit_text = parse_number(text)
    try:
        return number * _conversion(unit_text, unit)
    except PINT_ERRORS as exc:
        raise ValueError(Message(_("{text!r} cannot be expressed in {unit}"), text=text, unit=unit)) from exc


def dimension_of(text: str):
    """The pint dimensionality of a quantity string (used to tell kWh/GB from kgCO2e/GB)."""
    number, unit_text = parse_number(text)
    return _unit_dimensionality(unit_text)


_SCALED_AMOUNT = re.compile(r"^\s*([0-9][0-9\s\u00a0\u202f.,]*?)\s*([kKmM])\s*(€|EUR|eur|euros?)?\s*$")
MONEY = QuantityKind("amount in euros", "EUR", "EUR")


def parse_money(text) -> float:
    """An amount of euros as people type it (DESIGN §6 `--budget`): ``150000``, ``150 000``,
    ``150 000 €``, ``150k€``, ``1,5 M€``, ``150000 EUR``. The ambiguity rule of every number holds
    (``1,800`` is refused); the result is a finite amount ≥ 0. Raises ValueError."""
    raw = str(text).strip()
    scaled = _SCALED_AMOUNT.match(raw)
    multiplier = 1.0
    if scaled:  # 150k€, 1,5 M€: the suffix multiplies the number
        raw, multiplier = scaled.group(1), 1e3 if scaled.group(2) in "kK" else 1e6
    elif raw.endswith("€") or raw.lower().endswith(("eur", "euro", "euros")):
        raw = re.sub(r"\s*(€|[Ee][Uu][Rr]([Oo][Ss]?)?)$", "", raw)
    amount = parse_value(raw, MONEY) * multiplier
    if not np.isfinite(amount) or amount < 0:
        raise ValueError(Message(_("not an amount of euros ≥ 0: {text!r}"), text=text))
    return float(amount)
