"""Messages in the user's language (DESIGN §7): catalogs, rendering, and the choice of language.

The catalogs in ``sobriete/locale`` hold every message id of the code (extracted from ``_()`` and
``tr()``), with an English and a French translation; ``tools/catalogs.py --check`` must find them up
to date, so that a message added without its translation fails here.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sobriete.errors import error
from sobriete.locale import LOCALE_DIR, Message, _, language_from_environment, render, set_language
from sobriete.notes import Note
from sobriete.cli.main import cli

from conftest import REPO  # noqa: E402


def _catalogs_tool():
    spec = importlib.util.spec_from_file_location("catalogs_tool", REPO / "tools" / "catalogs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _po(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "sobriete.po", "rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=lang) if m.id}


def _fields(template: str) -> set[str]:
    return {(name, conversion, spec) for _text, name, spec, conversion in string.Formatter().parse(template)
            if name is not None}


def test_catalogs_are_up_to_date_with_the_code():
    tool = _catalogs_tool()
    stale = [path for path, data in tool.build().items() if not path.exists() or path.read_bytes() != data]
    assert not stale, f"run python tools/catalogs.py (stale: {', '.join(p.name for p in stale)})"


# Written the same in both languages (a column header of numbers and a unit).
SAME_IN_FRENCH = {"Total €"}


def test_every_message_has_both_translations_with_the_same_placeholders():
    french, english = _po("fr"), _po("en")
    assert set(french) == set(english)
    assert len(french) > 200
    for msgid in french:
        assert english[msgid] == msgid
        assert french[msgid], f"no French for {msgid!r}"
        assert french[msgid] != msgid or msgid in SAME_IN_FRENCH, f"French identical to the English: {msgid!r}"
        # an English article chosen by the code ({article}: a/an) has no French counterpart
        assert _fields(french[msgid]) == {f for f in _fields(msgid) if f[0] != "article"}, msgid


# Words of an English sentence that never occur in a French one (identifiers, quoted values and
# placeholders, options, identifiers and alternatives are removed first: `covers`, 'year: 2024', {key},
# --by, applies_to, yes/no).
ENGLISH_WORDS = {"the", "is", "must", "be", "not", "with", "and", "of", "or", "cannot", "found", "file", "missing",
                 "unknown", "line", "lines", "expected", "allowed", "should", "when", "from", "to", "in", "no",
                 "only", "use", "by", "for", "at", "this", "that", "which", "are", "has", "have", "without",
                 "given", "read", "more", "than", "got", "did", "you", "mean", "wrote", "written", "empty", "folder"}


NOT_PROSE = re.compile(r"\{[^}]*\}|[\w.]*_[\w.]*|--[\w-]+|\S+/\S+|`[^`]*`|«[^»]*»|'[^']*'|\"[^\"]*\"|\([^)]*[=:][^)]*\)")


def test_french_messages_contain_no_english_sentence():
    offenders = []
    for msgid, text in _po("fr").items():
        stripped = NOT_PROSE.sub(" ", text)
        words = set(re.findall(r"[A-Za-zÀ-ÿ]+", stripped))
        english = words & ENGLISH_WORDS
        if english:
            offenders.append(f"{text!r}: {sorted(english)}")
    assert not offenders, "\n".join(offenders)


def test_the_checker_catches_an_english_sentence():
    text = "the file is missing"
    words = set(re.findall(r"[A-Za-zÀ-ÿ]+", text))
    assert words & ENGLISH_WORDS == {"the", "file", "is", "missing"}


def test_an_input_error_keeps_its_template_and_renders_in_each_language():
    problem = error(_("unknown key {key!r}"), key="colour", path="inv.yaml", row=9, column="devices",
                    hint=Message(_("did you mean {name!r}?"), name="country"))
    assert problem.message.template == "unknown key {key!r}"
    assert str(problem) == "inv.yaml:9: devices: unknown key 'colour' (did you mean 'country'?)"
    assert problem.render("fr") == "inv.yaml:9: devices: clé inconnue 'colour' (vouliez-vous dire 'country' ?)"
    set_language("fr")
    assert str(problem) == problem.render("fr")
    quoted = error(_("must be greater than 0"), path="a.csv", row=2, column="quantity", value=-2.0)
    assert str(quoted) == "a.csv:2: quantity: doit être supérieur à 0 (valeur lue : -2)"
    set_language("en")
    assert str(quoted) == "a.csv:2: quantity: must be greater than 0 (got -2)"


def test_numbers_are_formatted_for_french():
    message = Message(_("number too large (at most {limit:.0e})"), limit=1e15)
    assert message.render("fr") == "nombre trop grand (au plus 1e+15)"
    note = Note("over_budget", cost=152345.0, budget=150000.0)
    assert str(note) == "the listed actions cost 152,345 EUR, above the budget of 150,000 EUR"
    assert note.render("fr") == "les actions retenues coûtent 152\u202f345 €, au-delà du budget de 150\u202f000 €"
    pue = Note("default_pue", count=3, value=1.75)
    assert pue.render("fr") == ("3 ligne(s) d'hébergement sans PUE utilisent la valeur par défaut "
                                "datacenter.pue = 1,75")
    import numpy as np

    large = Message(_("{what} too large (more than {limit:,} bytes)"), what=Message(_("file")), limit=np.int64(8_000_000))
    assert str(large) == "file too large (more than 8,000,000 bytes)"
    assert large.render("fr") == "fichier trop volumineux (plus de 8\u202f000\u202f000 octets)"  # numpy ints too
    default = Note("category_default", count=2, total=5, key="lifespan")
    assert default.render("fr").endswith("pour : durée de vie")


def test_messages_survive_pickling_with_their_structure():
    import pickle

    message = pickle.loads(pickle.dumps(Message(_("missing {key}"), key="category")))
    assert message.render("fr") == "valeur manquante : category"


def test_a_plain_string_is_looked_up_and_an_unknown_one_kept():
    assert render("file not found", "fr") == "fichier introuvable"
    assert render("something else", "fr") == "something else"


@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "fr_BE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
    ({"LANG": "en_GB.UTF-8", "LC_ALL": "fr_CA.UTF-8"}, "fr"),
    ({"LANG": "fr", "LC_ALL": ""}, "fr"),
])
def test_language_from_the_locale(environ, expected):
    assert language_from_environment(environ) == expected


BAD = "year: 2024\ndevices:\n  - category: laptopp\n    quantity: -2\n"


@pytest.fixture
def bad_inventory(tmp_path, fixture_factor_root):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_a_french_locale_gives_french_located_lines(runner, bad_inventory):
    result = runner.invoke(cli, ["validate", str(bad_inventory)], env={"LANG": "fr_FR.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad_inventory}:3: category: catégorie inconnue (valeur lue : 'laptopp') (vouliez-vous dire 'laptop' ?)",
        f"{bad_inventory}:4: quantity: doit être supérieur à 0 (valeur lue : -2)",
    ]


@pytest.mark.parametrize("args, env", [
    (["--lang", "en"], {"LANG": "fr_FR.UTF-8"}),
    ([], {"LANG": "en_GB.UTF-8"}),
    ([], {}),
])
def test_english_with_lang_en_or_an_english_locale(runner, bad_inventory, args, env):
    result = runner.invoke(cli, ["validate", str(bad_inventory), *args], env=env)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad_inventory}:3: category: unknown category (got 'laptopp') (did you mean 'laptop'?)",
        f"{bad_inventory}:4: quantity: must be greater than 0 (got -2)",
    ]


def test_lang_fr_wins_over_an_english_locale_and_on_the_group(runner, bad_inventory):
    for args in (["validate", str(bad_inventory), "--lang", "fr"], ["--lang=fr", "validate", str(bad_inventory)]):
        result = runner.invoke(cli, args, env={"LANG": "en_GB.UTF-8"})
        assert result.exit_code == 2
        assert "doit être supérieur à 0" in result.stderr


def test_every_command_accepts_lang(runner):
    from test_cli import COMMANDS

    for path, command in COMMANDS:
        assert any(p.name == "lang" for p in command.params), path


def test_json_stdout_holds_only_the_document_in_french(runner, fixture_factor_root, tmp_path):
    path = tmp_path / "inv.yaml"
    path.write_text("year: 2024\ndevices:\n  - category: laptop\n    quantity: 2\n", encoding="utf-8")
    result = runner.invoke(cli, ["footprint", str(path), "--format", "json", "--draws", "0"],
                           env={"LANG": "fr_FR.UTF-8"})
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert "total_kgco2e_per_year" in json.dumps(document) or document


def test_no_function_shadows_the_message_marker():
    """A function that binds `_` (``for x, _ in …``) and calls ``_()`` fails only at run time."""
    bad = []
    for path in [*(REPO / "sobriete").rglob("*.py"), *(REPO / "cli").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            comprehension_targets = {id(n) for c in ast.walk(function)
                                     if isinstance(c, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
                                     for g in c.generators for n in ast.walk(g.target)}
            binds = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
                        and id(n) not in comprehension_targets for n in ast.walk(function))
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
                        for n in ast.walk(function))
            if binds and calls:
                bad.append(f"{path.relative_to(REPO)}:{function.lineno}: {function.name}")
    assert not bad, "\n".join(bad)


def test_error_templates_use_no_name_of_the_error_fields():
    """``error(_("… {kind} …"), kind=…)`` would bind `kind` to the error class, not to the message."""
    reserved = {"path", "row", "column", "value", "hint", "kind"}
    bad = []
    for path in [*(REPO / "sobriete").rglob("*.py"), *(REPO / "cli").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "error"
                    and node.args and isinstance(node.args[0], ast.Call)
                    and isinstance(node.args[0].func, ast.Name) and node.args[0].func.id == "_"):
                continue
            template = node.args[0].args[0].value
            clash = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name} & reserved
            if clash:
                bad.append(f"{path.relative_to(REPO)}:{node.lineno}: {sorted(clash)}")
    assert not bad, "\n".join(bad)


def test_messages_are_marked_constant_templates():
    """``error``, ``Message`` and ``tr`` take a marked constant template, never an f-string or a bare literal
    (which extraction would miss or could not translate)."""
    bad = []
    for path in [*(REPO / "sobriete").rglob("*.py"), *(REPO / "cli").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("error", "Message", "tr") and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.JoinedStr) or (isinstance(first, ast.Constant) and node.func.id != "tr"):
                bad.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.func.id}(…)")
    assert not bad, "\n".join(bad)
