"""Scenario charts: six files, valid SVG and PNG, byte-for-byte reproducible, a waterfall that closes.

The scenario runs the real engine on a tiny inventory with the frozen test factors
(tests/fixtures/factors). Its actions are chosen to exercise every branch of the charts:
`lifespan` and `refurbished` on the same laptops interact (so the waterfall needs an
"interactions" step), `electricity_factor` moves only the market-based series (a dashed line,
and no location-based abatement: skipped by the cost curve), and a costly `pue` action is left
out by the proposal under the budget (a candidate not selected).
"""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sobriete.charts import (CHART_STEMS, NNBSP, format_number, format_percent, macc_limit, macc_svg,
                             trajectory_svg, waterfall_steps, waterfall_svg, write_scenario_charts)
from sobriete.io.factor_files import load_factors
from sobriete.io.scenario_file import load_scenario
from sobriete.scenario import run_scenario
from sobriete.scenario_outputs import scenario_document

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "factors"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ORGANISATION = "Commune de Test-sur-Loire"

INVENTORY = f"""
organisation:
  name: {ORGANISATION}
  kind: commune
  population: 5000
  agents: 80
year: 2024
devices:
  - {{category: laptop, quantity: 60, purchase_year: 2022}}
  - {{category: monitor, quantity: 80, purchase_year: 2021}}
hosting:
  - {{category: rack_server, quantity: 3, pue: 1.8}}
"""

ACTIONS = """
actions:
  - id: allonger-portables
    lever: lifespan
    target: {category: laptop}
    value: 7 years
    start: 2025
    ramp: 2
  - id: reconditionnes
    lever: refurbished
    target: {category: laptop}
    value: 50%
    start: 2025
    cost: 1000 EUR
  - id: ecrans
    lever: fleet
    target: {category: monitor}
    value: -30%
    start: 2026
    annual_cost: -200 EUR
  - id: pue
    lever: pue
    target: {section: hosting}
    value: 1.3
    start: 2026
    cost: 40000 EUR
  - id: electricite-verte
    lever: electricity_factor
    target: {section: devices}
    value: 0.01 kgCO2e/kWh
    start: 2025
"""

OBJECTIVES = """
objectives:
  - id: reduction-2027
    metric: total
    reduction: 10%
    reference_year: 2024
    target_year: 2027
  - id: sbti
    metric: total
    annual_reduction: 4.2%
    reference_year: 2024
  - id: par-agent
    metric: per_agent
    reduction: 5%
    target_year: 2028
  - id: fabrication
    metric: embodied
    reduction: 20%
    target_year: 2029
"""


@pytest.fixture(scope="module")
def factors():
    return load_factors(base=FIXTURE)


def make_result(folder: Path, factors, *, actions: str = ACTIONS, propose: bool = True, budget=10000.0):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "inventaire.yaml").write_text(textwrap.dedent(INVENTORY).lstrip(), encoding="utf-8")
    scenario = "baseline: inventaire.yaml\nhorizon: 2030\ntrend:\n  devices: 2%\n  electricity.FR: -1%\n" + \
        textwrap.dedent(OBJECTIVES) + textwrap.dedent(actions)
    (folder / "scenario.yaml").write_text(scenario, encoding="utf-8")
    loaded = load_scenario(folder / "scenario.yaml", factors)
    return run_scenario(loaded, factors, propose_plan=propose, budget=budget if propose else None)


@pytest.fixture(scope="module")
def result(tmp_path_factory, factors):
    return make_result(tmp_path_factory.mktemp("scenario"), factors)


@pytest.fixture(scope="module")
def result_all(tmp_path_factory, factors):
    """Every listed action in the plan (no proposal): the market-based series differs."""
    return make_result(tmp_path_factory.mktemp("scenario-all"), factors, propose=False)


def test_the_scenario_exercises_every_branch(result, result_all):
    document = scenario_document(result)
    selected = {a["id"]: a["selected"] for a in document["actions"]}
    assert selected["allonger-portables"] and selected["reconditionnes"] and not selected["pue"]
    assert any(a["abatement_cost"] is None for a in document["actions"])
    everything = scenario_document(result_all)
    assert everything["plan_market_based"] != everything["plan"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_six_files_valid_svg_and_png(tmp_path, result, lang):
    paths = write_scenario_charts(result, tmp_path / "charts", lang=lang)
    assert [p.name for p in paths] == [f"{stem}.{fmt}" for stem in CHART_STEMS for fmt in ("svg", "png")]
    assert [p.stem for p in paths[::2]] == ["trajectory", "waterfall", "macc"]  # same stems in every language
    for path in paths:
        assert path.is_file() and path.stat().st_size > 1000
        if path.suffix == ".svg":
            root = ET.parse(path).getroot()
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
        else:
            assert path.read_bytes().startswith(PNG_SIGNATURE)
    assert not list((tmp_path / "charts").glob(".*.tmp"))  # atomic writes leave no temporary file


def test_same_input_same_bytes(tmp_path, result, factors):
    first = write_scenario_charts(result, tmp_path / "a")
    again = write_scenario_charts(result, tmp_path / "b")
    rebuilt = write_scenario_charts(make_result(tmp_path / "rebuilt", factors), tmp_path / "c")
    for a, b, c in zip(first, again, rebuilt):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes(), a.name


def test_svg_functions_return_the_file_text(tmp_path, result):
    paths = {p.name: p for p in write_scenario_charts(result, tmp_path, lang="en")}
    for name, function in (("trajectory.svg", trajectory_svg), ("waterfall.svg", waterfall_svg),
                           ("macc.svg", macc_svg)):
        text = function(result, "en", titled=True)
        assert text == paths[name].read_text(encoding="utf-8")
        inline = function(result, "en", inline=True, titled=True)
        assert inline.startswith("<svg") and text.endswith(inline)
        ET.fromstring(inline)
        in_document = function(result, "en", inline=True)
        ET.fromstring(in_document)


def test_one_title_per_chart(result):
    """A document captions its charts: the title is then the SVG <title> only, never drawn twice;
    the standalone files (write_scenario_charts, titled=True) draw it once."""
    for function in (trajectory_svg, waterfall_svg, macc_svg):
        for titled in (False, True):
            root = ET.fromstring(function(result, "fr", inline=True, titled=titled))
            metadata = root.find(".//{http://www.w3.org/2000/svg}title").text
            assert ORGANISATION in metadata
            drawn = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if ORGANISATION in "".join(t.itertext())]
            assert len(drawn) == (1 if titled else 0)


def test_svg_text_is_text_with_titles_and_languages(result, result_all):
    fr = trajectory_svg(result_all, "fr")
    en = trajectory_svg(result_all, "en")
    assert ORGANISATION in fr and ORGANISATION in en  # titles name the organisation
    assert "Tendanciel" in fr and "Avec le plan (market-based)" in fr
    assert "Business as usual" in en and "With the plan (market-based)" in en
    assert "reduction-2027" in fr and "sbti" in fr and "par-agent" in fr  # per_agent drawn on the total
    assert "fabrication" in fr  # an embodied objective: named in the "not drawn" note
    assert "−4,2" in fr and "4.2%" in en
    assert "market-based" not in trajectory_svg(result, "en")  # same as the plan: no dashed line
    assert "Interactions" in waterfall_svg(result, "fr")
    macc = macc_svg(result, "fr")
    assert "€/tCO₂e" in macc and "electricite-verte" in macc  # skipped, and said so
    assert "Action candidate non retenue" in macc
    assert NNBSP in macc or NNBSP in fr  # French thousands separator in the ticks


def test_waterfall_closes_exactly(result, result_all):
    for res in (result, result_all):
        document = scenario_document(res)
        steps = waterfall_steps(document)
        bau, plan = document["bau"][-1], document["plan"][-1]
        assert bau - math.fsum(value for _, value in steps) == pytest.approx(plan, rel=0, abs=1e-9)
        selected = [a["id"] for a in document["actions"] if a["selected"]]
        assert [label for label, _ in steps[:len(selected)]] == selected
    # lifespan and refurbished on the same laptops interact: the reductions alone do not close
    steps = waterfall_steps(scenario_document(result), lang="en")
    assert steps[-1][0] == "Interactions" and abs(steps[-1][1]) > 1e-6


def test_waterfall_steps_by_hand():
    document = {"years": [2024, 2025], "bau": [100.0, 90.0], "plan": [100.0, 60.0], "actions": [
        {"id": "a", "selected": True, "reduction": {"2024": 0.0, "2025": 20.0}},
        {"id": "b", "selected": False, "reduction": {"2024": 0.0, "2025": 50.0}},
        {"id": "c", "selected": True, "reduction": {"2024": 0.0, "2025": 5.0}},
    ]}
    assert waterfall_steps(document) == [("a", 20.0), ("c", 5.0), ("Interactions", 5.0)]
    document["plan"] = [100.0, 65.0]
    assert waterfall_steps(document) == [("a", 20.0), ("c", 5.0)]  # closes without interactions
    document["plan"] = [100.0, 70.0]
    assert waterfall_steps(document)[-1] == ("Interactions", -5.0)


def test_no_selected_action_and_no_action(tmp_path, factors):
    only_pue = """
        actions:
          - {id: pue, lever: pue, target: {section: hosting}, value: 1.3, start: 2026, cost: 40000 EUR}
    """
    none_selected = make_result(tmp_path / "none", factors, actions=only_pue, budget=0.0)
    document = scenario_document(none_selected)
    assert [a["selected"] for a in document["actions"]] == [False]
    bau, plan = document["bau"][-1], document["plan"][-1]
    assert bau - math.fsum(v for _, v in waterfall_steps(document)) == pytest.approx(plan, rel=0, abs=1e-9)
    no_action = make_result(tmp_path / "empty", factors, actions="actions: []\n", propose=False)
    assert waterfall_steps(scenario_document(no_action)) == []
    paths = write_scenario_charts(no_action, tmp_path / "charts", lang="en")
    assert len(paths) == 6 and all(p.is_file() for p in paths)
    assert "No action has an abatement cost" in macc_svg(no_action, "en")


def test_unknown_language(tmp_path, result):
    with pytest.raises(ValueError, match="language"):
        write_scenario_charts(result, tmp_path, lang="de")
    assert not list(tmp_path.iterdir())


def test_number_formats():
    assert format_number(12345.6, "fr", 1) == f"12{NNBSP}345,6"
    assert format_number(12345.6, "en", 1) == "12,345.6"
    assert format_number(-1121.99, "fr") == f"−1{NNBSP}122"
    assert format_number(-0.2, "fr") == "0"  # no "−0"
    assert format_percent(0.042, "fr", signed=True) == f"−4,2{NNBSP}%"
    assert format_percent(0.15, "en", signed=True) == "−15%"


def test_macc_limit_clips_only_narrow_outliers():
    wide = [{"avoided_tco2e": 30.0, "abatement_cost": 160.0}, {"avoided_tco2e": 9.0, "abatement_cost": -1100.0}]
    assert macc_limit(wide) is None
    outlier = wide + [{"avoided_tco2e": 0.4, "abatement_cost": 180000.0}]
    assert macc_limit(outlier) == pytest.approx(1.25 * 1100.0)
    wide_and_costly = wide + [{"avoided_tco2e": 10.0, "abatement_cost": 180000.0}]
    assert macc_limit(wide_and_costly) is None  # a wide bar is never clipped
    assert macc_limit([]) is None


def test_matplotlib_is_lazy_and_pyplot_untouched(tmp_path, result):
    code = textwrap.dedent("""
        import sys
        import sobriete.charts
        assert "matplotlib" not in sys.modules
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
    write_scenario_charts(result, tmp_path)
    assert "matplotlib.pyplot" not in sys.modules or sys.modules["matplotlib.pyplot"].get_fignums() == []


# --- the documents' charts (sobriete.documents.figures) -----------------------------------------------

def test_document_charts_same_bytes_one_title_no_pyplot():
    code = textwrap.dedent("""
        import sys
        import xml.etree.ElementTree as ET
        from sobriete.documents.figures import bar_chart, gantt_chart

        values = {"4.2 — Immobilisations de biens (matériel amorti)": 1200.0, "2.1 — Électricité": 300.0}
        bars = [bar_chart(values, title="Tableau BEGES", unit="kgCO2e/an", lang="fr") for _ in range(2)]
        actions = [{"label": "Allonger de deux ans la durée de vie des ordinateurs portables du parc", "start": 2025,
                    "ramp": 2, "theme": 1, "steps": [{"date": "2025-03"}]}]
        gantts = [gantt_chart(actions, [2024, 2025, 2026], title="Calendrier", lang="fr") for _ in range(2)]
        assert bars[0] == bars[1] and gantts[0] == gantts[1]  # same inputs, same bytes
        assert "matplotlib.pyplot" not in sys.modules
        for svg, title in ((bars[0], "Tableau BEGES"), (gantts[0], "Calendrier")):
            root = ET.fromstring(svg[svg.index("<svg"):])
            texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
            assert title not in texts  # the document's caption is the title
            assert root.find(".//{http://www.w3.org/2000/svg}title").text == title
        assert "durée de vie" in gantts[0] and "parc" in gantts[0]  # wrapped, not cut
        titled = bar_chart(values, title="Tableau BEGES", unit="kgCO2e/an", lang="fr", show_title=True)
        root = ET.fromstring(titled[titled.index("<svg"):])
        texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert texts.count("Tableau BEGES") == 1  # drawn once when asked
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
