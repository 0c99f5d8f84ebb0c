"""Hand-computed trajectories, lever effects and objectives (DESIGN.md §6, §8).

Every figure uses the frozen test factors (tests/fixtures/factors):
- laptop: 200 kgCO2e, 5 years, 30 kWh/year, refurbished 50 kgCO2e;
- desktop: 250 kgCO2e, 6 years, 150 kWh/year;
- smartphone: 80 kgCO2e, 2.5 years, 5 kWh/year;
- rack_server: 1000 kgCO2e, 5 years, 2000 kWh/year; datacenter.pue 2;
- electricity.FR 0.05 kgCO2e/kWh;
- network: fixed 10 gCO2e/GB, mobile 20 gCO2e/GB, mobile share 25 % → 12.5 gCO2e/GB.

The reference line: 10 laptops → embodied 10 × 200 / 5 = 400, use 10 × 30 × 0.05 = 15,
total 415 kgCO2e/year.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from sobriete.io.factor_files import load_factors
from sobriete.io.scenario_file import load_scenario
from sobriete.scenario import run_scenario
from sobriete.scenario_outputs import scenario_document, scenario_json

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "factors"

LAPTOPS = """
organisation: {name: Test, agents: 10, population: 1000}
year: 2024
devices:
  - {category: laptop, quantity: 10}
"""

# An objective that every plan meets (0 % reduction at the horizon, never binding here).
NEUTRAL = "objectives:\n  - {id: neutral, metric: total, reduction: 0%, target_year: 2025}\n"


@pytest.fixture(scope="module")
def factors():
    return load_factors(base=FIXTURE)


def run(tmp_path, factors, inventory: str, *scenario: str, **kwargs):
    """Write inv.yaml and scenario.yaml (its parts dedented one by one), load and run."""
    (tmp_path / "inv.yaml").write_text(textwrap.dedent(inventory).lstrip(), encoding="utf-8")
    text = "baseline: inv.yaml\n" + "".join(textwrap.dedent(part).lstrip("\n") for part in scenario)
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    return run_scenario(load_scenario(tmp_path / "scenario.yaml", factors), factors, **kwargs)


def series(result, name="plan", metric="total"):
    return list(getattr(result, name)[metric])


def objective(result, objective_id):
    return next(o for o in result.objectives if o["id"] == objective_id)


# --- business as usual: trend, drift, steady fleet -----------------------------------------------

def test_trend_compounds_per_year(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2027
        trend: {devices: 2%}
    """, NEUTRAL)
    assert result.trajectories.years == [2024, 2025, 2026, 2027]
    # quantity × 1.02^(y − 2024): 415 × [1, 1.02, 1.0404, 1.061208]
    assert series(result, "bau") == pytest.approx([415.0, 423.3, 431.766, 440.40132])
    assert series(result, "bau", "embodied") == pytest.approx([400.0, 408.0, 416.16, 424.4832])
    assert series(result, "bau", "use") == pytest.approx([15.0, 15.3, 15.606, 15.91812])
    # no action: the plan is business as usual
    assert series(result, "plan") == pytest.approx(series(result, "bau"))


def test_category_trend_overrides_its_section(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS + "  - {category: desktop, quantity: 6}\n", """
        horizon: 2026
        trend: {devices: 2%, laptop: 10%}
    """, NEUTRAL)
    # laptops: 415 × 1.1^t; desktops (section trend): 6 × (250/6 + 150 × 0.05) = 250 + 45 = 295, × 1.02^t
    expected = [415 * 1.1 ** t + 295 * 1.02 ** t for t in range(3)]
    assert series(result, "bau") == pytest.approx(expected)


def test_trend_scales_service_volumes(tmp_path, factors):
    result = run(tmp_path, factors, """
        year: 2024
        services:
          - {category: web_service, data_transfer: 1000 GB/year}
          - {category: website, page_views: 1000000, page_weight: 2 MB}
    """, """
        horizon: 2026
        trend: {services: 10%}
    """, NEUTRAL)
    # 1000 GB × 12.5 g = 12.5 kg; 10^6 × 2 MB = 2000 GB → 25 kg; total 37.5 × 1.1^t
    assert series(result, "bau") == pytest.approx([37.5, 41.25, 45.375])


def test_factor_drift_changes_only_the_use_phase(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2026
        trend: {electricity.FR: -1%}
    """, NEUTRAL)
    # electricity.FR × 0.99^t: use 15 × [1, 0.99, 0.9801]; embodied stays 400
    assert series(result, "bau", "use") == pytest.approx([15.0, 14.85, 14.7015])
    assert series(result, "bau", "embodied") == pytest.approx([400.0, 400.0, 400.0])
    assert series(result, "bau") == pytest.approx([415.0, 414.85, 414.7015])


def test_drift_and_trend_combine(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2026
        trend: {devices: 2%, electricity.FR: -1%}
    """, NEUTRAL)
    # embodied 400 × 1.02^t, use 15 × 1.02^t × 0.99^t
    expected = [400 * 1.02 ** t + 15 * (1.02 * 0.99) ** t for t in range(3)]
    assert series(result, "bau") == pytest.approx(expected)


def test_units_past_their_lifespan_are_renewed_the_next_year(tmp_path, factors):
    result = run(tmp_path, factors, """
        year: 2024
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2018}
    """, """
        horizon: 2026
    """, NEUTRAL)
    # 2018 + 5 ≤ 2024: the reporting-year footprint counts use only (15), and so does the
    # baseline year of the trajectory (one figure everywhere, DESIGN §6) ...
    assert scenario_document(result)["reporting_total"] == pytest.approx(15.0)
    # ... the backlog is renewed in 2025: 10 × 200 / 5 = 400 (+ 15 use) from then on.
    assert series(result, "bau") == pytest.approx([15.0, 415.0, 415.0])
    document = json.loads(scenario_json(result))
    assert document["bau"][0] == pytest.approx(document["reporting_total"], rel=1e-9)
    assert document["backlog"] == pytest.approx([0.0, 400.0, 0.0])


def test_real_fleet_acquisition_renews_at_the_end_of_each_lifespan(tmp_path, factors):
    result = run(tmp_path, factors, """
        year: 2024
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2022}   # renewed in 2027, 2032
          - {category: laptop, quantity: 4, purchase_year: 2017}    # backlog: renewed 2025, then 2030
    """, """
        horizon: 2031
        method: acquisition
    """, NEUTRAL)
    use = 14 * 30 * 0.05  # 21 kgCO2e every year
    bought = {2025: 4, 2027: 10, 2030: 4}
    expected = [use + 200 * bought.get(year, 0) for year in range(2024, 2032)]
    assert series(result, "bau") == pytest.approx(expected)
    assert json.loads(scenario_json(result))["backlog"] == pytest.approx(
        [0.0, 800.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])


# --- levers on a one-line inventory (start 2025, full effect at once) -------------------------------

SERVERS = """
year: 2024
hosting:
  - {category: rack_server, quantity: 2}
"""
CONSOLIDATION = """
year: 2024
hosting:
  - {category: rack_server, quantity: 10}
"""
SERVICES = """
year: 2024
services:
  - {category: website, page_views: 1000000, page_weight: 2 MB}
  - {category: web_service, data_transfer: 1000 GB/year}
"""


@pytest.mark.parametrize("inventory, action, bau, plan", [
    # lifespan set to 8 years: 10 × 200 / 8 = 250, + use 15
    (LAPTOPS, "{lever: lifespan, value: 8 years}", 415.0, 265.0),
    # lifespan + 2 years: 5 → 7 years: 10 × 200 / 7 = 285.714…, + 15
    (LAPTOPS, "{lever: lifespan, value: +2 years}", 415.0, 2000 / 7 + 15),
    # lifespan in French, months: 96 mois = 8 years
    (LAPTOPS, "{lever: lifespan, value: 96 mois}", 415.0, 265.0),
    # refurbished 40 %: unit = 0.6 × 200 + 0.4 × 50 = 140 → 10 × 140 / 5 = 280, + 15
    (LAPTOPS, "{lever: refurbished, value: 40%}", 415.0, 295.0),
    # fleet −25 %: 7.5 units × (40 + 1.5) = 311.25
    (LAPTOPS, "{lever: fleet, value: -25%}", 415.0, 311.25),
    # electricity −30 %: use 15 × 0.7 = 10.5, embodied 400
    (LAPTOPS, "{lever: electricity, value: -30%}", 415.0, 410.5),
    # pue 1.5 (default datacenter.pue 2): embodied 2 × 1000 / 5 = 400, use 2 × 2000 × 0.05 × PUE
    # = 400 at PUE 2 → 300 at PUE 1.5
    (SERVERS, "{lever: pue, value: 1.5}", 800.0, 700.0),
    # consolidate 30 % (energy_saved 0.6 by default): embodied 10 × 200 = 2000 → 7 × 200 = 1400;
    # use 10 × 2000 × 2 × 0.05 = 2000 → × (1 − 0.3 × 0.6) = 1640
    (CONSOLIDATION, "{lever: consolidate, value: 30%}", 4000.0, 3040.0),
    # consolidate 30 % with energy_saved 0.5: use 2000 × (1 − 0.15) = 1700
    (CONSOLIDATION, "{lever: consolidate, value: 30%, energy_saved: 50%}", 4000.0, 3100.0),
    # page weight −50 %: 10^6 × 2 MB = 2000 GB × 12.5 g = 25 → 12.5; web service 12.5 untouched
    (SERVICES, "{lever: page_weight, value: -50%, target: {category: website}}", 37.5, 25.0),
    # data transfer −20 %: 1000 GB × 12.5 g = 12.5 → 10; website 25 untouched
    (SERVICES, "{lever: data_transfer, value: -20%, target: {category: web_service}}", 37.5, 35.0),
])
def test_lever_effect(tmp_path, factors, inventory, action, bau, plan):
    result = run(tmp_path, factors, inventory, f"""
        horizon: 2026
        actions:
          - {{id: a, start: 2025, {action[1:-1]}}}
    """, NEUTRAL)
    assert series(result, "bau") == pytest.approx([bau] * 3)
    assert series(result, "plan") == pytest.approx([bau, plan, plan])
    assert result.selected == [0]
    record = result.actions[0]
    assert record["reduction"] == pytest.approx({"2024": 0.0, "2025": bau - plan, "2026": bau - plan})


def test_consolidate_cuts_embodied_by_the_removed_share(tmp_path, factors):
    result = run(tmp_path, factors, CONSOLIDATION, """
        horizon: 2025
        actions:
          - {id: a, lever: consolidate, value: 30%, start: 2025}
    """, NEUTRAL)
    assert series(result, "plan", "embodied") == pytest.approx([2000.0, 1400.0])
    assert series(result, "plan", "use") == pytest.approx([2000.0, 1640.0])


def test_electricity_factor_changes_only_the_market_based_series(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS + "hosting:\n  - {category: rack_server, quantity: 1}\n", """
        horizon: 2025
        actions:
          - {id: green, lever: electricity_factor, value: 0.01 kgCO2e/kWh, start: 2025}
    """, NEUTRAL)
    # location-based: laptops 415 + server (200 + 2000 × 2 × 0.05 = 200) = 815, plan unchanged
    assert series(result, "bau") == pytest.approx([815.0, 815.0])
    assert series(result, "plan") == pytest.approx([815.0, 815.0])
    # market-based from 2025: laptops 400 + 300 kWh × 0.01 = 403; server 200 + 4000 kWh × 0.01 = 240
    assert list(result.plan_market_based) == pytest.approx([815.0, 643.0])
    record = result.actions[0]
    assert record["reduction"] == pytest.approx({"2024": 0.0, "2025": 0.0})
    assert record["abatement_cost"] is None  # it avoids nothing location-based


def test_targets_select_lines(tmp_path, factors):
    inventory = """
        year: 2024
        devices:
          - {category: laptop, quantity: 10, service: Finances, site: Mairie}
          - {category: laptop, quantity: 10, service: Écoles, site: Mairie}
          - {category: desktop, quantity: 6, site: Annexe}
    """
    result = run(tmp_path, factors, inventory, """
        horizon: 2025
        actions:
          - {id: a, lever: fleet, value: -50%, start: 2025, target: {category: portable, service: Finances}}
          - {id: b, lever: fleet, value: -50%, start: 2025, target: {section: devices, site: [Annexe]}}
    """, NEUTRAL)
    # 415 + 415 + 295 = 1125 → 207.5 + 415 + 147.5 = 770
    assert series(result, "plan") == pytest.approx([1125.0, 770.0])


# --- ramps, start years, file order ------------------------------------------------------------------

def test_ramp_reaches_full_effect_in_ramp_years(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2028
        actions:
          - {id: a, lever: fleet, value: -30%, start: 2025, ramp: 3}
    """, NEUTRAL)
    # full effect 0.3 × 415 = 124.5; 2025: 1/3, 2026: 2/3, 2027 and after: 1
    assert series(result, "plan") == pytest.approx([415.0, 373.5, 332.0, 290.5, 290.5])


def test_ramp_of_a_lifespan_lever_interpolates_emissions(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2027
        actions:
          - {id: a, lever: lifespan, value: 10 years, start: 2025, ramp: 2}
    """, NEUTRAL)
    # full effect on emissions: 400 → 200 embodied (not a 7.5-year lifespan halfway): 415 − 100 in 2025
    assert series(result, "plan") == pytest.approx([415.0, 315.0, 215.0, 215.0])


def test_no_effect_before_start(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2028
        actions:
          - {id: a, lever: fleet, value: -50%, start: 2027}
    """, NEUTRAL)
    assert series(result, "plan") == pytest.approx([415.0, 415.0, 415.0, 207.5, 207.5])
    assert result.actions[0]["reduction"] == pytest.approx(
        {"2024": 0.0, "2025": 0.0, "2026": 0.0, "2027": 207.5, "2028": 207.5})


def test_start_on_baseline_year_changes_the_first_year(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2025
        actions:
          - {id: a, lever: fleet, value: -50%, start: 2024}
    """, NEUTRAL)
    assert series(result, "plan") == pytest.approx([207.5, 207.5])


def test_default_start_is_the_year_after_the_baseline(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2026
        actions:
          - {id: a, lever: fleet, value: -50%}
    """, NEUTRAL)
    assert result.actions[0]["start"] == 2025
    assert series(result, "plan") == pytest.approx([415.0, 207.5, 207.5])


def test_set_lifespan_after_an_extension_replaces_it(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2025
        actions:
          - {id: extend, lever: lifespan, value: +2 years, start: 2025}
          - {id: set, lever: lifespan, value: 8 years, start: 2025}
    """, NEUTRAL)
    # 5 + 2 = 7, then set to 8: 10 × 200 / 8 + 15 = 265
    assert series(result, "plan") == pytest.approx([415.0, 265.0])


def test_extension_after_a_set_lifespan_adds_to_it(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2025
        actions:
          - {id: set, lever: lifespan, value: 8 years, start: 2025}
          - {id: extend, lever: lifespan, value: +2 years, start: 2025}
    """, NEUTRAL)
    # set to 8, then + 2 = 10: 10 × 200 / 10 + 15 = 215
    assert series(result, "plan") == pytest.approx([415.0, 215.0])


def test_changes_multiply_in_file_order(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2025
        actions:
          - {id: a, lever: fleet, value: -50%, start: 2025}
          - {id: b, lever: fleet, value: -50%, start: 2025}
          - {id: c, lever: electricity, value: -50%, start: 2025}
    """, NEUTRAL)
    # 10 × 0.5 × 0.5 = 2.5 laptops: 2.5 × 40 + 2.5 × 30 × 0.5 × 0.05 = 100 + 1.875
    assert series(result, "plan") == pytest.approx([415.0, 101.875])


def test_refurbished_after_lifespan(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2025
        actions:
          - {id: a, lever: lifespan, value: +3 years, start: 2025}
          - {id: b, lever: refurbished, value: 50%, start: 2025}
    """, NEUTRAL)
    # unit 0.5 × 200 + 0.5 × 50 = 125, over 8 years: 10 × 125 / 8 = 156.25, + 15
    assert series(result, "plan") == pytest.approx([415.0, 171.25])


def test_refurbished_mixes_with_a_line_given_embodied(tmp_path, factors):
    result = run(tmp_path, factors, """
        year: 2024
        devices:
          - {category: laptop, quantity: 10, embodied: 300 kgCO2e}
          - {category: laptop, quantity: 10, refurbished: true}
    """, """
        horizon: 2025
        actions:
          - {id: a, lever: refurbished, value: 40%, start: 2025}
    """, NEUTRAL)
    # given embodied 300: 10 × (0.6 × 300 + 0.4 × 50) / 5 = 400 (was 600), + 15;
    # already refurbished: unchanged, 10 × 50 / 5 + 15 = 115
    assert series(result, "bau") == pytest.approx([615.0 + 115.0] * 2)
    assert series(result, "plan") == pytest.approx([730.0, 415.0 + 115.0])


def test_refurbished_twice_the_later_share_replaces(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2025
        actions:
          - {id: a, lever: refurbished, value: 40%, start: 2025}
          - {id: b, lever: refurbished, value: 50%, start: 2025}
    """, NEUTRAL)
    # DESIGN §6: a set value replaces — 50 % refurbished, not 40 % then half of the rest:
    # unit 0.5 × 200 + 0.5 × 50 = 125 → 10 × 125 / 5 = 250, + use 10 × 30 × 0.05 = 15
    assert series(result, "plan") == pytest.approx([415.0, 265.0])


def test_refurbished_units_keep_their_factor_uncertainty(tmp_path, factors):
    """Regression: the refurbished lever used to write an explicit per-unit embodied, which the
    Monte Carlo draws treat as certain, so the plan's embodied emissions had no uncertainty."""
    probabilities = {}
    for lever in ("refurbished, value: 40%", "fleet, value: -30%"):
        plan = series(run(tmp_path, factors, LAPTOPS, f"""
            horizon: 2025
            actions:
              - {{id: a, lever: {lever}, start: 2024}}
        """, NEUTRAL))[1]  # 295 and 290.5
        result = run(tmp_path, factors, LAPTOPS, f"""
            horizon: 2025
            actions:
              - {{id: a, lever: {lever}, start: 2024}}
            objectives:
              - {{id: o, reduction: 0%, reference_value: {float(plan) * 1.15!r} kgCO2e, target_year: 2025}}
        """, draws=2000, seed=0)
        probabilities[lever.split(",")[0]] = objective(result, "o")["probability"]
    # laptop embodied ± 30 % (σ = ln 1.3 / 1.96): P(plan ≤ 1.15 × its median) ≈ Φ(1.04) ≈ 0.85 either way
    assert 0.75 < probabilities["refurbished"] < 0.95
    assert probabilities["refurbished"] == pytest.approx(probabilities["fleet"], abs=0.03)


def test_two_ramps_in_file_order_telescope(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2027
        actions:
          - {id: a, lever: fleet, value: -50%, start: 2025, ramp: 2}
          - {id: b, lever: electricity, value: -50%, start: 2026}
    """, NEUTRAL)
    # E(∅) = 415, E(a) = 207.5, E(a, b) = 5 × (40 + 0.75) = 203.75
    # 2025: f_a = 1/2, f_b = 0 → 415 − ½ × 207.5 = 311.25
    # 2026: f_a = 1, f_b = 1 → 203.75
    assert series(result, "plan") == pytest.approx([415.0, 311.25, 203.75, 203.75])


def test_an_action_that_has_not_started_has_no_effect_even_after_a_later_one(tmp_path, factors):
    """Regression: a later action in the file that starts first must not make the earlier one act."""
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2029
        actions:
          - {id: fleet, lever: fleet, value: -50%, start: 2027, ramp: 2}
          - {id: power, lever: electricity, value: -50%, start: 2025}
    """, NEUTRAL)
    # E(power) = 400 + 7.5 = 407.5; E(fleet, power) = 5 × (40 + 0.75) = 203.75
    # 2025, 2026: only power acts → 407.5 (not 415 + (203.75 − 207.5) = 411.25)
    # 2027: f_fleet = ½ → ½ × 407.5 + ½ × 203.75 = 305.625; 2028 and after: 203.75
    assert series(result, "plan") == pytest.approx([415.0, 407.5, 407.5, 305.625, 203.75, 203.75])
    fleet = result.actions[0]
    assert fleet["reduction"]["2025"] == pytest.approx(0.0) and fleet["reduction"]["2026"] == pytest.approx(0.0)


# --- the acquisition method ------------------------------------------------------------------------

def test_acquisition_books_renewals(tmp_path, factors):
    result = run(tmp_path, factors, """
        year: 2024
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2022, lifespan: 3 years}
    """, """
        horizon: 2030
        method: acquisition
        objectives:
          - {id: neutral, reduction: 0%, target_year: 2030}
    """)
    # renewals in 2022 + 3k: 2025 and 2028 within 2024–2030: 10 × 200 = 2000; use 15 every year
    assert series(result, "bau") == pytest.approx([15.0, 2015.0, 15.0, 15.0, 2015.0, 15.0, 15.0])
    # the reporting year (2024) buys nothing
    assert scenario_document(result)["reporting_total"] == pytest.approx(15.0)


def test_acquisition_fractional_lifespan_renews_in_floor_years(tmp_path, factors):
    result = run(tmp_path, factors, """
        year: 2024
        devices:
          - {category: smartphone, quantity: 10, purchase_year: 2020}
    """, """
        horizon: 2030
        method: acquisition
        objectives:
          - {id: neutral, reduction: 0%, target_year: 2030}
    """)
    # 2.5 years: 2020, 2022.5, 2025, 2027.5, 2030 → 2025, 2027, 2030; 10 × 80 = 800; use 10 × 5 × 0.05 = 2.5
    assert series(result, "bau", "embodied") == pytest.approx([0, 800, 0, 800, 0, 0, 800])
    assert series(result, "bau", "use") == pytest.approx([2.5] * 7)


def test_acquisition_without_purchase_year_spreads_evenly(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2026
        method: acquisition
    """, NEUTRAL)
    # the reporting year (the trajectory's first) counts no embodied emissions for a line without
    # purchase year; later years buy quantity / lifespan units: 10 / 5 × 200 = 400, as amortized
    assert series(result, "bau") == pytest.approx([15.0, 415.0, 415.0])
    assert scenario_document(result)["reporting_total"] == pytest.approx(15.0)


def test_acquisition_with_trend_and_lifespan_lever(tmp_path, factors):
    result = run(tmp_path, factors, """
        year: 2024
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2022, lifespan: 3 years}
    """, """
        horizon: 2030
        method: acquisition
        trend: {laptop: 10%}
        objectives:
          - {id: neutral, reduction: 0%, target_year: 2030}
        actions:
          - {id: longer, lever: lifespan, value: 4 years, start: 2025}
    """)
    growth = [1.1 ** t for t in range(7)]
    # BAU renewals 2025, 2028: 2000 × 1.1^t; plan from 2025 renews in 2022 + 4k: 2026, 2030
    assert series(result, "bau", "embodied") == pytest.approx(
        [0, 2000 * growth[1], 0, 0, 2000 * growth[4], 0, 0])
    assert series(result, "plan", "embodied") == pytest.approx(
        [0, 0, 2000 * growth[2], 0, 0, 0, 2000 * growth[6]])


# --- objectives: at, above and below the target ----------------------------------------------------

FLEET_20 = """
    horizon: 2028
    actions:
      - {id: fleet, lever: fleet, value: -20%, start: 2025}
"""  # plan: 415 → 332 (× 0.8) from 2025; embodied 400 → 320, use 15 → 12


@pytest.mark.parametrize("reduction, met, gap", [
    ("20%", True, 0.0),  # target 415 × 0.8 = 332 = plan: exactly at the target
    ("19%", True, 0.0),  # target 336.15 ≥ 332
    ("21%", False, 332 - 415 * 0.79),  # target 327.85: gap 4.15
    ("25%", False, 332 - 311.25),
])
def test_reduction_objective_on_total(tmp_path, factors, reduction, met, gap):
    result = run(tmp_path, factors, LAPTOPS, FLEET_20, f"""
        objectives:
          - {{id: o, metric: total, reduction: {reduction}, reference_year: 2024, target_year: 2027}}
    """)
    record = objective(result, "o")
    target = 415 * (1 - float(reduction[:-1]) / 100)
    assert record["target"] == pytest.approx(target)
    assert (record["met"], record["target_year"], record["reference"]) == (met, 2027, pytest.approx(415.0))
    assert record["plan"] == pytest.approx(332.0) and record["bau"] == pytest.approx(415.0)
    assert record["gap"] == pytest.approx(gap)
    assert result.feasible is met


def test_relative_tolerance_decides_met(tmp_path, factors):
    # reference_value with 0 % reduction: the target is the reference itself
    just_below = repr(332 * (1 - 1e-11))  # plan above the target by 1e-11 relative: met (tolerance 1e-9)
    too_low = repr(332 * (1 - 1e-7))  # 1e-7 relative: missed
    result = run(tmp_path, factors, LAPTOPS, FLEET_20, f"""
        objectives:
          - {{id: within, reduction: 0%, reference_value: {just_below} kgCO2e, target_year: 2026}}
          - {{id: beyond, reduction: 0%, reference_value: {too_low} kgCO2e, target_year: 2026}}
    """)
    assert objective(result, "within")["met"] is True and objective(result, "within")["gap"] == 0.0
    beyond = objective(result, "beyond")
    assert beyond["met"] is False
    assert beyond["gap"] == pytest.approx(332 * 1e-7, rel=1e-3)


@pytest.mark.parametrize("metric, reduction, met, target, plan", [
    ("embodied", "20%", True, 320.0, 320.0),  # 400 → 320
    ("embodied", "21%", False, 316.0, 320.0),
    ("use", "20%", True, 12.0, 12.0),  # 15 → 12
    ("use", "19%", True, 12.15, 12.0),
    ("per_agent", "20%", True, 33.2, 33.2),  # 10 agents: 41.5 → 33.2
    ("per_agent", "21%", False, 41.5 * 0.79, 33.2),
    ("per_inhabitant", "20%", True, 0.332, 0.332),  # 1000 inhabitants
])
def test_reduction_objective_on_each_metric(tmp_path, factors, metric, reduction, met, target, plan):
    result = run(tmp_path, factors, LAPTOPS, FLEET_20, f"""
        objectives:
          - {{id: o, metric: {metric}, reduction: {reduction}, target_year: 2026}}
    """)
    record = objective(result, "o")
    assert (record["met"], record["target"], record["plan"]) == (met, pytest.approx(target), pytest.approx(plan))
    assert record["gap"] == pytest.approx(0.0 if met else plan - target)


def test_category_objective_counts_only_that_category(tmp_path, factors):
    inventory = LAPTOPS + "  - {category: desktop, quantity: 6}\n"  # desktops: 295
    result = run(tmp_path, factors, inventory, """
        horizon: 2026
        actions:
          - {id: fleet, lever: fleet, value: -20%, start: 2025, target: {category: laptop}}
        objectives:
          - {id: laptops, metric: "category:portable", reduction: 20%, target_year: 2026}
          - {id: all, metric: total, reduction: 20%, target_year: 2026}
    """)
    laptops, everything = objective(result, "laptops"), objective(result, "all")
    assert laptops["metric"] == "category:laptop"
    assert (laptops["met"], laptops["target"], laptops["plan"]) == (True, pytest.approx(332.0), pytest.approx(332.0))
    # total: 710 → 627, target 568: missed by 59
    assert (everything["met"], everything["target"], everything["plan"]) == \
        (False, pytest.approx(568.0), pytest.approx(627.0))
    assert everything["gap"] == pytest.approx(59.0)
    assert result.feasible is False


def test_reference_value_replaces_the_bau_reference(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, FLEET_20, """
        objectives:
          - {id: beges, reduction: 30%, reference_value: 0.5 tCO2e, reference_year: 2019, target_year: 2027}
          - {id: strict, reduction: 40%, reference_value: 500 kgCO2e, target_year: 2027}
    """)
    beges, strict = objective(result, "beges"), objective(result, "strict")
    # 500 × 0.7 = 350 ≥ 332: met; 500 × 0.6 = 300: missed by 32
    assert (beges["reference"], beges["target"], beges["met"]) == (pytest.approx(500.0), pytest.approx(350.0), True)
    assert (strict["target"], strict["met"], strict["gap"]) == (pytest.approx(300.0), False, pytest.approx(32.0))


def test_reference_year_later_than_the_baseline(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2027
        trend: {devices: 10%}
        objectives:
          - {id: o, reduction: 10%, reference_year: 2025, target_year: 2027}
    """)
    record = objective(result, "o")
    # reference = BAU 2025 = 415 × 1.1 = 456.5 → target 410.85; plan = BAU 2027 = 415 × 1.1³ = 552.365
    assert record["reference"] == pytest.approx(456.5)
    assert record["target"] == pytest.approx(410.85)
    assert record["gap"] == pytest.approx(552.365 - 410.85)


ANNUAL = """
    horizon: 2028
    actions:
      - {id: fleet, lever: fleet, value: -20%, start: 2025, ramp: 4}
"""  # plan: 415 − 83 × (y − 2024) / 4 = 415 − 20.75 t: [415, 394.25, 373.5, 352.75, 332]


def test_annual_reduction_exactly_on_the_line_is_met(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, ANNUAL, """
        objectives:
          - {id: sbti, annual_reduction: 5%, reference_year: 2024}
    """)
    # target(y) = 415 × (1 − 0.05 t) = 415 − 20.75 t = the plan, every year
    record = objective(result, "sbti")
    assert record["met"] is True and record["gap"] == 0.0
    assert record["targets"] == pytest.approx(
        {"2024": 415.0, "2025": 394.25, "2026": 373.5, "2027": 352.75, "2028": 332.0})
    assert record["kind"] == "annual_reduction"


def test_annual_reduction_above_the_line_reports_the_worst_year(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, ANNUAL, """
        objectives:
          - {id: sbti, annual_reduction: 5.1%}
    """)
    # target = 415 − 21.165 t, plan = 415 − 20.75 t: excess 0.415 t, worst in 2028 (t = 4)
    record = objective(result, "sbti")
    assert record["met"] is False
    assert record["target_year"] == 2028
    assert record["target"] == pytest.approx(415 * (1 - 0.204))
    assert record["gap"] == pytest.approx(1.66)
    assert record["plan"] == pytest.approx(332.0)


def test_annual_reduction_below_the_line_is_met(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, ANNUAL, """
        objectives:
          - {id: sbti, annual_reduction: 4.9%}
    """)
    record = objective(result, "sbti")
    assert record["met"] is True and record["gap"] == 0.0


def test_annual_reduction_worst_year_in_the_middle(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2028
        actions:
          - {id: fleet, lever: fleet, value: -20%, start: 2027}
        objectives:
          - {id: sbti, annual_reduction: 5%, reference_year: 2024}
    """)
    # plan [415, 415, 415, 332, 332] vs targets [415, 394.25, 373.5, 352.75, 332]:
    # excess [0, 20.75, 41.5, −20.75, 0] → worst 2026
    record = objective(result, "sbti")
    assert (record["met"], record["target_year"]) == (False, 2026)
    assert record["target"] == pytest.approx(373.5)
    assert record["gap"] == pytest.approx(41.5)
    assert (record["bau"], record["plan"]) == (pytest.approx(415.0), pytest.approx(415.0))


def test_annual_reduction_from_a_reference_value(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2026
        objectives:
          - {id: sbti, annual_reduction: 4.2%, reference_year: 2019, reference_value: 500 kgCO2e}
    """)
    # targets from 2024 (the first year of the trajectory) to 2026: 500 × (1 − 0.042 × (y − 2019))
    record = objective(result, "sbti")
    assert record["targets"] == pytest.approx({"2024": 395.0, "2025": 374.0, "2026": 353.0})
    # plan 415 every year; worst excess in 2026: 62
    assert (record["met"], record["target_year"], record["gap"]) == (False, 2026, pytest.approx(62.0))


# --- costs, abatement, proposal --------------------------------------------------------------------

def test_costs_and_abatement_cost(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2026
        actions:
          - {id: fleet, lever: fleet, value: -25%, start: 2025, cost: 1000 EUR, annual_cost: 100 EUR}
    """, NEUTRAL)
    record = result.actions[0]
    # 1000 + 100 × (2026 − 2025 + 1) = 1200 EUR; avoided 103.75 × 2 = 207.5 kg = 0.2075 t
    assert record["total_cost"] == pytest.approx(1200.0)
    assert record["avoided_tco2e"] == pytest.approx(0.2075)
    assert record["abatement_cost"] == pytest.approx(1200 / 0.2075)
    assert result.total_cost == pytest.approx(1200.0)


def test_budget_without_propose_flags_an_expensive_plan(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2026
        actions:
          - {id: fleet, lever: fleet, value: -25%, start: 2025, cost: 1000 EUR}
    """, NEUTRAL, budget=500)
    assert result.selected == [0] and result.feasible is False
    assert any("above the budget" in note for note in result.notes)


PROPOSAL = """
    horizon: 2027
    actions:
      - {id: cheap-small, lever: fleet, value: -10%, start: 2025, cost: 100 EUR}
      - {id: dear-big, lever: fleet, value: -30%, start: 2025, cost: 1000 EUR}
      - {id: mid, lever: lifespan, value: +2 years, start: 2025, cost: 300 EUR}
      - {id: free-nothing, lever: electricity_factor, value: 0.01 kgCO2e/kWh, start: 2025}
"""


def test_propose_picks_the_cheapest_subset_that_meets_the_objective(tmp_path, factors):
    # −10 %: 373.5; lifespan 7: 300.71; both: 9 × (200/7 + 1.5) = 270.64; −30 %: 290.5
    result = run(tmp_path, factors, LAPTOPS, PROPOSAL, """
        objectives:
          - {id: o, reduction: 25%, target_year: 2027}
    """, propose_plan=True)
    # target 311.25: lifespan alone (300 EUR) meets it; the free action brings nothing and is left out
    assert result.selected == [2] and result.feasible is True
    assert result.total_cost == pytest.approx(300.0)
    assert [a["selected"] for a in result.actions] == [False, False, True, False]


def test_propose_combines_actions_when_needed(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, PROPOSAL, """
        objectives:
          - {id: o, reduction: 34%, target_year: 2027}
    """, propose_plan=True)
    # target 273.9: cheap-small + mid (400 EUR, 270.64) beats dear-big (1000 EUR, 290.5, not enough)
    assert result.selected == [0, 2] and result.feasible is True


def test_propose_within_budget_falls_back_to_the_smallest_gap(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, PROPOSAL, """
        objectives:
          - {id: o, reduction: 34%, target_year: 2027}
    """, propose_plan=True, budget=350)
    # within 350 EUR: {cheap-small} 373.5, {mid} 300.71, {} 415 — none meets 273.9; mid leaves the smallest gap
    assert result.selected == [2] and result.feasible is False
    assert objective(result, "o")["gap"] == pytest.approx(2000 / 7 + 15 - 415 * 0.66)
    assert any("smallest total gap" in note for note in result.notes)


def test_propose_with_nothing_to_do_selects_nothing(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, PROPOSAL, NEUTRAL, propose_plan=True)
    assert result.selected == [] and result.feasible is True and result.total_cost == 0.0
    assert series(result, "plan") == pytest.approx(series(result, "bau"))


def test_savings_make_an_action_worth_taking(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2027
        actions:
          - {id: a, lever: fleet, value: -10%, start: 2025, cost: 100 EUR, annual_cost: -50 EUR}
          - {id: b, lever: fleet, value: -10%, start: 2025, cost: 100 EUR}
    """, """
        objectives:
          - {id: o, reduction: 5%, target_year: 2027}
    """, propose_plan=True)
    # a: 100 − 50 × 3 = −50 EUR; b: 100 EUR; either meets −5 %: a is cheaper
    assert result.selected == [0]
    assert result.total_cost == pytest.approx(-50.0)


def test_probability_near_one_for_a_wide_margin(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2026
        actions:
          - {id: fleet, lever: fleet, value: -90%, start: 2025}
        objectives:
          - {id: easy, reduction: 10%, target_year: 2026}
          - {id: impossible, reduction: 99%, target_year: 2026}
    """, draws=300, seed=1)
    assert objective(result, "easy")["probability"] == pytest.approx(1.0)
    assert objective(result, "impossible")["probability"] == pytest.approx(0.0)
    assert result.draws == 300 and result.seed == 1


def test_json_document_has_the_stable_keys(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, FLEET_20, """
        objectives:
          - {id: o, reduction: 20%, target_year: 2027}
    """, draws=50)
    document = json.loads(scenario_json(result))
    for key in ("years", "bau", "plan", "plan_market_based", "feasible", "objectives", "actions"):
        assert key in document
    for key in ("id", "target_year", "target", "bau", "plan", "met", "gap", "probability"):
        assert key in document["objectives"][0]
    for key in ("id", "selected", "start", "cost", "total_cost", "reduction", "abatement_cost"):
        assert key in document["actions"][0]
    assert len(document["years"]) == len(document["bau"]) == len(document["plan"]) == 5
    assert np.isfinite(document["plan"]).all()
