"""NumÉcoÉval's characterisation factors (``ref_FacteurCaracterisation.csv``) → a sobriete factor file.

A collectivity with a Base IMPACTS® / NegaOctet licence has NumÉcoÉval's referential of
characterisation factors: one ``;`` row per item × life-cycle step × criterion, header
``nom;etapeacv;critere;description;niveau;tiers;categorie;consoElecMoyenne;localisation;valeur;
unite;source``. Converting it gives a factor file for ``--factors`` (DESIGN §4 "Beyond carbon"),
with which the per-equipment results follow NumÉcoÉval's rules for every criterion (REFERENCES §3):

- an electricity mix (``categorie = electricity-mix``, one value per kWh, its country in
  ``localisation`` or at the end of ``nom``) → the intensity ``electricity.<ISO>``: climate change
  is its ``value`` (kgCO2e/kWh), every other criterion goes to ``impacts``;
- any other item → an equipment profile whose ``id`` is the item's name: ``embodied`` and
  ``impacts`` are the sums of its FABRICATION, DISTRIBUTION and FIN_DE_VIE values per unit (the
  steps NumÉcoÉval spreads over the lifespan), ``electricity`` its ``consoElecMoyenne`` (the
  value NumÉcoÉval uses when a line gives no ``consoElecAnnuelle``), section ``hosting`` for the
  data-centre and network tiers, ``devices`` otherwise. The item's UTILISATION rows are not
  used: NumÉcoÉval computes the use phase from the electricity and the mix, as sobriete does.
  Imported lines reach an item with ``--map-type "TYPE=item"`` (NumÉcoÉval's default item of a
  type) and always carry their own lifespan; the profile's ``lifespan`` (NumÉcoÉval's fallback,
  2 years) only serves lines typed by hand.

Criteria that sobriete does not carry (land use…) are left out with a note. Values are written
with all their digits (``repr``), so the file gives back the same float64.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ...criteria import CARBON, CRITERIA, criterion_of_numecoeval
from ...errors import InputErrors, error
from ...io.csvfiles import decode_csv
from ...io.userfiles import EXPORT_MAX_BYTES, read_bytes, read_head
from ...locale import Message, _
from .vocabulary import country_code

COLUMNS = ("nom", "etapeacv", "critere", "description", "niveau", "tiers", "categorie", "consoElecMoyenne",
           "localisation", "valeur", "unite", "source")
REQUIRED = ("nom", "etapeacv", "critere", "valeur")
EMBODIED_STEPS = ("FABRICATION", "DISTRIBUTION", "FIN_DE_VIE")
HOSTING_TIERS = ("datacenter", "network", "data center", "datacentre", "réseau", "reseau")
FALLBACK_LIFESPAN_YEARS = 2  # NumÉcoÉval: the type's default, else 2 years (REFERENCES §3)


def is_characterisation_file(path) -> bool:
    """True when the file's first line is the header of a characterisation-factor file."""
    try:  # the checked opener: a FIFO, a device or a folder is left to the importer, which names it
        head = read_head(path, str(path), 4096)
    except InputErrors:
        return False
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").lower()
    names = {n.strip().strip('"') for n in first.replace(",", ";").split(";")}
    return {"nom", "etapeacv", "critere", "valeur"} <= names


def _number(text, label: str, row: int, column: str, problems: list) -> float | None:
    raw = str(text or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        problems.append(error(_("not a number"), path=label, row=row, column=column, value=text))
        return None
    if not value >= 0 or value == float("inf"):
        problems.append(error(_("must be a finite number ≥ 0"), path=label, row=row, column=column, value=text))
        return None
    return value


def read_characterisation(path, label: str | None = None) -> tuple[dict, list[str]]:
    """The factor document (``{"profiles": [...], "intensities": [...]}``) and the notes."""
    label = label or str(path)
    decoded = decode_csv(read_bytes(Path(path), label, max_bytes=EXPORT_MAX_BYTES), label, default_delimiter=";")
    rows = list(csv.reader(io.StringIO(decoded.text, newline=""), delimiter=decoded.delimiter))
    if not rows:
        raise InputErrors([error(_("empty file"), path=label)])
    header = [h.replace("\ufeff", "").strip() for h in rows[0]]
    position = {name.lower(): k for k, name in enumerate(header)}
    missing = [c for c in REQUIRED if c.lower() not in position]
    if missing:
        raise InputErrors([error(_("missing column {columns} in a characterisation-factor file"), columns=", ".join(missing),
                                 path=label, row=1, hint=Message(_("header: {header}"), header=";".join(COLUMNS)))])
    problems: list = []
    mixes: dict = {}  # ISO code → {criterion: value}
    items: dict = {}  # name → {"tiers", "conso", "impacts": {criterion: value}, "row"}
    skipped: dict = {}  # criterion name → count
    unplaced: set = set()  # electricity mixes of no known country

    def cell(record, name):
        k = position.get(name.lower())
        return record[k].strip() if k is not None and k < len(record) else ""

    for row, record in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in record):
            continue
        name, step, criterion_name = cell(record, "nom"), cell(record, "etapeacv").upper(), cell(record, "critere")
        if not name:
            problems.append(error(_("missing item name"), path=label, row=row, column="nom"))
            continue
        criterion = criterion_of_numecoeval(criterion_name)
        if criterion is None:
            skipped[criterion_name] = skipped.get(criterion_name, 0) + 1
            continue
        value = _number(cell(record, "valeur"), label, row, "valeur", problems)
        if value is None:
            continue
        if cell(record, "categorie").lower() == "electricity-mix":
            code = country_code(cell(record, "localisation")) or country_code(name.rsplit(" ", 1)[-1])
            if code is None:  # e.g. "Non spécifié", a territory without an ISO code: no line can use it
                unplaced.add(cell(record, "localisation") or name)
                continue
            mix = mixes.setdefault(code, {})
            if criterion in mix:
                problems.append(error(_("electricity mix {code}: {criterion_name} given twice"), code=code, criterion_name=criterion_name, path=label, row=row,
                                      column="critere"))
            mix[criterion] = value
            continue
        item = items.setdefault(name, {"tiers": cell(record, "tiers"), "conso": None, "impacts": {}, "row": row})
        conso = _number(cell(record, "consoElecMoyenne"), label, row, "consoElecMoyenne", problems)
        if conso is not None:
            item["conso"] = conso
        if step in EMBODIED_STEPS:
            item["impacts"][criterion] = item["impacts"].get(criterion, 0.0) + value
        elif step not in ("UTILISATION",):
            problems.append(error(_("unknown life-cycle step {step!r}"), step=step, path=label, row=row, column="etapeacv",
                                  hint=_("FABRICATION, DISTRIBUTION, UTILISATION or FIN_DE_VIE")))
    if problems:
        raise InputErrors(problems)
    notes = []
    if skipped:
        notes.append(f"{label}: criteria sobriete does not carry, left out: "
                     + ", ".join(f"{name or '(empty)'} ({count} rows)" for name, count in sorted(skipped.items())))
    if unplaced:
        notes.append(f"{label}: electricity mixes of no known country, left out: {', '.join(sorted(unplaced))}")
    source = f"NumÉcoÉval characterisation factors ({Path(label).name})"
    intensities, profiles = [], []
    for code, values in sorted(mixes.items()):
        if CARBON not in values:
            notes.append(f"{label}: electricity mix {code} has no climate change value: left out")
            continue
        entry = {"id": f"electricity.{code}", "value": f"{values[CARBON]!r} kgCO2e/kWh", "uncertainty": 0.0,
                 "region": code, "source": source}
        impacts = {c: f"{v!r} {CRITERIA[c].unit}/kWh" for c, v in values.items() if c != CARBON}
        if impacts:
            entry["impacts"] = impacts
        intensities.append(entry)
    for name, item in items.items():
        impacts = item["impacts"]
        if CARBON not in impacts:
            notes.append(f"{label}:{item['row']}: item {name!r} has no climate change value for its "
                         "manufacturing, distribution and end of life: left out")
            continue
        tiers = item["tiers"].strip().lower()
        entry = {"id": name, "section": "hosting" if tiers in HOSTING_TIERS else "devices", "method": "equipment",
                 "embodied": f"{impacts[CARBON]!r} kgCO2e", "lifespan": f"{FALLBACK_LIFESPAN_YEARS} years",
                 "electricity": f"{(item['conso'] or 0.0)!r} kWh/year", "uncertainty": 0.0, "source": source,
                 "notes": "embodied and impacts: FABRICATION + DISTRIBUTION + FIN_DE_VIE per unit; lifespan: "
                          "NumÉcoÉval's fallback (imported lines carry their own)"}
        others = {c: f"{v!r} {CRITERIA[c].unit}" for c, v in impacts.items() if c != CARBON}
        if others:
            entry["impacts"] = others
        profiles.append(entry)
    return {"profiles": profiles, "intensities": intensities}, notes


def factor_file_text(document: dict, sources: list[str]) -> str:
    """The factor file as YAML, with a header saying where it comes from."""
    import yaml

    head = ("# Generated by `sobriete import numecoeval` from " + ", ".join(sources) + ": do not edit,\n"
            "# convert again. NumÉcoÉval publishes no uncertainty: every entry has 0 (no interval).\n"
            "# Licensed data (Base IMPACTS®, NegaOctet) stays under its licence: do not redistribute.\n")
    body = yaml.safe_dump({k: v for k, v in document.items() if v}, allow_unicode=True, sort_keys=False, width=120)
    return head + body
