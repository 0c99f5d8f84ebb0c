"""Reading CSV and XLSX tables into raw DataFrames that remember each row's line number.

Raw tables keep the file's values (numbers stay numbers, strings stay strings); the inventory
builder turns them into canonical columns. Columns that hold text are read as text so that a
model such as ``5440`` is not turned into ``5440.0``.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputErrors, error
from ..vocabulary import canonical_header
from .csvfiles import cp1252_note, decode_csv, file_encoding
from .userfiles import TABLE_MAX_BYTES, XLSX_MAX_BYTES, check_file
from ..locale import _

TEXT_COLUMNS = ("section", "category", "country", "ownership", "destination", "origin", "refurbished",
                "service", "site", "model", "name", "provider", "notes", "key", "value")
UNIQUE_TEXT_COLUMNS = ("name", "notes")  # usually a different value on each line
SNIFF_BYTES = 65536
# Sheets of help and drop-down lists (the template's `instructions` and hidden `listes`): never lines.
HELP_SHEETS = ("instructions", "notice", "listes", "lists", "readme", "aide")
# An XLSX is a zip of XML parts: bounded before openpyxl reads any of them (zip bombs, cells that
# inflate to gigabytes). openpyxl keeps the shared strings in memory: they get a tighter bound.
XLSX_MAX_UNCOMPRESSED = 1_000_000_000
XLSX_MAX_SHARED_STRINGS = 100_000_000
XLSX_MAX_PARTS = 10_000
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
FORMULA_HINT = "open and save the file in a spreadsheet program"


def _read_errors() -> tuple:
    """What a corrupt workbook makes the zip, zlib and XML layers under openpyxl raise."""
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    return (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ParseError, KeyError, ValueError,
            OSError, TypeError, AttributeError, IndexError, NotImplementedError)


XLSX_READ_ERRORS = _read_errors()  # ParseError is a SyntaxError: listed, not caught as one


@dataclass
class RawTable:
    """A table as read: header names normalised, values untouched, 1-based source rows."""

    frame: object  # pandas.DataFrame
    rows: np.ndarray
    label: str
    header_row: int = 1
    notes: list = field(default_factory=list)
    # YAML only: the line of each key on each row (column -> int array, 0 where absent), so that
    # a message points at the key's own line rather than at the start of its mapping.
    cell_rows: dict | None = None


def normalise_header(name) -> str:
    """The key a header names: English or French, any case or accents (``Quantité`` → ``quantity``);
    an unknown header keeps its own name, lower-cased (sobriete/vocabulary.py)."""
    return canonical_header(name)


def _sniff(path: Path, label: str) -> tuple[str, str, list[str]]:
    """Encoding, delimiter and raw header of a CSV file, checking it is a non-empty text file."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
        # A sparse or padded file reads as NUL bytes: its tail tells, before pandas reads gigabytes.
        size = handle.seek(0, 2)
        tail = b""
        if size > SNIFF_BYTES:
            handle.seek(max(size - SNIFF_BYTES, SNIFF_BYTES))
            tail = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise InputErrors([error(_("empty file"), path=label)])
    if b"\x00" in head or b"\x00" in tail or head.startswith(b"PK\x03\x04"):
        raise InputErrors([error(_("binary file, not a CSV text file"), path=label,
                                 hint=_("save as CSV UTF-8, or give the .xlsx file itself"))])
    # The head may end inside a character: only an invalid byte before its last four makes it cp1252.
    decoded = decode_csv(head, label, default_delimiter=",", truncated=True, skip_blank_lines=False)
    encoding, delimiter = decoded.encoding, decoded.delimiter
    if encoding == "cp1252":
        file_encoding(path, label)  # UTF-8 characters further on: mixed encodings, refused
    header = next(csv.reader(io.StringIO(decoded.header_line), delimiter=delimiter), [])
    return encoding, delimiter, header


def read_csv_table(path: Path, label: str) -> RawTable:
    """Read a CSV (`,` or `;`, UTF-8 with or without BOM, else cp1252 with a note).

    A well-formed UTF-8 file is read by the columnar reader (:func:`_read_csv_columnar`); any other
    file (cp1252, quoted line breaks, blank lines, short or long records…) by pandas' reader, whose
    messages and tolerances are the reference. Both give the same values.
    """
    path = Path(path)
    check_file(path, label, max_bytes=TABLE_MAX_BYTES)
    encoding, delimiter, header = _sniff(path, label)
    _check_duplicate_columns(header, label, 1)
    if encoding != "cp1252":
        table = _read_csv_columnar(path, label, delimiter, header)
        if table is not None:
            return table
    return _read_csv_pandas(path, label, encoding, delimiter, header)


def _read_csv_columnar(path: Path, label: str, delimiter: str, header: list) -> RawTable | None:
    """A UTF-8 CSV read by Arrow's multithreaded reader, every column dictionary-encoded.

    Each column is read as integer codes into its distinct values (a pandas ``Categorical``): the
    loader then parses and validates each distinct value once and never builds a million Python
    strings. Columns outside ``TEXT_COLUMNS`` are typed as pandas' own reader would type them (numbers
    stay numbers): pandas' parser is run on the distinct values alone. Returns None when Arrow
    refuses the file (blank lines, quoted line breaks, records of another length, invalid UTF-8):
    the pandas reader then reads it, with its tolerances and its located messages.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # Column names are given and the header row skipped: every column is text (no type
    # inference by Arrow, which would turn a model "05440" into 5440), whatever its header says.
    internal = [f"c{position}" for position in range(len(header))]
    names = [normalise_header(raw) if raw else f"unnamed: {position}" for position, raw in enumerate(header)]
    # A column of distinct values on most lines (an asset tag, a comment) is plain Arrow text:
    # a dictionary of a million entries would cost more than it saves.
    column_types = {internal_name: pa.string() if name in UNIQUE_TEXT_COLUMNS else pa.dictionary(pa.int32(), pa.string())
                    for internal_name, name in zip(internal, names)}
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24, column_names=internal,
                                           skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=True,
                column_types=column_types))
        table = table.unify_dictionaries()
    except (pa.ArrowException, OSError, ValueError):
        return None
    if _has_line_break(table):  # a quoted line break, or a quote never closed: pandas' reader decides
        return None
    n = table.num_rows
    columns: dict[str, object] = {}
    empty = None
    for name in names:
        # Each Arrow column is released once converted: the file is never held twice in memory.
        column = table.column(0)
        table = table.remove_column(0)
        if not pa.types.is_dictionary(column.type):  # UNIQUE_TEXT_COLUMNS: a `str` column, as pandas reads it
            is_missing = column.is_null().to_numpy(zero_copy_only=False)
            columns[name] = column.to_pandas()
        else:
            codes, values = _dictionary_codes(column)
            is_missing = codes < 0
            columns[name] = _typed_column(codes, values, text=name in TEXT_COLUMNS)
        empty = is_missing if empty is None else empty & is_missing
        del column
    frame = pd.DataFrame(columns, copy=False) if columns else pd.DataFrame(index=pd.RangeIndex(n))
    frame.columns = names
    rows = LazyRows(path, n, "utf-8-sig", delimiter)
    if empty is not None and empty.any():
        rows = np.asarray(rows)[~empty]
        frame = frame.loc[~empty].reset_index(drop=True)
    return RawTable(frame, rows, label, 1, [])


def _has_line_break(table) -> bool:
    """Whether a value holds a line break (Arrow takes an unclosed quote to the end of the file)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for column in table.columns:
        for chunk in column.chunks:
            values = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
            if len(values) and pc.any(pc.match_substring_regex(values, "[\r\n]")).as_py():
                return True
    return False


def _dictionary_codes(column):
    """(int32 codes, -1 where missing; the distinct strings) of a dictionary-encoded Arrow column."""
    if column.num_chunks == 0:
        return np.zeros(0, dtype=np.int32), []
    values = column.chunk(0).dictionary.to_pylist()
    codes = np.concatenate([chunk.indices.fill_null(-1).to_numpy(zero_copy_only=False)
                            for chunk in column.chunks]).astype(np.int32, copy=False)
    return codes, values


def _typed_column(codes: np.ndarray, values: list, *, text: bool):
    """A pandas column from codes: numbers where pandas would read numbers, else a Categorical."""
    import pandas as pd

    if not text and values:
        typed = _pandas_types(values)
        if typed is not None:
            missing = codes < 0
            if typed.dtype.kind in "iu" and missing.any():
                typed = typed.astype(np.float64)
            if typed.dtype.kind == "b" and missing.any():
                typed = np.array([*typed.tolist(), np.nan], dtype=object)
                return typed[np.where(missing, len(values), codes)]
            if missing.any():
                return np.append(typed, np.nan)[np.where(missing, len(values), codes)]
            return typed[codes]
    categories = pd.Index(np.array(values, dtype=object), dtype=object)
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories), validate=False)


def _pandas_types(values: list):
    """The distinct values of a column typed as pandas' CSV reader types a whole column: an int,
    float or bool array aligned with ``values``, or None when pandas keeps the column as text."""
    import pandas as pd

    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["v"])
    writer.writerows([value] for value in values)
    buffer.seek(0)
    try:
        column = pd.read_csv(buffer, keep_default_na=False, na_values=[""], skip_blank_lines=False,
                             low_memory=False)["v"]
    except (ValueError, csv.Error):
        return None
    if len(column) != len(values) or column.dtype.kind not in "iufb":
        return None
    return column.to_numpy()


def _read_csv_pandas(path: Path, label: str, encoding: str, delimiter: str, header) -> RawTable:
    """pandas' reader: any file the columnar reader refuses; its errors are located here."""
    import pandas as pd

    notes = []
    dtype = {name: str for name in header if normalise_header(name) in TEXT_COLUMNS}

    def read(enc: str):
        # index_col=False: without it, a first data row with one value too many silently turns
        # the first column into the index; pandas then only warns, which we make an error.
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(path, sep=delimiter, encoding=enc, keep_default_na=False, na_values=[""],
                               skip_blank_lines=False, dtype=dtype, index_col=False)

    try:
        try:
            frame = read(encoding)
        except UnicodeDecodeError:
            if encoding == "cp1252":
                raise
            encoding = file_encoding(path, label)  # refuses mixed encodings, at their line
            if encoding != "cp1252":
                raise
            frame = read(encoding)
    except InputErrors:
        raise  # mixed encodings, found while deciding the encoding (an InputErrors is a ValueError)
    except UnicodeDecodeError as exc:
        raise InputErrors([error(_("cannot decode the file as UTF-8 or cp1252"), path=label)]) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputErrors([error(_("empty file"), path=label)]) from exc
    except (pd.errors.ParserError, pd.errors.ParserWarning, csv.Error, ValueError) as exc:
        raise InputErrors([_broken_csv(path, label, encoding, delimiter, exc)]) from exc
    if encoding == "cp1252":
        notes.append(cp1252_note(label))
    frame.columns = [normalise_header(c) for c in frame.columns]
    rows = LazyRows(path, len(frame), encoding, delimiter)
    # Blank lines are kept by read_csv (skip_blank_lines=False) so that row numbers match the
    # file; drop them now, keeping their line numbers.
    # A record with a value in its first column is not empty: only the others are checked.
    empty = np.array(frame.iloc[:, 0].isna()) if len(frame.columns) else np.zeros(len(frame), dtype=bool)
    if empty.any():
        empty[empty] = frame.loc[empty].isna().all(axis=1).to_numpy()
    if empty.any():
        rows = np.asarray(rows)[~empty]
        frame = frame.loc[~empty]
    frame = frame.reset_index(drop=True)
    return RawTable(frame, rows, label, 1, notes)


def _check_duplicate_columns(header, label: str, row: int) -> None:
    """Two headers that name the same column once normalised ('quantity', 'Quantity ') are refused."""
    seen: dict[str, tuple] = {}
    problems = []
    for position, name in enumerate(header, start=1):
        if name is None:
            continue
        key = normalise_header(name)
        if not key:
            continue
        if key in seen:
            first_name, first_position = seen[key]
            same_text = (str(first_name).replace("\ufeff", "").strip().lower()
                         == str(name).replace("\ufeff", "").strip().lower())
            message = (_("duplicate column (also column {first}, once case and spaces are ignored)") if same_text
                       else _("duplicate column (also column {first}, {other!r}: the same key)"))
            problems.append(error(message, first=first_position, other=str(first_name), path=label, row=row,
                                  column=key, value=str(name), hint=_("keep one of them")))
        else:
            seen[key] = (name, position)
    if problems:
        raise InputErrors(problems)


class LazyRows:
    """Line numbers of a CSV's records, counted from the file only when a message or a location needs them.

    Counting needs a second pass over the file; most runs never print a line number.
    """

    def __init__(self, path, n, encoding, delimiter):
        self.path, self.n, self.encoding, self.delimiter = path, n, encoding, delimiter
        self._array = None

    def __len__(self):
        return self.n

    def _get(self):
        if self._array is None:
            self._array = _lines_from_file(self.path, self.n, self.encoding, self.delimiter)
        return self._array

    def __getitem__(self, item):
        return self._get()[item]

    def __array__(self, dtype=None, copy=None):
        return self._get() if dtype is None else self._get().astype(dtype)


def _lines_from_file(path, n, encoding, delimiter):
    newlines, last = 0, b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 24):
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    physical = newlines + (0 if last == b"\n" else 1)
    if physical == n + 1:
        return np.arange(n, dtype=np.int64) + 2
    starts = []
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        start = 1
        for _ in reader:
            starts.append(start)
            start = reader.line_num + 1
    return np.asarray(starts[1:n + 1], dtype=np.int64)


_PANDAS_EOF = re.compile(r"EOF inside string starting at row (\d+)")


def _broken_csv(path: Path, label: str, encoding: str, delimiter: str, exc: Exception):
    """Locate what pandas could not parse: an unclosed quote or a line with too many values."""
    hint = "check the quotes and the number of separators on each line"
    starts, lengths = [], []
    try:
        with open(path, encoding=encoding, errors="replace", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            start = 1
            for record in reader:
                starts.append(start)
                lengths.append(len(record))
                start = reader.line_num + 1
    except csv.Error:
        pass
    eof = _PANDAS_EOF.search(str(exc))
    if eof and int(eof.group(1)) < len(starts):
        return error(_("a quoted value opened on this line is never closed"), path=label,
                     row=starts[int(eof.group(1))], hint=_("add the closing quote (\")"))
    if lengths:
        for start, length in zip(starts[1:], lengths[1:]):
            if length > lengths[0]:
                return error(_("{length} values on this line but {width} columns in the header"), length=length, width=lengths[0],
                             path=label, row=start, hint=hint)
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return error(_("broken CSV: {problem}"), problem=message, path=label, hint=hint)


def _check_archive(path: Path, label: str) -> bool:
    """Bound an XLSX's parts before any is parsed; True when a worksheet holds formulas."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > XLSX_MAX_PARTS:
                raise InputErrors([error(_("not a plausible XLSX workbook ({count:,} parts in the archive); refused"),
                                         count=len(members), path=label)])
            total = sum(m.file_size for m in members)
            if total > XLSX_MAX_UNCOMPRESSED:
                raise InputErrors([error(_("the workbook inflates to {size:,} bytes (limit {limit:,}); refused (a zip bomb?)"),
                                         size=total, limit=XLSX_MAX_UNCOMPRESSED, path=label)])
            for member in members:
                name = member.filename.lower()
                if name.endswith("sharedstrings.xml") and member.file_size > XLSX_MAX_SHARED_STRINGS:
                    raise InputErrors([error(
                        _("the workbook's text cells inflate to {size:,} bytes (limit {limit:,}); refused"),
                        size=member.file_size, limit=XLSX_MAX_SHARED_STRINGS, path=label,
                        hint=_("give such a large table as CSV"))])
            formulas = False
            for member in members:
                name = member.filename.lower()
                if not (name.endswith(".xml") or name.endswith(".rels")):
                    continue
                with archive.open(member) as part:
                    head = part.read(4096)
                    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                        raise InputErrors([error(_("the workbook part {part!r} declares XML entities; refused (an XML bomb?)"),
                                                 part=member.filename, path=label)])
                    if formulas or not name.startswith("xl/worksheets/"):
                        continue
                    tail = b""
                    chunk = head
                    while chunk:
                        if _FORMULA.search(tail + chunk):
                            formulas = True
                            break
                        tail = chunk[-16:]
                        chunk = part.read(1 << 22)
    except InputErrors:
        raise
    except XLSX_READ_ERRORS as exc:
        raise InputErrors([unreadable_workbook(label, exc)]) from exc
    return formulas


def unreadable_workbook(label: str, exc: Exception):
    """The one line for a workbook the zip, zlib or XML layers cannot read."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    detail = detail or type(exc).__name__
    return error(_("not a readable XLSX workbook ({problem})"), problem=detail[:120], path=label)


def _formula_cells(path: Path) -> dict[str, set]:
    """Sheet title → (row, column index) of each formula cell (a second, formulas-only read)."""
    from openpyxl import load_workbook

    found: dict[str, set] = {}
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet in workbook.worksheets:
            cells = found.setdefault(sheet.title, set())
            _forget_dimensions(sheet)
            for number, row in enumerate(sheet.iter_rows(), start=1):
                for index, cell in enumerate(row):
                    if getattr(cell, "data_type", None) == "f":
                        cells.add((number, index))
    finally:
        workbook.close()
    return found


def _forget_dimensions(sheet) -> None:
    """Rows as long as their cells, not padded to the sheet's declared size (which a file may set to
    16,384 columns × 1,048,576 rows while holding ten cells)."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()


def _sheet_key(title: str) -> str:
    return title.strip().lower()


def read_xlsx(path: Path, label: str) -> dict[str, RawTable]:
    """Every sheet of a workbook as a raw table (sheet name lower-cased → table).

    Hidden sheets are read like the others (a note names them): hiding a sheet is a way of
    showing it less, not of leaving its lines out. A formula cell without a value computed by a
    spreadsheet program is refused with its location (openpyxl does not compute formulas).
    """
    import pandas as pd

    path = Path(path)
    check_file(path, label, max_bytes=XLSX_MAX_BYTES)
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if not magic:
        raise InputErrors([error(_("empty file"), path=label)])
    if magic != b"PK\x03\x04":
        raise InputErrors([error(_("not an XLSX workbook"), path=label,
                                 hint=_("save the spreadsheet as .xlsx (Excel 2007+)"))])
    has_formulas = _check_archive(path, label)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        formula_cells = _formula_cells(path) if has_formulas else {}
    except XLSX_READ_ERRORS as exc:
        raise InputErrors([unreadable_workbook(label, exc)]) from exc
    tables: dict[str, RawTable] = {}
    titles: dict[str, str] = {}
    problems = []
    hidden = []
    try:
        for sheet in workbook.worksheets:
            sheet_label = f"{label}[{sheet.title}]"
            key = _sheet_key(sheet.title)
            loose = re.sub(r"\s+", "", key)
            if loose in titles:
                problems.append(error(_("two sheets named alike: {first!r} and {second!r} (case and spaces are ignored); "
                                        "one would be dropped"), first=titles[loose], second=sheet.title, path=sheet_label, row=1,
                                      hint=_("rename or merge one of them")))
                continue
            titles[loose] = sheet.title
            if getattr(sheet, "sheet_state", "visible") != "visible" and key not in HELP_SHEETS:
                hidden.append(sheet.title)  # the template's hidden drop-down lists are not lines
            formulas = formula_cells.get(sheet.title, set())
            _forget_dimensions(sheet)
            rows = sheet.iter_rows(values_only=True)
            header = None
            header_row = 0
            for header_row, values in enumerate(rows, start=1):
                if values and any(v is not None and str(v).strip() for v in values):
                    header = values
                    break
            if header is None:
                tables[key] = RawTable(pd.DataFrame(), np.array([], dtype=int), sheet_label, 1)
                continue
            names = [normalise_header(h) if h is not None else "" for h in header]
            try:
                _check_duplicate_columns([h if h is not None else "" for h in header], sheet_label, header_row)
            except InputErrors as exc:
                problems.extend(exc.problems)
                continue
            keep = [i for i, n in enumerate(names) if n]
            records, numbers = [], []
            for number, values in enumerate(rows, start=header_row + 1):
                values = values or ()
                width = len(values)
                cells = [values[i] if i < width else None for i in keep]
                if formulas:
                    for i, cell in zip(keep, cells):
                        if cell is None and (number, i) in formulas and len(problems) < 20:
                            problems.append(error(_("formula without a computed value"), path=sheet_label,
                                                  row=number, column=names[i], hint=FORMULA_HINT))
                cells = [None if isinstance(c, str) and not c.strip() else c for c in cells]
                if all(c is None for c in cells):
                    continue
                records.append(cells)
                numbers.append(number)
            columns = [names[i] for i in keep]
            frame = pd.DataFrame.from_records(records, columns=columns) if records else pd.DataFrame(columns=columns)
            for column in frame.columns:
                if column in TEXT_COLUMNS:
                    frame[column] = frame[column].map(
                        lambda v: v if v is None or isinstance(v, str) else _cell_text(v))
            tables[key] = RawTable(frame, np.asarray(numbers, dtype=int), sheet_label, header_row)
    except InputErrors:
        raise
    except XLSX_READ_ERRORS as exc:
        raise InputErrors([unreadable_workbook(label, exc)]) from exc
    finally:
        workbook.close()
    if problems:
        raise InputErrors(problems)
    if hidden:
        from ..notes import Note

        note = Note("hidden_sheets", label=label, names=", ".join(repr(h) for h in hidden))
        for table in tables.values():
            table.notes.append(note)
    return tables


def _cell_text(value) -> str | None:
    if isinstance(value, float) and value != value:  # NaN: an empty cell
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
