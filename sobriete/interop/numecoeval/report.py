"""The import report: what was imported, excluded (with its place) and assumed, one line each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...locale import render, tr
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
    lines.append(tr("imported {total} line(s) ({categories}) from {sources}", total=total,
                    categories=per_category or tr("none"), sources=sources))
    if len(result.allocation):
        vms = result.allocation[["host", "virtual_equipment"]].drop_duplicates()
        apps = result.allocation["application"].dropna().nunique()
        lines.append(tr("allocation: {vms} virtual machine(s) on {hosts} host(s), {apps} application(s)",
                        vms=len(vms), hosts=int(result.allocation['host'].nunique()), apps=int(apps)))
    if result.excluded:
        lines.append(tr("excluded {count} line(s):", count=len(result.excluded)))
        lines.extend(f"  {where}: {render(reason)}" for where, reason in result.excluded)
    lines.extend(tr("note: {note}", note=n) for n in result.notes)
    return [one_line(line) for line in lines]
