"""The result of a GLPI import: a decision for every row, the merged lines, and the report material.

It is an :class:`~sobriete.io.imports.ImportResult`: it gives its report, refuses to be written
while a row is unclassified, and writes the inventory YAML.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ...io.imports import ImportResult
from .vocabulary import REASONS
from ...locale import _, tr


@dataclass
class GlpiImport(ImportResult):
    """The result of an import: decisions for every row, inventory lines, report material."""

    year: int
    files: list
    decisions: list
    lines: dict  # section -> list of line mappings (inventory keys)
    notes: list
    keep_assets: bool = False
    mapping_sources: dict = field(default_factory=dict)  # normalised key -> (raw key, category, origin)
    unused_mappings: list = field(default_factory=list)
    factors: object = field(default=None, repr=False, compare=False)  # the factor set it was decided with

    too_large_hint = "drop --keep-assets so that identical assets are merged"

    def outcome(self, name: str) -> list:
        return [d for d in self.decisions if d.outcome == name]

    @property
    def imported(self) -> list:
        return self.outcome("imported")

    @property
    def excluded(self) -> list:
        return self.outcome("excluded")

    @property
    def unclassified(self) -> list:
        return self.outcome("unclassified")

    def imported_by_category(self) -> dict[tuple[str, str], int]:
        counts: Counter = Counter((d.section, d.category) for d in self.imported)
        return dict(counts)

    def excluded_by_reason(self) -> dict[str, list]:
        groups: dict[str, list] = {}
        for reason in REASONS:
            rows = [d for d in self.excluded if d.reason == reason]
            if rows:
                groups[reason] = rows
        return groups

    @property
    def line_count(self) -> int:
        return sum(len(v) for v in self.lines.values())

    # --- ImportResult: what the command prints and writes ---

    @property
    def report(self) -> list[str]:
        from .report import format_report

        return format_report(self, self.factors)

    @property
    def refusal(self) -> str | None:
        count = len(self.unclassified)
        if not count:
            return None
        if count > 1:
            return tr("nothing written: {count} unclassified rows; add the --map-type options above (or a --mapping "
                      "file) and run the command again", count=count)
        return tr("nothing written: {count} unclassified row; add the --map-type options above (or a --mapping "
                  "file) and run the command again", count=count)

    def inventory_text(self, *, generated_on: date) -> str:
        from .writing import inventory_text

        return inventory_text(self, self.factors, generated_on=generated_on)

    def summary(self, output) -> str:
        return tr(_("wrote {output}: {lines} lines for {assets} assets, year {year} "
                    "(check it with `sobriete validate {output}`)"), output=str(output), lines=self.line_count,
                  assets=len(self.imported), year=str(self.year))
