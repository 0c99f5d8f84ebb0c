"""sobriete.errors (one-line messages) and sobriete.text (matching, suggestions)."""

from __future__ import annotations

import pytest

from sobriete.errors import (InputError, InputErrors, SchemaError, SobrieteError, UnitError,
                             UnknownCategoryError, error, quote_value)
from sobriete.io.inventory import format_problems
from sobriete.text import allowed, did_you_mean, normalise_name


def test_message_has_file_row_column_message_value_hint():
    problem = error("unknown category", path="inv.yaml", row=12, column="category", value="laptpo",
                    hint="did you mean 'laptop'?", kind=UnknownCategoryError)
    assert str(problem) == "inv.yaml:12: category: unknown category (got 'laptpo') (did you mean 'laptop'?)"


def test_message_without_row_column_or_value():
    assert str(error("empty file", path="x.csv")) == "x.csv: empty file"
    assert str(error("must be a number", path="x.csv", row=3, value=None)) == "x.csv:3: must be a number (got None)"
    assert str(error("bad")) == "<input>: bad"


def test_offending_value_is_quoted_and_cut_at_60_characters():
    assert quote_value("abc") == "'abc'"
    assert quote_value(12.5) == "12.5"
    assert quote_value(-2.0) == "-2"  # a count read into a float column shows as written
    assert quote_value(float("inf")) == "inf"
    long = "x" * 100
    quoted = quote_value(long)
    assert quoted == repr("x" * 59 + "…")
    assert len(quoted) == 60 + 2  # the quotes


def test_hierarchy_maps_to_value_error():
    for kind in (SchemaError, UnitError, UnknownCategoryError):
        problem = error("m", kind=kind)
        assert isinstance(problem, InputError) and isinstance(problem, ValueError)
        assert isinstance(problem, SobrieteError)
    errors = InputErrors([error("a", path="f", row=1), error("b", path="f", row=2)])
    assert str(errors) == "f:1: a\nf:2: b"
    assert isinstance(errors, ValueError)


def test_format_problems_lists_20_per_file_then_a_count():
    problems = [error(f"problem {i}", path="a.yaml", row=i) for i in range(1, 26)]
    problems += [error("other", path="b.csv", row=2)]
    lines = format_problems(problems)
    assert lines[:20] == [f"a.yaml:{i}: problem {i}" for i in range(1, 21)]
    assert lines[20] == "b.csv:2: other"
    assert lines[21] == "a.yaml: … and 5 more problem(s) not shown"
    assert len(lines) == 22


@pytest.mark.parametrize("text, expected", [
    ("PC-Fixe", "pc fixe"),
    ("  Écran ", "ecran"),
    ("unité_centrale", "unite centrale"),
    ("Tout-en-un", "tout en un"),
    ("ORDINATEUR   portable", "ordinateur portable"),
])
def test_normalise_name(text, expected):
    assert normalise_name(text) == expected


def test_did_you_mean_and_allowed():
    assert did_you_mean("lifespam", ["lifespan", "quantity"]) == "did you mean 'lifespan'?"
    assert did_you_mean("devics", ["devices", "hosting"]) == "did you mean 'devices'?"
    assert did_you_mean("zzzz", ["lifespan", "quantity"]) is None
    assert allowed(["a", "b"]) == "allowed: a, b"
    assert allowed([str(i) for i in range(14)], limit=3).startswith("allowed: 0, 1, 2, … (14 in all")


def test_an_error_line_never_carries_control_characters_from_a_file_name_or_value():
    """A file name with a newline could forge a second message; an ESC sequence could drive the
    terminal; a bidi override could reorder the line. They are shown escaped, on one line."""
    from sobriete.errors import InputError, one_line

    problem = InputError("unknown category", path="inv\nfake.yaml:1: all good\x1b[2J", row=3, column="category",
                         value="port\u202eable", has_value=True)
    text = str(problem)
    assert "\n" not in text and "\x1b" not in text and "\u202e" not in text
    assert text == "inv\\nfake.yaml:1: all good\\x1b[2J:3: category: unknown category (got 'port\\u202eable')"
    assert one_line("Hôtel de ville — 2 500 €") == "Hôtel de ville — 2 500 €"  # printable text is kept
