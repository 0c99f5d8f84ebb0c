"""A folder or file named like a shipped factor set (`numecoeval/`, an export) never hides it silently."""

from __future__ import annotations

from sobriete.io.factor_files import load_factors, shipped_alternatives

import pytest

from sobriete.errors import InputErrors


def test_a_bare_name_is_the_shipped_set_and_a_local_namesake_is_noted(tmp_path, monkeypatch):
    assert "numecoeval" in shipped_alternatives()
    monkeypatch.chdir(tmp_path)
    quiet = load_factors(("numecoeval",))
    assert not [n for n in quiet.notes if getattr(n, "code", "") == "shipped_factor_set"]
    (tmp_path / "numecoeval").mkdir()  # e.g. the output of `sobriete export numecoeval … --output numecoeval/`
    noted = load_factors(("numecoeval",))
    assert noted.version == quiet.version  # the same (shipped) file was read
    (note,) = [n for n in noted.notes if getattr(n, "code", "") == "shipped_factor_set"]
    assert str(note) == ("--factors numecoeval: the shipped factor set 'numecoeval' is used, not the local "
                         "'numecoeval' of the working folder (write ./numecoeval to use the local one)")
    assert note.render("fr").startswith("--factors numecoeval : le jeu de facteurs livré")
    with pytest.raises(InputErrors) as caught:
        load_factors(("./numecoeval",))
    assert [str(p) for p in caught.value.problems] == [
        "./numecoeval: is a folder, not a factor file (give a YAML path or a shipped set: numecoeval)"]


def test_a_path_to_a_local_file_reads_that_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "numecoeval").write_text(
        "intensities:\n  - {id: electricity.FR, value: 0.1 kgCO2e/kWh, year: 2024, source: test}\n", encoding="utf-8")
    local = load_factors(("./numecoeval",))
    assert local.intensity("electricity.FR").value == 0.1
    shipped = load_factors(("numecoeval",))
    assert shipped.intensity("electricity.FR").value != 0.1
