"""The action catalogue (factors/actions.yaml), `suggest_actions`, `suggest_scenario_yaml` and
`sobriete actions suggest`.

Unit tests use the frozen test factor set: costs depend on the catalogue's parameters and on the
inventory (quantities, lifespans, electricity, PUE given on the lines), not on emission factors.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from sobriete.catalogue import MAX_SUGGESTED, suggest_actions, suggest_with_details
from sobriete.documents.scenario_yaml import suggest_scenario_yaml
from sobriete.io.catalogue_file import BASES, check_catalogue, load_catalogue
from sobriete.cli.main import cli
from sobriete.errors import InputErrors
from sobriete.io.inventory import load_inventory
from sobriete.io.scenario_file import load_scenario
from sobriete.plan import LEVERS
from sobriete.scenario import _base_lines, run_scenario, target_mask

from conftest import INVENTORIES, SHIPPED_FACTORS  # noqa: E402

EXAMPLES = ["commune-saint-aubin-2024.yaml", "ville-val-de-loire-2024.yaml", "metropole-rives-2024.yaml"]
REQUIRED = {"allonger-portables": "lifespan", "allonger-postes-fixes": "lifespan", "allonger-smartphones": "lifespan",
            "reemploi-agec-20": "refurbished", "reemploi-40": "refurbished", "un-ecran-par-agent": "fleet",
            "extinction-postes": "electricity", "pue-salle-serveur": "pue", "consolider-serveurs": "consolidate",
            "alleger-pages-web": "page_weight", "nettoyer-stockage-cloud": "fleet", "reduire-impression": "fleet",
            "telephonie-logicielle": "fleet", "optimiser-services-en-ligne": "data_transfer"}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def documented(block: dict) -> bool:
    return bool(str(block.get("source") or "").strip()) or (
        block.get("assumption") is True and bool(str(block.get("justification") or "").strip()))


# --- the catalogue -----------------------------------------------------------------------------------

def test_shipped_catalogue_is_valid_and_holds_the_required_templates(catalogue):
    assert check_catalogue(catalogue) == []
    levers = {entry["id"]: entry["lever"] for entry in catalogue["actions"]}
    for action_id, lever in REQUIRED.items():
        assert levers.get(action_id) == lever, action_id
    assert set(levers.values()) <= set(LEVERS)
    assert len(levers) == len(catalogue["actions"])  # unique ids


def test_every_catalogue_entry_cites_a_source_or_is_marked_as_an_assumption(catalogue):
    for entry in catalogue["actions"]:
        assert documented(entry["effect"]), f"{entry['id']}: effect"
        assert documented(entry["cost"]), f"{entry['id']}: cost"
        assert 1 <= entry["theme"] <= 6 and entry["owner"] and entry["kpi"]["measure"]
        for kind in ("one_off", "annual"):
            assert all(component["per"] in BASES for component in entry["cost"][kind])
    parameters = catalogue["parameters"]
    assert documented(parameters["electricity_price"])
    for table in ("prices", "running"):
        for category, entry in parameters[table].items():
            assert documented(entry), f"parameters.{table}.{category}"


def test_catalogue_categories_exist_in_the_shipped_and_test_factor_sets(catalogue, factors):
    shipped = yaml.safe_load((SHIPPED_FACTORS / "profiles.yaml").read_text(encoding="utf-8"))["profiles"]
    shipped_ids = {p["id"] for p in shipped}
    for entry in catalogue["actions"]:
        for category in entry["applies_to"].get("categories") or []:
            assert category in shipped_ids and factors.category_of(category) == category, (entry["id"], category)
    for table in ("prices", "running"):
        assert set(catalogue["parameters"][table]) <= shipped_ids


def test_the_legal_quotas_are_cited(catalogue):
    by_id = {entry["id"]: entry for entry in catalogue["actions"]}
    assert by_id["reemploi-agec-20"]["value"] == "20%" and "2021-254" in by_id["reemploi-agec-20"]["effect"]["source"]
    assert by_id["reemploi-40"]["value"] == "40%" and "2023-266" in by_id["reemploi-40"]["effect"]["source"]
    assert "65 kgCO2e" in by_id["allonger-portables"]["effect"]["source"]


def test_check_catalogue_reports_undocumented_or_malformed_entries(catalogue):
    broken = copy.deepcopy(catalogue)
    first = broken["actions"][0]
    first["effect"] = {"assumption": True}  # no justification
    first["cost"]["annual"].append({"per": "furlongs", "amount": "3 EUR"})
    broken["actions"][1]["lever"] = "magic"
    broken["actions"][2]["theme"] = 9
    problems = check_catalogue(broken, "x.yaml")
    assert any("effect needs a source" in p and first["id"] in p for p in problems)
    assert any("`per` must be one of" in p for p in problems)
    assert any("unknown lever" in p for p in problems)
    assert any("theme must be" in p for p in problems)


def test_a_bad_user_catalogue_is_an_input_error(write):
    path = write("catalogue.yaml", "actions:\n  - id: x\n    lever: lifespan\n")
    with pytest.raises(InputErrors) as caught:
        load_catalogue(path)
    assert any("missing label_fr" in str(p) for p in caught.value.problems)


# --- suggestions on the example inventories ---------------------------------------------------------------

@pytest.mark.parametrize("name", EXAMPLES)
def test_suggestions_for_the_examples_load_as_a_scenario(name, factors, tmp_path):
    inventory = load_inventory(INVENTORIES / name, factors)
    actions = suggest_actions(inventory, factors)
    assert 8 <= len(actions) <= MAX_SUGGESTED
    assert len({a["id"] for a in actions}) == len(actions)
    output = tmp_path / "out" / "scenario.yaml"
    output.parent.mkdir()
    output.write_text(suggest_scenario_yaml(INVENTORIES / name, actions, inventory=inventory, output_path=output),
                      encoding="utf-8")
    scenario = load_scenario(output, factors)  # raises InputErrors on any problem
    assert scenario.horizon == inventory.year + 6
    assert scenario.trend == {"devices": 0.0, "hosting": 0.0, "services": 0.0}
    assert [o.id for o in scenario.objectives] == [f"reen-{inventory.year + 3}", "trajectoire-sbti"]
    reen, sbti = scenario.objectives
    assert reen.reduction == pytest.approx(0.15) and reen.target_year == inventory.year + 3
    assert sbti.annual_reduction == pytest.approx(0.042) and sbti.reference_year == inventory.year
    assert [a.id for a in scenario.actions] == [a["id"] for a in actions]
    for loaded, mapping in zip(scenario.actions, actions):
        assert loaded.start == inventory.year + 1
        assert loaded.theme in range(1, 7) and loaded.owner and loaded.kpi and loaded.steps
        assert loaded.label == mapping["label"]
        assert loaded.cost == pytest.approx(float(mapping["cost"].split()[0]))
        assert loaded.annual_cost == pytest.approx(float(mapping["annual_cost"].split()[0]))
        assert loaded.notes.startswith("Effet estimé à plein régime")
        assert "Source des coûts" in loaded.notes
        assert mapping["source"].startswith("hypothèse") or len(mapping["source"]) > 20
        # every suggested action reaches at least one line of the inventory
        assert target_mask(_base_lines(inventory), loaded).any(), loaded.id


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_action_for_a_category_the_inventory_lacks(name, factors):
    inventory = load_inventory(INVENTORIES / name, factors)
    present = set(_base_lines(inventory)["category"])
    for action in suggest_actions(inventory, factors):
        categories = action["target"].get("category", [])
        categories = categories if isinstance(categories, list) else [categories]
        assert set(categories) <= present, action["id"]


def test_the_small_commune_gets_no_infrastructure_action(factors):
    inventory = load_inventory(INVENTORIES / "commune-saint-aubin-2024.yaml", factors)
    ids = {a["id"] for a in suggest_actions(inventory, factors)}
    # no server room, no servers, no cloud storage, no online service; 8 monitors for 15 agents
    assert not ids & {"pue-salle-serveur", "consolider-serveurs", "allonger-serveurs", "nettoyer-stockage-cloud",
                      "optimiser-services-en-ligne", "un-ecran-par-agent"}
    assert {"allonger-portables", "reemploi-agec-20", "alleger-pages-web"} <= ids


def test_the_metropolis_is_capped_and_gets_its_data_centre_actions(factors):
    inventory = load_inventory(INVENTORIES / "metropole-rives-2024.yaml", factors)
    suggestions = suggest_with_details(inventory, factors)
    ids = [m["id"] for m, _ in suggestions]
    assert len(ids) == MAX_SUGGESTED
    assert {"pue-salle-serveur", "consolider-serveurs", "un-ecran-par-agent", "optimiser-services-en-ligne"} <= set(ids)
    assert all(details["effect"] > 0 for _, details in suggestions)
    by_id = {m["id"]: m for m, _ in suggestions}
    # 4 220 monitors for 3 050 agents: down to one per agent
    assert by_id["un-ecran-par-agent"]["value"] == f"-{math.floor(100 * (4220 - 3050) / 4220)}%"


# --- costs on a tiny hand-made inventory ---------------------------------------------------------------

TINY = """
organisation: {name: Commune test, kind: commune, population: 900, agents: 8}
year: 2024
devices:
  - {category: laptop, quantity: 10, lifespan: 5 years, electricity: 30 kWh/year, purchase_year: 2022}
  - {category: monitor, quantity: 12, lifespan: 6 years, electricity: 50 kWh/year}
  - {category: laptop, quantity: 2, lifespan: 5 years, refurbished: true}
hosting:
  - {category: rack_server, quantity: 1, lifespan: 5 years, electricity: 2000 kWh/year, pue: 2.0, site: Mairie}
  - {category: network_switch, quantity: 1, electricity: 400 kWh/year, pue: 1.2, site: Mairie}
  - {category: wifi_access_point, quantity: 2}
  - {category: saas, spend: 1000 EUR/year}
"""


@pytest.fixture
def tiny(write, factors):
    path = write("tiny.yaml", TINY)
    return path, load_inventory(path, factors)


def test_costs_are_computed_from_the_inventory_as_documented(tiny, factors, catalogue):
    _, inventory = tiny
    actions = {a["id"]: a for a in suggest_actions(inventory, factors)}
    price = {c: float(v["value"].split()[0]) for c, v in catalogue["parameters"]["prices"].items()}
    kwh_price = float(catalogue["parameters"]["electricity_price"]["value"].split()[0])

    # lifespan +2 years on 12 laptops: 20 € per laptop and year, minus the purchases avoided:
    # 12 × (1/5 − 1/7) laptops a year × 900 €
    laptops = actions["allonger-portables"]
    assert laptops["cost"] == "0 EUR"
    expected = 12 * 20 - 12 * (1 / 5 - 1 / 7) * price["laptop"]
    assert laptops["annual_cost"] == f"{round(expected)} EUR"
    assert laptops["kpi_targets"] == {2027: 7}

    # 12 monitors for 8 agents: −33 %; 3.96 monitors taken back at 15 €; not bought again
    # (3.96 / 6 a year × 180 €) and no longer powered (3.96 × 50 kWh × 0.20 €)
    screens = actions["un-ecran-par-agent"]
    assert screens["value"] == "-33%"
    removed = 12 * 0.33
    assert screens["cost"] == f"{round(removed * 15)} EUR"
    assert screens["annual_cost"] == f"{round(-removed / 6 * price['monitor'] - removed * 50 * kwh_price)} EUR"

    # switch-off: −30 % of the monitors' 600 kWh (no desktop in this inventory)
    switch_off = actions["extinction-postes"]
    assert switch_off["target"] == {"category": "monitor"}
    assert switch_off["cost"] == "2500 EUR"
    assert switch_off["annual_cost"] == f"{round(-12 * 50 * 0.3 * kwh_price)} EUR"

    # PUE 2.0 → 1.5 for the server only: one room (10 000 €) + 2 000 kWh / 8 760 h × 1 500 € per kW;
    # saves 2 000 × 0.5 kWh a year
    pue = actions["pue-salle-serveur"]
    assert pue["target"] == {"category": "rack_server", "site": "Mairie"}
    assert pue["cost"] == f"{round(10000 + 2000 / 8760 * 1500)} EUR"
    assert pue["annual_cost"] == f"{round(-2000 * 0.5 * kwh_price)} EUR"

    # refurbished share: only the 10 laptops bought new switch (2 a year), 20 % of them at 40 €
    refurbished = actions["reemploi-agec-20"]
    assert refurbished["target"] == {"category": ["laptop", "monitor"]}
    assert refurbished["cost"] == "2000 EUR"
    assert refurbished["annual_cost"] == f"{round((10 / 5 + 12 / 6) * 0.2 * 40)} EUR"

    # one server: no consolidation (needs 3); no website, no cloud storage, no desk phone
    assert not set(actions) & {"consolider-serveurs", "alleger-pages-web", "nettoyer-stockage-cloud",
                               "telephonie-logicielle", "reduire-impression"}


def test_a_pue_target_never_raises_a_lower_pue(tiny, factors, write):
    path, inventory = tiny
    actions = suggest_actions(inventory, factors)
    output = path.parent / "scenario.yaml"
    output.write_text(suggest_scenario_yaml(path, actions, inventory=inventory, output_path=output), encoding="utf-8")
    scenario = load_scenario(output, factors)
    lines = _base_lines(inventory)
    pue_action = next(a for a in scenario.actions if a.lever == "pue")
    selected = lines.loc[target_mask(lines, pue_action)]
    assert list(selected["category"]) == ["rack_server"]
    assert (selected["pue"] >= pue_action.value.amount).all()


def test_the_suggested_scenario_runs_and_every_action_lowers_the_footprint(tiny, factors):
    path, inventory = tiny
    actions = suggest_actions(inventory, factors)
    output = path.parent / "scenario.yaml"
    output.write_text(suggest_scenario_yaml(path, actions, inventory=inventory, output_path=output), encoding="utf-8")
    result = run_scenario(load_scenario(output, factors), factors)
    for record in result.actions:
        assert record["avoided_tco2e"] > 0, record["id"]
    assert np.all(np.asarray(result.plan["total"]) <= np.asarray(result.bau["total"]) + 1e-9)


def test_scenario_yaml_paths_horizon_and_comments(tiny, factors, tmp_path):
    path, inventory = tiny
    actions = suggest_actions(inventory, factors)
    elsewhere = tmp_path / "plans" / "2025" / "scenario.yaml"
    text = suggest_scenario_yaml(path, actions, 2029, inventory=inventory, output_path=elsewhere)
    data = yaml.safe_load(text)
    assert data["baseline"] == "../../tiny.yaml"
    assert data["horizon"] == 2029
    assert data["objectives"][0]["target_year"] == 2027
    assert "# Scénario de réduction" in text and "(thème 2 : cycle de vie du matériel)" in text
    with pytest.raises(InputErrors):
        suggest_scenario_yaml(path, actions, 2024, inventory=inventory)


def test_an_inventory_without_lines_gets_no_action(write, factors):
    path = write("empty.yaml", "organisation: {name: Vide}\nyear: 2024\n")
    inventory = load_inventory(path, factors)
    assert suggest_actions(inventory, factors) == []
    text = suggest_scenario_yaml(path, [], inventory=inventory, output_path=path.parent / "s.yaml")
    assert yaml.safe_load(text)["actions"] == []


# --- the command ---------------------------------------------------------------------------------------------

def test_actions_suggest_writes_a_scenario_that_loads(runner, fixture_factor_root, factors, tmp_path, write):
    inventory = write("inv/inventaire.yaml", TINY)
    output = tmp_path / "out" / "scenario.yaml"
    result = runner.invoke(cli, ["actions", "suggest", str(inventory), "--output", str(output)])
    assert result.exit_code == 0, result.stderr
    assert output.is_file() and "wrote" in result.stderr and result.stdout == ""
    assert not list(output.parent.glob(".*.tmp"))
    scenario = load_scenario(output, factors)
    assert scenario.baseline_year == 2024 and scenario.actions
    # the scenario command takes it as is
    run = runner.invoke(cli, ["scenario", str(output), "--draws", "0", "--format", "json"])
    assert run.exit_code == 0, run.stderr


def test_actions_suggest_refuses_to_overwrite_without_force(runner, fixture_factor_root, tmp_path, write):
    inventory = write("inventaire.yaml", TINY)
    output = write("scenario.yaml", "déjà là\n")
    result = runner.invoke(cli, ["actions", "suggest", str(inventory), "--output", str(output)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert output.read_text(encoding="utf-8") == "déjà là\n"
    forced = runner.invoke(cli, ["actions", "suggest", str(inventory), "--output", str(output), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert yaml.safe_load(output.read_text(encoding="utf-8"))["baseline"] == "inventaire.yaml"


def test_actions_suggest_prints_yaml_or_a_table(runner, fixture_factor_root, write):
    inventory = write("inventaire.yaml", TINY)
    printed = runner.invoke(cli, ["actions", "suggest", str(inventory), "--horizon", "2028"])
    assert printed.exit_code == 0, printed.stderr
    data = yaml.safe_load(printed.stdout)
    assert data["horizon"] == 2028 and data["actions"]
    table = runner.invoke(cli, ["actions", "suggest", str(inventory), "--format", "table"])
    assert table.exit_code == 0, table.stderr
    assert "allonger-portables" in table.stdout and "baseline:" not in table.stdout


@pytest.mark.parametrize("arguments", [["--horizon", "2024"], ["--format", "csv"]])
def test_actions_suggest_usage_errors_exit_2(runner, fixture_factor_root, write, arguments):
    inventory = write("inventaire.yaml", TINY)
    result = runner.invoke(cli, ["actions", "suggest", str(inventory), *arguments])
    assert result.exit_code == 2


def test_actions_suggest_on_a_missing_inventory_exits_2(runner, fixture_factor_root, tmp_path):
    result = runner.invoke(cli, ["actions", "suggest", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 2
    assert "absent.yaml" in result.stderr


def test_actions_help_has_an_example(runner):
    for path in (["actions"], ["actions", "suggest"]):
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output


# --- the shipped example scenarios -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["scenario-commune-saint-aubin.yaml", "scenario-ville-val-de-loire.yaml",
                                  "scenario-metropole-rives.yaml"])
def test_example_scenarios_load(name, factors):
    scenario = load_scenario(INVENTORIES / name, factors)
    assert 8 <= len(scenario.actions) <= 20
    assert scenario.funding and scenario.partners and len(scenario.objectives) == 2
    for action in scenario.actions:
        assert action.owner and action.actors and action.steps and action.kpi and action.kpi_targets
        assert action.theme in range(1, 7)
    assert Path(scenario.path).parent == INVENTORIES


def test_no_refurbished_action_when_purchases_already_reach_the_share(write, factors):
    path = write("refurb.yaml", """
        organisation: {name: Test, agents: 20}
        year: 2024
        devices:
          - {category: laptop, quantity: 10, lifespan: 5 years}
          - {category: laptop, quantity: 10, lifespan: 5 years, refurbished: true}
        """)
    ids = {a["id"] for a in suggest_actions(load_inventory(path, factors), factors)}
    assert "allonger-portables" in ids
    assert not ids & {"reemploi-agec-20", "reemploi-40"}  # 50 % of the purchases are refurbished already


def test_a_user_catalogue_path_is_accepted(write, factors, catalogue):
    reduced = {"version": 1, "parameters": catalogue["parameters"],
               "actions": [e for e in catalogue["actions"] if e["id"] == "allonger-portables"]}
    path = write("mon-catalogue.yaml", json.dumps(reduced, ensure_ascii=False))  # JSON is YAML
    inventory = load_inventory(INVENTORIES / "commune-saint-aubin-2024.yaml", factors)
    assert [a["id"] for a in suggest_actions(inventory, factors, path)] == ["allonger-portables"]
