"""Dates in GLPI exports: the user's format (Y-m-d, d-m-Y or m-d-Y) told from a file's values,
and the year of a date (GLPI.md §1.6)."""

from __future__ import annotations

import functools
import re
from datetime import date

_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def date_format_of(values: list[str]) -> tuple[str | None, bool]:
    """The file's date format: 'Y-m-d', 'd-m-Y' or 'm-d-Y', and whether d-m-Y was assumed."""
    year_first = year_last = day_first = month_first = 0
    for value in values:
        match = _DATE.match(value)
        if not match:
            continue
        a, b, c = match.groups()
        if len(a) == 4:
            year_first += 1
        elif len(c) == 4:
            year_last += 1
            if int(a) > 12:
                day_first += 1
            if int(b) > 12:
                month_first += 1
    if not (year_first or year_last):
        return None, False
    if year_first >= year_last:
        return "Y-m-d", False
    if month_first and not day_first:
        return "m-d-Y", False
    return "d-m-Y", not day_first


@functools.lru_cache(maxsize=1 << 14)
def year_of(value: str, fmt: str | None) -> int | None:
    match = _DATE.match(value)
    if not match:
        return None
    a, b, c = (int(x) for x in match.groups())
    if len(match.group(1)) == 4:
        year, month, day = a, b, c
    elif len(match.group(3)) == 4:
        year = c
        month, day = (a, b) if fmt == "m-d-Y" else (b, a)
    else:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return None
    return year

