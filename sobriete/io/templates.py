"""`sobriete init`: a working folder with a filled example, blank CSV templates and an XLSX template.

The XLSX template has one sheet per section whose `category` column offers a drop-down list
(Excel data validation over a hidden `listes` sheet built from the factor database), and an
`instructions` sheet in French.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .. import model
from ..errors import InputErrors, error
from .writers import atomic_write, csv_text, save_workbook
from ..locale import _

EXAMPLE_NAME = "inventaire-exemple.yaml"
XLSX_NAME = "modele.xlsx"
CSV_FOLDER = "modele-csv"

# Columns offered in templates, per section (the most used keys first).
TEMPLATE_COLUMNS = {
    "devices": ["category", "quantity", "purchase_year", "lifespan", "refurbished", "ownership",
                "share", "electricity", "embodied", "country", "service", "site", "model", "name", "notes"],
    "hosting": ["category", "quantity", "purchase_year", "lifespan", "electricity", "pue", "ownership",
                "provider", "country", "vcpu", "hours", "storage", "spend", "share", "service", "site",
                "model", "name", "notes"],
    "services": ["category", "name", "page_views", "page_weight", "data_transfer", "ecoindex.dom",
                 "ecoindex.requests", "ecoindex.size", "ecoindex", "quantity", "hours", "spend",
                 "service", "notes"],
    "purchases": ["category", "quantity", "unit_price", "origin", "service", "site", "model", "name", "notes"],
    "retired": ["category", "quantity", "destination", "purchase_year", "service", "site", "model",
                "name", "notes"],
}

INSTRUCTIONS_FR = [
    ("Modèle d'inventaire sobriete", ""),
    ("", ""),
    ("Onglet", "Contenu"),
    ("organisation", "Une ligne par information : year (année du bilan, obligatoire), name, kind "
                     "(commune, epci, departement, region, other), population, agents (ETP), country (FR)."),
    ("devices", "Équipements des agents : postes, écrans, téléphones, imprimantes, écrans interactifs…"),
    ("hosting", "Serveurs, stockage, réseau, cloud (cloud_vm, cloud_storage), SaaS, colocation, télécoms."),
    ("services", "Services en ligne : site internet (page_views, page_weight ou EcoIndex), "
                 "services web (data_transfer), messagerie (quantity = boîtes), visioconférence."),
    ("purchases", "Achats informatiques de l'année (loi AGEC art. 58, décret 2024-134) : prix unitaire HT et "
                  "origine : new (neuf), reuse (réemploi, réutilisation, reconditionné), recycled (neuf "
                  "intégrant des matières recyclées)."),
    ("retired", "Matériel sorti du parc dans l'année et sa destination : reuse, donation, recycling, weee."),
    ("", ""),
    ("Colonne", "Ce qu'elle contient"),
    ("category", "Choisir dans la liste déroulante (ou un nom français : portable, écran, copieur…)."),
    ("quantity", "Nombre d'unités (1 si vide)."),
    ("purchase_year", "Année d'achat (ex. 2021) : une ligne dont la durée de vie est écoulée ne compte "
                      "plus sa fabrication."),
    ("lifespan", "Durée de vie, avec son unité : 5 ans, 60 mois (défaut : celle de la catégorie)."),
    ("refurbished", "oui / non : matériel reconditionné."),
    ("ownership", "owned (acheté, défaut), leased (loué), expensed (petit matériel en fonctionnement)."),
    ("unit_price", "Achats : prix unitaire hors taxes, ex. 950 € (euros si pas d'unité)."),
    ("origin", "Achats : new (défaut), reuse (réemploi / reconditionné) ou recycled (matières recyclées)."),
    ("share", "Part de la ligne qui revient à la collectivité (ex. 50 % pour un matériel mutualisé)."),
    ("electricity", "Consommation par unité et par an : 1800 kWh/an (défaut : celle de la catégorie)."),
    ("embodied", "Empreinte de fabrication par unité si vous la connaissez : 250 kgCO2e."),
    ("pue", "Indicateur d'efficacité énergétique de la salle serveur (≥ 1), ex. 1,8."),
    ("spend", "Dépense annuelle pour les services sans données physiques : 12 000 €/an."),
    ("", ""),
    ("Règles", "Les nombres acceptent la virgule décimale (2,5) et les espaces (12 500) ; "
               "évitez 1,800 (ambigu). Une cellule vide = valeur par défaut."),
    ("Vérifier", "sobriete validate modele.xlsx"),
    ("Calculer", "sobriete footprint modele.xlsx"),
]


def example_text() -> str:
    return (resources.files("sobriete") / "templates" / EXAMPLE_NAME).read_text(encoding="utf-8")


def _lists(factors) -> dict[str, list[str]]:
    lists = {section: sorted(p.id for p in factors.profiles.values() if p.section == section)
             for section in model.SECTIONS}
    lists["retired"] = sorted(p.id for p in factors.profiles.values() if p.method == "equipment")
    lists["purchases"] = lists["retired"]
    lists["origin"] = list(model.ORIGINS)
    lists["ownership"] = list(model.OWNERSHIPS)
    lists["destination"] = list(model.DESTINATIONS)
    lists["refurbished"] = ["oui", "non"]
    return lists


def template_workbook(factors):
    """The XLSX template as an openpyxl Workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    instructions = workbook.active
    instructions.title = "instructions"
    for row in INSTRUCTIONS_FR:
        instructions.append(list(row))
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.column_dimensions["A"].width = 18
    instructions.column_dimensions["B"].width = 110

    organisation = workbook.create_sheet("organisation")
    for row in (["key", "value"], ["year", 2024], ["name", "Commune de …"], ["kind", "commune"],
                ["population", None], ["agents", None], ["country", "FR"]):
        organisation.append(row)

    lists = _lists(factors)
    list_sheet = workbook.create_sheet("listes")
    ranges = {}
    for column_index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(column_index)
        list_sheet.cell(row=1, column=column_index, value=name)
        for row_index, value in enumerate(values, start=2):
            list_sheet.cell(row=row_index, column=column_index, value=value)
        ranges[name] = f"listes!${letter}$2:${letter}${len(values) + 1}"
    list_sheet.sheet_state = "hidden"

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for section in model.ALL_SECTIONS:
        sheet = workbook.create_sheet(section)
        columns = TEMPLATE_COLUMNS[section]
        sheet.append(columns)
        for index, name in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(name) + 4)
        sheet.freeze_panes = "A2"
        for name, list_name in (("category", section), ("ownership", "ownership"),
                                ("destination", "destination"), ("origin", "origin"),
                                ("refurbished", "refurbished")):
            if name not in columns:
                continue
            letter = get_column_letter(columns.index(name) + 1)
            validation = DataValidation(type="list", formula1=f"={ranges[list_name]}", allow_blank=True,
                                        showErrorMessage=True, errorTitle="Valeur inconnue",
                                        error="Choisissez une valeur dans la liste.")
            validation.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(validation)
    return workbook


def write_working_folder(directory, factors, *, force: bool = False) -> list[Path]:
    """Write the example, the XLSX template and blank CSVs; refuse to overwrite unless `force`."""
    folder = Path(directory)
    targets = [folder / EXAMPLE_NAME, folder / XLSX_NAME] + [
        folder / CSV_FOLDER / f"{section}.csv" for section in ("organisation",) + model.ALL_SECTIONS]
    if folder.exists() and not folder.is_dir():
        raise InputErrors([error(_("exists and is not a folder"), path=str(folder))])
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise InputErrors([error(_("already exists; not overwritten (use --force)"), path=str(p))
                           for p in existing])
    atomic_write(folder / EXAMPLE_NAME, example_text())
    save_workbook(template_workbook(factors), folder / XLSX_NAME)
    atomic_write(folder / CSV_FOLDER / "organisation.csv",
                 csv_text([["key", "value"], ["year", 2024], ["name", ""], ["kind", "commune"],
                           ["population", ""], ["agents", ""], ["country", "FR"]]))
    for section in model.ALL_SECTIONS:
        atomic_write(folder / CSV_FOLDER / f"{section}.csv", csv_text([TEMPLATE_COLUMNS[section]]))
    return targets
