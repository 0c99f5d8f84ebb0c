"""What is read from GLPI files: rows (one asset each), file infos, the decision on each row,
and the helpers that clean a GLPI cell."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class Row:
    """One asset as read from a GLPI file, with the file's own line number."""

    file: str
    line: int
    itemtype: str | None
    values: dict  # field -> cleaned text ('' when absent)
    partial: bool = False
    date_format: str | None = None  # the file's: 'Y-m-d', 'd-m-Y' or 'm-d-Y'

    def get(self, key: str) -> str:
        return self.values.get(key) or ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class FileInfo:
    """What was read from one file, for the report and the inventory's header."""

    label: str
    kind: str  # "GLPI 10 CSV", "GLPI 11 CSV", "XLSX", "glpi-agent JSON"…
    itemtype: str | None
    itemtype_from: str  # "--itemtype", "the columns …", "the file name", "the types", "agent JSON"
    rows: int
    sha256: str
    columns_used: list = field(default_factory=list)
    columns_ignored: list = field(default_factory=list)
    date_format: str | None = None
    notes: list = field(default_factory=list)


@dataclass
class Decision:
    """What happened to one row: imported (category), excluded (reason) or unclassified."""

    row: Row
    outcome: str  # "imported" | "excluded" | "unclassified"
    category: str | None = None
    section: str | None = None
    how: str = ""  # how the category was decided: type, mapping, model, list
    reason: str | None = None  # key of REASONS
    detail: str = ""  # the value behind the decision (status, type, serial…)
    key: str = ""  # the value a --map-type would match (type, else model)
    purchase_year: int | None = None
    year_from: str | None = None  # which date gave purchase_year
    site: str | None = None
    service: str | None = None
    model: str | None = None
    name: str | None = None



_URL_SUFFIX = re.compile(r"\s*\[https?://[^\]]*\]\s*$")


def clean_cell(value) -> str:
    """A GLPI cell as text: HTML entities decoded, NBSP and spaces trimmed, 9.5 '[URL]' suffix cut."""
    if value.__class__ is str:
        text = value
        if "&" in text:
            text = html.unescape(text)
        if "\xa0" in text or "\ufeff" in text:
            text = text.replace("\xa0", " ").replace("\ufeff", "")
        text = text.strip()
        if "[http" in text:
            text = _URL_SUFFIX.sub("", text)
        return text
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_cell(str(value))


def first_value(value: str) -> str:
    """The first of a GLPI multi-value cell (values joined by '<br>')."""
    if "<br" not in value.lower():
        return value
    for part in re.split(r"<br\s*/?>", value, flags=re.I):
        if part.strip():
            return part.strip()
    return ""


def all_values(value: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"<br\s*/?>", value, flags=re.I)] if value else []
    return list(dict.fromkeys(p for p in parts if p))

