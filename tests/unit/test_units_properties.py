"""Property: the same quantity written in different units parses to the same canonical value.

Numbers are written the way people write them: a dot or a French decimal comma, thousands
grouped by spaces. The generated decimal part never has exactly three digits after a comma
with a short integer part, which the parser rightly refuses as ambiguous ("1,800").
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sobriete.model import KINDS
from sobriete.units import parse_column, parse_value

SETTINGS = settings(max_examples=50, deadline=None)

# Amounts with up to two decimals (exact in decimal), written later in several units.
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


def write_number(value: Decimal, style: str) -> str:
    """Write a decimal number: 'dot' 1234.5, 'comma' 1234,5, 'spaced' 1 234,5 (narrow/nbsp too)."""
    text = format(value.normalize(), "f")
    integer, _, fraction = text.partition(".")
    if style == "dot":
        return text
    if style in ("spaced", "nbsp"):
        sep = " " if style == "spaced" else "\u00a0"
        groups = []
        while len(integer) > 3:
            groups.insert(0, integer[-3:])
            integer = integer[:-3]
        integer = sep.join([integer] + groups)
    if not fraction:
        return integer
    if len(fraction) == 3:  # cannot happen with 2 places, kept for safety
        fraction += "0"
    return f"{integer},{fraction}"


styles = st.sampled_from(["dot", "comma", "spaced", "nbsp"])


def close(a: float, b: float) -> bool:
    return a == pytest.approx(b, rel=1e-12, abs=1e-12)


@SETTINGS
@given(years=amounts, style=styles)
def test_durations_in_years_months_days_weeks(years, style):
    expected = float(years)
    texts = [
        f"{write_number(years, style)} years",
        f"{write_number(years, style)} ans",
        f"{write_number(years * 12, style)} mois",
        f"{write_number(years * 12, style)} months",
        f"{write_number(years * Decimal('365.25'), style)} jours",
        f"{write_number(years * Decimal('365.25'), style)} days",
        f"{write_number(years * Decimal('365.25') * 24, style)} h",
        f"{write_number(years, style)}",  # bare number: years
    ]
    for text in texts:
        assert close(parse_value(text, KINDS["lifespan"]), expected), text


@SETTINGS
@given(kwh=amounts, style=styles)
def test_energy_per_year_in_wh_kwh_mwh(kwh, style):
    expected = float(kwh)
    for text in (f"{write_number(kwh, style)} kWh/year", f"{write_number(kwh, style)} kWh/an",
                 f"{write_number(kwh * 1000, style)} Wh/year", f"{write_number(kwh / 1000, 'dot')} MWh/an",
                 f"{write_number(kwh / 12, 'dot')} kWh/mois", f"{write_number(kwh, style)} kWh",
                 f"{write_number(kwh, style)}"):
        assert close(parse_value(text, KINDS["electricity"]), expected), text


@SETTINGS
@given(mb=amounts, style=styles)
def test_data_sizes_in_decimal_and_french_units(mb, style):
    expected = float(mb)
    for text in (f"{write_number(mb, style)} MB", f"{write_number(mb, style)} Mo",
                 f"{write_number(mb * 1000, style)} kB", f"{write_number(mb * 1000, style)} Ko",
                 f"{write_number(mb / 1000, 'dot')} GB", f"{write_number(mb / 1000, 'dot')} Go",
                 f"{write_number(mb * 1000000, style)} o", f"{write_number(mb * 8, style)} Mbit"):
        assert close(parse_value(text, KINDS["page_weight"]), expected), text
    # Binary prefixes: x KiB = x × 1,024 bytes.
    assert close(parse_value(f"{write_number(mb, style)} KiB", KINDS["page_weight"]), float(mb) * 1024 / 1e6)


@SETTINGS
@given(euros=st.integers(min_value=1, max_value=10**9), style=st.sampled_from(["dot", "spaced", "nbsp"]))
def test_spend_per_year_with_spaced_thousands(euros, style):
    value = Decimal(euros)
    expected = float(euros)
    for text in (f"{write_number(value, style)} €/an", f"{write_number(value, style)} EUR/year",
                 f"{write_number(value, style)} EUR", f"{write_number(value / 1000, 'dot')} k€/an"):
        assert close(parse_value(text, KINDS["spend"]), expected), text


@SETTINGS
@given(values=st.lists(st.tuples(amounts, st.sampled_from(["years", "mois", "jours"]), styles),
                       min_size=1, max_size=30))
def test_column_parser_agrees_with_value_parser(values):
    factor = {"years": 1, "mois": 12, "jours": Decimal("365.25")}
    texts = [f"{write_number(v * factor[u], s)} {u}" for v, u, s in values]
    parsed = parse_column(texts, KINDS["lifespan"])
    assert parsed.problems == []
    for got, (value, _, _) in zip(parsed.values, values):
        assert close(got, float(value))
