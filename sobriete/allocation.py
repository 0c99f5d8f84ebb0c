"""Allocation of a host's footprint to its virtual machines and applications (calculation layer).

A virtual machine takes its host's impact × its share, an application an equal part of each
virtual machine it runs on: NumÉcoÉval's rules (REFERENCES §3), applied by the importer
(``sobriete.interop.numecoeval.shares``), which keeps the shares in the allocation table next to
the inventory; :func:`application_breakdown` applies them to a footprint.

Arrays in, results out: no files, no printing. Turning the results into messages (which virtual
machines, on which lines) is the importer's job.
"""

from __future__ import annotations

NO_APPLICATION = "(virtual machine without application)"
NOT_ALLOCATED = "(not allocated)"


def application_breakdown(footprint, allocation, *, phase: str = "total") -> dict[str, float]:
    """kgCO2e per year per application: each host line's `phase` × the share of each application.

    ``allocation`` has one row per (host, virtual machine, application) with its ``share``.
    Virtual machines without an application appear under :data:`NO_APPLICATION`, the rest of the
    footprint (devices, hosts without virtual machines, unallocated parts) under
    :data:`NOT_ALLOCATED`, so that the values add up to the footprint's total for `phase`.
    """
    import pandas as pd

    lines = footprint.lines
    values = lines[phase].to_numpy(float)
    names = lines["name"].astype(object).where(lines["name"].notna(), None)
    per_host = pd.Series(values).groupby(names.to_numpy(object), dropna=True).sum()
    total = float(values.sum())
    if allocation is None or not len(allocation):
        return {NOT_ALLOCATED: total}
    host_value = allocation["host"].map(per_host).fillna(0.0).to_numpy(float)
    amount = allocation["share"].to_numpy(float) * host_value
    label = allocation["application"].where(allocation["application"].notna(), NO_APPLICATION)
    result = pd.Series(amount).groupby(label.to_numpy(object), sort=False).sum()
    breakdown = {str(k): float(v) for k, v in result.items() if v != 0 or k != NO_APPLICATION}
    breakdown = dict(sorted(breakdown.items(), key=lambda kv: -kv[1]))
    breakdown[NOT_ALLOCATED] = total - float(amount.sum())
    return breakdown
