"""Golden bad inputs: each file of tests/golden/bad/ with its exact stderr and exit code.

``expected.yaml`` maps a file (or folder) name to ``{rule, exit, stderr, args}``; the test runs
``sobriete validate NAME ARGS…`` through click's CliRunner from inside a copy of the folder (so
that messages name files by their short relative path), against the frozen test factor set.
Files that must be binary are built at test time by BUILDERS and are not committed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from sobriete.cli.main import cli
from sobriete.io.yamlsafe import YAML_MAX_BYTES

GOLDEN = Path(__file__).resolve().parent / "bad"
EXPECTED = yaml.safe_load((GOLDEN / "expected.yaml").read_text(encoding="utf-8"))
SUPPORT = {"expected.yaml", "data"}  # not inputs themselves: the expectations, files referenced by inputs

# file:row: column: message   (row and column absent only for problems about the whole file)
LOCATED = re.compile(r"^(?P<file>[^:]+?)(?::(?P<row>\d+))?: (?:(?P<column>[a-z_.]+): )?(?P<message>\S.*)$")
COUNT_LINE = re.compile(r"^[^:]+: … and \d+ more problem\(s\) not shown$")
WHOLE_FILE = ("empty file", "binary file", "not an XLSX workbook", "file too large", "unknown inventory format",
              "unexpected file in an inventory folder", "file not found", "year: ")


def build_binary(path: Path) -> None:
    path.write_bytes(b"year: 2024\n\x00\x00\x00\x01\x02devices: []\n")


def build_not_utf8(path: Path) -> None:
    path.write_bytes("year: 2024\norganisation:\n  name: Mairie de Sète\n".encode("latin-1"))


def build_too_large(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(YAML_MAX_BYTES + 1)  # sparse: refused on its size, never read


def build_bad_workbook(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "organisation"
    for values in (["key", "value"], ["year", 2024], ["name", "Commune de Saint-Exemple"], ["agents", -3]):
        sheet.append(values)
    sheet = workbook.create_sheet("devices")
    for values in (["category", "quantity", "lifespan", "refurbished"], ["laptop", 3, "5 ans", "oui"],
                   [None, None, None, None], ["laptpo", 2, "5 kg", "peut-être"], ["desktop", 0, 31, None]):
        sheet.append(values)
    workbook.create_sheet("Feuil2")  # empty, as Excel makes them: ignored
    workbook.create_sheet("Feuil3").append(["notes du service"])  # not a section: reported
    workbook.save(path)


BUILDERS = {
    "binary.yaml": build_binary,
    "not_utf8.yaml": build_not_utf8,
    "too_large.yaml": build_too_large,
    "bad_workbook.xlsx": build_bad_workbook,
}


@pytest.fixture(scope="module")
def golden_copy(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("golden") / "bad"
    shutil.copytree(GOLDEN, work)
    for name, build in BUILDERS.items():
        build(work / name)
    return work


@pytest.fixture
def cached_factors(monkeypatch, fixture_factor_root, factors):
    """The frozen factor set, loaded once for the whole corpus (loading it is most of a run's time)."""
    import sobriete.cli.inventory_cmd as inventory_cmd

    original = inventory_cmd.load_factor_set
    monkeypatch.setattr(inventory_cmd, "load_factor_set",
                        lambda files: factors if not tuple(files) else original(files))


@pytest.fixture
def in_golden_copy(golden_copy, monkeypatch, cached_factors):
    monkeypatch.chdir(golden_copy)
    return golden_copy


def validate(runner, name: str, args=()):
    return runner.invoke(cli, ["validate", name, *[str(a) for a in args]])


def test_corpus_is_large_and_every_input_has_an_expectation():
    inputs = {p.name for p in GOLDEN.iterdir() if p.name not in SUPPORT and p.name != "__pycache__"}
    assert inputs | set(BUILDERS) == set(EXPECTED), "every input needs an entry, every entry an input"
    assert not inputs & set(BUILDERS), "built inputs are not committed"
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input(name, in_golden_copy, runner, tree_hash):
    entry = EXPECTED[name]
    before = tree_hash(in_golden_copy)
    result = validate(runner, name, entry.get("args", ()))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.splitlines() == entry["stderr"]
    assert result.exit_code == entry["exit"]
    assert result.stdout == ""
    assert tree_hash(in_golden_copy) == before, "validation must never modify its input"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_messages_are_located_and_bounded(name):
    lines = EXPECTED[name]["stderr"]
    assert lines, "a bad input reports at least one problem"
    per_file: dict[str, int] = {}
    for line in lines:
        assert "Traceback" not in line and "Error:" not in line
        if COUNT_LINE.match(line):
            continue
        match = LOCATED.match(line)
        assert match, f"not 'file:row: column: message': {line}"
        assert Path(match["file"].split("[")[0]).name, line
        if match["row"] is None:
            assert match["message"].startswith(WHOLE_FILE) or (match["column"] == "year"), \
                f"a problem inside a file must give its row: {line}"
        per_file[match["file"]] = per_file.get(match["file"], 0) + 1
    assert all(count <= 20 for count in per_file.values())


def test_at_most_20_problems_per_file_then_a_count(in_golden_copy, runner):
    result = validate(runner, "many_problems.yaml")
    lines = result.stderr.splitlines()
    assert len(lines) == 21
    assert all(line.startswith("many_problems.yaml:") for line in lines[:20])
    assert lines[20] == "many_problems.yaml: … and 5 more problem(s) not shown"


def test_committed_inputs_are_unchanged_by_validation(monkeypatch, cached_factors, runner, tree_hash):
    # In place, in the repository's own folder: hash every file before and after validating all
    # of them (one run per distinct argument list, every file of the run reported).
    monkeypatch.chdir(GOLDEN)
    before = tree_hash(GOLDEN)
    runs: dict[tuple, list[str]] = {}
    for name, entry in sorted(EXPECTED.items()):
        if name not in BUILDERS:
            runs.setdefault(tuple(entry.get("args", ())), []).append(name)
    for args, names in runs.items():
        result = runner.invoke(cli, ["validate", *names, *args])
        assert result.exit_code == 2
        assert "Traceback" not in result.output + result.stderr
        assert result.stderr.splitlines() == [line for name in names for line in EXPECTED[name]["stderr"]]
    assert tree_hash(GOLDEN) == before


def test_several_files_at_once_report_each_and_exit_2(in_golden_copy, runner):
    (in_golden_copy / "good.yaml").write_text("year: 2024\ndevices:\n  - category: laptop\n", encoding="utf-8")
    try:
        result = runner.invoke(cli, ["validate", "good.yaml", "zero_quantity.yaml", "empty.yaml"])
    finally:
        (in_golden_copy / "good.yaml").unlink()
    assert result.exit_code == 2
    assert result.stdout == "good.yaml: valid (2024; 1 devices)\n"
    assert result.stderr.splitlines() == EXPECTED["zero_quantity.yaml"]["stderr"] + EXPECTED["empty.yaml"]["stderr"]
