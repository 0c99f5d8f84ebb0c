"""Hostile inputs at the readers: each class of the 'Hostile input' issue, at its root.

The golden corpus (tests/golden/hostile/reading/) checks the exact messages through the command
line; these tests check the building blocks and the limits (with small limits patched in).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from sobriete.errors import InputErrors
from sobriete.io import csvfiles, tables, userfiles
from sobriete.io.yamlsafe import MAX_DEPTH, load_yaml_text


def problems_of(call, *args, **kwargs) -> list[str]:
    with pytest.raises(InputErrors) as caught:
        call(*args, **kwargs)
    return [str(p) for p in caught.value.problems]


# --- 4. files that are not regular files -------------------------------------------------------

def test_a_fifo_a_device_and_a_folder_are_said_as_such(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    assert str(userfiles.file_problem(tmp_path / "pipe.csv", "pipe.csv")) == \
        "pipe.csv: is a FIFO (named pipe), not a file"
    assert str(userfiles.file_problem(tmp_path / "folder.csv", "f")) == "f: is a folder, not a file"
    assert str(userfiles.file_problem(tmp_path / "zero.csv", "z")) == "z: is a device, not a file"
    assert str(userfiles.file_problem(tmp_path / "none.csv", "n")) == "n: file not found"
    assert userfiles.file_problem(tmp_path, "t") is not None


def test_every_reader_refuses_a_fifo_without_opening_it(tmp_path):
    from sobriete.interop.glpi.reading import read_rows
    from sobriete.interop.numecoeval.reading import read_file

    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)  # opening it for reading would block forever: these calls must return
    for call in (lambda: tables.read_csv_table(pipe, "p"), lambda: tables.read_xlsx(pipe, "p"),
                 lambda: read_rows(pipe, "p"), lambda: read_file(pipe, "p")):
        assert problems_of(call) == ["p: is a FIFO (named pipe), not a file"]


def test_reading_never_takes_more_than_the_limit(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:
        handle.truncate(10_000_000)  # sparse: refused on its size, never read
    assert problems_of(userfiles.read_bytes, path, "big.csv", max_bytes=1000) == \
        ["big.csv: file too large (10,000,000 bytes, limit 1,000)"]


def test_a_sparse_csv_is_refused_from_its_tail(tmp_path):
    path = tmp_path / "devices.csv"
    path.write_bytes(b"category,quantity\nlaptop,3\n")
    with open(path, "r+b") as handle:
        handle.truncate(50_000_000)
    assert problems_of(tables.read_csv_table, path, "devices.csv")[0].startswith("devices.csv: binary file")


# --- 1. YAML ------------------------------------------------------------------------------------

@pytest.mark.parametrize("char, name", [("\x0b", "vertical tab"), ("\x1b", "escape (ESC)"), ("\x00", "NUL"),
                                        ("\x7f", "DEL"), ("\x90", "control character")])
def test_control_characters_are_located(char, name):
    text = f"year: 2024\norganisation:\n  name: ab{char}c\n"
    assert problems_of(load_yaml_text, text, "f.yaml") == [
        f"f.yaml:3: {name} (U+{ord(char):04X}) at character 11: not allowed in YAML "
        "(remove it, or save the file again as plain text)"]


def test_tab_newline_and_next_line_are_not_control_problems():
    assert load_yaml_text("year: 2024\norganisation:\n  name: \"a\tb\u0085c\"\r\n", "f.yaml")["year"] == 2024


@pytest.mark.parametrize("document, tag", [
    ("devices: !!set {a, b}", "tag:yaml.org,2002:set"),
    ("devices: !!omap [{a: 1}]", "tag:yaml.org,2002:omap"),
    ("name: !!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
    ("year: !annee 2024", "!annee"),
])
def test_tags_other_than_plain_values_are_refused(document, tag):
    assert problems_of(load_yaml_text, document + "\n", "f.yaml") == \
        [f"f.yaml:1: invalid YAML: YAML tag not allowed ({tag!r})"]


def test_dates_still_read():
    assert str(load_yaml_text("date: 2025-03-01\n", "f.yaml")["date"]) == "2025-03-01"


def test_nesting_is_bounded_and_located():
    fine = "a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n"
    assert load_yaml_text(fine, "f.yaml")
    deep = "year: 2024\na: " + "[" * 10_000 + "]" * 10_000 + "\n"
    assert problems_of(load_yaml_text, deep, "f.yaml") == \
        [f"f.yaml:2: YAML nested more than {MAX_DEPTH} levels deep; refused"]


# --- 3. CSV ---------------------------------------------------------------------------------------

def test_mixed_encodings_are_refused_at_the_first_byte_that_is_not_utf8():
    data = "a,b\nSète,1\n".encode() + "Béziers,2\n".encode("cp1252")
    assert problems_of(csvfiles.decode_text, data, label="f.csv") == [
        "f.csv:3: mixed encodings: byte 0xE9 on this line is not UTF-8, while other lines are UTF-8 "
        "(save the whole file as UTF-8; reading it as cp1252 would garble its UTF-8 lines)"]


def test_a_wholly_cp1252_file_is_still_read_as_cp1252():
    assert csvfiles.decode_text("a\nBéziers\n".encode("cp1252")) == ("a\nBéziers\n", "cp1252")


def test_the_whole_file_rule_spans_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(csvfiles, "SCAN_CHUNK", 7)  # characters and lines cut across chunks
    path = tmp_path / "f.csv"
    path.write_bytes("a,b\nSète,1\n".encode() + b"x,1\n" * 20 + "Béziers,2\n".encode("cp1252"))
    assert problems_of(csvfiles.file_encoding, path, "f.csv")[0].startswith("f.csv:23: mixed encodings")
    path.write_bytes(b"a,b\n" + b"x,1\n" * 20 + "Béziers,2\n".encode("cp1252"))
    assert csvfiles.file_encoding(path, "f.csv") == "cp1252"
    path.write_bytes("a,b\nSète,1\n".encode() * 20)
    assert csvfiles.file_encoding(path, "f.csv") == "utf-8-sig"


def test_duplicate_columns_once_normalised(tmp_path):
    path = tmp_path / "devices.csv"
    path.write_text("category,quantity,Quantity \nlaptop,1,2\n", encoding="utf-8")
    assert problems_of(tables.read_csv_table, path, "devices.csv") == [
        "devices.csv:1: quantity: duplicate column (also column 2, once case and spaces are ignored) "
        "(got 'Quantity ') (keep one of them)"]


def test_every_csv_reader_sniffs_outside_quotes():
    header = '"category";"name, site";"quantity"'
    assert csvfiles.sniff_delimiter(header) == ";"
    assert csvfiles.decode_csv(header.encode() + b"\n", "f").delimiter == ";"


# --- 2. XLSX --------------------------------------------------------------------------------------

def _save(workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def test_a_formula_without_a_computed_value_is_refused_at_its_cell(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "devices"
    sheet.append(["category", "quantity"])
    sheet.append(["laptop", "=2*3"])
    path = _save(workbook, tmp_path / "w.xlsx")
    assert problems_of(tables.read_xlsx, path, "w.xlsx") == [
        "w.xlsx[devices]:2: quantity: formula without a computed value "
        "(open and save the file in a spreadsheet program)"]


def test_sheets_named_alike_are_refused_and_hidden_sheets_read_with_a_note(tmp_path):
    workbook = Workbook()
    workbook.active.title = "devices"
    workbook.create_sheet(" devices")
    path = _save(workbook, tmp_path / "w.xlsx")
    assert problems_of(tables.read_xlsx, path, "w.xlsx")[0].startswith("w.xlsx[ devices]:1: two sheets named alike")
    workbook = Workbook()
    workbook.active.title = "devices"
    workbook.active.append(["category"])
    workbook.active.sheet_state = "veryHidden"
    workbook.create_sheet("organisation")
    read = tables.read_xlsx(_save(workbook, tmp_path / "h.xlsx"), "h.xlsx")
    assert read["devices"].notes == ["h.xlsx: hidden sheet(s) 'devices' read like the others"]


def test_archive_sizes_are_checked_before_parsing(tmp_path, monkeypatch):
    workbook = Workbook()
    workbook.active.append(["category"])
    path = _save(workbook, tmp_path / "w.xlsx")
    monkeypatch.setattr(tables, "XLSX_MAX_UNCOMPRESSED", 100)
    assert "refused (a zip bomb?)" in problems_of(tables.read_xlsx, path, "w.xlsx")[0]
    monkeypatch.setattr(tables, "XLSX_MAX_UNCOMPRESSED", 10**9)
    monkeypatch.setattr(tables, "XLSX_MAX_PARTS", 3)
    assert "parts in the archive" in problems_of(tables.read_xlsx, path, "w.xlsx")[0]


def test_xml_entity_declarations_are_refused(tmp_path):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    path = tmp_path / "w.xlsx"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/styles.xml":
                data = b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>" + data.split(b"?>", 1)[-1]
            target.writestr(name, data)
    assert problems_of(tables.read_xlsx, path, "w.xlsx") == [
        "w.xlsx: the workbook part 'xl/styles.xml' declares XML entities; refused (an XML bomb?)"]


def test_duplicate_organisation_keys_are_refused(tmp_path, factors):
    from sobriete.io.inventory import load_inventory

    (tmp_path / "organisation.csv").write_text("key,value\nyear,2024\nagents,3\nagents,4\n", encoding="utf-8")
    (tmp_path / "devices.csv").write_text("category\nlaptop\n", encoding="utf-8")
    assert problems_of(load_inventory, tmp_path, factors) == [
        f"{tmp_path / 'organisation.csv'}:4: key: duplicate key 'agents' (first on line 3)"]


# --- 5. patterns and nesting --------------------------------------------------------------------------

def test_glpi_cells_are_bounded_before_the_classifier(tmp_path):
    from sobriete.interop.glpi.reading import MAX_CELL_CHARS, read_rows

    path = tmp_path / "ordinateurs.csv"
    spaces = " " * (MAX_CELL_CHARS + 1)
    path.write_text(f"Nom;Type;Modèle\nPC;Portable;Latitude{spaces}5440\n", encoding="utf-8")
    assert problems_of(read_rows, path, "o.csv")[0].startswith("o.csv:2: model: value too long for a GLPI field")
    path.write_text(f"Nom;Type;Modèle\nPC;Portable;Latitude{spaces[:900]}5440\n", encoding="utf-8")
    rows, _ = read_rows(path, "o.csv")  # at the bound: read, and classified in linear-enough time
    assert rows[0].get("model").startswith("Latitude")


def test_agent_json_nesting_is_bounded_and_located():
    from sobriete.interop.glpi.agent import MAX_JSON_DEPTH, read_agent_json

    text = '{\n"content":\n' + "[" * 100_000 + "]" * 100_000 + "}"
    assert problems_of(read_agent_json, text.encode(), "a.json", "") == [
        f"a.json:3: JSON nested more than {MAX_JSON_DEPTH} levels deep; refused (not a glpi-agent inventory)"]
    # brackets inside strings do not count
    text = '{"content": {"hardware": {"name": "' + "[" * 100 + '"}}}'
    rows, _ = read_agent_json(text.encode(), "a.json", "")
    assert rows[0].get("name") == "[" * 100


def test_numecoeval_duplicate_columns(tmp_path):
    from sobriete.interop.numecoeval.reading import read_file

    path = tmp_path / "p.csv"
    path.write_text("nomEquipementPhysique;type;NomEquipementPhysique\nPC;Laptop;x\n", encoding="utf-8")
    assert problems_of(read_file, path, "p.csv") == [
        "p.csv:1: NomEquipementPhysique: duplicate column (also column 1, once case is ignored) (keep one of them)"]


# --- 6. lever values ------------------------------------------------------------------------------

@pytest.mark.parametrize("lever, value, message", [
    ("lifespan", "", "a lifespan lever needs a value"),
    ("lifespan", "+45 years", "a lifespan change must be more than 0 and at most 30 years either way"),
    ("lifespan", "-0 years", "a lifespan change must be more than 0"),
    ("pue", "6", "a PUE above 5 is not plausible"),
    ("electricity_factor", "3 kgCO2e/kWh", "an electricity factor above 2 kgCO2e/kWh is not plausible"),
])
def test_absurd_lever_values_are_refused(lever, value, message):
    from sobriete.levers import LeverError
    from sobriete.levers import lever as lever_of

    with pytest.raises(LeverError, match=message):
        lever_of(lever).parse(value)


def test_lever_values_in_bounds_still_read():
    from sobriete.levers import lever as lever_of

    assert lever_of("lifespan").parse("-2 years").amount == -2
    assert lever_of("lifespan").parse("+1 an").amount == 1
    assert lever_of("pue").parse("1.3").amount == 1.3


def _scenario(tmp_path, actions: str) -> Path:
    (tmp_path / "base.yaml").write_text("year: 2024\ndevices:\n  - {category: laptop, quantity: 10, "
                                        "lifespan: 4 years}\n", encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text("baseline: base.yaml\nhorizon: 2030\nobjectives:\n  - {metric: total, reduction: 10%, "
                    f"target_year: 2028}}\nactions:\n{actions}", encoding="utf-8")
    return path


def test_a_lifespan_shortened_to_nothing_is_refused_and_an_empty_target_noted(tmp_path, factors):
    from sobriete.io.scenario_file import load_scenario

    path = _scenario(tmp_path, "  - {id: a, lever: lifespan, value: -4 years, target: {category: laptop}}\n")
    assert problems_of(load_scenario, path, factors) == [
        f"{path}:6: value: a lifespan change of -4 years leaves no lifespan on the targeted lines (the shortest "
        "is 4 years) (shorten by less than 4 years, or set a lifespan ('value: 2 years'))"]
    path = _scenario(tmp_path, "  - {id: b, lever: lifespan, value: -1 years, target: {category: desktop}}\n")
    scenario = load_scenario(path, factors)
    assert scenario.notes == [f"{path}:6: action 'b': its target selects no line of the baseline inventory "
                              "(it changes nothing)"]
