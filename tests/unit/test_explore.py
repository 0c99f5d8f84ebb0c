"""`sobriete explore` without a browser: the embedded data and its escaping.

The page only sums what the library embeds, so these tests check the data against the library's
own results (the footprint's total and breakdowns, the scenario's plan for every subset through the
partition tables), and that a hostile name cannot escape the embedded JSON. The page itself is
driven in a real browser by tests/browser/.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from sobriete.cli.main import cli
from sobriete.documents.explore import build_explore, embed_json, explore_html
from sobriete.footprint import compute_footprint, quality_shares
from sobriete.io.factor_files import load_factors
from sobriete.io.inventory import load_inventory
from sobriete.io.scenario_file import load_scenario
from sobriete.scenario import evaluate, partition_tables, run_scenario, what_if_tables

from conftest import INVENTORIES, requires_shipped_factors  # noqa: E402

TOWN = INVENTORIES / "ville-val-de-loire-2024.yaml"
TOWN_SCENARIO = INVENTORIES / "scenario-ville-val-de-loire.yaml"
HOSTILE = "</script><img src=x onerror=alert(1)>\u2028\"'&<!--"

pytestmark = requires_shipped_factors


@pytest.fixture(scope="module")
def shipped():
    return load_factors(())


@pytest.fixture(scope="module")
def town(shipped):
    return load_inventory(TOWN, shipped)


def embedded(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="sobriete-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_embedded_totals_are_the_footprints(shipped, town):
    data = build_explore(town, shipped, draws=0)
    footprint = compute_footprint(town, shipped)
    assert data["total"] == footprint.total
    assert data["per_agent"] == footprint.total / town.organisation.agents
    shares = quality_shares(footprint, shipped)
    assert data["quality"] == {"defaults": shares["defaults"], "weak": shares["weak"]}
    lines = data["lines"]
    # A filter on one service sums the line totals in line order, as Footprint.by does (bincount).
    for dim in ("service", "site", "category", "section"):
        sums = {}
        for code, value in zip(lines[dim], lines["total"]):
            key = "(none)" if code == -1 else data["dims"][dim][code]
            sums[key] = sums.get(key, 0.0) + value
        expected = {key: value for key, value in footprint.by(dim).items() if value}
        assert {key: value for key, value in sums.items() if value} == expected, dim  # exactly, not approximately
    # The pieces (line × phase × poste) add up to each line and to the BEGES table.
    pieces = data["pieces"]
    per_line = np.bincount(pieces["line"], weights=pieces["value"], minlength=len(lines["total"]))
    np.testing.assert_allclose(per_line, lines["total"], rtol=1e-12, atol=1e-9)
    postes = {}
    for code, value in zip(pieces["poste"], pieces["value"]):
        poste = data["dims"]["poste"][code]
        postes[poste] = postes.get(poste, 0.0) + value
    for poste, value in footprint.by_beges().items():
        assert postes[poste] == pytest.approx(value, rel=1e-12)


def test_every_line_has_its_source_and_factors(shipped, town):
    data = build_explore(town, shipped, draws=0)
    lines = data["lines"]
    assert lines["source"][0] == "ville-val-de-loire-2024.yaml:50"  # the first device line (relative, public)
    assert lines["name"][0] == "Portables administration (vague 2022)" and None in lines["name"]
    first = [data["factors"][code] for code in lines["factors"][0]]
    assert [f["id"] for f in first] == ["laptop", "electricity.FR"]
    laptop, grid = first
    assert laptop["kind"] == "profile" and laptop["source"] and laptop["year"] == shipped.profiles["laptop"].year
    assert grid["values"]["value"].startswith("0.0519 ")  # the 2024 entry (ADEME Base Empreinte)
    assert grid["uncertainty"] == shipped.at_year(2024).intensities["electricity.FR"].uncertainty
    # the lines past their lifespan are those the footprint's note counts
    note = next(n for n in compute_footprint(town, shipped).notes if getattr(n, "code", "") == "past_lifespan")
    assert sum(lines["past"]) == note.params["count"]


def test_what_if_tables_give_run_scenarios_plan_for_every_subset(shipped):
    scenario = load_scenario(TOWN_SCENARIO, shipped)
    result = run_scenario(scenario, shipped, draws=0)
    tables = what_if_tables(result)
    n = len(scenario.actions)

    def plan(selected: int, metric="total"):  # what the page does: one row per partition, in order
        total = [0.0] * len(tables["years"])
        for partition in tables["partitions"]:
            local = sum(1 << j for j, a in enumerate(partition["actions"]) if (selected >> a) & 1)
            total = [t + v for t, v in zip(total, partition["tables"][metric][local])]
        return total

    everything = (1 << n) - 1
    assert plan(everything) == [float(v) for v in result.plan["total"]]
    assert plan(0) == [float(v) for v in result.bau["total"]]
    reference = partition_tables(result.trajectories, "total")
    rng = np.random.default_rng(0)
    subsets = rng.integers(0, 1 << n, size=20)
    values = evaluate(result.trajectories, "total", subsets, reference)
    for subset, expected in zip(subsets, values):
        assert plan(int(subset)) == [float(v) for v in expected]
    assert tables["costs"]["total_cost"] == [a["total_cost"] for a in result.actions]
    objective = tables["objectives"][0]
    assert objective["id"] == "reen-2027" and objective["checked"].count(True) == 1
    assert objective["targets"][3] == pytest.approx(0.85 * result.bau["total"][0], rel=1e-12)


def test_embedded_json_cannot_close_the_script():
    text = embed_json({"name": HOSTILE})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": HOSTILE}


def test_hostile_names_stay_text(shipped, tmp_path):
    inventory = tmp_path / "hostile.yaml"
    inventory.write_text(json.dumps({
        "organisation": {"name": HOSTILE, "agents": 10, "population": 100},
        "year": 2024,
        "devices": [{"category": "laptop", "quantity": 3, "name": HOSTILE, "service": HOSTILE, "site": HOSTILE}],
    }), encoding="utf-8")
    loaded = load_inventory(inventory, shipped)
    html = explore_html(build_explore(loaded, shipped, draws=0))
    assert "<img" not in html
    assert html.count("</script>") == 2  # the data's and the code's own closing tags, nothing else
    assert "\u2028" not in html
    assert "&lt;/script&gt;&lt;img" in html  # the title, escaped
    data = embedded(html)
    assert data["organisation"]["name"] == HOSTILE
    assert data["lines"]["name"] == [HOSTILE]
    assert data["dims"]["service"] == [HOSTILE] and data["dims"]["site"] == [HOSTILE]
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in html  # the script builds every node with textContent


def test_the_page_makes_no_request(shipped, town):
    html = explore_html(build_explore(town, shipped, draws=0))
    assert "default-src 'none'" in html
    code = html.split('id="sobriete-data">', 1)[0] + html.rsplit("</script>", 2)[1]
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?https?:", code)
    assert "fetch(" not in html and "XMLHttpRequest" not in html


def test_cli_writes_the_page_and_refuses_bad_input(runner, tmp_path):
    out = tmp_path / "page.html"
    result = runner.invoke(cli, ["explore", str(TOWN), "--output", str(out), "--draws", "0", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = embedded(out.read_text(encoding="utf-8"))
    assert data["lang"] == "en" and data["text"]["tab_plan"] == "Action plan" and data["scenario"] is None
    missing = runner.invoke(cli, ["explore", str(tmp_path / "none.yaml"), "--output", str(out)])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 2024\ndevices:\n  - category: laptop\n    quantity: -3\n", encoding="utf-8")
    invalid = runner.invoke(cli, ["explore", str(bad), "--output", str(out)])
    assert invalid.exit_code == 2 and "bad.yaml:" in invalid.output
    over_input = runner.invoke(cli, ["explore", str(TOWN), "--output", str(TOWN), "--draws", "0"])
    assert over_input.exit_code == 2
