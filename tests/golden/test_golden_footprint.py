"""Golden footprint documents for example inventories, against the frozen test factors."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "footprint"
ROOT = HERE.parents[2]

spec = importlib.util.spec_from_file_location("regenerate", HERE / "regenerate.py")
regenerate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(regenerate)


def same(expected, actual, path="$"):
    if isinstance(expected, dict):
        assert set(expected) == set(actual), path
        for key in expected:
            same(expected[key], actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert len(expected) == len(actual), path
        for i, (e, a) in enumerate(zip(expected, actual)):
            same(e, a, f"{path}[{i}]")
    elif isinstance(expected, float):
        assert math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-12), (path, expected, actual)
    else:
        assert expected == actual, (path, expected, actual)


@pytest.mark.parametrize("name", sorted(regenerate.CASES))
def test_golden(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    import sobriete.io.factor_files as factor_files

    monkeypatch.setattr(factor_files, "_shipped_root", lambda: regenerate.FIXTURE)
    first = regenerate.run(regenerate.CASES[name])
    assert regenerate.run(regenerate.CASES[name]) == first  # same seed → same bytes
    same(json.loads((HERE / name).read_text(encoding="utf-8")), json.loads(first))


def test_golden_totals_add_up():
    document = json.loads((HERE / "ville-val-de-loire-2024.json").read_text(encoding="utf-8"))
    total = document["total"]
    for key in ("by_phase", "by_section", "by_category", "by_beges", "by_scope", "by_service", "by_site"):
        assert sum(document[key].values()) == pytest.approx(total, rel=1e-12), key
    assert sum(line["total"] for line in document["lines"]) == pytest.approx(total, rel=1e-12)
    assert document["interval"][0] < total < document["interval"][1]
