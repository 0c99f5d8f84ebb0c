"""The shipped factor database: parsed by the strict loader (the CLI uses PyYAML's fast C loader on it)."""

from importlib import resources
from pathlib import Path

import pytest

from sobriete.io.factor_files import load_factors
from sobriete.io.yamlsafe import load_yaml_file

ROOT = Path(str(resources.files("sobriete.factors")))


@pytest.mark.parametrize("name", ["profiles.yaml", "intensities.yaml", "alternatives/numecoeval.yaml"])
def test_shipped_files_pass_the_strict_loader(name):
    # duplicate keys, tags or alias bombs would raise InputErrors here
    assert isinstance(load_yaml_file(ROOT / name), dict)


def test_strict_and_fast_loaders_agree():
    fast = load_factors()
    strict = load_factors(base=ROOT)
    assert fast.profiles == strict.profiles
    assert fast.intensities.keys() == strict.intensities.keys()
    assert all(fast.intensities[k].value == strict.intensities[k].value for k in fast.intensities)
    # every electricity factor named in DESIGN §4: EU-27, UK (GB), CH, NO, US, CN, with a year
    for country in ("AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE HU "
                    "GB CH NO US CN").split():
        entry = fast.intensities[f"electricity.{country}"]
        assert entry.year and entry.source and entry.unit == "kgCO2e/kWh"
    # ADEME's consumption mix, one entry per year (the default view is the latest year)
    assert fast.at_year(2024).intensities["electricity.FR"].value == pytest.approx(0.0519)
    assert fast.at_year(2025).intensities["electricity.FR"].value == pytest.approx(0.0461)


def test_shipped_spend_ratios_have_a_currency_year_in_the_price_index():
    factors = load_factors()
    assert factors.price_index is not None and factors.price_index.values[2015] == pytest.approx(100)
    for kind in ("saas", "colocation", "telecom", "cloud_vm", "cloud_storage", "it_services"):
        entry = factors.intensities[f"spend.{kind}"]
        assert entry.unit == "kgCO2e/EUR" and entry.currency_year in factors.price_index.values
        assert entry.correlation_group == "spend-ademe-ratios-2023"
    # 2023 euros → 2024 euros: fewer kgCO2e per nominal euro
    as_given = factors.intensities["spend.telecom"].value
    assert factors.at_year(2024).intensities["spend.telecom"].value == pytest.approx(as_given * 120.50 / 123.29)
