"""The change between two annual footprints, split into its causes (telescoping decomposition).

total(this year) − total(previous year) = fleet effect (this inventory, previous factors and method)
+ factor effect (new factors) + method effect (new method), exactly.
"""

from __future__ import annotations

from .footprint import compute_footprint


def decompose_change(previous_inventory, previous_factors, previous_method, inventory, factor_set, method, *,
                     current=None) -> dict:
    """Split total(current) − total(previous) into fleet, factor and method effects (telescoping).

    `current` is this year's footprint when the caller has already computed it.
    """
    t_previous = compute_footprint(previous_inventory, previous_factors, method=previous_method)
    fleet_only = compute_footprint(inventory, previous_factors, method=previous_method)
    with_factors = compute_footprint(inventory, factor_set, method=previous_method)
    if current is None:
        current = compute_footprint(inventory, factor_set, method=method)
    by_category_prev = t_previous.by("category")
    by_category_fleet = fleet_only.by("category")
    categories = sorted(set(by_category_prev) | set(by_category_fleet),
                        key=lambda c: -abs(by_category_fleet.get(c, 0.0) - by_category_prev.get(c, 0.0)))
    return {
        "previous_year": previous_inventory.year,
        "previous_total": t_previous.total,
        "current_total": current.total,
        "fleet": fleet_only.total - t_previous.total,
        "factors": with_factors.total - fleet_only.total,
        "method": current.total - with_factors.total,
        "change": current.total - t_previous.total,
        "fleet_by_category": [{"category": c, "value": by_category_fleet.get(c, 0.0) - by_category_prev.get(c, 0.0)}
                              for c in categories],
    }
