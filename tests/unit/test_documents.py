"""The annual report and the feuille de route: structure, languages, self-containment, figures."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sobriete.documents import common, i18n
from sobriete.change import decompose_change
from sobriete.documents.report import build_report, write_report
from sobriete.documents.roadmap import build_roadmap, write_roadmap
from sobriete.io.factor_files import load_factors
from sobriete.io.inventory import load_inventory
from sobriete.io.scenario_file import load_scenario
from sobriete.scenario import run_scenario

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden" / "documents"
COMMUNE = ROOT / "inventories" / "commune-saint-aubin-2024.yaml"
# Set to 1 to rewrite the golden documents from the current code (then review the diff).
REGENERATE = "SOBRIETE_REGENERATE_GOLDEN"


@pytest.fixture(scope="module")
def factors():
    return load_factors(base=FIXTURES / "factors")


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setattr(common, "today", lambda: dt.date(2026, 11, 26))


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.tags, self.scripts = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):  # in-page links are fine
                self.urls.append(value)


def parse_html(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector


def test_both_languages_define_the_same_strings():
    assert set(i18n.STRINGS["fr"]) == set(i18n.STRINGS["en"])
    assert set(i18n.THEMES["fr"]) == set(i18n.THEMES["en"])
    for lang in ("fr", "en"):
        assert all(value for value in i18n.STRINGS[lang].values())


def test_number_and_date_formats():
    assert i18n.fmt_number(12345.6, "fr") == "12\u202f345,6"
    assert i18n.fmt_number(12345.6, "en") == "12,345.6"
    assert i18n.fmt_date(dt.date(2026, 11, 26), "fr") == "26 novembre 2026"
    assert i18n.fmt_date(dt.date(2026, 11, 26), "en") == "26 November 2026"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_structure_and_self_contained_html(tmp_path, factors, lang):
    inventory = load_inventory(COMMUNE, factors)
    data = build_report(inventory, factors, lang=lang, draws=200)
    written = write_report(data, tmp_path / "out", lang=lang)
    s = i18n.strings(lang)
    markdown = written[0].read_text(encoding="utf-8")
    html = written[1].read_text(encoding="utf-8")
    for heading in ("summary", "breakdowns", "beges_title", "legal_title", "quality_title", "national_title",
                    "notes_title", "sources_title"):
        assert f"## {s[heading]}" in markdown, heading
    page = parse_html(html)
    assert page.urls == [] and page.scripts == 0  # no external resource, no script
    assert page.tags.count("svg") == 2 and "table" in page.tags
    assert f"charts/categories-{lang}.svg" in markdown
    assert (tmp_path / "out" / "charts" / f"categories-{lang}.svg").is_file()
    # tables match the JSON figures
    summary = json.loads((tmp_path / "out" / "tables" / lang / "summary.json").read_text(encoding="utf-8"))[0]
    assert summary["total"] == pytest.approx(data.context["total"])
    beges = json.loads((tmp_path / "out" / "tables" / lang / "by_beges.json").read_text(encoding="utf-8"))
    for row in beges:
        if row["value"]:
            assert f"| {row['poste']} | {row['label']} | {row['scope']} | {i18n.fmt_number(row['value'], lang, 0)} |" \
                in markdown
    assert sum(row["value"] for row in beges) == pytest.approx(summary["total"], rel=1e-12)
    assert f"**{i18n.fmt_number(summary['total'] / 1000, lang, 1)}" in markdown


def test_report_golden_markdown(tmp_path, factors):
    inventory = load_inventory(COMMUNE.relative_to(ROOT), factors) if False else load_inventory(COMMUNE, factors)
    inventory.source = "inventories/commune-saint-aubin-2024.yaml"
    data = build_report(inventory, factors, lang="fr", draws=200, seed=0)
    written = write_report(data, tmp_path / "out", lang="fr")
    markdown = written[0].read_text(encoding="utf-8")
    markdown = re.sub(r"/\S*/inventories/", "inventories/", markdown)
    golden = GOLDEN / "bilan-carbone-commune-2024.md"
    if os.environ.get(REGENERATE) == "1":  # pragma: no cover - a deliberate act, reviewed in the diff
        golden.write_text(markdown, encoding="utf-8")
    if not golden.exists():
        pytest.fail(f"golden file {golden.relative_to(ROOT)} is missing; to write it deliberately (then review "
                    f"it): {REGENERATE}=1 pytest tests/unit/test_documents.py::test_report_golden_markdown",
                    pytrace=False)
    assert markdown == golden.read_text(encoding="utf-8")


def test_previous_decomposition_adds_up_exactly(tmp_path, factors):
    current = load_inventory(ROOT / "inventories" / "ville-val-de-loire-2024.yaml", factors)
    previous_path = tmp_path / "prev.yaml"
    previous_path.write_text("year: 2023\ndevices:\n  - {category: laptop, quantity: 300, purchase_year: 2021}\n"
                             "hosting:\n  - {category: rack_server, quantity: 12}\n", encoding="utf-8")
    previous = load_inventory(previous_path, factors)
    other = load_factors(base=FIXTURES / "factors")
    change = decompose_change(previous, other, "acquisition", current, factors, "amortized")
    assert change["fleet"] + change["factors"] + change["method"] == pytest.approx(change["change"], rel=1e-12)
    assert change["current_total"] - change["previous_total"] == pytest.approx(change["change"], rel=1e-12)
    assert change["method"] != 0  # acquisition → amortized changes the figure
    assert sum(r["value"] for r in change["fleet_by_category"]) == pytest.approx(change["fleet"], rel=1e-9)


def test_legal_indicators(tmp_path, factors):
    path = tmp_path / "inv.yaml"
    path.write_text(
        "year: 2025\ndevices:\n"
        "  - {category: laptop, quantity: 8, purchase_year: 2025}\n"
        "  - {category: laptop, quantity: 2, purchase_year: 2025, refurbished: true}\n"
        "  - {category: laptop, quantity: 50, purchase_year: 2020}\n"
        "retired:\n"
        "  - {category: laptop, quantity: 6, destination: reuse, purchase_year: 2019}\n"
        "  - {category: laptop, quantity: 4, destination: weee, purchase_year: 2020}\n"
        "  - {category: laptop, quantity: 90, destination: weee, purchase_year: 2010}\n", encoding="utf-8")
    from sobriete.documents.report import legal_indicators

    legal = legal_indicators(load_inventory(path, factors))
    assert legal["agec"]["observed"] == pytest.approx(0.2)  # 2 refurbished of 10 bought in 2025
    assert legal["reen"]["observed"] == pytest.approx(0.6)  # 6 of the 10 retired units under 10 years old
    assert legal["reen"]["requirement"] == 0.5


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_roadmap_sections_and_escaping(tmp_path, factors, lang):
    scenario = load_scenario(FIXTURES / "scenario-commune.yaml", factors)
    result = run_scenario(scenario, factors, draws=100)
    written = write_roadmap(build_roadmap(result, factors, lang=lang, draws=100), tmp_path / "out", lang=lang)
    s = i18n.strings(lang)
    markdown = written[0].read_text(encoding="utf-8")
    html = written[1].read_text(encoding="utf-8")
    for heading in ("diagnostic", "vision", "action_plan", "resources", "evaluation", "annex"):
        assert f"## {s[heading]}" in markdown, heading
    assert i18n.THEMES[lang][2] in markdown  # actions grouped by REEN theme
    page = parse_html(html)
    assert page.urls == [] and page.scripts == 0, (page.urls, page.scripts)
    assert page.tags.count("svg") >= 5  # trajectory, waterfall, macc, gantt, categories
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "DSIL" in markdown and "Mise à jour du marché d'achat" in markdown
    budget = json.loads((tmp_path / "out" / "tables" / lang / "roadmap_budget.json").read_text(encoding="utf-8"))
    assert sum(r["total"] for r in budget) == pytest.approx(result.total_cost)


def test_refuses_a_foreign_folder(tmp_path, factors):
    from sobriete.errors import InputErrors

    (tmp_path / "mine.txt").write_text("x", encoding="utf-8")
    data = build_report(load_inventory(COMMUNE, factors), factors, draws=0)
    with pytest.raises(InputErrors):
        write_report(data, tmp_path)
    write_report(data, tmp_path, force=True)
    write_report(data, tmp_path)  # our own folder now: regenerating is fine
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "x"


def test_every_engine_note_of_the_examples_is_translated():
    """French documents must not carry English calculation notes (issue #5: every string in French)."""
    shipped = load_factors()
    seen = 0
    for name in ("commune-saint-aubin-2024.yaml", "ville-val-de-loire-2024.yaml", "metropole-rives-2024.yaml"):
        from sobriete.footprint import compute_footprint

        for method in ("amortized", "acquisition"):
            fp = compute_footprint(load_inventory(ROOT / "inventories" / name, shipped), shipped, method=method)
            for note in fp.notes:
                seen += 1
                assert i18n.translate_note(note, "fr") != note, note
                assert i18n.translate_note(note, "en") == note
    assert seen > 10
