"""The whole import: files → rows → decisions → merged lines, and the notes about them."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import InputErrors, error
from ...io.problems import Problems
from ...text import allowed
from .decisions import decide_rows
from .mapping import TypeMapping
from .merging import merge_lines
from .reading import read_rows
from .records import FileInfo, Row, first_value
from .result import GlpiImport
from .vocabulary import DATE_FIELDS, ITEMTYPES, itemtype_of, norm
from ...locale import Message, _


def expand_paths(paths) -> list[Path]:
    """Files given on the command line; a folder stands for its .csv, .xlsx and .json files."""
    result: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            result.extend(sorted(p for p in path.iterdir()
                                 if p.is_file() and p.suffix.lower() in (".csv", ".xlsx", ".json")))
        else:
            result.append(path)
    return result


def import_glpi(paths, factors, *, year: int, itemtype: str | None = None,
                mapping: TypeMapping | None = None, keep_assets: bool = False) -> GlpiImport:
    """Read GLPI exports and agent JSON files, decide every row, merge lines. Nothing is written.

    Raises InputErrors for unreadable files (every file is tried before raising).
    """
    mapping = mapping or TypeMapping()
    if itemtype is not None and itemtype not in ITEMTYPES:
        resolved = itemtype_of(itemtype)
        if resolved is None:
            raise InputErrors([error(_("unknown --itemtype {itemtype!r}"), itemtype=itemtype, hint=allowed(ITEMTYPES))])
        itemtype = resolved
    files = expand_paths(paths)
    if not files:
        raise InputErrors([error(_("no file to import (the folders hold no .csv, .xlsx or .json file)"))])
    problems = Problems()
    rows: list[Row] = []
    infos: list[FileInfo] = []
    seen: dict = {}
    for path in files:
        label = str(path)
        try:
            resolved_path = path.resolve()
        except OSError:
            resolved_path = path
        if resolved_path in seen:
            problems.add(error(_("given twice (also as {other})"), other=seen[resolved_path], path=label))
            continue
        seen[resolved_path] = label
        try:
            file_rows, info = read_rows(path, label, itemtype)
        except InputErrors as exc:
            problems.extend(exc)
            continue
        rows.extend(file_rows)
        infos.append(info)
    problems.raise_if_any()
    digests: dict[str, str] = {}
    for info in infos:
        if info.sha256 in digests:
            problems.add(error(_("same content as {other}: the same export given twice"), other=digests[info.sha256],
                               path=info.label))
        digests.setdefault(info.sha256, info.label)
    problems.raise_if_any()
    decisions, notes, used = decide_rows(rows, year, factors, mapping)
    for info in infos:
        notes[:0] = info.notes
    lines = merge_lines(decisions, keep_assets)
    result = GlpiImport(year, infos, decisions, lines, notes, keep_assets, dict(mapping.entries),
                        factors=factors)
    result.unused_mappings = [raw for key, (raw, _, _) in mapping.entries.items() if key not in used]
    for raw in result.unused_mappings:
        result.notes.append(f"your mapping of {raw!r} was not used: no row left to classify has that "
                            "Type (or that Model when the Type is empty)")
    imported = result.imported
    unknown_year = [d for d in imported if d.purchase_year is None]
    if imported and unknown_year:
        has_dates = any(set(DATE_FIELDS) & set(d.row.values) for d in imported)
        hint = ("" if has_dates else ": add 'Date d'achat' (and 'Date de mise en service') to the GLPI "
                "view before exporting")
        result.notes.append(f"purchase year unknown for {len(unknown_year)} of {len(imported)} imported "
                            f"assets{hint}")
    stock = [d for d in imported if re.search(r"\bstock\b", norm(first_value(d.row.get("status"))))]
    if stock:
        result.notes.append(f"{len(stock)} asset(s) in stock are counted like the others (their status "
                            "says 'stock'); map them out in GLPI or change their status if they are spare")
    return result

