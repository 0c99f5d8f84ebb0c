"""NumÉcoÉval's / G4IT's allocation rules (REFERENCES §3), computed at import.

A virtual machine takes its host's impact × its share, which is its explicit allocation key
(``cleRepartition``) when given, else its storage share (a storage virtual machine), else its vCPU
share; an application gets an equal part of each virtual machine it runs on. The importer keeps
the shares in the allocation table; ``sobriete.allocation.application_breakdown`` applies them.
Arrays in, results out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class VmShares:
    """Each virtual machine's share of its host, and the cases worth a note."""

    share: np.ndarray  # float64, one per virtual machine (0 when nothing gives a share)
    # Shared by vCPU (storage) while another virtual machine of the host gives no vCPU (storage):
    partial_vcpu: np.ndarray
    partial_storage: np.ndarray
    without_basis: np.ndarray  # no key, vCPU or storage: no share
    hosts_over: list = field(default_factory=list)  # hosts whose shares add up to more than 1


def vm_shares(key, vcpu, storage, is_storage, host) -> VmShares:
    """The share of its host of each virtual machine.

    ``key`` (``cleRepartition``), ``vcpu`` and ``storage`` are float arrays (NaN: not given),
    ``is_storage`` says which virtual machines are storage ones, ``host`` names each one's host.
    The share is the key when given, else the storage share for a storage virtual machine with a
    storage, else the vCPU share. As in G4IT, the vCPU (storage) share's denominator is the sum of
    the vCPU (storage) of all the host's virtual machines, those with a key included.
    """
    import pandas as pd

    key = np.asarray(key, dtype=float)
    vcpu = np.asarray(vcpu, dtype=float)
    storage = np.asarray(storage, dtype=float)
    host = np.asarray(host, dtype=object)
    if not len(key):
        empty = np.zeros(0, dtype=bool)
        return VmShares(np.array([], dtype=float), empty, empty, empty)
    by_key = ~np.isnan(key)
    by_storage = ~by_key & np.asarray(is_storage, dtype=bool) & ~np.isnan(storage)
    by_vcpu = ~by_key & ~by_storage & ~np.isnan(vcpu)
    vcpu_total = pd.Series(np.nan_to_num(vcpu)).groupby(host).transform("sum").to_numpy(float)
    storage_total = pd.Series(np.nan_to_num(storage)).groupby(host).transform("sum").to_numpy(float)
    partial = []
    for values, used in ((vcpu, by_vcpu), (storage, by_storage)):
        lacking = pd.Series(np.isnan(values) | (values == 0)).groupby(host).transform("any").to_numpy(bool)
        partial.append(used & lacking)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(by_key, key, np.where(by_storage, storage / storage_total,
                                               np.where(by_vcpu, vcpu / vcpu_total, 0.0)))
    share = np.nan_to_num(share)
    totals = pd.Series(share).groupby(host).sum()
    over = totals[totals > 1 + 1e-9]
    return VmShares(share, partial[0], partial[1], ~(by_key | by_storage | by_vcpu), list(over.index))


def application_shares(vm_share, vm_of_application) -> np.ndarray:
    """Each application's share of its host: its virtual machine's share split equally among the
    applications that run on that virtual machine (``vm_of_application``: index into ``vm_share``)."""
    vm_share = np.asarray(vm_share, dtype=float)
    vm_of_application = np.asarray(vm_of_application, dtype=np.int64)
    count = np.bincount(vm_of_application, minlength=len(vm_share))
    return vm_share[vm_of_application] / count[vm_of_application]
