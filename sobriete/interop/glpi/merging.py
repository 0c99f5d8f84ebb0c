"""Merging identical imported assets into inventory lines with a quantity (GLPI.md §5.4)."""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path

from .records import Decision, first_value
from .vocabulary import NOTES_MAX_REFS


@functools.lru_cache(maxsize=1024)
def _basename(label: str) -> str:
    return Path(label).name


def _refs(decisions: list[Decision]) -> str:
    by_file: dict[str, list[int]] = defaultdict(list)
    for d in decisions:
        by_file[_basename(d.row.file)].append(d.row.line)
    parts, shown = [], 0
    for name, lines in by_file.items():
        room = NOTES_MAX_REFS - shown
        if room <= 0:
            break
        parts.append(f"{name}:{','.join(str(n) for n in lines[:room])}")
        shown += min(room, len(lines))
    total = len(decisions)
    more = f" and {total - shown} more" if total > shown else ""
    return "GLPI " + "; ".join(parts) + more


def merge_lines(decisions: list[Decision], keep_assets: bool) -> dict[str, list[dict]]:
    """Inventory lines per section: identical assets merged with a quantity (GLPI.md §5.4)."""
    groups: dict[tuple, list[Decision]] = {}
    for d in decisions:
        if d.outcome != "imported":
            continue
        key = (d.section, d.category, d.model, d.purchase_year, d.site, d.service)
        if keep_assets:
            key += (d.row.file, d.row.line)
        groups.setdefault(key, []).append(d)
    lines: dict[str, list[dict]] = {}
    for (section, category, model_text, purchase_year, site, service, *_), members in groups.items():
        names = {m.name for m in members}
        line = {"category": category, "quantity": len(members)}
        if purchase_year is not None:
            line["purchase_year"] = purchase_year
        if service:
            line["service"] = service
        if site:
            line["site"] = site
        if model_text:
            line["model"] = model_text
        if len(names) == 1 and None not in names:
            line["name"] = members[0].name
        notes = _refs(members)
        serial = first_value(members[0].row.get("serial"))
        if keep_assets and serial:
            notes += f", serial {serial}"
        line["notes"] = notes
        lines.setdefault(section, []).append(line)
    return lines

