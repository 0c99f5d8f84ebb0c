"""The exception hierarchy of sobriete.

Input errors carry where the problem is (file, row, column, value) and build their one-line
message in ``__str__``; the command line prints one line per problem and exits with code 2.
``FactorDataError`` means the shipped factor database is inconsistent: our bug, exit code 1.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .locale import Message, _, render

MAX_VALUE_CHARS = 60


def quote_value(value: object) -> str:
    """Quote an offending value for a message, at most 60 characters (DESIGN §2)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a count read into a float column: show it as written (-2, not -2.0)
    text = str(value)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return repr(text) if isinstance(value, str) else text


# Bidirectional overrides and isolates, the byte-order mark: invisible, they reorder what a reader
# sees (CVE-2021-42574), so one-line text shows them escaped like control characters.
INVISIBLE = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def one_line(value) -> str:
    """`value` as one line of printable text: control characters, line and paragraph separators
    (``\\n``, ``\\r``, U+0085, U+2028…) and bidirectional overrides are written as escapes.

    For YAML comments (a line break would end the comment and start YAML content) and for the
    lines of reports printed on a terminal (an escape sequence would drive the terminal).
    """
    text = str(value)
    if text.isprintable() and not INVISIBLE.intersection(text):
        return text
    out = []
    for ch in text:
        if ch == " " or (ch.isprintable() and ch not in INVISIBLE):
            out.append(ch)
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif unicodedata.category(ch) == "Zs":  # a space (no-break, thin…): harmless
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)


class SobrieteError(Exception):
    """Base class of every error raised on purpose by sobriete."""


@dataclass
class InputError(SobrieteError, ValueError):
    """A problem in a file or argument given by the user (exit code 2)."""

    message: str
    path: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    hint: str | None = None
    has_value: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.render()

    def render(self, lang: str | None = None) -> str:
        """The one located line in `lang` (default: the current language of messages)."""
        location = self.path or render(_("<input>"), lang)
        if self.row is not None:
            location += f":{self.row}"
        text = f"{location}: "
        if self.column:
            text += f"{self.column}: "
        text += render(self.message, lang)
        if self.has_value:
            text += " " + render(Message(_("(got {value})"), value=quote_value(self.value)), lang)
        if self.hint:
            text += f" ({render(self.hint, lang)})"
        return one_line(text)


class SchemaError(InputError):
    """An unknown or missing key or column."""


class UnitError(InputError):
    """A quantity whose unit cannot be parsed or has the wrong dimension."""


class UnknownCategoryError(InputError):
    """A line whose category matches no factor profile."""


class ScenarioError(InputError):
    """A scenario whose years, levers or targets are inconsistent."""


class InputErrors(SobrieteError, ValueError):
    """Every problem found in one validation pass, reported together."""

    def __init__(self, problems: list[InputError]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class FactorDataError(SobrieteError):
    """The factor database is inconsistent (shipped data: our bug; user file: reported with exit 2)."""


def error(message: str, *, path=None, row=None, column=None, value=..., hint=None,
          kind: type[InputError] = InputError, **params) -> InputError:
    """Build an input error; pass ``value`` only when the offending value should be quoted.

    `message` is a constant English template marked with ``_()``; its named fields are the other
    keyword arguments (``error(_("unknown key {key!r}"), key=key, path=…)``), kept so that the line
    is rendered in the user's language when printed.
    """
    has_value = value is not ...
    if params:
        message = Message(message, **params)
    return kind(message=message, path=path, row=row, column=column,
                value=None if not has_value else value, hint=hint, has_value=has_value)
