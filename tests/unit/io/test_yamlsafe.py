"""sobriete.io.yamlsafe: duplicate keys, tags, alias bombs, limits, binary and empty files."""

from __future__ import annotations

import pytest

from sobriete.errors import InputErrors
from sobriete.io.yamlsafe import (MAX_EXPANDED_NODES, YAML_MAX_BYTES, LineDict, LineList,
                                  load_yaml_file, load_yaml_text)


def problems_of(text: str, label: str = "f.yaml") -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_yaml_text(text, label)
    return [str(p) for p in info.value.problems]


def test_mappings_and_sequences_remember_their_lines():
    data = load_yaml_text("# comment\nyear: 2024\ndevices:\n  - category: laptop\n\n    quantity: 3\n"
                          "  - category: desktop\n", "f.yaml")
    assert isinstance(data, LineDict)
    assert data.key_lines == {"year": 2, "devices": 3}
    assert isinstance(data["devices"], LineList)
    assert data["devices"].item_lines == [4, 7]
    first = data["devices"][0]
    assert first.line == 4
    assert first.key_lines == {"category": 4, "quantity": 6}
    assert first == {"category": "laptop", "quantity": 3}


def test_duplicate_keys_are_reported_with_both_lines():
    lines = problems_of("year: 2024\ndevices:\n  - category: laptop\n    quantity: 3\n    quantity: 4\n"
                        "year: 2025\n")
    assert lines == ["f.yaml:5: duplicate key 'quantity' (first on line 4)",
                     "f.yaml:6: duplicate key 'year' (first on line 1)"]


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/object:builtins.object {}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!custom 3",
])
def test_tags_are_refused_and_never_executed(tag, monkeypatch):
    import os

    called = []
    monkeypatch.setattr(os, "system", lambda *a: called.append(a))
    lines = problems_of(f"year: 2024\ncategory: {tag}\n")
    assert len(lines) == 1
    assert lines[0].startswith("f.yaml:2: invalid YAML: YAML tag not allowed (")
    assert called == []


def test_alias_bomb_is_refused_before_expansion():
    # Nine levels of ten aliases: 10⁹ values if expanded. The check runs on the node graph,
    # so refusing it costs a few thousand steps (the test would never finish otherwise).
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 10) + "]")
    lines.append("year: 2024")
    problems = problems_of("\n".join(lines) + "\n")
    assert len(problems) == 1
    assert f"the YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values; refused" in problems[0]
    assert problems[0].startswith("f.yaml:")


def test_moderate_aliases_and_merge_keys_are_fine():
    data = load_yaml_text("base: &b {category: laptop, quantity: 2}\n"
                          "devices:\n  - <<: *b\n    lifespan: 6 years\n  - *b\n", "f.yaml")
    assert data["devices"][0] == {"category": "laptop", "quantity": 2, "lifespan": "6 years"}
    assert data["devices"][1] == {"category": "laptop", "quantity": 2}


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "x: 1\na: &a [1, [2, *a]]\n"])
def test_recursive_alias_is_refused(text):
    problems = problems_of(text)
    assert len(problems) == 1 and problems[0].endswith("recursive YAML alias refused")


def test_syntax_error_is_located():
    assert problems_of("year: 2024\ndevices:\n  - category: laptop\n   quantity: 3\n") == [
        "f.yaml:4: invalid YAML: expected <block end>, but found '<block mapping start>' "
        "(while parsing a block collection started on line 3; check the indentation)"]


def test_file_over_20_mb_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(YAML_MAX_BYTES + 1)  # sparse: nothing to parse, only its size
    with pytest.raises(InputErrors) as info:
        load_yaml_file(path, "huge.yaml")
    assert [str(p) for p in info.value.problems] == [
        f"huge.yaml: file too large for YAML ({YAML_MAX_BYTES + 1:,} bytes, limit {YAML_MAX_BYTES:,}) "
        "(give large asset lists as a CSV or XLSX section: 'devices: devices.csv')"]


@pytest.mark.parametrize("content, message", [
    (b"", "x.yaml: empty file"),
    (b"  \n\n\t\n", "x.yaml: empty file"),
    (b"year: 2024\x00\x01\x02", "x.yaml: binary file, not a text file (expected YAML, CSV (UTF-8) or XLSX)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.yaml: binary file, not a text file (expected YAML, CSV (UTF-8) or XLSX)"),
    (b"name: Mairie de S\xe8te\n", "x.yaml:1: not valid UTF-8 (byte 17) (save the file as UTF-8)"),
])
def test_binary_empty_and_undecodable_files(tmp_path, content, message):
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    with pytest.raises(InputErrors) as info:
        load_yaml_file(path, "x.yaml")
    assert [str(p) for p in info.value.problems] == [message]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffyear: 2024\nname: Hôtel de ville\n".encode("utf-8"))
    assert load_yaml_file(path) == {"year": 2024, "name": "Hôtel de ville"}
