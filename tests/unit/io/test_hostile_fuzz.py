"""Fuzzing the inventory loader through `sobriete validate` (click's CliRunner).

Random and mutated bytes, random YAML structures, random and corrupted spreadsheets: whatever
the input, the command exits 0 or 2 (never 1, never a traceback), within a bounded time, and
writes nothing. Bounded: each property runs few examples, the whole file in well under 30 s.
"""

from __future__ import annotations

import io
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobriete.cli.main import cli

SECONDS_PER_RUN = 20  # a hang is a failure, not a stuck test run
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

VALID_YAML = b"""year: 2024
organisation:
  name: Commune de Saint-Exemple
  agents: 120
devices:
  - category: laptop
    quantity: 120
    lifespan: 5 years
    refurbished: non
hosting:
  - category: rack_server
    quantity: 4
    electricity: 1800 kWh/year
    pue: 1.8
"""
VALID_CSV = "category,quantity,lifespan,site\nlaptop,3,5 ans,Mairie de Sète\ndesktop,2,6,École\n".encode()
KEYS = ["category", "quantity", "lifespan", "purchase_year", "refurbished", "share", "electricity", "pue",
        "country", "site", "name", "ecoindex", "Quantity", "catégorie", "section", "covers"]


@pytest.fixture
def validate(monkeypatch, factors, runner):
    import sobriete.cli.inventory_cmd as inventory_cmd

    monkeypatch.setattr(inventory_cmd, "load_factor_set", lambda files: factors)

    def run(name: str, data: bytes, *args: str):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            with _time_limit(SECONDS_PER_RUN):
                result = runner.invoke(cli, ["validate", str(path), *args])
            assert sorted(p.name for p in Path(folder).iterdir()) == [name], "validate writes nothing"
            assert path.read_bytes() == data, "the input is never modified"
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (0, 2), result.output
        assert "Traceback" not in result.output and "internal error" not in result.output
        if result.exit_code == 2:
            assert result.stdout == "" and result.stderr.strip()
        return result

    return run


@contextmanager
def _time_limit(seconds: int):
    def expired(signum, frame):
        raise TimeoutError(f"validate ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _mutate(data: bytes, edits) -> bytes:
    """Apply (position, kind, byte) edits: flip, insert or delete one byte."""
    buffer = bytearray(data)
    for position, kind, byte in edits:
        if not buffer:
            break
        position %= len(buffer)
        if kind == 0:
            buffer[position] = byte
        elif kind == 1:
            buffer.insert(position, byte)
        else:
            del buffer[position]
    return bytes(buffer)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 2), st.integers(0, 255)), min_size=1,
                 max_size=8)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                    st.sampled_from(["5 years", "1,800 kWh/year", "100%", "laptop", "portable", "-1", "1e308",
                                     "2024", "oui", "", " ", "12 500", "∞", "5 kg"]))
STRUCTURES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS + ["year", "devices", "hosting", "organisation"]),
                              st.text(max_size=8)), inner, max_size=4)), max_leaves=25)


@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".yaml", ".csv", ".xlsx"]))
def test_random_bytes(validate, data, suffix):
    validate("inventory" + suffix, data, "--year", "2024")


@FUZZ
@given(edits=EDITS)
def test_mutated_yaml(validate, edits):
    validate("inventory.yaml", _mutate(VALID_YAML, edits))


@FUZZ
@given(edits=EDITS, encoding=st.sampled_from(["utf-8", "cp1252"]))
def test_mutated_csv(validate, edits, encoding):
    data = VALID_CSV.decode().encode(encoding)
    validate("devices.csv", _mutate(data, edits), "--year", "2024")


@FUZZ
@given(document=st.dictionaries(st.sampled_from(["year", "organisation", "devices", "hosting", "services",
                                                 "purchases", "retired", "imported_from", "extra"]),
                                STRUCTURES, max_size=5))
def test_random_yaml_structures(validate, document):
    text = yaml.safe_dump(document, allow_unicode=True)
    validate("inventory.yaml", text.encode("utf-8"))


@FUZZ
@given(header=st.lists(st.sampled_from(KEYS), min_size=1, max_size=5),
       rows=st.lists(st.lists(SCALARS.filter(lambda v: not isinstance(v, float) or v == v), min_size=0,
                              max_size=6), max_size=5),
       title=st.sampled_from(["devices", "Devices ", "hosting", "Feuil1", "organisation"]),
       hidden=st.booleans())
def test_random_spreadsheets(validate, header, rows, title, hidden):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    if hidden:
        extra = workbook.create_sheet("hosting" if title != "hosting" else "devices")
        extra.sheet_state = "hidden"
        extra.append(["category"])
        extra.append(["=A1"])
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet.append(header)
    for row in rows:  # text as a spreadsheet program can store it: no control characters, no formulas
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v).lstrip("=") if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    validate("inventory.xlsx", buffer.getvalue(), "--year", "2024")


@FUZZ
@given(edits=EDITS)
def test_corrupted_spreadsheets(validate, edits):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "devices"
    for row in (["category", "quantity"], ["laptop", 3], ["desktop", 2]):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    validate("inventory.xlsx", _mutate(buffer.getvalue(), edits), "--year", "2024")
