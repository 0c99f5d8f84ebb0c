"""Messages in the user's language: gettext catalogs, a current language, lazy messages.

Every text a user reads on the terminal (errors, notes, progress, table headers) is written in the
code as an English template marked with ``_()`` (a no-op marker that ``pybabel extract`` finds) and
kept with its parameters until it is printed: ``error(_("unknown key {key!r}"), key=key, …)``.
Templates are ``str.format`` strings with named fields; the msgid is the template itself, never an
f-string, so that it is constant.

:class:`Message` *is* its English sentence (a ``str``: JSON outputs, logs and tests read it as
text) and renders itself in another language with :meth:`Message.render`. :func:`translate` looks a
plain string up in the catalogs (an unknown string is returned unchanged), so that a constant
message needs no wrapper at all.

The language of the command line is chosen once per run (:func:`set_language`, from ``--lang`` or
the locale: :func:`language_from_environment`); the library's default is English. Catalogs live
in this folder (``sobriete.pot``, ``fr/`` and ``en/`` ``LC_MESSAGES/sobriete.po`` and the compiled
``.mo``); see ``README.md`` here for the commands that extract, update and compile them.
"""

from __future__ import annotations

import gettext
import numbers
import os
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("fr", "en")
DOMAIN = "sobriete"
LOCALE_DIR = Path(__file__).resolve().parent

_current = "en"


def _(message: str) -> str:
    """Mark a constant English template for extraction; returns it unchanged (rendered later)."""
    return message


def set_language(lang: str | None) -> str:
    """Make `lang` (``fr`` or ``en``; anything else means English) the language of messages."""
    global _current
    _current = "fr" if lang == "fr" else "en"
    return _current


def get_language() -> str:
    """The language messages are rendered in (``fr`` or ``en``)."""
    return _current


def language_from_environment(environ=None) -> str:
    """``fr`` when the locale is French (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``), else ``en``."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:  # POSIX: the first one set wins, even when it is not French
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


@lru_cache(maxsize=None)
def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def translate(message: str, lang: str | None = None) -> str:
    """`message` in `lang` (default: the current language); an unknown message comes back unchanged."""
    lang = lang or _current
    if lang == "en" or not message:
        return str(message)
    return _catalog(lang).gettext(str(message))


class Message(str):
    """A message kept as its template and parameters; as a ``str`` it reads in English."""

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        text = template.format(**params) if params else template
        message = super().__new__(cls, text)
        message.template, message.params = template, params
        return message

    def __reduce__(self):  # copies and pickles keep the structure
        return (_rebuild_message, (self.template, self.params))

    def render(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the current language)."""
        lang = lang or _current
        if lang == "en":
            return str(self)
        template = translate(self.template, lang)
        if not self.params:
            return template
        return template.format(**{key: localise(value, lang) for key, value in self.params.items()})


def _rebuild_message(template, params):
    return Message(template, **params)


def render(text, lang: str | None = None) -> str:
    """Any text in `lang`: messages render themselves, plain strings are looked up in the catalogs."""
    if text is None:
        return ""
    if isinstance(text, Message) or hasattr(text, "render"):
        return text.render(lang or _current)
    return translate(str(text), lang)


def tr(template: str, **params) -> str:
    """`template` with `params`, rendered now in the current language (for lines printed at once)."""
    return Message(template, **params).render()


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with, kept as a :class:`Message` when it is one."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, str) else str(exc)


def localise(value, lang: str):
    """A parameter ready for a template in `lang`: nested messages rendered, numbers formatted."""
    if lang == "en":
        return value
    if isinstance(value, Message) or hasattr(value, "render"):
        return value.render(lang)
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):  # numpy integers too
        return _FrenchInt(int(value))
    if isinstance(value, numbers.Real):
        return _FrenchFloat(float(value))
    return value


def _french_number(text: str) -> str:
    """'1,234.5' → '1 234,5' (grouping with a narrow no-break space, decimal comma)."""
    return text.replace(",", "\u202f").replace(".", ",")


class _FrenchFloat(float):
    """A float that formats with a decimal comma (``{value:g}`` → ``1,75``)."""

    def __format__(self, spec: str) -> str:
        return _french_number(float.__format__(self, spec))


class _FrenchInt(int):
    """An int that groups thousands with a narrow no-break space (``{n:,}`` → ``12 345``)."""

    def __format__(self, spec: str) -> str:
        return _french_number(int.__format__(self, spec))


__all__ = ["LANGUAGES", "Message", "_", "get_language", "language_from_environment", "localise", "message_of", "render",
           "set_language", "tr", "translate"]
