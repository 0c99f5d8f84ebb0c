"""French documents are entirely in French (issue "One figure, stated with its confidence", item 10).

Every example (`inventories/scenario-*.yaml`, `inventories/*-2024.yaml`) is rendered in French, report
and roadmap, and the text is scanned for English words and for decimal points, outside code spans,
links, identifiers (`spend.saas`, `reen-2027`), file names and versions. BEGES poste numbers (2.1, 4.5)
are French usage and stay.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sobriete.documents import common
from sobriete.documents.report import build_report, write_report
from sobriete.documents.roadmap import build_roadmap, write_roadmap
from sobriete.io.factor_files import load_factors
from sobriete.io.inventory import load_inventory
from sobriete.io.scenario_file import load_scenario
from sobriete.scenario import run_scenario

ROOT = Path(__file__).resolve().parents[2]
INVENTORIES = ROOT / "inventories"
SCENARIOS = sorted(INVENTORIES.glob("scenario-*.yaml"))
REPORTS = sorted(INVENTORIES.glob("*-2024.yaml"))

ENGLISH = ("the", "and", "with", "without", "line", "lines", "spend", "embodied", "lifespan", "met", "missed",
           "objective", "objectives", "target", "targets", "of", "per", "year", "years", "not", "only", "from",
           "used", "default", "median", "which", "applied", "assumption", "share", "business", "usual",
           "likely", "unlikely", "data")
# Proper names (titles of publications and organisations) stay as their authors wrote them.
PROPER_NAMES = ("Our World in Data", "Science Based Targets", "Statistical Review of World Energy",
                "Cloud Carbon Footprint", "Power Usage Effectiveness")
_CODE = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"\bhttps?://\S+")
_FILE = re.compile(r"\b[\w./-]+\.(?:yaml|yml|csv|xlsx|json|svg|md|html|ts|py)\b(?::\d+)?", re.IGNORECASE)
_IDENTIFIER = re.compile(r"\b\w+(?:[._]\w+)+\b|\b[a-z0-9]+(?:-[a-z0-9]+){1,}\b")
_VERSION = re.compile(r"\bv?\d+\.\d+\.\d+\b|\bv\d+\.\d+\b|(?:ODbL|CC BY|CC-BY|Apache-|Etalab )\s?\d\.\d\b")
_BEGES = re.compile(r"(?<![\d.,])[1-6]\.[1-6](?![\d.,])")


def visible_text(markdown: str) -> str:
    """The prose a reader sees: without code spans, links' targets, URLs, file names, ids, versions."""
    text = _CODE.sub(" ", markdown)
    text = _LINK_TARGET.sub("]", text)
    text = _URL.sub(" ", text)
    text = _FILE.sub(" ", text)
    text = _VERSION.sub(" ", text)
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    return text


def english_words(markdown: str) -> list[str]:
    text = _IDENTIFIER.sub(" ", visible_text(markdown))
    words = re.findall(r"[A-Za-zÀ-ÿ']+", text)
    return sorted({w for w in words if w.lower() in ENGLISH})


def decimal_points(markdown: str) -> list[str]:
    text = _BEGES.sub(" ", visible_text(markdown))
    return sorted({m.group(0) for m in re.finditer(r"\S*\d\.\d\S*", text)})


def test_the_scan_finds_what_it_should():
    assert english_words("Objective met with the plan") == ["Objective", "met", "the", "with"]
    assert english_words("`spend.saas` dans inventories/ville.yaml:12, reen-2027") == []
    assert decimal_points("poste 4.5 et 2.1 ; version 0.1.0 ; 12.5 t") == ["12.5"]
    assert decimal_points("base v23.6, ODbL 1.0, CC BY 4.0, https://a.fr/x.1.2") == []


@pytest.fixture(scope="module")
def shipped():
    return load_factors()


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setattr(common, "today", lambda: dt.date(2026, 11, 26))


def _check(markdown: str, name: str):
    assert english_words(markdown) == [], name
    assert decimal_points(markdown) == [], name
    assert "/home/" not in markdown and str(ROOT) not in markdown, name


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_french_roadmap_and_report_of_each_scenario(tmp_path, shipped, path):
    result = run_scenario(load_scenario(path, shipped), shipped, draws=50)
    written = write_roadmap(build_roadmap(result, shipped, lang="fr", draws=50), tmp_path / "roadmap", lang="fr")
    _check(written[0].read_text(encoding="utf-8"), path.name)
    inventory = result.trajectories.scenario.inventory
    data = build_report(inventory, shipped, lang="fr", draws=50, scenario_result=result)
    written = write_report(data, tmp_path / "report", lang="fr")
    _check(written[0].read_text(encoding="utf-8"), path.name)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_french_report_of_each_inventory(tmp_path, shipped, path):
    inventory = load_inventory(path, shipped)
    for method in ("amortized", "acquisition"):
        data = build_report(inventory, shipped, method=method, lang="fr", draws=50)
        written = write_report(data, tmp_path / method, lang="fr")
        _check(written[0].read_text(encoding="utf-8"), f"{path.name} {method}")
