"""Measured values of the roadmap's indicators from a CSV (`report --indicators FILE.csv`, DESIGN §7).

Three columns, ``year,id,value`` (French headers ``année``, ``indicateur``, ``valeur`` accepted), one
measured value per row; ``,``, ``;`` or tab as delimiter, UTF-8 or cp1252 (``sobriete.io.csvfiles``),
the file opened by the checked opener (``sobriete.io.userfiles``). Every problem is located
(``file:row: column: what is wrong (what is allowed)``): an id that is not one of the scenario's
indicators (with "did you mean"), a value that is not a number, a year that is not an integer or
lies outside the indicator's plan (its baseline year, else the scenario's, to the horizon), the same
indicator and year twice, a missing column.
"""

from __future__ import annotations

import csv

from ..errors import InputErrors, error
from ..locale import _
from ..text import allowed, did_you_mean
from .csvfiles import decode_csv
from .scenario_file import indicator_value
from .userfiles import read_bytes

MAX_BYTES = 20_000_000  # a few values a year per indicator: a larger file is not this file
COLUMNS = ("year", "id", "value")
ALIASES = {"annee": "year", "année": "year", "indicateur": "id", "indicator": "id", "valeur": "value"}
MAX_PROBLEMS = 20


def load_indicator_values(path, scenario, label: str | None = None) -> dict:
    """{indicator id: {year: value}} from the CSV at `path`, checked against `scenario`'s indicators;
    raises InputErrors listing every problem (at most 20, then how many more)."""
    label = label or str(path)
    data = read_bytes(path, label, max_bytes=MAX_BYTES)
    decoded = decode_csv(data, label, default_delimiter=",")
    rows = list(csv.reader(decoded.text.splitlines(), delimiter=decoded.delimiter))
    problems = []

    def add(message, row=None, column=None, value=..., hint=None):
        problems.append(error(message, path=label, row=row, column=column, value=value, hint=hint))

    header_index = next((i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), None)
    if header_index is None:
        raise InputErrors([error(_("empty file: expected a header year,id,value"), path=label)])
    header = [ALIASES.get(cell.strip().lower(), cell.strip().lower()) for cell in rows[header_index]]
    header_row = header_index + 1
    positions = {}
    for index, name in enumerate(header):
        if name in COLUMNS and name not in positions:
            positions[name] = index
        elif name in COLUMNS:
            add(f"column {name!r} given twice", header_row, name)
        elif name:
            add(f"unknown column {name!r}", header_row, name,
                hint=did_you_mean(name, COLUMNS) or allowed(COLUMNS))
    for name in COLUMNS:
        if name not in positions:
            add(f"missing column {name!r}", header_row, None, hint="expected a header year,id,value")
    if problems:
        raise InputErrors(problems)

    indicators = {i.id: i for i in scenario.indicators}
    ids = list(indicators)
    values: dict = {}
    seen: dict = {}
    for number, row in enumerate(rows[header_index + 1:], start=header_row + 1):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in positions.items()}
        indicator_id, year_text, value_text = cells["id"], cells["year"], cells["value"]
        indicator = indicators.get(indicator_id)
        if indicator is None:
            add("unknown indicator" if indicator_id else "missing indicator id", number, "id",
                indicator_id if indicator_id else ...,
                hint=did_you_mean(indicator_id, ids) or (allowed(ids) if ids else "the scenario has no indicators"))
        year = int(year_text) if year_text.isdigit() else None
        first = indicator.baseline[0] if indicator is not None and indicator.baseline else scenario.baseline_year
        if year is None:
            add("must be a year (an integer such as 2025)", number, "year", year_text)
        elif not first <= year <= scenario.horizon:
            add(f"outside the plan ({first} to {scenario.horizon})", number, "year", year)
            year = None
        try:
            value = indicator_value(value_text) if value_text else None
        except ValueError as exc:
            add(str(exc), number, "value", value_text)
            value = None
        else:
            if value is None:
                add("missing value", number, "value")
        if indicator is None or year is None or value is None:
            continue
        key = (indicator_id, year)
        if key in seen:
            add(f"a second value for {indicator_id!r} in {year} (first on row {seen[key]})", number, "value",
                value_text)
            continue
        seen[key] = number
        values.setdefault(indicator_id, {})[year] = value
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(error(_("… and {count} more problem(s)"), count=len(problems) - MAX_PROBLEMS, path=label))
        raise InputErrors(shown)
    return values
