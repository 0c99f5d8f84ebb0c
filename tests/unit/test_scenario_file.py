"""Scenario file validation (DESIGN.md §2, §6, §7): every bad scenario exits 2 through
`sobriete scenario`, with one located line per problem, `file:row: column: message`."""

from __future__ import annotations

import json
import re
import textwrap

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
trend:
  devices: 2%
  electricity.FR: -1%
objectives:
  - id: o1
    metric: total
    reduction: 15%
    reference_year: 2024
    target_year: 2027
actions:
  - id: a1
    lever: lifespan
    target: {category: laptop}
    value: +2 years
    start: 2025
    ramp: 2
    cost: 1000 EUR
    annual_cost: 0 EUR
    theme: 2
  - id: a2
    lever: fleet
    value: -10%
"""
LOCATED = re.compile(r"^(?P<file>.+\.yaml):(?P<row>\d+): (?P<column>[\w.]+): (?P<message>.+)$")


def mutate(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


# (id, scenario text, [(row, column, fragment of the message), …]): exactly these problems
BAD = [
    ("unknown-lever", mutate("lever: lifespan", "lever: lifespam"),
     [(14, "lever", "unknown lever (got 'lifespam') (did you mean 'lifespan'?)")]),
    ("unknown-target-category", mutate("{category: laptop}", "{category: lapptop}"),
     [(15, "target.category", "unknown category (got 'lapptop') (did you mean 'laptop'?)")]),
    ("unknown-selector", mutate("{category: laptop}", "{categorie: laptop}"),
     [(15, "target", "unknown selector 'categorie' (did you mean 'category'?)")]),
    ("reference-year-before-baseline", mutate("reference_year: 2024", "reference_year: 2019"),
     [(10, "reference_year", "must lie between the baseline year 2024 and the horizon 2030 (or give "
                             "reference_value) (got 2019)")]),
    ("target-year-after-horizon", mutate("target_year: 2027", "target_year: 2031"),
     [(11, "target_year", "target_year must lie between 2024 and the horizon 2030 (got 2031)")]),
    ("target-year-before-reference", mutate("target_year: 2027", "target_year: 2024").replace(
        "reference_year: 2024", "reference_year: 2026"),
     [(11, "target_year", "target_year is before reference_year (got 2024)")]),
    ("both-reductions", mutate("    reduction: 15%\n", "    reduction: 15%\n    annual_reduction: 4.2%\n"),
     [(7, "objective", "give exactly one of reduction or annual_reduction")]),
    ("no-reduction", mutate("    reduction: 15%\n", ""),
     [(7, "objective", "give exactly one of reduction or annual_reduction")]),
    ("reduction-without-target-year", mutate("    target_year: 2027\n", ""),
     [(7, "target_year", "a reduction objective needs target_year")]),
    ("reduction-above-100", mutate("reduction: 15%", "reduction: 150%"),
     [(9, "reduction", "must be between 0 and 1 (as a fraction or a percentage) (got '150%')")]),
    ("unknown-metric", mutate("metric: total", "metric: totl"),
     [(8, "metric", "unknown metric (got 'totl') (did you mean 'total'?)")]),
    ("unknown-metric-category", mutate("metric: total", "metric: 'category:lapptop'"),
     [(8, "metric", "unknown category in metric (got 'category:lapptop') (did you mean 'laptop'?)")]),
    ("per-agent-without-agents", mutate("metric: total", "metric: per_agent"),
     [(8, "metric", "metric per_agent needs organisation.agents in the inventory")]),
    ("negative-cost", mutate("cost: 1000 EUR", "cost: -1000 EUR"),
     [(19, "cost", "must be a finite amount ≥ 0 (got '-1000 EUR')")]),
    ("cost-not-money", mutate("cost: 1000 EUR", "cost: 1000 kWh"),
     [(19, "cost", "")]),
    ("ramp-0", mutate("ramp: 2", "ramp: 0"),
     [(18, "ramp", "ramp must be a whole number of years ≥ 1 (got 0)")]),
    ("ramp-not-integer", mutate("ramp: 2", "ramp: 1.5"),
     [(18, "ramp", "ramp must be a whole number of years ≥ 1 (got 1.5)")]),
    ("theme-7", mutate("theme: 2", "theme: 7"),
     [(21, "theme", "unknown theme: one of the six REEN themes (1 to 6) or a theme of the feuille de route (got 7)")]),
    ("duplicate-action-id", mutate("  - id: a2", "  - id: a1"),
     [(22, "id", "duplicate action id (first on line 13) (got 'a1')")]),
    ("duplicate-objective-id", mutate("objectives:\n", "objectives:\n  - {id: o1, reduction: 5%, "
                                      "target_year: 2026}\n"),
     [(8, "id", "duplicate objective id (first on line 7) (got 'o1')")]),
    ("missing-baseline", mutate("baseline: inv.yaml", "baseline: absent.yaml"),
     [(1, "baseline", "baseline inventory not found (got 'absent.yaml')")]),
    ("horizon-not-a-year", mutate("horizon: 2030", "horizon: soon"),
     [(2, "horizon", "must be an integer year from 1990 to 2100 (got 'soon')")]),
    ("unknown-trend-key", mutate("devices: 2%", "devicess: 2%"),
     [(4, "trend", "unknown section or category (got 'devicess') (did you mean 'devices'?)")]),
    ("unknown-factor-in-trend", mutate("electricity.FR: -1%", "electricity.XX: -1%"),
     [(5, "trend", "unknown factor id (got 'electricity.XX')")]),
    ("trend-rate-not-a-share", mutate("devices: 2%", "devices: fast"),
     [(4, "trend.devices", "(got 'fast')")]),
    ("unknown-top-key", mutate("horizon: 2030\n", "horizon: 2030\nhorizn: 2031\n"),
     [(3, None, "unknown key 'horizn' (did you mean 'horizon'?)")]),
    ("unknown-action-key", mutate("    theme: 2\n", "    theme: 2\n    costs: 5 EUR\n"),
     [(22, "action", "unknown key 'costs' (did you mean 'cost'")]),
    ("unknown-method", mutate("horizon: 2030\n", "horizon: 2030\nmethod: amortised\n"),
     [(3, "method", "unknown method (got 'amortised') (allowed: amortized, acquisition)")]),
    ("lifespan-of-wrong-dimension", mutate("value: +2 years", "value: 5 kg"),
     [(16, "value", "(got '5 kg')")]),
    ("start-after-horizon", mutate("start: 2025", "start: 2031"),
     [(17, "start", "start must lie between 2024 and the horizon 2030 (got 2031)")]),
    ("pue-below-1", mutate("lever: fleet\n    value: -10%", "lever: pue\n    value: 0.8"),
     [(24, "value", "a PUE cannot be below 1 (got 0.8)")]),
    ("refurbished-above-100", mutate("lever: fleet\n    value: -10%", "lever: refurbished\n    value: 120%"),
     [(24, "value", "must be between 0 and 1 (as a fraction or a percentage) (got '120%')")]),
    ("consolidate-everything", mutate("lever: fleet\n    value: -10%", "lever: consolidate\n    value: 100%"),
     [(24, "value", "must be between 0 and 0.99")]),
    ("lever-without-value", mutate("    value: -10%\n", ""),
     [(22, "value", "lever 'fleet' needs a value")]),  # located on the action
]


@pytest.fixture
def scenario_file(tmp_path):
    (tmp_path / "inv.yaml").write_text(INVENTORY, encoding="utf-8")

    def _write(text: str):
        path = tmp_path / "scenario.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def test_the_good_scenario_runs(scenario_file, runner, fixture_factor_root):
    result = runner.invoke(cli, ["scenario", str(scenario_file(GOOD)), "--format", "json", "--draws", "20"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["years"][0] == 2024 and document["years"][-1] == 2030
    assert [a["id"] for a in document["actions"]] == ["a1", "a2"]


def test_corpus_is_large_enough():
    assert len(BAD) >= 12


@pytest.mark.parametrize("case, text, expected", BAD, ids=[case[0] for case in BAD])
def test_bad_scenario_exits_2_with_one_located_line_per_problem(scenario_file, runner, fixture_factor_root,
                                                                case, text, expected):
    path = scenario_file(text)
    result = runner.invoke(cli, ["scenario", str(path), "--draws", "0"])
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(expected), lines
    for line, (row, column, fragment) in zip(lines, expected):
        if column is None:  # an unknown top-level key: no column
            assert line.startswith(f"{path}:{row}: ") and fragment in line, line
            continue
        match = LOCATED.match(line)
        assert match, line
        assert (match["file"], int(match["row"]), match["column"]) == (str(path), row, column), line
        assert fragment in match["message"], line


def test_horizon_before_baseline_is_reported_with_what_it_breaks(scenario_file, runner, fixture_factor_root):
    path = scenario_file(GOOD.replace("horizon: 2030", "horizon: 2023"))
    result = runner.invoke(cli, ["scenario", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"{path}:2: horizon: the horizon must come after the baseline year 2024 (got 2023)"
    for line in lines:
        assert LOCATED.match(line), line


def test_every_problem_is_listed_at_once(scenario_file, runner, fixture_factor_root):
    text = textwrap.dedent("""\
        baseline: inv.yaml
        horizon: 2030
        trend: {devicess: 2%, electricity.XX: -1%}
        objectives:
          - {id: o1, metric: total, reduction: 10%, annual_reduction: 2%, target_year: 2031}
        actions:
          - {id: a1, lever: lifespam, value: +2 years}
          - {id: a1, lever: fleet, value: -10%, cost: -5 EUR, ramp: 0, theme: 7, target: {category: lapptop}}
    """)
    result = runner.invoke(cli, ["scenario", str(scenario_file(text))])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    columns = [LOCATED.match(line)["column"] for line in lines]
    assert columns == ["trend", "trend", "objective", "target_year", "lever", "id", "ramp", "theme",
                       "target.category", "cost"], lines


def test_action_problems_are_listed_even_when_the_baseline_is_missing(scenario_file, runner, fixture_factor_root):
    text = GOOD.replace("baseline: inv.yaml", "baseline: absent.yaml").replace("cost: 1000 EUR", "cost: -1 EUR") \
        .replace("{category: laptop}", "{category: lapptop}")
    result = runner.invoke(cli, ["scenario", str(scenario_file(text))])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert [LOCATED.match(line)["column"] for line in lines] == ["baseline", "target.category", "cost"], lines


def test_reference_value_allows_a_reference_year_before_the_baseline(scenario_file, runner, fixture_factor_root):
    text = mutate("reference_year: 2024", "reference_year: 2019\n    reference_value: 52 tCO2e")
    result = runner.invoke(cli, ["scenario", str(scenario_file(text)), "--format", "json", "--draws", "0"])
    assert result.exit_code == 0, result.output
    objective = json.loads(result.stdout)["objectives"][0]
    assert objective["reference"] == pytest.approx(52000.0) and objective["target"] == pytest.approx(44200.0)


def test_a_scenario_needs_an_objective(scenario_file, runner, fixture_factor_root):
    text = GOOD[:GOOD.index("objectives:")] + GOOD[GOOD.index("actions:"):]
    result = runner.invoke(cli, ["scenario", str(scenario_file(text))])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("objectives: a scenario needs at least one objective")


def test_invalid_yaml_is_located(scenario_file, runner, fixture_factor_root):
    result = runner.invoke(cli, ["scenario", str(scenario_file(GOOD.replace("  - id: a2", "  - id: [a2")))])
    assert result.exit_code == 2
    assert re.match(r"^.+scenario\.yaml:\d+: invalid YAML", result.stderr), result.stderr


def test_missing_scenario_file(tmp_path, runner, fixture_factor_root):
    result = runner.invoke(cli, ["scenario", str(tmp_path / "nowhere.yaml")])
    assert result.exit_code == 2
    assert "file not found" in result.stderr


def test_bad_baseline_inventory_problems_name_the_inventory(scenario_file, tmp_path, runner, fixture_factor_root):
    (tmp_path / "inv.yaml").write_text(INVENTORY.replace("laptop", "lapptop"), encoding="utf-8")
    result = runner.invoke(cli, ["scenario", str(scenario_file(GOOD))])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'inv.yaml'}:4:"), result.stderr
