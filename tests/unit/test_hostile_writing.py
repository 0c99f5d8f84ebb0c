"""Hostile input, writing side: no value a user or a file supplies injects content into what
sobriete writes (YAML, XLSX, CSV, terminal tables). The goldens in tests/golden/hostile/writing
run the same classes through the command line.
"""

from __future__ import annotations

import io

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from sobriete.documents.scenario_yaml import _flow, _scalar, action_yaml, folded_text, suggest_scenario_yaml
from sobriete.io.inventory import load_inventory
from sobriete.io.writers import (append_row, csv_text, inventory_yaml, one_line, safe_cell, write_inventory_xlsx,
                                 yaml_comment, yaml_dump)

HOSTILE = ["PC\ndevices: [{category: server, quantity: 999}]", "a: b", "x #c", "#", "---", "...", "&anchor",
           "*alias", "!!python/object/apply:os.system [id]", "!tag", "%YAML 1.1", "@x", "`x`", "| x", "> x",
           "'", '"', "l'accueil \"principal\"", "{a: 1}", "[1, 2]", "}", "]", ",", "?", "- x", "  lead",
           "trail  ", " ", "", "x\u2028devices: []", "x\u2029y", "x\u0085y", "\u0085", "x\r\ny", "x\ty",
           "\x1b[31mred", "abc\u202edcba", "\ufeffbom", "null", "~", "yes", "no", "true", "1e3", "0x1F", "012",
           "2024-01-01", ".inf", ".nan", "=1+1", "=HYPERLINK(\"http://e\")", "-5", "+1", "[/]",
           "[bold]x[/bold]", "dossier\\", "é€😀", "\u00a0nbsp\u00a0"]


@pytest.mark.parametrize("value", HOSTILE)
def test_yaml_dump_reads_back_exactly(value):
    for document in ({"k": value}, [value], {value: [value, {"n": value}]} if value else {"k": {"n": value}}):
        assert yaml.safe_load(yaml_dump(document)) == document


def test_yaml_dump_reads_back_every_character():
    wrong = []
    for code in [*range(0x0, 0x3000), *range(0xD7F0, 0xD800), *range(0xE000, 0x10000, 11), 0x1F600, 0x10FFFF]:
        if 0xD800 <= code < 0xE000:
            continue
        for value in (chr(code), f"a{chr(code)}b", f"{chr(code)} x", f"x {chr(code)}"):
            if yaml.safe_load(yaml_dump({"k": value})) != {"k": value}:
                wrong.append(hex(code))
    assert wrong == []


@pytest.mark.parametrize("value", HOSTILE)
def test_scenario_scalars_read_back_in_every_place_they_are_written(value):
    scalar = _scalar(value)
    assert "\n" not in scalar
    assert yaml.safe_load(f"k: {scalar}    # commentaire") == {"k": value}
    assert yaml.safe_load(f"- {{date: {scalar}, label: {scalar}}}") == [{"date": value, "label": value}]
    assert yaml.safe_load(f"k: {_flow({value: [value, 1.5]})}") == {"k": {value: [value, 1.5]}}


@pytest.mark.parametrize("number", [0, -5, 1.5, -0.0, 1e300, float("inf"), float("-inf"), True, False])
def test_scenario_numbers_read_back(number):
    assert yaml.safe_load(f"k: {_scalar(number)}") == {"k": number}


def test_scenario_nan_reads_back_as_nan():
    import math

    assert math.isnan(yaml.safe_load(f"k: {_scalar(float('nan'))}")["k"])


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_catalogue_action_reads_back(value):
    long = f"{value} " + "une note assez longue pour être pliée sur plusieurs lignes du fichier, " * 2 + value
    action = {"id": "a1", "label": value, "lever": "lifespan", "target": "laptop", "value": "+1 year",
              "start": 2025, "owner": value, "actors": [value, "DSI"], "kpi": value,
              "steps": [{"date": "2025-01", "label": value}], "notes": long, "source": value}
    written = "actions:\n" + "\n".join(action_yaml(action)) + "\n"
    loaded = yaml.safe_load(written)["actions"][0]
    expected = {k: v for k, v in action.items() if v not in ("", [], {}, None)}
    if all(ch.isprintable() or ch == " " or ch == "\u00a0" for ch in long) and "\ufeff" not in long:
        expected["notes"] = folded_text(long)  # folded: runs of spaces as one, French spacing unbreakable
    assert loaded == expected


def test_yaml_comment_is_one_line_whatever_the_text():
    for value in HOSTILE:
        comment = yaml_comment(f"from {value}")
        assert yaml.safe_load(comment + "\nk: 1\n") == {"k": 1}
        assert len(comment.splitlines()) == 1


def test_one_line_shows_control_characters_and_keeps_text():
    assert one_line("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert one_line("x\u2028y\u0085z\x1b[0m") == "x\\u2028y\\x85z\\x1b[0m"
    assert one_line("abc\u202edcba") == "abc\\u202edcba"
    assert one_line("Mairie de Sète\u00a0— 12 €") == "Mairie de Sète\u00a0— 12 €"


@pytest.mark.parametrize("value, written", [("=1+1", "'=1+1"), ("+cmd|x", "'+cmd|x"), ("-2+3", "'-2+3"),
                                            ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
                                            ("-5", "-5"), ("+1.5e3", "+1.5e3"), ("-0.25", "-0.25"),
                                            (-5, -5), (-5.5, -5.5), ("Mairie", "Mairie")])
def test_csv_cells_neutralise_formulas_but_keep_numbers(value, written):
    assert safe_cell(value) == written


def test_csv_text_quotes_line_breaks():
    import csv

    rows = [["name"], ["a\nb,=1"], ["=HYPERLINK(\"x\")"], [-5.0]]
    back = list(csv.reader(io.StringIO(csv_text(rows))))
    assert back == [["name"], ["a\nb,=1"], ["'=HYPERLINK(\"x\")"], ["-5.0"]]


def test_xlsx_text_is_a_string_cell_and_numbers_stay_numbers():
    workbook = Workbook()
    append_row(workbook.active, ["=1+1", "=HYPERLINK(\"http://e\")", "-5", -5, -2.5, "@x", None, "a\x01b"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active[1])
    assert [c.value for c in cells] == ["=1+1", "=HYPERLINK(\"http://e\")", "-5", -5, -2.5, "@x", None, "a_x0001_b"]
    assert [c.data_type for c in cells] == ["s", "s", "s", "n", "n", "s", "n", "s"]


PRINTABLE = [v for v in HOSTILE if v == v.strip() and v and v.isprintable() and "\ufeff" not in v]


def _hostile_inventory(tmp_path, factors):
    document = {"organisation": {"name": "Ville =HYPERLINK(\"x\") [bold]", "kind": "commune", "country": "FR"},
                "year": 2024,
                "devices": [{"category": "laptop", "quantity": 1, "name": v, "model": v, "service": v,
                             "site": v, "notes": v} for v in PRINTABLE]}
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return load_inventory(path, factors)


def _texts(inventory):
    frame = inventory.sections["devices"]
    return inventory.organisation.name, frame[["name", "model", "service", "site", "notes"]].values.tolist()


def test_inventory_yaml_and_xlsx_read_back_identical(tmp_path, factors):
    inventory = _hostile_inventory(tmp_path, factors)
    (tmp_path / "again.yaml").write_text(inventory_yaml(inventory), encoding="utf-8")
    write_inventory_xlsx(inventory, tmp_path / "again.xlsx")
    for name in ("again.yaml", "again.xlsx"):
        assert _texts(load_inventory(tmp_path / name, factors)) == _texts(inventory)
    workbook = load_workbook(tmp_path / "again.xlsx")
    assert not [c for s in workbook for r in s.iter_rows() for c in r if c.data_type == "f"]


def test_footprint_table_shows_markup_literally(tmp_path, factors):
    from rich.console import Console

    from sobriete.footprint import compute_footprint
    from sobriete.outputs import render_table

    inventory = _hostile_inventory(tmp_path, factors)
    footprint = compute_footprint(inventory, factors)
    console = Console(record=True, width=300, force_terminal=True, color_system="truecolor")
    for by in ("service", "site", "category"):
        render_table(footprint, by=by, lang="fr", console=console)
    text = console.export_text()
    assert "│ [/] " in text and "│ [bold]x[/bold] " in text and "│ dossier\\ " in text
    assert "=HYPERLINK(\"x\") [bold]" in text
    styled = console.export_text(styles=True)
    assert "\x1b[1mx" not in styled  # 'x' of '[bold]x[/bold]' is not made bold


def test_suggested_scenario_with_a_hostile_organisation_name(tmp_path, factors):
    for name in HOSTILE:
        if not name.strip():
            continue
        inventory = _hostile_inventory(tmp_path, factors)
        inventory.organisation.name = name
        text = suggest_scenario_yaml(tmp_path / "hostile.yaml", [], 2030, inventory=inventory)
        document = yaml.safe_load(text)
        assert document["title"] == f"Stratégie numérique responsable — {name}"
        assert set(document) == {"title", "baseline", "horizon", "method", "trend", "funding", "partners",
                                 "objectives", "actions"}


def test_import_reports_are_one_printable_line_each(tmp_path, factors):
    from sobriete.interop import glpi

    source = tmp_path / "evil\ndevices: []\x1b[2J.csv"
    source.write_text('"Nom";"Type";"Modèle";"Statut"\n"PC\x1b[2J\nx";"Laptop";"Latitude 5440";"En service"\n',
                      encoding="utf-8")
    result = glpi.import_glpi([source], factors, year=2024)
    for line in result.report:
        assert line.isprintable(), repr(line)
    text = result.inventory_text(generated_on=__import__("datetime").date(2024, 1, 1))
    assert list(yaml.safe_load(text)) == ["organisation", "year", "imported_from", "devices"]
