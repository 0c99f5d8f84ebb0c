"""sobriete.io.inventory and sobriete.io.tables: YAML, CSV, XLSX, folders → canonical frames.

Values are checked against hand conversions into the canonical units of sobriete.model.KINDS;
row numbers against the real lines of the files written by the test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from openpyxl import Workbook

from sobriete import model
from sobriete.errors import InputErrors
from sobriete.io.inventory import load_inventory


def problems(path, factors, **kwargs) -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_inventory(path, factors, **kwargs)
    return [str(p) for p in info.value.problems]


def row(inventory, section, index=0) -> dict:
    return inventory.sections[section].iloc[index].to_dict()


# --- YAML ---------------------------------------------------------------------------------------

FULL_YAML = """
organisation:
  name: Commune de Saint-Exemple
  kind: commune
  population: 12500
  agents: 180
  country: DE
year: 2024
devices:
  - category: portable          # French alias of laptop
    quantity: 120
    lifespan: 36 months
    purchase_year: 2021
    refurbished: oui
    ownership: leased
    share: 50 %
    electricity: 25000 Wh/an
    embodied: 0,25 tCO2e
    country: fr
    service: Administration générale
    site: Hôtel de ville
    model: 5440
    name: Postes DG
  - category: Écran
hosting:
  - category: rack_server
    quantity: 4
    electricity: 1,8 MWh/an
    pue: 1,8
  - category: cloud_vm
    provider: ovhcloud
    vcpu: 4 vCPU
    hours: 8760
    quantity: 3
  - category: saas
    spend: 12 500 €/an
services:
  - name: Site internet
    category: website
    page_views: 240000
    page_weight: 2,1 Mo
  - category: website
    page_views: 1000
    ecoindex: {dom: 850, requests: 70, size: 1900 KiB}
  - category: web_service
    data_transfer: 350 Go/an
retired:
  - category: laptop
    quantity: 30
    destination: reuse
"""


def test_yaml_inventory_in_canonical_units(write, factors):
    inventory = load_inventory(write("inv.yaml", FULL_YAML), factors)
    assert inventory.year == 2024
    assert inventory.organisation == model.Organisation(
        name="Commune de Saint-Exemple", kind="commune", population=12500.0, agents=180.0, country="DE")
    laptop = row(inventory, "devices", 0)
    assert laptop["category"] == "laptop"
    assert laptop["quantity"] == 120.0
    assert laptop["lifespan"] == pytest.approx(3.0, rel=1e-12)
    assert laptop["purchase_year"] == 2021.0
    assert laptop["refurbished"] is True or laptop["refurbished"] == np.True_
    assert laptop["ownership"] == "leased"
    assert laptop["share"] == 0.5
    assert laptop["electricity"] == pytest.approx(25.0)
    assert laptop["embodied"] == pytest.approx(250.0)
    assert laptop["country"] == "FR"
    assert laptop["service"] == "Administration générale"
    assert laptop["model"] == "5440"  # text stays text, not 5440.0
    assert laptop["name"] == "Postes DG"
    monitor = row(inventory, "devices", 1)
    assert monitor["category"] == "monitor"
    assert monitor["quantity"] == 1.0 and monitor["share"] == 1.0  # defaults
    assert monitor["ownership"] == "owned" and not monitor["refurbished"]
    assert monitor["country"] == "DE"  # the organisation's country
    assert math.isnan(monitor["lifespan"]) and math.isnan(monitor["purchase_year"])
    server, vm, saas = (row(inventory, "hosting", i) for i in range(3))
    assert server["electricity"] == pytest.approx(1800.0) and server["pue"] == pytest.approx(1.8)
    assert vm["vcpu"] == 4.0 and vm["hours"] == 8760.0 and vm["provider"] == "ovhcloud"
    assert saas["spend"] == 12500.0
    website, eco, portal = (row(inventory, "services", i) for i in range(3))
    assert website["page_views"] == 240000.0 and website["page_weight"] == pytest.approx(2.1)
    assert (eco["ecoindex.dom"], eco["ecoindex.requests"], eco["ecoindex.size"]) == (850.0, 70.0, 1900.0)
    assert portal["data_transfer"] == 350.0
    retired = row(inventory, "retired", 0)
    assert retired["category"] == "laptop" and retired["destination"] == "reuse" and retired["quantity"] == 30
    assert list(inventory.locations["devices"]) == [f"{inventory.source}:9", f"{inventory.source}:23"]
    assert inventory.line_count == 8


def test_frames_have_every_key_as_a_column_in_model_order(write, factors):
    inventory = load_inventory(write("inv.yaml", "year: 2024\ndevices:\n  - category: laptop\n"), factors)
    for section in model.SECTIONS:
        assert list(inventory.sections[section].columns) == list(model.LINE_KEYS)
    assert list(inventory.sections["retired"].columns) == list(model.RETIRED_KEYS)
    assert len(inventory.sections["hosting"]) == 0
    assert inventory.sections["devices"]["quantity"].dtype == np.float64


def test_yaml_rows_are_the_lines_of_the_keys(write, factors):
    path = write("inv.yaml", """
        year: 2024
        devices:
          - category: laptop

            # a comment between keys
            lifespan: 5 kg
          - category: laptop
            quantity: -2
    """)
    assert problems(path, factors) == [
        f"{path}:6: lifespan: unit 'kg' is not a duration (expected a unit like year) (got '5 kg')",
        f"{path}:8: quantity: must be greater than 0 (got -2)",
    ]


# --- CSV ----------------------------------------------------------------------------------------

def test_csv_semicolon_decimal_comma_french_units(write, factors):
    path = write("devices.csv", """
        category;quantity;lifespan;electricity;share;refurbished;model
        portable;2,5;6 ans;25,5 kWh/an;50 %;non;5440
        écran;12 500;72 mois;;;oui;
    """)
    inventory = load_inventory(path, factors, year=2024)
    laptop, monitor = row(inventory, "devices", 0), row(inventory, "devices", 1)
    assert (laptop["category"], laptop["quantity"], laptop["lifespan"]) == ("laptop", 2.5, 6.0)
    assert laptop["electricity"] == 25.5 and laptop["share"] == 0.5 and not laptop["refurbished"]
    assert laptop["model"] == "5440"
    assert (monitor["category"], monitor["quantity"], monitor["lifespan"]) == ("monitor", 12500.0, 6.0)
    assert math.isnan(monitor["electricity"]) and monitor["share"] == 1.0 and monitor["refurbished"]
    assert inventory.organisation == model.Organisation()  # unnamed, FR
    assert inventory.year == 2024
    assert list(inventory.locations["devices"]) == [f"{path}:2", f"{path}:3"]


def test_csv_with_utf8_bom(write, factors):
    path = write("devices.csv", "\ufeffcategory,quantity,site\nlaptop,3,Hôtel de ville\n")
    inventory = load_inventory(path, factors, year=2024)
    assert row(inventory, "devices")["site"] == "Hôtel de ville"
    assert inventory.notes == []


def test_csv_in_cp1252_is_read_with_a_note(write, factors):
    path = write("devices.csv", "category;quantity;site\nécran;3;Hôtel de ville\n", encoding="cp1252")
    inventory = load_inventory(path, factors, year=2024)
    assert row(inventory, "devices")["site"] == "Hôtel de ville"
    assert row(inventory, "devices")["category"] == "monitor"
    assert inventory.notes == [f"{path}: read as cp1252 (Windows) because it is not valid UTF-8"]


def test_cp1252_note_reaches_an_inventory_whose_section_is_a_csv(write, factors):
    write("data/devices.csv", "category;site\nlaptop;Hôtel\n", encoding="cp1252")
    path = write("inv.yaml", "year: 2024\ndevices: data/devices.csv\n")
    inventory = load_inventory(path, factors)
    assert inventory.notes == [f"{path.parent / 'data' / 'devices.csv'}: read as cp1252 (Windows) "
                               "because it is not valid UTF-8"]


def test_csv_with_a_section_column(write, factors):
    path = write("all.csv", """
        section,category,quantity,page_views,destination
        devices,laptop,3,,
        hosting,rack_server,2,,
        services,website,,1000,
        retired,desktop,4,,recycling
    """)
    inventory = load_inventory(path, factors, year=2024)
    assert {s: len(f) for s, f in inventory.sections.items()} == {"devices": 1, "hosting": 1, "services": 1,
                                                                  "purchases": 0, "retired": 1}
    assert row(inventory, "hosting")["category"] == "rack_server"
    assert row(inventory, "services")["page_views"] == 1000.0
    assert row(inventory, "retired")["destination"] == "recycling"
    assert list(inventory.locations["services"]) == [f"{path}:4"]


def test_bare_csv_section_inferred_from_category(write, factors):
    path = write("export.csv", "category,quantity\nlaptop,3\nserveur,1\nwebsite,1\nécran,2\n")
    inventory = load_inventory(path, factors, year=2023)
    assert list(inventory.sections["devices"]["category"]) == ["laptop", "monitor"]
    assert list(inventory.sections["hosting"]["category"]) == ["rack_server"]
    assert list(inventory.sections["services"]["category"]) == ["website"]
    assert list(inventory.locations["devices"]) == [f"{path}:2", f"{path}:5"]
    assert inventory.year == 2023


def test_bare_csv_named_after_a_section(write, factors):
    path = write("hosting.csv", "category,quantity\nrack_server,2\n")
    inventory = load_inventory(path, factors, year=2024)
    assert len(inventory.sections["hosting"]) == 1 and len(inventory.sections["devices"]) == 0


def test_bare_csv_needs_year(write, factors):
    path = write("export.csv", "category\nlaptop\n")
    assert problems(path, factors) == [
        f"{path}: year: the reporting year is missing (a bare table needs --year, e.g. --year 2024)"]


def test_csv_row_numbers_are_real_file_lines(write, factors):
    # Line 2–3: one record with a quoted line break; line 4: blank; line 5: bad category;
    # line 6: bad lifespan.
    path = write("devices.csv", 'category,quantity,name,lifespan\nlaptop,3,"Postes\nDG",5\n\n'
                                "laptpo,2,x,5\ndesktop,1,y,5 kg\n")
    assert problems(path, factors, year=2024) == [
        f"{path}:5: category: unknown category (got 'laptpo') (did you mean 'laptop'?)",
        f"{path}:6: lifespan: unit 'kg' is not a duration (expected a unit like year) (got '5 kg')",
    ]


def test_csv_row_numbers_with_crlf_line_ends(write, factors):
    path = write("devices.csv", b"category,quantity\r\nlaptop,3\r\n\r\nlaptop,-1\r\n")
    assert problems(path, factors, year=2024) == [f"{path}:4: quantity: must be greater than 0 (got -1)"]


def test_csv_unknown_column_is_reported_on_the_header_line(write, factors):
    path = write("devices.csv", "category,lifespam\nlaptop,5\n")
    assert problems(path, factors, year=2024) == [
        f"{path}:1: devices: unknown key 'lifespam' (did you mean 'lifespan'?)"]


def test_csv_empty_cells_mean_absent(write, factors):
    path = write("devices.csv", "category,quantity,lifespan,country\nlaptop,,,\n")
    laptop = row(load_inventory(path, factors, year=2024), "devices")
    assert laptop["quantity"] == 1.0 and math.isnan(laptop["lifespan"]) and laptop["country"] == "FR"


def test_csv_nested_ecoindex_columns(write, factors):
    path = write("services.csv", "category,page_views,ecoindex.dom,ecoindex.requests,ecoindex.size,ecoindex\n"
                                 "website,1000,850,70,1900 KiB,\nwebsite,500,,,,54\n")
    inventory = load_inventory(path, factors, year=2024)
    first, second = row(inventory, "services", 0), row(inventory, "services", 1)
    assert (first["ecoindex.dom"], first["ecoindex.requests"], first["ecoindex.size"]) == (850, 70, 1900)
    assert second["ecoindex"] == 54.0 and math.isnan(second["ecoindex.dom"])


# --- YAML with sections in files; folders --------------------------------------------------------

def test_section_given_as_a_path_relative_to_the_yaml(tmp_path, write, factors, monkeypatch):
    write("collectivite/data/postes.csv", "category;quantity;lifespan\nportable;3;5 ans\nlaptop;1;1,800\n")
    write("collectivite/inv.yaml", "year: 2024\ndevices: data/postes.csv\nhosting:\n  - category: serveur\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert problems("../collectivite/inv.yaml", factors) == [
        "../collectivite/data/postes.csv:3: lifespan: ambiguous number: a comma followed by three digits "
        "could be a thousands separator (write 1800 or 1.8) (got '1,800')"]
    write("collectivite/data/postes.csv", "category;quantity;lifespan\nportable;3;5 ans\n")
    inventory = load_inventory("../collectivite/inv.yaml", factors)
    assert row(inventory, "devices")["lifespan"] == 5.0
    assert list(inventory.locations["devices"]) == ["../collectivite/data/postes.csv:2"]
    assert list(inventory.sections["hosting"]["category"]) == ["rack_server"]


def test_section_given_as_an_xlsx_file(tmp_path, write, factors):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "devices"
    sheet.append(["category", "quantity", "lifespan"])
    sheet.append(["laptop", 3, "60 mois"])
    workbook.save(tmp_path / "parc.xlsx")
    inventory = load_inventory(write("inv.yaml", "year: 2024\ndevices: parc.xlsx\n"), factors)
    assert row(inventory, "devices")["lifespan"] == 5.0
    assert list(inventory.locations["devices"]) == [f"{tmp_path / 'parc.xlsx'}[devices]:2"]


def test_folder_of_csv_files(tmp_path, write, factors):
    write("inv/organisation.csv", "key,value\nyear,2024\nname,Commune X\nkind,commune\npopulation,2040\n"
                                  "country,BE\n")
    write("inv/devices.csv", "category,quantity\nlaptop,4\n")
    write("inv/services.csv", "category,page_views,page_weight\nwebsite,21500,\"1,8 Mo\"\n")
    inventory = load_inventory(tmp_path / "inv", factors)
    assert inventory.year == 2024
    assert inventory.organisation == model.Organisation(name="Commune X", kind="commune", population=2040.0,
                                                        country="BE")
    assert row(inventory, "devices")["country"] == "BE"
    assert row(inventory, "services")["page_weight"] == 1.8


def test_folder_problems_name_each_file(tmp_path, write, factors):
    write("inv/organisation.csv", "key,value\nyear,2024\nkind,comune\n")
    write("inv/devices.csv", "category,quantity\nlaptop,0\n")
    write("inv/devises.csv", "category\nlaptop\n")
    folder = tmp_path / "inv"
    assert problems(folder, factors) == [
        f"{folder / 'devises.csv'}: unexpected file in an inventory folder (did you mean 'devices'?)",
        f"{folder / 'organisation.csv'}:3: organisation.kind: unknown kind (got 'comune') (did you mean 'commune'?)",
        f"{folder / 'devices.csv'}:2: quantity: must be greater than 0 (got 0)",
    ]


# --- XLSX ------------------------------------------------------------------------------------------

def workbook_file(path, sheets: dict[str, list[list]]):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for values in rows:
            sheet.append(values)
    workbook.save(path)
    return path


def test_xlsx_workbook(tmp_path, factors):
    path = workbook_file(tmp_path / "inv.xlsx", {
        "instructions": [["Lisez-moi"], ["n'importe quoi"]],
        "organisation": [["key", "value"], ["year", 2024], ["name", "Ville X"], ["agents", 350]],
        "devices": [["category", "quantity", "lifespan", "purchase_year", "model"],
                    ["laptop", 95, "6 years", 2022, 5440], [None, None, None, None, None],
                    ["écran", 12.5, 8, "2020", "P2422H"]],
        "hosting": [["category", "electricity", "pue"], ["rack_server", "1800 kWh/an", 1.8]],
    })
    inventory = load_inventory(path, factors)
    assert inventory.year == 2024 and inventory.organisation.name == "Ville X"
    assert inventory.organisation.agents == 350.0
    laptop, monitor = row(inventory, "devices", 0), row(inventory, "devices", 1)
    assert (laptop["quantity"], laptop["lifespan"], laptop["purchase_year"], laptop["model"]) == (95, 6, 2022, "5440")
    assert (monitor["category"], monitor["quantity"], monitor["lifespan"], monitor["purchase_year"]) == \
        ("monitor", 12.5, 8.0, 2020.0)
    assert row(inventory, "hosting")["electricity"] == 1800.0
    assert list(inventory.locations["devices"]) == [f"{path}[devices]:2", f"{path}[devices]:4"]


def test_xlsx_problems_give_sheet_and_row(tmp_path, factors):
    path = workbook_file(tmp_path / "inv.xlsx", {
        "organisation": [[], ["key", "value"], ["year", 2024]],
        "devices": [["category", "quantity"], ["laptop", 1], [None, None], ["laptpo", 2]],
    })
    assert problems(path, factors) == [
        f"{path}[devices]:4: category: unknown category (got 'laptpo') (did you mean 'laptop'?)"]


def test_single_sheet_workbook_is_a_bare_table(tmp_path, factors):
    path = workbook_file(tmp_path / "export.xlsx", {"Feuil1": [["category", "quantity"], ["laptop", 3],
                                                               ["rack_server", 1]]})
    inventory = load_inventory(path, factors, year=2024)
    assert len(inventory.sections["devices"]) == 1 and len(inventory.sections["hosting"]) == 1
