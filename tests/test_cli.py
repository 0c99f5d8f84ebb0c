"""The command line through click's CliRunner: help texts, version, exit codes, init, validate.

Exit codes (DESIGN §2, §7): 0 success, 2 bad input or usage, 1 internal error.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version as installed_version
from pathlib import Path

import click
import pytest
import yaml
from openpyxl import load_workbook

import sobriete
from sobriete.cli.main import cli

from conftest import FIXTURE_FACTORS, INVENTORIES, REPO, requires_shipped_factors  # noqa: E402


def all_commands(group: click.Group = cli, path: tuple = ()):
    """Every command and sub-command as (path, command), the root included."""
    yield path, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from all_commands(command, path + (name,))
        else:
            yield path + (name,), command


COMMANDS = list(all_commands())


def test_every_design_command_is_registered():
    names = {" ".join(path) for path, _ in COMMANDS}
    for expected in ("init", "validate", "footprint", "factors", "scenario", "actions", "roadmap", "report",
                     "import", "export", "explore"):
        assert expected in names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[" ".join(p) or "sobriete" for p, _ in COMMANDS])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_an_example(runner, path, flag):
    result = runner.invoke(cli, [*path, flag])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert "Usage: " in result.output
    # The one-line summary comes first in the help text.
    command = dict(COMMANDS)[path]
    assert command.help and command.help.strip().splitlines()[0].strip()


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"sobriete, version {sobriete.__version__}\n"
    assert sobriete.__version__ == installed_version("sobriete")


def test_help_does_not_import_heavy_libraries(tmp_path):
    # Run outside the repository: from its root, the local sobriete/ folder would shadow a
    # non-editable install (and has no cli/ sub-package, which only exists once installed).
    code = ("import sys\nfrom sobriete.cli.main import cli\n"
            "try:\n    cli(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'matplotlib', 'openpyxl', 'pint', 'numpy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


# --- exit codes -----------------------------------------------------------------------------------

@pytest.fixture
def good_inventory(tmp_path):
    path = tmp_path / "inv.yaml"
    path.write_text("year: 2024\ndevices:\n  - category: portable\n    quantity: 3\n", encoding="utf-8")
    return path


def test_exit_0_for_a_valid_inventory(runner, fixture_factor_root, good_inventory):
    result = runner.invoke(cli, ["validate", str(good_inventory)])
    assert result.exit_code == 0
    assert result.stdout == f"{good_inventory}: valid (2024; 1 devices)\n"
    assert result.stderr == ""


def test_exit_2_for_a_bad_inventory(runner, fixture_factor_root, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("year: 2024\ndevices:\n  - category: laptop\n    quantity: 0\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"{path}:4: quantity: must be greater than 0 (got 0)\n"
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["validate"], ["validate", "--nope", "x.yaml"], ["no-such-command"],
                                  ["validate", "x.yaml", "--year", "deux"]])
def test_exit_2_for_usage_errors(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_exit_1_for_an_internal_error_without_traceback(runner, fixture_factor_root, good_inventory, monkeypatch):
    import sobriete.io.inventory

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(sobriete.io.inventory, "load_inventory", broken)
    result = runner.invoke(cli, ["validate", str(good_inventory)])
    assert result.exit_code == 1
    assert result.stderr == ("internal error: RuntimeError: boom (run with --debug for details; "
                             "please report it)\n")
    assert "Traceback" not in result.output + result.stderr
    debug = runner.invoke(cli, ["--debug", "validate", str(good_inventory)])
    assert isinstance(debug.exception, RuntimeError)  # --debug lets the traceback through


def test_exit_1_when_the_factor_database_is_broken(runner, good_inventory, tmp_path, monkeypatch):
    import sobriete.io.factor_files

    empty = tmp_path / "no-factors"
    empty.mkdir()
    monkeypatch.setattr(sobriete.io.factor_files, "_shipped_root", lambda: empty)
    result = runner.invoke(cli, ["validate", str(good_inventory)])
    assert result.exit_code == 1
    assert result.stderr == f"error in the factor database: factor file {empty / 'profiles.yaml'} is missing\n"


def test_notes_go_to_stderr_and_keep_exit_0(runner, fixture_factor_root, tmp_path):
    path = tmp_path / "devices.csv"
    path.write_bytes("category;site\nlaptop;Hôtel de ville\n".encode("cp1252"))
    result = runner.invoke(cli, ["validate", str(path), "--year", "2024"])
    assert result.exit_code == 0
    assert result.stdout == f"{path}: valid (2024; 1 devices)\n"
    assert result.stderr == f"note: {path}: read as cp1252 (Windows) because it is not valid UTF-8\n"


# --- init -----------------------------------------------------------------------------------------------

INIT_FILES = ["inventaire-exemple.yaml", "modele-csv/achats.csv", "modele-csv/equipements.csv",
              "modele-csv/hebergement.csv", "modele-csv/organisation.csv", "modele-csv/services.csv",
              "modele-csv/sorties.csv", "modele.xlsx"]


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_init_writes_the_working_folder(runner, fixture_factor_root, tmp_path):
    target = tmp_path / "ma-collectivite"
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.stderr
    assert files_under(target) == INIT_FILES
    assert result.stdout.splitlines()[0] == f"wrote {target / 'inventaire-exemple.yaml'}"
    assert len(result.stdout.splitlines()) == 8
    assert (target / "modele-csv" / "equipements.csv").read_text(encoding="utf-8").splitlines()[0].startswith(
        "catégorie,quantité,année d'achat,durée de vie")


def test_init_refuses_to_overwrite_without_force(runner, fixture_factor_root, tmp_path):
    target = tmp_path / "dossier"
    target.mkdir()
    (target / "inventaire-exemple.yaml").write_text("mon inventaire, à ne pas perdre\n", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{target / 'inventaire-exemple.yaml'}: already exists; not overwritten (use --force)"]
    assert files_under(target) == ["inventaire-exemple.yaml"]  # nothing written at all
    assert (target / "inventaire-exemple.yaml").read_text(encoding="utf-8") == "mon inventaire, à ne pas perdre\n"

    result = runner.invoke(cli, ["init", str(target), "--force"])
    assert result.exit_code == 0
    assert files_under(target) == INIT_FILES
    assert "mon inventaire" not in (target / "inventaire-exemple.yaml").read_text(encoding="utf-8")


def test_init_on_a_file_is_an_input_error(runner, fixture_factor_root, tmp_path):
    target = tmp_path / "fichier"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def data_validations(sheet):
    return [(dv.type, str(dv.sqref), dv.formula1) for dv in sheet.data_validations.dataValidation]


def list_values(workbook, formula: str) -> list[str]:
    sheet_name, cells = formula.lstrip("=").split("!")
    first, last = cells.replace("$", "").split(":")
    return [row[0] for row in workbook[sheet_name].iter_rows(min_row=int(first[1:]), max_row=int(last[1:]),
                                                              min_col=ord(first[0]) - 64,
                                                              max_col=ord(first[0]) - 64, values_only=True)]


def test_xlsx_template_has_category_drop_downs_and_instructions(runner, fixture_factor_root, factors, tmp_path):
    assert runner.invoke(cli, ["init", str(tmp_path / "w")]).exit_code == 0
    workbook = load_workbook(tmp_path / "w" / "modele.xlsx")
    assert {"instructions", "organisation", "équipements", "hébergement", "services", "achats",
            "sorties"} <= set(workbook.sheetnames)
    instructions = [c for row in workbook["instructions"].iter_rows(values_only=True) for c in row if c]
    text = " ".join(instructions)
    assert "Modèle d'inventaire" in text and "liste" in text and "sobriete validate" in text
    for section, name in (("devices", "équipements"), ("hosting", "hébergement"), ("services", "services"),
                          ("purchases", "achats"), ("retired", "sorties")):
        sheet = workbook[name]
        header = [c.value for c in sheet[1]]
        letter = chr(ord("A") + header.index("catégorie"))
        lists = [(sqref, formula) for kind, sqref, formula in data_validations(sheet)
                 if kind == "list" and sqref.startswith(f"{letter}2:")]
        assert len(lists) == 1, f"{section}: no drop-down on the category column"
        sqref, formula = lists[0]
        assert int(sqref.split(":")[1][1:]) >= 1000  # the whole column, not a few rows
        offered = list_values(workbook, formula)
        if section in ("purchases", "retired"):
            expected = {p.id for p in factors.profiles.values() if p.method == "equipment"}
        else:
            expected = {p.id for p in factors.profiles.values() if p.section == section}
        # French labels where the category has one (portable, écran…), each mapped back to its id.
        assert sorted(factors.category_of(label) for label in offered) == sorted(expected)
        assert "portable" in offered or section not in ("devices", "purchases", "retired")


def test_generated_example_and_blank_templates_validate(runner, fixture_factor_root, tmp_path):
    target = tmp_path / "w"
    assert runner.invoke(cli, ["init", str(target)]).exit_code == 0
    workbook = load_workbook(target / "modele.xlsx")
    for name in ("équipements", "hébergement", "services", "achats", "sorties"):
        workbook[name].delete_rows(2)  # the example rows
    workbook.save(target / "modele.xlsx")
    result = runner.invoke(cli, ["validate", str(target / "inventaire-exemple.yaml"), str(target / "modele.xlsx"),
                                 str(target / "modele-csv"), "--year", "2024"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{target / 'inventaire-exemple.yaml'}: valid "
        "(2024; 15 devices, 4 hosting, 2 services, 4 purchases, 2 retired)",
        f"{target / 'modele.xlsx'}: valid (2024; no lines)",
        f"{target / 'modele-csv'}: valid (2024; no lines)",
    ]


def test_filled_xlsx_template_validates(runner, fixture_factor_root, tmp_path):
    assert runner.invoke(cli, ["init", str(tmp_path / "w")]).exit_code == 0
    workbook = load_workbook(tmp_path / "w" / "modele.xlsx")
    workbook["organisation"]["B2"] = 2024
    for name in ("équipements", "hébergement", "services", "achats", "sorties"):
        workbook[name].delete_rows(2)
    workbook["équipements"].append(["portable", 12, 2022, "6 ans"])
    workbook["hébergement"].append(["rack_server", 2])
    workbook.save(tmp_path / "w" / "rempli.xlsx")
    result = runner.invoke(cli, ["validate", str(tmp_path / "w" / "rempli.xlsx")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{tmp_path / 'w' / 'rempli.xlsx'}: valid (2024; 1 devices, 1 hosting)\n"


# --- with the shipped factor set ---------------------------------------------------------------------------

@requires_shipped_factors
def test_shipped_inventories_validate(runner):
    def is_inventory(path: Path) -> bool:
        if path.suffix == ".yaml":  # scenarios live in inventories/ too
            return "baseline" not in yaml.safe_load(path.read_text(encoding="utf-8"))
        return path.suffix == ".xlsx" or (path.is_dir() and any(path.glob("*.csv")))

    paths = sorted(str(p) for p in INVENTORIES.iterdir() if is_inventory(p))
    assert len(paths) >= 3
    result = runner.invoke(cli, ["validate", *paths])
    assert result.exit_code == 0, result.stderr
    assert all(line.endswith(")") and ": valid (" in line for line in result.stdout.splitlines())


@requires_shipped_factors
def test_init_with_the_shipped_factors_validates(runner, tmp_path):
    target = tmp_path / "w"
    assert runner.invoke(cli, ["init", str(target)]).exit_code == 0
    result = runner.invoke(cli, ["validate", str(target / "inventaire-exemple.yaml"), str(target / "modele-csv"),
                                 "--year", "2024"])
    assert result.exit_code == 0, result.stderr


def test_fixture_factor_set_is_frozen():
    # Golden expectations rely on it: its version is pinned.
    assert (FIXTURE_FACTORS / "VERSION").read_text(encoding="utf-8").strip() == "test-1"
    profiles = yaml.safe_load((FIXTURE_FACTORS / "profiles.yaml").read_text(encoding="utf-8"))["profiles"]
    assert len(profiles) == 33
