"""Legal indicators (sobriete/legal.py) and the `purchases` inventory section.

Hand-computed cases for AGEC art. 58 (shares of spending excluding VAT, réemploi and recycled
apart, targets by year around the July 2024 change of décret) and REEN (décret 2023-266: targets,
ten-year rule, destinations, scope); validation of `purchases` through `sobriete validate`.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from sobriete import legal, model
from sobriete.cli.main import cli
from sobriete.io.inventory import load_inventory


def purchases_frame(rows):
    return pd.DataFrame(rows, columns=["category", "quantity", "unit_price", "origin"])


def retired_frame(rows):
    return pd.DataFrame(rows, columns=["category", "quantity", "destination", "purchase_year"]).astype(
        {"purchase_year": float})


# --- AGEC ------------------------------------------------------------------------------------------

PURCHASES = purchases_frame([
    ("laptop", 4, 950.0, "reuse"),      # 3 800 € réemploi
    ("laptop", 6, 1100.0, "new"),       # 6 600 € neuf
    ("monitor", 10, 160.0, "recycled"),  # 1 600 € matières recyclées
    ("printer", 2, 300.0, "reuse"),     # 600 €, outside the annex's IT line
])


def test_agec_shares_are_of_spending_not_units():
    agec = legal.agec_indicator(PURCHASES, 2025)
    line = agec["lines"][0]
    assert line["id"] == "it_telephony"
    assert line["spending"] == pytest.approx(12000.0)  # 3 800 + 6 600 + 1 600
    assert line["reuse_share"] == pytest.approx(3800 / 12000)  # 31.7 %, while 4 of 20 units is 20 %
    assert line["recycled_share"] == pytest.approx(1600 / 12000)
    assert line["combined_share"] == pytest.approx(5400 / 12000)
    assert agec["basis"] == "spending"
    assert agec["observed"] == pytest.approx(0.45) and agec["requirement"] == pytest.approx(0.20)
    assert agec["outside_annex_spending"] == pytest.approx(600.0)
    assert agec["outside_annex_categories"] == ["printer"]
    products = {p["product"]: p for p in line["products"]}
    assert products["computers"]["spending"] == pytest.approx(10400.0)
    assert products["monitors"]["recycled_share"] == pytest.approx(1.0)


def test_agec_reuse_and_recycled_are_counted_apart():
    only_recycled = purchases_frame([("laptop", 1, 1000.0, "recycled"), ("laptop", 1, 1000.0, "new")])
    line = legal.agec_indicator(only_recycled, 2025)["lines"][0]
    assert line["reuse_share"] == 0.0
    assert line["recycled_share"] == pytest.approx(0.5)


def test_agec_is_none_without_purchase_lines():
    assert legal.agec_indicator(purchases_frame([]), 2024) is None
    assert legal.agec_indicator(None, 2024) is None


@pytest.mark.parametrize("year, regime, combined_target", [
    (2020, None, None),          # art. 58 applies from 1 January 2021
    (2021, "2021-254", 0.20),
    (2023, "2021-254", 0.20),
    (2024, "2024-134", 0.20),    # décret 2024-134 in force on 1 July 2024: its 2024 column
    (2031, "2024-134", 0.20),
])
def test_agec_regime_by_year(year, regime, combined_target):
    agec = legal.agec_indicator(PURCHASES, year)
    assert agec["regime"] == regime
    assert agec["lines"][0]["combined_target"] == combined_target


ANNEX_WITH_TARGETS = (dataclasses.replace(
    legal.ANNEX_LINES[0],
    reuse_targets={2024: 0.10, 2027: 0.20, 2030: 0.30},
    recycled_targets={2024: 0.05, 2027: 0.10, 2030: 0.15}),)


@pytest.mark.parametrize("year, reuse_target, recycled_target", [
    (2023, None, None),    # décret 2021-254: one combined share only
    (2024, 0.10, 0.05),
    (2026, 0.10, 0.05),    # a milestone holds until the next one
    (2027, 0.20, 0.10),
    (2029, 0.20, 0.10),
    (2030, 0.30, 0.15),
    (2035, 0.30, 0.15),
])
def test_agec_milestone_targets(year, reuse_target, recycled_target):
    line = legal.agec_indicator(PURCHASES, year, ANNEX_WITH_TARGETS)["lines"][0]
    assert line["reuse_target"] == reuse_target
    assert line["recycled_target"] == recycled_target


def test_agec_targets_met_or_not():
    # réemploi 31.7 % and recycled 13.3 % of the IT spending
    line_2027 = legal.agec_indicator(PURCHASES, 2027, ANNEX_WITH_TARGETS)["lines"][0]
    assert line_2027["reuse_met"] is True and line_2027["recycled_met"] is True
    line_2030 = legal.agec_indicator(PURCHASES, 2030, ANNEX_WITH_TARGETS)["lines"][0]
    assert line_2030["reuse_met"] is True and line_2030["recycled_met"] is False  # 13.3 % < 15 %


def test_agec_met_uses_a_relative_tolerance():
    exactly = purchases_frame([("laptop", 1, 200.0, "reuse"), ("laptop", 1, 800.0, "new")])
    line = legal.agec_indicator(exactly, 2024, ANNEX_WITH_TARGETS)["lines"][0]
    assert line["combined_share"] == pytest.approx(0.2) and line["combined_met"] is True


def test_shipped_annex_targets_are_shares_or_not_yet_transcribed():
    for line in legal.ANNEX_LINES:
        assert set(line.reuse_targets) == set(line.recycled_targets) == {2024, 2027, 2030}
        for value in list(line.reuse_targets.values()) + list(line.recycled_targets.values()):
            assert value is None or 0.0 < value <= 1.0


def test_agec_estimate_by_units_without_purchases(tmp_path, factors):
    path = tmp_path / "inv.yaml"
    path.write_text(
        "year: 2025\ndevices:\n"
        "  - {category: laptop, quantity: 8, purchase_year: 2025}\n"
        "  - {category: laptop, quantity: 2, purchase_year: 2025, refurbished: true}\n"
        "  - {category: laptop, quantity: 50, purchase_year: 2020}\n", encoding="utf-8")
    agec = legal.legal_indicators(load_inventory(path, factors))["agec"]
    assert agec["basis"] == "units_estimate"
    assert agec["observed"] == pytest.approx(0.2) and agec["units"] == 10.0


def test_purchases_section_takes_over_the_estimate(tmp_path, factors):
    path = tmp_path / "inv.yaml"
    path.write_text(
        "year: 2025\ndevices:\n"
        "  - {category: laptop, quantity: 10, purchase_year: 2025}\n"
        "purchases:\n"
        "  - {category: portable, quantity: 10, unit_price: 900 €, origin: reconditionné}\n", encoding="utf-8")
    agec = legal.legal_indicators(load_inventory(path, factors))["agec"]
    assert agec["basis"] == "spending" and agec["observed"] == pytest.approx(1.0)


# --- REEN ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("year, target", [(2022, None), (2023, 0.25), (2024, 0.35), (2025, 0.50), (2030, 0.50)])
def test_reen_targets_by_year(year, target):
    assert legal.reen_target(year) == target


def test_reen_ten_year_rule_and_destinations():
    retired = retired_frame([
        ("laptop", 6, "reuse", 2019),
        ("laptop", 3, "donation", 2020),       # a donation to a taker that reuses counts
        ("laptop", 4, "weee", 2020),
        ("desktop", 2, "recycling", 2014),     # 10 years old in 2024: may be under ten, stays in
        ("desktop", 5, "reuse", 2013),         # 11: surely over ten years, left out
        ("monitor", 90, "weee", 2010),         # left out
        ("laptop", 5, "weee", None),           # no purchase year: stays in
    ])
    reen = legal.reen_indicator(retired, 2024)
    assert reen["units"] == 20.0                # 6 + 3 + 4 + 2 + 5
    assert reen["reused_units"] == 9.0          # 6 + 3
    assert reen["observed"] == pytest.approx(9 / 20)
    assert reen["requirement"] == 0.35 and reen["met"] is True
    assert reen["excluded_over_10_years"] == 95.0
    assert reen["unknown_age_units"] == 5.0


def test_reen_scope_is_screens_and_small_it_equipment():
    retired = retired_frame([
        ("laptop", 4, "weee", 2020),
        ("rack_server", 10, "reuse", 2020),    # large equipment (R. 543-172 II 4°): outside
        ("projector", 3, "reuse", 2020),       # small equipment (5°): outside
        ("smartphone", 4, "reuse", 2021),
    ])
    reen = legal.reen_indicator(retired, 2025)
    assert reen["observed"] == pytest.approx(0.5) and reen["requirement"] == 0.5 and reen["met"] is True
    assert reen["out_of_scope_units"] == 13.0
    assert reen["out_of_scope_categories"] == ["projector", "rack_server"]


def test_reen_none_when_nothing_counts():
    assert legal.reen_indicator(retired_frame([("laptop", 5, "weee", 2000)]), 2024) is None
    assert legal.reen_indicator(retired_frame([]), 2024) is None


# --- the purchases section: loading and validation -----------------------------------------------

def test_purchases_load_from_yaml_with_french_forms(write, factors):
    path = write("inv.yaml", """
        year: 2024
        purchases:
          - {category: portable, quantity: 40, unit_price: 950 €, origin: réemploi}
          - {category: écran, quantity: 3, unit_price: "1 200 €", origin: Recyclé}
          - {category: smartphone, unit_price: 250, origin: reconditionné}
          - {category: laptop, quantity: 2, unit_price: 1100 EUR}
          - {category: laptop, quantity: 2, unit_price: 10 EUR, origin: neuf}
          - {category: tablet, quantity: 1, unit_price: 0 EUR, origin: réutilisation}
    """)
    frame = load_inventory(path, factors).sections["purchases"]
    assert list(frame.columns) == list(model.PURCHASE_KEYS)
    assert list(frame["category"]) == ["laptop", "monitor", "smartphone", "laptop", "laptop", "tablet"]
    assert list(frame["unit_price"]) == [950.0, 1200.0, 250.0, 1100.0, 10.0, 0.0]
    assert list(frame["quantity"]) == [40.0, 3.0, 1.0, 2.0, 2.0, 1.0]
    assert list(frame["origin"]) == ["reuse", "recycled", "reuse", "new", "new", "reuse"]


def test_purchases_load_from_csv_folder_like_yaml(write, factors):
    yaml_path = write("inv.yaml", """
        year: 2024
        purchases:
          - {category: laptop, quantity: 4, unit_price: 950 EUR, origin: reuse}
          - {category: monitor, quantity: 10, unit_price: 160, origin: recycled}
    """)
    write("csv/organisation.csv", "key,value\nyear,2024\n")
    write("csv/purchases.csv",
          "category;quantity;unit_price;origin\nportable;4;950 €;réemploi\nécran;10;160;recyclé\n")
    from_yaml = load_inventory(yaml_path, factors).sections["purchases"]
    from_csv = load_inventory(yaml_path.parent / "csv", factors).sections["purchases"]
    pd.testing.assert_frame_equal(from_yaml, from_csv)
    assert legal.agec_indicator(from_csv, 2024)["lines"][0]["spending"] == pytest.approx(5400.0)


BAD_PURCHASES = """\
year: 2024
purchases:
  - category: laptop
    quantity: 4
    unit_price: -950 EUR
    origin: seconde main
  - category: laptpo
    quantity: 2
    unit_price: 900 EUR
  - category: laptop
    quantity: 1
    unit_price: 5 kg
    origin: reuse
  - category: monitor
    quantity: 3
  - category: monitor
    quantity: 3
    unit_price: 150 EUR
    prix: 150
"""


def test_bad_purchases_give_one_located_line_each_and_exit_2(runner, fixture_factor_root, tmp_path,
                                                              monkeypatch):
    (tmp_path / "achats.yaml").write_text(BAD_PURCHASES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate", "achats.yaml"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines == [
        "achats.yaml:5: unit_price: must not be negative (got '-950 EUR')",
        "achats.yaml:6: origin: unknown origin (got 'seconde main') (allowed: new, reuse, recycled)",
        "achats.yaml:7: category: unknown category (got 'laptpo') (did you mean 'laptop'?)",
        "achats.yaml:12: unit_price: unit 'kg' is not an amount of money (expected a unit like EUR) (got '5 kg')",
        "achats.yaml:14: unit_price: missing unit_price",
        "achats.yaml:19: purchases: unknown key 'prix' (allowed: category, quantity, unit_price, origin, name, "
        "service, site, model, notes)",
    ]
    located = re.compile(r"^achats\.yaml:\d+: [a-z_]+: \S")
    assert all(located.match(line) for line in lines)
    assert "Traceback" not in result.stderr


def test_bad_purchases_csv_is_located_by_row(runner, fixture_factor_root, tmp_path, monkeypatch):
    folder = tmp_path / "inv"
    folder.mkdir()
    (folder / "organisation.csv").write_text("key,value\nyear,2024\n", encoding="utf-8")
    (folder / "purchases.csv").write_text("category,quantity,unit_price,origin\nlaptop,2,900,new\n"
                                          "laptop,1,,reuse\nmonitor,1,-3 €,recyclé\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate", "inv"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "inv/purchases.csv:3: unit_price: missing unit_price",
        "inv/purchases.csv:4: unit_price: must not be negative (got '-3 €')",
    ]
