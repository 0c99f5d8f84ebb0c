"""Export: an inventory's equipment lines → NumÉcoÉval CSV files (data centres, physical equipment,
and virtual equipment and applications from the allocation table).

Lines imported from NumÉcoÉval get their type, dates, durations and usage mode back from their
notes when these still give the line's values (``restoring``), so that import → export → import
gives the same inventory. What NumÉcoÉval's files cannot hold is said in notes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...io.distinct import map_distinct
from .conventions import SERVER_CATEGORIES
from .formats import (APPLICATION_COLUMNS, DATACENTER_COLUMNS, EXPORT_FILES, PHYSICAL_COLUMNS, VIRTUAL_COLUMNS,
                      csv_value, number_text)
from .lifespans import type_lifespans
from .restoring import close, export_fields, kept_fields, number_texts, or_empty, texts_of
from .vocabulary import CATEGORY_TYPES, COUNTRY_NAMES, category_of_type
from ...locale import Message, _


def export_numecoeval(inventory, factors, folder, *, allocation=None) -> tuple[list[Path], list[str]]:
    """Write the inventory's equipment as NumÉcoÉval files (data centres, physical equipment, and
    virtual equipment and applications when an allocation table is given).

    Returns the files written and notes on what NumÉcoÉval's format cannot carry.
    """
    from ...io.writers import atomic_write, csv_text

    folder = Path(folder)
    notes: list[str] = []
    lines = _equipment_lines(inventory, factors, notes)
    n = len(lines)
    category = lines["category"].to_numpy(dtype=object)
    kept = kept_fields(lines["notes"].to_numpy(dtype=object))
    types = _types(category, kept, factors)
    type_default = type_lifespans(types)
    fields, consistent = export_fields(lines, kept, inventory.year, type_default)
    _note_dates(lines, kept, fields, consistent, type_default, notes)
    name = _names(lines, category, notes)
    site = texts_of(lines["site"])
    country = lines["country"].to_numpy(dtype=object)
    pue = lines["pue"].to_numpy(float)
    is_server = map_distinct(category, lambda c: c in SERVER_CATEGORIES, missing=False, dtype=bool)
    loose = is_server & (np.isnan(pue) | (pue != 1.0)) & np.array([s is None for s in site], dtype=bool)
    if loose.any():
        notes.append(f"{int(loose.sum())} server line(s) with a PUE but no site: NumÉcoÉval applies a PUE only "
                     "to servers in a data centre, so no PUE will apply: "
                     + ", ".join(str(w) for w in lines["_where"][loose][:10]))
    columns = {
        "nomEquipementPhysique": name,
        "modele": or_empty(texts_of(lines["model"])),
        "quantite": number_texts(lines["quantity"].to_numpy(float)),
        "nomCourtDatacenter": or_empty(site),
        "type": types,
        "statut": np.where([v is None for v in kept["statut"]], "In use", kept["statut"]) if n else [],
        "paysDUtilisation": map_distinct(country, lambda c: COUNTRY_NAMES.get(c, c), missing=""),
        "consoElecAnnuelle": number_texts(lines["electricity"].to_numpy(float)),
        "nomEntite": or_empty(texts_of(lines["service"])),
        **fields,
    }
    empty = np.full(n, "", dtype=object)
    table = np.column_stack([np.asarray(columns.get(c, empty), dtype=object) for c in PHYSICAL_COLUMNS]) \
        if n else np.empty((0, len(PHYSICAL_COLUMNS)), dtype=object)
    written = []
    centres = _centres(site, country, pue, is_server, kept["nomLongDatacenter"], notes)
    if centres:
        rows = [list(DATACENTER_COLUMNS)] + [
            [short, long_name, number_text(centre_pue), COUNTRY_NAMES.get(code, code), "", ""]
            for short, (long_name, centre_pue, code) in centres.items()]
        path = folder / EXPORT_FILES["datacenters"]
        atomic_write(path, csv_text(rows, delimiter=";"))
        written.append(path)
    path = folder / EXPORT_FILES["physical"]
    atomic_write(path, csv_text([list(PHYSICAL_COLUMNS)] + table.tolist(), delimiter=";"))
    written.append(path)
    if allocation is not None and len(allocation):
        written.extend(_export_allocation(allocation, folder))
    return written, notes


def _equipment_lines(inventory, factors, notes: list):
    """The devices and hosting lines NumÉcoÉval's files can hold (equipment, not spend-based), with
    their place in ``_where``; notes on the others and on the keys that cannot be exported."""
    import pandas as pd

    frames = []
    for section in ("devices", "hosting"):
        frame = inventory.sections[section]
        where = np.asarray(inventory.locations.get(section, []), dtype=object)
        if len(frame):
            frames.append(frame.assign(_where=where if len(where) == len(frame) else inventory.source))
    if frames:
        lines = pd.concat(frames, ignore_index=True)
    else:
        lines = inventory.sections["devices"].assign(_where=np.array([], dtype=object))
    category = lines["category"].to_numpy(dtype=object)
    method = map_distinct(category, lambda c: factors.profiles[c].method if c in factors.profiles else "",
                          missing="")
    equipment = (method == "equipment") & np.isnan(lines["spend"].to_numpy(float))
    skipped = int((~equipment).sum()) + len(inventory.sections["services"])
    if skipped:
        notes.append(Message(_("{skipped} line(s) not exported: NumÉcoÉval's files hold physical equipment only "
                               "(cloud, spend-based and online-service lines have no place there)"),
                              skipped=skipped))
    lines = lines[equipment].reset_index(drop=True)
    lost = {key: int(lines[key].notna().sum()) for key in ("embodied", "uncertainty")}
    lost["refurbished"] = int(lines["refurbished"].astype(bool).sum())
    lost["ownership"] = int((lines["ownership"].fillna("owned") != "owned").sum())
    for key, count in lost.items():
        if count:
            notes.append(Message(_("{count} line(s) give {key}, which NumÉcoÉval's files cannot hold: not exported"),
                                  count=count, key=key))
    return lines


def _types(category, kept: dict, factors) -> np.ndarray:
    """Each line's NumÉcoÉval type: the kept one when it still maps to the line's category, else
    the category's own type name."""
    if not len(category):
        return np.array([], dtype=object)
    type_ok = np.array([_type_matches(t, c, factors) for t, c in zip(kept["type"], category)], dtype=bool)
    default_type = map_distinct(category, lambda c: CATEGORY_TYPES.get(c, c), missing="")
    return np.where(type_ok, kept["type"], default_type)


def _type_matches(type_name, category: str, factors) -> bool:
    return bool(type_name) and category_of_type(type_name, factors) == category


def _note_dates(lines, kept: dict, fields: dict, consistent, type_default, notes: list) -> None:
    n = len(lines)
    lifespan = lines["lifespan"].to_numpy(float)
    undated = np.array([not v for v in fields["dateAchat"]], dtype=bool) if n else np.zeros(0, dtype=bool)
    default_taken = undated & ~np.isnan(lifespan) & ~close(lifespan, type_default)
    if default_taken.any():
        notes.append(f"{int(default_taken.sum())} line(s) with a lifespan but no purchase date: G4IT and "
                     "NumÉcoÉval's REEL mode will take the type's default lifespan instead (FIXE mode takes "
                     "dureeUsageInterne): " + ", ".join(str(w) for w in lines["_where"][default_taken][:10]))
    has_note = np.array([bool(v) for v in kept["_present"]], dtype=bool) if n else np.zeros(0, dtype=bool)
    if (has_note & ~consistent).any():
        notes.append(Message(_("{count} line(s) whose NumÉcoÉval notes no longer match their values (edited since the"
                               " import): dates and durations rewritten from the values"),
                              count=int((has_note & ~consistent).sum())))


def _names(lines, category, notes: list) -> np.ndarray:
    name = texts_of(lines["name"])
    unnamed = np.array([v is None for v in name], dtype=bool)
    if unnamed.any():
        generated = np.array([f"{c}-{i + 1}" for i, c in enumerate(category)], dtype=object)
        name = np.where(unnamed, generated, name)
        notes.append(Message(_("{count} line(s) without a name get one (category-number): NumÉcoÉval needs "
                               "nomEquipementPhysique"),
                              count=int(unnamed.sum())))
    return name


def _centres(site, country, pue, is_server, long_names, notes) -> dict:
    """Data centres from the lines' sites: the servers' PUE, the lines' country, the kept long name."""
    import pandas as pd

    if not len(site):
        return {}
    frame = pd.DataFrame({"site": site, "country": country, "pue": np.where(is_server, pue, np.nan),
                          "long": long_names})
    frame = frame[frame["site"].notna()]
    centres = {}
    for short, group in frame.groupby("site", sort=False):
        pues = group["pue"].dropna().unique()
        countries = group["country"].unique()
        if len(pues) > 1 or len(countries) > 1:
            notes.append(Message(_("site {short!r}: its lines give different countries or server PUEs; the data "
                                   "centre keeps the first ones"),
                                  short=short))
        long_name = group["long"].dropna()
        centres[short] = (long_name.iloc[0] if len(long_name) else short,
                          float(pues[0]) if len(pues) else None, countries[0])
    return centres


def _export_allocation(allocation, folder: Path) -> list[Path]:
    """equipementsVirtuels.csv, and applications.csv when there is an application."""
    from ...io.writers import atomic_write, csv_text

    vms = allocation.drop_duplicates(subset=["host", "virtual_equipment"])
    virtual = [list(VIRTUAL_COLUMNS)]
    for vm in vms.itertuples(index=False):
        record = {"nomEquipementVirtuel": vm.virtual_equipment, "nomEquipementPhysique": vm.host,
                  "cleRepartition": number_text(vm.allocation_key), "vCPU": number_text(vm.vcpu),
                  "cluster": csv_value(vm.cluster), "typeEqv": csv_value(vm.vm_type),
                  "capaciteStockage": number_text(vm.storage)}
        virtual.append([record.get(c, "") for c in VIRTUAL_COLUMNS])
    written = [folder / EXPORT_FILES["virtual"]]
    atomic_write(written[0], csv_text(virtual, delimiter=";"))
    apps = allocation[allocation["application"].notna()]
    if len(apps):
        rows = [list(APPLICATION_COLUMNS)]
        for app in apps.itertuples(index=False):
            record = {"nomApplication": app.application, "typeEnvironnement": csv_value(app.environment),
                      "nomEquipementVirtuel": app.virtual_equipment, "nomEquipementPhysique": app.host}
            rows.append([record.get(c, "") for c in APPLICATION_COLUMNS])
        written.append(folder / EXPORT_FILES["applications"])
        atomic_write(written[-1], csv_text(rows, delimiter=";"))
    return written
