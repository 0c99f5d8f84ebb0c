"""Reading GLPI asset-list exports (CSV of GLPI 9.5 to 11, XLSX of GLPI 11) into rows (GLPI.md §1, §5.1).

A file's bytes decide how it is read (not its name): XLSX, glpi-agent JSON (``agent.py``) or CSV;
PDF, ODS, SYLK and binary files are refused with a hint. Columns are found by their FR/EN header
names (``vocabulary.yaml``), the list (Computers, Monitors…) by the columns, the file name or the
Type values.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from pathlib import Path

from ...errors import InputErrors, error
from ...io.csvfiles import decode_csv
from ...io.problems import Problems
from ...io.userfiles import EXPORT_MAX_BYTES, read_bytes
from .agent import read_agent_json
from .dates import date_format_of
from .records import FileInfo, Row, clean_cell, first_value
from .vocabulary import (ACCESSORY_TYPES, DATE_FIELDS, HEADER_FIELDS, ITEMTYPE_BY_NAME, OWN_GROUPS,
                         SUSPICIOUS_PAGE_SIZES, TYPE_TABLES, norm)
from ...locale import Message, _


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# GLPI stores these fields in VARCHAR(255) columns; a longer cell was not written by GLPI. The
# bound also keeps every pattern run on a cell (here and in the classifier) short.
MAX_CELL_CHARS = 1000


def _check_lengths(header, header_row, raw_rows, columns, label) -> None:
    """Refuse header names and used cells longer than MAX_CELL_CHARS, each at its line."""
    problems = Problems()
    for index, name in enumerate(header):
        if len(name) > MAX_CELL_CHARS:
            problems.add(error(_("column header too long ({length:,} characters, at most {limit:,})"), length=len(name),
                               limit=MAX_CELL_CHARS,
                               path=label, row=header_row, value=name))
    names = {index: field for field, index in columns.items()}
    for line, record in raw_rows:
        for index, field in names.items():
            cell = record[index]
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                problems.add(error(_("value too long for a GLPI field ({length:,} characters, at most {limit:,})"),
                                   length=len(cell), limit=MAX_CELL_CHARS, path=label, row=line, column=field, value=cell))
    problems.raise_if_any(limit=20, path=label)


def _match_headers(header: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """Column index of each field, and the headers used / ignored, by FR/EN name (GLPI.md §5.1.3)."""
    exact: dict[str, int] = {}
    by_suffix: dict[str, int] = {}
    for index, raw in enumerate(header):
        if len(raw) > MAX_CELL_CHARS:
            continue  # refused by _check_lengths
        parts = [p for p in re.split(r"\s+-\s+", raw.strip()) if p.strip()]
        if not parts:
            continue
        full = norm(" ".join(parts))
        found = HEADER_FIELDS.get(full)
        if found is not None:
            exact.setdefault(found, index)
            continue
        if len(parts) > 1 and norm(" ".join(parts[:-1])) in OWN_GROUPS:
            found = HEADER_FIELDS.get(norm(parts[-1]))
            if found is not None:
                by_suffix.setdefault(found, index)
    columns = dict(by_suffix)
    columns.update(exact)
    used_indices = set(columns.values())
    used = [header[i] for i in sorted(used_indices)]
    ignored = [h for i, h in enumerate(header) if i not in used_indices and h.strip()]
    return columns, used, ignored


def read_rows(path, label: str | None = None, itemtype: str | None = None) -> tuple[list[Row], FileInfo]:
    """Read one GLPI export (CSV, XLSX) or glpi-agent JSON file into rows."""
    path = Path(path)
    label = label or str(path)
    data = read_bytes(path, label, max_bytes=EXPORT_MAX_BYTES)
    if not data.strip():
        raise InputErrors([error(_("empty file"), path=label)])
    digest = _sha256(data)
    head = data[:8].lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF"):
        raise InputErrors([error(_("a PDF export cannot be read"), path=label,
                                 hint=_("in GLPI choose Export → All pages → CSV"))])
    if data.startswith(b"PK\x03\x04"):
        if suffix == ".ods" or b"opendocument" in data[:200]:
            raise InputErrors([error(_("ODS spreadsheets are not read"), path=label,
                                     hint=_("export as CSV or XLSX from GLPI"))])
        return _read_xlsx(path, label, itemtype, digest)
    if b"\x00" in data[:65536]:
        raise InputErrors([error(_("binary file, not a GLPI export"), path=label,
                                 hint=_("give the CSV or XLSX export of a GLPI list, or a glpi-agent JSON"))])
    if head.startswith(b"ID;P"):
        raise InputErrors([error(_("SYLK (.slk) exports are not read"), path=label,
                                 hint=_("in GLPI choose Export → All pages → CSV"))])
    if head.startswith((b"{", b"[")) or suffix == ".json":
        return read_agent_json(data, label, digest)
    return _read_csv(data, label, itemtype, digest)


def _read_csv(data: bytes, label: str, itemtype: str | None, digest: str) -> tuple[list[Row], FileInfo]:
    # GLPI's own default delimiter is ';' (its csv_delimiter preference, GLPI.md §1.2).
    decoded = decode_csv(data, label, default_delimiter=";")  # refuses mixed encodings at their line
    notes: list[str] = list(decoded.notes)
    bom, delimiter = decoded.bom, decoded.delimiter
    lines = io.StringIO(decoded.text, newline="").readlines()
    offset = 0  # blank lines before the header (GLPI 9.5 and some 10.0.x versions add one)
    while offset < len(lines) and not lines[offset].replace("\ufeff", "").strip():
        offset += 1
    if offset == len(lines):
        raise InputErrors([error(_("empty file"), path=label)])
    if offset:
        notes.append(Message(_("{label}: {offset} blank line(s) before the header skipped"),
                              label=label, offset=offset))
    body = "".join(lines[offset:]).lstrip("\ufeff")
    crlf = lines[offset].endswith("\r\n")
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            records.append((offset + start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputErrors([error(_("broken CSV ({problem})"), problem=str(exc), path=label, row=offset + start,
                                 hint=_("a quoted value opened on this line is never closed, or the file "
                                        "is not a GLPI CSV export"))]) from exc
    if not records:
        raise InputErrors([error(_("empty file"), path=label)])
    header_row, header = records[0]
    trailing = len(header) > 1 and not header[-1].strip()
    while header and not header[-1].strip():
        header = header[:-1]
    header = [h.replace("\ufeff", "").strip() for h in header]
    # A separator after every value is GLPI 9.5/10's writer; GLPI 11's (PhpSpreadsheet) ends lines
    # with CRLF and no separator; anything else was re-saved by a spreadsheet.
    kind = "GLPI 10 CSV" if trailing else "GLPI 11 CSV" if crlf else "CSV"
    details = [d for d in ("BOM" if bom else "no BOM", f"'{delimiter}'" if delimiter != "\t" else "tab",
                           "CRLF" if crlf else "LF",
                           "trailing separator" if trailing else "") if d]
    kind = f"{kind} ({', '.join(details)})"
    problems = Problems()
    raw_rows: list[tuple[int, list[str]]] = []
    for line, record in records[1:]:
        if not "".join(record).strip():
            continue
        if len(record) > len(header):
            extra = record[len(header):]
            if any(v.strip() for v in extra):
                problems.add(error(_("{length} values on this line but {width} columns in the header"),
                                      length=len(record) - trailing, width=len(header), path=label, row=line,
                                      hint=_("check the separators and quotes of this line")))
                continue
            record = record[:len(header)]
        raw_rows.append((line, record + [""] * (len(header) - len(record))))
    problems.raise_if_any(limit=20, path=label)
    return _rows_from_table(header, header_row, raw_rows, label, itemtype, digest, kind, notes)


def _read_xlsx(path: Path, label: str, itemtype: str | None, digest: str) -> tuple[list[Row], FileInfo]:
    from openpyxl import load_workbook

    from ...io.tables import FORMULA_HINT, XLSX_READ_ERRORS, _check_archive, _formula_cells, unreadable_workbook

    has_formulas = _check_archive(path, label)  # zip bombs, XML entities: refused before parsing
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        formulas = _formula_cells(path) if has_formulas else {}
    except XLSX_READ_ERRORS as exc:
        raise InputErrors([unreadable_workbook(label, exc)]) from exc
    try:
        if not workbook.worksheets:
            raise InputErrors([error(_("empty workbook"), path=label)])
        sheet = workbook.worksheets[0]
        formulas = formulas.get(sheet.title, set())
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # rows as long as their cells, not the declared sheet size
        header, header_row, raw_rows = None, 1, []
        problems = Problems()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if formulas:
                for index, value in enumerate(values or ()):
                    if value is None and (number, index) in formulas:
                        problems.add(error(_("formula without a computed value"), path=label, row=number,
                                           hint=FORMULA_HINT))
            cells = ["" if v is None else v for v in (values or ())]
            if header is None:
                if any(str(c).strip() for c in cells):
                    header, header_row = [str(c).strip() for c in cells], number
                    while header and not header[-1]:
                        header.pop()
                continue
            if not any(str(c).strip() for c in cells):
                continue
            cells = (cells + [""] * len(header))[:len(header)]
            raw_rows.append((number, cells))
        problems.raise_if_any(limit=20, path=label)
    except InputErrors:
        raise
    except XLSX_READ_ERRORS as exc:
        raise InputErrors([unreadable_workbook(label, exc)]) from exc
    finally:
        workbook.close()
    if header is None:
        raise InputErrors([error(_("empty workbook"), path=label)])
    return _rows_from_table(header, header_row, raw_rows, label, itemtype, digest, "XLSX (GLPI 11)", [])


def _rows_from_table(header, header_row, raw_rows, label, itemtype, digest, kind,
                     notes) -> tuple[list[Row], FileInfo]:
    columns, used, ignored = _match_headers(header)
    _check_lengths(header, header_row, raw_rows, columns, label)
    if "type" not in columns and "model" not in columns:
        hint = ("this looks like the 'Global' (all assets) list: export each list (Ordinateurs, "
                "Moniteurs…) instead" if "itemtype" in columns else
                "add the Type and Modèle columns to the GLPI view, then export again")
        raise InputErrors([error(_("no 'Type' or 'Modèle'/'Model' column: the category cannot be decided"),
                                 path=label, row=header_row, hint=hint)])
    if not raw_rows:
        raise InputErrors([error(_("no asset in this export, only its header"), path=label, row=header_row,
                                 hint=_("check the GLPI search criteria and export 'All pages'"))])
    rows = []
    for line, record in raw_rows:
        values = {key: clean_cell(record[index]) for key, index in columns.items()}
        rows.append(Row(label, line, None, values))
    info = FileInfo(label, kind, None, "", len(rows), digest, used, ignored, notes=list(notes))
    dates = [first_value(r.get(f)) for r in rows for f in DATE_FIELDS + ("decommission_date", "last_update")
             if r.get(f)]
    info.date_format, assumed = date_format_of(dates)
    for row in rows:
        row.date_format = info.date_format
    if assumed:
        info.notes.append(f"{label}: dates read as day-month-year (GLPI's French setting): no date tells "
                          "it from month-day-year, and only the year is used")
    if not any(f in columns for f in DATE_FIELDS):
        info.notes.append(f"{label}: no purchase, delivery or commissioning date column: purchase years "
                          "unknown (add 'Date d'achat' and 'Date de mise en service' to the GLPI view)")
    _strip_glpi_ids(rows)
    _detect_itemtype(rows, info, columns, itemtype)
    if "name" not in columns:
        info.notes.append(f"{label}: no 'Nom'/'Name' column: lines will have no name")
    if len(rows) in SUSPICIOUS_PAGE_SIZES:
        info.notes.append(f"{label}: exactly {len(rows)} rows, as on one page of a GLPI list: if you "
                          "exported 'Current page', export again with 'All pages'")
    return rows, info


_GLPI_ID = re.compile(r"^(.*?)\s*\((\d+)\)$")


def _strip_glpi_ids(rows: list[Row]) -> None:
    """'Name (123)' when GLPI shows ids, '(123)' for an item without a name (GLPI.md §1.2)."""
    names = [r.get("name") for r in rows if r.get("name")]
    decorated = sum(1 for n in names if _GLPI_ID.match(n))
    all_decorated = names and decorated >= 0.9 * len(names)
    for row in rows:
        match = _GLPI_ID.match(row.get("name"))
        if match and (all_decorated or not match.group(1)):
            row.values["name"] = match.group(1)


def _detect_itemtype(rows: list[Row], info: FileInfo, columns: dict, given: str | None) -> None:
    label = info.label
    found, source = None, ""
    if given:
        found, source = given, "--itemtype"
    elif "os" in columns or "processor" in columns:
        found, source = "computer", "its operating system/processor columns"
    elif "firmware" in columns:
        found, source = "networkequipment", "its firmware column"
    else:
        stem = norm(Path(label).stem)
        for word in re.split(r"[^a-z]+", stem.replace("'", " ")):
            if word in ITEMTYPE_BY_NAME and word not in ("device", "devices"):
                found, source = ITEMTYPE_BY_NAME[word], "the file name"
                break
        if found is None:
            joined = " ".join(re.split(r"[^a-z]+", stem))
            for name, key in ITEMTYPE_BY_NAME.items():
                if " " in name and name in joined:
                    found, source = key, "the file name"
                    break
        if found is None:
            votes: Counter = Counter()
            for row in rows:
                kind = norm(first_value(row.get("type")))
                for list_id, table in TYPE_TABLES.items():
                    if kind in table:
                        votes[list_id] += 1
                if kind in ACCESSORY_TYPES:
                    votes["peripheral"] += 1
            if votes:
                (best, count), *rest = votes.most_common(2) + [(None, 0)]
                if count > rest[0][1]:
                    found, source = best, "its Type values"
    info.itemtype = found
    info.itemtype_from = source
    if found is None:
        info.notes.append(f"{label}: could not tell which GLPI list this is: rows are classified by "
                          "their Type and Model only (give --itemtype computer, monitor, phone, "
                          "printer, networkequipment or peripheral)")
    for row in rows:
        row.itemtype = found

