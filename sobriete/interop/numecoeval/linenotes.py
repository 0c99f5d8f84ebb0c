"""What an imported line's ``notes`` say, and the import's notes about a file's lines.

A line's notes keep the NumÉcoÉval fields sobriete has no key for (type, dates, durations, usage
mode), after ``NumÉcoÉval ``, then `` | `` and how the line's values were derived; export reads
them back (:func:`parse_line_note`) so that import → export → import round-trips.
"""

from __future__ import annotations

import numpy as np

from ...io.distinct import map_distinct
from .conventions import DEFAULT_LIFESPAN_YEARS, DEFAULT_PUE, TYPE_LIFESPANS
from .lifespans import date_texts
from ...locale import Message, _

NOTE_PREFIX = "NumÉcoÉval "
NOTE_FIELDS = ("type", "dateAchat", "dateRetrait", "dureeUsageInterne", "dureeUsageAmont",
               "dureeUsageAval", "modeUtilisation", "tauxUtilisation", "statut", "nomLongDatacenter")


def parse_line_note(text) -> dict:
    """The NumÉcoÉval fields kept in a line's notes (``NumÉcoÉval type=Laptop; dateAchat=…``)."""
    if not isinstance(text, str) or NOTE_PREFIX not in text:
        return {}
    body = text[text.index(NOTE_PREFIX) + len(NOTE_PREFIX):].split(" | ", 1)[0]
    fields = {}
    for part in body.split("; "):
        key, sep, value = part.partition("=")
        if sep and key.strip() in NOTE_FIELDS:
            fields[key.strip()] = value.strip()
    return fields


def line_notes(table, year, mode, lifespan, days, basis, stand_in, raised, achat, retrait,
               no_pue, default_pue, dc_long, other_lives) -> np.ndarray:
    """Per line: the NumÉcoÉval fields kept, then how the line's values were derived."""
    n = len(table)
    fields = {"type": table.column("type"), "dateAchat": date_texts(achat), "dateRetrait": date_texts(retrait)}
    for name in NOTE_FIELDS[3:-1]:
        fields[name] = table.column(name)
    fields["nomLongDatacenter"] = dc_long
    kept = joined([map_distinct(values, lambda v, key=key: f"{key}={clean_note(v)}", missing="")
                   for key, values in fields.items()])
    day_texts = np.where(np.isnan(days), 0, days).astype(np.int64).astype(str).astype(object)
    missing = "dateAchat" if mode == "reel" else "dureeUsageInterne"
    lifespan_text = np.select(
        [basis == "REEL", basis == "FIXE"],
        ["lifespan REEL " + day_texts + " days / 365", "lifespan FIXE from dureeUsageInterne"],
        f"lifespan: NumÉcoÉval's default for the type (no {missing})").astype(object)
    derived = joined([
        lifespan_text,
        np.where(stand_in & (basis == "REEL"), f"{year}-12-31 stands in for the missing dateRetrait", ""),
        np.where(other_lives & (basis != "default"), "plus dureeUsageAmont and dureeUsageAval", ""),
        np.where(raised, "raised to 1 year, NumÉcoÉval's minimum", ""),
        np.where(no_pue, "PUE 1: NumÉcoÉval applies a PUE only to servers in a data centre", ""),
        np.where(default_pue, f"PUE {DEFAULT_PUE:g}: NumÉcoÉval's default for a data centre without PUE", ""),
    ])
    return (NOTE_PREFIX + kept + " | " + derived) if n else np.array([], dtype=object)


def joined(parts: list, separator: str = "; ") -> np.ndarray:
    """Join per line the non-empty strings of several object arrays."""
    result = np.asarray(parts[0], dtype=object)
    for part in parts[1:]:
        part = np.asarray(part, dtype=object)
        both = (result != "") & (part != "")
        result = np.where(both, result + separator + part, result + part)
    return result


def clean_note(value) -> str:
    """A value as a note may hold it: no ';', '|' or '=' (they separate the fields)."""
    return str(value).replace(";", ",").replace("|", "/").replace("=", "-").strip()


def count_notes(label, keep, mode, year, basis, stand_in, raised, unknown_mode, modes,
                no_pue, default_pue, notes) -> None:
    """The import's notes about one physical equipment file: how many kept lines took each convention."""
    def count(mask):
        return int((mask & keep).sum())

    if count(stand_in):
        notes.append(Message(_("{label}: {count} line(s) without dateRetrait: 31 December {year} stands in for it in "
                               "the REEL lifespan (NumÉcoÉval uses the day of the calculation)"),
                              label=label, count=count(stand_in), year=year))
    if count(raised):
        notes.append(Message(_("{label}: {count} line(s) with a lifespan under 1 year raised to 1 year (NumÉcoÉval's "
                               "minimum)"),
                              label=label, count=count(raised)))
    defaults = basis == "default"
    if count(defaults):
        what = "dateAchat" if mode == "reel" else "dureeUsageInterne"
        notes.append(Message(_("{label}: {count} line(s) without {what} take NumÉcoÉval's default lifespan for their "
                               "type (Server {server:g} years, Smartphone {smartphone:g} years, others {others:g} "
                               "years)"),
                              label=label, count=count(defaults), what=what, server=TYPE_LIFESPANS['server'],
                              smartphone=TYPE_LIFESPANS['smartphone'], others=DEFAULT_LIFESPAN_YEARS))
    if count(unknown_mode):
        values = sorted({str(m) for m, u, k in zip(modes, unknown_mode, keep) if u and k})
        notes.append(Message(_("{label}: {count} line(s) with modeUtilisation {values}, neither COPE nor BYOD: usage "
                               "rate 1"),
                              label=label, count=count(unknown_mode), values=', '.join(values)))
    if count(no_pue):
        notes.append(Message(_("{label}: {count} hosting line(s) that are not servers in a data centre get PUE 1 "
                               "(NumÉcoÉval applies a PUE only to servers hosted in a data centre)"),
                              label=label, count=count(no_pue)))
    if count(default_pue):
        notes.append(Message(_("{label}: {count} server line(s) in a data centre without PUE get NumÉcoÉval's default"
                               " PUE {default_pue:g}"),
                              label=label, count=count(default_pue), default_pue=DEFAULT_PUE))
