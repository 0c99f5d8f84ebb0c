"""The importers' toolkit: CSV decoding and sniffing, the problem collector, distinct values, results."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from sobriete.errors import InputErrors, error
from sobriete.io.csvfiles import cp1252_note, decode_csv, decode_text, first_line, sniff_delimiter
from sobriete.io.distinct import distinct, map_distinct
from sobriete.io.imports import ImportResult, OutputTooLargeError
from sobriete.io.problems import Problems
from sobriete.io.tables import read_csv_table


# --- decoding and sniffing ------------------------------------------------------------------------------

def test_a_semicolon_csv_whose_quoted_header_holds_commas_is_read_as_semicolon():
    data = '"Nom, complet";"Type, GLPI, libellé";"Modèle"\n"a";"Laptop";"X"\n'.encode()
    decoded = decode_csv(data, "f.csv")
    assert decoded.delimiter == ";"
    assert decoded.header_line == '"Nom, complet";"Type, GLPI, libellé";"Modèle"'


@pytest.mark.parametrize("line, default, expected", [
    ("a,b,c", ";", ","), ("a;b;c", ",", ";"), ("a\tb\tc", ",", "\t"), ('"x;y",b,c', ";", ","),
    ("single", ",", ","), ("single", ";", ";"), ("a;b,c", ",", ";"),  # a tie goes to ';'
])
def test_sniff_delimiter(line, default, expected):
    assert sniff_delimiter(line, default) == expected


def test_utf8_with_and_without_bom():
    with_bom = decode_csv(b"\xef\xbb\xbfNom;Type\nCaf\xc3\xa9;Laptop\n", "f.csv")
    without = decode_csv(b"Nom;Type\nCaf\xc3\xa9;Laptop\n", "f.csv")
    assert with_bom.text == without.text == "Nom;Type\nCafé;Laptop\n"
    assert (with_bom.bom, without.bom) == (True, False)
    assert with_bom.encoding == without.encoding == "utf-8-sig"
    assert with_bom.notes == without.notes == []


def test_a_bom_after_a_blank_first_line_is_found_and_the_header_is_the_first_non_blank_line():
    decoded = decode_csv(b"\n\xef\xbb\xbf\"Nom\";\"Type\";\n", "f.csv", default_delimiter=",")
    assert decoded.bom and decoded.delimiter == ";" and decoded.header_line == '"Nom";"Type";'
    assert decode_csv(b"\nNom;Type\n", "f.csv", skip_blank_lines=False).header_line == ""


def test_cp1252_fallback_gives_the_one_translated_note():
    decoded = decode_csv("Nom;Modèle\nÉcran;Dell\n".encode("cp1252"), "f.csv")
    assert decoded.encoding == "cp1252"
    assert decoded.text == "Nom;Modèle\nÉcran;Dell\n"
    assert decoded.notes == [cp1252_note("f.csv")]
    assert cp1252_note("f.csv") == "f.csv: read as cp1252 (Windows) because it is not valid UTF-8"


def test_a_window_cut_inside_a_character_stays_utf8():
    data = "Nom;Modè".encode()[:-1]  # ends inside 'è' (two bytes in UTF-8)
    assert decode_text(data)[1] == "cp1252"
    assert decode_text(data, truncated=True)[1] == "utf-8-sig"


def test_first_line_ends_at_cr_and_lf():
    assert first_line("\r\n  \rNom;Type\r\nx") == "Nom;Type"


def test_the_inventory_csv_reader_uses_the_quote_aware_sniffer(tmp_path):
    path = tmp_path / "devices.csv"
    path.write_text('"category";"quantity";"model"\n"laptop";"3";"Latitude 5440, 14"""\n', encoding="utf-8")
    table = read_csv_table(path, "devices.csv")
    assert list(table.frame.columns) == ["category", "quantity", "model"]
    # more commas inside the quotes than semicolons outside: a naive count would choose ','
    path.write_text('"category";"quantity";"name, as written, in GLPI, here"\nlaptop;3;PC\n', encoding="utf-8")
    assert list(read_csv_table(path, "devices.csv").frame.columns) == [
        "category", "quantity", "name, as written, in glpi, here"]


def test_the_inventory_csv_reader_notes_cp1252(tmp_path):
    path = tmp_path / "devices.csv"
    path.write_bytes("category,quantity,site\nlaptop,3,Hôtel de ville\n".encode("cp1252"))
    table = read_csv_table(path, "devices.csv")
    assert table.notes == ["devices.csv: read as cp1252 (Windows) because it is not valid UTF-8"]
    assert table.frame["site"].tolist() == ["Hôtel de ville"]


# --- problems -------------------------------------------------------------------------------------------

def test_problems_are_collected_then_raised_together():
    problems = Problems()
    problems.raise_if_any()  # nothing to raise
    problems.add(error("first", path="a.csv", row=2))
    problems.extend(InputErrors([error("second", path="a.csv", row=5)]))
    problems.extend([error("third", path="b.csv")])
    assert len(problems) == 3 and bool(problems)
    with pytest.raises(InputErrors) as caught:
        problems.raise_if_any()
    assert [str(p) for p in caught.value.problems] == ["a.csv:2: first", "a.csv:5: second", "b.csv: third"]


def test_problems_beyond_a_limit_are_counted():
    problems = Problems(error(f"bad {n}", path="a.csv", row=n) for n in range(1, 26))
    with pytest.raises(InputErrors) as caught:
        problems.raise_if_any(limit=20, path="a.csv")
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 21 and messages[-1] == "a.csv: … and 5 more problem(s)"


# --- distinct values ------------------------------------------------------------------------------------

def test_distinct_values_are_computed_once_and_spread_back():
    calls = []

    def compute(value):
        calls.append(value)
        return value.upper()

    values = ["b", "a", "b", None, "a", "c"]
    assert map_distinct(values, compute).tolist() == ["B", "A", "B", None, "A", "C"]
    assert calls == ["b", "a", "c"]  # once each, by first appearance; None is never computed


def test_distinct_keys_may_be_tuples_and_know_their_first_rows():
    keys = distinct([("laptop", None), ("desktop", ""), ("laptop", None), ("desktop", "")])
    assert keys.values == [("laptop", None), ("desktop", "")]
    assert keys.codes.tolist() == [0, 1, 0, 1]
    assert keys.first_rows().tolist() == [0, 1]
    spread = keys.spread([(1, "a"), (2, "b")])
    assert list(spread) == [(1, "a"), (2, "b"), (1, "a"), (2, "b")]


def test_spread_with_a_dtype_and_a_missing_value():
    keys = distinct(np.array(["x", None, "y", "x"], dtype=object))
    assert keys.spread([1.5, 2.5], missing=np.nan, dtype=float).tolist()[::2] == [1.5, 2.5]
    assert np.isnan(keys.spread([1.5, 2.5], missing=np.nan, dtype=float)[1])
    with pytest.raises(ValueError):
        keys.spread([1.0])


def test_distinct_of_nothing():
    keys = distinct([])
    assert keys.values == [] and keys.first_rows().tolist() == [] and keys.spread([]).tolist() == []


# --- import results -------------------------------------------------------------------------------------

class _Result(ImportResult):
    too_large_hint = "merge lines"

    def __init__(self, text, refusal=None):
        self.text, self._refusal = text, refusal

    @property
    def report(self):
        return ["imported 1 line"]

    @property
    def refusal(self):
        return self._refusal

    def inventory_text(self, *, generated_on):
        return f"# {generated_on.isoformat()}\n{self.text}"

    def summary(self, output):
        return f"wrote {output}"


def test_an_import_result_writes_itself(tmp_path):
    result = _Result("year: 2024\n")
    target = result.write(tmp_path / "inv.yaml", generated_on=date(2025, 1, 15))
    assert target.read_text(encoding="utf-8") == "# 2025-01-15\nyear: 2024\n"
    assert result.summary(target).startswith("wrote ")


def test_an_import_result_refuses_to_write_too_large_or_refused(tmp_path, monkeypatch):
    import sobriete.io.yamlsafe as yamlsafe

    monkeypatch.setattr(yamlsafe, "YAML_MAX_BYTES", 10)
    with pytest.raises(OutputTooLargeError) as caught:
        _Result("x" * 20).write(tmp_path / "inv.yaml", generated_on=date(2025, 1, 15))
    assert caught.value.message == "the inventory would exceed the YAML size limit (10 bytes): merge lines"
    assert not (tmp_path / "inv.yaml").exists()
    with pytest.raises(RuntimeError):
        _Result("y", refusal="2 unclassified rows").write(tmp_path / "inv.yaml", generated_on=date(2025, 1, 15))
