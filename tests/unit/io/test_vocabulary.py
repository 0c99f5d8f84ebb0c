"""French headers, sheet names and values (DESIGN §3), extra columns, and the French XLSX template.

One vocabulary (sobriete/vocabulary.py) is read by the template writer and by the loader: what the
template offers is what the loader accepts, and a French table gives the same inventory as the
English one.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sobriete import model, vocabulary
from sobriete.cli.main import cli
from sobriete.errors import InputErrors
from sobriete.io.inventory import load_inventory
from sobriete.io.templates import TEMPLATE_COLUMNS, instruction_rows, sheet_name, template_workbook

ENGLISH = ("category,quantity,purchase_year,lifespan,ownership,refurbished,notes\n"
           "laptop,12,2021,5 years,leased,yes,\n"
           "monitor,3,2020,,owned,no,\n"
           "desktop,2,2022,,expensed,,\n")
FRENCH = ("Catégorie;Quantité;Année d’achat;DUREE DE VIE;Détention;reconditionné;commentaire;prix\n"
          "Portable;12;2021;5 ans;loué;oui;;900\n"
          "écran;3;2020;;Propriété;non;à vérifier;\n"
          "PC-Fixe;2;2022;;service;;;\n")


def frames_equal(a, b):
    for section in model.ALL_SECTIONS:
        left, right = a.sections[section], b.sections[section]
        assert list(left.columns) == list(right.columns)
        assert left.drop(columns=["notes"]).equals(right.drop(columns=["notes"])), section


def test_vocabulary_names_are_unambiguous():
    """No accepted header, section name or value names two different things."""
    seen = {}
    for field in vocabulary.FIELDS:
        for name in vocabulary.header_names(field.key):
            key = vocabulary._key(name)
            assert seen.setdefault(key, field.key) == field.key, (name, seen[key], field.key)
            assert vocabulary.canonical_header(name) == field.key
    assert set(vocabulary.FIELD_OF) >= set(model.LINE_KEYS) | set(model.PURCHASE_KEYS) | set(model.RETIRED_KEYS)
    for list_name, values in vocabulary.CHOICES.items():
        words = {}
        for id_, (label, aliases) in values.items():
            for word in (id_, label, *aliases):
                assert words.setdefault(vocabulary._key(word), id_) == id_, (list_name, word)
                assert vocabulary.choice_of(list_name, word) == id_
    assert set(vocabulary.CHOICES["ownership"]) == set(model.OWNERSHIPS)
    assert set(vocabulary.CHOICES["destination"]) == set(model.DESTINATIONS)
    assert set(vocabulary.CHOICES["origin"]) == set(model.ORIGINS)
    assert set(vocabulary.CHOICES["kind"]) == set(model.ORGANISATION_KINDS)


@pytest.mark.parametrize("list_name, word, expected", [
    ("ownership", "propriété", "owned"), ("ownership", "PROPRIETE", "owned"), ("ownership", "location", "leased"),
    ("ownership", "loué", "leased"), ("ownership", "Loue", "leased"), ("ownership", "service", "expensed"),
    ("destination", "réemploi", "reuse"), ("destination", "Don", "donation"), ("destination", "recyclage", "recycling"),
    ("destination", "DEEE", "weee"), ("origin", "reconditionné", "reuse"), ("origin", "neuf", "new"),
    ("kind", "Département", "departement"), ("kind", "intercommunalité", "epci"),
])
def test_french_values_map_to_ids(list_name, word, expected):
    assert vocabulary.choice_of(list_name, word) == expected


def test_french_table_is_the_english_table(write, factors):
    english = load_inventory(write("devices.csv", ENGLISH), factors, year=2024)
    french = load_inventory(write("fr/equipements.csv", FRENCH.encode("utf-8")), factors, year=2024)
    frames_equal(english, french)
    devices = french.sections["devices"]
    assert list(devices["category"]) == ["laptop", "monitor", "desktop"]
    assert list(devices["ownership"]) == ["leased", "owned", "expensed"]
    assert list(devices["refurbished"]) == [True, False, False]
    assert devices["lifespan"].iloc[0] == 5.0
    assert devices["notes"].iloc[1] == "à vérifier"  # `commentaire` is the notes column
    # `prix` is not an inventory key: ignored, named once in a note
    assert [str(n) for n in french.notes] == [
        f"{french.source}: column(s) 'prix' ignored: not inventory keys (--strict refuses them)"]


def test_french_retired_and_purchases(write, factors):
    retired = write("sorties.csv", "catégorie,quantité,destination\nportable,3,DEEE\nportable,2,Don\n"
                                   "écran,1,réemploi\nportable,4,recyclage\n")
    purchases = write("achats.csv", "catégorie,quantité,prix unitaire,origine\nportable,2,950 €,reconditionné\n")
    assert list(load_inventory(retired, factors, year=2024).sections["retired"]["destination"]) == [
        "weee", "donation", "reuse", "recycling"]
    bought = load_inventory(purchases, factors, year=2024).sections["purchases"]
    assert list(bought["origin"]) == ["reuse"] and bought["unit_price"].iloc[0] == 950.0


def test_unknown_column_that_looks_like_a_typo_is_an_error(write, factors):
    path = write("devices.csv", "category,lifspan,commentaire libre\nlaptop,5,x\n")
    with pytest.raises(InputErrors) as caught:
        load_inventory(path, factors, year=2024)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: devices: unknown key 'lifspan' (did you mean 'lifespan'?)"]


def test_strict_refuses_every_unknown_column(write, factors):
    path = write("devices.csv", "category,prix\nlaptop,900\n")
    assert load_inventory(path, factors, year=2024).sections["devices"]["category"].tolist() == ["laptop"]
    with pytest.raises(InputErrors) as caught:
        load_inventory(path, factors, year=2024, strict=True)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{path}:1: devices: unknown key 'prix' (allowed: category")
    assert str(problem).endswith("; --strict refuses columns that are not inventory keys)")
    result = CliRunner().invoke(cli, ["validate", str(path), "--year", "2024", "--strict"])
    assert result.exit_code == 2 and "unknown key 'prix'" in result.stderr


def test_french_and_english_names_of_one_column_are_a_duplicate(write, factors):
    path = write("devices.csv", "category,quantité,quantity\nlaptop,2,3\n")
    with pytest.raises(InputErrors) as caught:
        load_inventory(path, factors, year=2024)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: quantity: duplicate column (also column 2, 'quantité': the same key) (got 'quantity') "
        "(keep one of them)"]


def test_french_section_names_in_a_folder_and_a_section_column(write, factors, tmp_path):
    write("dossier/organisation.csv", "clé,valeur\nAnnée,2024\nNom,Commune de Test\nType,Commune\n")
    write("dossier/equipements.csv", "catégorie,quantité\nportable,2\n")
    write("dossier/hebergement.csv", "catégorie,quantité\nserveur,1\n")
    inventory = load_inventory(tmp_path / "dossier", factors)
    assert inventory.year == 2024 and inventory.organisation.name == "Commune de Test"
    assert inventory.organisation.kind == "commune"
    assert len(inventory.sections["devices"]) == 1 and len(inventory.sections["hosting"]) == 1
    mixed = write("tout.csv", "rubrique,catégorie,quantité,destination\nÉquipements,portable,2,\nsorties,portable,1,don\n")
    both = load_inventory(mixed, factors, year=2024)
    assert len(both.sections["devices"]) == 1 and list(both.sections["retired"]["destination"]) == ["donation"]


# --- the XLSX template --------------------------------------------------------------------------------


def test_template_headers_and_drop_downs_come_from_the_vocabulary(factors):
    workbook = template_workbook(factors)
    for section, columns in TEMPLATE_COLUMNS.items():
        sheet = workbook[sheet_name(section)]
        headers = [c.value for c in sheet[1]]
        assert headers == [vocabulary.FIELD_OF[k].header_fr for k in columns]
        assert [vocabulary.canonical_header(h) for h in headers] == columns  # read back as the keys
        validations = sheet.data_validations.dataValidation
        assert validations and all(v.errorStyle == "warning" for v in validations)  # never Stop
    lists = workbook["listes"]
    by_name = {column[0].value: [c.value for c in column[1:] if c.value] for column in lists.iter_cols()}
    assert by_name["ownership"] == ["propriété", "location", "service"]
    assert by_name["destination"] == ["réemploi", "don", "recyclage", "DEEE"]
    assert by_name["refurbished"] == ["oui", "non"]
    for section in model.SECTIONS:
        assert {factors.profiles[factors.category_of(label)].section for label in by_name[section]} == {section}
    organisation = workbook["organisation"]
    assert [[c.value for c in row][:2] for row in organisation.iter_rows()][:2] == [["clé", "valeur"], ["année", None]]


def test_instructions_explain_every_column(factors):
    rows = instruction_rows()
    explained = {row[5]: row for row in rows if row[5] and row[5] != "Clé"}
    offered = {key for columns in TEMPLATE_COLUMNS.values() for key in columns}
    assert set(explained) == offered
    for key, (header, what, unit, default, where, _) in explained.items():
        assert header == vocabulary.FIELD_OF[key].header_fr and what and default
        assert unit == vocabulary.unit_text(key, "fr")
    assert explained["electricity"][2] == "kWh/an" and explained["lifespan"][2] == "ans"
    assert explained["purchase_year"][4].startswith("GLPI")
    assert "Wattmètre" in explained["electricity"][4]
    assert "Factures" in explained["spend"][4]


def test_a_filled_french_template_gives_the_same_footprint_as_english_yaml(fixture_factor_root, tmp_path, write):
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "w")]).exit_code == 0
    workbook = load_workbook(tmp_path / "w" / "modele.xlsx")
    validate = runner.invoke(cli, ["validate", str(tmp_path / "w" / "modele.xlsx")])
    assert validate.exit_code == 2  # no year, example rows left
    assert "year: the reporting year is missing" in validate.stderr
    assert validate.stderr.count("this is the template's example line") == 5
    workbook["organisation"]["B2"] = 2024
    workbook["organisation"]["B4"] = "EPCI"
    devices = workbook["équipements"]
    for name in ("équipements", "hébergement", "services", "achats", "sorties"):
        workbook[name].delete_rows(2)
    devices.cell(row=1, column=devices.max_column + 1, value="prix")  # a column of the user's own
    prix = devices.max_column
    row = {"catégorie": "portable", "quantité": 10, "année d'achat": 2022, "durée de vie": "5 ans",
           "reconditionné": "oui", "détention": "location"}
    headers = [c.value for c in devices[1]]
    devices.append([row.get(h) for h in headers[:-1]] + [950])
    devices.append(["écran", 4, 2020, None, "non", "propriété"])
    assert devices.cell(row=2, column=prix).value == 950
    workbook["sorties"].append(["portable", 3, "DEEE"])
    path = tmp_path / "w" / "rempli.xlsx"
    workbook.save(path)
    validate = runner.invoke(cli, ["validate", str(path)])
    assert validate.exit_code == 0, validate.stderr
    assert validate.stderr == f"note: {path}[équipements]: column(s) 'prix' ignored: not inventory keys " \
                              "(--strict refuses them)\n"
    english = write("en.yaml", """
        organisation: {kind: epci, country: FR}
        year: 2024
        devices:
          - {category: laptop, quantity: 10, purchase_year: 2022, lifespan: 5 years, refurbished: true, ownership: leased}
          - {category: monitor, quantity: 4, purchase_year: 2020, refurbished: false}
        retired:
          - {category: laptop, quantity: 3, destination: weee}
        """)
    documents = []
    for source in (path, english):
        result = runner.invoke(cli, ["footprint", str(source), "--format", "json", "--draws", "0"])
        assert result.exit_code == 0, result.stderr
        documents.append(json.loads(result.stdout))
    french, reference = documents
    assert french["total"] == reference["total"] > 0
    assert french["by_beges"] == reference["by_beges"] and french["by_beges"]["4.4"] > 0


def test_numbers_as_people_type_them_in_french_cells(write, factors):
    """Spaced thousands, decimal commas, € and k€ in cells; `1,800` refused with its location."""
    path = write("hebergement.csv", "catégorie,quantité,dépense,électricité\n"
                                   "saas,1,\"12 000 €/an\",\n"
                                   "saas,1,12k€/an,\n"
                                   "rack_server,\"1 200\",,\"2,5 kWh/an\"\n")
    hosting = load_inventory(path, factors, year=2024).sections["hosting"]
    assert list(hosting["spend"].iloc[:2]) == [12000.0, 12000.0]
    assert hosting["quantity"].iloc[2] == 1200.0 and hosting["electricity"].iloc[2] == 2.5
    bad = write("equipements.csv", "catégorie,quantité\nportable,\"1,800\"\n")
    with pytest.raises(InputErrors) as caught:
        load_inventory(bad, factors, year=2024)
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}:2: quantity: ambiguous number: a comma followed by three digits could be a thousands separator "
        "(write 1800 or 1.8) (got '1,800')"]
