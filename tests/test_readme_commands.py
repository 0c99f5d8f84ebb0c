"""The README and the command line agree (as sqlite-utils checks its docs against its click commands).

Every command and sub-command of ``sobriete`` is in the README's command table, every one of its
long options is in the README (its row of the table, or the text), and its ``--help`` starts with
a one-line summary and shows an ``Example:``.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sobriete.cli.main import cli

README = Path(__file__).resolve().parent.parent / "README.md"
TEXT = README.read_text(encoding="utf-8")


def all_commands(command: click.Command = cli, path: tuple = ()):
    """(path, command) for the root, every group and every command under it."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from all_commands(sub, path + (name,))


COMMANDS = list(all_commands())
IDS = [" ".join(("sobriete", *path)) for path, _ in COMMANDS]


def paths_in(span: str) -> list[tuple]:
    """The command paths a code span of the table names: `sobriete import glpi FILE… …` → [("import",
    "glpi")]; alternatives `sobriete factors list\\|show ID\\|search TEXT` name each of them."""
    words = span.split()
    if not words or words[0] != "sobriete":
        return []
    command, path, rest = cli, (), words[1:]
    while rest and isinstance(command, click.Group):
        alternatives = [piece.split()[0] for piece in " ".join(rest).split("\\|") if piece.split()]
        names = []
        for name in alternatives:
            if name not in command.commands:
                break
            names.append(name)
        if not names:
            break
        if len(names) > 1:
            return [path + (name,) for name in names]
        path, command, rest = path + (names[0],), command.commands[names[0]], rest[1:]
    return [path]


def command_rows() -> dict[tuple, str]:
    """Command path → its row in the table of the README's '## Commands' section."""
    section = TEXT.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[tuple, str] = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        first_cell = re.split(r"(?<!\\)\|", line)[1]
        for span in re.findall(r"`([^`]*)`", first_cell):
            for path in paths_in(span):
                rows[path] = line
                for end in range(len(path)):  # a group is in the table through its commands
                    rows.setdefault(path[:end], line)
    return rows


ROWS = command_rows()


def mentions(text: str, option: str) -> bool:
    """`--pcf` is mentioned by "[--pcf]", not by "--pcf-fuzzy"."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def long_options(command: click.Command) -> list[str]:
    return [name for param in command.params if isinstance(param, click.Option) and not param.hidden
            for name in (*param.opts, *param.secondary_opts) if name.startswith("--")]


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_every_command_is_in_the_readme_table(path, command):
    assert path in ROWS, (f"`{' '.join(('sobriete', *path))}` is missing from the command table of README.md "
                          f"(section '## Commands')")


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_every_option_is_in_the_readme(path, command):
    row = ROWS.get(path, "")
    missing = [option for option in long_options(command) if not mentions(row, option) and not mentions(TEXT, option)]
    assert not missing, (f"options of `{' '.join(('sobriete', *path))}` not documented in README.md: "
                         f"{', '.join(missing)} (add them to its row of the command table)")


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_every_help_has_a_one_line_summary_and_an_example(path, command):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    summary = (command.help or "").strip().split("\n\n")[0]
    assert summary and "\n" not in summary, f"the help of {' '.join(path) or 'sobriete'} must start with one line"
    assert " ".join(summary.split()) in " ".join(result.output.split())
    assert "Example:" in result.output


@pytest.mark.parametrize("span, expected", [
    ("sobriete footprint INVENTORY [--method amortized\\|acquisition]", [("footprint",)]),
    ("sobriete import glpi FILE… --output INVENTORY", [("import", "glpi")]),
    ("sobriete factors list\\|show ID\\|search TEXT [--format table\\|json]",
     [("factors", "list"), ("factors", "show"), ("factors", "search")]),
    ("sobriete --version", [()]),
    ("pip install .", []),
])
def test_table_spans_name_their_commands(span, expected):
    assert paths_in(span) == expected
