"""Export: the NumÉcoÉval dates, durations and usage fields of each line, restored from its notes
where they still give the line's values, else rebuilt from those values."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ...io.distinct import map_distinct
from .conventions import DAYS_PER_NUMECOEVAL_YEAR
from .formats import number_text
from .lifespans import date_texts, lifespans, purchase_years, usage_rates
from .linenotes import NOTE_FIELDS, parse_line_note
from .values import parse_dates, parse_numbers


def kept_fields(notes: np.ndarray) -> dict:
    """The NumÉcoÉval fields of each line's notes, one object array per field (None: absent)."""
    parsed = map_distinct(notes, parse_line_note)
    result = {key: np.array([(d or {}).get(key) or None for d in parsed], dtype=object) for key in NOTE_FIELDS}
    result["_present"] = np.array([bool(d) for d in parsed], dtype=object)
    return result


def texts_of(series) -> np.ndarray:
    """A column's non-empty strings, None elsewhere."""
    values = series.astype(object).to_numpy(dtype=object)
    return np.array([v if isinstance(v, str) and v else None for v in values], dtype=object)


def or_empty(values: np.ndarray) -> np.ndarray:
    """None → ''."""
    return np.where(np.array([v is None for v in values], dtype=bool), "", values) if len(values) else values


def number_texts(values: np.ndarray) -> np.ndarray:
    return map_distinct(values.astype(object), number_text, missing="")


def close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Equal within 1e-9 (relative), or both NaN."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(invalid="ignore"):
        near = np.abs(a - b) <= 1e-9 * np.maximum(np.maximum(np.abs(a), np.abs(b)), 1.0)
    return both_nan | (near & ~np.isnan(a) & ~np.isnan(b))


def export_fields(lines, kept: dict, year: int, default: np.ndarray) -> tuple[dict, np.ndarray]:
    """Dates, durations and usage fields per line: the kept NumÉcoÉval ones where they still give
    the line's lifespan, purchase year and share, else fields rebuilt from those values."""
    n = len(lines)
    consistent = _consistent(lines, kept, year, default)
    rebuilt = _rebuilt(lines, year)
    fields = {}
    for key in NOTE_FIELDS:
        if key in ("type", "statut", "nomLongDatacenter"):
            continue
        original = or_empty(kept[key])
        fields[key] = np.where(consistent, original, rebuilt.get(key, np.full(n, "", dtype=object)))
    return fields, consistent


def _consistent(lines, kept: dict, year: int, default: np.ndarray) -> np.ndarray:
    """Lines whose kept fields are all readable and give their lifespan, purchase year and share."""
    n = len(lines)
    achat, achat_codes, bad_achat = parse_dates(kept["dateAchat"])
    retrait, retrait_codes, bad_retrait = parse_dates(kept["dateRetrait"])
    bad = np.zeros(n, dtype=bool)
    for codes, problems in ((achat_codes, bad_achat), (retrait_codes, bad_retrait)):
        bad |= np.isin(codes, [k for k, _, _ in problems])
    durations = []
    for key in ("dureeUsageInterne", "dureeUsageAmont", "dureeUsageAval"):
        values, codes, problems = parse_numbers(kept[key], minimum=None)
        durations.append(values)
        bad |= np.isin(codes, [k for k, _, _ in problems])
    rate, codes, problems = parse_numbers(kept["tauxUtilisation"], minimum=None, percent=True)
    bad |= np.isin(codes, [k for k, _, _ in problems])
    kept_share, _ = usage_rates(kept["modeUtilisation"], rate)
    reel = lifespans(achat, retrait, *durations, year, "reel", default=default)[0]
    fixe = lifespans(achat, retrait, *durations, year, "fixe", default=default)[0]
    lifespan = lines["lifespan"].to_numpy(float)
    same_purchase = close(purchase_years(achat), lines["purchase_year"].to_numpy(float))
    same_share = close(kept_share, lines["share"].to_numpy(float))
    # The mode used at import is not recorded: the kept fields stand if either mode gives the line's
    # lifespan.
    return kept["_present"].astype(bool) & ~bad & same_purchase & same_share \
        & (close(reel, lifespan) | close(fixe, lifespan))


def _rebuilt(lines, year: int) -> dict:
    """Fields rebuilt from the values: 1 January of the purchase year, and a withdrawal date that
    gives the lifespan exactly when it is a whole number of days / 365 and falls in or after the
    reporting year."""
    lifespan = lines["lifespan"].to_numpy(float)
    purchase = lines["purchase_year"].to_numpy(float)
    share = lines["share"].to_numpy(float)
    start = np.where(np.isnan(purchase), np.datetime64("NaT"),
                     (np.nan_to_num(purchase) - 1970).astype(np.int64).astype("datetime64[Y]").astype("datetime64[D]"))
    days = lifespan * DAYS_PER_NUMECOEVAL_YEAR
    whole = ~np.isnan(days) & (np.abs(days - np.round(np.nan_to_num(days))) < 1e-6)
    end = start + np.round(np.nan_to_num(days)).astype(np.int64).astype("timedelta64[D]")
    end_ok = whole & ~np.isnat(start) & (end >= np.datetime64(dt.date(year, 1, 1), "D"))
    return {
        "dateAchat": np.where(np.isnat(start), "", date_texts(start)),
        "dateRetrait": np.where(end_ok, date_texts(end), ""),
        "dureeUsageInterne": number_texts(lifespan),
        "tauxUtilisation": np.where(share != 1.0, number_texts(share), ""),
    }
