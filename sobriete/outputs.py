"""Footprint outputs: the JSON document of DESIGN §8, CSV (one row per line), XLSX, and tables.

JSON numbers are unrounded float64; rounding happens only in tables. CSV cells are neutralised
against formula injection, XLSX text cells are explicit strings, and user text in terminal tables
has its markup escaped. Texts shown to users exist in French and English.
"""

from __future__ import annotations

import json
import math

import numpy as np

from .footprint import ORIGINS, PHASES
from .locale import _

LABELS = {
    "fr": {"title": "Empreinte carbone du numérique", "total": "Total", "interval": "Intervalle à 95 %",
           "per_agent": "Par agent", "per_inhabitant": "Par habitant", "phase": "Phase",
           "embodied": "Fabrication (amortie)", "use": "Usage (électricité)", "network": "Réseau",
           "spend": "Dépenses (ratio monétaire)", "section": "Section", "category": "Catégorie",
           "service": "Service", "site": "Site", "beges": "Poste BEGES v5", "scope": "Scope GHG Protocol",
           "share": "Part", "value": "kgCO₂e/an", "notes": "Notes", "method": "Méthode",
           "factors": "Base de facteurs", "devices": "Équipements", "hosting": "Hébergement",
           "services": "Services en ligne", "year": "Année", "criteria": "Au-delà du carbone",
           "criterion": "Critère", "unit": "Unité", "coverage": "Couverture"},
    "en": {"title": "Digital carbon footprint", "total": "Total", "interval": "95 % interval",
           "per_agent": "Per agent", "per_inhabitant": "Per inhabitant", "phase": "Phase",
           "embodied": "Embodied (amortised)", "use": "Use (electricity)", "network": "Network",
           "spend": "Spend (monetary ratio)", "section": "Section", "category": "Category",
           "service": "Service", "site": "Site", "beges": "BEGES v5 poste", "scope": "GHG Protocol scope",
           "share": "Share", "value": "kgCO₂e/year", "notes": "Notes", "method": "Method",
           "factors": "Factor database", "devices": "Devices", "hosting": "Hosting",
           "services": "Online services", "year": "Year", "criteria": "Beyond carbon",
           "criterion": "Criterion", "unit": "Unit", "coverage": "Coverage"},
}
BY_CHOICES = ("section", "category", "service", "site", "beges", "scope", "phase", "application")


def line_factor_lists(footprint) -> list[list[str]]:
    """Per line, the ids of the factors its figures used (in order of first use)."""
    n = len(footprint.lines)
    if n == 0:
        return []
    arrays = []
    for term in footprint.terms:
        used = term.values != 0
        for slot in term.factors:
            arrays.append(np.where(used, slot, -1))
    arrays.extend(np.asarray(codes) for codes in footprint.provenance)
    if not arrays:
        return [[] for _ in range(n)]
    matrix = np.stack(arrays, axis=1)
    cache: dict[bytes, list[str]] = {}
    result = []
    ids = footprint.factor_ids
    for row in matrix:
        key = row.tobytes()
        names = cache.get(key)
        if names is None:
            seen = []
            for code in row:
                if code >= 0 and ids[code] not in seen:
                    seen.append(ids[code])
            names = cache[key] = seen
        result.append(names)
    return result


def _clean(value):
    if value is None:
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    return value


def footprint_document(footprint, *, include_lines: bool = True) -> dict:
    """The stable JSON document of DESIGN §8."""
    org = footprint.organisation
    document = {
        "organisation": {"name": org.name, "kind": org.kind, "population": _clean(org.population),
                         "agents": _clean(org.agents), "country": org.country},
        "year": footprint.year,
        "method": footprint.method,
        "unit": "kgCO2e/year",
        "factors_version": footprint.factors_version,
        "total": footprint.total,
        "interval": list(footprint.interval) if footprint.interval is not None else None,
        "draws": footprint.draws,
        "seed": footprint.seed,
        "per_agent": footprint.per(org.agents),
        "per_inhabitant": footprint.per(org.population),
        "by_phase": footprint.by_phase(),
        "by_section": footprint.by("section"),
        "by_category": footprint.by("category"),
        "by_service": footprint.by("service"),
        "by_site": footprint.by("site"),
        "by_beges": footprint.by_beges(),
        "by_scope": footprint.by_scope(),
        "criteria": footprint.criteria(),
        "notes": list(footprint.notes),
    }
    for name, values in footprint.extra_breakdowns.items():
        document[f"by_{name}"] = values
    if include_lines:
        document["lines"] = line_records(footprint)
    return document


def selected_criteria(footprint, wanted) -> list[str]:
    """The criterion ids of ``--criteria`` (``all`` or ids; DESIGN §7): all = those the result has.

    An unknown id is a located input error (exit 2); a known one that no factor gives is kept
    (its column is empty) with a note.
    """
    from .criteria import CARBON, CRITERIA
    from .errors import InputErrors, error
    from .text import did_you_mean

    if not wanted:
        return []
    available = list(footprint.criteria())
    if any(str(w).strip().lower() == "all" for w in wanted):
        return available
    chosen, problems = [], []
    for item in wanted:
        for criterion_id in (p.strip() for p in str(item).split(",")):
            if not criterion_id:
                continue
            if criterion_id not in CRITERIA:
                hint = did_you_mean(criterion_id, CRITERIA) or "allowed: all, " + ", ".join(CRITERIA)
                problems.append(error(_("unknown criterion {criterion!r}"), criterion=criterion_id, path="--criteria", value=criterion_id,
                                      hint=hint))
            elif criterion_id not in chosen:
                chosen.append(criterion_id)
    if problems:
        raise InputErrors(problems)
    missing = [c for c in chosen if c not in available and c != CARBON]
    if missing:
        from .notes import Note

        footprint.notes.append(Note("criterion_not_given", criteria=", ".join(missing)))
    return chosen


def criterion_columns(footprint, criteria) -> dict:
    """Column name → per-line values (NaN where a line is not evaluated) for each chosen criterion."""
    from .criteria import CRITERIA

    columns = {}
    for criterion_id in criteria:
        name = f"{criterion_id}_{CRITERIA[criterion_id].unit}_per_year"
        if criterion_id in footprint.criteria():
            columns[name] = footprint.line_impacts(criterion_id)
        else:
            columns[name] = np.full(len(footprint.lines), np.nan)
    return columns


def line_records(footprint) -> list[dict]:
    lines = footprint.lines
    factors = line_factor_lists(footprint)
    columns = {key: lines[key].to_numpy() for key in
               ("section", "category", "quantity", "name", "service", "site", *PHASES, "total")}
    columns["source"] = footprint.sources()
    origins = list(footprint.value_origins.items())
    # Criteria per line: a criterion the line is not evaluated for is absent (as plain lists: fast).
    impacts = [(c, footprint.line_impacts(c).tolist()) for c in footprint.criteria()]
    records = []
    for i in range(len(lines)):
        record = {"section": columns["section"][i], "category": columns["category"][i],
                  "quantity": float(columns["quantity"][i])}
        for phase in PHASES:
            record[phase] = float(columns[phase][i])
        record["total"] = float(columns["total"][i])
        record["factors"] = factors[i]
        # Criteria beyond carbon (DESIGN §8); NaN (not evaluated) is left out.
        record["impacts"] = {c: values[i] for c, values in impacts if values[i] == values[i]}
        for key in ("name", "service", "site"):
            value = _clean(columns[key][i])
            if value is not None:
                record[key] = str(value)
        record["source"] = columns["source"][i]
        if i in footprint.ecoindex:
            record["ecoindex"] = footprint.ecoindex[i]
        provenance = {key: ORIGINS[codes[i]] for key, codes in origins if codes[i]}
        if provenance:
            record["provenance"] = provenance
        records.append(record)
    return records


def footprint_json(footprint, *, include_lines: bool = True) -> str:
    return json.dumps(footprint_document(footprint, include_lines=include_lines), ensure_ascii=False,
                      indent=2, allow_nan=False) + "\n"


CSV_COLUMNS = ("source", "section", "category", "name", "service", "site", "quantity", *PHASES,
               "total", "factors")


def footprint_csv(footprint, criteria=()) -> str:
    """One row per line (with --summary: one row per category); `criteria` adds a column each."""
    from .io.writers import csv_text

    lines = footprint.lines
    factors = line_factor_lists(footprint)
    extra = criterion_columns(footprint, criteria)
    columns = [*CSV_COLUMNS, *extra]
    rows = [list(columns)]
    data = {key: lines[key].to_numpy() for key in CSV_COLUMNS if key not in ("factors", "source")}
    data["source"] = footprint.sources()
    data.update(extra)
    for i in range(len(lines)):
        row = []
        for key in columns:
            if key == "factors":
                row.append(" ".join(factors[i]))
            else:
                value = _clean(data[key][i])
                row.append("" if value is None else (repr(value) if isinstance(value, float) else value))
        rows.append(row)
    return csv_text(rows)


def summary_csv(footprint, by: str = "category", criteria=()) -> str:
    from .criteria import CRITERIA
    from .io.writers import csv_text

    extra = [c for c in criteria if c in footprint.criteria() and by in ("section", "category", "service", "site")]
    rows = [[by, "kgCO2e_per_year", *(f"{c}_{CRITERIA[c].unit}_per_year" for c in extra)]]
    per_criterion = [footprint.criterion_by(c, by) for c in extra]
    rows += [[k, repr(v), *(repr(values[k]) if k in values else "" for values in per_criterion)]
             for k, v in breakdown(footprint, by).items()]
    return csv_text(rows)


def breakdown(footprint, by: str) -> dict:
    if by in footprint.extra_breakdowns:
        return footprint.extra_breakdowns[by]
    if by == "beges":
        return footprint.by_beges()
    if by == "scope":
        return footprint.by_scope()
    if by == "phase":
        return footprint.by_phase()
    return footprint.by(by)


def number_formatter(lang: str, digits: int = 1):
    """Format numbers for the language: 12 345,6 in French, 12,345.6 in English."""
    from babel.numbers import format_decimal

    locale = "fr_FR" if lang == "fr" else "en_GB"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return lambda x: "—" if x is None else format_decimal(x, format=pattern, locale=locale)


def terminal_text(value):
    """User text (a name, a category, an id) for a rich table: a ``Text``, shown as written, one line.

    rich reads a plain string as markup (``[bold]``, ``[link=…]``; a malformed ``[/]`` fails); a
    ``Text`` is never parsed, so a name shows as written, and ``one_line`` keeps a control
    character (an escape sequence, a line break) from reaching the terminal as such.
    """
    from rich.text import Text

    from .io.writers import one_line

    return Text(one_line("" if value is None else value))


def terminal_title(text: str) -> str:
    """A table title holding user text: markup escaped (a title string keeps rich's title style)."""
    from rich.markup import escape

    from .io.writers import one_line

    return escape(one_line(text))


def render_table(footprint, *, by: str | None, lang: str, console=None, criteria=()) -> None:
    """A rich table on the terminal: totals, then the chosen breakdown(s)."""
    from rich.console import Console
    from rich.table import Table

    labels = LABELS[lang]
    fmt = number_formatter(lang)
    console = console or Console()
    org = footprint.organisation
    total = footprint.total
    head = Table(title=terminal_title(f"{labels['title']} — {org.name} — {footprint.year}"), show_header=False)
    head.add_column(justify="left")
    head.add_column(justify="right")
    head.add_row(labels["total"], f"{fmt(total)} {labels['value']}")
    if footprint.interval is not None:
        low, high = footprint.interval
        head.add_row(labels["interval"], f"{fmt(low)} – {fmt(high)}")
    head.add_row(labels["per_agent"], fmt(footprint.per(org.agents)))
    head.add_row(labels["per_inhabitant"], number_formatter(lang, 2)(footprint.per(org.population)))
    head.add_row(labels["method"], terminal_text(footprint.method))
    head.add_row(labels["factors"], terminal_text(footprint.factors_version))
    console.print(head)
    criteria = [c for c in criteria if c in footprint.criteria()]
    for key in ([by] if by else ["phase", "section", "beges"]):
        values = breakdown(footprint, key)
        table = Table(title=terminal_title(labels.get(key, key)))
        table.add_column(terminal_text(labels.get(key, key)))
        table.add_column(labels["value"], justify="right")
        table.add_column(labels["share"], justify="right")
        per_line = key in ("section", "category", "service", "site")
        # A few criteria fit as columns; more are listed in the criteria table (every one per line
        # in CSV and XLSX).
        beyond = [c for c in criteria if c != "climate_change"]
        extra = [(c, footprint.criterion_by(c, key)) for c in beyond] if per_line and len(beyond) <= 3 else []
        for criterion_id, _ in extra:
            table.add_column(terminal_text(f"{criterion_id} ({_unit_text(criterion_id)}/{_year(lang)})"), justify="right")
        for name, value in values.items():
            shown = labels.get(name, name) if key in ("phase", "section") else name
            table.add_row(terminal_text(shown), fmt(value), f"{number_formatter(lang, 1)(100 * value / total) if total else '—'} %",
                          *(significant(by_key.get(name), lang) for _, by_key in extra))
        console.print(table)
    if criteria:
        console.print(criteria_table(footprint, criteria, lang))


def _unit_text(criterion_id: str) -> str:
    from .criteria import CRITERIA

    return CRITERIA[criterion_id].unit


def _year(lang: str) -> str:
    return "an" if lang == "fr" else "year"


def significant(value, lang: str, digits: int = 3) -> str:
    """A value with `digits` significant figures, formatted for the language (criteria span 1e-9 to 1e6)."""
    from babel.numbers import format_decimal, format_scientific

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    locale = "fr_FR" if lang == "fr" else "en_GB"
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e7:
        decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(value)))))
        return format_decimal(round(value, decimals), format="#,##0." + "#" * decimals if decimals else "#,##0",
                              locale=locale)
    return format_scientific(value, format="0.##E0", locale=locale)


def criteria_table(footprint, criteria, lang: str):
    """The chosen criteria: total, unit, coverage (share of the carbon total evaluated)."""
    from rich.table import Table

    from .criteria import CRITERIA

    labels = LABELS[lang]
    table = Table(title=labels["criteria"])
    table.add_column(labels["criterion"])
    table.add_column(labels["total"], justify="right")
    table.add_column(labels["unit"])
    table.add_column(labels["coverage"], justify="right")
    for criterion_id, figures in footprint.criteria().items():
        if criterion_id not in criteria:
            continue
        table.add_row(CRITERIA[criterion_id].label(lang), significant(figures["total"], lang),
                      f"{CRITERIA[criterion_id].unit}/{_year(lang)}",
                      f"{number_formatter(lang, 1)(100 * figures['coverage'])} %")
    return table


def write_xlsx(footprint, path, *, include_lines: bool, lang: str, criteria=()) -> None:
    from openpyxl import Workbook

    from .io.writers import append_row, save_workbook

    labels = LABELS[lang]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "summary"
    document = footprint_document(footprint, include_lines=False)
    for key in ("year", "method", "unit", "factors_version", "total", "per_agent", "per_inhabitant"):
        append_row(sheet, [key, document[key]])
    if document["interval"]:
        append_row(sheet, ["interval_low", document["interval"][0]])
        append_row(sheet, ["interval_high", document["interval"][1]])
    for key in ("by_phase", "by_section", "by_category", "by_beges", "by_scope", "by_service", "by_site"):
        breakdown_sheet = workbook.create_sheet(key)
        append_row(breakdown_sheet, [key.removeprefix("by_"), labels["value"]])
        for name, value in document[key].items():
            append_row(breakdown_sheet, [str(name), value])
    criteria_sheet = workbook.create_sheet("criteria")
    append_row(criteria_sheet, ["criterion", "unit", "total", "coverage"])
    for criterion_id, figures in document["criteria"].items():
        append_row(criteria_sheet, [criterion_id, figures["unit"], figures["total"], figures["coverage"]])
    if include_lines:
        lines_sheet = workbook.create_sheet("lines")
        extra = criterion_columns(footprint, criteria)
        columns = [*CSV_COLUMNS, *extra]
        append_row(lines_sheet, list(columns))
        factors = line_factor_lists(footprint)
        frame = footprint.lines
        data = {key: frame[key].to_numpy() for key in CSV_COLUMNS if key not in ("factors", "source")}
        data["source"] = footprint.sources()
        data.update(extra)
        for i in range(len(frame)):
            append_row(lines_sheet, [" ".join(factors[i]) if key == "factors" else _clean(data[key][i])
                                     for key in columns])
    notes = workbook.create_sheet("notes")
    for note in footprint.notes:
        append_row(notes, [note])
    save_workbook(workbook, path)
