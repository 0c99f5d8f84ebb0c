"""The EcoIndex of a web page, vectorised (REFERENCES.md §4; re-implemented from the published
formula, the reference code being CC BY-NC-ND).

Inputs: DOM nodes, HTTP requests and transferred size in KiB (bytes / 1024, as EcoIndex tools
measure it). Each is placed on a 21-point quantile table by linear interpolation, the three
positions are weighted 3:2:1, and the score is rounded half to even.
"""

from __future__ import annotations

import numpy as np

QUANTILES_DOM = np.array([0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076,
                          1237, 1459, 1801, 2479, 594601], dtype=float)
QUANTILES_REQUESTS = np.array([0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147,
                               170, 205, 281, 3920], dtype=float)
QUANTILES_SIZE_KIB = np.array([0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62,
                               1265.47, 1448.32, 1648.27, 1876.08, 2142.06, 2465.37, 2866.31, 3401.59,
                               4155.73, 5400.08, 8037.54, 223212.26])
GRADES = ("A", "B", "C", "D", "E", "F", "G")
GRADE_FLOORS = np.array([80, 70, 55, 40, 25, 10])  # strictly above → that grade


def _position(values, quantiles) -> np.ndarray:
    """q(x): i−1 + (x − Q[i−1]) / (Q[i] − Q[i−1]) for the first Q[i] > x, else 20."""
    return np.interp(np.asarray(values, dtype=float), quantiles, np.arange(len(quantiles), dtype=float))


def score(dom, requests, size_kib) -> np.ndarray:
    """EcoIndex score 0–100 (round half to even)."""
    weighted = (3 * _position(dom, QUANTILES_DOM) + 2 * _position(requests, QUANTILES_REQUESTS)
                + _position(size_kib, QUANTILES_SIZE_KIB)) / 6
    return np.round(100 - 5 * weighted)


def grade(scores) -> np.ndarray:
    scores = np.asarray(scores, dtype=float)
    index = np.searchsorted(-GRADE_FLOORS, -scores, side="right")  # count of floors ≥ score
    return np.array(GRADES, dtype=object)[index]


def gco2e_per_view(scores) -> np.ndarray:
    """gCO2e per page view: 2 + 2 × (50 − score) / 100, rounded to 2 decimals."""
    return np.round(2 + 2 * (50 - np.asarray(scores, dtype=float)) / 100, 2)
