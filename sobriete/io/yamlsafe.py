"""Safe YAML loading with line numbers, duplicate-key detection and limits.

PyYAML's SafeLoader never executes tags, but on its own it accepts duplicate keys silently
(the last wins) and lets a small file expand into a huge structure through aliases
("billion laughs"). This loader records every mapping's line, reports duplicate keys, refuses
documents whose alias expansion exceeds a node budget, and refuses absurdly large files before
parsing them.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import InputError, InputErrors, error
from .userfiles import file_problem, read_bytes
from ..locale import Message, _

YAML_MAX_BYTES = 20_000_000  # large asset lists belong in a CSV/XLSX section (DESIGN §3)
MAX_EXPANDED_NODES = 2_000_000
MAX_DEPTH = 64  # an inventory nests 4 levels (ecoindex in a line in a section); a scenario 5
# Tags a document may carry, explicitly or by PyYAML's implicit resolution; anything else
# (!!set, !!omap, !!binary, !!python/…, a local !tag) is refused with its line.
ALLOWED_TAGS = frozenset("tag:yaml.org,2002:" + name for name in
                         ("str", "int", "float", "bool", "null", "map", "seq", "merge", "timestamp"))
# Characters YAML itself refuses (C0 controls but tab, LF, CR; DEL; C1 controls but NEL; surrogates),
# found before parsing so that the message gives the line and the character's name.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {0x00: "NUL", 0x0B: _("vertical tab"), 0x0C: _("form feed"), 0x1B: _("escape (ESC)"), 0x7F: "DEL",
                  0x08: _("backspace"), 0x07: _("bell")}


class LineDict(dict):
    """A mapping that remembers the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A sequence that remembers the line it starts on and the line of each item (1-based)."""

    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    def __init__(self, stream, label: str):
        super().__init__(stream)
        self.label = label
        self.problems: list[InputError] = []

        self.depth = 0

    def compose_node(self, parent, index):
        # PyYAML composes (and constructs) recursively: bound the depth before Python's stack is.
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise InputErrors([error(_("YAML nested more than {depth} levels deep; refused"), depth=MAX_DEPTH,
                                         path=self.label, row=mark.line + 1)])
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def compose_document(self):
        node = super().compose_document()
        _check_expansion(node, self.label)
        return node


def _check_expansion(root, label: str) -> None:
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            in_progress.discard(key)
            children = _children(node)
            total = 1 + sum(sizes[id(c)] for c in children)
            sizes[key] = total
            if total > MAX_EXPANDED_NODES:
                raise InputErrors([error(
                    _("the YAML aliases expand to more than {limit:,} values; refused (an alias bomb?)"),
                    limit=MAX_EXPANDED_NODES, path=label, row=node.start_mark.line + 1)])
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise InputErrors([error(_("recursive YAML alias refused"), path=label,
                                     row=node.start_mark.line + 1)])
        if node.tag not in ALLOWED_TAGS:
            raise InputErrors([error(_("invalid YAML: YAML tag not allowed ({tag!r})"), tag=node.tag, path=label,
                                     row=node.start_mark.line + 1)])
        in_progress.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node):
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _construct_mapping(loader: _Loader, node):
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    seen: dict = {}
    for key_node, _value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        if isinstance(key_node, yaml.ScalarNode):
            key = loader.construct_object(key_node)
            if key in seen:
                loader.problems.append(error(
                    _("duplicate key {key!r} (first on line {line})"), key=key, line=seen[key], path=loader.label,
                    row=key_node.start_mark.line + 1))
            else:
                seen[key] = key_node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            loader.problems.append(error(_("a mapping key must be a plain value"), path=loader.label,
                                         row=key_node.start_mark.line + 1))
            continue
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1


def _construct_sequence(loader: _Loader, node):
    data = LineList()
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def read_text_file(path: Path, label: str, *, max_bytes: int | None = None) -> str:
    """Read a text file for parsing; binary, empty, oversized or undecodable files are input errors."""
    limit = max_bytes if max_bytes is not None else YAML_MAX_BYTES
    problem = file_problem(path, label, max_bytes=limit)
    if problem is not None and problem.message.startswith("file too large"):
        raise InputErrors([error(
            _("file too large for YAML ({size:,} bytes, limit {limit:,})"), size=Path(path).stat().st_size,
            limit=limit, path=label,
            hint=_("give large asset lists as a CSV or XLSX section: 'devices: devices.csv'"))])
    if problem is not None:
        raise InputErrors([problem])
    raw = read_bytes(path, label, max_bytes=limit)
    if not raw.strip():
        raise InputErrors([error(_("empty file"), path=label)])
    if b"\x00" in raw[:65536]:
        raise InputErrors([error(_("binary file, not a text file"), path=label,
                                 hint=_("expected YAML, CSV (UTF-8) or XLSX"))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputErrors([error(_("not valid UTF-8 (byte {byte})"), byte=exc.start, path=label,
                                 row=raw[:exc.start].count(b"\n") + 1,
                                 hint=_("save the file as UTF-8"))]) from exc


def _forbidden_characters(text: str, label: str) -> list[InputError]:
    """One problem per line holding a character YAML refuses (at most 20 lines)."""
    problems: list[InputError] = []
    last_line = 0
    for match in _FORBIDDEN.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line == last_line:
            continue
        last_line = line
        code = ord(match.group())
        name = _CONTROL_NAMES.get(code, _("control character") if code < 0xA0 else _("invalid character"))
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(error(_("{name} (U+{code:04X}) at character {position}: not allowed in YAML"), name=Message(name), code=code,
                              position=column,
                              path=label, row=line, hint=_("remove it, or save the file again as plain text")))
        if len(problems) == 20:
            break
    return problems


def load_yaml_text(text: str, label: str):
    """Parse YAML text safely; returns plain data with LineDict mappings."""
    problems = _forbidden_characters(text, label)
    if problems:
        raise InputErrors(problems)
    try:
        loader = _Loader(text, label)
    except yaml.YAMLError as exc:  # the reader checks the characters when it is built
        raise InputErrors([error(_("invalid YAML: {problem}"), problem=str(exc), path=label)]) from exc
    try:
        data = loader.get_single_data()
    except InputErrors:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        row = mark.line + 1 if mark else None
        message = str(exc.problem or exc.context or "cannot be parsed")
        hint = None
        if "could not determine a constructor" in message:
            message = Message(_("YAML tag not allowed ({tag})"), tag=message.split("for the tag", 1)[-1].strip())
        elif exc.context and exc.problem:
            started = Message(_(" started on line {line}"), line=exc.context_mark.line + 1) if exc.context_mark else ""
            hint = Message(_("{context}{started}; check the indentation"), context=exc.context, started=started)
        raise InputErrors([error(_("invalid YAML: {problem}"), problem=message, path=label, row=row, hint=hint)]) from exc
    except yaml.YAMLError as exc:
        raise InputErrors([error(_("invalid YAML: {problem}"), problem=str(exc), path=label)]) from exc
    except RecursionError as exc:
        raise InputErrors([error(_("YAML nested too deeply"), path=label)]) from exc
    finally:
        loader.dispose()
    if loader.problems:
        raise InputErrors(sorted(loader.problems, key=lambda p: p.row or 0))
    return data


def load_yaml_file(path: Path, label: str | None = None):
    label = label or str(path)
    return load_yaml_text(read_text_file(Path(path), label, max_bytes=YAML_MAX_BYTES), label)
