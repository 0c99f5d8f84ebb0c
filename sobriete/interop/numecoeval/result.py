"""The result of a NumÉcoÉval import: the inventory, the allocation table and the report material.

It is an :class:`~sobriete.io.imports.ImportResult`: it gives its report and writes itself (the
inventory as YAML or XLSX, its largest sections as CSV next to a large YAML, and the allocation
table next to it, ``sidecar``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ... import model
from ...io.imports import ImportResult
from ...locale import _, tr


@dataclass
class NumecoevalImport(ImportResult):
    """An imported inventory, the allocation of hosts to virtual machines and applications, and
    the import report: lines imported per category, lines excluded (where, why), notes."""

    inventory: model.Inventory
    allocation: object  # pandas.DataFrame with sidecar.ALLOCATION_COLUMNS
    imported: dict  # category → number of lines
    excluded: list  # [(where, reason)]
    notes: list
    files: dict  # kind → [labels]
    written: list = field(default_factory=list, repr=False, compare=False)  # by the last write()

    @property
    def report(self) -> list[str]:
        from .report import import_report

        return import_report(self)

    def inventory_text(self, *, generated_on: date | None = None) -> str:
        """The inventory YAML (NumÉcoÉval imports carry no generated header: `generated_on` is unused)."""
        from ...io.writers import inventory_yaml

        return inventory_yaml(self.inventory)

    def write(self, output, *, generated_on: date | None = None) -> list[Path]:
        """Write the inventory (``.yaml``/``.yml`` or ``.xlsx``) and, when there is one, its allocation
        table; returns every file written (also kept in ``written``)."""
        from .writing import write_files

        self.written = write_files(self, Path(output))
        return list(self.written)

    def summary(self, output) -> str:
        """The files written, one line (the command prints it on stderr)."""
        return tr(_("written: {paths}"), paths=", ".join(str(p) for p in self.written))
