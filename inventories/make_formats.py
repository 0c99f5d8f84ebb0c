"""Regenerate the CSV and XLSX twins of an example inventory from its YAML (the YAML is the source).

    python inventories/make_formats.py inventories/ville-val-de-loire-2024.yaml

writes inventories/ville-val-de-loire-2024-csv/ (one CSV per section + organisation.csv) and
inventories/ville-val-de-loire-2024.xlsx. A test checks that the three load to identical frames.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sobriete.io.factor_files import load_factors
from sobriete.io.inventory import load_inventory
from sobriete.io.writers import write_inventory_csv, write_inventory_xlsx


def main(path: str) -> None:
    source = Path(path)
    inventory = load_inventory(source, load_factors())
    stem = source.with_suffix("")
    write_inventory_csv(inventory, Path(f"{stem}-csv"))
    write_inventory_xlsx(inventory, Path(f"{stem}.xlsx"))
    print(f"wrote {stem}-csv/ and {stem}.xlsx")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "inventories/ville-val-de-loire-2024.yaml")
