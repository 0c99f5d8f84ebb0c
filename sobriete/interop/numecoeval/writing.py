"""Writing an import: the inventory (YAML, or XLSX), its sections as CSV beside a large YAML, and
the allocation table (``sidecar``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ... import model
from ...errors import InputErrors, error
from .sidecar import allocation_csv, allocation_path
from ...locale import _

if TYPE_CHECKING:
    from .result import NumecoevalImport

LARGE_IMPORT_LINES = 5000  # above this, sections go to CSV files next to the YAML (DESIGN §3)


def write_import(result: NumecoevalImport, output) -> list[Path]:
    """Write the inventory (YAML or XLSX) and, when there is one, its allocation table."""
    return result.write(output)


def write_files(result: NumecoevalImport, output: Path) -> list[Path]:
    from ...io.writers import atomic_write, write_inventory_xlsx

    written = [output]
    suffix = output.suffix.lower()
    inventory = result.inventory
    if suffix == ".xlsx":
        write_inventory_xlsx(inventory, output)
    elif suffix in (".yaml", ".yml"):
        if inventory.line_count > LARGE_IMPORT_LINES:
            written.extend(_write_large_yaml(inventory, output))
        else:
            atomic_write(output, result.inventory_text())
    else:
        raise InputErrors([error(_("the output must be a .yaml, .yml or .xlsx file"), column="--output",
                                 value=str(output))])
    if len(result.allocation):
        path = allocation_path(output)
        atomic_write(path, allocation_csv(result.allocation))
        written.append(path)
    return written


def _write_large_yaml(inventory, output: Path) -> list[Path]:
    """A YAML naming one CSV file per section (DESIGN §3); returns the CSV files."""
    from ...io.writers import atomic_write, csv_text, organisation_record, section_records, yaml_dump

    written = []
    document = {"organisation": organisation_record(inventory), "year": inventory.year,
                "imported_from": "numecoeval"}
    for section in ("devices", "hosting"):
        records = section_records(inventory, section, flat=True)
        if not records:
            continue
        present = set().union(*records)
        keys = [k for k in model.section_keys(section) if k in present]
        table = output.with_name(f"{output.stem}.{section}.csv")
        atomic_write(table, csv_text([keys] + [[r.get(k, "") for k in keys] for r in records]))
        written.append(table)
        document[section] = table.name
    atomic_write(output, yaml_dump(document))
    return written
