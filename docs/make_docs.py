"""Regenerate the tables of docs/inventory.md from the vocabulary and the model: `python docs/make_docs.py`.

The tables (keys, units, defaults, French names, closed lists, categories) are written between
``<!-- begin generated: NAME -->`` and ``<!-- end generated: NAME -->`` markers; the text around
them is edited by hand. tests/test_docs.py fails when a table differs from what this script writes,
so the documentation cannot drift from what the loader accepts.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
INVENTORY_DOC = DOCS / "inventory.md"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _names(names) -> str:
    return ", ".join(f"`{n}`" for n in names) if names else ""


def key_table() -> str:
    from sobriete import model, vocabulary

    sections_of = {}
    for section in model.ALL_SECTIONS:
        for key in model.section_keys(section):
            sections_of.setdefault(key, []).append(section)
    rows = ["| key | French header | also accepted | unit of a bare number | default | sections | what it holds "
            "| where to find it |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for field in vocabulary.FIELDS:
        if field.key not in sections_of:
            continue
        sections = sections_of[field.key]
        shown = "all" if len(sections) == len(model.ALL_SECTIONS) else ", ".join(sections)
        rows.append("| " + " | ".join([
            f"`{field.key}`", f"`{field.header_fr}`", _names(field.aliases), _cell(vocabulary.unit_text(field.key)),
            _cell(field.default_en), shown, _cell(field.what_en), _cell(field.where_en)]) + " |")
    return "\n".join(rows)


def organisation_table() -> str:
    from sobriete import vocabulary

    values = {"year": "an integer from 1990 to 2100 (required)", "name": "free text (default `unnamed`)",
              "kind": "see *kind* below (default `other`)", "population": "inhabitants, a number ≥ 0",
              "agents": "staff (FTE), a number ≥ 0", "country": "ISO 3166-1 alpha-2 (default `FR`)"}
    rows = ["| key | French name (template) | also accepted | value |", "| --- | --- | --- | --- |"]
    for key, names in vocabulary.ORGANISATION_KEYS.items():
        french = vocabulary.ORGANISATION_HEADERS_FR[key]
        others = [n for n in names if n != french]
        rows.append(f"| `{key}` | `{french}` | {_names(others)} | {values[key]} |")
    return "\n".join(rows)


def section_table() -> str:
    from sobriete import vocabulary

    rows = ["| section | template sheet / CSV file | also accepted |", "| --- | --- | --- |"]
    for section, names in vocabulary.SECTION_NAMES.items():
        rows.append(f"| `{section}` | `{names[0]}` | {_names(names[1:])} |")
    return "\n".join(rows)


def choice_table() -> str:
    from sobriete import vocabulary

    rows = ["| list | id | French label (drop-down) | also accepted |", "| --- | --- | --- | --- |"]
    for list_name, values in vocabulary.CHOICES.items():
        for id_, (label, aliases) in values.items():
            rows.append(f"| `{list_name}` | `{id_}` | `{label}` | {_names(aliases)} |")
    return "\n".join(rows)


def category_table() -> str:
    from sobriete.io.factor_files import load_factors
    from sobriete.io.templates import category_label

    factors = load_factors()
    rows = ["| id | section | French label (drop-down) | other French names | description |",
            "| --- | --- | --- | --- | --- |"]
    for profile in factors.profiles.values():
        label = category_label(profile)
        others = [a for a in profile.aliases if a != label]
        rows.append(f"| `{profile.id}` | {profile.section} | `{label}` | {_names(others)} | "
                    f"{_cell(profile.label('en'))} |")
    return "\n".join(rows)


GENERATED = {"keys": key_table, "organisation": organisation_table, "sections": section_table,
             "choices": choice_table, "categories": category_table}


def render(text: str) -> str:
    """`text` with every generated block rewritten."""
    for name, build in GENERATED.items():
        pattern = re.compile(rf"(<!-- begin generated: {name} [^\n]*-->\n).*?(<!-- end generated: {name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{INVENTORY_DOC}: no generated block {name!r}")
        text = pattern.sub(lambda m: m.group(1) + build() + "\n" + m.group(2), text)
    return text


def main() -> int:
    current = INVENTORY_DOC.read_text(encoding="utf-8")
    updated = render(current)
    if updated != current:
        INVENTORY_DOC.write_text(updated, encoding="utf-8")
        print(f"rewrote the tables of {INVENTORY_DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
