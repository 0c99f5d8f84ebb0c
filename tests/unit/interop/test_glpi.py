"""GLPI import: exports of GLPI 10 and 11 (FR/EN), glpi-agent JSON, rules of GLPI.md §5.

Fixtures in tests/fixtures/glpi/ are hand-written exports of a fictional commune, one per
list, each carrying gotchas of GLPI.md §6 (commented line by line in its README). Small
special cases are written inline into tmp_path.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from sobriete.errors import InputErrors
from sobriete.io.factor_files import load_factors
from sobriete.interop import glpi
from sobriete.io.inventory import load_inventory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "glpi"
COMPUTERS = FIXTURES / "ordinateurs-glpi10-fr.csv"
MONITORS = FIXTURES / "moniteurs-glpi11-en.csv"
PHONES = FIXTURES / "telephones-glpi10-en.csv"
PRINTERS = FIXTURES / "imprimantes-glpi11-fr.csv"
NETWORK = FIXTURES / "reseau-glpi10-fr.csv"
PERIPHERALS = FIXTURES / "peripheriques-glpi11-en.csv"
LAPTOP_JSON = FIXTURES / "poste-portable-agent.json"
VM_JSON = FIXTURES / "vm-agent.json"
CSV_FILES = [COMPUTERS, MONITORS, PHONES, PRINTERS, NETWORK, PERIPHERALS]
ALL_FILES = CSV_FILES + [LAPTOP_JSON, VM_JSON]
AGENT_SAMPLE = Path("/work/shared/data/glpi-samples/glpi-agent-1.17_computer_networkportwifi.json")
FIXES = ['Other=desktop', 'Traceur=printer', 'Fax=exclude', 'Docking station=exclude']


@pytest.fixture(scope="module")
def shipped():
    return load_factors()


@pytest.fixture(scope="module")
def result(shipped):
    """Every fixture, no mapping: four rows stay unclassified."""
    return glpi.import_glpi(ALL_FILES, shipped, year=2024)


@pytest.fixture(scope="module")
def fixed(shipped):
    mapping = glpi.parse_type_mappings(FIXES, None, shipped)
    return glpi.import_glpi(ALL_FILES, shipped, year=2024, mapping=mapping)


def where(decisions):
    return [(Path(d.row.file).name, d.row.line) for d in decisions]


def decision(res, file: Path, line: int):
    found = [d for d in res.decisions if d.row.file == str(file) and d.row.line == line]
    assert len(found) == 1, (file, line)
    return found[0]


def line_named(res, section, name):
    found = [line for line in res.lines.get(section, []) if line.get("name") == name]
    assert len(found) == 1, name
    return found[0]


# --- what is imported, excluded, unclassified --------------------------------------------------

def test_every_row_is_accounted_for(result):
    assert len(result.decisions) == 63 == sum(i.rows for i in result.files)
    assert (len(result.imported), len(result.excluded), len(result.unclassified)) == (40, 19, 4)


def test_imported_per_category(result):
    assert result.imported_by_category() == {
        ("devices", "laptop"): 7, ("devices", "desktop"): 4, ("devices", "all_in_one"): 3,
        ("devices", "thin_client"): 1, ("devices", "monitor"): 5, ("devices", "television"): 1,
        ("devices", "interactive_display"): 1, ("devices", "smartphone"): 3, ("devices", "desk_phone"): 2,
        ("devices", "printer"): 3, ("devices", "multifunction_printer"): 2, ("devices", "projector"): 1,
        ("devices", "external_storage"): 1,
        ("hosting", "rack_server"): 1, ("hosting", "network_switch"): 2, ("hosting", "firewall"): 1,
        ("hosting", "wifi_access_point"): 1, ("hosting", "router"): 1,
    }


def test_excluded_per_reason_with_line_numbers(result):
    reasons = {reason: where(members) for reason, members in result.excluded_by_reason().items()}
    assert reasons == {
        "status": [("ordinateurs-glpi10-fr.csv", 6), ("ordinateurs-glpi10-fr.csv", 16),
                   ("ordinateurs-glpi10-fr.csv", 23), ("moniteurs-glpi11-en.csv", 7),
                   ("telephones-glpi10-en.csv", 6), ("imprimantes-glpi11-fr.csv", 6),
                   ("reseau-glpi10-fr.csv", 7)],
        "decommissioned": [("ordinateurs-glpi10-fr.csv", 18)],
        "after_year": [("ordinateurs-glpi10-fr.csv", 17)],
        "virtual": [("ordinateurs-glpi10-fr.csv", 7), ("ordinateurs-glpi10-fr.csv", 8),
                    ("ordinateurs-glpi10-fr.csv", 24), ("vm-agent.json", 11)],
        "panel": [("moniteurs-glpi11-en.csv", 4), ("moniteurs-glpi11-en.csv", 5),
                  ("poste-portable-agent.json", 23)],
        "accessory": [("peripheriques-glpi11-en.csv", 2), ("peripheriques-glpi11-en.csv", 3)],
        "duplicate": [("moniteurs-glpi11-en.csv", 9)],
    }
    statuses = sorted(d.detail for d in result.excluded_by_reason()["status"])
    assert statuses == ["Au rebut", "Hors service", "Hors service > Au rebut",
                        "Hors service > En attente DEEE", "Lost", "Retired", "Réformé"]
    assert decision(result, MONITORS, 9).detail == f"serial 'CN0ABC123', as {MONITORS}:2"


def test_unclassified_rows_are_named_never_defaulted(result, shipped):
    assert [(Path(d.row.file).name, d.row.line, d.key) for d in result.unclassified] == [
        ("ordinateurs-glpi10-fr.csv", 14, "Other"),
        ("telephones-glpi10-en.csv", 8, "Fax"),
        ("imprimantes-glpi11-fr.csv", 5, "Traceur"),
        ("peripheriques-glpi11-en.csv", 6, "Docking station"),
    ]
    assert all(d.category is None for d in result.unclassified)
    assert not any(line.get("name") in ("PC-ATELIER", "TRACEUR-URBA", "Fax accueil", "DOCK-DG-01")
                   for lines in result.lines.values() for line in lines)
    report = glpi.format_report(result, shipped)
    assert f"  {COMPUTERS}:14: Type 'Other' (no Model, manufacturer 'To Be Filled By O.E.M.', " \
           "name 'PC-ATELIER'; Computers)" in report
    options = [s[0] for s in glpi.mapping_suggestions(result, shipped)]
    assert options == ['--map-type "Docking station=CATEGORY"', '--map-type "Fax=CATEGORY"',
                       '--map-type "Other=CATEGORY"', '--map-type "Traceur=CATEGORY"']
    assert report[-1] == "Total: 63 rows = 40 imported + 19 excluded + 4 unclassified"


def test_map_type_classifies_or_excludes_the_unclassified(fixed):
    assert fixed.unclassified == []
    assert decision(fixed, COMPUTERS, 14).category == "desktop"
    assert decision(fixed, COMPUTERS, 14).how == "mapping 'Other' (--map-type)"
    assert decision(fixed, PRINTERS, 5).category == "printer"
    assert [(Path(d.row.file).name, d.row.line) for d in fixed.excluded_by_reason()["mapped"]] == [
        ("telephones-glpi10-en.csv", 8), ("peripheriques-glpi11-en.csv", 6)]
    # 'Other' + OptiPlex 3000 is told by its model: a mapping of 'Other' does not override it
    assert decision(fixed, COMPUTERS, 26).how == "model 'OptiPlex 3000' (vendor family)"
    assert (len(fixed.imported), len(fixed.excluded)) == (42, 21)
    assert fixed.unused_mappings == []


def test_mapping_file_and_unused_mapping_note(shipped, tmp_path):
    mapping_file = tmp_path / "types.yaml"
    mapping_file.write_text("Other: PC fixe\nTraceur: imprimante\nFax: exclure\n"
                            "Docking station: ignore\nTablette Android: tablet\n", encoding="utf-8")
    mapping = glpi.parse_type_mappings(["Traceur=multifunction_printer"], mapping_file, shipped)
    res = glpi.import_glpi(ALL_FILES, shipped, year=2024, mapping=mapping)
    assert res.unclassified == []
    assert decision(res, COMPUTERS, 14).category == "desktop"  # 'PC fixe' is an alias of desktop
    assert decision(res, PRINTERS, 5).category == "multifunction_printer"  # --map-type wins
    assert res.unused_mappings == ["Tablette Android"]
    assert any("'Tablette Android' was not used" in note for note in res.notes)


def test_bad_mappings_are_input_errors(shipped, tmp_path):
    with pytest.raises(InputErrors) as caught:
        glpi.parse_type_mappings(["Other=deskop", "Portable", "Cloud=cloud_vm"], None, shipped)
    messages = [str(p) for p in caught.value.problems]
    assert "did you mean 'desktop'?" in messages[0]
    assert "expected TYPE=category" in messages[1]
    assert "unknown equipment category" in messages[2]
    bad = tmp_path / "bad.yaml"
    bad.write_text("Other: desktop\nTraceur: [printer]\n", encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        glpi.parse_type_mappings([], bad, shipped)
    assert str(caught.value.problems[0]).startswith(f"{bad}:2: type 'Traceur': expected a category")


# --- categories, merging, years, sites, services --------------------------------------------------

def test_types_in_every_spelling_and_models(result):
    expected = {
        2: "laptop", 4: "desktop", 9: "laptop", 10: "all_in_one", 11: "thin_client", 12: "all_in_one",
        13: "all_in_one", 15: "rack_server", 19: "laptop", 21: "laptop", 22: "laptop", 25: "desktop",
        26: "desktop",
    }
    assert {line: decision(result, COMPUTERS, line).category for line in expected} == expected
    assert decision(result, COMPUTERS, 9).how == "model 'MacBookPro18,3' (apple)"
    assert decision(result, COMPUTERS, 10).how == "model 'iMac21,1' (apple)"
    assert decision(result, COMPUTERS, 26).how == "model 'OptiPlex 3000' (vendor family)"
    assert decision(result, COMPUTERS, 15).section == "hosting"
    assert decision(result, PHONES, 3).category == "smartphone"  # empty Type, iPhone model
    assert decision(result, PHONES, 7).category == "smartphone"  # 'Portable' in the Phones list
    assert decision(result, PRINTERS, 4).category == "multifunction_printer"  # SNMP 'Printer' + MFP model
    assert decision(result, PRINTERS, 8).how == "Printers list, no Type"
    assert decision(result, MONITORS, 6).category == "television"
    assert [decision(result, NETWORK, n).category for n in (2, 4, 5, 6)] == [
        "network_switch", "firewall", "wifi_access_point", "router"]


def test_identical_assets_are_merged_with_a_quantity(result):
    devices = result.lines["devices"]
    accueil = line_named(result, "devices", "Poste accueil")
    assert accueil == {"category": "desktop", "quantity": 2, "purchase_year": 2021, "service": "Accueil",
                       "site": "Hôtel de ville", "model": "Lenovo ThinkCentre M70q", "name": "Poste accueil",
                       "notes": "GLPI ordinateurs-glpi10-fr.csv:4,5"}
    dg = [line for line in devices if line.get("notes") == "GLPI ordinateurs-glpi10-fr.csv:2,3"]
    assert dg == [{"category": "laptop", "quantity": 2, "purchase_year": 2023,
                   "service": "Direction générale", "site": "Hôtel de ville", "model": "Dell Latitude 5440",
                   "notes": "GLPI ordinateurs-glpi10-fr.csv:2,3"}]  # names differ: none kept
    assert line_named(result, "devices", "DELL P2419H")["quantity"] == 2
    switches = [line for line in result.lines["hosting"] if line["category"] == "network_switch"]
    assert [line["quantity"] for line in switches] == [2]
    assert sum(line["quantity"] for lines in result.lines.values() for line in lines) == 40
    assert result.line_count == 34


def test_keep_assets_gives_one_line_per_asset(shipped):
    mapping = glpi.parse_type_mappings(FIXES, None, shipped)
    res = glpi.import_glpi(ALL_FILES, shipped, year=2024, mapping=mapping, keep_assets=True)
    assert res.line_count == len(res.imported) == 42
    pc = line_named(res, "devices", "PC-DG-02")
    assert pc["quantity"] == 1 and pc["notes"] == "GLPI ordinateurs-glpi10-fr.csv:3, serial 8XK2L32"


def test_purchase_year_from_purchase_then_commissioning_date(result):
    bought, commissioned = decision(result, COMPUTERS, 2), decision(result, COMPUTERS, 10)
    assert (bought.purchase_year, bought.year_from) == (2023, "buy_date")
    assert (commissioned.purchase_year, commissioned.year_from) == (2021, "use_date")
    assert decision(result, COMPUTERS, 22).purchase_year is None
    assert decision(result, PHONES, 5).purchase_year == 2019  # m-d-Y 'Startup date' only
    assert decision(result, PHONES, 4).purchase_year == 2020
    assert decision(result, MONITORS, 12).purchase_year == 2024
    formats = {Path(i.label).name: i.date_format for i in result.files}
    assert formats == {"ordinateurs-glpi10-fr.csv": "d-m-Y", "moniteurs-glpi11-en.csv": "Y-m-d",
                       "telephones-glpi10-en.csv": "m-d-Y", "imprimantes-glpi11-fr.csv": "d-m-Y",
                       "reseau-glpi10-fr.csv": "Y-m-d", "peripheriques-glpi11-en.csv": "Y-m-d",
                       "poste-portable-agent.json": None, "vm-agent.json": None}
    assert any("imprimantes-glpi11-fr.csv: dates read as day-month-year" in n for n in result.notes)


def test_site_service_and_name(result):
    d = decision(result, COMPUTERS, 2)
    assert (d.site, d.service, d.name, d.model) == ("Hôtel de ville", "Direction générale", "PC-DG-01",
                                                     "Dell Latitude 5440")
    assert decision(result, COMPUTERS, 11).name is None  # '(1187)': GLPI's id for an empty name
    assert decision(result, PHONES, 2).name == "iPhone-DG"  # 'Show GLPI ID': 'iPhone-DG (201)'
    assert decision(result, PHONES, 2).service is None  # single entity: no Entity column
    assert decision(result, MONITORS, 10).site == "Jules Ferry school"
    assert decision(result, MONITORS, 8).name == 'Screen "council room", 27 in'  # GLPI 11 "" and ','
    assert decision(result, PRINTERS, 7).name == 'Imprimante "badges" accueil'
    assert decision(result, MONITORS, 2).model == "DELL P2419H"  # agent monitor: the name is the model
    assert decision(result, PERIPHERALS, 4).service == "General management"


def test_real_line_numbers_after_multiline_cells(result):
    # a two-line comment on line 19 (GLPI 10, LF) and on line 10 (GLPI 11, CRLF)
    assert decision(result, COMPUTERS, 21).row.get("name") == "PC-STOCK-01"
    assert decision(result, MONITORS, 12).row.get("name") == "MON-URBA-01"
    assert [r.line for r in glpi.read_rows(COMPUTERS)[0]][-3:] == [24, 25, 26]


def test_notes_in_the_report(result):
    assert any("1 asset(s) in stock are counted" in n for n in result.notes)
    assert any("peripheriques-glpi11-en.csv: no purchase, delivery or commissioning date column" in n
               for n in result.notes)


# --- glpi-agent JSON ----------------------------------------------------------------------------------

@pytest.mark.skipif(not AGENT_SAMPLE.is_file(), reason="shared glpi-agent sample not available")
def test_agent_sample_is_one_laptop_without_purchase_year(shipped):
    res = glpi.import_glpi([AGENT_SAMPLE], shipped, year=2024)
    assert len(res.decisions) == 1 and res.unclassified == [] and res.excluded == []
    (d,) = res.imported
    assert (d.category, d.purchase_year, d.model, d.name, d.how) == (
        "laptop", None, "Dell Latitude 5340", "wifi-test", "Type 'Convertible'")
    assert d.row.line == 40  # the line of "chassis_type"
    assert res.lines == {"devices": [{"category": "laptop", "quantity": 1, "model": "Dell Latitude 5340",
                                      "name": "wifi-test",
                                      "notes": f"GLPI {AGENT_SAMPLE.name}:40"}]}


def test_agent_json_laptop_monitors_and_vm(shipped):
    res = glpi.import_glpi([LAPTOP_JSON, VM_JSON], shipped, year=2024)
    assert [(d.row.line, d.outcome, d.category or d.reason) for d in res.decisions] == [
        (15, "imported", "laptop"), (23, "excluded", "panel"), (29, "imported", "monitor"),
        (11, "excluded", "virtual")]
    assert decision(res, LAPTOP_JSON, 29).model == "iiyama PL2480H"


def test_partial_agent_inventory_is_excluded(shipped, tmp_path):
    path = tmp_path / "partial.json"
    path.write_text('{"deviceid": "x", "itemtype": "Computer", "partial": true,\n'
                    ' "content": {"versionclient": "GLPI-Agent_v1.7", "hardware": {"chassis_type": "Laptop"}}}',
                    encoding="utf-8")
    res = glpi.import_glpi([path], shipped, year=2024)
    assert [(d.outcome, d.reason, d.row.line) for d in res.decisions] == [("excluded", "partial", 2)]


# --- the inventory written ----------------------------------------------------------------------------

def test_written_inventory_loads_and_validates(fixed, shipped, tmp_path):
    text = glpi.inventory_text(fixed, shipped, generated_on=date(2025, 1, 15))
    assert text.startswith("# Generated by `sobriete import glpi` on 2025-01-15 from:\n"
                           f"#   {COMPUTERS} — GLPI 10 CSV (BOM, ';', LF, trailing separator), Computers, 24 rows")
    assert f"#   {PHONES} — GLPI 10 CSV (BOM, ';', LF, trailing separator), Phones, 7 rows" in text
    path = tmp_path / "inventaire.yaml"
    path.write_text(text, encoding="utf-8")
    inventory = load_inventory(path, shipped)
    assert inventory.year == 2024
    devices, hosting = inventory.sections["devices"], inventory.sections["hosting"]
    assert len(devices) + len(hosting) == fixed.line_count
    assert devices["quantity"].sum() + hosting["quantity"].sum() == 42
    counts = Counter()
    for frame in (devices, hosting):
        for category, quantity in zip(frame["category"], frame["quantity"]):
            counts[category] += quantity
    assert counts["laptop"] == 7 and counts["desktop"] == 5 and counts["rack_server"] == 1
    assert counts["printer"] == 4
    accueil = devices[devices["name"] == "Poste accueil"].iloc[0]
    assert (accueil["quantity"], accueil["purchase_year"], accueil["site"], accueil["service"]) == (
        2.0, 2021.0, "Hôtel de ville", "Accueil")


def test_year_decides_what_counts(shipped):
    res = glpi.import_glpi([COMPUTERS], shipped, year=2025)
    assert decision(res, COMPUTERS, 17).outcome == "imported"  # bought 15-02-2025
    assert decision(res, COMPUTERS, 18).reason == "decommissioned"
    res = glpi.import_glpi([COMPUTERS], shipped, year=2023)
    assert decision(res, COMPUTERS, 18).outcome == "imported"  # decommissioned during 2023
    assert decision(res, COMPUTERS, 19).reason == "after_year"  # bought 01-02-2024


# --- file formats and gotchas (inline files) ------------------------------------------------------------

def write(tmp_path, name, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_blank_line_before_header_no_bom_url_suffix_and_cp1252(shipped, tmp_path):
    text = ('\n"Nom";"Statut";"Type";"Modèle";"Date d\'achat";\n'
            '"PC-01 [https://glpi.example.org/front/computer.form.php?id=1]";"En service";"Portable";'
            '"Latitude 5440";"2022-04-01";\n'
            '"PC-02";"En réparation";"PC fixe";"OptiPlex 7010";"2021-04-01";\n')
    path = write(tmp_path, "ordinateurs.csv", text.encode("cp1252"))
    rows, info = glpi.read_rows(path)
    assert [r.line for r in rows] == [3, 4]
    assert rows[0].get("name") == "PC-01"
    assert info.itemtype == "computer" and info.itemtype_from == "the file name"
    assert any("read as cp1252" in n for n in info.notes)
    assert any("1 blank line(s) before the header" in n for n in info.notes)
    res = glpi.import_glpi([path], shipped, year=2024)
    assert [d.category for d in res.imported] == ["laptop", "desktop"]  # 'En réparation' is kept


def test_glpi10_double_apostrophes_stay_literal_and_br_values(shipped, tmp_path):
    text = ('"Name";"Type";"Model";"Location";\n'
            '"PC 14\'\' écran";"Laptop<br>Laptop";"Latitude 5440";"Town hall > Ground floor";\n')
    path = write(tmp_path, "computers.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    res = glpi.import_glpi([path], shipped, year=2024)
    (d,) = res.imported
    assert (d.name, d.category, d.site) == ("PC 14'' écran", "laptop", "Town hall")


def test_xlsx_export_of_glpi11(shipped, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Entité", "Statut", "Type", "Modèle",
                  "Informations financières et administratives - Date d'achat"])
    sheet.append(["PC-01", "Entité racine > Mairie > CCAS", "En service", "Portable", "ProBook 450 G9",
                  datetime(2022, 5, 3)])
    sheet.append(["PC-02", "Entité racine > Mairie > CCAS", "Au rebut", "Portable", "ProBook 450 G1",
                  "2014-05-03"])
    sheet.append([None] * 6)
    sheet.append(["PC-03", "Entité racine > Mairie", "En service", "Tour", "OptiPlex 7010", "03-05-2020"])
    path = tmp_path / "glpi.xlsx"
    workbook.save(path)
    res = glpi.import_glpi([path], shipped, year=2024)
    assert [(d.row.line, d.outcome, d.category or d.reason, d.purchase_year, d.service)
            for d in res.decisions] == [(2, "imported", "laptop", 2022, "CCAS"),
                                        (3, "excluded", "status", None, None),
                                        (5, "imported", "desktop", 2020, "Mairie")]


def test_unknown_list_uses_itemtype_option(shipped, tmp_path):
    text = '"Nom";"Type";"Modèle";\n"ECR-01";"";"P2419H";\n"ECR-02";"";"P2419H";\n'
    path = write(tmp_path, "glpi.csv", text.encode("utf-8"))
    res = glpi.import_glpi([path], shipped, year=2024)
    assert len(res.unclassified) == 2
    assert any("could not tell which GLPI list" in n for n in res.notes)
    res = glpi.import_glpi([path], shipped, year=2024, itemtype="moniteurs")
    assert [d.category for d in res.imported] == ["monitor", "monitor"]
    assert res.files[0].itemtype_from == "--itemtype"


def test_current_page_export_is_flagged(shipped, tmp_path):
    rows = "".join(f'"PC-{i:02}";"Laptop";"Latitude 5440";\n' for i in range(15))
    path = write(tmp_path, "ordinateurs.csv", ('"Nom";"Type";"Modèle";\n' + rows).encode("utf-8"))
    res = glpi.import_glpi([path], shipped, year=2024)
    assert any("exactly 15 rows" in n and "All pages" in n for n in res.notes)


@pytest.mark.parametrize("content, message, row", [
    ('"Nom";"Type";"Modèle";\n"PC";"Laptop";"X";"extra";"more";\n', "5 values on this line but 3 columns", 2),
    ('"Nom";"Type";"Modèle"\n"PC";"Laptop";"X\n"PC2";"Laptop";"Y"\n', "broken CSV", 2),
    ('"Nom";"Entité";"Statut";"Type d\'élément";\n"PC";"Mairie";"En service";"Ordinateur";\n',
     "no 'Type' or 'Modèle'/'Model' column", 1),
])
def test_broken_files_are_input_errors_with_lines(shipped, tmp_path, content, message, row):
    path = write(tmp_path, "ordinateurs.csv", content.encode("utf-8"))
    with pytest.raises(InputErrors) as caught:
        glpi.import_glpi([path], shipped, year=2024)
    problem = caught.value.problems[0]
    assert message in str(problem) and problem.row == row


def test_same_export_twice_is_refused(shipped, tmp_path):
    copy = write(tmp_path, "copie.csv", PHONES.read_bytes())
    with pytest.raises(InputErrors) as caught:
        glpi.import_glpi([PHONES, copy], shipped, year=2024)
    assert "the same export given twice" in str(caught.value)
    with pytest.raises(InputErrors):
        glpi.import_glpi([PHONES, PHONES], shipped, year=2024)


@pytest.mark.parametrize("status, retired", [
    ("Au rebut", True), ("Hors service > Au rebut", True), ("Réformé", True), ("REFORME", True),
    ("HS", True), ("DEEE", True), ("Volé", True), ("Perdu", True), ("Donné à une association", True),
    ("Restitué au loueur", True), ("Retired", True), ("Stolen", True),
    ("En service", False), ("En stock", False), ("En panne", False), ("En réparation", False),
    ("Prêt", False), ("", False), ("In use", False), ("Service > Accueil", False),
])
def test_retired_statuses(status, retired):
    assert glpi.is_retired(status) is retired


@pytest.mark.parametrize("itemtype, kind, model_name, category", [
    ("computer", "PORTABLE", "", "laptop"), ("computer", "unite centrale", "", "desktop"),
    ("computer", "CLIENT LEGER", "", "thin_client"), ("computer", "Tout-en-un", "", "all_in_one"),
    ("computer", "All In One", "", "all_in_one"), ("computer", "Mini Tower", "", "desktop"),
    ("computer", "Sub Notebook", "", "laptop"), ("computer", "Space-saving", "", "desktop"),
    ("computer", "Main Server Chassis", "", "rack_server"), ("computer", "Serveur lame", "", "blade_server"),
    ("computer", "Tablette", "", "tablet"), ("computer", "", "MacBookAir10,1", "laptop"),
    ("computer", "", "Macmini9,1", "desktop"), ("computer", "Unknown", "OptiPlex 7410 All-in-One", "all_in_one"),
    ("computer", "", "ProLiant DL360 Gen10", "rack_server"), (None, "Laptop", "", "laptop"),
    ("monitor", "Téléviseur", "", "television"), ("monitor", "", "", "monitor"),
    ("phone", "Téléphone fixe", "", "desk_phone"), ("phone", "Portable", "", "smartphone"),
    ("printer", "Multifonction", "", "multifunction_printer"), ("printer", "Jet d'encre", "", "printer"),
    ("networkequipment", "Pare-feu", "", "firewall"),
    ("networkequipment", "Networking", "SG350-28", "network_switch"),
    ("peripheral", "Clé USB", "", "usb_key"),
])
def test_category_from_type_and_model(shipped, itemtype, kind, model_name, category):
    row = glpi.Row("f.csv", 2, itemtype, {"type": kind, "model": model_name})
    outcome, value, _, _ = glpi.Classifier(shipped, glpi.TypeMapping())(row)
    assert (outcome, value) == ("imported", category)


@pytest.mark.parametrize("values, fmt, assumed", [
    (["2021-03-15", "2020-01-02 10:00"], "Y-m-d", False),
    (["15-03-2021", "01-02-2020"], "d-m-Y", False),
    (["03-15-2021", "01-02-2020"], "m-d-Y", False),
    (["05-06-2021", "01-02-2020"], "d-m-Y", True),
    (["", "n/a"], None, False),
])
def test_date_format_detection(values, fmt, assumed):
    assert glpi.date_format_of(values) == (fmt, assumed)


# --- the command ------------------------------------------------------------------------------------------

def run(args):
    from click.testing import CliRunner

    from sobriete.cli.main import cli

    return CliRunner().invoke(cli, ["import", "glpi", *args])


def test_cli_unclassified_rows_exit_2_and_write_nothing(tmp_path):
    output = tmp_path / "inventaire.yaml"
    result = run([str(p) for p in ALL_FILES] + ["--output", str(output), "--year", "2024"])
    assert result.exit_code == 2
    assert not output.exists()
    lines = result.stderr.splitlines()
    assert lines[0] == "GLPI import — reporting year 2024"
    assert '    --map-type "Other=CATEGORY"   (1 row; one of: laptop, desktop, all_in_one, thin_client, ' \
           'tablet, smartphone, rack_server, tower_server, blade_server, exclude)' in lines
    assert lines[-1].startswith("nothing written: 4 unclassified rows")
    assert "Traceback" not in result.stderr


def test_cli_with_map_type_writes_a_valid_inventory(tmp_path):
    from click.testing import CliRunner

    from sobriete.cli.main import cli

    output = tmp_path / "out" / "inventaire.yaml"
    args = [str(p) for p in ALL_FILES] + ["--output", str(output), "--year", "2024"]
    for fix in FIXES:
        args += ["--map-type", fix]
    result = run(args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"wrote {output}: 36 lines for 42 assets, year 2024")
    assert "Total: 63 rows = 42 imported + 21 excluded + 0 unclassified" in result.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith(f"# Generated by `sobriete import glpi` on {date.today().isoformat()} from:")
    valid = CliRunner().invoke(cli, ["validate", str(output)])
    assert valid.exit_code == 0 and "valid (2024; 31 devices, 5 hosting)" in valid.stdout
    footprint = CliRunner().invoke(cli, ["footprint", str(output), "--format", "json"])
    assert footprint.exit_code == 0, footprint.stderr


def test_cli_mapping_file_and_keep_assets(tmp_path):
    mapping = tmp_path / "types.yaml"
    mapping.write_text("".join(f"{k}: {v}\n" for k, v in (f.split("=") for f in FIXES)), encoding="utf-8")
    output = tmp_path / "inventaire.yaml"
    result = run([str(p) for p in ALL_FILES] + ["--output", str(output), "--year", "2024",
                                                 "--mapping", str(mapping), "--keep-assets"])
    assert result.exit_code == 0, result.stderr
    assert "42 lines for 42 assets" in result.stdout


@pytest.mark.parametrize("extra, message", [
    ([], "--year is required"),
    (["--year", "1900"], "--year must be from 1990 to 2100"),
    (["--year", "2024", "--itemtype", "fax"], "unknown --itemtype 'fax'"),
    (["--year", "2024", "--map-type", "Other=deskop"], "did you mean 'desktop'?"),
])
def test_cli_usage_errors_exit_2(tmp_path, extra, message):
    result = run([str(PHONES), "--output", str(tmp_path / "inv.yaml"), *extra])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "inv.yaml").exists()


def test_cli_never_overwrites_an_input(tmp_path):
    source = write(tmp_path, "telephones.yaml", PHONES.read_bytes())
    result = run([str(source), "--output", str(source), "--year", "2024"])
    assert result.exit_code == 2 and "is one of the input files" in result.stderr
    assert source.read_bytes() == PHONES.read_bytes()
    result = run([str(PHONES), "--output", str(tmp_path / "inv.csv"), "--year", "2024"])
    assert result.exit_code == 2 and "--output must be a .yaml file" in result.stderr


def test_cli_missing_file_exit_2(tmp_path):
    result = run([str(tmp_path / "absent.csv"), "--output", str(tmp_path / "inv.yaml"), "--year", "2024"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'absent.csv'}: file not found"


def test_cli_help_has_an_example():
    result = run(["--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "--map-type" in result.output and "exclude" in result.output


def test_a_model_can_be_mapped_when_its_type_is_not(shipped, tmp_path):
    text = ('"Nom";"Type";"Modèle";"Date d\'achat";\n'
            '"PC-1";"Other";"ThinkCentre M70q";"01-01-1970";\n'
            '"PC-2";"Station d\'accueil";"WD19S";"2021-03-02";\n')
    path = write(tmp_path, "ordinateurs.csv", text.encode("utf-8"))
    mapping = glpi.parse_type_mappings(["ThinkCentre M70q=desktop", "Station d'accueil=exclude"], None, shipped)
    res = glpi.import_glpi([path], shipped, year=2024, mapping=mapping)
    assert [(d.outcome, d.category or d.reason) for d in res.decisions] == [
        ("imported", "desktop"), ("excluded", "mapped")]
    assert res.unused_mappings == []
    assert res.imported[0].purchase_year is None  # 1970: a placeholder date, reported
    assert any("line 2: purchase date '01-01-1970'" in n for n in res.notes)


def test_mapping_precedence(shipped, tmp_path):
    """A Model mapping wins; a telling Type's mapping beats the built-in names; a mapping of a
    Type that says nothing ('Other') never overrides a model that tells the kind."""
    text = ('"Nom";"Type";"Modèle";\n'
            '"A";"Other";"Latitude 5440";\n'
            '"B";"Other";"";\n'
            '"C";"Portable";"Surface Go 3";\n'
            '"D";"";"MacBookPro18,3";\n'
            '"E";"Networking";"Catalyst 9200L";\n'
            '"F";"Portable";"";\n')
    path = write(tmp_path, "ordinateurs.csv", text.encode("utf-8"))
    mapping = glpi.parse_type_mappings(["Other=desktop", "Portable=laptop", "Surface Go 3=tablet",
                                        "MacBookPro18,3=exclude", "Networking=router"], None, shipped)
    res = glpi.import_glpi([path], shipped, year=2024, mapping=mapping)
    assert [d.category or d.reason for d in res.decisions] == [
        "laptop", "desktop", "tablet", "mapped", "network_switch", "laptop"]
    assert res.decisions[5].how == "mapping 'Portable' (--map-type)"
    assert res.unused_mappings == ["Networking"]  # the Catalyst model told the kind


@pytest.mark.parametrize("data, message", [
    ('"Nom";"Type";"Modèle";\n'.encode("utf-8"), "no asset in this export, only its header"),
    (b"\x00\x01\x02binary", "binary file, not a GLPI export"),
    (b"%PDF-1.4\n", "a PDF export cannot be read"),
    (b"ID;PGLPI_EXPORT\nC;Y1;X1;K\"Nom\"\n", "SYLK (.slk) exports are not read"),
    (b'{"deviceid": "x"}', "not a glpi-agent inventory"),
])
def test_files_that_are_not_glpi_exports(shipped, tmp_path, data, message):
    path = write(tmp_path, "export.csv", data)
    with pytest.raises(InputErrors) as caught:
        glpi.import_glpi([path], shipped, year=2024)
    assert message in str(caught.value)


def test_a_folder_stands_for_its_files(shipped, tmp_path):
    import shutil

    for source in (PHONES, NETWORK):
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "notes.txt").write_text("not read", encoding="utf-8")
    res = glpi.import_glpi([tmp_path], shipped, year=2024)
    assert [Path(i.label).name for i in res.files] == ["reseau-glpi10-fr.csv", "telephones-glpi10-en.csv"]
    assert len(res.decisions) == 13


# --- the package: vocabulary data, the import result -------------------------------------------------------

def test_the_vocabulary_is_data_read_once():
    from importlib import resources

    from sobriete.interop.glpi import vocabulary

    text = resources.files("sobriete.interop.glpi").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Vocabulary of the GLPI importer")
    assert vocabulary.load_vocabulary() is vocabulary.load_vocabulary()
    data = vocabulary.load_vocabulary()
    assert set(data["types"]) == set(vocabulary.ITEMTYPES) == set(vocabulary.TABLE_ORDER)
    for groups in data["types"].values():
        assert all(isinstance(name, str) for names in groups.values() for name in names)
    for key in ("accessories", "virtual_types", "placeholder_types", "placeholder_values", "exclude_words",
                "not_equipment", "own_groups", "root_entities"):
        assert data[key] and all(isinstance(name, str) for name in data[key]), key
    assert set(vocabulary.FIELD_HEADERS) >= {"name", "type", "model", "status", *vocabulary.DATE_FIELDS}
    assert vocabulary.TYPE_TABLES["computer"]["unite centrale"] == "desktop"
    assert vocabulary.MANUFACTURER_NAMES["dell inc"] == "Dell"


def test_the_import_result_carries_its_report_and_writes_itself(shipped, result, fixed, tmp_path):
    from sobriete.io.imports import ImportResult

    assert isinstance(fixed, ImportResult)
    assert fixed.report == glpi.format_report(fixed, shipped)
    assert result.refusal == ("nothing written: 4 unclassified rows; add the --map-type options above "
                              "(or a --mapping file) and run the command again")
    assert fixed.refusal is None
    target = fixed.write(tmp_path / "inventaire.yaml", generated_on=date(2025, 1, 15))
    assert target.read_text(encoding="utf-8") == glpi.inventory_text(fixed, shipped, generated_on=date(2025, 1, 15))
    assert fixed.summary("inv.yaml") == (f"wrote inv.yaml: {fixed.line_count} lines for {len(fixed.imported)} "
                                         "assets, year 2024 (check it with `sobriete validate inv.yaml`)")


def test_a_cp1252_export_is_read_with_the_shared_note(shipped, tmp_path):
    path = tmp_path / "imprimantes.csv"
    path.write_bytes(PRINTERS.read_bytes().decode("utf-8").encode("cp1252"))
    mapping = glpi.parse_type_mappings(["Traceur=printer"], None, shipped)
    res = glpi.import_glpi([path], shipped, year=2024, mapping=mapping)
    assert f"{path}: read as cp1252 (Windows) because it is not valid UTF-8" in res.notes
    utf8 = glpi.import_glpi([PRINTERS], shipped, year=2024, mapping=mapping)
    assert [d.model for d in res.imported] == [d.model for d in utf8.imported]
