"""The import report: what was imported, excluded (with its place) and assumed, one line each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .formats import KIND_LABELS

if TYPE_CHECKING:
    from .result import NumecoevalImport


def import_report(result: NumecoevalImport) -> list[str]:
    """What was imported, excluded (with lines) and assumed: one line each, for stderr.

    File names and values are in it as read: each line is made one printable line (``one_line``).
    """
    from ...io.writers import one_line

    lines = []
    total = sum(result.imported.values())
    per_category = ", ".join(f"{c} {n}" for c, n in result.imported.items())
    sources = "; ".join(f"{KIND_LABELS[k]}: {', '.join(v)}" for k, v in result.files.items())
    lines.append(f"imported {total} line(s) ({per_category or 'none'}) from {sources}")
    if len(result.allocation):
        vms = result.allocation[["host", "virtual_equipment"]].drop_duplicates()
        apps = result.allocation["application"].dropna().nunique()
        lines.append(f"allocation: {len(vms)} virtual machine(s) on "
                     f"{result.allocation['host'].nunique()} host(s), {apps} application(s)")
    if result.excluded:
        lines.append(f"excluded {len(result.excluded)} line(s):")
        lines.extend(f"  {where}: {reason}" for where, reason in result.excluded)
    lines.extend(f"note: {n}" for n in result.notes)
    return [one_line(line) for line in lines]
