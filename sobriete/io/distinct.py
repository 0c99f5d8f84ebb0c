"""Compute once per distinct value, then spread the results back over the rows.

Importers see the same few values many times (a model, a type, a date per row of 100k): factorise
the column once into integer codes, compute each distinct value once, and index the table of
results with the codes. The values may be any hashable objects, tuples included (a key made of
several columns). ``None`` and NaN are *missing*: code -1, never computed, given ``missing``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def object_array(values) -> np.ndarray:
    """A 1-D object array of the values, tuples kept whole (``np.array`` would make them a 2-D array)."""
    values = list(values)
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


@dataclass(frozen=True)
class Distinct:
    """A column factorised: the code of each row (-1: missing) and the distinct values by first appearance."""

    codes: np.ndarray  # int64, one per row
    values: list

    def first_rows(self) -> np.ndarray:
        """The position of the first row holding each distinct value."""
        first = np.full(len(self.values), -1, dtype=np.int64)
        present = self.codes >= 0
        positions = np.flatnonzero(present)[::-1]
        first[self.codes[present][::-1]] = positions  # the last write wins: the first row
        return first

    def spread(self, table, *, missing=None, dtype=object) -> np.ndarray:
        """One result per row from one result per distinct value (``table[code]``), ``missing`` for -1."""
        if len(table) != len(self.values):
            raise ValueError(f"{len(table)} results for {len(self.values)} distinct values")
        if dtype is object:
            results = object_array([*table, missing])
        else:
            results = np.array([*table, missing], dtype=dtype)
        return results[np.where(self.codes < 0, len(self.values), self.codes)]

    def map(self, compute: Callable, *, missing=None, dtype=object) -> np.ndarray:
        """``compute(value)`` once per distinct value, spread back over the rows."""
        return self.spread([compute(value) for value in self.values], missing=missing, dtype=dtype)


def distinct(values) -> Distinct:
    """Factorise values (a sequence or array; tuples for several columns) into a :class:`Distinct`."""
    import pandas as pd

    array = values if isinstance(values, np.ndarray) and values.ndim == 1 else object_array(values)
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    return Distinct(np.asarray(codes, dtype=np.int64), list(uniques))


def map_distinct(values, compute: Callable, *, missing=None, dtype=object) -> np.ndarray:
    """``compute`` applied once per distinct value of ``values``, one result per row."""
    return distinct(values).map(compute, missing=missing, dtype=dtype)
