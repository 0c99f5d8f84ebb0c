"""The allocation table written next to an imported inventory (``<inventory>.applications.csv``):
one row per (host, virtual machine, application) with its share of the host's footprint."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from ...errors import InputErrors, error
from .formats import csv_value
from ...locale import Message, _

ALLOCATION_SUFFIX = ".applications.csv"
ALLOCATION_COLUMNS = ("host", "virtual_equipment", "application", "environment", "share", "vcpu",
                      "storage", "allocation_key", "vm_type", "cluster")
ALLOCATION_TEXT = ("host", "virtual_equipment", "application", "environment", "vm_type", "cluster")


def allocation_frame(frame):
    """Text columns as objects (None where empty), numbers as float64: one form, whatever the source."""
    import pandas as pd

    frame = frame.copy()
    for column in ALLOCATION_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    for column in ALLOCATION_TEXT:
        values = frame[column].astype(object).to_numpy()
        frame[column] = pd.Series([v if isinstance(v, str) and v != "" else None for v in values],
                                  dtype=object, index=frame.index)
    for column in ("share", "vcpu", "storage", "allocation_key"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(np.float64)
    return frame[list(ALLOCATION_COLUMNS)].reset_index(drop=True)


def allocation_path(inventory_path) -> Path:
    """``inventaire.yaml`` → ``inventaire.applications.csv`` (the allocation table's place)."""
    path = Path(inventory_path)
    return path.with_name(path.stem + ALLOCATION_SUFFIX)


def allocation_csv(allocation) -> str:
    """The allocation table as CSV text."""
    from ...io.writers import csv_text

    rows = [list(ALLOCATION_COLUMNS)]
    for record in allocation.itertuples(index=False):
        rows.append([csv_value(getattr(record, c)) for c in ALLOCATION_COLUMNS])
    return csv_text(rows)


def load_allocation(path):
    """Read an allocation table written by the import (host, virtual machine, application, share)."""
    import pandas as pd

    from ...io.output_paths import register_input
    from ...io.userfiles import EXPORT_MAX_BYTES, read_bytes

    path = Path(path)
    label = str(path)
    data = read_bytes(path, label, max_bytes=EXPORT_MAX_BYTES)  # a FIFO, a device or a folder is refused
    register_input(path)  # read by this command: never an output of it
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype={c: str for c in ALLOCATION_TEXT}, keep_default_na=False,
                            na_values=[""], encoding="utf-8-sig")
    except (ValueError, pd.errors.ParserError) as exc:  # UnicodeDecodeError is a ValueError
        raise InputErrors([error(_("not a readable allocation table ({problem})"), problem=str(exc), path=label)]) from exc
    missing = [c for c in ("host", "virtual_equipment", "application", "share") if c not in frame.columns]
    if missing:
        raise InputErrors([error(_("missing column {columns}"), columns=', '.join(missing), path=label, row=1)])
    for column in ALLOCATION_TEXT:
        if column in frame.columns:  # undo the formula-injection guard of the CSV writer
            frame[column] = frame[column].astype(object).map(
                lambda v: v[1:] if isinstance(v, str) and v[:2] in ("'=", "'+", "'-", "'@") else v)
    return allocation_frame(frame)
