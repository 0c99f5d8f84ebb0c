"""sobriete.io.writers: atomic writes, CSV formula neutralisation, what the writers put in files."""

from __future__ import annotations

import errno
import os

import pytest
from openpyxl import load_workbook

from sobriete.io import writers
from sobriete.io.inventory import load_inventory
from sobriete.io.output_paths import OutputError


def test_atomic_write_creates_replaces_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "out" / "report.txt"
    writers.atomic_write(target, "première version\n")
    assert target.read_text(encoding="utf-8") == "première version\n"
    writers.atomic_write(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.txt"]


def test_atomic_write_failure_keeps_the_old_file_and_removes_the_temp(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    # what the user can fix is an input error (exit 2) with one clear line
    with pytest.raises(OutputError, match="report.txt: cannot write: no space left on the disk"):
        writers.atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_stale_temporaries_of_a_killed_run_are_cleaned(tmp_path):
    stale = tmp_path / ".sobriete-abc.tmp"
    stale.write_text("half", encoding="utf-8")
    os.utime(stale, (1, 1))  # as old as it gets
    fresh = tmp_path / ".sobriete-def.tmp"  # another run may be writing it now: kept
    fresh.write_text("x", encoding="utf-8")
    mine = tmp_path / ".sobriete-notes.txt"  # not a temporary file: kept
    mine.write_text("x", encoding="utf-8")
    writers.atomic_write(tmp_path / "out.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sobriete-def.tmp", ".sobriete-notes.txt", "out.json"]


def test_outputs_never_replace_inputs_devices_or_links(tmp_path):
    from sobriete.io.output_paths import forget_inputs, register_input

    source = tmp_path / "inventaire.yaml"
    source.write_text("year: 2024\n", encoding="utf-8")
    register_input(source)
    try:
        with pytest.raises(OutputError, match="is an input of this command"):
            writers.atomic_write(tmp_path / "." / "inventaire.yaml", "x")
        link = tmp_path / "lien.yaml"
        link.symlink_to(source)
        with pytest.raises(OutputError, match="is an input of this command"):
            writers.atomic_write(link, "x")
    finally:
        forget_inputs()
    assert source.read_text(encoding="utf-8") == "year: 2024\n"
    # a symlink to another file: the file it points to is replaced, the link stays a link
    target = tmp_path / "cible.json"
    target.write_text("old", encoding="utf-8")
    other = tmp_path / "autre.json"
    other.symlink_to(target)
    writers.atomic_write(other, "new")
    assert other.is_symlink() and target.read_text(encoding="utf-8") == "new"
    with pytest.raises(OutputError, match="is a device"):
        writers.atomic_write("/dev/null", "x")
    with pytest.raises(OutputError, match="is a folder"):
        writers.atomic_write(tmp_path, "x")
    with pytest.raises(OutputError, match="a part of the path is a file"):
        writers.atomic_write(source / "x.json", "x")


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+33 1 23", "'+33 1 23"),
    ("-rf", "'-rf"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("Hôtel de ville", "Hôtel de ville"),
    (-3.5, -3.5),
    (None, None),
])
def test_safe_cell_neutralises_formulas(value, expected):
    assert writers.safe_cell(value) == expected


def test_csv_text_quotes_and_neutralises():
    assert writers.csv_text([["name", "n"], ["a;b", 1], ["=1+1", 2.5], ['dit "x"', None]], delimiter=";") == \
        'name;n\n"a;b";1\n\'=1+1;2.5\n"dit ""x""";\n'


LINES = """
organisation: {name: Mairie, kind: commune, population: 2040, country: FR}
year: 2024
devices:
  - {category: portable, quantity: 4, lifespan: 6 ans, purchase_year: 2021, refurbished: oui, share: 50 %,
     country: BE, model: 5440, name: "=Postes"}
hosting:
  - category: rack_server
    electricity: 1,8 MWh/an
    pue: 1.8
services:
  - {category: website, page_views: 1000, ecoindex: {dom: 850, requests: 70, size: 1900 KiB}}
"""


def test_csv_folder_contents(tmp_path, write, factors):
    inventory = load_inventory(write("in.yaml", LINES), factors)
    written = writers.write_inventory_csv(inventory, tmp_path / "csv")
    assert [p.name for p in written] == ["organisation.csv", "devices.csv", "hosting.csv", "services.csv"]
    assert (tmp_path / "csv" / "organisation.csv").read_text(encoding="utf-8") == (
        "key,value\nyear,2024\nname,Mairie\nkind,commune\ncountry,FR\npopulation,2040.0\n")
    assert (tmp_path / "csv" / "devices.csv").read_text(encoding="utf-8") == (
        "category,quantity,lifespan,purchase_year,refurbished,share,country,model,name\n"
        "laptop,4.0,6.0 year,2021,True,0.5,BE,5440,'=Postes\n")
    assert (tmp_path / "csv" / "hosting.csv").read_text(encoding="utf-8") == (
        "category,quantity,electricity,pue\nrack_server,1.0,1800.0 kWh/year,1.8\n")
    assert (tmp_path / "csv" / "services.csv").read_text(encoding="utf-8") == (
        "category,quantity,page_views,ecoindex.dom,ecoindex.requests,ecoindex.size\n"
        "website,1.0,1000.0 /year,850.0,70.0,1900.0 KiB\n")


def test_xlsx_contents(tmp_path, write, factors):
    inventory = load_inventory(write("in.yaml", LINES), factors)
    writers.write_inventory_xlsx(inventory, tmp_path / "inv.xlsx")
    workbook = load_workbook(tmp_path / "inv.xlsx")
    assert workbook.sheetnames == ["organisation", "devices", "hosting", "services"]
    assert [list(r) for r in workbook["organisation"].iter_rows(values_only=True)][:3] == [
        ["key", "value"], ["year", 2024], ["name", "Mairie"]]
    rows = list(workbook["devices"].iter_rows(values_only=True))
    assert rows[1][:3] == ("laptop", 4, "6.0 year")


def test_xlsx_keeps_floats_that_need_17_digits_exact(tmp_path, write, factors):
    # openpyxl writes numbers with 16 significant digits; such a float is written as exact text.
    share = 0.23135896454324462
    assert float("%.16g" % share) != share
    inventory = load_inventory(write("in.yaml", f"year: 2024\ndevices:\n  - {{category: laptop, share: {share!r}}}\n"),
                               factors)
    writers.write_inventory_xlsx(inventory, tmp_path / "inv.xlsx")
    again = load_inventory(tmp_path / "inv.xlsx", factors)
    assert again.sections["devices"]["share"].iloc[0] == share
