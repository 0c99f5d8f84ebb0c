"""NumÉcoÉval import and export (sobriete/interop/numecoeval/, cli/numecoeval_cmd.py) and the
allocation of hosts to virtual machines and applications (sobriete/allocation.py).

The fixtures in tests/fixtures/numecoeval describe a small intercommunal IT service: two data
centres (the town hall's server room in France, PUE 1,8; a back-up host in Frankfurt, PUE 1.32),
physical equipment in the three date formats NumÉcoÉval accepts, COPE / BYOD / tauxUtilisation
lines, a smartphone fleet kept 273 days (lifespan raised to 1 year), withdrawn, future and
unknown-type equipment, virtual machines (vCPU, storage and explicit allocation keys) and
applications. The reporting year is 2024.

The expected NumÉcoÉval results are computed by hand from REFERENCES §3:
manufacturing per year = quantity × factor × usage rate / lifespan (days / 365, at least 1 year);
use per year = quantity × consoElecAnnuelle × mix(country) × usage rate (× the data centre's PUE for
servers hosted in a data centre, and for them only); without dateAchat (REEL) or dureeUsageInterne
(FIXE) the lifespan is NumÉcoÉval's type default (Server 7 years, Smartphone 2, others 2),
with the embodied factors of tests/fixtures/numecoeval/facteurs-fabrication.yaml and the
Base IMPACTS® 2.01 mixes of the shipped `numecoeval` alternative: FR 0.0813225,
DE 0.657374, BE 0.256537 kgCO2e/kWh, default PUE 1.75.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sobriete import model
from sobriete.allocation import NO_APPLICATION, application_breakdown
from sobriete.errors import InputErrors
from sobriete.io.factor_files import load_factors
from sobriete.footprint import compute_footprint
from sobriete.interop import numecoeval as nee
from sobriete.io.inventory import load_inventory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "numecoeval"
FILES = [FIXTURES / name for name in ("datacenters.csv", "equipementsPhysiques.csv",
                                      "equipementsVirtuels.csv", "applications.csv")]
PHYSICAL = str(FIXTURES / "equipementsPhysiques.csv")
FR, DE, BE = 0.0813225, 0.657374, 0.256537  # Base IMPACTS® 2.01 mixes, kgCO2e/kWh
DEFAULT_PUE = 1.75


@pytest.fixture(scope="module")
def numecoeval_factors():
    """Shipped set + NumÉcoÉval mixes + one embodied factor per type (test values)."""
    return load_factors(("numecoeval", str(FIXTURES / "facteurs-fabrication.yaml")))


@pytest.fixture(scope="module")
def imported(numecoeval_factors):
    return nee.read_numecoeval(FILES, numecoeval_factors, year=2024)


def line(inventory, name):
    for section in ("devices", "hosting"):
        frame = inventory.sections[section]
        match = frame[frame["name"] == name]
        if len(match):
            return match.iloc[0]
    raise KeyError(name)


# --- reading -------------------------------------------------------------------------------

def test_file_kinds_are_recognised_by_their_header():
    kinds = [nee.read_file(path).kind for path in FILES]
    assert kinds == ["datacenters", "physical", "virtual", "applications"]


def test_a_file_of_another_kind_is_refused_with_its_name(tmp_path):
    other = tmp_path / "inventaire.csv"
    other.write_text("category;quantity\nlaptop;3\n", encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        nee.read_file(other)
    assert str(other) in str(caught.value) and "not a NumÉcoÉval file" in str(caught.value)


def test_every_line_is_accounted_for(imported):
    assert imported.imported == {"desktop": 1, "laptop": 1, "monitor": 1, "network_switch": 1,
                                 "printer": 1, "rack_server": 3, "smartphone": 1, "tablet": 2}
    excluded = dict(imported.excluded)
    assert excluded[f"{PHYSICAL}:13"].startswith("withdrawn on 2023-06-30")
    assert "'Casque VR' is no known equipment type" in excluded[f"{PHYSICAL}:14"]
    assert "--map-type" in excluded[f"{PHYSICAL}:14"]
    assert excluded[f"{PHYSICAL}:15"].startswith("bought on 2025-01-20")
    assert "SRV-DISPARU" in excluded[f"{FIXTURES / 'equipementsVirtuels.csv'}:9"]
    assert "vm-paie-2015" in excluded[f"{FIXTURES / 'applications.csv'}:8"]
    # 14 physical lines = 11 imported + 3 excluded
    assert sum(imported.imported.values()) + sum(1 for w in excluded if w.startswith(PHYSICAL)) == 14


def test_three_date_formats_and_real_lifespans(imported):
    inventory = imported.inventory
    laptop = line(inventory, "PORT-DG-2021")  # 2021-03-15, no dateRetrait: 2024-12-31 stands in
    assert laptop["purchase_year"] == 2021 and laptop["lifespan"] == 1387 / 365
    desktop = line(inventory, "UC-ACCUEIL-2020")  # 20200708 → 20250630
    assert desktop["purchase_year"] == 2020 and desktop["lifespan"] == 1818 / 365
    monitor = line(inventory, "ECRANS-2019")  # 01/09/2019 is 1 September (day first)
    assert monitor["purchase_year"] == 2019 and monitor["lifespan"] == 1948 / 365
    assert "2024-12-31 stands in for the missing dateRetrait" in laptop["notes"]
    assert any("31 December 2024 stands in" in note for note in imported.notes)


def test_lifespan_under_one_year_is_raised_to_one(imported):
    phones = line(imported.inventory, "MOBILES-ELUS")  # 2024-02-01 → 2024-10-31: 273 days
    assert phones["lifespan"] == 1.0
    assert "raised to 1 year" in phones["notes"]


def test_amont_duration_is_added_and_the_type_default_is_the_fallback(imported):
    school = line(imported.inventory, "SRV-ECOLE")  # 2020-09-01 → 2024-12-31 + 1 year amont
    assert school["lifespan"] == 1582 / 365 + 1
    # No dateAchat under REEL: NumÉcoÉval ignores dureeUsageInterne (6) and takes the type's default,
    # none for Printer, so the hypothesis dureeVieParDefaut, 2 years.
    printers = line(imported.inventory, "IMPR-ETAGES")
    assert printers["lifespan"] == 2 and np.isnan(printers["purchase_year"])
    assert "NumÉcoÉval's default for the type (no dateAchat)" in printers["notes"]


def test_usage_rates_multiply_like_share(imported):
    inventory = imported.inventory
    assert line(inventory, "PORT-DG-2021")["share"] == 0.8  # COPE
    assert line(inventory, "MOBILES-ELUS")["share"] == 0.57  # BYOD
    assert line(inventory, "TABLETTES-ECOLES")["share"] == 0.5  # tauxUtilisation 0,5
    assert line(inventory, "UC-ACCUEIL-2020")["share"] == 1.0


def test_data_centres_give_country_and_pue(imported):
    inventory = imported.inventory
    town_hall = line(inventory, "SRV-APP-01")
    assert (town_hall["country"], town_hall["pue"], town_hall["site"]) == ("FR", 1.8, "DC-MAIRIE")
    frankfurt = line(inventory, "SRV-BDD-01")  # paysDUtilisation says France: the DC's country wins
    assert (frankfurt["country"], frankfurt["pue"], frankfurt["site"]) == ("DE", 1.32, "DC-FRANCFORT")
    switch = line(inventory, "SW-COEUR")  # not a server: no PUE in NumÉcoÉval
    assert switch["pue"] == 1.0 and switch["country"] == "FR"
    school = line(inventory, "SRV-ECOLE")  # a server outside a data centre: no PUE in NumÉcoÉval
    assert school["pue"] == 1.0 and school["country"] == "BE"
    assert "PUE 1: NumÉcoÉval applies a PUE only to servers in a data centre" in school["notes"]


def test_sections_names_models_services(imported):
    inventory = imported.inventory
    assert list(inventory.sections["hosting"]["name"]) == ["SRV-APP-01", "SRV-BDD-01", "SW-COEUR", "SRV-ECOLE"]
    laptop = line(inventory, "PORT-DG-2021")
    assert (laptop["model"], laptop["service"], laptop["quantity"], laptop["electricity"]) == (
        "Latitude 5420", "Direction générale", 12.0, 29.0)
    assert inventory.locations["devices"][0] == f"{PHYSICAL}:2"


@pytest.mark.parametrize("text, code", [("France", "FR"), ("Allemagne", "DE"), ("Germany", "DE"),
                                        ("DEU", "DE"), ("de", "DE"), ("Royaume-Uni", "GB"), ("UK", "GB"),
                                        ("États-Unis", "US"), ("etats-unis d'amerique", "US"),
                                        ("Belgique", "BE"), ("Pays-Bas", "NL"), ("Atlantide", None)])
def test_country_names_in_french_english_and_iso(text, code):
    assert nee.country_code(text) == code


def test_every_exported_type_maps_back_to_its_category(numecoeval_factors):
    for category, type_name in nee.CATEGORY_TYPES.items():
        assert nee.category_of_type(type_name, numecoeval_factors) == category
    assert nee.category_of_type("Server", numecoeval_factors) == "rack_server"
    assert nee.category_of_type("Terminal", numecoeval_factors) is None


# --- reproducing NumÉcoÉval's results ----------------------------------------------------------

# name → (NumÉcoÉval manufacturing per year, NumÉcoÉval use per year), by hand from REFERENCES §3.
EXPECTED = {
    "PORT-DG-2021": (12 * 156.12 * 0.8 / (1387 / 365), 12 * 29 * FR * 0.8),
    "UC-ACCUEIL-2020": (30 * 285.7 / (1818 / 365), 30 * 120 * FR),
    "ECRANS-2019": (40 * 84.3 / (1948 / 365), 40 * 40 * FR),
    "MOBILES-ELUS": (25 * 43.5 * 0.57 / 1, 25 * 3.5 * FR * 0.57),
    "TABLETTES-ECOLES": (6 * 61.2 * 0.5 / (484 / 365), 6 * 12 * FR * 0.5),
    "IMPR-ETAGES": (8 * 96.8 / 2, 8 * 45 * FR),  # no dateAchat: 2 years (type default)
    "SRV-APP-01": (1 * 1120.0 / (1086 / 365), 1 * 1200 * FR * 1.8),
    "SRV-BDD-01": (2 * 1120.0 / (1825 / 365), 2 * 1800 * DE * 1.32),
    "SW-COEUR": (2 * 187.4 / (1868 / 365), 2 * 350 * FR),
    "SRV-ECOLE": (1 * 1120.0 / (1582 / 365 + 1), 1 * 600 * BE),  # no data centre: no PUE
}


@pytest.fixture(scope="module")
def written_footprint(imported, numecoeval_factors, tmp_path_factory):
    """The footprint of the inventory as written and read back, as a user would compute it."""
    folder = tmp_path_factory.mktemp("nee")
    nee.write_import(imported, folder / "inventaire.yaml")
    inventory = load_inventory(folder / "inventaire.yaml", numecoeval_factors)
    return compute_footprint(inventory, numecoeval_factors)


def test_footprint_reproduces_numecoeval_per_equipment(written_footprint):
    lines = written_footprint.lines.set_index("name")
    for name, (manufacturing, use) in EXPECTED.items():
        assert math.isclose(lines.at[name, "embodied"], manufacturing, rel_tol=1e-9), name
        assert math.isclose(lines.at[name, "use"], use, rel_tol=1e-9), name


def test_the_known_difference_past_lifespan_is_reported(imported, written_footprint):
    # Tablets lent 2023-10-01 → 2024-03-31 (182 days → 1 year): NumÉcoÉval counts 4 × 61.2 / 1;
    # with 2023 + 1 ≤ 2024, sobriete's amortized method counts no embodied emissions, only use.
    lines = written_footprint.lines.set_index("name")
    assert lines.at["TABLETTES-PRET", "embodied"] == 0.0
    assert math.isclose(lines.at["TABLETTES-PRET", "use"], 4 * 12 * FR, rel_tol=1e-9)
    assert any("past their lifespan" in note and f"{PHYSICAL}:7" in note for note in imported.notes)


# --- virtual machines and applications --------------------------------------------------------

def test_allocation_keys(imported):
    allocation = imported.allocation.set_index(["virtual_equipment", "application"], drop=False)
    share = {(vm, app if isinstance(app, str) else None): s for vm, app, s in
             zip(imported.allocation["virtual_equipment"], imported.allocation["application"],
                 imported.allocation["share"])}
    assert share[("vm-finances-prod", "Gestion financière")] == 4 / 8  # vCPU share 4 of 4 + 2 + 2
    assert share[("vm-ged", "GED")] == 2 / 8
    assert share[("vm-bdd-prod", "Portail famille")] == 0.6 / 2  # cleRepartition, two applications
    assert share[("vm-bdd-prod", "Site intranet")] == 0.6 / 2
    assert share[("vm-bdd-secours", None)] == 0.4
    assert share[("vm-fichiers", "Partage de fichiers")] == 750 / 1000  # storage share
    assert len(allocation) == 8


def test_application_breakdown_adds_up(imported, written_footprint):
    breakdown = application_breakdown(written_footprint, imported.allocation)
    hosts = written_footprint.lines.set_index("name")["total"]
    assert math.isclose(breakdown["Gestion financière"], hosts["SRV-APP-01"] * 0.75, rel_tol=1e-12)
    assert math.isclose(breakdown["Portail famille"], hosts["SRV-BDD-01"] * 0.3, rel_tol=1e-12)
    assert math.isclose(breakdown["Partage de fichiers"], hosts["SRV-ECOLE"] * 0.75, rel_tol=1e-12)
    assert math.isclose(breakdown[NO_APPLICATION],
                        hosts["SRV-BDD-01"] * 0.4 + hosts["SRV-ECOLE"] * 0.25, rel_tol=1e-12)
    assert math.isclose(sum(breakdown.values()), written_footprint.total, rel_tol=1e-12)
    embodied = application_breakdown(written_footprint, imported.allocation, phase="embodied")
    assert math.isclose(embodied["GED"], hosts.index.map(lambda n: n == "SRV-APP-01").to_numpy() @
                        written_footprint.lines["embodied"].to_numpy() * 0.25, rel_tol=1e-12)


def test_allocation_table_round_trips(imported, tmp_path):
    path = tmp_path / "x.applications.csv"
    path.write_text(nee.allocation_csv(imported.allocation), encoding="utf-8")
    pd.testing.assert_frame_equal(nee.load_allocation(path), imported.allocation, check_dtype=False)


# --- modes, mappings, errors ----------------------------------------------------------------

def test_fixe_mode_takes_dureeUsageInterne(numecoeval_factors):
    result = nee.read_numecoeval(FILES, numecoeval_factors, year=2024, lifespan="fixe")
    inventory = result.inventory
    assert line(inventory, "PORT-DG-2021")["lifespan"] == 5
    assert line(inventory, "TABLETTES-ECOLES")["lifespan"] == 3
    assert line(inventory, "IMPR-ETAGES")["lifespan"] == 6
    # No dureeUsageInterne: NumÉcoÉval's type default, Server 7 years; none for Dedicated Server: 2
    assert line(inventory, "SRV-APP-01")["lifespan"] == 7
    assert line(inventory, "SRV-BDD-01")["lifespan"] == 2
    assert line(inventory, "PORT-DG-2021")["purchase_year"] == 2021
    assert any("take NumÉcoÉval's default lifespan for their type" in note for note in result.notes)


def test_fixe_import_round_trips_too(numecoeval_factors, tmp_path):
    first = nee.read_numecoeval(FILES, numecoeval_factors, year=2024, lifespan="fixe")
    written, _ = nee.export_numecoeval(first.inventory, numecoeval_factors, tmp_path, allocation=first.allocation)
    again = nee.read_numecoeval(written, numecoeval_factors, year=2024, lifespan="fixe")
    for section in ("devices", "hosting"):
        pd.testing.assert_frame_equal(again.inventory.sections[section], first.inventory.sections[section])


def test_edited_lines_are_exported_from_their_values(imported, numecoeval_factors, tmp_path):
    inventory = imported.inventory
    devices = inventory.sections["devices"].copy()
    devices.loc[devices["name"] == "PORT-DG-2021", "lifespan"] = 6.0  # edited after the import
    edited = model.Inventory(inventory.organisation, inventory.year,
                                 {**inventory.sections, "devices": devices}, inventory.locations)
    written, notes = nee.export_numecoeval(edited, numecoeval_factors, tmp_path)
    assert any("no longer match their values" in n for n in notes)
    again = nee.read_numecoeval(written, numecoeval_factors, year=2024, lifespan="fixe")
    assert line(again.inventory, "PORT-DG-2021")["lifespan"] == 6.0


def test_map_type_brings_an_unknown_type_in(numecoeval_factors):
    mapping = nee.parse_type_map(["Casque VR=smartphone"], numecoeval_factors)
    result = nee.read_numecoeval(FILES, numecoeval_factors, year=2024, type_map=mapping)
    assert line(result.inventory, "CASQUES-VR")["category"] == "smartphone"
    with pytest.raises(InputErrors):
        nee.parse_type_map(["Casque VR=licorne"], numecoeval_factors)


def test_input_problems_name_file_line_and_column(tmp_path, numecoeval_factors):
    bad = tmp_path / "equipements.csv"
    bad.write_text("nomEquipementPhysique;quantite;nomCourtDatacenter;dateAchat;type;paysDUtilisation\n"
                   "PC-1;2;;2021-13-45;Laptop;France\n"
                   "SRV-1;1;DC-INCONNU;2021-01-04;Server;France\n"
                   "PC-2;1,800;;2021-01-04;Laptop;Narnia\n", encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        nee.read_numecoeval([bad], numecoeval_factors, year=2024)
    messages = [str(p) for p in caught.value.problems]
    assert f"{bad}:2: dateAchat: not a date (month must be in 1..12) (got '2021-13-45')" in messages[0]
    assert any(f"{bad}:3: nomCourtDatacenter: unknown data centre" in m for m in messages)
    assert any(f"{bad}:4: quantite: ambiguous number" in m for m in messages)
    assert any(f"{bad}:4: paysDUtilisation: unknown country (got 'Narnia')" in m for m in messages)
    rate = tmp_path / "taux.csv"
    rate.write_text("nomEquipementPhysique;type;paysDUtilisation;tauxUtilisation\nPC-1;Laptop;France;1,5\n",
                    encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        nee.read_numecoeval([rate], numecoeval_factors, year=2024)
    assert f"{rate}:2: tauxUtilisation: a usage rate is between 0 and 1" in str(caught.value)


# --- export and round trip ---------------------------------------------------------------

def test_import_export_import_gives_the_same_inventory(imported, numecoeval_factors, tmp_path):
    nee.write_import(imported, tmp_path / "inventaire.yaml")
    loaded = load_inventory(tmp_path / "inventaire.yaml", numecoeval_factors)
    allocation = nee.load_allocation(tmp_path / "inventaire.applications.csv")
    written, notes = nee.export_numecoeval(loaded, numecoeval_factors, tmp_path / "export",
                                           allocation=allocation)
    assert sorted(p.name for p in written) == ["applications.csv", "datacenters.csv",
                                               "equipementsPhysiques.csv", "equipementsVirtuels.csv"]
    again = nee.read_numecoeval(written, numecoeval_factors, year=2024)
    for section in ("devices", "hosting", "services", "retired"):
        pd.testing.assert_frame_equal(again.inventory.sections[section], imported.inventory.sections[section])
    pd.testing.assert_frame_equal(again.allocation, imported.allocation, check_dtype=False)
    centres = (tmp_path / "export" / "datacenters.csv").read_text(encoding="utf-8").splitlines()
    assert centres[1:] == ["DC-MAIRIE;Salle serveurs de l'hôtel de ville;1.8;France;;",
                           "DC-FRANCFORT;Hébergeur de secours à Francfort;1.32;Germany;;"]


def test_export_of_an_ordinary_inventory(tmp_path, factors):
    path = tmp_path / "inventaire.yaml"
    path.write_text("""year: 2024
devices:
  - {category: laptop, quantity: 10, purchase_year: 2022, lifespan: 5 years, name: Portables}
  - {category: monitor, quantity: 4, embodied: 300 kgCO2e}
hosting:
  - {category: rack_server, quantity: 2, pue: 1.4, site: Salle A, electricity: 1500 kWh/year}
  - {category: saas, spend: 1000 EUR/year}
""", encoding="utf-8")
    inventory = load_inventory(path, factors)
    written, notes = nee.export_numecoeval(inventory, factors, tmp_path / "out")
    rows = (tmp_path / "out" / "equipementsPhysiques.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(";")
    laptop = dict(zip(header, rows[1].split(";")))
    assert (laptop["type"], laptop["quantite"], laptop["dateAchat"], laptop["dateRetrait"],
            laptop["dureeUsageInterne"]) == ("Laptop", "10", "2022-01-01", "2026-12-31", "5")
    assert (tmp_path / "out" / "datacenters.csv").read_text(encoding="utf-8").splitlines()[1] == \
        "Salle A;Salle A;1.4;France;;"
    assert any("1 line(s) not exported" in n for n in notes)
    assert any("give embodied" in n for n in notes)
    assert any("without a name" in n for n in notes)
    again = nee.read_numecoeval(written, factors, year=2024)
    server = line(again.inventory, "rack_server-3")
    assert (server["pue"], server["site"], server["electricity"]) == (1.4, "Salle A", 1500.0)
    assert line(again.inventory, "Portables")["lifespan"] == 5 and line(again.inventory, "Portables")[
        "purchase_year"] == 2022


# --- command line ------------------------------------------------------------------------

def test_cli_import_validate_footprint_export(runner, tmp_path):
    from sobriete.cli.main import cli

    output = tmp_path / "inventaire.yaml"
    result = runner.invoke(cli, ["import", "numecoeval", *map(str, FILES), "--output", str(output),
                                 "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "imported 11 line(s)" in result.output and f"{PHYSICAL}:14" in result.output
    assert (tmp_path / "inventaire.applications.csv").is_file()
    assert runner.invoke(cli, ["validate", str(output)]).exit_code == 0
    result = runner.invoke(cli, ["footprint", str(output), "--factors", "numecoeval", "--format", "json",
                                 "--draws", "0"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["export", "numecoeval", str(output), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "applications.csv").is_file()


def test_cli_bad_input_exits_2(runner, tmp_path):
    from sobriete.cli.main import cli

    output = tmp_path / "inventaire.yaml"
    no_year = runner.invoke(cli, ["import", "numecoeval", str(FILES[1]), "--output", str(output)])
    assert no_year.exit_code == 2 and "--year is required" in no_year.output
    bad = tmp_path / "equipements.csv"
    bad.write_text("nomEquipementPhysique;type;dateAchat\nPC-1;Laptop;demain\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", "numecoeval", str(bad), "--output", str(output), "--year", "2024"])
    assert result.exit_code == 2 and f"{bad}:2: dateAchat: not a date" in result.output
    assert not output.exists()
    result = runner.invoke(cli, ["import", "numecoeval", str(FILES[1]), "--output", str(output),
                                 "--year", "2024", "--map-type", "Casque VR"])
    assert result.exit_code == 2 and "expected TYPE=category" in result.output
    missing = runner.invoke(cli, ["export", "numecoeval", str(tmp_path / "absent.yaml"), "--output",
                                  str(tmp_path / "out")])
    assert missing.exit_code == 2


# --- NumÉcoÉval's conventions, one by one (docs/numecoeval-differences.md) ------------------------
#
# tests/fixtures/numecoeval/conventions: a data centre with PUE 1,5 (DC-A) and one without PUE, both
# in France; reporting year 2024; factors of facteurs-fabrication.yaml (rack_server 1120,
# network_switch 187.4, laptop 156.12, smartphone 43.5 kgCO2e).

CONVENTIONS = FIXTURES / "conventions"
CONVENTION_FILES = [CONVENTIONS / name for name in ("datacenters.csv", "equipementsPhysiques.csv",
                                                    "equipementsVirtuels.csv")]

# name → (manufacturing per year, use per year), by hand:
CONVENTION_EXPECTED = {
    # Server in DC-A, 2022-01-01 → 2025-12-31 = 1460 days = 4.0 years; use × the data centre's PUE
    "SRV-A": (2 * 1120.0 / 4.0, 2 * 1000 * FR * 1.5),
    # Switch in DC-A, 2023-01-01 → 2024-12-31 = 730 days = 2.0 years; not a server: no PUE
    "SW-A": (1 * 187.4 / 2.0, 1 * 300 * FR),
    # Server in a data centre without PUE: PUEParDefaut 1.75; no dateAchat: Server default 7 years
    "SRV-B": (1 * 1120.0 / 7.0, 1 * 500 * FR * 1.75),
    # Server outside any data centre: no PUE, Belgian mix; no dateAchat under REEL: dureeUsageInterne
    # (3) is not used, the Server default 7 years is
    "SRV-C": (1 * 1120.0 / 7.0, 1 * 400 * BE),
    # Withdrawn on 2024-09-30, during the year: a full year, not prorated; 2022-03-01 → 2024-09-30
    # = 944 days; COPE 0.8 on both phases
    "PORT-RETIRE-2024": (3 * 156.12 * 0.8 / (944 / 365), 3 * 30 * FR * 0.8),
    # No dates, Smartphone: type default 2 years; BYOD 0.57 on both phases
    "TEL-SANS-DATE": (10 * 43.5 * 0.57 / 2.0, 10 * 3 * FR * 0.57),
}


@pytest.fixture(scope="module")
def conventions(numecoeval_factors):
    return nee.read_numecoeval(CONVENTION_FILES, numecoeval_factors, year=2024)


@pytest.fixture(scope="module")
def conventions_footprint(conventions, numecoeval_factors, tmp_path_factory):
    folder = tmp_path_factory.mktemp("conventions")
    nee.write_import(conventions, folder / "inventaire.yaml")
    return compute_footprint(load_inventory(folder / "inventaire.yaml", numecoeval_factors), numecoeval_factors)


def test_conventions_per_equipment(conventions_footprint):
    lines = conventions_footprint.lines.set_index("name")
    assert set(lines.index) == set(CONVENTION_EXPECTED)
    for name, (manufacturing, use) in CONVENTION_EXPECTED.items():
        assert math.isclose(lines.at[name, "embodied"], manufacturing, rel_tol=1e-9), name
        assert math.isclose(lines.at[name, "use"], use, rel_tol=1e-9), name


def test_pue_only_for_servers_in_a_data_centre(conventions):
    inventory = conventions.inventory
    assert line(inventory, "SRV-A")["pue"] == 1.5
    assert line(inventory, "SW-A")["pue"] == 1.0
    assert line(inventory, "SRV-B")["pue"] == 1.75
    assert line(inventory, "SRV-C")["pue"] == 1.0
    assert any("default PUE 1.75" in note for note in conventions.notes)


def test_withdrawn_before_the_year_is_excluded_during_it_counted(conventions):
    excluded = dict(conventions.excluded)
    where = f"{CONVENTIONS / 'equipementsPhysiques.csv'}:7"
    assert excluded[where].startswith("withdrawn on 2023-12-31")
    assert line(conventions.inventory, "PORT-RETIRE-2024")["lifespan"] == 944 / 365


def test_fixe_fallbacks(numecoeval_factors):
    result = nee.read_numecoeval(CONVENTION_FILES, numecoeval_factors, year=2024, lifespan="fixe")
    inventory = result.inventory
    assert line(inventory, "SRV-C")["lifespan"] == 3  # dureeUsageInterne
    assert line(inventory, "SRV-A")["lifespan"] == 7  # no dureeUsageInterne: Server default
    assert line(inventory, "TEL-SANS-DATE")["lifespan"] == 2  # Smartphone default
    assert line(inventory, "PORT-RETIRE-2024")["lifespan"] == 2  # no default for Laptop: 2 years


def test_vcpu_share_counts_every_virtual_machine_of_the_host(conventions):
    share = dict(zip(conventions.allocation["virtual_equipment"], conventions.allocation["share"]))
    # vm-cle: cleRepartition 0,5; vm-vcpu: 4 vCPU of the host's 4 + 4 = 8
    assert share == {"vm-cle": 0.5, "vm-vcpu": 4 / 8}


def test_conventions_round_trip(conventions, numecoeval_factors, tmp_path):
    written, _ = nee.export_numecoeval(conventions.inventory, numecoeval_factors, tmp_path,
                                       allocation=conventions.allocation)
    again = nee.read_numecoeval(written, numecoeval_factors, year=2024)
    # Same values; only SRV-B's note changes: its data centre is exported with the 1.75 it used.
    for section in ("devices", "hosting"):
        pd.testing.assert_frame_equal(again.inventory.sections[section].drop(columns="notes"),
                                      conventions.inventory.sections[section].drop(columns="notes"))


def test_export_says_when_reel_would_not_keep_a_lifespan(numecoeval_factors, tmp_path):
    # Imported FIXE, IMPR-ETAGES (no dates) keeps dureeUsageInterne 6; G4IT, always REEL, would
    # give it the Printer default, 2 years: the export says so. Imported REEL it already has 2.
    fixe = nee.read_numecoeval(FILES, numecoeval_factors, year=2024, lifespan="fixe")
    _, notes = nee.export_numecoeval(fixe.inventory, numecoeval_factors, tmp_path / "fixe")
    note = next(n for n in notes if "no purchase date" in n)
    assert note.startswith("1 line(s)") and f"{PHYSICAL}:11" in note
    _, notes = nee.export_numecoeval(nee.read_numecoeval(FILES, numecoeval_factors, year=2024).inventory,
                                     numecoeval_factors, tmp_path / "reel")
    assert not any("no purchase date" in n for n in notes)


def test_the_allocation_table_is_read_through_the_checked_opener(tmp_path):
    """A FIFO or a folder given as the allocation table is refused by what it is (never a hang,
    never "file not found"); a file that is not UTF-8 is a located input error."""
    import os

    from sobriete.errors import InputErrors
    from sobriete.interop.numecoeval.sidecar import load_allocation

    fifo = tmp_path / "alloc.applications.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputErrors) as caught:
        load_allocation(fifo)
    assert "FIFO" in caught.value.problems[0].message
    with pytest.raises(InputErrors) as caught:
        load_allocation(tmp_path)
    assert "folder" in caught.value.problems[0].message
    bad = tmp_path / "bad.applications.csv"
    bad.write_bytes(b"host,virtual_equipment,application,share\n\xff\xfe,vm,app,1\n")
    with pytest.raises(InputErrors) as caught:
        load_allocation(bad)
    assert caught.value.problems[0].path == str(bad)
