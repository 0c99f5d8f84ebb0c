"""One figure with its confidence: likelihood terms, costs as collectivities count them, Shapley
contributions, money as typed, and the proposal at a confidence level (DESIGN §6).

Frozen test factors (tests/fixtures/factors): laptop 200 kgCO2e / 5 years / 30 kWh/year,
electricity.FR 0.05 kgCO2e/kWh: 10 laptops = 400 embodied + 15 use = 415 kgCO2e/year.
"""

from __future__ import annotations

import numpy as np
import pytest

from sobriete.plan import likelihood
from sobriete.scenario import _draw_tables, _joint_probability
from sobriete.scenario_outputs import scenario_document
from sobriete.units import parse_money

from test_scenario import LAPTOPS, NEUTRAL, factors, run  # noqa: F401 - the shared fixture and helpers


@pytest.mark.parametrize("probability, term", [
    (1.0, "virtually_certain"), (0.99, "virtually_certain"), (0.989, "very_likely"), (0.90, "very_likely"),
    (0.70, "likely"), (0.66, "likely"), (0.659, "about_as_likely_as_not"), (0.34, "about_as_likely_as_not"),
    (0.33, "unlikely"), (0.11, "unlikely"), (0.10, "very_unlikely"), (0.02, "very_unlikely"),
    (0.01, "exceptionally_unlikely"), (0.0, "exceptionally_unlikely"), (None, None),
])
def test_ipcc_likelihood_terms(probability, term):
    assert likelihood(probability) == term


@pytest.mark.parametrize("text, euros", [
    ("150000", 150000.0), ("150 000", 150000.0), ("150\u00a0000 €", 150000.0), ("150 000 €", 150000.0),
    ("150k€", 150000.0), ("150 k€", 150000.0), ("1,5 M€", 1_500_000.0), ("150000 EUR", 150000.0),
    ("2,5", 2.5),
])
def test_money_as_people_type_it(text, euros):
    assert parse_money(text) == euros


@pytest.mark.parametrize("text", ["1,800", "nan", "-5", "inf", "cent euros", ""])
def test_money_that_is_not_an_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_money(text)


def test_costs_as_collectivities_count_them(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2027
        actions:
          - {id: a, lever: fleet, value: -10%, start: 2025, cost: 1000 EUR, annual_cost: 200 EUR}
          - {id: b, lever: electricity, value: -20%, start: 2026, cost: 500 EUR, annual_cost: -300 EUR}
    """, NEUTRAL)
    document = scenario_document(result)
    a, b = document["actions"]
    # a runs 2025–2027 (3 years), b 2026–2027 (2 years)
    assert (a["investment"], a["operating"], a["spending"], a["total_cost"]) == (1000, 600, 1600, 1600)
    assert (b["investment"], b["operating"], b["spending"], b["total_cost"]) == (500, -600, 500, -100)
    # savings are shown as savings: they lower the net cost, never what must be budgeted
    assert (document["investment"], document["operating"], document["spending"], document["total_cost"]) == \
        (1500, 0, 2100, 1500)


def test_the_budget_bounds_spending_not_the_net_cost(tmp_path, factors):
    # The saving action costs 900 to budget but nets −300: a budget of 1000 allows it, and it is the
    # cheapest (net) way to meet the −5 % objective.
    scenario = """
        horizon: 2027
        objectives:
          - {id: cut, metric: total, reduction: 5%, reference_year: 2024, target_year: 2027}
        actions:
          - {id: saving, lever: fleet, value: -10%, start: 2025, cost: 900 EUR, annual_cost: -400 EUR}
          - {id: plain, lever: fleet, value: -10%, start: 2025, cost: 400 EUR}
    """
    result = run(tmp_path, factors, LAPTOPS, scenario, propose_plan=True, budget=1000.0)
    assert [a["id"] for a in result.actions if a["selected"]] == ["saving"] and result.feasible
    tight = run(tmp_path, factors, LAPTOPS, scenario, propose_plan=True, budget=800.0)
    assert [a["id"] for a in tight.actions if a["selected"]] == ["plain"]


def test_shapley_contributions_add_up_without_interactions(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2025
        actions:
          - {id: half, lever: fleet, value: -50%, start: 2025}
          - {id: half-again, lever: fleet, value: -50%, start: 2025}
    """, NEUTRAL)
    # v(∅) = 415, v({a}) = v({b}) = 207.5, v({a, b}) = 103.75: each action's Shapley value is
    # ½ (415 − 207.5) + ½ (207.5 − 103.75) = 155.625, and the two add up to 415 − 103.75.
    contributions = [a["contribution"]["2025"] for a in scenario_document(result)["actions"]]
    assert contributions == pytest.approx([155.625, 155.625])
    assert sum(contributions) == pytest.approx(result.bau["total"][1] - result.plan["total"][1])
    # each action's stand-alone reduction (against the plan without it) stays beside it
    assert [a["reduction"]["2025"] for a in result.actions] == pytest.approx([103.75, 103.75])


def test_the_proposal_meets_every_objective_jointly_at_the_confidence(tmp_path, factors):
    scenario = """
        horizon: 2026
        objectives:
          - {id: cut, metric: total, reduction: 20%, reference_year: 2024, target_year: 2026}
        actions:
          - {id: small, lever: fleet, value: -21%, start: 2025, cost: 100 EUR}
          - {id: large, lever: fleet, value: -40%, start: 2025, cost: 300 EUR}
    """
    central = run(tmp_path, factors, LAPTOPS, scenario, propose_plan=True, draws=400)
    # On central values the cheap action just meets −20 %; the laptop factor's error is shared by BAU
    # and plan, so the reduction is certain in every draw: confidence keeps the cheap action.
    assert [a["id"] for a in central.actions if a["selected"]] == ["small"]
    assert central.objectives[0]["likelihood"] == "virtually_certain"
    confident = run(tmp_path, factors, LAPTOPS, scenario, propose_plan=True, draws=400, confidence=0.9)
    assert [a["id"] for a in confident.actions if a["selected"]] == ["small"] and confident.feasible


def test_a_reference_value_makes_the_objective_uncertain(tmp_path, factors):
    # Against a fixed reference (an earlier BEGES), the factors' error is no longer shared: the cheap
    # action meets the target on central values only about half the time, the larger one surely.
    scenario = """
        horizon: 2026
        objectives:
          - {id: cut, metric: total, reference_value: 415 kgCO2e, reduction: 20%, target_year: 2026}
        actions:
          - {id: small, lever: fleet, value: -21%, start: 2025, cost: 100 EUR}
          - {id: large, lever: fleet, value: -60%, start: 2025, cost: 300 EUR}
    """
    central = run(tmp_path, factors, LAPTOPS, scenario, propose_plan=True, draws=400)
    assert [a["id"] for a in central.actions if a["selected"]] == ["small"]
    assert central.objectives[0]["likelihood"] == "about_as_likely_as_not"
    confident = run(tmp_path, factors, LAPTOPS, scenario, propose_plan=True, draws=400, confidence=0.8)
    assert [a["id"] for a in confident.actions if a["selected"]] == ["large"]
    assert confident.objectives[0]["probability"] >= 0.8
    # the joint probability the proposal used equals the reported one for this single objective
    tables = _draw_tables(confident.trajectories, 400, 0)
    joint = _joint_probability(confident.trajectories, tables, np.array([0b10, 0b01], dtype=np.int64))
    assert joint[0] == pytest.approx(confident.objectives[0]["probability"])
    only_small = scenario.split("          - {id: large")[0]
    impossible = run(tmp_path, factors, LAPTOPS, only_small, propose_plan=True, draws=400, confidence=0.95)
    assert not impossible.feasible
    assert any("together in 95% of the draws" in n for n in scenario_document(impossible)["notes"])


def test_statements_about_the_plan_are_computed(tmp_path, factors):
    result = run(tmp_path, factors, LAPTOPS, """
        horizon: 2026
        objectives:
          - {id: cut, metric: total, reduction: 20%, reference_year: 2024, target_year: 2026}
        actions:
          - {id: enough, lever: fleet, value: -25%, start: 2025, kpi: Parc de portables, kpi_targets: {2026: 8}}
          - {id: not-enough, lever: fleet, value: -5%, start: 2025, kpi: parc de portables, kpi_targets: {2026: 9}}
    """)
    enough, small = scenario_document(result)["actions"]
    assert enough["alone_meets"] == ["cut"] and small["alone_meets"] == []
    # without "enough" the plan misses; without "not-enough" it still meets
    assert enough["plan_without_it_meets"] == [] and small["plan_without_it_meets"] == ["cut"]
    notes = scenario_document(result)["notes"]
    assert any("actions enough and not-enough follow the same indicator (parc de portables) with different "
               "targets for 2026: 8 and 9" in n for n in notes)
