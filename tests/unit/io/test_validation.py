"""Validation rules of issue 2 §5, each at least once, with the exact located message.

Every problem reads ``file:row: column: what is wrong (…)``; files are written in a temporary
folder and loaded by relative name so that the messages are exact.
"""

from __future__ import annotations

import textwrap

import pytest

from sobriete.errors import InputErrors, SchemaError, UnitError, UnknownCategoryError
from sobriete.io.inventory import load_inventory


@pytest.fixture
def check(tmp_path, monkeypatch, factors):
    monkeypatch.chdir(tmp_path)

    def _check(name: str, text: str | bytes, *, year=None):
        data = text if isinstance(text, bytes) else textwrap.dedent(text).lstrip("\n").encode()
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InputErrors) as info:
            load_inventory(name, factors, year=year)
        return info.value.problems

    return _check


def lines(problems):
    return [str(p) for p in problems]


DEVICE = "year: 2024\ndevices:\n  - category: laptop\n"

RULES = [
    # (rule, file text, expected lines)
    ("unknown key with did-you-mean", DEVICE + "    lifespam: 5 years\n",
     ["t.yaml:4: devices: unknown key 'lifespam' (did you mean 'lifespan'?)"]),
    ("unknown key with an empty value", DEVICE + "    lifespam:\n",
     ["t.yaml:4: devices: unknown key 'lifespam' (did you mean 'lifespan'?)"]),
    ("decimal comma inside a YAML flow mapping", "year: 2024\ndevices:\n  - {category: laptop, lifespan: 5,5 ans}\n",
     ["t.yaml:3: devices: unknown key '5 ans' (allowed: category, quantity, lifespan, purchase_year, "
      "refurbished, ownership, share, electricity, embodied, pue, country, service, site, model, name, "
      "provider, vcpu, hours, storage, spend, page_views, page_weight, data_transfer, ecoindex, "
      "ecoindex.dom, ecoindex.requests, ecoindex.size, uncertainty, notes, covers)"]),
    ("unknown key without a close match", DEVICE + "    zzz: 1\n",
     ["t.yaml:4: devices: unknown key 'zzz' (allowed: category, quantity, lifespan, purchase_year, "
      "refurbished, ownership, share, electricity, embodied, pue, country, service, site, model, name, "
      "provider, vcpu, hours, storage, spend, page_views, page_weight, data_transfer, ecoindex, "
      "ecoindex.dom, ecoindex.requests, ecoindex.size, uncertainty, notes, covers)"]),
    ("unknown top-level key", "year: 2024\ndevics: []\n",
     ["t.yaml:2: unknown key 'devics' (did you mean 'devices'?)"]),
    ("missing category", "year: 2024\ndevices:\n  - quantity: 2\n",
     ["t.yaml:3: category: missing category"]),
    ("unknown category", "year: 2024\ndevices:\n  - category: portabel\n",
     ["t.yaml:3: category: unknown category (got 'portabel') (did you mean 'portable'?)"]),
    ("category of another section", "year: 2024\nservices:\n  - category: laptop\n",
     ["t.yaml:3: category: category 'laptop' belongs to section 'devices', not 'services' (got 'laptop')"]),
    ("wrong unit dimension", DEVICE + "    electricity: 25 kgCO2e\n",
     ["t.yaml:4: electricity: unit 'kgCO2e' is not an energy per year (expected a unit like kWh/year) "
      "(got '25 kgCO2e')"]),
    ("unknown unit", DEVICE + "    lifespan: 5 lustres\n",
     ["t.yaml:4: lifespan: unknown unit 'lustres' (expected a unit like year) (got '5 lustres')"]),
    ("non-numeric quantity", DEVICE + "    quantity: douze\n",
     ["t.yaml:4: quantity: not a number (got 'douze')"]),
    ("negative quantity", DEVICE + "    quantity: -1\n",
     ["t.yaml:4: quantity: must be greater than 0 (got -1)"]),
    ("zero quantity", DEVICE + "    quantity: 0\n",
     ["t.yaml:4: quantity: must be greater than 0 (got 0)"]),
    ("NaN quantity", DEVICE + "    quantity: .nan\n",
     ["t.yaml:4: quantity: must be a finite number (got nan)"]),
    ("infinite quantity", DEVICE + "    quantity: .inf\n",
     ["t.yaml:4: quantity: must be a finite number (got inf)"]),
    ("negative infinite embodied", DEVICE + "    embodied: -.inf\n",
     ["t.yaml:4: embodied: must be a finite number (got -inf)"]),
    ("negative electricity", DEVICE + "    electricity: -3 kWh/an\n",
     ["t.yaml:4: electricity: must not be negative (got '-3 kWh/an')"]),
    ("lifespan 0", DEVICE + "    lifespan: 0\n",
     ["t.yaml:4: lifespan: a lifespan must be > 0 and at most 30 years (got 0)"]),
    ("lifespan over 30 years", DEVICE + "    lifespan: 372 mois\n",
     ["t.yaml:4: lifespan: a lifespan must be > 0 and at most 30 years (got '372 mois')"]),
    ("PUE below 1", "year: 2024\nhosting:\n  - category: rack_server\n    pue: 0,95\n",
     ["t.yaml:4: pue: a PUE cannot be below 1 (got '0,95')"]),
    ("purchase year after the reporting year", DEVICE + "    purchase_year: 2025\n",
     ["t.yaml:4: purchase_year: a purchase year must be from 1990 and not after the reporting year 2024 "
      "(got 2025)"]),
    ("purchase year before 1990", DEVICE + "    purchase_year: 1989\n",
     ["t.yaml:4: purchase_year: a purchase year must be from 1990 and not after the reporting year 2024 "
      "(got 1989)"]),
    ("purchase year not an integer", DEVICE + "    purchase_year: 2021-03-01\n",
     ["t.yaml:4: purchase_year: a purchase year must be an integer year (got 2021-03-01)"]),
    ("unknown country code", DEVICE + "    country: ZZ\n",
     ["t.yaml:4: country: unknown country code (got 'ZZ') (ISO 3166-1 alpha-2, e.g. FR, DE, BE)"]),
    ("organisation not a mapping", "organisation: [Mairie]\nyear: 2024\n",
     ["t.yaml:1: organisation: must be a mapping of name, kind, population, agents, country (got ['Mairie'])"]),
    ("negative population", "organisation:\n  population: -1\nyear: 2024\n",
     ["t.yaml:2: organisation.population: must be a number ≥ 0 (got -1)"]),
    ("non-numeric agents", "organisation:\n  agents: beaucoup\nyear: 2024\n",
     ["t.yaml:2: organisation.agents: must be a number ≥ 0 (got 'beaucoup')"]),
    ("year not an integer", "year: 2024.5\n",
     ["t.yaml:1: year: must be an integer year from 1990 to 2100 (got 2024.5)"]),
    ("year out of range", "year: 1989\n",
     ["t.yaml:1: year: must be an integer year from 1990 to 2100 (got 1989)"]),
    ("year missing", "organisation:\n  name: X\ndevices: []\n",
     ["t.yaml:1: year: the reporting year is missing (add 'year: 2024' to the inventory or give --year)"]),
    ("boolean that is not one", DEVICE + "    refurbished: peut-être\n",
     ["t.yaml:4: refurbished: not a boolean (got 'peut-être') (allowed: true/false, oui/non, yes/no)"]),
    ("share outside 0–100 %", DEVICE + "    share: 150 %\n",
     ["t.yaml:4: share: must be between 0 and 100 % (got '150 %')"]),
    ("negative share", DEVICE + "    share: -0.1\n",
     ["t.yaml:4: share: must be between 0 and 100 % (got -0.1)"]),
    ("ambiguous number", DEVICE + "    electricity: 1,800 kWh/an\n",
     ["t.yaml:4: electricity: ambiguous number: a comma followed by three digits could be a thousands "
      "separator (write 1800 or 1.8) (got '1,800 kWh/an')"]),
    ("unknown ownership", DEVICE + "    ownership: leasd\n",
     ["t.yaml:4: ownership: unknown ownership (got 'leasd') (did you mean 'leased'?)"]),
    ("section not a list or path", "year: 2024\nhosting: 3\n",
     ["t.yaml:2: hosting: a section must be a list of lines or the path of a CSV/XLSX file (got 3)"]),
    ("section path not a table", "year: 2024\nhosting: servers.txt\n",
     ["t.yaml:2: hosting: a section given as a file must be a .csv or .xlsx file (got 'servers.txt')"]),
    ("missing referenced file", "year: 2024\nhosting: servers.csv\n",
     ["t.yaml:2: hosting: referenced file not found (got 'servers.csv') "
      "(a relative path is read from the YAML file's folder)"]),
    ("line not a mapping", "year: 2024\ndevices:\n  - laptop\n",
     ["t.yaml:3: devices: each line must be a mapping of keys and values (key: value) (got 'laptop')"]),
    ("list value", DEVICE + "    quantity: [1, 2]\n",
     ["t.yaml:4: quantity: must be a single value, not a list or mapping"]),
    ("duplicate keys", DEVICE + "    category: desktop\n",
     ["t.yaml:4: duplicate key 'category' (first on line 3)"]),
    ("unknown retired destination", "year: 2024\nretired:\n  - category: laptop\n    destination: poubelle\n",
     ["t.yaml:4: destination: unknown destination (got 'poubelle') (allowed: reuse, donation, recycling, weee)"]),
    ("missing retired destination", "year: 2024\nretired:\n  - category: laptop\n",
     ["t.yaml:3: destination: missing destination (allowed: reuse, donation, recycling, weee)"]),
    ("EcoIndex score over 100", "year: 2024\nservices:\n  - category: website\n    ecoindex: 120\n",
     ["t.yaml:4: ecoindex: an EcoIndex score is between 0 and 100 (got 120)"]),
    ("organisation kind", "organisation:\n  kind: mairie\nyear: 2024\n",
     ["t.yaml:2: organisation.kind: unknown kind (got 'mairie') "
      "(allowed: commune, epci, departement, region, other)"]),
]


@pytest.mark.parametrize("rule, text, expected", RULES, ids=[r[0] for r in RULES])
def test_validation_rule(check, rule, text, expected):
    assert lines(check("t.yaml", text)) == expected


def test_every_problem_is_collected_in_one_pass(check):
    problems = check("t.yaml", """
        organisation:
          population: -3
        year: 2024
        devices:
          - category: laptpo
            quantity: 0
          - category: laptop
            lifespan: 5 kg
            share: 2
        hosting:
          - category: rack_server
            pue: 0.5
    """)
    assert lines(problems) == [
        "t.yaml:2: organisation.population: must be a number ≥ 0 (got -3)",
        "t.yaml:5: category: unknown category (got 'laptpo') (did you mean 'laptop'?)",
        "t.yaml:6: quantity: must be greater than 0 (got 0)",
        "t.yaml:8: lifespan: unit 'kg' is not a duration (expected a unit like year) (got '5 kg')",
        "t.yaml:9: share: must be between 0 and 100 % (got 2)",
        "t.yaml:12: pue: a PUE cannot be below 1 (got 0.5)",
    ]


def test_problems_carry_their_kind_and_fields(check):
    problems = check("t.yaml", DEVICE + "    lifespan: 5 kg\n  - category: portabel\n    lifespam: 2\n")
    by_column = {p.column: p for p in problems}
    assert isinstance(by_column["lifespan"], UnitError)
    assert (by_column["lifespan"].path, by_column["lifespan"].row, by_column["lifespan"].value) == \
        ("t.yaml", 4, "5 kg")
    assert isinstance(by_column["category"], UnknownCategoryError)
    assert isinstance(by_column["devices"], SchemaError)


def test_year_given_twice_must_agree(check):
    assert lines(check("t.yaml", "year: 2024\n", year=2023)) == [
        "t.yaml:1: year: the inventory says year 2024 but --year says 2023"]


def test_csv_rules(check):
    assert lines(check("devices.csv", "category;quantity;refurbished;country\n"
                                      ";2;oui;FR\nlaptop;abc;peut-être;France\n", year=2024)) == [
        "devices.csv:2: category: missing category",
        "devices.csv:3: quantity: not a number (got 'abc')",
        "devices.csv:3: refurbished: not a boolean (got 'peut-être') (allowed: true/false, oui/non, yes/no)",
        "devices.csv:3: country: unknown country code (got 'France') (ISO 3166-1 alpha-2, e.g. FR, DE, BE)",
    ]


@pytest.mark.parametrize("name, content, expected", [
    ("empty.csv", b"", ["empty.csv: empty file"]),
    ("blank.csv", b"\n\n  \n", ["blank.csv: empty file"]),
    ("binary.csv", b"category,quantity\x00\x00\x01", ["binary.csv: binary file, not a CSV text file "
                                                      "(save as CSV UTF-8, or give the .xlsx file itself)"]),
    ("zip.csv", b"PK\x03\x04rest", ["zip.csv: binary file, not a CSV text file "
                                     "(save as CSV UTF-8, or give the .xlsx file itself)"]),
    ("quote.csv", b'category,name\nlaptop,"Accueil\ndesktop,x\n',
     ['quote.csv:2: a quoted value opened on this line is never closed (add the closing quote ("))']),
    ("wide.csv", b"category,quantity\nlaptop,1,2\n",
     ["wide.csv:2: 3 values on this line but 2 columns in the header "
      "(check the quotes and the number of separators on each line)"]),
    ("wide_later.csv", b'category,name\nlaptop,"a\nb"\ndesktop,x,y\n',
     ["wide_later.csv:4: 3 values on this line but 2 columns in the header "
      "(check the quotes and the number of separators on each line)"]),
    ("not.xlsx", b"category\nlaptop\n", ["not.xlsx: not an XLSX workbook (save the spreadsheet as .xlsx (Excel 2007+))"]),
    ("empty.xlsx", b"", ["empty.xlsx: empty file"]),
    ("broken.xlsx", b"PK\x03\x04garbage", ["broken.xlsx: not a readable XLSX workbook (File is not a zip file)"]),
    ("inventory.json", b"{}", ["inventory.json: unknown inventory format '.json' "
                               "(allowed: .yaml, .yml, .csv, .xlsx or a folder of CSV files)"]),
])
def test_unreadable_files(check, name, content, expected):
    assert lines(check(name, content, year=2024)) == expected


def test_missing_file(factors, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputErrors) as info:
        load_inventory("absent.yaml", factors)
    assert lines(info.value.problems) == ["absent.yaml: file not found"]
