"""Synthesis, likelihood of the objectives, table of contents, print CSS, method and scope, the
collectivity's own notes, position against the roadmap, no machine path (issue "One figure, stated
with its confidence")."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sobriete.documents import common, i18n
from sobriete.documents.report import build_report, write_report
from sobriete.documents.roadmap import build_roadmap, write_roadmap
from sobriete.io.factor_files import load_factors
from sobriete.footprint import compute_footprint
from sobriete.io.inventory import load_inventory
from sobriete.io.scenario_file import load_scenario
from sobriete.plan import LIKELIHOODS, LIKELY_ENOUGH, likelihood
from sobriete.scenario import run_scenario
from sobriete.scenario_outputs import scenario_document

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
COMMUNE = ROOT / "inventories" / "commune-saint-aubin-2024.yaml"
LEVELS = [term for term, _, _ in LIKELIHOODS] + ["exceptionally_unlikely"]
MET_WORDS = {"fr": ("respecté", "atteint"), "en": ("met",)}


@pytest.fixture(scope="module")
def factors():
    return load_factors(base=FIXTURES / "factors")


@pytest.fixture(scope="module")
def result(factors):
    return run_scenario(load_scenario(FIXTURES / "scenario-commune.yaml", factors), factors, draws=200)


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setattr(common, "today", lambda: dt.date(2026, 11, 26))


def section(markdown: str, heading: str) -> str:
    """The text of the level-2 section `heading`, up to the next level-2 heading."""
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.find("\n## ", start + 4)
    return markdown[start:end if end >= 0 else None]


def _roadmap(result, factors, tmp_path, lang):
    written = write_roadmap(build_roadmap(result, factors, lang=lang, draws=200), tmp_path / f"roadmap-{lang}",
                            lang=lang)
    return written[0].read_text(encoding="utf-8"), written[1].read_text(encoding="utf-8")


def _report(result, factors, tmp_path, lang, inventory=None):
    inventory = inventory or result.trajectories.scenario.inventory
    data = build_report(inventory, factors, lang=lang, draws=200, scenario_result=result)
    written = write_report(data, tmp_path / f"report-{lang}", lang=lang)
    return data, written[0].read_text(encoding="utf-8"), written[1].read_text(encoding="utf-8")


# --- likelihood in the status --------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("met", [True, False])
def test_status_carries_the_likelihood_and_never_says_met_alone_below_likely(lang, level, met):
    probability = {"virtually_certain": 0.995, "very_likely": 0.95, "likely": 0.7, "about_as_likely_as_not": 0.52,
                   "unlikely": 0.2, "very_unlikely": 0.05, "exceptionally_unlikely": 0.0}[level]
    assert likelihood(probability) == level
    status = i18n.objective_status({"met": met, "probability": probability, "likelihood": level}, lang)
    assert i18n.LIKELIHOOD_TERMS[lang][level] in status
    assert i18n.fmt_percent(probability, lang) in status
    if met and level not in LIKELY_ENOUGH:
        assert not status.startswith("✔")
        assert i18n.strings(lang)["status_met_central"].split("{")[0].strip() in status  # "met on the central value"
    if met and level in LIKELY_ENOUGH:
        assert status.startswith("✔")
    if not met:
        assert status.startswith("✘")


def test_official_french_terms():
    assert list(i18n.LIKELIHOOD_TERMS["fr"].values()) == [
        "quasi certain", "très probable", "probable", "aussi probable qu'improbable", "improbable",
        "très improbable", "exceptionnellement improbable"]
    assert i18n.objective_status({"met": True, "probability": 0.52}, "fr") == \
        "⚠ atteint sur la valeur centrale, aussi probable qu'improbable (52\u202f%)"


def test_without_draws_the_status_says_the_probability_is_unknown():
    status = i18n.objective_status({"met": True, "probability": None}, "fr")
    assert "probabilité non calculée" in status and not status.startswith("✔")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_objective_row_says_met_alone_below_likely(tmp_path, factors, result, lang):
    markdown, _ = _roadmap(result, factors, tmp_path, lang)
    _, report, _ = _report(result, factors, tmp_path, lang)
    s = i18n.strings(lang)
    context = build_roadmap(result, factors, lang=lang, draws=200)["context"]
    smart_lines = [line for line in context["smart"] if s["smart_line"].split("{metric}")[0].split("{id}")[1] in line]
    for record, smart in zip(scenario_document(result)["objectives"], smart_lines):
        level = record["likelihood"]
        term = i18n.LIKELIHOOD_TERMS[lang][level]
        label = record["label"] or record["id"]
        for text in (markdown, report):
            rows = [line for line in text.splitlines() if line.startswith("|") and i18n.common_escape(label) in line
                    and any(mark in line for mark in ("✔", "✘", "⚠"))]
            assert rows, label
            for row in rows:
                assert term in row  # the likelihood is written wherever the status is
                if level not in LIKELY_ENOUGH:
                    assert "✔" not in row
        assert f"- {i18n.common_escape(smart)}" in markdown
        assert term in smart
        achievable = smart.split(";")[2]
        if record["met"] and level in LIKELY_ENOUGH:
            assert s["smart_achievable_likely"].split(",")[0] in achievable
        elif record["met"]:
            assert s["smart_achievable_unsure"].split(":")[0] in achievable
        else:
            assert s["smart_achievable_missed"].split(",")[0] in achievable


# --- synthesis ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_synthesis_figures_equal_the_json(tmp_path, factors, result, lang):
    s = i18n.strings(lang)
    document = scenario_document(result)
    markdown, _ = _roadmap(result, factors, tmp_path, lang)
    data, report, _ = _report(result, factors, tmp_path, lang)
    t = lambda v: i18n.fmt_number(v / 1000.0, lang, 1)  # noqa: E731
    n0 = lambda v: i18n.fmt_number(v, lang, 0)  # noqa: E731
    summary = json.loads((tmp_path / f"report-{lang}" / "tables" / lang / "summary.json").read_text("utf-8"))[0]
    for text in (markdown, report):
        synthesis = section(text, s["summary"])
        assert f"**{t(summary['total'])} " in synthesis
        assert t(summary["interval_low"]) in synthesis and t(summary["interval_high"]) in synthesis
        # the three largest sources
        for row in data.tables["by_category"][:3]:
            assert f"{t(row['value'])} {s['unit_t_year']} ({i18n.fmt_percent(row['share'], lang)})" in synthesis
        # each objective with its likelihood
        for record in document["objectives"]:
            row = [line for line in synthesis.splitlines() if line.startswith("| ") and
                   f"| {record['target_year']} | {n0(record['target'])} | {n0(record['plan'])} |" in line]
            assert row, record["id"]
            assert i18n.objective_status(record, lang) in row[0]
        # the five largest actions, by contribution at the horizon
        horizon = str(document["years"][-1])
        selected = sorted((a for a in document["actions"] if a["selected"]),
                          key=lambda a: -a["contribution"][horizon])[:5]
        listed = [line for line in synthesis.splitlines() if line.startswith("| ")
                  and s["contribution_horizon"].format(year=horizon) not in line]
        for action in selected:
            if action["contribution"][horizon] > 0:
                assert any(f"| {t(action['contribution'][horizon])} | {n0(action['investment'])} | "
                           f"{n0(action['total_cost'])} |" in line for line in listed), action["id"]
        # the budget per year, and its totals equal the JSON's
        assert f"**{n0(document['investment'])}** | **{n0(document['operating'])}** | " \
               f"**{n0(document['total_cost'])}**" in synthesis


def test_report_without_scenario_says_where_the_plan_is(tmp_path, factors):
    data = build_report(load_inventory(COMMUNE, factors), factors, draws=50)
    markdown = write_report(data, tmp_path, lang="fr")[0].read_text(encoding="utf-8")
    assert i18n.strings("fr")["synthesis_no_scenario"].split(":")[0] in section(markdown, "Synthèse")


# --- new sections in both languages, contents, print CSS ------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_new_sections_in_both_languages(tmp_path, factors, result, lang):
    s = i18n.strings(lang)
    roadmap, roadmap_html = _roadmap(result, factors, tmp_path, lang)
    _, report, report_html = _report(result, factors, tmp_path, lang)
    for heading in ("summary", "method_scope_title", "trajectory_title"):
        assert f"\n## {s[heading]}\n" in report, heading
    for heading in ("scope_counted_title", "scope_not_counted_title", "scope_methods_title", "scope_factors_title",
                    "scope_interval_title"):
        assert f"\n### {s[heading]}\n" in section(report, s["method_scope_title"]), heading
    assert s["interval_explained"].format(draws="200") in section(report, s["method_scope_title"])
    for heading in ("summary", "collectivity_notes_title", "diagnostic", "vision", "action_plan", "resources",
                    "evaluation", "annex"):
        assert f"\n## {s[heading]}\n" in roadmap, heading
    assert {"fr": "Synthèse", "en": "Summary"}[lang] == s["summary"]
    assert {"fr": "Méthode et périmètre", "en": "Method and scope"}[lang] == s["method_scope_title"]
    assert {"fr": "Notes de la collectivité", "en": "The collectivity's own notes"}[lang] == \
        s["collectivity_notes_title"]
    for markdown, html in ((roadmap, roadmap_html), (report, report_html)):
        # a table of contents linking every level-2 heading, and the anchors exist in the HTML
        headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
        contents = markdown[:markdown.index("\n## ")]
        assert f"**{s['contents']}**" in contents
        for heading in headings:
            anchor = common.slug(heading)
            assert f"(#{anchor})" in contents
            assert f'id="{anchor}"' in html, heading
        # printed: page numbers and a running header
        assert "@page" in html and "counter(page)" in html and "@top-center" in html
        assert html.count('<section class="synthesis">') == 1  # its own printed page


# --- the collectivity's own notes ---------------------------------------------------------------

def test_free_text_only_under_the_collectivity_notes(tmp_path, factors):
    scenario_path = tmp_path / "scenario.yaml"
    text = (FIXTURES / "scenario-commune.yaml").read_text(encoding="utf-8")
    text = text.replace("baseline: ../../inventories/", f"baseline: {ROOT / 'inventories'}/")
    text = text.replace("horizon: 2028\n", "horizon: 2028\nnotes: Délibération du conseil du 12 mars 2025\n")
    text = text.replace("    owner: DSI\n", "    owner: DSI\n    notes: Avis favorable du comité technique\n", 1)
    scenario_path.write_text(text, encoding="utf-8")
    result = run_scenario(load_scenario(scenario_path, factors), factors, draws=50)
    for lang in ("fr", "en"):
        markdown, _ = _roadmap(result, factors, tmp_path, lang)
        own = section(markdown, i18n.strings(lang)["collectivity_notes_title"])
        for free in ("Délibération du conseil du 12 mars 2025", "Avis favorable du comité technique", "DSIL"):
            assert markdown.count(free) == 1 and free in own, free
        assumptions = markdown[markdown.index(f"### {i18n.strings(lang)['assumptions']}"):]
        assert "Avis favorable" not in assumptions.split("\n## ")[0]


# --- position against the roadmap ------------------------------------------------------------------

def test_position_compares_the_reported_year_with_the_plan_for_that_year(tmp_path, factors, result):
    later = tmp_path / "inventaire-2025.yaml"
    later.write_text(COMMUNE.read_text(encoding="utf-8").replace("year: 2024", "year: 2025", 1), encoding="utf-8")
    inventory = load_inventory(later, factors)
    assert inventory.year == 2025
    data, markdown, _ = _report(result, factors, tmp_path, "fr", inventory=inventory)
    position = data.context["trajectory"]
    years = list(result.trajectories.years)
    assert position["planned"] == pytest.approx(float(result.plan["total"][years.index(2025)]))
    assert position["actual"] == pytest.approx(compute_footprint(inventory, factors, method="amortized").total)
    assert position["planned"] != pytest.approx(float(result.plan["total"][0]))  # not the roadmap with itself
    assert i18n.fmt_number(position["planned"] / 1000, "fr", 1) in section(markdown, "Position par rapport à la "
                                                                                      "feuille de route")
    # the baseline year: the reported footprint is the plan's first value, by construction
    data, _, _ = _report(result, factors, tmp_path / "base", "fr")
    assert data.context["trajectory"]["actual"] == pytest.approx(data.context["trajectory"]["planned"], rel=1e-9)


# --- paths ----------------------------------------------------------------------------------------

def test_paths_are_made_public():
    base = "/home/someone/projets/inventories"
    assert common.public_path(f"{base}/inv.yaml:12", base) == "inv.yaml:12"
    assert common.public_path(f"{base}/csv/devices.csv:3", base) == "csv/devices.csv:3"
    assert common.public_path("/elsewhere/x.xlsx", base) == "x.xlsx"
    assert common.public_path("C:\\Users\\agent\\Documents\\inv.xlsx") == "inv.xlsx"
    text = f"voir {base}/inv.yaml:12 et https://example.org/a/b.html"
    assert common.strip_paths(text, base) == "voir inv.yaml:12 et https://example.org/a/b.html"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_machine_path_in_any_published_file(tmp_path, factors, result, lang):
    inventory = load_inventory(COMMUNE.resolve(), factors)  # loaded from an absolute path
    assert str(ROOT) in inventory.source
    data = build_report(inventory, factors, lang=lang, draws=50, scenario_result=result)
    written = write_report(data, tmp_path / "report", lang=lang)
    written += write_roadmap(build_roadmap(result, factors, lang=lang, draws=50), tmp_path / "roadmap", lang=lang)
    for path in written:
        if path.suffix in (".md", ".html", ".csv", ".json"):
            assert str(ROOT) not in path.read_text(encoding="utf-8"), path.name
    lines = json.loads((tmp_path / "report" / "tables" / lang / "lines.json").read_text(encoding="utf-8"))
    assert lines[0]["source"].startswith("commune-saint-aubin-2024.yaml:")


# --- weak factors, KPIs, counts ---------------------------------------------------------------

def test_largest_sources_on_a_weak_factor_say_how_to_improve(tmp_path, factors):
    data = build_report(load_inventory(COMMUNE, factors), factors, draws=50)
    s = i18n.strings("fr")
    weak = [row for row in data.context["main_sources"] if row["weak"]]
    assert weak  # the commune's SaaS and telecom rest on spend-based ratios of ±50 % or more
    for row in weak:
        assert row["warning"].startswith("⚠")
    assert any(s["advice_spend"] in row["warning"] for row in weak)
    markdown = write_report(data, tmp_path, lang="fr")[0].read_text(encoding="utf-8")
    assert s["advice_spend"] in section(markdown, "Synthèse")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_evaluation_indicators_have_their_baseline(tmp_path, factors, result, lang):
    s = i18n.strings(lang)
    markdown, _ = _roadmap(result, factors, tmp_path, lang)
    evaluation = section(markdown, s["evaluation"])
    header = [line for line in evaluation.splitlines() if line.startswith(f"| {s['indicator']} |")][0]
    assert f"| {s['unit_col']} | {s['kpi_baseline']} |" in header
    reporting = scenario_document(result)["bau"][0]
    assert f"{i18n.fmt_number(reporting / 1000, lang, 1)} ({result.trajectories.scenario.baseline_year})" in evaluation
    assert re.search(r"\d+\.\d", evaluation.replace("2024", "")) is None or lang == "en"


def test_a_coin_toss_objective_is_not_shown_as_met(tmp_path, factors, result):
    """An objective met on the central value by a hair: about as likely as not, never "✔ met"."""
    years = list(result.trajectories.years)
    plan_2027 = float(result.plan["total"][years.index(2027)])
    reference_t = plan_2027 * 1.002 / 0.99 / 1000.0
    text = (FIXTURES / "scenario-commune.yaml").read_text(encoding="utf-8")
    text = text.replace("baseline: ../../inventories/", f"baseline: {ROOT / 'inventories'}/")
    head, _, rest = text.partition("objectives:\n")
    actions = rest[rest.index("actions:\n"):]
    text = (head + "objectives:\n  - id: pile-ou-face\n    label: Objectif serré\n    metric: total\n"
            f"    reduction: 1%\n    reference_year: 2024\n    reference_value: {reference_t:.6f} tCO2e\n"
            "    target_year: 2027\n" + actions)
    path = tmp_path / "serre.yaml"
    path.write_text(text, encoding="utf-8")
    tight = run_scenario(load_scenario(path, factors), factors, draws=400)
    record = tight.objectives[0]
    assert record["met"] and record["likelihood"] not in LIKELY_ENOUGH, record
    for lang in ("fr", "en"):
        markdown, _ = _roadmap(tight, factors, tmp_path / "serre", lang)
        _, report, _ = _report(tight, factors, tmp_path / "serre", lang)
        term = i18n.LIKELIHOOD_TERMS[lang][record["likelihood"]]
        for text in (markdown, report):
            rows = [line for line in text.splitlines() if line.startswith("| Objectif serré")
                    and any(mark in line for mark in ("✔", "✘", "⚠"))]
            assert rows
            for row in rows:
                assert "✔" not in row and term in row
                assert i18n.strings(lang)["status_met_central"].split(",")[0] in row
        assert i18n.strings(lang)["feasible_unsure"] in markdown
        assert i18n.strings(lang)["smart_achievable_unsure"].split(":")[0] in markdown
