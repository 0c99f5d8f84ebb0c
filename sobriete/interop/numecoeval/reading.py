"""Reading one NumÉcoÉval CSV file into a :class:`Table` of text columns, its kind told by its header."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...errors import InputErrors, error
from ...io.csvfiles import decode_csv
from ...io.problems import Problems
from ...io.userfiles import EXPORT_MAX_BYTES, read_bytes
from .formats import KIND_LABELS, KINDS
from ...locale import Message, _

NOT_A_NUMECOEVAL_FILE_HINT = (
    "expected the header of data centres (nomCourtDatacenter;…;pue;localisation), physical equipment "
    "(nomEquipementPhysique;…;type), virtual equipment (nomEquipementVirtuel;…) or applications "
    "(nomApplication;…)")


@dataclass
class Table:
    """One NumÉcoÉval file: its kind, text columns (canonical names → str or None), line numbers."""

    kind: str
    label: str
    columns: dict
    rows: np.ndarray
    ignored: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> np.ndarray:
        values = self.columns.get(name)
        return values if values is not None else np.full(len(self.rows), None, dtype=object)

    def where(self, position: int) -> str:
        return f"{self.label}:{int(self.rows[position])}"


def _decode(path: Path, label: str):
    data = read_bytes(path, label, max_bytes=EXPORT_MAX_BYTES)
    if not data.strip():
        raise InputErrors([error(_("empty file"), path=label)])
    if b"\x00" in data[:65536] or data.startswith(b"PK\x03\x04"):
        raise InputErrors([error(_("binary file, not a CSV text file"), path=label,
                                 hint=_("NumÉcoÉval files are CSV text with ';' separators"))])
    # The reader takes the very first line as the header: the delimiter is sniffed on it.
    return decode_csv(data, label, default_delimiter=";", skip_blank_lines=False)


def read_file(path, label: str | None = None) -> Table:
    """Read one NumÉcoÉval CSV file, recognising its kind by its header."""
    path = Path(path)
    label = label or str(path)
    decoded = _decode(path, label)
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=decoded.delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InputErrors([error(_("unreadable header ({problem})"), problem=str(exc), path=label)]) from exc
    names = [h.replace("\ufeff", "").strip() for h in header]
    kind = kind_of({n.lower() for n in names if n})
    if kind is None:
        raise InputErrors([error(_("not a NumÉcoÉval file: its header names no known file kind"),
                                 path=label, row=1, hint=NOT_A_NUMECOEVAL_FILE_HINT)])
    positions, ignored, duplicates = _positions(names, KINDS[kind][0])
    if duplicates:
        raise InputErrors([error(_("duplicate column (also column {first}, once case is ignored)"), first=first, path=label,
                                 row=1, column=name, hint=_("keep one of them")) for name, first in duplicates])
    records, rows = _records(reader, label, len(names))
    columns = _text_columns(records, positions, len(names))
    table = Table(kind, label, columns, np.asarray(rows, dtype=np.int64), ignored, list(decoded.notes))
    missing = [c for c in KINDS[kind][1] if c not in columns]
    if missing:
        raise InputErrors([error(_("missing column {columns} in a {file_kind} file"), columns=', '.join(missing),
                                 file_kind=KIND_LABELS[kind],
                                 path=label, row=1)])
    return table


def kind_of(header: set) -> str | None:
    """The kind of file whose header holds these (lower-case) column names, or None."""
    if "nomapplication" in header:
        return "applications"
    if "nomequipementvirtuel" in header:
        return "virtual"
    if "nomequipementphysique" in header and "type" in header:
        return "physical"
    if "nomcourtdatacenter" in header and ({"pue", "localisation", "nomlongdatacenter"} & header):
        return "datacenters"
    return None


def _positions(names: list, known: tuple) -> tuple[dict, list, list]:
    """The position of each known column (matched without case), the header names sobriete does
    not use, and the known columns given twice (name, 1-based position of the first)."""
    canonical = {c.lower(): c for c in known}
    positions, ignored, duplicates = {}, [], []
    for index, name in enumerate(names):
        if not name:
            continue
        target = canonical.get(name.lower())
        if target is None:
            ignored.append(name)
        elif target not in positions:
            positions[target] = index
        else:
            duplicates.append((name, positions[target] + 1))
    return positions, ignored, duplicates


def _records(reader, label: str, width: int) -> tuple[list, list]:
    """The non-blank records after the header and their line numbers; every line with more
    values than the header is a problem."""
    records, rows, problems = [], [], Problems()
    start = 2
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            if not any(v.strip() for v in record):
                continue
            if len(record) > width and any(v.strip() for v in record[width:]):
                problems.add(error(_("{length} values on this line but {width} columns in the header"), length=len(record), width=width,
                                   path=label, row=line, hint=_("check the ';' separators and the quotes")))
                continue
            records.append(record)
            rows.append(line)
    except csv.Error as exc:
        raise InputErrors([error(_("broken CSV: {problem}"), problem=str(exc), path=label, row=start)]) from exc
    problems.raise_if_any()
    return records, rows


def _text_columns(records: list, positions: dict, width: int) -> dict:
    """Each used column as an object array of stripped strings, None where empty."""
    import pandas as pd

    grid = np.empty((len(records), width), dtype=object)
    grid[:] = ""
    for i, record in enumerate(records):
        grid[i, :min(len(record), width)] = record[:width]
    columns = {}
    for name, index in positions.items():
        values = pd.Series(grid[:, index], dtype=object).str.strip()
        columns[name] = values.where(values != "", None).to_numpy(dtype=object)
    return columns
