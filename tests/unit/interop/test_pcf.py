"""Manufacturers' footprints by model (sobriete/interop/pcf.py, `sobriete footprint --pcf`).

Figures from factors/boavizta/boavizta-data-us.csv (Boavizta environmental-footprint-data,
ODbL 1.0): Dell Latitude 5420: gwp_total 364, gwp_use_ratio 0.122 → embodied 364 × 0.878 =
319.592 kgCO2e; Dell P2422H Monitor: 481 × (1 − 0.231) = 369.889 kgCO2e. Category defaults are
those of the frozen test factors (laptop 200 kgCO2e / 5 years, monitor 70 kgCO2e / 6 years).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

from sobriete.footprint import compute_footprint
from sobriete.interop import pcf
from sobriete.io.inventory import load_inventory

REPO = Path(__file__).resolve().parents[3]
LATITUDE_5420 = 364 * (1 - 0.122)
P2422H = 481 * (1 - 0.231)


def inventory_of(tmp_path, factors, body: str):
    path = tmp_path / "inventaire.yaml"
    path.write_text("year: 2024\n" + textwrap.dedent(body), encoding="utf-8")
    return load_inventory(path, factors)


def test_shipped_dataset_is_the_unmodified_upstream_file():
    folder = REPO / "factors" / "boavizta"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((folder / "boavizta-data-us.csv").read_bytes()).hexdigest()
    assert digest in readme
    assert "Open Database License (ODbL) 1.0" in readme and "Contains information from" in readme


@pytest.mark.parametrize("text, key", [("Dell Latitude-5420 (i5)", "dell latitude 5420 i5"),
                                       ("  LATITUDE   5420 ", "latitude 5420"),
                                       ("Surface Pro 7+", "surface pro 7 plus"),
                                       ("Écran P2422H", "ecran p2422h")])
def test_normalisation(text, key):
    assert pcf.normalise_model(text) == key


def test_table_is_loaded_once():
    assert pcf.load_pcf_table() is pcf.load_pcf_table()
    table = pcf.load_pcf_table()
    assert len(table.name) == 1226
    assert table.embodied_kgco2e[table.keys["dell latitude 5420"]] == pytest.approx(LATITUDE_5420, rel=1e-12)


def test_exact_match_replaces_the_category_default(tmp_path, factors):
    inventory = inventory_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 10, model: Dell Latitude 5420}
          - {category: laptop, quantity: 5, model: latitude-5420}
          - {category: monitor, quantity: 4, model: DELL P2422H Monitor}
    """)
    result, notes = pcf.apply_pcf(inventory)
    embodied = result.sections["devices"]["embodied"].to_numpy()
    assert embodied == pytest.approx([LATITUDE_5420, LATITUDE_5420, P2422H], rel=1e-12)
    footprint = compute_footprint(result, factors)
    assert math.isclose(footprint.lines["embodied"][0], 10 * LATITUDE_5420 / 5, rel_tol=1e-12)
    assert notes[0].startswith("--pcf: 3 line(s) use a manufacturer's product carbon footprint")
    assert f"{tmp_path / 'inventaire.yaml'}:4, " in notes[0]  # line 4: the first item
    assert any("very large margins of error" in n for n in footprint.notes)
    assert any("Open Database License (ODbL) 1.0" in n for n in footprint.notes)
    assert np.isnan(inventory.sections["devices"]["embodied"]).all()  # input untouched


def test_no_match_own_embodied_refurbished_and_wrong_kind_keep_their_values(tmp_path, factors):
    inventory = inventory_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 2, model: Portable maison 2000}
          - {category: laptop, quantity: 2, model: Dell Latitude 5420, embodied: 250 kgCO2e}
          - {category: laptop, quantity: 2, model: Dell Latitude 5420, refurbished: true}
          - {category: monitor, quantity: 2, model: Dell Latitude 5420}
          - {category: laptop, quantity: 2, model: IdeaPad 1 14}
          - {category: laptop, quantity: 2}
    """)
    result, notes = pcf.apply_pcf(inventory)
    embodied = result.sections["devices"]["embodied"].to_numpy()
    assert np.isnan(embodied[0]) and embodied[1] == 250.0
    assert np.isnan(embodied[2]) and np.isnan(embodied[3]) and np.isnan(embodied[4])
    text = "\n".join(notes)
    assert "no line's model matched" in text
    assert "refurbished" in text and "of another kind" in text and "'IdeaPad 1 14'" in text
    footprint = compute_footprint(result, factors)
    assert footprint.lines["embodied"][0] == pytest.approx(2 * 200 / 5)


def test_fuzzy_match_only_when_asked_and_reported_per_line(tmp_path, factors):
    inventory = inventory_of(tmp_path, factors, """
        hosting: []
        devices:
          - {category: laptop, quantity: 3, model: Dell Latitude 5420 i5}
          - {category: laptop, quantity: 3, model: Latitude 5440}
    """)
    exact, _ = pcf.apply_pcf(inventory)
    assert np.isnan(exact.sections["devices"]["embodied"]).all()
    fuzzy, notes = pcf.apply_pcf(inventory, fuzzy=True)
    embodied = fuzzy.sections["devices"]["embodied"].to_numpy()
    assert embodied[0] == pytest.approx(LATITUDE_5420, rel=1e-12)
    assert np.isnan(embodied[1])  # 5420, 5430… are equally close: refused
    line = next(n for n in notes if n.startswith("--pcf-fuzzy"))
    assert re.search(r"inventaire\.yaml:\d+: model 'Dell Latitude 5420 i5' ≈ Dell 'Latitude 5420' "
                     r"\(ratio 0\.92\)", line)
    assert any("equally close" in n for n in notes)


def test_cli_footprint_with_pcf(runner, tmp_path, fixture_factor_root):
    from sobriete.cli.main import cli

    path = tmp_path / "inventaire.yaml"
    path.write_text("year: 2024\ndevices:\n  - {category: laptop, quantity: 10, model: Dell Latitude 5420}\n",
                    encoding="utf-8")
    plain = runner.invoke(cli, ["footprint", str(path), "--format", "json", "--draws", "0"])
    with_pcf = runner.invoke(cli, ["footprint", str(path), "--format", "json", "--draws", "0", "--pcf"])
    assert plain.exit_code == 0 and with_pcf.exit_code == 0, with_pcf.output
    assert json.loads(plain.stdout)["by_phase"]["embodied"] == pytest.approx(10 * 200 / 5)
    document = json.loads(with_pcf.stdout)
    assert document["by_phase"]["embodied"] == pytest.approx(10 * LATITUDE_5420 / 5, rel=1e-12)
    assert any("margins of error" in n for n in document["notes"])
    fuzzy = runner.invoke(cli, ["footprint", str(path), "--pcf", "--pcf-fuzzy", "--draws", "0"])
    assert fuzzy.exit_code == 0 and "--pcf: 1 line(s)" in fuzzy.output
    bad = runner.invoke(cli, ["footprint", str(tmp_path / "absent.yaml"), "--pcf"])
    assert bad.exit_code == 2
