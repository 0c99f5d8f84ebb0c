"""Writing files: atomically (temp file + rename), and inventories back to YAML, CSV and XLSX.

Written inventories use canonical units spelled out (``5.0 year``), with floats written by
``repr`` so that load → write → load gives the same frames exactly.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
from pathlib import Path

import numpy as np

from .. import model
from ..errors import INVISIBLE, one_line  # noqa: F401 (INVISIBLE and one_line re-exported)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UNIT_SPELLING = {"year": "year", "kgCO2e": "kgCO2e", "kWh/year": "kWh/year", "hour/year": "h/year",
                 "vcpu": "vcpu", "TB": "TB", "EUR/year": "EUR/year", "1/year": "/year", "MB": "MB",
                 "GB/year": "GB/year", "KiB": "KiB", "EUR": "EUR", "": ""}


def yaml_dump(data, **options) -> str:
    """YAML text of `data` by PyYAML's safe dumper, Unicode kept readable, that reads back as `data`.

    Every value written into YAML goes through here (never string concatenation). One PyYAML
    quirk is corrected: with ``allow_unicode`` a U+0085 (NEL) in a single-quoted or plain scalar
    reads back as a space, so text holding a line break other than ``\\n``, or any character
    that is not printable, is double-quoted, where PyYAML escapes it (``\\N``, ``\\L``, ``\\x1b``).
    """
    import yaml

    options.setdefault("allow_unicode", True)
    options.setdefault("sort_keys", False)
    return yaml.dump(data, Dumper=_dumper(), **options)


_DUMPER = None


def _dumper():
    global _DUMPER
    if _DUMPER is None:
        import yaml

        class Dumper(yaml.SafeDumper):
            pass

        def represent_str(dumper, text):
            style = None
            if any(not (ch.isprintable() or ch in "\n ") for ch in text):
                style = '"'
            return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)

        Dumper.add_representer(str, represent_str)
        _DUMPER = Dumper
    return _DUMPER


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


# A number written as text ("-5", "+1.5e3", "-0.1"): a spreadsheet reads it as that number, never
# as a formula, so it is left as is (a negative number stays a number).
NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# What openpyxl refuses in a cell (XML 1.0 forbids it): written with the OOXML escape _xHHHH_.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value):
    """Neutralise spreadsheet formula injection in a CSV text cell (OWASP: prefix with ').

    Text starting with ``= + - @``, a tab or a carriage return gets a leading apostrophe, except
    a plain number written as text (``-5``, ``+1.5``), which a spreadsheet reads as that number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not NUMBER_TEXT.fullmatch(value):
        return "'" + value
    return value


def yaml_comment(text) -> str:
    """A YAML comment line: ``# `` then `text` on one line (nothing in it can end the comment)."""
    return "# " + one_line(text)


def xlsx_value(value):
    """A value for an XLSX cell: text is kept as text; characters XML cannot hold become _xHHHH_."""
    if isinstance(value, np.str_):
        value = str(value)
    if isinstance(value, str) and XLSX_ILLEGAL.search(value):
        value = XLSX_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def append_row(sheet, values) -> None:
    """Append a row whose text cells are explicit strings (``data_type = "s"``), never formulas.

    openpyxl makes a formula of any text starting with ``=``; an inventory name
    ``=HYPERLINK(…)`` must stay that text. Numbers (negative ones too) stay numbers.
    """
    from openpyxl.cell.cell import Cell

    # Text cells are built here and typed before they are appended: looking the row up again
    # afterwards (``sheet[sheet.max_row]``) scans every cell of the sheet, quadratic in its rows
    # (a 20,000-line table took minutes).
    row = []
    for value in values:
        value = xlsx_value(value)
        if isinstance(value, str):
            cell = Cell(sheet, value=value)
            cell.data_type = "s"
            value = cell
        row.append(value)
    sheet.append(row)


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
    document = {"organisation": organisation_record(inventory), "year": inventory.year}
    if inventory.imported_from:
        document["imported_from"] = inventory.imported_from
    for section in model.ALL_SECTIONS:
        records = section_records(inventory, section, flat=False)
        if records:
            document[section] = records
    return yaml_dump(document, width=100)


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
    append_row(sheet, ["key", "value"])
    append_row(sheet, ["year", inventory.year])
    for key, value in organisation_record(inventory).items():
        append_row(sheet, [key, _xlsx_number(value)])
    for section in model.ALL_SECTIONS:
        keys, rows = _table_rows(inventory, section)
        if not rows:
            continue
        sheet = workbook.create_sheet(section)
        append_row(sheet, keys)
        for row in rows:
            append_row(sheet, [None if v == "" else (str(v) if isinstance(v, np.str_) else _xlsx_number(v))
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
