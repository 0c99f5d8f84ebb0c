"""The documentation a user follows works as written.

- docs/inventory.md's tables are what docs/make_docs.py generates from the vocabulary and the model
  (so they cannot drift from what the loader accepts), and its example inventory loads;
- docs/scenario.md's example scenario runs, with one action per built-in lever;
- docs/factors.md's example factor file loads;
- the README and docs/ link only to files that exist, and not to the design notes users do not have;
- every `Example:` of every `--help` runs as written, in a folder holding the shipped examples
  (`inventories/`), the output of the `init` example, and exports standing for the user's own
  (GLPI and NumÉcoÉval files, which no tool can ship).
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sobriete.cli.main import cli

from conftest import INVENTORIES, REPO, requires_shipped_factors  # noqa: E402

DOCS = REPO / "docs"


def _make_docs():
    spec = importlib.util.spec_from_file_location("make_docs", DOCS / "make_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@requires_shipped_factors
def test_inventory_tables_are_generated_from_the_code():
    text = (DOCS / "inventory.md").read_text(encoding="utf-8")
    assert _make_docs().render(text) == text, "docs/inventory.md is out of date: run python docs/make_docs.py"


def test_every_key_and_french_name_is_documented():
    from sobriete import model, vocabulary

    text = (DOCS / "inventory.md").read_text(encoding="utf-8")
    for key in set(model.LINE_KEYS) | set(model.PURCHASE_KEYS) | set(model.RETIRED_KEYS):
        assert f"| `{key}` | `{vocabulary.FIELD_OF[key].header_fr}` |" in text, key
    for list_name, values in vocabulary.CHOICES.items():
        for id_, (label, _) in values.items():
            assert f"| `{list_name}` | `{id_}` | `{label}` |" in text


@requires_shipped_factors
def test_the_inventory_example_loads(tmp_path):
    from sobriete.io.factor_files import load_factors
    from sobriete.io.inventory import load_inventory

    (block,) = yaml_blocks(DOCS / "inventory.md")
    path = tmp_path / "inventaire.yaml"
    path.write_text(block, encoding="utf-8")
    inventory = load_inventory(path, load_factors())
    assert list(inventory.sections["devices"]["ownership"]) == ["owned", "leased"]
    assert list(inventory.sections["retired"]["destination"]) == ["reuse"]


@requires_shipped_factors
def test_the_scenario_example_runs_with_one_action_per_lever(tmp_path):
    from sobriete.io.factor_files import load_factors
    from sobriete.io.scenario_file import load_scenario
    from sobriete.levers import LEVERS
    from sobriete.scenario import run_scenario

    (block,) = yaml_blocks(DOCS / "scenario.md")
    assert sorted(re.findall(r"^    lever: (\w+)", block, flags=re.M)) == sorted(LEVERS)
    text = (DOCS / "scenario.md").read_text(encoding="utf-8")
    for lever in LEVERS:
        assert f"`{lever}`" in text.split("## Levers", 1)[1].split("##", 1)[0], lever
    shutil.copy(INVENTORIES / "commune-saint-aubin-2024.yaml", tmp_path)
    (tmp_path / "scenario.yaml").write_text(block, encoding="utf-8")
    factors = load_factors()
    result = run_scenario(load_scenario(tmp_path / "scenario.yaml", factors), factors, draws=0)
    assert result.trajectories.years[-1] == 2030


@requires_shipped_factors
def test_the_factor_file_example_loads(tmp_path):
    from sobriete.io.factor_files import load_factors

    (block,) = yaml_blocks(DOCS / "factors.md")
    path = tmp_path / "mes-facteurs.yaml"
    path.write_text(block, encoding="utf-8")
    factors = load_factors((str(path),))
    assert factors.category_of("borne interactive") == "borne_accueil"
    assert factors.profiles["laptop"].get("embodied") == 290.0
    assert "+" in factors.version


LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", ["README.md", *sorted(str(p.relative_to(REPO)) for p in DOCS.glob("*.md"))])
def test_links_point_to_files_that_exist(page):
    path = REPO / page
    text = path.read_text(encoding="utf-8")
    missing = [target for target in LINK.findall(text)
               if "://" not in target and not (path.parent / target).exists()]
    assert not missing, f"{page} links to missing files: {missing}"


def test_the_readme_does_not_send_users_to_design_notes():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("DESIGN", "STYLE.md", "REFERENCES", "GLPI.md"):
        assert name not in text, name
    for page in ("docs/inventory.md", "docs/scenario.md", "docs/factors.md", "docs/calculation.md", "docs/api.md"):
        assert f"]({page})" in text, page
    assert "_SOBRIETE_COMPLETE=bash_source sobriete" in text


# --- every Example: of --help -------------------------------------------------------------------------


def help_examples() -> list[str]:
    """Every distinct command line of every `Example:` block, in the order of `sobriete --help` then
    the commands (continuation lines joined)."""
    def walk(command, path=()):
        yield command
        if isinstance(command, click.Group):
            for name in sorted(command.commands):
                yield from walk(command.commands[name], path + (name,))

    found: list[str] = []
    for command in walk(cli):
        text = (command.help or "").split("Example:", 1)
        assert len(text) == 2, f"{command.name}: no Example: in its help"
        block = text[1].replace("\\\n", " ")
        for line in block.splitlines():
            line = " ".join(line.split())
            if line.startswith("sobriete ") and line not in found:
                found.append(line)
    return found


EXAMPLES = help_examples()


@pytest.fixture(scope="module")
def example_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("examples")
    shutil.copytree(INVENTORIES, folder / "inventories", ignore=shutil.ignore_patterns("documents"))
    glpi, numecoeval = REPO / "tests" / "fixtures" / "glpi", REPO / "tests" / "fixtures" / "numecoeval"
    # The user's GLPI exports: the fixture's computers without its one unclassified row (line 14,
    # type `Other`: the first example maps no type), and its monitors; exports/ holds both as exported.
    computers = (glpi / "ordinateurs-glpi10-fr.csv").read_bytes().split(b"\n")
    assert b'"Other"' in computers[13]
    (folder / "ordinateurs.csv").write_bytes(b"\n".join(computers[:13] + computers[14:]))
    shutil.copy(glpi / "moniteurs-glpi11-en.csv", folder / "moniteurs.csv")
    (folder / "exports").mkdir()
    for name in ("ordinateurs-glpi10-fr.csv", "moniteurs-glpi11-en.csv"):
        shutil.copy(glpi / name, folder / "exports" / name)
    for name in ("datacenters.csv", "equipementsPhysiques.csv", "equipementsVirtuels.csv", "applications.csv",
                 "ref_FacteurCaracterisation.csv"):
        shutil.copy(numecoeval / name, folder / name)
    return folder


def test_the_help_examples_are_collected():
    assert EXAMPLES[0] == "sobriete init ma-collectivite"
    assert len(EXAMPLES) >= 30
    assert any(line.startswith("sobriete import glpi exports/ ") and "--map-type" in line for line in EXAMPLES)


@requires_shipped_factors
@pytest.mark.parametrize("line", EXAMPLES)
def test_every_help_example_runs_as_written(line, example_folder, monkeypatch):
    monkeypatch.chdir(example_folder)
    result = CliRunner().invoke(cli, shlex.split(line)[1:])
    assert result.exit_code == 0, f"{line}\n{result.stderr}{result.output}"
