"""The whole import: files → tables → inventory lines and allocation table, with the report's material."""

from __future__ import annotations

from ... import model
from ...errors import InputErrors, error
from ...io.problems import Problems
from .conventions import LIFESPAN_MODES
from .formats import KINDS
from .lines import build_inventory, note_past_lifespan, physical_lines, read_datacentres
from .reading import Table, read_file
from .result import NumecoevalImport
from .virtual import allocation_table
from ...locale import Message, _


def read_numecoeval(paths, factors, *, year: int, lifespan: str = "reel", type_map: dict | None = None,
                    labels: list | None = None) -> NumecoevalImport:
    """Read NumÉcoÉval CSV files (any order, any subset) into a validated sobriete inventory."""
    if lifespan not in LIFESPAN_MODES:
        raise ValueError(f"lifespan must be one of {LIFESPAN_MODES}")
    if not (model.YEAR_MIN <= int(year) <= model.YEAR_MAX):
        raise InputErrors([error(_("must be an integer year from {low} to {high}"), low=str(model.YEAR_MIN), high=str(model.YEAR_MAX),
                                 column="--year", value=year)])
    problems = Problems()
    notes: list[str] = []
    tables = _read_tables(paths, labels, problems, notes)
    _raise_sorted(problems)
    if not tables["physical"]:
        raise InputErrors([error(_("no physical equipment file among the files given"), path=", ".join(
            str(p) for p in paths), hint=_("give the equipementsPhysiques CSV (header nomEquipementPhysique;…;type;…)"))])
    datacentres = read_datacentres(tables["datacenters"], problems)
    excluded: list[tuple[str, str]] = []
    pieces = [physical_lines(table, datacentres, factors, year, lifespan, type_map, problems, excluded, notes)
              for table in tables["physical"]]
    _raise_sorted(problems)
    inventory = build_inventory(pieces, factors, year, problems)
    _raise_sorted(problems)
    names = _names_of(inventory)
    allocation = allocation_table(tables["virtual"], tables["applications"], names, problems, excluded, notes)
    _raise_sorted(problems)
    duplicates = {n: w for n, w in names.items() if n is not None and len(w) > 1}
    if duplicates and len(allocation):
        notes.append(Message(_("{count} equipment name(s) used by several lines: their virtual machines share the "
                               "footprint of all of them ({names})"),
                              count=len(duplicates), names=', '.join(list(duplicates)[:5])))
    note_past_lifespan(inventory, year, notes)
    inventory.notes = list(notes)
    file_order = {(labels[i] if labels else str(p)): i for i, p in enumerate(paths)}
    excluded.sort(key=lambda item: (file_order.get(item[0].rsplit(":", 1)[0], len(file_order)),
                                    int(item[0].rsplit(":", 1)[1])))
    return NumecoevalImport(inventory, allocation, _imported(inventory), excluded, notes,
                            {kind: [t.label for t in found] for kind, found in tables.items() if found})


def _read_tables(paths, labels, problems: Problems, notes: list) -> dict[str, list[Table]]:
    """Every file read (all tried before raising), by kind."""
    tables: dict[str, list[Table]] = {kind: [] for kind in KINDS}
    for index, path in enumerate(paths):
        label = labels[index] if labels else str(path)
        try:
            table = read_file(path, label)
        except InputErrors as exc:
            problems.extend(exc)
            continue
        tables[table.kind].append(table)
        notes.extend(table.notes)
        if table.ignored:
            notes.append(Message(_("{label}: column(s) not used by sobriete: {columns}"),
                                  label=label, columns=', '.join(table.ignored)))
    return tables


def _raise_sorted(problems: Problems) -> None:
    """Raise all problems, grouped by file in order of appearance, then by line."""
    if not problems:
        return
    first_seen: dict = {}
    for problem in problems:
        first_seen.setdefault(problem.path, len(first_seen))
    raise InputErrors(sorted(problems, key=lambda p: (first_seen[p.path], p.row or 0)))


def _names_of(inventory) -> dict:
    """Equipment name → the places of the lines bearing it (the hosts virtual machines name)."""
    names: dict = {}
    for section in ("devices", "hosting"):
        frame = inventory.sections[section]
        for position, name in enumerate(frame["name"].to_numpy(dtype=object)):
            names.setdefault(name, []).append(inventory.locations[section][position])
    return names


def _imported(inventory) -> dict[str, int]:
    """Lines imported per category, sorted by category."""
    import pandas as pd

    imported: dict[str, int] = {}
    for section in ("devices", "hosting"):
        for category, count in pd.Series(inventory.sections[section]["category"]).value_counts(sort=False).items():
            imported[str(category)] = imported.get(str(category), 0) + int(count)
    return dict(sorted(imported.items()))
