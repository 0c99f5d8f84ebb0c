"""Load an inventory (YAML, CSV, XLSX, a folder of CSV files) into a validated Inventory.

Every problem is collected before anything is reported (``InputErrors``), one per location:
``file:row: column: what is wrong (allowed: …)``. Columns are validated as whole arrays:
each distinct value of a column is parsed once (units, categories, countries, booleans).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from .. import model
from ..errors import (InputError, InputErrors, SchemaError, UnitError, UnknownCategoryError,
                      error, quote_value)
from ..notes import Note
from ..text import allowed, did_you_mean
from ..units import parse_column
from ..vocabulary import EXAMPLE_MARKER, choice_of, is_header_typo, organisation_key, section_of
from .problems import Problems
from .tables import HELP_SHEETS, RawTable, normalise_header, read_csv_table, read_xlsx
from .userfiles import file_problem
from .yamlsafe import LineDict, LineList, load_yaml_file
from ..locale import Message, _, tr

IGNORED_SHEETS = HELP_SHEETS
TABLE_SUFFIXES = (".csv", ".xlsx")
YAML_SUFFIXES = (".yaml", ".yml")


_Problems = Problems  # the one problem collector of the importers (io/problems.py)


def load_inventory(path, factors, *, year: int | None = None, strict: bool = False) -> model.Inventory:
    """Load and validate one inventory; raises InputErrors with every problem found.

    Columns of a CSV/XLSX table that are not inventory keys are ignored with a note, unless one
    looks like a typo of a key, or `strict` is true: then they are problems (DESIGN §3).
    """
    path = Path(path)
    label = str(path)
    try:
        is_folder = path.is_dir()
    except (OSError, ValueError):
        is_folder = False
    if is_folder:
        return _load_folder(path, factors, year, strict)
    problem = file_problem(path, label)
    if problem is not None:  # not found, a FIFO, a device…: said as it is, before any format check
        raise InputErrors([problem])
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return _load_yaml(path, factors, year, strict)
    if suffix == ".csv":
        return _load_bare_tables([read_csv_table(path, label)], factors, year, label, path.stem, strict)
    if suffix == ".xlsx":
        return _load_workbook(path, factors, year, strict)
    raise InputErrors([error(_("unknown inventory format {suffix!r}"), suffix=suffix or '(no extension)', path=label,
                             hint=_("allowed: .yaml, .yml, .csv, .xlsx or a folder of CSV files"))])


# --- organisation and year ---------------------------------------------------------------

def _parse_count(value) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        from ..units import parse_number

        number, unit = parse_number(str(value))
        if unit:
            raise ValueError
    if not math.isfinite(number) or number < 0:
        raise ValueError
    return number


def _parse_organisation(data, label: str, line_of, problems: _Problems) -> model.Organisation:
    organisation = model.Organisation()
    if data is None:
        return organisation
    if not isinstance(data, dict):
        problems.add(error(_("must be a mapping of name, kind, population, agents, country"),
                           path=label, row=line_of("organisation"), column="organisation", value=data,
                           kind=SchemaError))
        return organisation
    allowed_keys = ("name", "kind", "population", "agents", "country")
    for key, value in data.items():
        row = data.key_lines.get(key) if isinstance(data, LineDict) else line_of("organisation")
        if key not in allowed_keys:
            hint = did_you_mean(str(key), allowed_keys) or allowed(allowed_keys)
            problems.add(error(_("unknown key {key!r}"), key=key, path=label, row=row, column="organisation",
                               hint=hint, kind=SchemaError))
            continue
        if value is None:
            continue
        if isinstance(value, (dict, list)):
            problems.add(error(_("must be a single value, not a list or mapping"), path=label, row=row,
                               column=f"organisation.{key}", kind=SchemaError))
            continue
        if key == "name":
            organisation.name = str(value)
        elif key == "kind":
            kind = choice_of("kind", value)
            if kind is None:
                problems.add(error(_("unknown kind"), path=label, row=row, column="organisation.kind",
                                   value=value, hint=(did_you_mean(str(value), model.ORGANISATION_KINDS)
                                                      or allowed(model.ORGANISATION_KINDS))))
            else:
                organisation.kind = kind
        elif key in ("population", "agents"):
            try:
                setattr(organisation, key, _parse_count(value))
            except ValueError:
                problems.add(error(_("must be a number ≥ 0"), path=label, row=row,
                                   column=f"organisation.{key}", value=value))
        elif key == "country":
            code = _country_code(value)
            if code is None:
                problems.add(error(_("unknown country code"), path=label, row=row,
                                   column="organisation.country", value=value,
                                   hint=_("ISO 3166-1 alpha-2, e.g. FR, DE, BE")))
            else:
                organisation.country = code
    return organisation


def _country_code(value) -> str | None:
    code = str(value).strip().upper()
    code = model.COUNTRY_ALIASES.get(code, code)
    return code if code in model.ISO_COUNTRIES else None


def _parse_year(value, label: str, row, problems: _Problems, column: str = "year") -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not (model.YEAR_MIN <= value <= model.YEAR_MAX):
        problems.add(error(_("must be an integer year from {low} to {high}"), low=str(model.YEAR_MIN), high=str(model.YEAR_MAX),
                           path=label, row=row, column=column, value=value))
        return None
    return value


def _resolve_year(file_year, cli_year, label, problems, row=None,
                  hint=_("add 'year: 2024' to the inventory or give --year")) -> int | None:
    if file_year is None and cli_year is None:
        problems.add(error(_("the reporting year is missing"), path=label, row=row, column="year",
                           hint=hint))
        return None
    if file_year is not None and cli_year is not None and file_year != cli_year:
        problems.add(error(_("the inventory says year {file_year} but --year says {cli_year}"), file_year=str(file_year), cli_year=str(cli_year),
                           path=label, row=row, column="year"))
        return None
    return file_year if file_year is not None else cli_year


# --- YAML -----------------------------------------------------------------------------------

def _yaml_section_table(items: list, label: str, section: str, problems: _Problems) -> RawTable | None:
    """A YAML list of line mappings as a raw table (nested `ecoindex` flattened to dotted keys)."""
    import pandas as pd

    records, rows, key_lines = [], [], []
    for position, item in enumerate(items):
        row = getattr(item, "line", None)
        if row is None and isinstance(items, LineList):
            row = items.item_lines[position]
        if not isinstance(item, dict):
            problems.add(error(_("each line must be a mapping of keys and values (key: value)"), path=label,
                               row=row, column=section, value=item, kind=SchemaError))
            continue
        record, lines = {}, {}
        item_lines = item.key_lines if isinstance(item, LineDict) else {}
        for key, value in item.items():
            if key == "ecoindex" and isinstance(value, dict):
                for sub, sub_value in value.items():
                    if sub not in ("dom", "requests", "size"):
                        problems.add(error(_("unknown key {key!r}"), key=sub, path=label,
                                           row=value.key_lines.get(sub) if isinstance(value, LineDict) else row,
                                           column="ecoindex", kind=SchemaError,
                                           hint=did_you_mean(str(sub), ("dom", "requests", "size"))
                                           or "allowed: dom, requests, size"))
                        continue
                    record[f"ecoindex.{sub}"] = sub_value
                    sub_lines = value.key_lines if isinstance(value, LineDict) else {}
                    lines[f"ecoindex.{sub}"] = sub_lines.get(sub, item_lines.get(key, row))
                continue
            if key == "covers" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = ", ".join(value)  # the same text as a CSV cell: "email, video_conference"
            if isinstance(value, (dict, list)):
                problems.add(error(_("must be a single value, not a list or mapping"), path=label,
                                   row=item.key_lines.get(key, row) if isinstance(item, LineDict) else row,
                                   column=str(key)))
                continue
            if isinstance(value, float) and math.isnan(value):
                # YAML's .nan would otherwise look like an absent key (and take the default).
                if key in model.KINDS or key == "purchase_year":
                    problems.add(error(_("must be a finite number"), path=label, column=str(key),
                                       row=item_lines.get(key, row), value=value))
                    continue
                value = "nan"
            record[str(key)] = value
            lines[str(key)] = item_lines.get(key, row)
        records.append(record)
        key_lines.append(lines)
        rows.append(row if row is not None else position + 1)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame = frame.astype(object) if len(frame.columns) else frame
    cell_rows = {column: np.array([lines.get(column) or 0 for lines in key_lines], dtype=int)
                 for column in frame.columns}
    return RawTable(frame, np.asarray(rows, dtype=int), label, 0, cell_rows=cell_rows)


def _load_yaml(path: Path, factors, cli_year, strict=False) -> model.Inventory:
    label = str(path)
    data = load_yaml_file(path, label)
    problems = _Problems([])
    if not isinstance(data, dict):
        raise InputErrors([error(_("an inventory must be a mapping with 'year' and sections "
                                   "(devices, hosting, services, purchases, retired)"), path=label, kind=SchemaError)])

    def line_of(key):
        return data.key_lines.get(key) if isinstance(data, LineDict) else None

    if "baseline" in data and ("objectives" in data or "actions" in data) and not set(data) & set(model.ALL_SECTIONS):
        raise InputErrors([error(_("this is a scenario file, not an inventory"), path=label, kind=SchemaError,
                                 hint=Message(_("run: sobriete scenario {label}"), label=label))])
    for key in data:
        if key not in model.TOP_LEVEL_KEYS:
            problems.add(error(_("unknown key {key!r}"), key=key, path=label, row=line_of(key), kind=SchemaError,
                               hint=did_you_mean(str(key), model.TOP_LEVEL_KEYS) or allowed(model.TOP_LEVEL_KEYS)))
    organisation = _parse_organisation(data.get("organisation"), label, line_of, problems)
    file_year = None
    if data.get("year") is not None:
        file_year = _parse_year(data["year"], label, line_of("year"), problems)
    if data.get("year") is not None and file_year is None:
        year = None  # already reported: not an integer year in range
    else:
        year = _resolve_year(file_year, cli_year, label, problems,
                             row=line_of("year") or getattr(data, "line", None) or 1)
    raw: dict[str, RawTable] = {}
    for section in model.ALL_SECTIONS:
        value = data.get(section)
        if value is None:
            continue
        if isinstance(value, list):
            table = _yaml_section_table(value, label, section, problems)
            if table is not None:
                raw[section] = table
        elif isinstance(value, str):
            target = (path.parent / value)
            shown = str(target)
            if target.suffix.lower() not in TABLE_SUFFIXES:
                problems.add(error(_("a section given as a file must be a .csv or .xlsx file"), path=label,
                                   row=line_of(section), column=section, value=value))
            elif (problem := file_problem(target, shown)) is not None and problem.message == "file not found":
                problems.add(error(_("referenced file not found"), path=label, row=line_of(section),
                                   column=section, value=value,
                                   hint=Message(_("looked for {shown}"), shown=shown) if shown != value else
                                   _("a relative path is read from the YAML file's folder")))
            elif problem is not None:  # a folder, a FIFO, a device: what it is, where it is named
                problems.add(error(_("the referenced path {problem}"), problem=Message(problem.message), path=label, row=line_of(section),
                                   column=section, value=value))
            else:
                try:
                    raw[section] = _read_section_file(target, shown, section)
                except InputErrors as exc:
                    problems.items.extend(exc.problems)
        else:
            problems.add(error(_("a section must be a list of lines or the path of a CSV/XLSX file"),
                               path=label, row=line_of(section), column=section, value=value,
                               kind=SchemaError))
    imported_from = data.get("imported_from")
    if imported_from is not None and imported_from not in model.IMPORT_TOOLS:
        problems.add(error(_("unknown import tool"), path=label, row=line_of("imported_from"), column="imported_from",
                           value=imported_from, hint=allowed(model.IMPORT_TOOLS)))
        imported_from = None
    inventory = _finish(raw, organisation, year, factors, problems, label, strict=strict)
    inventory.imported_from = imported_from
    return inventory


def load_inventory_data(data, factors, *, year: int | None = None, strict: bool = False,
                        label: str = "<inventory>") -> model.Inventory:
    """Load and validate an inventory given as a mapping like the YAML file (the Python API).

    Sections may be lists of mappings (read like YAML lines: every key must be known), pandas
    DataFrames (read like CSV tables: French headers accepted, unknown columns ignored with a
    note unless `strict`; rows are numbered as in a CSV export, the header being row 1), or the
    path of a CSV/XLSX file. Messages name the section: ``devices:3: quantity: …``.
    """
    import pandas as pd

    problems = _Problems([])
    if not isinstance(data, dict):
        raise InputErrors([error(_("an inventory must be a mapping with 'year' and sections "
                                 "(devices, hosting, services, purchases, retired)"), path=label, kind=SchemaError)])
    for key in data:
        if key not in model.TOP_LEVEL_KEYS:
            problems.add(error(_("unknown key {key!r}"), key=key, path=label, kind=SchemaError,
                               hint=did_you_mean(str(key), model.TOP_LEVEL_KEYS) or allowed(model.TOP_LEVEL_KEYS)))
    organisation = _parse_organisation(data.get("organisation"), label, lambda key: None, problems)
    file_year = _parse_year(data["year"], label, None, problems) if data.get("year") is not None else None
    resolved = None if (data.get("year") is not None and file_year is None) else _resolve_year(
        file_year, year, label, problems, hint="give 'year': 2024 in the mapping or year=2024")
    raw: dict[str, RawTable] = {}
    for section in model.ALL_SECTIONS:
        value = data.get(section)
        if value is None:
            continue
        if isinstance(value, pd.DataFrame):
            frame = value.reset_index(drop=True).astype(object).where(value.reset_index(drop=True).notna(), None)
            try:
                _check_duplicate_columns_of(list(frame.columns), section)
            except InputErrors as exc:
                problems.items.extend(exc.problems)
                continue
            frame.columns = [normalise_header(c) for c in frame.columns]
            raw[section] = RawTable(frame, np.arange(len(frame), dtype=np.int64) + 2, section, 1)
        elif isinstance(value, (list, tuple)):
            raw[section] = _yaml_section_table(list(value), section, section, problems)
        elif isinstance(value, (str, Path)) and Path(value).suffix.lower() in TABLE_SUFFIXES:
            target = Path(value)
            problem = file_problem(target, str(target))
            if problem is not None:
                problems.add(problem)
                continue
            try:
                raw[section] = _read_section_file(target, str(target), section)
            except InputErrors as exc:
                problems.items.extend(exc.problems)
        else:
            problems.add(error(_("a section must be a list of mappings, a pandas DataFrame or the path of a "
                               "CSV/XLSX file"), path=label, column=section, value=type(value).__name__,
                               kind=SchemaError))
    imported_from = data.get("imported_from")
    inventory = _finish(raw, organisation, resolved, factors, problems, label, strict=strict)
    inventory.imported_from = imported_from if imported_from in model.IMPORT_TOOLS else None
    return inventory


def _check_duplicate_columns_of(columns, label):
    from .tables import _check_duplicate_columns

    _check_duplicate_columns([str(c) for c in columns], label, 1)


def _read_section_file(path: Path, label: str, section: str) -> RawTable:
    if path.suffix.lower() == ".csv":
        table = read_csv_table(path, label)
    else:
        sheets = read_xlsx(path, label)
        usable = {k: v for k, v in sheets.items() if k not in IGNORED_SHEETS}
        named = [v for k, v in usable.items() if _section_name(k) == section]
        table = named[0] if named else next(iter(usable.values()), None)
        if table is None:
            raise InputErrors([error(_("the workbook has no sheet"), path=label)])
    if "section" in table.frame.columns:
        table.frame = table.frame.drop(columns=["section"])
    return table


# --- tables ---------------------------------------------------------------------------------

def _split_by_section(table: RawTable, factors, problems: _Problems) -> dict[str, RawTable]:
    """A bare table: rows go to the section named in a `section` column, else their category's."""
    frame = table.frame
    if "section" in frame.columns:
        names = frame["section"].astype(object).where(frame["section"].notna(), None)
        target = np.array([_section_name(n) if n is not None else "" for n in
                           pd_unique_map(names)], dtype=object)
    elif "category" in frame.columns:
        categories = frame["category"]
        mapping = {}
        codes, uniques = _factorize(categories)
        for k, name in enumerate(uniques):
            profile_id = factors.category_of(str(name))
            mapping[k] = factors.profiles[profile_id].section if profile_id else "devices"
        target = np.array([mapping.get(c, "devices") for c in range(len(uniques))] + ["devices"],
                          dtype=object)[np.where(codes < 0, len(uniques), codes)]
    else:
        problems.add(error(_("missing column (each line needs a category)"), path=table.label,
                           row=table.header_row, column="category", kind=SchemaError))
        return {}
    result = {}
    for section in np.unique(target):
        if section not in model.ALL_SECTIONS:
            for position in np.flatnonzero(target == section)[:20]:
                problems.add(error(_("unknown section"), path=table.label, row=int(table.rows[position]),
                                   column="section", value=section,
                                   hint=did_you_mean(section, model.ALL_SECTIONS) or allowed(model.ALL_SECTIONS)))
            continue
        mask = target == section
        sub = table.frame.loc[mask].drop(columns=["section"], errors="ignore").reset_index(drop=True)
        result[section] = RawTable(sub, table.rows[mask], table.label, table.header_row, list(table.notes))
    return result


def _section_name(name) -> str:
    """The section a sheet, file stem or `section` cell names, in English or French; else the name
    lower-cased (reported as unknown by the caller)."""
    return section_of(name) or str(name).strip().lower()


def pd_unique_map(series):
    """Values of a column of strings, mapped per distinct value (fast for repeated values)."""
    codes, uniques = _factorize(series)
    values = np.array(list(uniques) + [None], dtype=object)
    return values[np.where(codes < 0, len(uniques), codes)]


def _factorize(series):
    """(codes, -1 where missing; distinct values) of a raw column. A column from the columnar CSV
    reader is already codes (a Categorical): taken as they are, never hashed again. Its values may
    include some no line uses any more (blank records dropped, lines of another section)."""
    import pandas as pd

    dtype = getattr(series, "dtype", None)
    if isinstance(dtype, pd.CategoricalDtype):
        return np.asarray(series.array.codes, dtype=np.intp), np.asarray(dtype.categories, dtype=object)
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "python":
        return pd.factorize(np.asarray(series.array), use_na_sentinel=True)
    return pd.factorize(series, use_na_sentinel=True)


def _parse_key_value_table(table: RawTable, problems: _Problems):
    """An `organisation` sheet/CSV of key,value rows → a LineDict."""
    data = LineDict()
    data.line = table.header_row
    data.key_lines = {}
    frame = table.frame
    columns = list(frame.columns)
    if len(columns) < 2:
        problems.add(error(_("the organisation table needs two columns: key, value"), path=table.label,
                           row=table.header_row, kind=SchemaError))
        return data
    key_col, value_col = ("key", "value") if {"key", "value"} <= set(columns) else (columns[0], columns[1])
    for position in range(len(frame)):
        key = frame[key_col].iloc[position]
        value = frame[value_col].iloc[position]
        if key is None or (isinstance(key, float) and math.isnan(key)):
            continue
        if isinstance(value, float) and math.isnan(value):
            value = None
        key = organisation_key(key)  # `année` → year, `nom` → name (sobriete/vocabulary.py)
        row = int(table.rows[position])
        if key in data.key_lines:
            problems.add(error(_("duplicate key {key!r} (first on line {line})"), key=key, line=data.key_lines[key],
                               path=table.label, row=row, column=key_col, kind=SchemaError))
            continue
        data[key] = value
        data.key_lines[key] = row
    return data


def _organisation_from_table(table: RawTable | None, cli_year, problems, label):
    if table is None:
        return model.Organisation(), _resolve_year(None, cli_year, label, problems,
                                                   hint=_("add organisation.csv with a row 'year,2024' or give --year"))
    data = _parse_key_value_table(table, problems)
    year_value = data.pop("year", None)
    year_row = data.key_lines.pop("year", None)
    organisation = _parse_organisation(data, table.label, lambda key: table.header_row, problems)
    if year_value is not None:
        file_year = _parse_year(year_value, table.label, year_row, problems)
        if file_year is None:
            return organisation, None  # already reported
    else:
        file_year = None
    return organisation, _resolve_year(file_year, cli_year, table.label, problems,
                                       row=year_row or table.header_row,
                                       hint=_("fill the value of the row 'year' (année), e.g. 2024, or give --year")
                                       if year_row else _("add a row 'year,2024' or give --year"))


def _load_bare_tables(tables, factors, cli_year, label, stem, strict=False) -> model.Inventory:
    problems = _Problems([])
    raw: dict[str, RawTable] = {}
    for table in tables:
        if _section_name(stem) in model.ALL_SECTIONS and "section" not in table.frame.columns:
            raw[_section_name(stem)] = table
        else:
            raw.update(_split_by_section(table, factors, problems))
    year = _resolve_year(None, cli_year, label, problems, hint=_("a bare table needs --year, e.g. --year 2024"))
    notes = [n for t in tables for n in t.notes]
    return _finish(raw, model.Organisation(), year, factors, problems, label, notes, strict=strict)


def _load_workbook(path: Path, factors, cli_year, strict=False) -> model.Inventory:
    label = str(path)
    sheets = read_xlsx(path, label)
    problems = _Problems([])
    raw: dict[str, RawTable] = {}
    named = {name: _section_name(name) for name in sheets}  # `Équipements` → devices (vocabulary.py)
    organisation_table = next((sheets[n] for n in sheets if named[n] == "organisation"), None)
    for name, table in sheets.items():
        if named[name] == "organisation" or name in IGNORED_SHEETS:
            continue
        if named[name] in model.ALL_SECTIONS:
            if named[name] in raw and len(table.frame.columns):
                problems.add(error(_("a second sheet for section {section!r}"), section=named[name], path=table.label,
                                   row=table.header_row, kind=SchemaError, hint=_("merge the two sheets")))
            elif len(table.frame.columns):
                raw[named[name]] = table
        elif len(sheets) == 1 or (organisation_table is None and len(sheets) - sum(
                s in IGNORED_SHEETS for s in sheets) == 1):
            raw.update(_split_by_section(table, factors, problems))
        elif not len(table.frame.columns):
            continue  # an empty sheet, such as the Feuil2/Feuil3 a new workbook comes with
        else:
            problems.add(error(_("unknown sheet"), path=table.label, row=table.header_row, kind=SchemaError,
                               hint=did_you_mean(name, model.ALL_SECTIONS + ("organisation",))
                               or allowed(model.ALL_SECTIONS + ("organisation",))))
    organisation, year = _organisation_from_table(organisation_table, cli_year, problems, label)
    return _finish(raw, organisation, year, factors, problems, label, strict=strict)


def _load_folder(path: Path, factors, cli_year, strict=False) -> model.Inventory:
    """A folder with organisation.csv (key,value rows, `year` among them) and one CSV per section."""
    label = str(path)
    problems = _Problems([])
    raw: dict[str, RawTable] = {}
    organisation_table = None
    try:
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in TABLE_SUFFIXES)
    except OSError as exc:
        raise InputErrors([error(_("cannot read the folder: {problem}"), problem=exc.strerror or type(exc).__name__,
                                 path=label)]) from exc
    if not files:
        raise InputErrors([error(_("the folder holds no CSV or XLSX file"), path=label)])
    for file in files:
        stem = _section_name(file.stem)
        try:
            if stem == "organisation":
                organisation_table = (read_csv_table(file, str(file)) if file.suffix.lower() == ".csv"
                                      else next(iter(read_xlsx(file, str(file)).values())))
            elif stem in model.ALL_SECTIONS:
                if stem in raw:
                    problems.add(error(_("a second file for section {section!r}"), section=stem, path=str(file), kind=SchemaError,
                                       hint=_("merge the two files")))
                    continue
                raw[stem] = _read_section_file(file, str(file), stem)
            else:
                problems.add(error(_("unexpected file in an inventory folder"), path=str(file),
                                   hint=did_you_mean(file.stem, ("organisation",) + model.ALL_SECTIONS)
                                   or "allowed: organisation, devices, hosting, services, purchases, retired "
                                      "(.csv/.xlsx)"))
        except InputErrors as exc:
            problems.items.extend(exc.problems)
    organisation, year = _organisation_from_table(organisation_table, cli_year, problems, label)
    return _finish(raw, organisation, year, factors, problems, label, strict=strict)


# --- building canonical sections --------------------------------------------------------------

def _finish(raw, organisation, year, factors, problems: _Problems, label, notes=(), strict=False) -> model.Inventory:
    sections, locations = {}, {}
    for section in model.ALL_SECTIONS:
        table = raw.get(section)
        frame, rows = build_section(table, section, factors, year, organisation.country, problems, strict=strict)
        sections[section] = frame
        locations[section] = rows
    cover_notes = check_covers(sections, locations, label, problems)
    if problems.items:
        raise InputErrors(_in_file_order(problems.items))
    all_notes = list(notes) + cover_notes
    for table in raw.values():
        all_notes.extend(n for n in table.notes if n not in all_notes)
    return model.Inventory(organisation=organisation, year=year, sections=sections,
                           locations=locations, source=label, notes=all_notes)


def _in_file_order(items: list) -> list:
    """Problems grouped by file (in order of first appearance), then by row; stable otherwise."""
    first_seen: dict = {}
    for problem in items:
        first_seen.setdefault(problem.path, len(first_seen))
    return sorted(items, key=lambda p: (first_seen[p.path], p.row or 0))


def build_section(table: RawTable | None, section: str, factors, year, default_country, problems: _Problems,
                  *, strict: bool = False):
    """Validate one raw section and return (canonical DataFrame, source rows as 'file:row')."""
    import pandas as pd

    keys = model.section_keys(section)
    if table is None:
        table = RawTable(pd.DataFrame(), np.array([], dtype=int), "", 0)
    frame = table.frame
    n = len(frame)
    label = table.label
    rows = table.rows

    def located(position, column=None):
        if table.cell_rows and column in table.cell_rows and table.cell_rows[column][position]:
            return int(table.cell_rows[column][position])
        return int(rows[position]) if len(rows) else None

    def located_in(column):
        return lambda position: located(position, column)

    def report(positions, message, column, values=None, hint=None, kind=InputError):
        for index, position in enumerate(positions):
            value = ... if values is None else values[index]
            problems.add(error(message, path=label, row=located(position, column), column=column,
                               value=value, hint=hint, kind=kind))

    # Unknown columns: one message per column, at the first row that uses it. A table (CSV/XLSX)
    # may carry columns of its own (`prix`, `commentaire`): ignored with one note, unless one looks
    # like a typo of a key (`lifspan`) or --strict is given (DESIGN §3). In YAML every key counts.
    ignored = []
    for column in frame.columns:
        if column not in keys:
            present = frame[column].notna().to_numpy()
            if n and not present.any() and table.header_row:
                continue  # an empty extra column of a spreadsheet; in YAML even `key:` is reported
            typo = is_header_typo(str(column), keys) if table.header_row else None
            if table.header_row and not strict and typo is None:
                ignored.append(str(column))
                continue
            first = int(np.argmax(present)) if n else None
            row = table.header_row if table.header_row else (located(first, column) if first is not None else None)
            hint = (Message(_("did you mean {name!r}?"), name=typo) if typo else did_you_mean(str(column), keys)) \
                or allowed(keys, limit=40)
            if strict and typo is None and table.header_row:
                hint = Message(_("{hint}; --strict refuses columns that are not inventory keys"), hint=hint)
            problems.add(error(_("unknown key {key!r}"), key=column, path=label, row=row,
                               column=section, kind=SchemaError, hint=hint))
    if ignored:
        note = Note("ignored_columns", file=label, columns=", ".join(repr(c) for c in ignored))
        if note not in table.notes:
            table.notes.append(note)
    if n and "notes" in frame.columns:
        marked = (frame["notes"].astype(object).map(lambda v: isinstance(v, str) and v.strip() == EXAMPLE_MARKER)
                  .to_numpy(bool))
        report(np.flatnonzero(marked), _("this is the template's example line"), "notes", kind=SchemaError,
               hint=_("replace it with your own data or delete it"))

    columns: dict[str, object] = {}

    def raw_column(key):
        return frame[key] if key in frame.columns else pd.Series([None] * n, dtype=object)

    # Category (required), mapped through ids and aliases.
    category = np.full(n, None, dtype=object)
    if n and "category" not in frame.columns and not table.header_row:
        # YAML lines (no header): each line lacks its category.
        report(range(n), _("missing category"), "category", kind=SchemaError)
    elif n and "category" not in frame.columns:
        problems.add(error(_("missing column (each line needs a category)"), path=label, row=table.header_row,
                           column="category", kind=SchemaError))
    elif n:
        codes, uniques = _factorize(frame["category"])
        mapped = np.empty(len(uniques) + 1, dtype=object)
        mapped[-1] = None
        for k, name in enumerate(uniques):
            text = str(name).strip()
            profile_id = factors.category_of(text) if factors is not None and text else None
            mapped[k] = profile_id
            if profile_id is None:
                positions = np.flatnonzero(codes == k)
                if not text:
                    report(positions, _("missing category"), "category", kind=SchemaError)
                    continue
                hint = did_you_mean(text, factors.alias_names()) if factors else None
                report(positions, _("unknown category"), "category", [name] * len(positions),
                       hint=hint or allowed(factors.category_names()), kind=UnknownCategoryError)
            elif section in model.SECTIONS and factors.profiles[profile_id].section != section:
                positions = np.flatnonzero(codes == k)
                report(positions, Message(_("category {category!r} belongs to section {section!r}, not {expected!r}"),
                                          category=profile_id, section=factors.profiles[profile_id].section,
                                          expected=section),
                       "category", [name] * len(positions), kind=UnknownCategoryError)
        missing = np.flatnonzero(codes < 0)
        report(missing, _("missing category"), "category", kind=SchemaError)
        category = mapped[np.where(codes < 0, len(uniques), codes)]
    columns["category"] = category

    for key in keys:
        if key == "category":
            continue
        required = key in model.REQUIRED_KEYS.get(section, ())
        if key not in frame.columns and not required:
            # Absent key: its default on every line, without parsing a column of nothing.
            columns[key] = _absent_column(key, n, default_country)
            continue
        series = raw_column(key)
        if key in model.KINDS:
            parsed = parse_column(series, model.KINDS[key])
            for position, message, value in parsed.problems:
                problems.add(error(message, path=label, row=located(position, key), column=key, value=value,
                                   kind=UnitError))
            values = parsed.values
            finite = np.isfinite(values)
            bad_nonfinite = np.flatnonzero(parsed.present & ~finite & ~_positions_mask(n, parsed.problems))
            report(bad_nonfinite, _("must be a finite number"), key,
                   [series.iloc[p] for p in bad_nonfinite])
            bounds = model.BOUNDS.get(key)
            if bounds is not None:
                low, low_ok, high, high_ok = bounds
                with np.errstate(invalid="ignore"):
                    bad = finite & ((values < low) if low_ok else (values <= low))
                    if high is not None:
                        bad |= finite & ((values > high) if high_ok else (values >= high))
                positions = np.flatnonzero(bad)
                report(positions, _bound_message(key, low, low_ok, high), key,
                       [series.iloc[p] for p in positions])
            if key in model.DEFAULTS:
                values = np.where(parsed.present, values, model.DEFAULTS[key])
            if required:
                absent = ~parsed.present & ~_positions_mask(n, parsed.problems)
                report(np.flatnonzero(absent), Message(_("missing {key}"), key=key), key, kind=SchemaError)
            columns[key] = values
        elif key == "purchase_year":
            columns[key] = _purchase_years(series, year, label, located_in(key), problems)
        elif key == "refurbished":
            columns[key] = _booleans(series, label, located_in(key), problems)
        elif key == "ownership":
            columns[key] = _choices(series, model.OWNERSHIPS, "owned", key, label, located_in(key), problems)
        elif key == "destination":
            columns[key] = _choices(series, model.DESTINATIONS, None, key, label, located_in(key), problems,
                                    required=True)
        elif key == "origin":
            columns[key] = _choices(series, model.ORIGINS, "new", key, label, located_in(key), problems)
        elif key == "country":
            columns[key] = _countries(series, default_country, label, located_in(key), problems)
        elif key == "covers":
            columns[key] = _covered_categories(series, factors, label, located_in(key), problems)
        else:  # free text
            columns[key] = _text(series)
    result = pd.DataFrame(columns, columns=list(keys), copy=False)  # no block consolidation: 80× faster
    result["category"] = result["category"].astype(object)
    return result, model.Locations(label, rows if n else np.array([], dtype=np.int64))


def _covered_categories(series, factors, label, located, problems):
    """`covers` of spend lines: category names or aliases, comma- or semicolon-separated → ids."""
    import re

    import pandas as pd

    codes, uniques = _factorize(series)
    mapped = []
    for k, value in enumerate(uniques):
        names = [part.strip() for part in re.split(r"[,;]", str(value)) if part.strip()]
        ids = []
        for name in names:
            profile_id = factors.category_of(name) if factors is not None else name
            if profile_id is None:
                for position in np.flatnonzero(codes == k):
                    problems.add(error(_("unknown category in covers"), path=label, row=located(position),
                                       column="covers", value=name, kind=UnknownCategoryError,
                                       hint=did_you_mean(name, factors.alias_names()) or allowed(factors.category_names())))
            elif profile_id not in ids:
                ids.append(profile_id)
        mapped.append(",".join(ids) or None)
    values = np.array(mapped + [None], dtype=object)[np.where(codes < 0, len(uniques), codes)]
    return pd.Series(values, dtype="str")


def check_covers(sections: dict, locations: dict, label: str, problems) -> list[str]:
    """A spend line that `covers` a category, and a line of that category counted too, is a double count.

    The covered line is refused when it is in the same service as the spend line, or anywhere
    when the spend line names no service (DESIGN §3); both locations are given. Returns notes on
    likely overlaps that `covers` does not declare (a spend line whose name mentions a service
    that is also listed physically).
    """
    notes: list[str] = []
    spend_lines = []
    for section in model.SECTIONS:
        frame = sections[section]
        if not len(frame) or "covers" not in frame.columns:
            continue
        covers = frame["covers"].to_numpy(dtype=object)
        spend = frame["spend"].to_numpy(float)
        given = (frame["covers"].notna() & (frame["covers"] != "")).to_numpy(bool)  # one vectorised pass
        for position in np.flatnonzero(given):
            where = locations[section][position]
            if np.isnan(spend[position]):
                problems.add(error(_("covers applies to spend lines only (this line gives no spend)"),
                                   path=_file_of(where, label), row=_row_of(where), column="covers"))
                continue
            service = frame["service"].iloc[position]
            spend_lines.append((str(covers[position]).split(","), None if service != service else service, where))
    for section in model.SECTIONS:
        frame = sections[section]
        if not len(frame) or not spend_lines:
            continue
        category = frame["category"].to_numpy(dtype=object)
        service = frame["service"].to_numpy(dtype=object)
        for covered, spend_service, spend_where in spend_lines:
            hit = np.isin(category, covered)
            if spend_service is not None:
                hit &= service == spend_service
            for position in np.flatnonzero(hit):
                where = locations[section][position]
                problems.add(error(_("double count: {category!r} is already covered by the spend line at {where} (covers)"),
                                   category=category[position], where=spend_where, path=_file_of(where, label), row=_row_of(where),
                                   column="category", kind=SchemaError,
                                   hint=_("remove this line, or the category from that line's covers")))
    notes.extend(_likely_overlaps(sections, locations))
    return notes


# Words in a spend line's name that suggest it pays for a service also listed physically.
OVERLAP_WORDS = {
    "email": ("messagerie", "mail", "courriel", "suite collaborative", "microsoft 365", "office 365",
              "google workspace", "exchange online"),
    "video_conference": ("visio", "teams", "zoom", "webex", "visioconférence", "video conference"),
    "website": ("site internet", "site web", "website", "hébergement du site"),
}


def _likely_overlaps(sections, locations) -> list[str]:
    import re

    notes = []
    present = {}
    for section in model.SECTIONS:
        frame = sections[section]
        if len(frame):
            for category in OVERLAP_WORDS:
                positions = np.flatnonzero(frame["category"].to_numpy(dtype=object) == category)
                if len(positions):
                    present.setdefault(category, str(locations[section][positions[0]]))
    if not present:
        return notes
    for section in model.SECTIONS:
        frame = sections[section]
        if not len(frame):
            continue
        spend = frame["spend"].to_numpy(float)
        spend_positions = np.flatnonzero(~np.isnan(spend))
        if not len(spend_positions):
            continue
        names = frame["name"].to_numpy(dtype=object)
        covers = frame["covers"].to_numpy(dtype=object) if "covers" in frame.columns else np.full(len(frame), None)
        for position in spend_positions:
            name = str(names[position]).casefold() if names[position] == names[position] and names[position] else ""
            declared = str(covers[position]).split(",") if covers[position] == covers[position] and covers[position] else []
            for category, where in present.items():
                if category in declared or category == "website":
                    continue  # websites count their network transfer only: a hosting fee is not that
                if any(re.search(r"\b" + re.escape(word) + r"\b", name) for word in OVERLAP_WORDS[category]):
                    notes.append(Note("possible_double_count", where=str(locations[section][position]),
                                      category=category, other=where))
    return notes


def _file_of(where, label) -> str:
    text = str(where)
    return text.rsplit(":", 1)[0] if ":" in text else label


def _row_of(where):
    text = str(where)
    tail = text.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _absent_column(key: str, n: int, default_country):
    """The column of a key no line gives, as the parsing path would build it."""
    import pandas as pd

    if key in model.KINDS:
        return np.full(n, model.DEFAULTS.get(key, np.nan), dtype=np.float64)
    if key == "purchase_year":
        return np.full(n, np.nan)
    if key == "refurbished":
        return np.zeros(n, dtype=bool)
    if key in ("ownership", "origin", "country"):  # one value on every line
        value = {"ownership": "owned", "origin": "new", "country": default_country}[key]
        if not n:
            return np.array([value], dtype=object)[np.zeros(0, dtype=np.intp)]
        return _text_from_codes(np.zeros(n, dtype=np.int32), [value])  # built by Arrow
    if not n:
        return pd.Series(np.nan, index=pd.RangeIndex(n), dtype="str")
    return _text_from_codes(np.full(n, -1, dtype=np.int32), [])  # all missing, like _text of nothing


def _positions_mask(n, problems):
    mask = np.zeros(n, dtype=bool)
    for position, _, _ in problems:
        mask[position] = True
    return mask


def _bound_message(key, low, low_ok, high) -> str:
    if key == "pue":
        return _("a PUE cannot be below 1")
    if key == "lifespan":
        return Message(_("a lifespan must be > 0 and at most {years} years"), years=int(high))
    if key in ("share", "ecoindex") and high is not None:
        return _("must be between 0 and 100 %") if key == "share" else _("an EcoIndex score is between 0 and 100")
    if key == "hours":
        return _("must be between 0 and 8784 hours per year")
    if not low_ok:
        return _("must be greater than 0")
    return _("must not be negative")


def _text(series):
    import pandas as pd

    if len(series) == 0:
        return pd.Series([], dtype="str")
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return series
    codes, uniques = _factorize(series)
    if isinstance(series.dtype, pd.CategoricalDtype):
        # The columnar CSV reader's text, as pandas' reader gives it (a `str` column, kept as written).
        return _text_from_codes(codes, list(uniques))
    texts = [(_as_text(u)) for u in uniques] + [None]
    mapped = np.array(texts, dtype=object)[np.where(codes < 0, len(uniques), codes)]
    return pd.Series(mapped, dtype="str")


def _text_from_codes(codes, texts):
    """A `str` column: ``texts[code]`` per line (missing where the code is -1 or the text None),
    built by Arrow from the codes, without a Python string per line."""
    import pyarrow as pa

    dictionary = pa.array(list(texts), type=pa.string())
    codes = np.asarray(codes)
    indices = pa.array(codes.astype(np.int32, copy=False), mask=codes < 0, type=pa.int32())
    return pa.DictionaryArray.from_arrays(indices, dictionary).dictionary_decode().to_pandas()


def _as_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _purchase_years(series, year, label, located, problems):
    n = len(series)
    out = np.full(n, np.nan)
    if n == 0:
        return out
    codes, uniques = _factorize(series)
    table = np.full(len(uniques) + 1, np.nan)
    for k, value in enumerate(uniques):
        parsed = None
        if isinstance(value, bool):
            parsed = None
        elif isinstance(value, (int, np.integer)):
            parsed = int(value)
        elif isinstance(value, (float, np.floating)) and float(value).is_integer():
            parsed = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            parsed = int(value.strip())
        elif isinstance(value, str) and not value.strip():
            continue
        if parsed is not None and model.PURCHASE_YEAR_MIN <= parsed and (year is None or parsed <= year):
            table[k] = parsed
            continue
        positions = np.flatnonzero(codes == k)
        if parsed is None:
            for p in positions:
                problems.add(error(_("a purchase year must be an integer year"), path=label, row=located(p),
                                   column="purchase_year", value=value))
            continue
        if parsed < model.PURCHASE_YEAR_MIN or (year is not None and parsed > year):
            upper = (Message(_("a purchase year must be from {low} and not after the reporting year {year}"),
                             low=str(model.PURCHASE_YEAR_MIN), year=str(year)) if year is not None else
                     Message(_("a purchase year must be from {low}"), low=str(model.PURCHASE_YEAR_MIN)))
            for p in positions:
                problems.add(error(upper,
                                   path=label, row=located(p), column="purchase_year", value=value))
            continue
        table[k] = parsed
    return table[codes]


def _booleans(series, label, located, problems):
    n = len(series)
    out = np.zeros(n, dtype=bool)
    if n == 0:
        return out
    codes, uniques = _factorize(series)
    table = np.zeros(len(uniques) + 1, dtype=bool)
    for k, value in enumerate(uniques):
        if isinstance(value, (bool, np.bool_)):
            result = bool(value)
        elif isinstance(value, (int, float)) and value in (0, 1):
            result = bool(value)
        else:
            word = str(value).strip().lower()
            if not word:
                continue
            result = True if word in model.TRUE_WORDS else False if word in model.FALSE_WORDS else None
        if result is None:
            for p in np.flatnonzero(codes == k):
                problems.add(error(_("not a boolean"), path=label, row=located(p), column="refurbished",
                                   value=value, hint=_("allowed: true/false, oui/non, yes/no")))
            continue
        table[k] = result
    return table[codes]


def _choices(series, choices, default, key, label, located, problems, required=False):
    """A closed list (ownership, destination, origin): ids, or the French words of sobriete/vocabulary.py."""
    n = len(series)
    out = np.array([], dtype=object)
    if n == 0:
        return out
    codes, uniques = _factorize(series)
    table = np.full(len(uniques) + 1, default, dtype=object)
    for k, value in enumerate(uniques):
        word = str(value).strip().lower()
        chosen = choice_of(key, value)
        if chosen in choices:
            table[k] = chosen
        elif word:
            for p in np.flatnonzero(codes == k):
                problems.add(error(_("unknown {key}"), key=key, path=label, row=located(p), column=key, value=value,
                                   hint=did_you_mean(word, choices) or allowed(choices)))
    if required:
        for p in np.flatnonzero(codes < 0):
            problems.add(error(_("missing {key}"), key=key, path=label, row=located(p), column=key,
                               hint=allowed(choices)))
    return _text_from_codes(np.where(codes < 0, len(uniques), codes), table)


def _countries(series, default_country, label, located, problems):
    n = len(series)
    out = np.array([], dtype=object)
    if n == 0:
        return out
    codes, uniques = _factorize(series)
    table = np.full(len(uniques) + 1, default_country, dtype=object)
    for k, value in enumerate(uniques):
        if isinstance(value, str) and not value.strip():
            continue
        code = _country_code(value)
        if code is None:
            for p in np.flatnonzero(codes == k):
                problems.add(error(_("unknown country code"), path=label, row=located(p), column="country",
                                   value=value, hint=_("ISO 3166-1 alpha-2, e.g. FR, DE, BE")))
            continue
        table[k] = code
    return _text_from_codes(np.where(codes < 0, len(uniques), codes), table)


def format_problems(problems: list[InputError], per_file: int = 20) -> list[str]:
    """One line per problem, at most `per_file` per file, then a count of the rest (DESIGN §2)."""
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    lines = []
    for problem in problems:
        key = str(problem.path)
        if shown.get(key, 0) < per_file:
            shown[key] = shown.get(key, 0) + 1
            lines.append(str(problem))
        else:
            hidden[key] = hidden.get(key, 0) + 1
    for key, count in hidden.items():
        lines.append(f"{key}: " + tr(_("… and {count} more problem(s) not shown"), count=count))
    return lines


__all__ = ["load_inventory", "build_section", "format_problems", "quote_value", "SchemaError",
           "UnitError", "UnknownCategoryError"]
