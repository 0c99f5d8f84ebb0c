"""Deciding every row: excluded (why), unclassified, or imported (category, year, site…)."""

from __future__ import annotations

from collections import defaultdict

from ... import model
from .classify import Classifier
from .dates import year_of
from .mapping import TypeMapping
from .records import Decision, Row, all_values, first_value
from .rules import clean_manufacturer, is_retired, model_of, service_of, site_of
from .vocabulary import DATE_FIELDS, DATE_LABELS, PLACEHOLDER_VALUES, norm
from ...locale import Message, _


def decide_rows(rows: list[Row], year: int, factors,
                mapping: TypeMapping) -> tuple[list[Decision], list[str], set]:
    """Decide every row (GLPI.md §5.2–§5.4), in file order. Returns decisions, notes, used mapping keys.

    First the checks that need no category (partial inventory, status, dates), then the
    classification of the rows left (once per distinct type/model, see ``Classifier``), then the
    duplicate serial numbers and the imported rows' year, site, service, model and name.
    """
    classify = Classifier(factors, mapping)
    bad_dates: dict[str, list] = defaultdict(list)
    decisions: list[Decision] = []
    row_years: list[dict[str, int]] = []
    for row in rows:
        years = _years(row, bad_dates)
        decisions.append(_checked(row, years, year))
        row_years.append(years)
    pending = [d for d in decisions if d.outcome == "imported"]
    for decision, (outcome, value, how, key) in zip(pending, classify.classify_all([d.row for d in pending])):
        decision.outcome, decision.key = outcome, key
        if outcome == "excluded":
            decision.reason, decision.detail = value, how
        elif outcome == "unclassified":
            decision.detail = first_value(decision.row.get("type"))
        else:
            decision.category, decision.how = value, how
            decision.section = factors.profiles[value].section
    seen_serials: dict[tuple, Row] = {}
    for decision, years in zip(decisions, row_years):
        if decision.outcome == "imported":
            _exclude_duplicate(decision, seen_serials)
        if decision.outcome == "imported":
            _describe(decision, years)
    notes: list[str] = []
    for label, items in bad_dates.items():
        shown = "; ".join(f"line {line}: {what} {value!r}" for line, what, value in items[:10])
        more = f"; … and {len(items) - 10} more" if len(items) > 10 else ""
        notes.append(Message(_("{label}: {count} unreadable or implausible date(s) ignored ({shown}{more})"),
                              label=label, count=len(items), shown=shown, more=more))
    return decisions, notes, classify.used_keys


def _years(row: Row, bad_dates: dict) -> dict[str, int]:
    """The year of each readable date of the row; the others are added to ``bad_dates``."""
    years: dict[str, int] = {}
    for name in DATE_FIELDS + ("decommission_date",):
        value = first_value(row.get(name))
        if not value:
            continue
        parsed = year_of(value, row.date_format)
        if parsed is None or parsed < model.PURCHASE_YEAR_MIN:
            bad_dates[row.file].append((row.line, DATE_LABELS[name], value))
            continue
        years[name] = parsed
    return years


def _purchase_from(years: dict[str, int]) -> str | None:
    return next((f for f in DATE_FIELDS if f in years), None)


def _checked(row: Row, years: dict[str, int], year: int) -> Decision:
    """The row excluded by the checks that need no category, else a decision still to classify."""
    decision = Decision(row, "imported")
    status = first_value(row.get("status"))
    purchase_from = _purchase_from(years)
    if row.partial:
        decision.outcome, decision.reason, decision.detail = "excluded", "partial", "partial: true"
    elif is_retired(status):
        decision.outcome, decision.reason, decision.detail = "excluded", "status", status
    elif "decommission_date" in years and years["decommission_date"] < year:
        decision.outcome, decision.reason = "excluded", "decommissioned"
        decision.detail = first_value(row.get("decommission_date"))
    elif purchase_from and years[purchase_from] > year:
        decision.outcome, decision.reason = "excluded", "after_year"
        decision.detail = f"{DATE_LABELS[purchase_from]} {first_value(row.get(purchase_from))}"
    return decision


def _exclude_duplicate(decision: Decision, seen_serials: dict) -> None:
    """Exclude an imported row whose serial number (and manufacturer) an earlier one had."""
    row = decision.row
    serial = norm(first_value(row.get("serial")))
    if serial and len(serial) >= 4 and serial not in PLACEHOLDER_VALUES and len(set(serial)) > 1:
        identity = (decision.section, serial, norm(clean_manufacturer(row.get("manufacturer"))))
        first = seen_serials.get(identity)
        if first is not None:
            decision.outcome, decision.reason = "excluded", "duplicate"
            decision.detail = f"serial {first_value(row.get('serial'))!r}, as {first.where}"
            decision.category = decision.section = None
        else:
            seen_serials[identity] = row


def _describe(decision: Decision, years: dict[str, int]) -> None:
    """An imported row's purchase year, site, service, model and name."""
    row = decision.row
    purchase_from = _purchase_from(years)
    decision.purchase_year = years.get(purchase_from) if purchase_from else None
    decision.year_from = purchase_from
    decision.site = site_of(row.get("location"))
    decision.service = service_of(row.get("entity"))
    decision.model = model_of(row)
    names = all_values(row.get("name"))
    decision.name = ", ".join(names) if names else None
