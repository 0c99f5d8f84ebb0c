"""Hand-computed footprints against the frozen test factors (tests/fixtures/factors).

Fixture values used below: laptop 200 kgCO2e / 5 years / 30 kWh/year (refurbished 50 kgCO2e),
rack_server 1000 kgCO2e / 5 years / 2000 kWh/year, wifi_access_point profile PUE 1,
electricity.FR 0.05 and .DE 0.4 kgCO2e/kWh, datacenter.pue 2, network.fixed 10 and .mobile
20 gCO2e/GB with a 25 % mobile share, spend.* 0.2 kgCO2e/EUR, cloud: 1–3 W/vCPU at 50 %,
PUE 1.25, 1 gCO2e per vCPU·h, storage 1 W/TB × replication 2, email 10 kgCO2e/year per
mailbox, video conference 0.1 kgCO2e/h.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from sobriete.io.factor_files import load_factors
from sobriete.footprint import compute_footprint
from sobriete.io.inventory import load_inventory
from sobriete.uncertainty import interval

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "factors"


@pytest.fixture(scope="module")
def factors():
    return load_factors(base=FIXTURE)


def footprint_of(tmp_path, factors, body: str, *, year: int = 2024, method: str = "amortized", name="inv"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"year: {year}\n" + textwrap.dedent(body), encoding="utf-8")
    return compute_footprint(load_inventory(path, factors), factors, method=method)


def test_laptop_amortized_and_use(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2022}
    """)
    line = fp.lines.iloc[0]
    assert line["embodied"] == pytest.approx(10 * 200 / 5)  # 400
    assert line["use"] == pytest.approx(10 * 30 * 0.05)  # 15
    assert fp.total == pytest.approx(415)
    assert fp.by_beges() == pytest.approx({"2.1": 15, "4.2": 400})
    assert fp.by_scope() == pytest.approx({"2": 15, "3": 400})


def test_lifespan_ended_counts_use_only(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2019}   # 2019 + 5 <= 2024
          - {category: laptop, quantity: 10, purchase_year: 2020}   # still amortised in 2024
    """)
    assert list(fp.lines["embodied"]) == pytest.approx([0.0, 400.0])
    assert list(fp.lines["use"]) == pytest.approx([15.0, 15.0])
    assert any("past their lifespan" in note for note in fp.notes)


def test_acquisition_counts_purchases_of_the_year(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2024}
          - {category: laptop, quantity: 10, purchase_year: 2022}
          - {category: laptop, quantity: 10}
    """, method="acquisition")
    assert list(fp.lines["embodied"]) == pytest.approx([2000.0, 0.0, 0.0])
    assert any("1 equipment line(s) without a purchase year" in note for note in fp.notes)


def test_refurbished_share_lifespan_and_line_values(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 10, refurbished: oui}
          - {category: laptop, quantity: 10, share: 50%}
          - {category: laptop, quantity: 2, lifespan: 8 ans, embodied: 320 kgCO2e, electricity: 20 kWh/an}
          - {category: laptop, quantity: 10, country: DE, ownership: leased}
    """)
    assert list(fp.lines["embodied"]) == pytest.approx([10 * 50 / 5, 0.5 * 400, 2 * 320 / 8, 400])
    assert list(fp.lines["use"]) == pytest.approx([15, 7.5, 2 * 20 * 0.05, 10 * 30 * 0.4])
    assert fp.by_beges()["4.4"] == pytest.approx(400)


def test_hosting_uses_pue(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        hosting:
          - {category: rack_server, quantity: 2}
          - {category: rack_server, quantity: 2, pue: 1.5, electricity: 1000 kWh/year}
          - {category: wifi_access_point, quantity: 10}
    """)
    assert list(fp.lines["use"]) == pytest.approx([2 * 2000 * 2 * 0.05, 2 * 1000 * 1.5 * 0.05, 10 * 50 * 1 * 0.05])
    assert list(fp.lines["embodied"]) == pytest.approx([400, 400, 10 * 20 / 6])
    assert "datacenter.pue" in fp.factor_ids


def test_spend_network_activity(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        hosting:
          - {category: saas, spend: 12 000 €/an}
          - {category: telecom, data_transfer: 100 GB/year}
        services:
          - {category: website, page_views: 1000000, page_weight: 2 Mo}
          - {category: web_service, data_transfer: 2 TB/year}
          - {category: email, quantity: 100}
          - {category: video_conference, quantity: 10, hours: 100}
    """)
    totals = list(fp.lines["total"])
    assert totals[0] == pytest.approx(12000 * 0.2)
    assert totals[1] == pytest.approx(100 * 0.020)  # telecom data: mobile network, 4.5
    # 2000 GB: 75 % fixed at 10 g + 25 % mobile at 20 g = 15 + 10 kg
    assert totals[2] == pytest.approx(2000 * 0.75 * 0.010 + 2000 * 0.25 * 0.020)
    assert totals[3] == pytest.approx(25.0)
    assert totals[4] == pytest.approx(100 * 10)
    assert totals[5] == pytest.approx(10 * 100 * 0.1)
    beges = fp.by_beges()
    assert beges["5.1"] == pytest.approx(50.0)
    assert beges["4.5"] == pytest.approx(2400 + 2 + 1000 + 100)


def test_ecoindex_reference_vector(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        services:
          - category: website
            page_views: 1000000
            ecoindex: {dom: 100, requests: 100, size: 100 KiB}
          - {category: website, page_views: 1000, ecoindex: 50}
    """)
    # REFERENCES §4: (100, 100, 100 KB) → score 72, grade B, 1.56 gCO2e per view, reported but
    # not counted: every website counts its network transfer (one perimeter, DESIGN §5).
    assert fp.ecoindex[0] == {"score": 72.0, "grade": "B", "gco2e_per_view": 1.56,
                              "full_chain_kgco2e": pytest.approx(1_000_000 * 1.56 / 1000), "counted": False}
    # 10⁶ views × 100 KiB × 1,024 B = 102.4 GB × (0.75 × 10 + 0.25 × 20) gCO2e/GB = 1.28 kgCO2e
    assert fp.lines["network"].iloc[0] == pytest.approx(102.4 * 12.5 / 1000)
    # A score alone gives no transferred size: nothing counted, and a note says why.
    assert fp.lines["network"].iloc[1] == 0.0
    assert any("without page views × page weight (or an EcoIndex measure" in n for n in fp.notes)


def test_ecoindex_and_page_weight_give_the_same_figure_for_the_same_bytes(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        services:
          - {category: website, page_views: 5000, ecoindex: {dom: 900, requests: 80, size: 2000 KiB}}
          - {category: website, page_views: 5000, page_weight: 2.048 MB}
    """)
    assert fp.lines["network"].iloc[0] == pytest.approx(fp.lines["network"].iloc[1], rel=1e-12)
    assert fp.by_beges() == pytest.approx({"5.1": 2 * 5000 * 2.048e-3 * 12.5 / 1000})


def test_cloud_method(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        hosting:
          - {category: cloud_vm, provider: OVHcloud, vcpu: 4, hours: 8760}
          - {category: cloud_storage, provider: unknown-cloud, storage: 10 TB}
    """)
    energy = 4 * 8760 * (1 + 0.5 * (3 - 1)) / 1000  # 70.08 kWh
    assert fp.lines["use"].iloc[0] == pytest.approx(energy * 1.25 * 0.05)
    assert fp.lines["embodied"].iloc[0] == pytest.approx(4 * 8760 * 0.001)
    storage_energy = 10 * 8760 * 1 * 2 / 1000  # the profile's default hours
    assert fp.lines["use"].iloc[1] == pytest.approx(storage_energy * 1.25 * 0.05)
    assert any("unknown-cloud" in note for note in fp.notes)


def test_per_agent_and_per_inhabitant(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        organisation: {population: 1000, agents: 10}
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2022}
    """)
    assert fp.per(fp.organisation.agents) == pytest.approx(41.5)
    assert fp.per(fp.organisation.population) == pytest.approx(0.415)


def test_interval_contains_point_and_is_seeded(tmp_path, factors):
    fp = footprint_of(tmp_path, factors, """
        devices:
          - {category: laptop, quantity: 100, purchase_year: 2022}
          - {category: monitor, quantity: 100}
    """)
    low, high = interval(fp, 1000, 0)
    assert low < fp.total < high
    assert interval(fp, 1000, 0) == (low, high)
    assert interval(fp, 1000, 1) != (low, high)


def test_interval_is_correlated_per_factor(tmp_path, factors):
    """N identical lines share the laptop factor: the relative width must not shrink with N."""
    one = footprint_of(tmp_path, factors, "devices:\n  - {category: laptop, quantity: 100}\n", name="one")
    many = footprint_of(tmp_path, factors, "devices:\n" + "  - {category: laptop, quantity: 1}\n" * 100, name="many")
    assert many.total == pytest.approx(one.total)
    width_one = np.subtract(*interval(one, 2000, 0)[::-1]) / one.total
    width_many = np.subtract(*interval(many, 2000, 0)[::-1]) / many.total
    assert width_many == pytest.approx(width_one, rel=1e-9)


def test_cli_json_keys(tmp_path, factors, monkeypatch):
    from click.testing import CliRunner

    import sobriete.io.factor_files as factor_files
    from sobriete.cli.main import cli

    monkeypatch.setattr(factor_files, "_shipped_root", lambda: FIXTURE)
    path = tmp_path / "inv.yaml"
    path.write_text("year: 2024\norganisation: {agents: 10}\ndevices:\n  - {category: portable, quantity: 10,"
                    " purchase_year: 2022, name: Postes DG}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["footprint", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    for key in ("organisation", "year", "method", "unit", "factors_version", "total", "interval", "per_agent",
                "per_inhabitant", "by_phase", "by_section", "by_category", "by_beges", "by_scope", "notes", "lines"):
        assert key in document
    assert document["total"] == pytest.approx(415)
    assert document["per_agent"] == pytest.approx(41.5)
    assert document["per_inhabitant"] is None
    line = document["lines"][0]
    assert line["factors"] == ["laptop", "electricity.FR"]
    assert line["name"] == "Postes DG"
    assert line["source"].endswith("inv.yaml:4")


def test_user_factor_file_replaces_and_is_noted(tmp_path, factors):
    """DESIGN §4: same id replaces, missing uncertainty counts as 0 with a note, version gets a hash."""
    user = tmp_path / "mine.yaml"
    user.write_text("intensities:\n  - id: electricity.FR\n    value: 0.1 kgCO2e/kWh\n    source: contrat\n",
                    encoding="utf-8")
    combined = load_factors((user,), base=FIXTURE)
    assert combined.intensities["electricity.FR"].value == 0.1
    assert combined.version.startswith("test-1+") and len(combined.version) == len("test-1+") + 12
    fp = footprint_of(tmp_path, combined, "devices:\n  - {category: laptop, quantity: 10, purchase_year: 2022}\n")
    assert fp.lines["use"].iloc[0] == pytest.approx(10 * 30 * 0.1)
    assert any("no uncertainty given, counted as 0" in note for note in fp.notes)
