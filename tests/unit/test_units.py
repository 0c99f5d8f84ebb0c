"""sobriete.units: every accepted unit string → its canonical magnitude and dimension.

Canonical units (sobriete.model.KINDS): lifespan in years (365.25 days), electricity kWh/year,
embodied kgCO2e, page_weight MB (10⁶ bytes), data_transfer GB/year, spend EUR/year,
vcpu vCPU, share a fraction, hours h/year, storage TB, ecoindex.size KiB (1,024 bytes).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sobriete.model import KINDS
from sobriete.units import parse_column, parse_number, parse_value, to_magnitude, ureg

YEAR_DAYS = 365.25


def canon(text, key):
    return parse_value(text, KINDS[key])


# (text, field, canonical magnitude) — each value worked out by hand.
ACCEPTED = [
    # durations → years
    ("36 months", "lifespan", 3.0),
    ("60 mois", "lifespan", 5.0),
    ("6 ans", "lifespan", 6.0),
    ("5 years", "lifespan", 5.0),
    ("1 an", "lifespan", 1.0),
    ("2 année", "lifespan", 2.0),
    ("4 yr", "lifespan", 4.0),
    ("1826.25 days", "lifespan", 5.0),          # 5 × 365.25
    ("730,5 jours", "lifespan", 2.0),           # 2 × 365.25, decimal comma
    ("52 semaines", "lifespan", 52 * 7 / YEAR_DAYS),
    ("5", "lifespan", 5.0),                     # bare number: the default unit (year)
    # energy per year → kWh/year
    ("1800 kWh/an", "electricity", 1800.0),
    ("1800 kWh/year", "electricity", 1800.0),
    ("1800 kWh", "electricity", 1800.0),        # per year implied for an annual field
    ("25000 Wh/year", "electricity", 25.0),
    ("1,5 MWh/an", "electricity", 1500.0),
    ("10 kWh/mois", "electricity", 120.0),
    ("1 kWh/jour", "electricity", 365.25),
    ("25", "electricity", 25.0),
    # CO2e mass → kgCO2e
    ("250 kgCO2e", "embodied", 250.0),
    ("250 kg CO₂e", "embodied", 250.0),
    ("250 kg CO2e", "embodied", 250.0),
    ("250 kgCO2eq", "embodied", 250.0),
    ("250 kgeqCO2", "embodied", 250.0),
    ("250 kg éq. CO2", "embodied", 250.0),
    ("250000 gCO2e", "embodied", 250.0),
    ("0,25 tCO2e", "embodied", 250.0),
    ("0.25 t CO2e", "embodied", 250.0),
    ("185.09", "embodied", 185.09),
    # data size → MB (decimal prefixes on bytes; KiB binary)
    ("2,5 Go", "page_weight", 2500.0),
    ("2.1 MB", "page_weight", 2.1),
    ("1,8 Mo", "page_weight", 1.8),
    ("500 kB", "page_weight", 0.5),
    ("500 Ko", "page_weight", 0.5),
    ("1 GB", "page_weight", 1000.0),
    ("1 KiB", "page_weight", 0.001024),        # 1,024 bytes
    ("1 MiB", "page_weight", 1.048576),
    ("1000000 o", "page_weight", 1.0),
    ("8 Mbit", "page_weight", 1.0),
    ("3", "page_weight", 3.0),
    # data volume per year → GB/year
    ("350 GB/year", "data_transfer", 350.0),
    ("350 Go/an", "data_transfer", 350.0),
    ("2 To/an", "data_transfer", 2000.0),
    ("10 Go/mois", "data_transfer", 120.0),
    ("350 GB", "data_transfer", 350.0),
    # spend → EUR/year (spaced thousands accepted)
    ("12 500 €/an", "spend", 12500.0),
    ("12\u00a0500 €/an", "spend", 12500.0),     # non-breaking space
    ("12\u202f500 €/an", "spend", 12500.0),     # narrow non-breaking space
    ("12000 EUR/year", "spend", 12000.0),
    ("12000 EUR", "spend", 12000.0),
    ("3 k€/an", "spend", 3000.0),
    ("100 €/mois", "spend", 1200.0),
    ("1 234 567,5 €/an", "spend", 1234567.5),
    # vCPU, shares, hours, counts, storage, EcoIndex size
    ("4 vCPU", "vcpu", 4.0),
    ("4 vcpu", "vcpu", 4.0),
    ("50 %", "share", 0.5),
    ("50%", "share", 0.5),
    ("0.5", "share", 0.5),
    ("8760 h", "hours", 8760.0),
    ("8760 h/an", "hours", 8760.0),
    ("365 jour/an", "hours", 8760.0),
    ("240000", "page_views", 240000.0),
    ("240000 /an", "page_views", 240000.0),
    ("20000 /mois", "page_views", 240000.0),
    ("2 To", "storage", 2.0),
    ("500 GB", "storage", 0.5),
    ("1900 KiB", "ecoindex.size", 1900.0),
    ("1.024 kB", "ecoindex.size", 1.0),          # 1,024 bytes = 1 KiB
    ("12", "quantity", 12.0),
    ("2,5", "quantity", 2.5),
    ("12 500", "quantity", 12500.0),
    ("1e3", "quantity", 1000.0),
]


@pytest.mark.parametrize("text, key, expected", ACCEPTED, ids=[f"{k}:{t}" for t, k, _ in ACCEPTED])
def test_accepted_unit_strings_give_canonical_magnitude(text, key, expected):
    assert canon(text, key) == pytest.approx(expected, rel=1e-12)


def test_numbers_take_the_default_unit():
    assert canon(5, "lifespan") == 5.0
    assert canon(2.5, "page_weight") == 2.5
    assert canon(1800, "electricity") == 1800.0
    assert canon(0.75, "share") == 0.75


# Dimension of every unit spelling an inventory may use (STYLE.md: "a test maps every accepted
# unit string to its dimension").
DIMENSIONS = {
    "[time]": ["year", "years", "yr", "an", "ans", "année", "annee", "month", "months", "mois",
               "day", "days", "jour", "jours", "week", "semaine", "h", "hour", "heure", "min", "s"],
    "[co2e]": ["gCO2e", "kgCO2e", "tCO2e", "tCO2eq", "teqCO2", "gCO2eq"],
    "[information]": ["bit", "B", "byte", "o", "octet", "kB", "KB", "Ko", "MB", "Mo", "GB", "Go",
                      "TB", "To", "KiB", "MiB", "GiB", "Mbit"],
    "[currency]": ["EUR", "euro", "kEUR"],
    "[vcpu]": ["vcpu", "vCPU", "VCPU"],
    "[energy]": ["Wh", "kWh", "MWh", "J"],
    "[energy]/[time]": ["kWh/year", "kWh/an", "Wh/year", "kWh/mois", "W", "kW"],
    "[co2e]/[information]": ["kgCO2e/GB", "gCO2e/GB", "gCO2e/Go"],
    "[co2e]/[currency]": ["kgCO2e/EUR"],
    "[information]/[time]": ["GB/year", "Go/an", "To/an"],
    "[currency]/[time]": ["EUR/year", "EUR/an"],
    "dimensionless": ["percent", "%", "pourcent", "ratio"],
}
REFERENCE = {
    "[energy]": ureg.parse_units("J").dimensionality,
    "[energy]/[time]": ureg.parse_units("W").dimensionality,
}


@pytest.mark.parametrize("dimension, spellings", DIMENSIONS.items())
def test_every_unit_spelling_has_its_dimension(dimension, spellings):
    for spelling in spellings:
        dims = ureg.parse_units(spelling).dimensionality
        if dimension == "dimensionless":
            assert not dims, spelling
        elif dimension in REFERENCE:
            assert dims == REFERENCE[dimension], spelling
        else:
            expected = {}
            numerator, _, denominator = dimension.partition("/")
            expected[numerator] = 1
            if denominator:
                expected[denominator] = -1
            assert dict(dims) == expected, spelling


def test_bytes_are_not_dimensionless_so_per_gb_differs_from_absolute():
    # With pint's default registry `bit` is dimensionless and kgCO2e/GB would equal kgCO2e.
    assert ureg.parse_units("kgCO2e/GB").dimensionality != ureg.parse_units("kgCO2e").dimensionality
    assert ureg.Quantity(1, "MB").to("B").magnitude == 1e6
    assert ureg.Quantity(1, "Mo").to("B").magnitude == 1e6
    assert ureg.Quantity(1, "KiB").to("B").magnitude == 1024
    assert ureg.Quantity(1, "GiB").to("B").magnitude == 2**30
    assert ureg.Quantity(1, "B").to("bit").magnitude == 8
    assert ureg.Quantity(1, "tCO2e").to("kgCO2e").magnitude == 1000
    assert ureg.Quantity(1, "year").to("day").magnitude == 365.25
    assert ureg.Quantity(1, "kWh").to("J").magnitude == pytest.approx(3.6e6, rel=1e-12)


def test_co2e_is_its_own_dimension_not_a_mass():
    assert ureg.parse_units("kgCO2e").dimensionality != ureg.parse_units("kg").dimensionality
    with pytest.raises(ValueError, match="not a mass of CO2e"):
        canon("250 kg", "embodied")


def test_to_magnitude_converts_factor_values():
    assert to_magnitude("0.0519 kgCO2e/kWh", "kgCO2e/kWh") == pytest.approx(0.0519)
    assert to_magnitude("9.27 gCO2e/GB", "kgCO2e/GB") == pytest.approx(0.00927)
    assert to_magnitude("0,3 kgCO2e/€", "kgCO2e/EUR") == pytest.approx(0.3)
    with pytest.raises(ValueError, match="cannot be expressed"):
        to_magnitude("5 kg", "kgCO2e")


# --- refusals -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, suggestion", [
    ("1,800", "write 1800 or 1.8"),
    ("12,500 €/an", "write 12500 or 12.5"),
    ("1,000", "write 1000 or 1"),
    ("-2,250 kWh", "write 2250 or 2.25"),
])
def test_comma_then_three_digits_is_ambiguous(text, suggestion):
    with pytest.raises(ValueError, match="ambiguous number") as info:
        parse_number(text)
    assert suggestion in str(info.value)


@pytest.mark.parametrize("text, number", [
    ("2,5", 2.5), ("1,8000", 1.8), ("12 500", 12500.0), ("1 800,5", 1800.5), ("1.800", 1.8),
    ("+3", 3.0), ("-4,25", -4.25), (".5", 0.5), ("1,5e3", 1500.0),
    ("0,001", 0.001),  # a leading zero cannot start a thousands grouping
])
def test_numbers_that_are_not_ambiguous(text, number):
    assert parse_number(text)[0] == number


def test_parse_number_splits_number_and_unit():
    assert parse_number("2,5 Go") == (2.5, "Go")
    assert parse_number("  12 500 €/an ") == (12500.0, "€/an")
    assert parse_number("36") == (36.0, "")


def test_wrong_dimension_is_refused_with_the_expected_unit():
    with pytest.raises(ValueError) as info:
        canon("5 kg", "lifespan")
    assert str(info.value) == "unit 'kg' is not a duration (expected a unit like year)"
    with pytest.raises(ValueError, match="is not an energy per year"):
        canon("30 kgCO2e", "electricity")
    with pytest.raises(ValueError, match="is not a data size"):
        canon("2 kWh", "page_weight")
    with pytest.raises(ValueError, match="is not a share"):
        canon("50 kg", "share")


def test_unknown_unit_is_refused_with_the_expected_unit():
    with pytest.raises(ValueError) as info:
        canon("1800 kWh/fortnight", "electricity")
    assert str(info.value) == "unknown unit 'kWh/fortnight' (expected a unit like kWh/year)"
    with pytest.raises(ValueError, match=r"unknown unit 'pommes' \(expected a plain number\)"):
        canon("3 pommes", "quantity")


@pytest.mark.parametrize("text", [
    "__import__('os').system('x')",
    "5 __import__('os').system('touch /tmp/sobriete-pwned')",
    "5 years; import os",
    "5 kWh/year`rm -rf /`",
    "5 {year}",
    "5 lambda: 0",
    "eval('1')",
])
def test_unit_strings_are_never_evaluated_as_code(text, tmp_path, monkeypatch):
    import os

    called = []
    monkeypatch.setattr(os, "system", lambda *a: called.append(a))
    with pytest.raises(ValueError):
        canon(text, "lifespan")
    assert called == []


@pytest.mark.parametrize("value, message", [
    ("beaucoup", "not a number"),
    ("", "not a number"),
    ("nan", "not a number"),
    ("inf", "not a number"),
    (True, "a boolean is not a quantity"),
    ([1, 2], "expected a number or a quantity with a unit, got a list"),
])
def test_non_numbers_are_refused(value, message):
    with pytest.raises(ValueError, match=message):
        canon(value, "quantity")


# --- the column parser ----------------------------------------------------------------------------

def test_parse_column_parses_each_distinct_value_once_and_keeps_positions():
    column = pd.Series(["5 years", "60 mois", None, "", "5 kg", "5 years", 4, "1,800"], dtype=object)
    parsed = parse_column(column, KINDS["lifespan"])
    np.testing.assert_array_equal(parsed.present, [True, True, False, False, True, True, True, True])
    np.testing.assert_allclose(parsed.values[[0, 1, 5, 6]], [5.0, 5.0, 5.0, 4.0])
    assert np.isnan(parsed.values[[2, 3, 4, 7]]).all()
    assert [(p, v) for p, _, v in parsed.problems] == [(4, "5 kg"), (7, "1,800")]
    assert "is not a duration" in parsed.problems[0][1]
    assert "ambiguous number" in parsed.problems[1][1]


def test_parse_column_numeric_fast_path_applies_default_unit():
    parsed = parse_column(pd.Series([1.0, np.nan, 2.5]), KINDS["share"])
    np.testing.assert_array_equal(parsed.present, [True, False, True])
    np.testing.assert_allclose(parsed.values[[0, 2]], [1.0, 2.5])
    assert parsed.problems == []


def test_parse_column_with_mixed_units_converts_each():
    parsed = parse_column(pd.Series(["1 kWh/an", "1000 Wh/an", "0,001 MWh/an", 1]), KINDS["electricity"])
    np.testing.assert_allclose(parsed.values, [1.0, 1.0, 1.0, 1.0], rtol=1e-12)
