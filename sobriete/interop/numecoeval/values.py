"""Parsing NumÉcoÉval's values, each distinct value once: dates and numbers, and the problems of
the lines holding a bad one."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np

from ...errors import error
from ...locale import Message, _, message_of
from ...io.distinct import distinct
from .reading import Table

_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), (3, 2, 1)),
)
DATE_HINT = "write 2020-07-08, 20200708 or 08/07/2020"
# At most this many problems per distinct bad value (the lines holding it).
PROBLEMS_PER_VALUE = 20


def parse_date(text: str) -> dt.date:
    """``2020-07-08``, ``20200708`` or ``08/07/2020`` (day first, as NumÉcoÉval writes it)."""
    for pattern, (y, m, d) in _DATE_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            try:
                return dt.date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError as exc:
                raise ValueError(Message(_("not a date ({problem})"), problem=str(exc))) from exc
    raise ValueError(_("not a date"))


def parse_each(values: np.ndarray, parse, missing, dtype):
    """`parse` applied once per distinct value; returns (array, codes, [(code, value, message)])
    where the bad values (``parse`` raised ValueError) get `missing`."""
    found = distinct(values)
    parsed, bad = [], []
    for k, text in enumerate(found.values):
        try:
            parsed.append(parse(text))
        except ValueError as exc:
            parsed.append(missing)
            bad.append((k, text, message_of(exc)))
    return found.spread(parsed, missing=missing, dtype=dtype), found.codes, bad


def report_bad(table: Table, codes, bad: list, column: str, problems, hint=None, mask=None) -> None:
    """One problem per line holding a bad value (at most PROBLEMS_PER_VALUE per distinct value)."""
    for k, text, message in bad:
        positions = np.flatnonzero((codes == k) if mask is None else (codes == k) & mask)
        for p in positions[:PROBLEMS_PER_VALUE]:
            problems.add(error(message, path=table.label, row=int(table.rows[p]), column=column,
                               value=text, hint=hint))


def parse_dates(values: np.ndarray):
    """Dates (datetime64[D], NaT where missing or bad), codes, bad values: see :func:`parse_each`."""
    return parse_each(values, lambda t: np.datetime64(parse_date(t), "D"), np.datetime64("NaT"),
                      "datetime64[D]")


def parse_numbers(values: np.ndarray, *, minimum: float | None = 0.0, percent: bool = False):
    """Numbers written the French or English way (``2,5``, ``1 200``; ``80 %`` if `percent`)."""
    from ...units import parse_number

    def parse(text):
        try:
            number, unit = parse_number(text)
        except ValueError as exc:
            raise ValueError(message_of(exc) if "ambiguous" in str(exc) else _("not a number")) from exc
        unit = unit.strip()
        if unit == "%" and percent:
            number /= 100.0
        elif unit or not math.isfinite(number):
            raise ValueError(_("not a number"))
        if minimum is not None and number < minimum:
            raise ValueError(Message(_("must be at least {minimum:g}"), minimum=minimum))
        return number

    return parse_each(values, parse, np.nan, np.float64)


def dates_of(table: Table, name: str, problems) -> np.ndarray:
    """A table's date column; each bad value is a problem on its lines."""
    out, codes, bad = parse_dates(table.column(name))
    report_bad(table, codes, bad, name, problems, hint=DATE_HINT)
    return out


def numbers_of(table: Table, name: str, problems, *, minimum: float | None = 0.0,
               percent: bool = False) -> np.ndarray:
    """A table's number column; each bad value is a problem on its lines."""
    out, codes, bad = parse_numbers(table.column(name), minimum=minimum, percent=percent)
    report_bad(table, codes, bad, name, problems)
    return out
