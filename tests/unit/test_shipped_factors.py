"""The shipped factor database: parsed by the strict loader (the CLI uses PyYAML's fast C loader on it)."""

from importlib import resources
from pathlib import Path

import pytest

from sobriete.factorset import load_factors
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
    assert fast.intensities["electricity.FR"].value == pytest.approx(0.0519)
