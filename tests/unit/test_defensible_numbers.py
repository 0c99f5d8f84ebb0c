"""Factors by year, correlation groups, spend deflation, per-value provenance, PCF uncertainty, covers.

Hand-computed against the frozen test factors (tests/fixtures/factors: laptop 200 kgCO2e / 5 years /
30 kWh/year, rack_server 1000 kgCO2e / 5 years / 2000 kWh/year, electricity.FR 0.05 kgCO2e/kWh,
datacenter.pue 2, spend.* 0.2 kgCO2e/EUR), with small user factor files laid over them.
"""

from __future__ import annotations

import math
import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest

from sobriete.errors import InputErrors
from sobriete.io.factor_files import load_factors
from sobriete.footprint import compute_footprint
from sobriete.io.inventory import load_inventory
from sobriete.outputs import footprint_document
from sobriete.uncertainty import draw_totals, interval

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "factors"


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def inventory(tmp_path, factors, body: str, year: int = 2024, name: str = "inv"):
    path = write(tmp_path / f"{name}.yaml", f"year: {year}\n" + textwrap.dedent(body))
    return load_inventory(path, factors)


# ---------------------------------------------------------------- intensities by year


@pytest.fixture
def yearly(tmp_path):
    extra = write(tmp_path / "mix.yaml", """
        intensities:
          - {id: electricity.FR, value: 0.0519 kgCO2e/kWh, year: 2024, uncertainty: 0.1, source: ADEME 2024}
          - {id: electricity.FR, value: 0.0461 kgCO2e/kWh, year: 2025, uncertainty: 0.1, source: ADEME 2025}
    """)
    return load_factors([extra], base=FIXTURE)


@pytest.mark.parametrize("year, expected, note_year", [
    (2024, 0.0519, None),      # its own year
    (2025, 0.0461, None),
    (2027, 0.0461, 2025),      # the latest earlier year, with a note
    (2022, 0.0519, 2024),      # none earlier: the earliest later one, with a note
])
def test_the_electricity_of_the_calculation_year_is_used(tmp_path, yearly, year, expected, note_year):
    inv = inventory(tmp_path, yearly, """
        devices:
          - {category: laptop, quantity: 10, electricity: 100 kWh/year, embodied: 0 kgCO2e}
    """, year=year)
    fp = compute_footprint(inv, yearly)
    assert fp.lines["use"].iloc[0] == pytest.approx(10 * 100 * expected, rel=1e-12)
    year_notes = [n for n in fp.notes if n.startswith(f"no {year} value")]
    if note_year is None:
        assert not year_notes
    else:
        assert year_notes and f"electricity.FR ({note_year})" in year_notes[0]


def test_a_trajectory_year_uses_that_years_factor(tmp_path, yearly):
    inv = inventory(tmp_path, yearly, """
        devices:
          - {category: laptop, quantity: 1, electricity: 1000 kWh/year, embodied: 0 kgCO2e}
    """)
    assert compute_footprint(inv, yearly, year=2025).total == pytest.approx(46.1, rel=1e-12)
    # A drift (scenario trend) multiplies each year's own value.
    drifted = yearly.scaled({"electricity.FR": 0.5})
    assert compute_footprint(inv, drifted, year=2025).total == pytest.approx(23.05, rel=1e-12)
    assert compute_footprint(inv, drifted, year=2024).total == pytest.approx(25.95, rel=1e-12)


def test_two_entries_for_one_year_are_refused(tmp_path):
    extra = write(tmp_path / "dup.yaml", """
        intensities:
          - {id: electricity.FR, value: 0.05 kgCO2e/kWh, year: 2024, source: a}
          - {id: electricity.FR, value: 0.06 kgCO2e/kWh, year: 2024, source: b}
    """)
    with pytest.raises(InputErrors) as caught:
        load_factors([extra], base=FIXTURE)
    assert "given twice for year 2024" in str(caught.value)


# ---------------------------------------------------------------- spend deflation


@pytest.fixture
def priced(tmp_path):
    base = tmp_path / "base"
    shutil.copytree(FIXTURE, base)
    write(base / "price_index.yaml", """
        price_index:
          id: test.index
          source: hand-made index
          values: {2020: 100.0, 2021: 102.0, 2024: 120.0}
    """)
    extra = write(tmp_path / "spend.yaml", """
        intensities:
          - {id: spend.saas, value: 0.3 kgCO2e/EUR, currency_year: 2020, uncertainty: 0.5,
             correlation_group: one-model, source: a model, year: 2022}
          - {id: spend.telecom, value: 0.1 kgCO2e/EUR, currency_year: 2021, uncertainty: 0.5,
             correlation_group: one-model, source: a model, year: 2022}
    """)
    return load_factors([extra], base=base)


def test_spend_ratios_are_converted_to_the_inventorys_euros(tmp_path, priced):
    inv = inventory(tmp_path, priced, """
        hosting:
          - {category: saas, spend: 12000 EUR/year}
          - {category: telecom, spend: 6000 EUR/year}
    """)
    fp = compute_footprint(inv, priced)
    # 2020 euros → 2024 euros: prices rose by 120/100, so a 2024 euro buys 100/120 of the activity.
    assert fp.lines["spend"].iloc[0] == pytest.approx(12000 * 0.3 * 100 / 120, rel=1e-12)  # 3000
    assert fp.lines["spend"].iloc[1] == pytest.approx(6000 * 0.1 * 102 / 120, rel=1e-12)  # 510
    assert any("spend ratios converted from the euros of 2020, 2021 to euros of 2024" in n for n in fp.notes)


def test_a_year_beyond_the_index_uses_its_last_year(tmp_path, priced):
    inv = inventory(tmp_path, priced, "hosting:\n  - {category: saas, spend: 1200 EUR/year}\n", year=2026)
    fp = compute_footprint(inv, priced)
    assert fp.total == pytest.approx(1200 * 0.3 * 100 / 120, rel=1e-12)
    assert any("the index stops in 2024" in n for n in fp.notes)


def test_currency_year_only_on_money_ratios(tmp_path):
    extra = write(tmp_path / "bad.yaml", """
        intensities:
          - {id: electricity.FR, value: 0.05 kgCO2e/kWh, currency_year: 2020, source: x}
    """)
    with pytest.raises(InputErrors) as caught:
        load_factors([extra], base=FIXTURE)
    assert "currency_year applies to money ratios" in str(caught.value)


# ---------------------------------------------------------------- correlation groups


def test_grouped_factors_behave_as_one_draw(tmp_path, priced):
    """Two spend ratios of one group, each ±50 %: the total's draws are exactly one lognormal."""
    inv = inventory(tmp_path, priced, """
        hosting:
          - {category: saas, spend: 12000 EUR/year}
          - {category: telecom, spend: 6000 EUR/year}
    """)
    fp = compute_footprint(inv, priced)
    totals = draw_totals(fp, draws=400, seed=3)
    ratio = totals / fp.total
    # Same σ and same z for both: every draw is total × exp(σ z), so the ratio of the two lines'
    # draws is constant and the log-ratio has σ = ln(1.5)/1.96 exactly.
    assert np.std(np.log(ratio)) == pytest.approx(math.log(1.5) / 1.96, rel=0.1)
    low, high = interval(fp, draws=2000, seed=0)
    assert high / fp.total == pytest.approx(1.5, rel=0.06)  # the full ±50 % of one factor
    assert fp.total / low == pytest.approx(1.5, rel=0.06)


def test_ungrouped_factors_narrow_the_interval(tmp_path):
    def interval_width(group: str) -> float:
        extra = write(tmp_path / f"spend-{bool(group)}.yaml", f"""
            intensities:
              - {{id: spend.saas, value: 0.3 kgCO2e/EUR, uncertainty: 0.5, source: a{group}}}
              - {{id: spend.telecom, value: 0.3 kgCO2e/EUR, uncertainty: 0.5, source: b{group}}}
        """)
        factors = load_factors([extra], base=FIXTURE)
        inv = inventory(tmp_path, factors, """
            hosting:
              - {category: saas, spend: 10000 EUR/year}
              - {category: telecom, spend: 10000 EUR/year}
        """)
        fp = compute_footprint(inv, factors)
        low, high = interval(fp, draws=4000, seed=1)
        return (high - low) / fp.total

    grouped, independent = interval_width(", correlation_group: g"), interval_width("")
    # Two equal independent halves: the log-σ shrinks by about √2.
    assert independent < grouped * 0.8
    assert grouped / independent == pytest.approx(math.sqrt(2), rel=0.15)


# ---------------------------------------------------------------- provenance and PCF uncertainty


def test_provenance_of_each_value(tmp_path):
    factors = load_factors(base=FIXTURE)
    inv = inventory(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 2, embodied: 250 kgCO2e}
        hosting:
          - {category: rack_server, quantity: 1, electricity: 1500 kWh/year, pue: 1.4, lifespan: 6 years}
          - {category: saas, spend: 1000 EUR/year}
    """)
    lines = footprint_document(compute_footprint(inv, factors))["lines"]
    assert lines[0]["provenance"] == {"embodied": "input", "lifespan": "profile", "electricity": "profile"}
    assert lines[1]["provenance"] == {"embodied": "profile", "lifespan": "input", "electricity": "input",
                                      "pue": "input"}
    assert lines[2]["provenance"] == {"spend": "input"}
    imported = compute_footprint(__import__("dataclasses").replace(inv, imported_from="numecoeval"), factors)
    assert footprint_document(imported)["lines"][0]["provenance"]["embodied"] == "import"


def test_a_manufacturer_pcf_carries_its_stated_error(tmp_path):
    from sobriete.interop.pcf import PCF_DEFAULT_UNCERTAINTY, apply_pcf, load_pcf_table

    table = load_pcf_table()
    # A laptop of the shipped dataset with a stated error ratio, and one without.
    with_error = next(i for i in range(len(table.name)) if table.subcategory[i] == "laptop"
                      and np.isfinite(table.embodied_kgco2e[i]) and np.isfinite(table.error_ratio[i])
                      and table.keys.get(__import__("sobriete.interop.pcf", fromlist=["x"]).normalise_model(table.name[i])) == i)
    factors = load_factors(base=FIXTURE)
    inv = inventory(tmp_path, factors, f"""
        devices:
          - {{category: laptop, quantity: 10, model: "{table.name[with_error]}"}}
    """)
    with_pcf, _ = apply_pcf(inv)
    fp = compute_footprint(with_pcf, factors)
    document = footprint_document(fp)
    assert document["lines"][0]["provenance"]["embodied"] == "pcf"
    code = next(k for k, i in enumerate(fp.factor_ids) if i.startswith("pcf:"))
    assert fp.factor_uncertainty[code] == pytest.approx(float(table.error_ratio[with_error]))
    assert fp.lines["embodied"].iloc[0] == pytest.approx(10 * table.embodied_kgco2e[with_error] / 5, rel=1e-12)
    assert PCF_DEFAULT_UNCERTAINTY == 0.5
    low, high = interval(fp, draws=500)
    assert low < fp.total < high  # the typed PCF now carries uncertainty (it used to be exact)


# ---------------------------------------------------------------- covers (double counting)


def test_a_covered_line_is_refused_with_both_locations(tmp_path):
    factors = load_factors(base=FIXTURE)
    with pytest.raises(InputErrors) as caught:
        inventory(tmp_path, factors, """
            hosting:
              - category: saas
                name: Suite collaborative
                spend: 1000 EUR/year
                covers: [email]
            services:
              - {name: Messagerie, category: email, quantity: 10}
        """)
    text = str(caught.value)
    # The email line (row 9) is refused, naming the spend line (row 4).
    assert "inv.yaml:9: category: double count: 'email' is already covered by the spend line at " in text
    assert text.split("covered by the spend line at ")[1].split(" ")[0].endswith("inv.yaml:4")


def test_covers_in_one_service_leaves_other_services(tmp_path):
    factors = load_factors(base=FIXTURE)
    inv = inventory(tmp_path, factors, """
        hosting:
          - {category: saas, spend: 1000 EUR/year, covers: "email; video_conference; email", service: Écoles}
        services:
          - {category: email, quantity: 10, service: Mairie}
    """)
    assert inv.sections["hosting"]["covers"].iloc[0] == "email,video_conference"  # each id once


def test_covers_on_a_line_without_spend_and_unknown_categories_are_errors(tmp_path):
    factors = load_factors(base=FIXTURE)
    with pytest.raises(InputErrors) as caught:
        inventory(tmp_path, factors, """
            hosting:
              - {category: rack_server, covers: [email]}
              - {category: saas, spend: 10 EUR/year, covers: [emial]}
        """)
    text = str(caught.value)
    assert "inv.yaml:4: covers: covers applies to spend lines only" in text
    assert "inv.yaml:5: covers: unknown category in covers (got 'emial') (did you mean 'email'?)" in text


def test_a_likely_overlap_by_name_is_noted(tmp_path):
    factors = load_factors(base=FIXTURE)
    inv = inventory(tmp_path, factors, """
        hosting:
          - {category: saas, name: Microsoft 365 (messagerie et bureautique), spend: 1000 EUR/year}
        services:
          - {category: email, quantity: 10}
    """)
    assert any("inv.yaml:4: possible double count" in n and "covers: [email]" in n for n in inv.notes)


# ---------------------------------------------------------------- data quality shares


def test_shares_on_defaults_and_weak_factors(tmp_path):
    from sobriete.footprint import quality_shares

    factors = load_factors(base=FIXTURE)
    inv = inventory(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 10}                                  # defaults: 400 + 15
          - {category: laptop, quantity: 10, embodied: 100 kgCO2e, lifespan: 5 years,
             electricity: 30 kWh/year}                                        # its own values: 200 + 15
        hosting:
          - {category: saas, spend: 1000 EUR/year}                            # spend.saas ±50 %: weak, 200
    """)
    fp = compute_footprint(inv, factors)
    assert fp.total == pytest.approx(415 + 215 + 200)
    shares = quality_shares(fp, factors)
    assert shares["defaults"] == pytest.approx(415 / 830)
    assert shares["weak"] == pytest.approx(200 / 830)
    assert shares["weak_factors"] == [{"id": "spend.saas", "value": pytest.approx(200), "share": pytest.approx(200 / 830)}]
    # A factor over ten years older than the reporting year is weak too, whatever its uncertainty.
    old = write(tmp_path / "old.yaml", """
        intensities:
          - {id: electricity.FR, value: 0.05 kgCO2e/kWh, year: 2012, uncertainty: 0.1, source: old}
    """)
    aged = load_factors([old], base=FIXTURE)
    shares = quality_shares(compute_footprint(inv, aged), aged)
    assert shares["weak"] == pytest.approx((200 + 15 + 15) / 830)


def test_negative_factors_in_user_files_are_refused(tmp_path):
    extra = write(tmp_path / "neg.yaml", """
        profiles:
          - {id: laptop, section: devices, embodied: -200 kgCO2e, lifespan: 5 years, electricity: 30 kWh/year,
             source: x}
        intensities:
          - {id: electricity.FR, value: -0.05 kgCO2e/kWh, source: x}
    """)
    with pytest.raises(InputErrors) as caught:
        load_factors([extra], base=FIXTURE)
    text = str(caught.value)
    assert "profile 'laptop': embodied must be ≥ 0 (got '-200 kgCO2e')" in text
    assert "intensity 'electricity.FR': value must be ≥ 0" in text
