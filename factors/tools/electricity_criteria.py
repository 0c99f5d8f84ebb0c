"""Write the criteria beyond carbon of the electricity mixes into the factor files.

Source: the characterisation factors that NumÉcoÉval / G4IT publish openly, one row per item ×
life-cycle step × criterion, electricity mixes as ``categorie=electricity-mix`` (ADEME
Base IMPACTS® version 2.01 mixes, per kWh), in the G4IT repository (Apache-2.0):
github.com/G4ITTeam/g4it, ``services/backend/src/main/resources/referential/numecoeval/
characterizationFactors.csv`` (commit 4f10cbc5, 29 Nov 2024). The same figures are published by
Boavizta (``boaviztapi/data/crowdsourcing/electrical_mix.csv``), a cross-check.

For every ``electricity.XX`` entry of the files given, the ``impacts`` line (and
``impacts_source``) after its ``value`` line is (re)written from the mix of country XX; carbon
stays the entry's own value. Land use is not an EF criterion that sobriete carries. Standard
library only.

Usage: python3 factors/tools/electricity_criteria.py characterizationFactors.csv factors/intensities.yaml …
"""

import csv
import re
import sys

# NumÉcoÉval criterion names → (sobriete criterion id, unit of the value per kWh)
CRITERIA = {
    "Particulate matter and respiratory inorganics": ("particulate_matter", "disease_incidence/kWh"),
    "Ionising radiation": ("ionising_radiation", "kBqU235e/kWh"),
    "Acidification": ("acidification", "molHeq/kWh"),
    "Resource use (minerals and metals)": ("resource_use_minerals_metals", "kgSbe/kWh"),
    "Resource use, fossils": ("resource_use_fossils", "MJ/kWh"),
    "Ozone depletion": ("ozone_depletion", "kgCFC11e/kWh"),
    "Eutrophication, terrestrial": ("eutrophication_terrestrial", "molNeq/kWh"),
    "Eutrophication, freshwater": ("eutrophication_freshwater", "kgPeq/kWh"),
    "Eutrophication, marine": ("eutrophication_marine", "kgNeq/kWh"),
    "Photochemical ozone formation": ("photochemical_ozone_formation", "kgNMVOCeq/kWh"),
}
ORDER = [c for c, _ in CRITERIA.values()]
SOURCE = ("NumÉcoÉval / G4IT referential (characterizationFactors.csv, G4IT commit 4f10cbc5, 2024), "
          "electricity mix from ADEME Base IMPACTS® version 2.01")


def mixes(path: str) -> dict:
    found: dict = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["categorie"] != "electricity-mix" or row["critere"] not in CRITERIA:
                continue
            code = row["nom"].rsplit(" ", 1)[-1]
            criterion, unit = CRITERIA[row["critere"]]
            found.setdefault(code, {})[criterion] = f"{row['valeur']} {unit}"
    return found


def rewrite(path: str, table: dict) -> int:
    lines = open(path, encoding="utf-8").read().split("\n")
    out, current, count = [], None, 0
    for line in lines:
        if re.match(r"\s*impacts(_source)?:", line) and current is not None:
            continue  # rewritten below
        out.append(line)
        match = re.match(r"\s*- id: electricity\.([A-Z]{2})\s*$", line)
        if match:
            current = match.group(1)
        elif re.match(r"\s*- id:", line):
            current = None
        if current and re.match(r"\s*value:", line) and current in table:
            indent = line[: len(line) - len(line.lstrip())]
            values = ", ".join(f"{c}: {table[current][c]}" for c in ORDER if c in table[current])
            out.append(f"{indent}impacts: {{{values}}}")
            out.append(f'{indent}impacts_source: "{SOURCE}"')
            count += 1
    open(path, "w", encoding="utf-8").write("\n".join(out))
    return count


if __name__ == "__main__":
    table = mixes(sys.argv[1])
    for target in sys.argv[2:]:
        print(f"{target}: {rewrite(target, table)} electricity entries given their criteria")
