"""The Python API (DESIGN §10): what a notebook user calls, checked against the command line.

`sobriete.footprint(...).to_json()` must be the document `sobriete footprint --format json` prints
for the same inventory; a mapping with DataFrames or lists of dicts must load like the same YAML;
bad input raises `sobriete.InputErrors` with the command line's located lines; the README's
Python example runs as written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import sobriete
from sobriete.cli.main import cli

REPO = Path(__file__).resolve().parent.parent
SAINT_AUBIN = REPO / "inventories" / "commune-saint-aubin-2024.yaml"

YAML = """
organisation: {name: Commune de Test, kind: commune, agents: 10, population: 1000}
year: 2024
devices:
  - {category: laptop, quantity: 12, purchase_year: 2021, lifespan: 5 years, ownership: leased}
  - {category: monitor, quantity: 3}
hosting:
  - {category: rack_server, quantity: 2, electricity: 1800 kWh/year, pue: 1.5}
"""


def test_import_is_light_and_the_api_is_loaded_on_first_use():
    code = ("import sys, sobriete; heavy = [m for m in ('pandas', 'numpy', 'pint') if m in sys.modules]; "
            "print(heavy, sorted(n for n in sobriete.__all__ if n != '__version__'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] ['InputErrors', 'footprint', 'load_inventory', 'scenario']"
    assert sobriete.InputErrors is sobriete.errors.InputErrors and issubclass(sobriete.InputErrors, ValueError)


def test_python_dash_m_runs_the_command_line(tmp_path):
    # Run outside the repository: there, `python -m` would find the source folder `sobriete/` first,
    # which does not hold `sobriete.cli` (installed from `cli/`), instead of the installed package.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    result = subprocess.run([sys.executable, "-m", "sobriete", "--version"], capture_output=True, text=True,
                            cwd=tmp_path, env=env)
    assert result.returncode == 0 and result.stdout == f"sobriete, version {sobriete.__version__}\n"
    result = subprocess.run([sys.executable, "-m", "sobriete", "validate", "nowhere.yaml"], capture_output=True,
                            text=True, cwd=tmp_path, env=env)
    assert result.returncode == 2 and result.stderr == "nowhere.yaml: file not found\n"


def test_footprint_to_json_is_the_command_line_document(fixture_factor_root, write):
    path = write("inventaire.yaml", YAML)
    cli_result = CliRunner().invoke(cli, ["footprint", str(path), "--format", "json", "--draws", "200", "--seed", "3"])
    assert cli_result.exit_code == 0, cli_result.stderr
    fp = sobriete.footprint(sobriete.load_inventory(path), draws=200, seed=3)
    assert fp.to_json() == json.loads(cli_result.stdout)
    assert fp.total == json.loads(cli_result.stdout)["total"] > 0
    low, high = fp.interval
    assert low < fp.total < high
    assert fp.by("category") == fp.to_json()["by_category"]
    assert fp.by("beges") == fp.to_json()["by_beges"] and "4.4" in fp.by("beges")
    assert isinstance(fp.lines, pd.DataFrame) and len(fp.lines) == 3
    assert fp.lines["total"].sum() == pytest.approx(fp.total, rel=1e-12)
    assert "lines" not in fp.to_json(lines=False)


def test_a_mapping_of_dataframes_and_lists_is_the_yaml(fixture_factor_root, write):
    from_file = sobriete.footprint(sobriete.load_inventory(write("inventaire.yaml", YAML)), draws=0)
    devices = pd.DataFrame({"catégorie": ["portable", "écran"], "quantité": [12, 3],
                            "année d'achat": [2021, None], "durée de vie": ["5 ans", None],
                            "détention": ["location", None], "prix": [950, 180]})
    mapping = {"organisation": {"name": "Commune de Test", "kind": "commune", "agents": 10, "population": 1000},
               "year": 2024, "devices": devices,
               "hosting": [{"category": "rack_server", "quantity": 2, "electricity": "1800 kWh/year", "pue": 1.5}]}
    inventory = sobriete.load_inventory(mapping)
    assert [str(n) for n in inventory.notes] == [
        "devices: column(s) 'prix' ignored: not inventory keys (--strict refuses them)"]
    from_data = sobriete.footprint(inventory, draws=0)
    assert from_data.total == from_file.total
    assert from_data.by("beges") == from_file.by("beges")
    assert from_data.interval is None


def test_bad_input_raises_input_errors_with_located_lines(fixture_factor_root):
    with pytest.raises(sobriete.InputErrors) as caught:
        sobriete.load_inventory({"year": 2024, "devices": [{"category": "laptop", "quantity": -1},
                                                            {"category": "portabel"}],
                                 "hosting": pd.DataFrame({"category": ["serveur"], "quantty": [2]})})
    assert [str(p) for p in caught.value.problems] == [
        "devices:1: quantity: must be greater than 0 (got -1)",
        "devices:2: category: unknown category (got 'portabel') (did you mean 'portable'?)",
        "hosting:1: hosting: unknown key 'quantty' (did you mean 'quantity'?)",
    ]
    with pytest.raises(sobriete.InputErrors) as caught:
        sobriete.load_inventory({"devices": [{"category": "laptop"}]})
    assert "the reporting year is missing" in str(caught.value)
    with pytest.raises(ValueError):  # InputErrors is a ValueError
        sobriete.footprint(sobriete.load_inventory({"year": 2024}), method="amortised")


def test_scenario_takes_budgets_as_people_type_them(fixture_factor_root):
    path = REPO / "tests" / "fixtures" / "scenario-commune.yaml"
    typed = sobriete.scenario(path, propose=True, budget="150 000 €", draws=0)
    number = sobriete.scenario(path, propose=True, budget=150_000, draws=0)
    assert typed.budget == number.budget == 150000.0
    assert typed.to_json() == number.to_json()
    assert typed.years == typed.to_json()["years"] and typed.years[0] < typed.years[-1]
    result = CliRunner().invoke(cli, ["scenario", str(path), "--propose", "--budget", "150k€", "--format", "json",
                                      "--draws", "0"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == typed.to_json()
    with pytest.raises(sobriete.InputErrors) as caught:
        sobriete.scenario(path, budget="1,800 €")
    assert "ambiguous number" in str(caught.value)


def readme_python_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_the_readme_python_example_runs_as_written(monkeypatch):
    blocks = readme_python_blocks()
    assert blocks, "the README has no ```python block"
    monkeypatch.chdir(REPO)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    fp = namespace["fp"]
    assert fp.to_json()["total"] == fp.total > 0
    assert os.getcwd() == str(REPO)
