"""`sobriete explore` driven in a real browser (headless Chromium through Selenium and chromedriver).

On the town example and its scenario: the total shown is the JSON total of `sobriete footprint`; a
filter on one service shows that service's figure; drilling down reaches a line's source and its
factor; switching actions on and off reproduces, for several subsets, the plan that `sobriete
scenario` computes for a scenario file holding only those actions; and no request leaves the page.

Without Chromium and chromedriver (Debian packages `chromium`, `chromium-driver`) these tests skip,
unless SOBRIETE_REQUIRE_BROWSER=1 (set by .ci/run when it installed them), in which case they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from conftest import INVENTORIES, requires_shipped_factors  # noqa: E402
from sobriete.cli.main import cli
from sobriete.documents.i18n import fmt_number

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
TOWN = INVENTORIES / "ville-val-de-loire-2024.yaml"
TOWN_SCENARIO = INVENTORIES / "scenario-ville-val-de-loire.yaml"
REQUIRED = os.environ.get("SOBRIETE_REQUIRE_BROWSER") == "1"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1000")

pytestmark = requires_shipped_factors


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is missing (Debian packages chromium and chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def driver():
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"SOBRIETE_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"no browser to drive the page: {reason}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="sobriete-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _invoke(*arguments) -> str:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("explore") / "explorer.html"
    _invoke("explore", str(TOWN), "--scenario", str(TOWN_SCENARIO), "--output", str(path), "--draws", "200")
    return path


@pytest.fixture(scope="module")
def footprint_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("footprint") / "footprint.json"
    _invoke("footprint", str(TOWN), "--format", "json", "--draws", "0", "--output", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def loaded(driver, page):
    """The page, freshly loaded (performance log emptied first, so the log holds this page's requests)."""
    driver.get_log("performance")
    driver.get(page.as_uri())
    assert driver.execute_script("return !!window.sobrieteExplore")
    return driver


def _state(driver, expression: str):
    return driver.execute_script(f"return JSON.parse(JSON.stringify({expression}));")


def test_the_total_shown_is_the_json_total(loaded, footprint_json):
    shown = loaded.find_element("id", "key-total")
    assert float(shown.get_attribute("data-value")) == footprint_json["total"]
    assert shown.text == fmt_number(footprint_json["total"], "fr", 0) + " kgCO₂e/an"
    assert "49\u202f663" in shown.text  # French grouping (narrow no-break space), from the published example
    assert not [entry for entry in loaded.get_log("browser") if entry["level"] == "SEVERE"]


def test_a_filter_on_one_service_shows_its_figure(loaded, footprint_json):
    from selenium.webdriver.support.ui import Select

    services = footprint_json["by_service"]
    for service in ("Éducation", "Médiathèque"):
        Select(loaded.find_element("id", "filter-service")).select_by_visible_text(service)
        shown = loaded.find_element("id", "key-total")
        assert float(shown.get_attribute("data-value")) == services[service]  # same sums, same order
        assert shown.text.startswith(fmt_number(services[service], "fr", 0) + " ")
    # the legend filters too: clicking a category narrows the service's figure to that category
    Select(loaded.find_element("id", "filter-service")).select_by_visible_text("Éducation")
    legend = loaded.find_elements("css selector", ".legend button[data-dim='category']")
    legend[0].click()
    lines = [line for line in footprint_json["lines"] if line.get("service") == "Éducation"]
    category = _state(loaded, "window.sobrieteExplore.data.dims.category")[
        int(loaded.find_element("css selector", ".legend button[aria-pressed='true']").get_attribute("data-code"))]
    expected = sum(line["total"] for line in lines if line["category"] == category)
    assert float(loaded.find_element("id", "key-total").get_attribute("data-value")) == pytest.approx(expected, rel=1e-12)
    loaded.find_element("id", "filter-reset").click()
    assert float(loaded.find_element("id", "key-total").get_attribute("data-value")) == footprint_json["total"]


def test_drilling_down_reaches_a_line_its_source_and_its_factor(loaded, footprint_json):
    from selenium.webdriver.common.keys import Keys

    first_tab = loaded.find_element("id", "tab-overview")
    first_tab.send_keys(Keys.ARROW_RIGHT)  # keyboard navigation between tabs
    assert loaded.find_element("id", "tab-drill").get_attribute("aria-selected") == "true"
    assert loaded.switch_to.active_element.get_attribute("id") == "tab-drill"
    line = footprint_json["lines"][0]
    # open section → category → site with the keyboard (Enter on each summary), then the line
    for level in ("section", "category", "site"):
        summaries = loaded.find_elements("css selector", f"details[data-level='{level}']:not([open]) > summary")
        target = next(s for s in summaries if s.is_displayed() and _contains_line(loaded, s, 0))
        target.send_keys(Keys.ENTER)
    summary = loaded.find_element("css selector", "details[data-line='0'] > summary")
    assert summary.is_displayed() and line["name"] in summary.text
    summary.send_keys(Keys.ENTER)
    source = loaded.find_element("css selector", "details[data-line='0'] .line-source")
    assert source.is_displayed() and source.text == Path(line["source"]).name  # ville-val-de-loire-2024.yaml:50
    factor = loaded.find_element("css selector", "details[data-line='0'] .factor[data-factor='laptop']")
    assert factor.is_displayed()
    assert "ADEME" in factor.find_element("css selector", ".factor-source").text
    grid = loaded.find_element("css selector", "details[data-line='0'] .factor[data-factor='electricity.FR']")
    assert "0.0519" in grid.find_element("css selector", ".factor-value").text
    assert grid.find_element("css selector", ".factor-year").text == "2024"


def _contains_line(driver, summary, line: int) -> bool:
    return driver.execute_script("return !!arguments[0].parentElement.querySelector(\"details[data-line='\" + "
                                 "arguments[1] + \"']\")", summary, line)


def _scenario_for(actions: list[str], folder: Path) -> dict:
    """`sobriete scenario --format json` for the town's scenario holding only `actions`."""
    document = yaml.safe_load(TOWN_SCENARIO.read_text(encoding="utf-8"))
    document["baseline"] = str((TOWN_SCENARIO.parent / document["baseline"]).resolve())
    document["actions"] = [a for a in document["actions"] if a["id"] in actions]
    path = folder / f"scenario-{len(actions)}-{abs(hash(tuple(actions)))}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = path.with_suffix(".json")
    _invoke("scenario", str(path), "--format", "json", "--draws", "0", "--output", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def test_switching_actions_reproduces_sobriete_scenario(loaded, tmp_path):
    loaded.find_element("id", "tab-plan").click()
    ids = _state(loaded, "window.sobrieteExplore.data.scenario.actions.map(function (a) { return a.id; })")
    n = len(ids)
    full = _scenario_for(ids, tmp_path)
    current = _state(loaded, "window.sobrieteExplore.current")
    assert current["plan"] == full["plan"]  # the file's plan: the same sums in the same order, bit for bit
    subsets = [[0], [0, 1, 2], list(range(0, n, 2)), [i for i in range(n) if i != 3], [n - 1, 5, 9]]
    for subset in subsets:
        loaded.find_element("id", "plan-none").click()
        for index in sorted(subset):
            loaded.find_element("id", f"action-{index}").click()  # the user's way: one checkbox at a time
        current = _state(loaded, "window.sobrieteExplore.current")
        assert [i for i, on in enumerate(current["selected"]) if on] == sorted(subset)
        expected = _scenario_for([ids[i] for i in subset], tmp_path)
        assert current["plan"] == pytest.approx(expected["plan"], rel=1e-9)
        carbon = [o for o in expected["objectives"] if o.get("kind") != "indicator"]  # the what-if is carbon's
        assert len(current["objectives"]) == len(carbon)
        for shown, objective in zip(current["objectives"], carbon):
            assert shown["id"] == objective["id"]
            assert shown["met"] == objective["met"]
            assert shown["target"] == pytest.approx(objective["target"], rel=1e-9)
            assert shown["target_year"] == objective["target_year"]
            assert shown["plan"] == pytest.approx(objective["plan"], rel=1e-9)
            assert shown["gap"] == pytest.approx(objective["gap"], rel=1e-9, abs=1e-6)
        assert current["total_cost"] == pytest.approx(expected["total_cost"], rel=1e-9, abs=1e-6)
        assert current["spending"] == pytest.approx(expected["spending"], rel=1e-9, abs=1e-6)
        by_id = {a["id"]: a for a in expected["actions"]}
        for index in subset:
            assert current["abatement_cost"][index] == pytest.approx(by_id[ids[index]]["abatement_cost"], rel=1e-9)
        statuses = loaded.find_elements("css selector", "#plan-objectives li")
        assert [s.get_attribute("data-met") == "true" for s in statuses] == [o["met"] for o in carbon]
        shown_2030 = loaded.find_elements("css selector", "#trajectory-table tbody tr")[-1]
        assert shown_2030.find_elements("css selector", "td")[1].text == fmt_number(expected["plan"][-1], "fr", 0)


def test_no_request_leaves_the_page(loaded):
    from selenium.webdriver.support.ui import Select

    Select(loaded.find_element("id", "filter-site")).select_by_index(1)
    loaded.find_element("id", "tab-quality").click()
    loaded.find_element("id", "tab-plan").click()
    loaded.find_element("id", "action-0").click()
    requests = []
    for entry in loaded.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            requests.append((params.get("documentURL", ""), params["request"]["url"]))
    # The browser's own pages (chrome://new-tab-page… loaded at start-up) are not the page's requests;
    # anything the page asks for, and any web request at all, counts.
    ours = [url for document, url in requests if document.startswith("file://")
            or url.split(":", 1)[0].lower() in ("http", "https", "ws", "wss", "ftp")]
    assert any(url.startswith("file://") for url in ours), "the log misses the page itself: the check proves nothing"
    leaving = [url for url in ours if not url.startswith(("file://", "data:"))]
    assert not leaving, f"requests that leave the page: {leaving[:5]}"
