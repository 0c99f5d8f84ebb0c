"""NumÉcoÉval's files (REFERENCES §3): their columns, the kinds of file, and how values are written.

NumÉcoÉval reads four `;` CSV files: data centres, physical equipment, virtual equipment and
applications; each file's kind is recognised by its header (``reading.kind_of``).
"""

from __future__ import annotations

import math

DATACENTER_COLUMNS = ("nomCourtDatacenter", "nomLongDatacenter", "pue", "localisation", "nomEntite",
                      "qualite")
PHYSICAL_COLUMNS = ("nomEquipementPhysique", "modele", "quantite", "nomCourtDatacenter", "dateAchat",
                    "dateRetrait", "dureeUsageInterne", "dureeUsageAmont", "dureeUsageAval", "type",
                    "statut", "paysDUtilisation", "consoElecAnnuelle", "utilisateur", "nomSourceDonnee",
                    "nomEntite", "nbCoeur", "modeUtilisation", "tauxUtilisation", "qualite")
VIRTUAL_COLUMNS = ("nomEquipementVirtuel", "nomEquipementPhysique", "nomSourceDonneeEquipementPhysique",
                   "cleRepartition", "vCPU", "cluster", "consoElecAnnuelle", "typeEqv", "capaciteStockage",
                   "nomEntite", "qualite")
APPLICATION_COLUMNS = ("nomApplication", "typeEnvironnement", "nomEquipementVirtuel",
                       "nomSourceDonneeEquipementVirtuel", "domaine", "sousDomaine", "nomEntite",
                       "nomEquipementPhysique", "nomSourceDonnee")
# kind → (the columns sobriete knows, the columns a file of that kind must have)
KINDS = {
    "datacenters": (DATACENTER_COLUMNS, ("nomCourtDatacenter", "localisation")),
    "physical": (PHYSICAL_COLUMNS, ("nomEquipementPhysique", "type")),
    "virtual": (VIRTUAL_COLUMNS, ("nomEquipementVirtuel", "nomEquipementPhysique")),
    "applications": (APPLICATION_COLUMNS, ("nomApplication", "nomEquipementVirtuel")),
}
KIND_LABELS = {"datacenters": "data centres", "physical": "physical equipment",
               "virtual": "virtual equipment", "applications": "applications"}
EXPORT_FILES = {"datacenters": "datacenters.csv", "physical": "equipementsPhysiques.csv",
                "virtual": "equipementsVirtuels.csv", "applications": "applications.csv"}


def number_text(value) -> str:
    """A number as NumÉcoÉval's files hold it: ``12``, ``0.6``; empty for None or NaN."""
    if value is None:
        return ""
    number = float(value)
    if math.isnan(number):
        return ""
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def csv_value(value) -> str:
    """A cell's text: numbers as :func:`number_text`, empty for None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return number_text(value)
    return str(value)
