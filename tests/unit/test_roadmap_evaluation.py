"""The feuille de route beyond carbon in the documents (DESIGN §6, §7): the roadmap's territorial
diagnostic, SMART table, training needs and evaluation framework; the report's roadmap evaluation
with `--indicators FILE.csv` and its located errors. Both languages."""

from __future__ import annotations

import re
import textwrap

import pytest

from sobriete.cli.main import cli
from sobriete.documents import i18n

INVENTORY = """\
organisation: {name: Test, population: 1000}
year: 2024
devices:
  - {category: laptop, quantity: 10}
"""

SCENARIO = """\
baseline: inv.yaml
horizon: 2030
funding: "DSIL 2025"
partners: "Syndicat numérique"
diagnostic:
  summary: "Usages : 80 % des démarches en ligne"
  infrastructure: "Fibre : 62 % des locaux"
  consultation: "Questionnaire, 120 réponses"
indicators:
  - id: agents-formes
    label: Part des agents formés
    theme: 4
    unit: "%"
    baseline: {year: 2024, value: 12}
    target: {year: 2027, value: 70}
    values: {2025: 31}
    source: Registre des formations
    owner: DRH
    frequency: chaque janvier
  - id: age-portables
    label: "Âge moyen des $portables$"
    theme: inclusion
    unit: ans
    direction: down
    baseline: {year: 2024, value: 10}
    target: {year: 2028, value: 6}
objectives:
  - {id: o1, reduction: 15%, target_year: 2027}
  - {id: o2, metric: "indicator:agents-formes", label: Former 70 % des agents}
actions:
  - id: former
    label: Plan de formation au numérique responsable
    lever: lifespan
    value: +1 years
    kpi: indicator:agents-formes
    owner: DRH
    start: 2025
    theme: 4
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "inv.yaml").write_text(INVENTORY, encoding="utf-8")
    (tmp_path / "inv-2026.yaml").write_text(INVENTORY.replace("year: 2024", "year: 2026"), encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_roadmap_sections(folder, runner, fixture_factor_root, lang):
    result = runner.invoke(cli, ["roadmap", str(folder / "scenario.yaml"), "--output", str(folder / "out"),
                                 "--draws", "20", "--lang", lang])
    assert result.exit_code == 0, result.output
    s = i18n.strings(lang)
    markdown = (folder / "out" / ("feuille-de-route.md" if lang == "fr" else "roadmap.md")).read_text("utf-8")
    for key in ("territory_title", "territory_baselines", "smart_table_title", "training_title",
                "funding_partners_title", "evaluation_indicators_title", "diagnostic_infrastructure"):
        assert s[key] in markdown, key
    assert "Fibre : 62 % des locaux" in markdown and "Questionnaire, 120 réponses" in markdown
    # the diagnostic comes before the objectives
    assert markdown.index(s["territory_title"]) < markdown.index(f"## {s['vision']}")
    # one SMART table for both kinds: the indicator objective is behind and not achievable (19.5 > 19 a year)
    row = next(line for line in markdown.splitlines() if line.startswith("| Former 70"))
    assert s["objective_kind_indicator"] in row and s["indicator_status_behind"] in row
    assert row.endswith("| ✓ | ✓ | ✗ | ✓ | ✓ |"), row
    assert any(line.startswith(f"| −15") and s["objective_kind_carbon"] in line for line in markdown.splitlines())
    # the seed theme is a heading of the action plan when an action carries it; the REEN theme 4 here
    assert i18n.THEMES[lang][4] in markdown
    # training needs come from the action on the training indicator
    assert "Plan de formation au numérique responsable" in markdown.split(s["training_title"])[1]
    # evaluation framework: who, when, milestones (12 → 70 over 2024–2027: 31,3 / 31.3 in 2025)
    framework = next(line for line in markdown.splitlines() if line.startswith("| Part des agents formés | DRH"))
    assert "chaque janvier" in framework and ("31,3" if lang == "fr" else "31.3") in framework
    assert "| Âge moyen des $portables$ |" in markdown  # user text kept as written (its | * _ are escaped)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_evaluates_the_roadmap_with_a_csv(folder, runner, fixture_factor_root, lang):
    (folder / "values.csv").write_text("year,id,value\n2026,age-portables,8.5\n2026,agents-formes,55\n",
                                       encoding="utf-8")
    result = runner.invoke(cli, ["report", str(folder / "inv-2026.yaml"), "--scenario", str(folder / "scenario.yaml"),
                                 "--indicators", str(folder / "values.csv"), "--output", str(folder / "out"),
                                 "--draws", "20", "--lang", lang])
    assert result.exit_code == 0, result.output
    s = i18n.strings(lang)
    markdown = next((folder / "out").glob("*.md")).read_text("utf-8")
    section = markdown.split(f"## {s['roadmap_evaluation_title']}")[1].split("\n## ")[0]
    lines = section.splitlines()
    # age: path 10 → 6 over 2024–2028 is 8 in 2026; 8.5 is 0.5 behind; (6 − 8.5) / 2 = −1.25 a year needed
    age = next(line for line in lines if line.startswith("| Âge moyen"))
    assert s["indicator_status_behind"] in age and ("0,5 ans" if lang == "fr" else "0.5 ans") in age
    # agents: path 12 → 70 over 2024–2027 is 50.67 in 2026; 55 is on track; (70 − 55) / 1 = +15 a year
    agents = next(line for line in lines if line.startswith("| Part des agents"))
    assert s["indicator_status_on_track"] in agents and "+15" in agents
    charts = sorted((folder / "out" / "charts").glob("indicator-*.svg"))
    assert len(charts) == 2
    assert "$portables$" in charts[1].read_text("utf-8")  # a $ in a label is text, never mathtext
    html = next((folder / "out").glob("*.html")).read_text("utf-8")
    assert s["indicator_chart"].format(label="Part des agents formés") in html


BAD_CSV = [
    ("unknown-id", "year,id,value\n2026,agents-forme,55\n",
     [":2: id: unknown indicator (got 'agents-forme') (did you mean 'agents-formes'?)"]),
    ("bad-value", "year,id,value\n2026,agents-formes,beaucoup\n", [":2: value: must be a number (got 'beaucoup')"]),
    ("bad-year", "year,id,value\n2026.5,agents-formes,55\n2031,agents-formes,60\n",
     [":2: year: must be a year (an integer such as 2025) (got '2026.5')",
      ":3: year: outside the plan (2024 to 2030) (got 2031)"]),
    ("duplicate", "year,id,value\n2026,agents-formes,55\n2026,agents-formes,56\n",
     [":3: value: a second value for 'agents-formes' in 2026 (first on row 2) (got '56')"]),
    ("missing-column", "year,id,valeurs\n2026,agents-formes,55\n",
     [":1: valeurs: unknown column 'valeurs' (did you mean 'value'?)", ":1: missing column 'value' (expected a header year,id,value)"]),
]


@pytest.mark.parametrize("case, text, expected", BAD_CSV, ids=[c[0] for c in BAD_CSV])
def test_indicator_csv_errors_are_located(folder, runner, fixture_factor_root, case, text, expected):
    (folder / "values.csv").write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["report", str(folder / "inv-2026.yaml"), "--scenario", str(folder / "scenario.yaml"),
                                 "--indicators", str(folder / "values.csv"), "--output", str(folder / "out"),
                                 "--draws", "0"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert lines == [f"{folder / 'values.csv'}{e}" for e in expected]


def test_french_headers_and_semicolons_are_read(folder, factors):
    from sobriete.io.indicator_values import load_indicator_values
    from sobriete.io.scenario_file import load_scenario

    (folder / "values.csv").write_text("année;indicateur;valeur\n2026;agents-formes;55,5\n", encoding="utf-8")
    scenario = load_scenario(folder / "scenario.yaml", factors)
    assert load_indicator_values(folder / "values.csv", scenario) == {"agents-formes": {2026: 55.5}}


def test_indicators_need_a_scenario(folder, runner, fixture_factor_root):
    (folder / "values.csv").write_text("year,id,value\n", encoding="utf-8")
    result = runner.invoke(cli, ["report", str(folder / "inv.yaml"), "--indicators", str(folder / "values.csv"),
                                 "--output", str(folder / "out")])
    assert result.exit_code == 2 and "--indicators needs --scenario" in result.output
