"""Criteria beyond carbon (DESIGN §4 "Beyond carbon", §8 `criteria`), computed by hand.

The frozen test factors (tests/fixtures/factors, values in tests/unit/test_footprint.py) are given
`impacts` here: laptop 0.01 kgSbe and 2,000 MJ per unit, rack_server 0.1 kgSbe, electricity.FR
1e-7 kgSbe/kWh, 10 MJ/kWh and 3 kBq U235 eq/kWh, network.fixed 1e-6 kgSbe/GB (network.mobile:
none), spend.saas 1e-5 kgSbe/EUR, cloud.ovhcloud.embodied 2e-6 kgSbe per vCPU·h, email 1e-4 kgSbe
per mailbox and year, video_conference 1e-6 kgSbe per hour.
"""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sobriete.footprint import compute_footprint
from sobriete.io.factor_files import load_factors
from sobriete.io.inventory import load_inventory
from sobriete.errors import InputErrors

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "factors"
ADP, PE, IR = "resource_use_minerals_metals", "resource_use_fossils", "ionising_radiation"
IMPACTS = {
    "laptop": {ADP: 0.01, PE: 2000.0},
    "rack_server": {ADP: 0.1},
    "electricity.FR": {ADP: 1e-7, PE: 10.0, IR: 3.0},
    "network.fixed": {ADP: 1e-6},
    "spend.saas": {ADP: 1e-5},
    "cloud.ovhcloud.embodied": {ADP: 2e-6},
    "email": {ADP: 1e-4},
    "video_conference": {ADP: 1e-6},
}


def with_impacts(factor_set, impacts: dict):
    """A copy of `factor_set` whose entries carry `impacts` (every year of an intensity)."""
    profiles = {i: dataclasses.replace(p, impacts=impacts.get(i, {})) for i, p in factor_set.profiles.items()}
    series = {i: [dataclasses.replace(e, impacts=impacts.get(i, {})) for e in entries]
              for i, entries in factor_set.series.items()}
    intensities = {i: dataclasses.replace(e, impacts=impacts.get(i, {})) for i, e in factor_set.intensities.items()}
    copy = dataclasses.replace(factor_set, profiles=profiles, series=series, intensities=intensities, _by_year={})
    copy._aliases = factor_set._aliases
    return copy


@pytest.fixture(scope="module")
def plain():
    return load_factors(base=FIXTURE)


@pytest.fixture(scope="module")
def factors(plain):
    return with_impacts(plain, IMPACTS)


def footprint_of(tmp_path, factors, body: str, *, year: int = 2024, method: str = "amortized"):
    path = tmp_path / "inv.yaml"
    path.write_text(f"year: {year}\n" + textwrap.dedent(body), encoding="utf-8")
    return compute_footprint(load_inventory(path, factors), factors, method=method)


def test_equipment_amortized_embodied_and_use(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2022}
          - {category: laptop, quantity: 4, refurbished: true, share: 50%}
          - {category: laptop, quantity: 10, purchase_year: 2019}
        hosting:
          - {category: rack_server, quantity: 2, pue: 1.5}
    """)
    adp = fp.line_impacts(ADP)
    # 10 × 0.01 / 5 + 10 × 30 kWh × 1e-7
    assert adp[0] == pytest.approx(10 * 0.01 / 5 + 10 * 30 * 1e-7, rel=1e-12)
    # refurbished: the profile's ratio 50 / 200 applies to every criterion; share 50 %
    assert adp[1] == pytest.approx(4 * 0.5 * 0.01 * (50 / 200) / 5 + 4 * 0.5 * 30 * 1e-7, rel=1e-12)
    # past its lifespan: use only
    assert adp[2] == pytest.approx(10 * 30 * 1e-7, rel=1e-12)
    # servers: embodied + electricity × PUE
    assert adp[3] == pytest.approx(2 * 0.1 / 5 + 2 * 2000 * 1.5 * 1e-7, rel=1e-12)
    pe = fp.line_impacts(PE)
    assert pe[0] == pytest.approx(10 * 2000 / 5 + 10 * 30 * 10, rel=1e-12)
    assert np.isnan(pe[3])  # rack_server gives no MJ: the server line is not evaluated
    criteria = fp.criteria()
    assert criteria["climate_change"] == {"unit": "kgCO2e/year", "total": fp.total, "coverage": 1.0}
    assert criteria[ADP]["unit"] == "kgSbe/year"
    assert criteria[ADP]["total"] == pytest.approx(float(np.sum(adp)), rel=1e-12)
    assert criteria[ADP]["coverage"] == 1.0
    carbon = fp.lines["total"].to_numpy()
    assert criteria[PE]["coverage"] == pytest.approx(carbon[:3].sum() / carbon.sum(), rel=1e-12)
    assert criteria[PE]["total"] == pytest.approx(float(np.nansum(pe[:3])), rel=1e-12)
    assert criteria[PE]["unit"] == "MJ/year"


def test_equipment_acquisition(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2024}
          - {category: laptop, quantity: 10, purchase_year: 2022}
          - {category: laptop, quantity: 3}
    """, method="acquisition")
    adp = fp.line_impacts(ADP)
    assert adp[0] == pytest.approx(10 * 0.01 + 10 * 30 * 1e-7, rel=1e-12)
    assert adp[1] == pytest.approx(10 * 30 * 1e-7, rel=1e-12)
    assert adp[2] == pytest.approx(3 * 30 * 1e-7, rel=1e-12)


def test_line_embodied_is_not_evaluated_and_coverage_drops(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 10}
          - {category: laptop, quantity: 5, embodied: 300 kgCO2e}
          - {category: desktop, quantity: 2}
    """)
    adp = fp.line_impacts(ADP)
    assert not np.isnan(adp[0]) and np.isnan(adp[1]) and np.isnan(adp[2])
    carbon = fp.lines["total"].to_numpy()
    criteria = fp.criteria()
    assert criteria[ADP]["coverage"] == pytest.approx(carbon[0] / carbon.sum(), rel=1e-12)
    assert criteria[ADP]["total"] == pytest.approx(adp[0], rel=1e-12)
    # Ionising radiation comes from the electricity mix only: no line is complete.
    assert criteria[IR]["coverage"] == 0.0 and criteria[IR]["total"] == 0.0


def test_spend_network_cloud_activity(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        hosting:
          - {category: saas, spend: 12 000 €/an}
          - {category: cloud_vm, provider: OVHcloud, vcpu: 4, hours: 8760}
          - {category: colocation, electricity: 1000 kWh/year, pue: 1.5}
        services:
          - {category: web_service, data_transfer: 2 TB/year}
          - {category: email, quantity: 100}
          - {category: video_conference, quantity: 10, hours: 100}
    """)
    adp = fp.line_impacts(ADP)
    assert adp[0] == pytest.approx(12000 * 1e-5, rel=1e-12)
    energy = 4 * 8760 * (1 + 0.5 * (3 - 1)) / 1000  # 70.08 kWh, × PUE 1.25
    assert adp[1] == pytest.approx(energy * 1.25 * 1e-7 + 4 * 8760 * 2e-6, rel=1e-12)
    assert adp[2] == pytest.approx(1000 * 1.5 * 1e-7, rel=1e-12)
    assert np.isnan(adp[3])  # 25 % of the transfer is on the mobile network, which gives no kgSbe
    assert adp[4] == pytest.approx(100 * 1e-4, rel=1e-12)
    assert adp[5] == pytest.approx(10 * 100 * 1e-6, rel=1e-12)


def test_network_with_both_networks(tmp_path, plain):
    factors = with_impacts(plain, {**IMPACTS, "network.mobile": {ADP: 3e-6}})
    fp = footprint_of(tmp_path, factors, """
        services:
          - {category: website, page_views: 1000000, page_weight: 2 Mo}
    """)
    # 2,000 GB: 75 % fixed × 1e-6 + 25 % mobile × 3e-6
    assert fp.line_impacts(ADP)[0] == pytest.approx(2000 * 0.75 * 1e-6 + 2000 * 0.25 * 3e-6, rel=1e-12)
    assert fp.criteria()[ADP]["coverage"] == 1.0


def test_without_impacts_there_are_no_criteria_beyond_carbon(tmp_path, plain):
    fp = footprint_of(tmp_path, plain, """
        devices:
          - {category: laptop, quantity: 10}
    """)
    assert fp.criterion_ids == [] and fp.impacts is None
    assert fp.criteria() == {"climate_change": {"unit": "kgCO2e/year", "total": fp.total, "coverage": 1.0}}


def test_factor_file_impacts_are_parsed_and_checked(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(textwrap.dedent("""
        intensities:
          - id: electricity.FR
            value: 0.1 kgCO2e/kWh
            source: test
            impacts: {resource_use_minerals_metals: 1.1e-8 kgSbe/kWh, resource_use_fossils: 11.3 MJ/kWh,
                      water_use: 2 L/kWh}
    """), encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        load_factors([str(good)], base=FIXTURE)
    assert "water_use" in str(caught.value)  # litres are a volume, not m3 world eq.
    good.write_text(good.read_text(encoding="utf-8").replace("water_use: 2 L/kWh", "water_use: 0.002 m3/kWh"),
                    encoding="utf-8")
    factors = load_factors([str(good)], base=FIXTURE)
    assert factors.intensity("electricity.FR").impacts == pytest.approx(
        {ADP: 1.1e-8, PE: 11.3, "water_use": 0.002})
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent("""
        profiles:
          - id: laptop
            section: devices
            embodied: 200 kgCO2e
            lifespan: 5 years
            electricity: 30 kWh/year
            source: test
            impacts: {resource_use_mineral: 0.01 kgSbe, climate_change: 200 kgCO2e, resource_use_fossils: 3 kgSbe}
    """), encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        load_factors([str(bad)], base=FIXTURE)
    text = str(caught.value)
    assert "unknown criterion 'resource_use_mineral'" in text and "resource_use_minerals_metals" in text
    assert "climate_change is the entry's own carbon value" in text
    assert "resource_use_fossils" in text and "MJ" in text


@settings(max_examples=25, deadline=None)
@given(quantities=st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=5),
       purchase=st.lists(st.one_of(st.none(), st.integers(min_value=2015, max_value=2024)), min_size=5, max_size=5),
       method=st.sampled_from(["amortized", "acquisition"]))
def test_climate_change_criterion_is_the_carbon_footprint(tmp_path_factory, factors, quantities, purchase, method):
    rows = "\n".join(
        f"  - {{category: {'laptop' if k % 2 else 'desktop'}, quantity: {q}"
        + (f", purchase_year: {purchase[k]}" if purchase[k] else "") + "}"
        for k, q in enumerate(quantities))
    fp = footprint_of(tmp_path_factory.mktemp("p"), factors, "devices:\n" + rows + "\n", method=method)
    assert fp.criteria()["climate_change"]["total"] == fp.total
    assert np.array_equal(fp.line_impacts("climate_change"), fp.lines["total"].to_numpy())
    # a criterion's coverage is a share of the carbon total, between 0 and 1
    for criterion in fp.criteria().values():
        assert 0.0 <= criterion["coverage"] <= 1.0


def _cli(monkeypatch, tmp_path, *args):
    from click.testing import CliRunner

    import sobriete.io.factor_files as factor_files
    from sobriete.cli.main import cli

    monkeypatch.setattr(factor_files, "_shipped_root", lambda: FIXTURE)
    user = tmp_path / "criteria.yaml"
    user.write_text(textwrap.dedent("""
        intensities:
          - id: electricity.FR
            value: 0.05 kgCO2e/kWh
            source: test
            impacts: {resource_use_minerals_metals: 1e-7 kgSbe/kWh, resource_use_fossils: 10 MJ/kWh}
    """), encoding="utf-8")
    path = tmp_path / "inv.yaml"
    path.write_text("year: 2024\ndevices:\n  - {category: laptop, quantity: 10, purchase_year: 2022}\n"
                    "hosting:\n  - {category: colocation, electricity: 1000 kWh/year, pue: 1.5}\n", encoding="utf-8")
    return CliRunner().invoke(cli, ["footprint", str(path), "--factors", str(user), "--draws", "0", *args])


def test_cli_json_has_criteria_and_line_impacts(monkeypatch, tmp_path):
    import json

    result = _cli(monkeypatch, tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    criteria = document["criteria"]
    assert list(criteria) == ["climate_change", ADP, PE]
    assert criteria["climate_change"] == {"unit": "kgCO2e/year", "total": document["total"], "coverage": 1.0}
    # The laptop line's embodied has no kgSbe (the fixture profile has no impacts): only the
    # colocation line (1,000 kWh × PUE 1.5 × 0.05 = 75 kgCO2e of 490) is evaluated.
    assert criteria[ADP]["total"] == pytest.approx(1500 * 1e-7, rel=1e-12)
    assert criteria[ADP]["coverage"] == pytest.approx(75 / (400 + 15 + 75), rel=1e-12)
    assert criteria[PE] == {"unit": "MJ/year", "total": pytest.approx(15000.0), "coverage": criteria[ADP]["coverage"]}
    laptop, colocation = document["lines"]
    assert laptop["impacts"] == {"climate_change": laptop["total"]}  # not evaluated: absent
    assert colocation["impacts"][PE] == pytest.approx(15000.0)


def test_cli_csv_columns_and_unknown_criterion(monkeypatch, tmp_path):
    result = _cli(monkeypatch, tmp_path, "--format", "csv", "--criteria", "resource_use_fossils,water_use")
    assert result.exit_code == 0, result.output
    header, laptop, colocation = result.stdout.strip().splitlines()
    assert header.endswith(",factors,resource_use_fossils_MJ_per_year,water_use_m3_world_eq_per_year")
    assert laptop.endswith(",,")  # not evaluated: empty cells
    assert colocation.endswith(",15000.0,")
    assert "no factor used gives water_use" in result.stderr
    result = _cli(monkeypatch, tmp_path, "--criteria", "resource_use_mineral")
    assert result.exit_code == 2
    assert "--criteria: unknown criterion 'resource_use_mineral'" in result.output
    assert "did you mean 'resource_use_minerals_metals'" in result.output
    result = _cli(monkeypatch, tmp_path, "--criteria", "all", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Beyond carbon" in result.stdout and "Fossil resource use" in result.stdout


def test_report_section_beyond_carbon(tmp_path, factors):
    from sobriete.documents.report import build_report

    path = tmp_path / "inv.yaml"
    path.write_text("year: 2024\norganisation: {agents: 4}\ndevices:\n  - {category: laptop, quantity: 10}\n"
                    "  - {category: desktop, quantity: 2}\n", encoding="utf-8")
    inventory = load_inventory(path, factors)
    data = build_report(inventory, factors, lang="en", draws=0)
    rows = {row["criterion"]: row for row in data.tables["criteria"]}
    adp = 10 * 0.01 / 5 + 10 * 30 * 1e-7  # the laptops only: desktops give no kgSbe
    assert rows[ADP]["total"] == pytest.approx(adp, rel=1e-12)
    assert rows[ADP]["per_agent"] == pytest.approx(adp / 4, rel=1e-12)
    assert rows[ADP]["person_equivalent"] == pytest.approx(adp / 0.0636, rel=1e-12)  # EF 3.0 normalisation
    assert rows[ADP]["main_sources"].startswith("Laptop") or "100 %" in rows[ADP]["main_sources"]
    assert rows["climate_change"]["coverage"] == 1.0 and rows[ADP]["coverage"] < 1.0
    items = data.context["beyond_carbon"]["items"]
    assert data.context["beyond_carbon"]["partial"]
    assert any("antimony" in item["meaning"] for item in items)


def test_scenario_objective_on_a_criterion(tmp_path, factors):
    """metric: criterion:<id>: the same trajectories, the criterion's value of the evaluated lines."""
    from sobriete.io.scenario_file import load_scenario
    from sobriete.scenario import run_scenario

    (tmp_path / "inv.yaml").write_text("year: 2024\ndevices:\n  - {category: laptop, quantity: 10}\n",
                                       encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(textwrap.dedent("""
        baseline: inv.yaml
        horizon: 2027
        actions:
          - {id: fleet, lever: fleet, target: {category: laptop}, value: -20%, start: 2025}
        objectives:
          - {id: sb, metric: "criterion:resource_use_minerals_metals", reduction: 15%, reference_year: 2024,
             target_year: 2027}
          - {id: carbon, metric: "criterion:climate_change", reduction: 15%, reference_year: 2024, target_year: 2027}
    """), encoding="utf-8")
    result = run_scenario(load_scenario(tmp_path / "scenario.yaml", factors), factors, draws=50)
    sb = next(o for o in result.objectives if o["id"] == "sb")
    reference = 10 * 0.01 / 5 + 10 * 30 * 1e-7  # kgSbe/year of 10 laptops
    assert sb["reference"] == pytest.approx(reference, rel=1e-9)
    assert sb["plan"] == pytest.approx(0.8 * reference, rel=1e-9)  # fleet −20 % acts on every criterion
    assert sb["met"] is True and sb["probability"] == 1.0
    carbon = next(o for o in result.objectives if o["id"] == "carbon")
    assert carbon["reference"] == pytest.approx(415.0)  # climate_change is the carbon total
    bad = tmp_path / "bad.yaml"
    bad.write_text((tmp_path / "scenario.yaml").read_text(encoding="utf-8").replace(
        "criterion:resource_use_minerals_metals", "criterion:resource_use_mineral"), encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        load_scenario(bad, factors)
    assert "unknown criterion in metric" in str(caught.value) and "resource_use_minerals_metals" in str(caught.value)


def proportional(factor_set, ratio: float):
    """Every carbon factor also gives ADP = ratio × its carbon value: ADP must then be ratio × carbon."""
    impacts = {}
    for profile in factor_set.profiles.values():
        carbon = profile.values.get("embodied" if profile.method == "equipment" else "intensity")
        if carbon is not None:
            impacts[profile.id] = {ADP: ratio * carbon}
    for factor_id, entry in factor_set.intensities.items():
        if "kgCO2e" in entry.unit:
            impacts[factor_id] = {ADP: ratio * entry.value}
    return with_impacts(factor_set, impacts)


MIXED = """
    devices:
      - {category: laptop, quantity: 10, purchase_year: 2018}
      - {category: laptop, quantity: 6, purchase_year: 2023, refurbished: true}
      - {category: desktop, quantity: 3}
    hosting:
      - {category: rack_server, quantity: 2, purchase_year: 2021}
      - {category: cloud_vm, provider: aws, vcpu: 8}
      - {category: saas, spend: 5000 EUR/year}
      - {category: colocation, electricity: 800 kWh/year}
    services:
      - {category: website, page_views: 100000, page_weight: 1.5 MB}
      - {category: email, quantity: 40}
"""


@pytest.mark.parametrize("method", ["amortized", "acquisition"])
def test_proportional_factors_give_a_proportional_criterion(tmp_path, plain, method):
    factors = proportional(plain, 1e-4)
    fp = footprint_of(tmp_path, factors, MIXED, method=method)
    assert fp.criteria()[ADP]["coverage"] == 1.0
    assert np.allclose(fp.line_impacts(ADP), 1e-4 * fp.lines["total"].to_numpy(), rtol=1e-12, atol=0)


def test_trajectories_follow_the_same_rules_for_criteria(tmp_path, plain):
    """Renewed fleet, backlog, levers: with proportional factors, the criterion is ratio × carbon every year."""
    from sobriete.io.scenario_file import load_scenario
    from sobriete.scenario import run_scenario

    factors = proportional(plain, 1e-4)
    (tmp_path / "inv.yaml").write_text("year: 2024\n" + textwrap.dedent(MIXED), encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(textwrap.dedent("""
        baseline: inv.yaml
        horizon: 2029
        trend: {devices: 3%, electricity.FR: -2%}
        actions:
          - {id: life, lever: lifespan, target: {category: laptop}, value: +2 years, start: 2025}
          - {id: refurb, lever: refurbished, target: {category: desktop}, value: 50%, start: 2026, ramp: 2}
        objectives:
          - {id: sb, metric: "criterion:resource_use_minerals_metals", reduction: 10%, reference_year: 2024,
             target_year: 2029}
    """), encoding="utf-8")
    text = (tmp_path / "scenario.yaml").read_text(encoding="utf-8")
    for method in ("amortized", "acquisition"):
        path = tmp_path / f"scenario-{method}.yaml"
        path.write_text(text.replace("horizon: 2029", f"horizon: 2029\nmethod: {method}"), encoding="utf-8")
        scenario = load_scenario(path, factors)
        assert scenario.method == method
        result = run_scenario(scenario, factors, draws=0)
        for name in ("bau", "plan"):
            series = getattr(result, name)
            assert np.allclose(series[f"criterion:{ADP}"], 1e-4 * np.asarray(series["total"]), rtol=1e-9), name


def test_cli_xlsx_has_criteria_sheet_and_columns(monkeypatch, tmp_path):
    from openpyxl import load_workbook

    output = tmp_path / "fp.xlsx"
    result = _cli(monkeypatch, tmp_path, "--format", "xlsx", "--criteria", "resource_use_fossils", "--output",
                  str(output))
    assert result.exit_code == 0, result.output
    workbook = load_workbook(output)
    rows = list(workbook["criteria"].iter_rows(values_only=True))
    assert rows[0] == ("criterion", "unit", "total", "coverage")
    assert rows[2][:3] == (ADP, "kgSbe/year", pytest.approx(1500 * 1e-7))
    lines = list(workbook["lines"].iter_rows(values_only=True))
    assert lines[0][-1] == "resource_use_fossils_MJ_per_year"
    assert lines[1][-1] is None and lines[2][-1] == pytest.approx(15000.0)


def test_cli_summary_csv_by_category(monkeypatch, tmp_path):
    result = _cli(monkeypatch, tmp_path, "--format", "csv", "--summary", "--by", "category", "--criteria",
                  "resource_use_fossils")
    assert result.exit_code == 0, result.output
    rows = dict(line.split(",", 1) for line in result.stdout.strip().splitlines())
    assert rows["category"] == "kgCO2e_per_year,resource_use_fossils_MJ_per_year"
    assert rows["laptop"].endswith(",")  # not evaluated: empty, never 0
    assert rows["colocation"] == "75.0,15000.0"


def test_the_roadmap_names_the_criterion_of_an_objective_beyond_carbon(tmp_path, factors):
    """An objective on a criterion (metric: criterion:<id>) is shown in the roadmap with the
    criterion's name and unit, in French and English (DESIGN §4, issue #16 item 5)."""
    from sobriete.criteria import CRITERIA
    from sobriete.documents.roadmap import build_roadmap, write_roadmap
    from sobriete.io.scenario_file import load_scenario
    from sobriete.scenario import run_scenario

    (tmp_path / "inv.yaml").write_text("year: 2024\ndevices:\n  - {category: laptop, quantity: 10}\n",
                                       encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(textwrap.dedent("""
        baseline: inv.yaml
        horizon: 2027
        actions:
          - {id: fleet, lever: fleet, target: {category: laptop}, value: -20%, start: 2025}
        objectives:
          - {id: sb, label: Moins de ressources minérales, metric: "criterion:resource_use_minerals_metals",
             reduction: 15%, reference_year: 2024, target_year: 2027}
    """), encoding="utf-8")
    result = run_scenario(load_scenario(tmp_path / "scenario.yaml", factors), factors, draws=20)
    unit = CRITERIA["resource_use_minerals_metals"].unit
    for lang, name, per in (("fr", "feuille-de-route.md", "an"), ("en", "roadmap.md", "year")):
        write_roadmap(build_roadmap(result, factors, lang=lang, draws=20), tmp_path / lang, lang=lang)
        rows = [line for line in (tmp_path / lang / name).read_text(encoding="utf-8").splitlines()
                if line.startswith("| Moins de ressources minérales |")]
        expected = f"| {CRITERIA['resource_use_minerals_metals'].label(lang)} | {unit}/{per} |"
        assert any(expected in row for row in rows), rows
        assert not any("kgCO₂e" in row for row in rows), rows


def test_an_objective_on_a_partly_covered_criterion_is_refused(tmp_path):
    """With the shipped factors only electricity gives ionising radiation: the lines evaluated for it
    change as the fleet is renewed, so an objective on it would compare different footprints
    each year (it read 'met' with a plan of 0). It is refused with one located line, exit 2."""
    from click.testing import CliRunner

    from sobriete.cli.main import cli

    root = Path(__file__).resolve().parents[2] / "inventories"
    text = (root / "scenario-commune-saint-aubin.yaml").read_text(encoding="utf-8")
    text = text.replace("baseline: commune-saint-aubin-2024.yaml", f"baseline: {root / 'commune-saint-aubin-2024.yaml'}")
    text = text.replace("objectives:\n", textwrap.dedent("""\
        objectives:
          - id: rayonnement
            metric: criterion:ionising_radiation
            reduction: 10%
            reference_year: 2024
            target_year: 2027
        """), 1)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scenario", str(scenario), "--format", "json", "--draws", "20", "--lang", "en"])
    assert result.exit_code == 2
    assert "an objective on criterion ionising_radiation needs factors that give it for every line" in result.stderr
    assert str(scenario) in result.stderr
