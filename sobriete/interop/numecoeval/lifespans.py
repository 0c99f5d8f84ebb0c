"""Dates, lifespans and usage rates as NumÉcoÉval computes them (REFERENCES §3, DESIGN §9)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ...io.distinct import map_distinct
from ...text import normalise_name
from .conventions import (DAYS_PER_NUMECOEVAL_YEAR, DEFAULT_LIFESPAN_YEARS, MIN_LIFESPAN_YEARS, TYPE_LIFESPANS,
                          USAGE_RATES)


def type_lifespans(types) -> np.ndarray:
    """NumÉcoÉval's default lifespan of each type: its type default, else 2 years."""
    return map_distinct(np.asarray(types, dtype=object),
                        lambda t: TYPE_LIFESPANS.get(normalise_name(str(t)), DEFAULT_LIFESPAN_YEARS),
                        missing=DEFAULT_LIFESPAN_YEARS, dtype=np.float64)


def lifespans(achat, retrait, interne, amont, aval, year: int, mode: str, default=None):
    """Lifespans in NumÉcoÉval years and how each was obtained, as NumÉcoÉval chooses them.

    ``REEL``: (``dateRetrait``, else 31 December of `year`, − ``dateAchat``) in days / 365;
    ``FIXE``: ``dureeUsageInterne``; both plus ``dureeUsageAmont`` and ``dureeUsageAval``. Without
    ``dateAchat`` (REEL) or ``dureeUsageInterne`` (FIXE), the type's default lifespan `default`
    (per line, :func:`type_lifespans`; 2 years when not given). Never below 1 year.

    Returns ``(lifespan, days, basis, stand_in, raised)``: ``basis`` is "REEL", "FIXE" or
    "default".
    """
    n = len(achat)
    has_achat = ~np.isnat(achat)
    stand_in = has_achat & np.isnat(retrait) & (mode == "reel")
    end = np.where(np.isnat(retrait), np.datetime64(dt.date(year, 12, 31), "D"), retrait)
    days = np.where(has_achat, (end - achat).astype("timedelta64[D]").astype(np.float64), np.nan)
    fallback = np.full(n, DEFAULT_LIFESPAN_YEARS) if default is None else np.asarray(default, dtype=np.float64)
    given = has_achat if mode == "reel" else ~np.isnan(interne)
    base = days / DAYS_PER_NUMECOEVAL_YEAR if mode == "reel" else interne.astype(np.float64)
    extra = np.nan_to_num(amont) + np.nan_to_num(aval)
    total = np.where(given, np.where(extra != 0, base + extra, base), fallback)
    basis = np.where(given, "REEL" if mode == "reel" else "FIXE", "default").astype(object)
    raised = ~np.isnan(total) & (total < MIN_LIFESPAN_YEARS)
    total = np.where(raised, MIN_LIFESPAN_YEARS, total)
    return total, days, basis, stand_in, raised


def usage_rates(mode, rate) -> tuple[np.ndarray, np.ndarray]:
    """The share of each line (``tauxUtilisation``, else COPE 0.8 / BYOD 0.57, else 1) and a mask
    of unknown ``modeUtilisation`` values (counted as 1)."""
    from_mode = map_distinct(mode, lambda m: USAGE_RATES.get(str(m).strip().lower(), 1.0),
                             missing=1.0, dtype=float)
    unknown = map_distinct(mode, lambda m: str(m).strip().lower() not in USAGE_RATES, missing=False, dtype=bool)
    share = np.where(~np.isnan(rate), rate, from_mode)
    return share, unknown & np.isnan(rate)


def purchase_years(achat: np.ndarray) -> np.ndarray:
    """The year of each date as a float (NaN where there is none)."""
    return np.where(np.isnat(achat), np.nan, achat.astype("datetime64[Y]").astype(np.int64) + 1970.0)


def first_day(year: int) -> np.datetime64:
    return np.datetime64(dt.date(year, 1, 1), "D")


def last_day(year: int) -> np.datetime64:
    return np.datetime64(dt.date(year, 12, 31), "D")


def date_texts(dates: np.ndarray) -> np.ndarray:
    """``2020-07-08`` per date, None where there is none."""
    texts = dates.astype(str).astype(object)
    return np.where(np.isnat(dates), None, texts)
