"""Golden hostile inputs: files written to break the readers, each with its exact stderr and exit code.

``hostile/reading/expected.yaml`` maps a file (or folder) name to ``{rule, command, exit, stderr,
args, stdout}``. The command is ``validate`` (default), ``scenario``, ``glpi`` (``import glpi``)
or ``numecoeval`` (``import numecoeval``); the test runs it through click's CliRunner from inside
a copy of the folder, against the frozen test factor set. Commands that write get ``--output
out/NAME…``: on exit 2 nothing may be written there, and no input may change.

Inputs that are binary, special (FIFOs, devices) or made of control characters are built at test
time by BUILDERS and are not committed. Rules shared with tests/golden/test_bad_inputs.py:
one located line per problem, never a traceback, never exit 1.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from sobriete.cli.main import cli

GOLDEN = Path(__file__).resolve().parent / "hostile" / "reading"
EXPECTED = yaml.safe_load((GOLDEN / "expected.yaml").read_text(encoding="utf-8"))
SUPPORT = {"expected.yaml", "data"}
COMMANDS = {"validate": ["validate"], "scenario": ["scenario"], "glpi": ["import", "glpi"],
            "numecoeval": ["import", "numecoeval"]}
LOCATED = re.compile(r"^(?P<file>[^:]+?)(?::(?P<row>\d+))?: (?:(?P<column>[A-Za-z_.]+): )?(?P<message>\S.*)$")
WHOLE_FILE = ("is a FIFO", "is a device", "is a folder", "binary file", "not a readable XLSX", "the workbook",
              "file too large", "not a plausible XLSX", "empty file", "year: ", "file not found")


# --- builders: inputs that cannot be committed as text --------------------------------------------

def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def _link(target: str):
    def build(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
    return build


def _bytes(data: bytes):
    def build(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return build


def _folder(path: Path) -> None:
    path.mkdir(parents=True)
    (path / "devices.csv").write_text("category,quantity\nlaptop,3\n", encoding="utf-8")


def _workbook(*sheets, formula=None):
    """sheets: (title, rows, state); formula: (title, cell, text) written as a formula without a value."""
    def build(path: Path) -> None:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, rows, state in sheets:
            sheet = workbook.create_sheet(title)
            sheet.sheet_state = state
            for row in rows:
                sheet.append(row)
        if formula:
            workbook[formula[0]][formula[1]] = formula[2]
        workbook.save(path)
    return build


def _patched_workbook(edit, sheets=None):
    """A small valid workbook whose zip parts are then edited: edit(parts dict) → parts dict."""
    def build(path: Path) -> None:
        buffer = io.BytesIO()
        _workbook(*(sheets or (("devices", [["category", "quantity"], ["laptop", 3]], "visible"),
                               ("organisation", [["key", "value"], ["year", 2024]], "visible"))))(buffer)
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        parts = edit(parts)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
            for name, data in parts.items():
                target.writestr(name, data)
    return build


def _shared_strings_bomb(parts):
    parts["xl/sharedStrings.xml"] = b"<sst>" + b" " * 100_000_001 + b"</sst>"
    return parts


def _entities(parts):
    parts["xl/workbook.xml"] = (b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">'
                                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n' + parts["xl/workbook.xml"]
                                .split(b"?>", 1)[-1])
    return parts


def _many_parts(parts):
    for number in range(10_001):
        parts[f"xl/media/p{number}.bin"] = b""
    return parts


def _rename_sheet(old: bytes, new: bytes):
    """Excel and openpyxl refuse two sheet names equal but for case: the workbook part is edited."""
    def edit(parts):
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="' + old + b'"', b'name="' + new + b'"')
        return parts
    return edit


def _huge_dimension(parts):
    name = "xl/worksheets/sheet1.xml"
    parts[name] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', parts[name])
    return parts


ORGANISATION = ("organisation", [["key", "value"], ["year", 2024]], "visible")
DEVICES = [["category", "quantity"], ["laptop", 3]]
UTF8_LINE = "laptop,2,Mairie de Sète\n".encode("utf-8")
CP1252_LINE = "laptop,1,Béziers\n".encode("cp1252")
GLPI_HEADER = "Nom;Type;Fabricant;Modèle\n".encode("utf-8")
NEV_HEADER = b"nomEquipementPhysique;type;modele\n"

BUILDERS = {
    "vertical_tab.yaml": _bytes(b"year: 2024\norganisation:\n  name: Mairie\x0bCCAS\n"),
    "escape_character.yaml": _bytes(b"year: 2024\ndevices:\n  - category: laptop\n    model: \x1b[31mX\n"),
    "nul_after_64k.yaml": _bytes(b"year: 2024\n" + b"# padding\n" * 7000 + b"devices: \x00\n"),
    "c1_control.yaml": _bytes("year: 2024\norganisation:\n  name: Mairie\u0085\u0090\n".encode("utf-8")),
    "fifo.yaml": _fifo,
    "dev_zero.csv": _link("/dev/zero"),
    "dev_urandom.xlsx": _link("/dev/urandom"),
    "data/pipe.csv": _fifo,
    "data/pipe.yaml": _fifo,
    "data/zero.csv": _link("/dev/zero"),
    "data/postes.csv": _folder,
    "folder_fifo_section/devices.csv": _fifo,
    "mixed_encoding_utf8_first.csv": _bytes(b"category,quantity,site\n" + UTF8_LINE + CP1252_LINE),
    "mixed_encoding_cp1252_first.csv": _bytes(b"category,quantity,site\n" + CP1252_LINE + UTF8_LINE),
    "mixed_encoding_far.csv": _bytes(b"category,quantity,site\n" + UTF8_LINE + b"laptop,1,B\n" * 9000
                                     + CP1252_LINE),
    "cp1252_only.csv": _bytes(b"category,quantity,site\n" + CP1252_LINE),
    "sparse_tail.csv": _bytes(b"category,quantity\nlaptop,3\n" + b"\x00" * 200_000),
    "formula_without_value.xlsx": _workbook(("devices", DEVICES + [["desktop", None]], "visible"), ORGANISATION,
                                            formula=("devices", "B3", "=B2*2")),
    "formula_in_organisation.xlsx": _workbook(("devices", DEVICES, "visible"),
                                              ("organisation", [["key", "value"], ["year", None]], "visible"),
                                              formula=("organisation", "B2", "=2020+4")),
    "sheets_differ_by_case.xlsx": _patched_workbook(_rename_sheet(b"Other", b"DEVICES"), (
        ("devices", DEVICES, "visible"), ("Other", [["category", "quantity"], ["desktop", 5]], "visible"),
        ORGANISATION)),
    "sheets_differ_by_spaces.xlsx": _workbook(("devices", DEVICES, "visible"), ("devices ", DEVICES, "visible"),
                                              ORGANISATION),
    "hidden_sheet.xlsx": _workbook(("devices", DEVICES, "visible"),
                                   ("hosting", [["category", "quantity"], ["rack_server", 2]], "hidden"),
                                   ORGANISATION),
    "very_hidden_sheet.xlsx": _workbook(("devices", DEVICES, "veryHidden"), ORGANISATION),
    "organisation_duplicate_key.xlsx": _workbook(("devices", DEVICES, "visible"),
                                                 ("organisation", [["key", "value"], ["year", 2024],
                                                                   ["agents", 12], ["year", 2023]], "visible")),
    "duplicate_column.xlsx": _workbook(("devices", [["category", "quantity", "Quantité", "QUANTITY"],
                                                    ["laptop", 3, None, 4]], "visible"), ORGANISATION),
    "shared_strings_bomb.xlsx": _patched_workbook(_shared_strings_bomb),
    "xml_entities.xlsx": _patched_workbook(_entities),
    "too_many_parts.xlsx": _patched_workbook(_many_parts),
    "huge_dimension.xlsx": _patched_workbook(_huge_dimension),
    "glpi_mixed_encoding.csv": _bytes(GLPI_HEADER + "PC-01;Portable;Dell;Latitude é\n".encode("utf-8")
                                      + "PC-02;Portable;Dell;Précision\n".encode("cp1252")),
    "glpi_fifo.csv": _fifo,
    "glpi_dev_zero.csv": _link("/dev/zero"),
    "glpi_formula.xlsx": _workbook(("Ordinateurs", [["Nom", "Type", "Modèle"], ["PC-01", "Portable", None]],
                                    "visible"), formula=("Ordinateurs", "C2", '=CONCAT("Lat","itude")')),
    "glpi_zip_bomb.xlsx": _patched_workbook(_shared_strings_bomb),
    "nev_mixed_encoding.csv": _bytes(NEV_HEADER + "PC-é;Laptop;X\n".encode("utf-8")
                                     + "PC-è;Laptop;Y\n".encode("cp1252")),
    "nev_fifo.csv": _fifo,
    "nev_dev_urandom.csv": _link("/dev/urandom"),
    "sc_control_character.yaml": _bytes(b"baseline: data/base.yaml\nhorizon: 2030\ntitle: Plan\x07\n"),
}
BUILT_INPUTS = {name for name in BUILDERS if "/" not in name}


@pytest.fixture(scope="module")
def hostile_copy(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("hostile") / "reading"
    shutil.copytree(GOLDEN, work)
    for name, build in BUILDERS.items():
        build(work / name)
    return work


@pytest.fixture
def in_hostile_copy(hostile_copy, monkeypatch, factors):
    import sobriete.cli.glpi_cmd as glpi_cmd
    import sobriete.cli.inventory_cmd as inventory_cmd
    import sobriete.cli.numecoeval_cmd as numecoeval_cmd
    import sobriete.cli.scenario_cmd as scenario_cmd

    for module in (inventory_cmd, scenario_cmd, glpi_cmd, numecoeval_cmd):
        original = module.load_factor_set
        monkeypatch.setattr(module, "load_factor_set",
                            lambda files, original=original: factors if not tuple(files) else original(files))
    monkeypatch.chdir(hostile_copy)
    return hostile_copy


def command_of(name: str, entry: dict) -> str:
    return entry.get("command", "validate")


def run(runner, name: str, entry: dict, out: Path):
    command = command_of(name, entry)
    args = [*COMMANDS[command], name, *[str(a) for a in entry.get("args", ())]]
    if command != "validate":
        args += ["--output", str(out.with_suffix(".json" if command == "scenario" else ".yaml"))]
    if command == "scenario":
        args += ["--format", "json"]
    return runner.invoke(cli, args)


def test_corpus_is_large_and_every_input_has_an_expectation():
    committed = {p.name for p in GOLDEN.iterdir() if p.name not in SUPPORT and p.name != "__pycache__"}
    assert committed | BUILT_INPUTS == set(EXPECTED), "every input needs an entry, every entry an input"
    assert not committed & BUILT_INPUTS, "built inputs are not committed"
    assert len(EXPECTED) >= 50
    assert {command_of(n, e) for n, e in EXPECTED.items()} == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_input(name, in_hostile_copy, runner, tree_hash, tmp_path):
    entry = EXPECTED[name]
    out = tmp_path / "out" / f"{Path(name).stem}.out"
    before = tree_hash(in_hostile_copy)
    result = run(runner, name, entry, out)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.splitlines() == entry["stderr"]
    assert result.exit_code == entry["exit"]
    if entry["exit"] == 2:
        assert result.stdout == ""
        assert not out.parent.exists() or not any(out.parent.iterdir()), "nothing is written on exit 2"
    elif "stdout" in entry:
        assert result.stdout.splitlines() == entry["stdout"]
    assert tree_hash(in_hostile_copy) == before, "reading must never modify its input"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_messages_are_located_and_bounded(name):
    entry = EXPECTED[name]
    assert entry["exit"] in (0, 2)
    lines = entry["stderr"]
    assert lines or (entry["exit"] == 0 and entry.get("stdout")), "refused, noted, or read as it really is"
    for line in lines:
        assert "Traceback" not in line and "internal error" not in line
        if line.startswith("note: "):
            continue
        match = LOCATED.match(line)
        assert match, f"not 'file:row: column: message': {line}"
        if match["row"] is None:
            assert match["message"].startswith(WHOLE_FILE) or match["column"] == "year", \
                f"a problem inside a file must give its row: {line}"
    assert len(lines) <= 21
