"""Writing files: atomically (temp file + rename), and inventories back to YAML, CSV and XLSX.

Written inventories use canonical units spelled out (``5.0 year``), with floats written by
``repr`` so that load → write → load gives the same frames exactly.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from pathlib import Path

import numpy as np

from .. import model

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UNIT_SPELLING = {"year": "year", "kgCO2e": "kgCO2e", "kWh/year": "kWh/year", "hour/year": "h/year",
                 "vcpu": "vcpu", "TB": "TB", "EUR/year": "EUR/year", "1/year": "/year", "MB": "MB",
                 "GB/year": "GB/year", "KiB": "KiB", "EUR": "EUR", "": ""}


def atomic_write(path, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    Never over an input of the command, a device or a folder (``output_paths.check_output``); a
    symlink's target is replaced, not the link; what the user can fix about the folder (read-only,
    full disk, name too long) is one clear error, exit 2.
    """
    from .output_paths import TEMP_PREFIX, TEMP_SUFFIX, check_output, clean_stale_temporaries, environment_error

    path = check_output(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(path.parent)
        # a short temporary name: it must fit wherever the final name fits
        handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise environment_error(exc, path) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        # mkstemp creates the file readable by its owner only; give it the usual mode instead
        # (an existing file's mode is kept, a new one follows the umask).
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise environment_error(exc, path) from exc
        raise


def safe_cell(value):
    """Neutralise spreadsheet formula injection in a CSV text cell (OWASP: prefix with ')."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(rows: list[list], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def _quantity_text(key: str, value: float) -> str | float:
    unit = UNIT_SPELLING[model.KINDS[key].canonical]
    if not unit:
        return float(value)
    return f"{value!r} {unit}"


def section_records(inventory, section: str, *, flat: bool) -> list[dict]:
    """Lines of a section as mappings with only the keys the line gives."""
    frame = inventory.sections[section]
    keys = model.section_keys(section)
    records = []
    data = {key: frame[key].to_numpy() for key in keys}
    for i in range(len(frame)):
        record: dict = {}
        ecoindex: dict = {}
        for key in keys:
            value = data[key][i]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            if key == "quantity" or key == "share":
                if key == "share" and value == 1.0:
                    continue
                record[key] = float(value)
            elif key in model.KINDS:
                text = _quantity_text(key, float(value))
                if key.startswith("ecoindex.") and not flat:
                    ecoindex[key.split(".", 1)[1]] = text
                else:
                    record[key] = text
            elif key == "covers":
                record[key] = str(value) if flat else str(value).split(",")
            elif key == "purchase_year":
                record[key] = int(value)
            elif key == "refurbished":
                if bool(value):
                    record[key] = True
            elif key == "ownership":
                if value != "owned":
                    record[key] = str(value)
            elif key == "origin":
                if value != "new":
                    record[key] = str(value)
            elif key == "country":
                if value != inventory.organisation.country:
                    record[key] = str(value)
            else:
                record[key] = str(value)
        if ecoindex:
            record["ecoindex"] = ecoindex
        records.append(record)
    return records


def organisation_record(inventory) -> dict:
    org = inventory.organisation
    record = {"name": org.name, "kind": org.kind, "country": org.country}
    if org.population is not None:
        record["population"] = org.population
    if org.agents is not None:
        record["agents"] = org.agents
    return record


def inventory_yaml(inventory) -> str:
    import yaml

    document = {"organisation": organisation_record(inventory), "year": inventory.year}
    if inventory.imported_from:
        document["imported_from"] = inventory.imported_from
    for section in model.ALL_SECTIONS:
        records = section_records(inventory, section, flat=False)
        if records:
            document[section] = records
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def write_inventory_yaml(inventory, path) -> None:
    atomic_write(path, inventory_yaml(inventory))


def _table_rows(inventory, section: str) -> tuple[list[str], list[list]]:
    records = section_records(inventory, section, flat=True)
    keys = [k for k in model.section_keys(section) if any(k in r for r in records)]
    return keys, [[r.get(k, "") for k in keys] for r in records]


def write_inventory_csv(inventory, folder) -> list[Path]:
    """One CSV per section plus organisation.csv (key,value rows with the year)."""
    folder = Path(folder)
    written = []
    org = [["key", "value"], ["year", inventory.year]] + [[k, v] for k, v in organisation_record(inventory).items()]
    atomic_write(folder / "organisation.csv", csv_text(org))
    written.append(folder / "organisation.csv")
    for section in model.ALL_SECTIONS:
        keys, rows = _table_rows(inventory, section)
        if rows:
            atomic_write(folder / f"{section}.csv", csv_text([keys] + rows))
            written.append(folder / f"{section}.csv")
    return written


def write_inventory_xlsx(inventory, path) -> None:
    """A workbook with an `organisation` sheet (key, value) and one sheet per section."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "organisation"
    sheet.append(["key", "value"])
    sheet.append(["year", inventory.year])
    for key, value in organisation_record(inventory).items():
        sheet.append([key, _xlsx_number(value)])
    for section in model.ALL_SECTIONS:
        keys, rows = _table_rows(inventory, section)
        if not rows:
            continue
        sheet = workbook.create_sheet(section)
        sheet.append(keys)
        for row in rows:
            sheet.append([None if v == "" else (str(v) if isinstance(v, np.str_) else _xlsx_number(v))
                          for v in row])
    save_workbook(workbook, path)


def _xlsx_number(value):
    """A float as a cell: a number, or its exact text when openpyxl's 16 digits would round it.

    openpyxl writes numbers with "%.16g", which changes floats that need 17 significant digits;
    the loader parses numeric text like numbers, so writing those as text keeps load → write →
    load exact.
    """
    if isinstance(value, float) and math.isfinite(value) and float("%.16g" % value) != value:
        return repr(value)
    return value


def save_workbook(workbook, path) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write(path, buffer.getvalue())
