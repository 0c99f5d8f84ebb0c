"""The feuille de route beyond carbon in the scenario file (DESIGN §6): `diagnostic`, `indicators`,
`metric: indicator:<id>` and `kpi: indicator:<id>`; bad ones exit 2 with one located line each."""

from __future__ import annotations

import json
import re

import pytest

from sobriete.cli.main import cli

INVENTORY = """\
organisation: {name: Test, population: 1000}
year: 2024
devices:
  - {category: laptop, quantity: 10}
"""

# Line numbers matter: the expected rows below refer to them.
GOOD = """\
baseline: inv.yaml
horizon: 2030
diagnostic:
  summary: "Usages : 80 % des foyers en ligne"
  consultation: "Questionnaire, 120 réponses"
indicators:
  - id: agents-formes
    label: Part des agents formés
    theme: 4
    unit: "%"
    direction: up
    baseline: {year: 2024, value: 12}
    target: {year: 2027, value: 70}
    values: {2025: 31}
    source: Registre des formations
    owner: DRH
  - id: age-portables
    theme: connectivity
    baseline: {year: 2024, value: "4,5"}
    target: {year: 2028, value: 6.5}
objectives:
  - id: o1
    reduction: 15%
    target_year: 2027
  - id: o2
    metric: indicator:agents-formes
actions:
  - id: a1
    lever: lifespan
    value: +2 years
    kpi: indicator:age-portables
    theme: inclusion
"""
LOCATED = re.compile(r"^(?P<file>.+\.yaml):(?P<row>\d+): (?P<column>[\w.]+): (?P<message>.+)$")


def mutate(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


BAD = [
    ("target-before-baseline", mutate("target: {year: 2027, value: 70}", "target: {year: 2023, value: 70}"),
     [(13, "target.year", "indicator 'agents-formes': the target year 2023 must come after the baseline year 2024")]),
    ("direction-contradicts-target", mutate("direction: up", "direction: down"),
     [(11, "direction", "indicator 'agents-formes': direction down contradicts a target above the baseline "
                        "(70 against 12)")]),
    ("unknown-direction", mutate("direction: up", "direction: higher"),
     [(11, "direction", "direction must be up (higher is better) or down (lower is better) (got 'higher')")]),
    ("unknown-theme", mutate("theme: connectivity", "theme: conectivity"),
     [(18, "theme", "unknown theme: one of the six REEN themes (1 to 6) or a theme of the feuille de route "
                    "(got 'conectivity') (did you mean 'connectivity'?)")]),
    ("theme-7", mutate("theme: 4", "theme: 7"), [(9, "theme", "unknown theme")]),
    ("unknown-action-theme", mutate("theme: inclusion", "theme: inclusive"),
     [(32, "theme", "(did you mean 'inclusion'?)")]),
    ("value-outside-the-plan", mutate("values: {2025: 31}", "values: {2023: 8, 2031: 90}"),
     [(14, "values", "indicator 'agents-formes': a value for 2023, outside the plan (2024 to 2030)"),
      (14, "values", "a value for 2031, outside the plan (2024 to 2030)")]),
    ("value-not-a-number", mutate("values: {2025: 31}", "values: {2025: beaucoup}"),
     [(14, "values.2025", "must be a number (got 'beaucoup')")]),
    ("baseline-value-with-a-unit", mutate('value: "4,5"', 'value: "4,5 ans"'),
     [(19, "indicators.baseline.value", "without the unit 'ans'")]),
    ("baseline-without-value", mutate("baseline: {year: 2024, value: 12}", "baseline: {year: 2024}"),
     [(12, "indicators.baseline", "indicator 'agents-formes': baseline needs value")]),
    ("target-after-horizon", mutate("target: {year: 2028, value: 6.5}", "target: {year: 2032, value: 6.5}"),
     [(20, "target.year", "the target year 2032 is after the horizon 2030")]),
    ("unknown-indicator-key", mutate("    owner: DRH\n", "    ownr: DRH\n"),
     [(16, "indicator", "unknown key 'ownr' (did you mean 'owner'?)")]),
    ("unknown-diagnostic-key", mutate("  consultation:", "  consultaton:"),
     [(5, "diagnostic", "unknown key 'consultaton' (did you mean 'consultation'?)")]),
    ("duplicate-indicator", mutate("  - id: age-portables", "  - id: agents-formes"),
     [(17, "id", "duplicate indicator id (first on line 7) (got 'agents-formes')"),
      (31, "kpi", "unknown indicator in kpi (got 'indicator:age-portables')")]),
    ("unknown-indicator-in-metric", mutate("metric: indicator:agents-formes", "metric: indicator:agents-forme"),
     [(26, "metric", "unknown indicator in metric (got 'indicator:agents-forme') (did you mean 'agents-formes'?)")]),
    ("carbon-key-on-indicator-objective", mutate("metric: indicator:agents-formes",
                                                 "metric: indicator:agents-formes\n    target_year: 2027"),
     [(27, "target_year", "an objective on an indicator takes its baseline and target from the indicator")]),
    ("unknown-indicator-in-kpi", mutate("kpi: indicator:age-portables", "kpi: indicator:age"),
     [(31, "kpi", "unknown indicator in kpi (got 'indicator:age')")]),
]


@pytest.fixture
def scenario_file(tmp_path):
    (tmp_path / "inv.yaml").write_text(INVENTORY, encoding="utf-8")

    def _write(text: str):
        path = tmp_path / "scenario.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.mark.parametrize("case, text, expected", BAD, ids=[case[0] for case in BAD])
def test_bad_indicators_exit_2_with_one_located_line_per_problem(scenario_file, runner, fixture_factor_root,
                                                                 case, text, expected):
    path = scenario_file(text)
    result = runner.invoke(cli, ["scenario", str(path), "--draws", "0"])
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(expected), lines
    for line, (row, column, fragment) in zip(lines, expected):
        match = LOCATED.match(line)
        assert match, line
        assert (match["file"], int(match["row"]), match["column"]) == (str(path), row, column), line
        assert fragment in match["message"], line


def test_indicators_and_their_objectives_in_the_json(scenario_file, runner, fixture_factor_root):
    result = runner.invoke(cli, ["scenario", str(scenario_file(GOOD)), "--format", "json", "--draws", "20"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["diagnostic"] == {"summary": "Usages : 80 % des foyers en ligne",
                                      "consultation": "Questionnaire, 120 réponses"}
    carbon, on_indicator = document["objectives"]
    assert carbon["kind"] == "reduction" and carbon["smart"]["time_bound"] is True
    assert on_indicator["kind"] == "indicator" and on_indicator["metric"] == "indicator:agents-formes"
    # path 12 → 70 over 2024–2027: 31.333… in 2025; 31 measured is 0.333… behind
    assert on_indicator["met"] is False and on_indicator["status"] == "behind"
    assert on_indicator["path_value"] == pytest.approx(12 + 58 / 3)
    assert on_indicator["progress_needed_per_year"] == pytest.approx(19.5)  # (70 − 31) / 2
    assert on_indicator["smart"] == {"specific": True, "measurable": True, "achievable": False, "relevant": True,
                                     "time_bound": True}
    trained, age = document["indicators"]
    assert trained["owner"] == "DRH" and trained["source"] == "Registre des formations"
    assert age["direction"] == "up" and age["baseline"] == {"year": 2024, "value": 4.5}  # "4,5": decimal comma
    assert age["actions"] == ["a1"] and age["status"] == "not_measured"
    assert age["path"] == {"2024": 4.5, "2025": 5.0, "2026": 5.5, "2027": 6.0, "2028": 6.5}
    assert document["feasible"] is not None  # the carbon plan is checked as before


def test_direction_is_inferred_from_the_target(scenario_file, runner, fixture_factor_root):
    text = mutate("target: {year: 2028, value: 6.5}", "target: {year: 2028, value: 2.5}")
    result = runner.invoke(cli, ["scenario", str(scenario_file(text)), "--format", "json", "--draws", "0"])
    assert json.loads(result.stdout)["indicators"][1]["direction"] == "down"


def test_a_scenario_may_have_only_objectives_on_indicators(scenario_file, runner, fixture_factor_root):
    text = GOOD.replace("  - id: o1\n    reduction: 15%\n    target_year: 2027\n", "")
    result = runner.invoke(cli, ["scenario", str(scenario_file(text)), "--format", "json", "--draws", "0",
                                 "--propose"])
    assert result.exit_code == 0, result.output
    assert [o["kind"] for o in json.loads(result.stdout)["objectives"]] == ["indicator"]


def test_terminal_table_lists_the_indicators(scenario_file, runner, fixture_factor_root):
    result = runner.invoke(cli, ["scenario", str(scenario_file(GOOD)), "--draws", "0", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Roadmap indicators" in result.stdout and "behind" in result.stdout
