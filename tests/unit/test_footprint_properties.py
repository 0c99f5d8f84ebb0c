"""Properties of the footprint engine (hypothesis), on the frozen test factors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sobriete.io.factor_files import load_factors
from sobriete.footprint import compute_footprint
from sobriete.io.inventory import _Problems, build_section
from sobriete.io.tables import RawTable
from sobriete.model import Inventory, Organisation
from sobriete.uncertainty import interval

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "factors"
FACTORS = load_factors(base=FIXTURE)
YEAR = 2024

line = st.fixed_dictionaries(
    {"category": st.sampled_from(["laptop", "desktop", "monitor", "smartphone", "printer"]),
     "quantity": st.integers(1, 500)},
    optional={"purchase_year": st.integers(2015, YEAR), "lifespan": st.sampled_from(["3 years", "5 years", "7 years"]),
              "refurbished": st.booleans(), "share": st.sampled_from(["50%", "100%", "25%"]),
              "country": st.sampled_from(["FR", "DE", "BE"]),
              "ownership": st.sampled_from(["owned", "leased", "expensed"])},
)
hosting_line = st.fixed_dictionaries(
    {"category": st.sampled_from(["rack_server", "storage_array", "saas", "cloud_vm"]),
     "quantity": st.integers(1, 20)},
    optional={"pue": st.sampled_from([1.2, 1.8]), "purchase_year": st.integers(2015, YEAR)},
)


def inventory_of(devices: list[dict], hosting: list[dict] = ()) -> Inventory:
    hosting = [dict(h, spend="1000 EUR/year") if h["category"] == "saas" else h for h in hosting]
    sections, locations = {}, {}
    for name, records in (("devices", devices), ("hosting", list(hosting)), ("services", []), ("retired", [])):
        frame = pd.DataFrame.from_records(records).astype(object) if records else pd.DataFrame()
        table = RawTable(frame, np.arange(1, len(records) + 1), "mem", 0)
        problems = _Problems([])
        sections[name], locations[name] = build_section(table, name, FACTORS, YEAR, "FR", problems)
        assert not problems.items, [str(p) for p in problems.items]
    return Inventory(Organisation(), YEAR, sections, locations, "mem")


def total(inv, method="amortized", **kwargs) -> float:
    return compute_footprint(inv, FACTORS, method=method, **kwargs).total


@settings(max_examples=40, deadline=None)
@given(st.lists(line, min_size=1, max_size=12), st.lists(hosting_line, max_size=5), st.data())
def test_additive_when_split(devices, hosting, data):
    cut = data.draw(st.integers(0, len(devices)))
    whole = total(inventory_of(devices, hosting))
    parts = total(inventory_of(devices[:cut], hosting)) + total(inventory_of(devices[cut:], []))
    assert parts == pytest.approx(whole, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(line, min_size=1, max_size=10), st.integers(2, 9))
def test_linear_in_quantity(devices, k):
    scaled = [dict(d, quantity=d["quantity"] * k) for d in devices]
    assert total(inventory_of(scaled)) == pytest.approx(k * total(inventory_of(devices)), rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.lists(line, min_size=1, max_size=8))
def test_invariant_when_units_change(devices):
    def respell(d):
        d = dict(d)
        if "lifespan" in d:
            years = int(d["lifespan"].split()[0])
            d["lifespan"] = f"{years * 12} mois"
        d["electricity"] = "25000 Wh/an"
        return d

    base = [dict(d, electricity="25 kWh/year") for d in devices]
    assert total(inventory_of([respell(d) for d in devices])) == pytest.approx(total(inventory_of(base)), rel=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["laptop", "desktop", "monitor", "printer"]), st.integers(1, 50), st.integers(2, 8))
def test_amortized_equals_acquisition_for_a_steady_fleet(category, per_year, lifespan):
    """Buying q units every year, each kept L years: amortised = q·E = acquisition, every year."""
    devices = [{"category": category, "quantity": per_year, "purchase_year": YEAR - k,
                "lifespan": f"{lifespan} years", "electricity": "0 kWh/year"} for k in range(lifespan + 3)]
    inv = inventory_of(devices)
    amortized = compute_footprint(inv, FACTORS, method="amortized").by_phase()["embodied"]
    acquisition = compute_footprint(inv, FACTORS, method="acquisition").by_phase()["embodied"]
    assert amortized == pytest.approx(acquisition, rel=1e-9)
    assert acquisition == pytest.approx(per_year * FACTORS.profiles[category].values["embodied"], rel=1e-12)


@settings(max_examples=20, deadline=None)
@given(st.lists(line, min_size=1, max_size=8), st.integers(0, 2**31 - 1))
def test_interval_contains_point_and_same_seed_same_numbers(devices, seed):
    fp = compute_footprint(inventory_of(devices), FACTORS)
    low, high = interval(fp, 400, seed)
    assert low <= fp.total <= high
    assert interval(fp, 400, seed) == (low, high)


def test_interval_widens_with_uncertainty(tmp_path):
    import dataclasses

    devices = [{"category": "laptop", "quantity": 100}]
    fp = compute_footprint(inventory_of(devices), FACTORS)
    narrow = interval(fp, 2000, 0)
    fp.factor_uncertainty = fp.factor_uncertainty * 2
    wide = interval(fp, 2000, 0)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]
    fp.factor_uncertainty = fp.factor_uncertainty * 0
    assert interval(fp, 100, 0) == pytest.approx((fp.total, fp.total))
    assert dataclasses.is_dataclass(fp)
