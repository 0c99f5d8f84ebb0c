"""Virtual equipment and applications → the allocation table (``sidecar``).

Virtual machines and applications do not become inventory lines: they receive a share of their
host's footprint. This module reads their files, matches virtual machines to imported hosts and
applications to virtual machines (excluding, with their place, those that match nothing), and
asks the calculation layer (:mod:`sobriete.allocation`) for the shares; the notes say which
virtual machines the rules could not serve well.
"""

from __future__ import annotations

import numpy as np

from . import shares as rules
from ...io.problems import Problems
from ...text import normalise_name
from .sidecar import ALLOCATION_COLUMNS, allocation_frame
from .values import numbers_of
from ...locale import Message, _

VM_COLUMNS = ["where", "virtual_equipment", "host", "allocation_key", "vcpu", "storage", "vm_type", "cluster"]
APP_COLUMNS = ["where", "application", "environment", "virtual_equipment", "host"]
STORAGE_VM_TYPES = ("stockage", "storage")  # typeEqv of a storage virtual machine (normalised)


def allocation_table(virtual: list, applications: list, hosts: dict, problems: Problems, excluded: list,
                     notes: list):
    """The share of each host's footprint that goes to each virtual machine and application."""
    import pandas as pd

    vms = _virtual_machines(virtual, problems)
    if problems:
        return allocation_frame(pd.DataFrame(columns=list(ALLOCATION_COLUMNS)))
    if len(vms):
        unknown = ~vms["host"].isin([h for h in hosts if h is not None])
        for where, host in zip(vms["where"][unknown], vms["host"][unknown]):
            excluded.append((where, f"virtual machine on {host!r}, which is not an imported physical equipment"
                             if host else "virtual machine without nomEquipementPhysique"))
        vms = vms[~unknown].reset_index(drop=True)
    vms["share"] = _vm_shares(vms, notes)
    runs = _applications_on(vms, _applications(applications), excluded)
    rows = []
    for index, vm in vms.iterrows():
        base = {"host": vm["host"], "virtual_equipment": vm["virtual_equipment"], "vcpu": vm["vcpu"],
                "storage": vm["storage"], "allocation_key": vm["allocation_key"], "vm_type": vm["vm_type"],
                "cluster": vm["cluster"]}
        found = runs.get(index, [])
        if not found:
            rows.append({**base, "application": None, "environment": None, "share": vm["share"]})
        for app, share in found:
            rows.append({**base, "application": app["application"], "environment": app["environment"],
                         "share": share})
    return allocation_frame(pd.DataFrame(rows, columns=list(ALLOCATION_COLUMNS)))


def _virtual_machines(tables: list, problems: Problems):
    import pandas as pd

    vms = []
    for table in tables:
        key = numbers_of(table, "cleRepartition", problems, minimum=0.0, percent=True)
        vcpu = numbers_of(table, "vCPU", problems, minimum=0.0)
        storage = numbers_of(table, "capaciteStockage", problems, minimum=0.0)
        for p in range(len(table)):
            vms.append({"where": table.where(p), "virtual_equipment": table.column("nomEquipementVirtuel")[p],
                        "host": table.column("nomEquipementPhysique")[p], "allocation_key": key[p],
                        "vcpu": vcpu[p], "storage": storage[p], "vm_type": table.column("typeEqv")[p],
                        "cluster": table.column("cluster")[p]})
    return pd.DataFrame(vms, columns=VM_COLUMNS)


def _applications(tables: list):
    import pandas as pd

    apps = []
    for table in tables:
        for p in range(len(table)):
            apps.append({"where": table.where(p), "application": table.column("nomApplication")[p],
                         "environment": table.column("typeEnvironnement")[p],
                         "virtual_equipment": table.column("nomEquipementVirtuel")[p],
                         "host": table.column("nomEquipementPhysique")[p]})
    return pd.DataFrame(apps, columns=APP_COLUMNS)


def _applications_on(vms, apps, excluded: list) -> dict[int, list]:
    """Virtual machine index → [(application row, share)]: each application on the one virtual
    machine of its name (and host, when given); the others are excluded."""
    vm_keys: dict = {}
    for index, name in enumerate(vms["virtual_equipment"]):
        vm_keys.setdefault(name, []).append(index)
    matched, vm_of = [], []
    for _, app in apps.iterrows():
        candidates = vm_keys.get(app["virtual_equipment"], [])
        if app["host"] is not None:
            candidates = [i for i in candidates if vms.at[i, "host"] == app["host"]]
        if len(candidates) != 1:
            reason = ("on several virtual machines of that name: give nomEquipementPhysique" if candidates
                      else f"virtual machine {app['virtual_equipment']!r} not found among the imported ones")
            excluded.append((app["where"], f"application {app['application']!r} {reason}"))
            continue
        matched.append(app)
        vm_of.append(candidates[0])
    shares = rules.application_shares(vms["share"].to_numpy(float), vm_of) if matched else []
    runs: dict[int, list] = {}
    for app, vm, share in zip(matched, vm_of, shares):
        runs.setdefault(vm, []).append((app, share))
    return runs


def _vm_shares(vms, notes: list) -> np.ndarray:
    """Each virtual machine's share (:func:`sobriete.interop.numecoeval.shares.vm_shares`), with notes on the
    virtual machines the rules cannot serve well."""
    kind = vms["vm_type"].map(lambda t: normalise_name(t) if isinstance(t, str) else "").to_numpy(object)
    result = rules.vm_shares(vms["allocation_key"].to_numpy(float), vms["vcpu"].to_numpy(float),
                             vms["storage"].to_numpy(float), np.isin(kind, STORAGE_VM_TYPES),
                             vms["host"].to_numpy(object))
    where = vms["where"].to_numpy(object)
    for partial, what in ((result.partial_vcpu, "vCPU"), (result.partial_storage, "capaciteStockage")):
        if partial.any():
            notes.append(Message(_("{count} virtual machine(s) share their host by {what} while another virtual "
                                   "machine of the host gives none (G4IT then has no {what} total): {machines}"),
                                  count=int(partial.sum()), what=what, machines=', '.join(where[partial].astype(str)[:10])))
    none = result.without_basis
    if none.any():
        notes.append(Message(_("{count} virtual machine(s) without cleRepartition, vCPU or storage get no share of "
                               "their host: {machines}"),
                              count=int(none.sum()), machines=', '.join(where[none].astype(str)[:10])))
    if result.hosts_over:
        notes.append(Message(_("{count} host(s) whose virtual machines' shares add up to more than 100 %: {hosts}"),
                              count=len(result.hosts_over), hosts=', '.join(str(h) for h in result.hosts_over[:10])))
    return result.share
