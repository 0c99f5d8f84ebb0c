"""The import report: every row accounted for (imported, excluded, unclassified), for stderr."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from ... import model
from ...errors import quote_value
from .mapping import equipment_categories
from .records import Decision, first_value
from .vocabulary import DATE_FIELDS, DATE_LABELS, ITEMTYPES, REASONS, TABLE_ORDER, TYPE_TABLES, norm
from ...locale import render, tr

if TYPE_CHECKING:
    from .result import GlpiImport


def _compact(numbers: list[int], limit: int = 30) -> str:
    numbers = sorted(set(numbers))
    ranges: list[str] = []
    start = prev = None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            ranges.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    if start is not None:
        ranges.append(f"{start}" if start == prev else f"{start}-{prev}")
    if len(ranges) > limit:
        return ", ".join(ranges[:limit]) + f", … ({len(numbers)} lines)"
    return ", ".join(ranges)


def _lines_by_file(decisions: list[Decision]) -> str:
    by_file: dict[str, list[int]] = defaultdict(list)
    for d in decisions:
        by_file[d.row.file].append(d.row.line)
    parts = []
    for label, lines in by_file.items():
        word = "line" if len(lines) == 1 else "lines"
        parts.append(f"{label} {word} {_compact(lines)}")
    return "; ".join(parts)


def _counted(values: list[str], limit: int = 6) -> str:
    counts = Counter(values).most_common()
    shown = ", ".join(f"{v} ×{c}" if c > 1 else v for v, c in counts[:limit])
    if len(counts) > limit:
        shown += f", … ({len(counts)} values)"
    return shown


def _suggested_categories(itemtype: str | None) -> str:
    if itemtype in TYPE_TABLES:
        ordered = list(dict.fromkeys(TYPE_TABLES[itemtype].values()))
        return ", ".join(ordered + ["exclude"])
    return "laptop, desktop, monitor, printer, … or exclude (see `sobriete factors list`)"


def _guess_category(key: str, itemtype: str | None, factors) -> str | None:
    """A likely category for a misspelt type ('Portabel' → laptop), or None."""
    import difflib

    names: dict[str, str] = {}
    for list_id in ((itemtype,) if itemtype in TYPE_TABLES else TABLE_ORDER):
        for name, category in TYPE_TABLES[list_id].items():
            names.setdefault(name, category)
    for category in equipment_categories(factors):
        for name in (category, *factors.profiles[category].aliases):
            names.setdefault(norm(name), category)
    match = difflib.get_close_matches(norm(key), list(names), n=1, cutoff=0.75) if key else []
    return names[match[0]] if match else None


def mapping_suggestions(result: GlpiImport, factors) -> list[tuple[str, int, str]]:
    """For each unclassified value: the --map-type option to add, its row count, and a hint."""
    groups: dict[str, list[Decision]] = {}
    for d in result.unclassified:
        groups.setdefault(norm(d.key), []).append(d)
    suggestions = []
    for _, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        key = members[0].key
        itemtypes = {m.row.itemtype for m in members}
        itemtype = next(iter(itemtypes)) if len(itemtypes) == 1 else None
        guess = _guess_category(key, itemtype, factors)
        hint = (tr("probably {category}", category=guess) if guess else
                tr("one of: {categories}", categories=_suggested_categories(itemtype)))
        suggestions.append((f'--map-type "{key}=CATEGORY"', len(members), hint))
    return suggestions


def format_report(result: GlpiImport, factors, max_rows_per_file: int = 20) -> list[str]:
    """The import report, one string per line, for stderr.

    File names and cell values go into it as read: each line is made one line of printable text
    (``one_line``), so a line break or a terminal escape sequence in them is shown, not obeyed.
    """
    from ...io.writers import one_line

    return [one_line(line) for line in _report_lines(result, factors, max_rows_per_file)]


def _report_lines(result: GlpiImport, factors, max_rows_per_file: int) -> list[str]:
    out = [tr("GLPI import — reporting year {year}", year=str(result.year))]
    out += _files_read(result)
    out += _imported(result)
    out += _excluded(result)
    out += _unclassified(result, factors, max_rows_per_file)
    if result.notes:
        out.append(tr("Notes:"))
        out.extend(f"  {render(note)}" for note in result.notes)
    out.append(tr("Total: {rows} rows = {imported} imported + {excluded} excluded + {unclassified} unclassified",
                  rows=len(result.decisions), imported=len(result.imported), excluded=len(result.excluded),
                  unclassified=len(result.unclassified)))
    return out


def _files_read(result: GlpiImport) -> list[str]:
    total_rows = sum(i.rows for i in result.files)
    out = [tr("Read {files} file(s), {rows} rows:", files=len(result.files), rows=total_rows)]
    for info in result.files:
        listed = ITEMTYPES.get(info.itemtype, "list unknown")
        origin = f" (from {info.itemtype_from})" if info.itemtype and info.itemtype_from else ""
        dates = f", dates {info.date_format}" if info.date_format else ""
        rows = f"{info.rows} row{'s' if info.rows != 1 else ''}"
        out.append(f"  {info.label}: {info.kind}; {listed}{origin}; {rows}{dates}")
        if info.columns_used and not info.kind.startswith("glpi-agent"):
            out.append("    " + tr("columns used: {columns}", columns=", ".join(info.columns_used)))
    return out


def _imported(result: GlpiImport) -> list[str]:
    """Imported assets per category, how they were classified, where their purchase year comes from."""
    imported = result.imported
    out = [tr("Imported: {assets} assets → {lines} inventory lines", assets=len(imported), lines=result.line_count)
           + ("" if result.keep_assets else tr(" (identical assets merged)"))]
    for (section, category), count in sorted(result.imported_by_category().items(),
                                             key=lambda kv: (model.SECTIONS.index(kv[0][0]), -kv[1], kv[0][1])):
        out.append(f"  {section:8} {category:24} {count:5}")
    by_model = [d for d in imported if d.how.startswith("model")]
    if by_model:
        out.append("  " + tr("classified from the model ({count}): ", count=len(by_model))
                   + _counted([f"{d.how} → {d.category}" for d in by_model], limit=8))
    by_list = [d for d in imported if d.how.endswith("no Type")]
    if by_list:
        out.append("  " + tr("classified from the list, no Type ({count}): ", count=len(by_list))
                   + _counted([f"{ITEMTYPES[d.row.itemtype]} → {d.category}" for d in by_list]))
    mapped = [d for d in imported if d.how.startswith("mapping")]
    if mapped:
        out.append("  " + tr("classified by your mapping ({count}): ", count=len(mapped))
                   + _counted([f"{d.key!r} → {d.category}" for d in mapped], limit=8))
    if imported:
        sources = Counter(d.year_from for d in imported)
        parts = [f"{DATE_LABELS[f]} {sources[f]}" for f in DATE_FIELDS if sources.get(f)]
        parts.append(tr("unknown {count}", count=sources.get(None, 0)))
        out.append("  " + tr("purchase year from: {sources}", sources=", ".join(parts)))
    return out


def _excluded(result: GlpiImport) -> list[str]:
    excluded = result.excluded_by_reason()
    out = [tr("Excluded: {rows} rows:", rows=len(result.excluded)) if excluded else
           tr("Excluded: {rows} rows", rows=len(result.excluded))]
    for reason, members in excluded.items():
        label = REASONS[reason].replace("the reporting year", str(result.year))
        out.append(f"  {label} ({len(members)}): {_lines_by_file(members)}")
        out.append(f"    {_counted([m.detail for m in members])}")
    return out


def _unclassified(result: GlpiImport, factors, max_rows_per_file: int) -> list[str]:
    """Each unclassified row (at most ``max_rows_per_file`` per file), then the options to add."""
    unclassified = result.unclassified
    out = [tr("Unclassified: {rows} rows", rows=len(unclassified)) + (tr(" (not written):") if unclassified else "")]
    shown: Counter = Counter()
    hidden: Counter = Counter()
    for d in unclassified:
        if shown[d.row.file] >= max_rows_per_file:
            hidden[d.row.file] += 1
            continue
        shown[d.row.file] += 1
        out.append(f"  {d.row.where}: {_unclassified_row(d)}")
    for label, count in hidden.items():
        out.append(f"  {label}: " + tr("… and {count} more unclassified row(s)", count=count))
    if unclassified:
        out.append("  " + tr("To classify them, add these options (or put 'TYPE: category' lines in a --mapping "
                             "file); the key is the Type, or the Model when the Type is empty; "
                             "'exclude' leaves a type out on purpose:"))
        for option, count, hint in mapping_suggestions(result, factors):
            rows = (tr("{count} rows; {hint}", count=count, hint=hint) if count > 1 else
                    tr("{count} row; {hint}", count=count, hint=hint))
            out.append(f"    {option}   ({rows})")
    return out


def _unclassified_row(d: Decision) -> str:
    kind = first_value(d.row.get("type"))
    model_value = first_value(d.row.get("model"))
    what = f"Type {quote_value(kind)}" if kind else "no Type"
    extra = [f"model {quote_value(model_value)}" if model_value and kind else
             (f"Model {quote_value(model_value)}" if model_value else "no Model")]
    if d.row.get("manufacturer"):
        extra.append(f"manufacturer {quote_value(first_value(d.row.get('manufacturer')))}")
    if d.row.get("name"):
        extra.append(f"name {quote_value(first_value(d.row.get('name')))}")
    listed = ITEMTYPES.get(d.row.itemtype, "list unknown")
    return f"{what} ({', '.join(extra)}; {listed})"
