"""Small text helpers shared by loaders and messages (normalised matching, suggestions)."""

from __future__ import annotations

import difflib
import re
import unicodedata

from .locale import Message, _

_SPACES = re.compile(r"[\s_\-]+")


def normalise_name(text: str) -> str:
    """Casefold, strip accents, and treat spaces, underscores and hyphens alike: 'PC-Fixe' → 'pc fixe'."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip()


def did_you_mean(word: str, choices, n: int = 1) -> str | None:
    """A 'did you mean …?' hint, or None when nothing is close."""
    choices = list(choices)
    normalised = {normalise_name(c): c for c in choices}
    matches = difflib.get_close_matches(normalise_name(word), list(normalised), n=n, cutoff=0.6)
    if not matches:
        return None
    if len(matches) == 1:
        return Message(_("did you mean {name!r}?"), name=normalised[matches[0]])
    names = [repr(normalised[m]) for m in matches]
    return Message(_("did you mean {names} or {last}?"), names=", ".join(names[:-1]), last=names[-1])


def allowed(choices, limit: int = 12) -> str:
    """'allowed: a, b, c, … (N in all)'."""
    choices = list(choices)
    shown = ", ".join(str(c) for c in choices[:limit])
    if len(choices) > limit:
        return Message(_("allowed: {shown}, … ({count} in all; see `sobriete factors list`)"), shown=shown,
                       count=len(choices))
    return Message(_("allowed: {shown}"), shown=shown)
