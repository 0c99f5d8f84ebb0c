"""`sobriete init`: a working folder with a filled example, blank CSV templates and an XLSX template.

The XLSX template is written in French for the IT manager who fills it: French sheet names and
headers, drop-down lists of French labels (categories, ownership, destination, origin, oui/non)
that the loader maps back to the ids, an example row in each sheet, and an `instructions` sheet
that explains every column (what it holds, unit, default, where to find it). Every word comes
from sobriete/vocabulary.py, the table the loader reads too. The drop-downs only warn: a value
typed by hand (an English id, another French name) is never blocked, `sobriete validate` checks it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .. import model, vocabulary
from ..errors import InputErrors, error
from .writers import atomic_write, csv_text, save_workbook
from ..locale import _

EXAMPLE_NAME = "inventaire-exemple.yaml"
XLSX_NAME = "modele.xlsx"
CSV_FOLDER = "modele-csv"
LIST_ROWS = 5000  # rows of each sheet covered by the drop-down lists

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
# The example row of each sheet, by key (its `notes` cell carries vocabulary.EXAMPLE_MARKER, so
# that a forgotten example is refused by `validate` rather than counted).
EXAMPLE_ROWS = {
    "devices": {"category": "laptop", "quantity": 25, "purchase_year": 2021, "lifespan": "6 ans",
                "refurbished": "non", "ownership": "owned", "service": "Administration générale",
                "site": "Hôtel de ville", "model": "Latitude 5440"},
    "hosting": {"category": "rack_server", "quantity": 2, "purchase_year": 2019, "electricity": "1800 kWh/an",
                "pue": "1,8", "ownership": "owned", "site": "Salle serveur"},
    "services": {"category": "website", "name": "Site internet", "page_views": 240000, "page_weight": "2,1 Mo"},
    "purchases": {"category": "laptop", "quantity": 10, "unit_price": "950 €", "origin": "reuse"},
    "retired": {"category": "laptop", "quantity": 8, "destination": "donation", "purchase_year": 2017},
}
SHEET_TEXT_FR = {
    "organisation": "La collectivité : une ligne par information (colonne « valeur »). L'année du bilan est "
                    "obligatoire.",
    "devices": "Équipements des agents : postes, écrans, téléphones, imprimantes, écrans interactifs…",
    "hosting": "Serveurs, stockage, réseau, cloud (machines virtuelles, stockage), SaaS, colocation, télécoms.",
    "services": "Services en ligne : site internet (pages vues et poids de page, ou EcoIndex), services web "
                "(données transférées), messagerie (quantité = boîtes), visioconférence (heures).",
    "purchases": "Achats informatiques de l'année (loi AGEC art. 58, décret 2024-134) : prix unitaire HT et "
                 "origine (neuf, réemploi, recyclé).",
    "retired": "Matériel sorti du parc dans l'année et sa destination : réemploi, don, recyclage, DEEE.",
}
ORGANISATION_ROWS = (  # key, value offered, explanation (French)
    ("year", None, "Année du bilan, obligatoire (ex. 2024)."),
    ("name", None, "Nom de la collectivité."),
    ("kind", None, "commune, EPCI, département, région ou autre (liste déroulante)."),
    ("population", None, "Population municipale (INSEE), pour l'empreinte par habitant."),
    ("agents", None, "Agents en équivalent temps plein, pour l'empreinte par agent."),
    ("country", "FR", "Pays (code ISO à deux lettres), FR par défaut."),
)
INSTRUCTIONS_END_FR = [
    ("Règles", "Les nombres acceptent la virgule décimale (2,5) et les espaces (12 500) ; évitez 1,800 "
               "(ambigu : écrivez 1800 ou 1,8). Une cellule vide = valeur par défaut. Les unités s'écrivent en "
               "français ou en anglais (5 ans, 60 mois, 1800 kWh/an, 2,1 Mo, 12 000 €/an)."),
    ("Listes", "Les listes déroulantes proposent les noms français ; les identifiants anglais (laptop, owned…) "
               "et les autres noms français (PC portable, loué…) sont acceptés aussi : Excel avertit seulement."),
    ("Exemples", "La ligne d'exemple de chaque onglet (en gris) est refusée tant qu'elle n'est pas remplacée "
                 "ou supprimée."),
    ("Colonnes en plus", "Une colonne qui n'est pas dans ce modèle (prix, commentaire…) est ignorée, avec une "
                         "note ; une faute de frappe dans un nom de colonne est signalée."),
    ("Vérifier", "sobriete validate modele.xlsx"),
    ("Calculer", "sobriete footprint modele.xlsx"),
]


def example_text() -> str:
    return (resources.files("sobriete") / "templates" / EXAMPLE_NAME).read_text(encoding="utf-8")


def sheet_name(section: str) -> str:
    """The template's French sheet (and CSV file) name of a section: `équipements` for devices."""
    return vocabulary.SECTION_NAMES[section][0]


def header(key: str) -> str:
    return vocabulary.FIELD_OF[key].header_fr


def category_label(profile) -> str:
    """The drop-down label of a category: its first French name (`portable`), else its id."""
    return profile.aliases[0] if profile.aliases else profile.id


def _lists(factors) -> dict[str, list[str]]:
    """The drop-down lists, in French: category labels per section, and the closed lists."""
    def labels(profiles):
        return sorted((category_label(p) for p in profiles), key=vocabulary.normalise_name)

    profiles = list(factors.profiles.values())
    lists = {section: labels(p for p in profiles if p.section == section) for section in model.SECTIONS}
    lists["retired"] = labels(p for p in profiles if p.method == "equipment")
    lists["purchases"] = lists["retired"]
    for name in ("ownership", "destination", "origin", "kind"):
        lists[name] = [vocabulary.choice_label(name, id_) for id_ in vocabulary.CHOICES[name]]
    lists["refurbished"] = list(vocabulary.BOOLEAN_LABELS_FR)
    return lists


def _example_values(section: str, factors) -> list:
    """The example row of a section in the template's French words."""
    values = []
    for key in TEMPLATE_COLUMNS[section]:
        value = EXAMPLE_ROWS[section].get(key)
        if key == "category" and value in factors.profiles:
            value = category_label(factors.profiles[value])
        elif key in ("ownership", "destination", "origin") and value is not None:
            value = vocabulary.choice_label(key, value)
        elif key == "notes":
            value = vocabulary.EXAMPLE_MARKER
        values.append(value)
    return values


def instruction_rows() -> list[tuple]:
    """The instructions sheet: sheets, then one row per column (what, unit, default, where to find it)."""
    rows = [("Modèle d'inventaire sobriete", "", "", "", "", ""), ("", "", "", "", "", ""),
            ("Onglet", "Contenu", "", "", "", "")]
    rows += [(sheet_name(section), SHEET_TEXT_FR[section], "", "", "", "")
             for section in ("organisation",) + model.ALL_SECTIONS]
    rows += [("", "", "", "", "", ""),
             ("Colonne", "Ce qu'elle contient", "Unité (nombre seul)", "Par défaut", "Où la trouver", "Clé")]
    keys = []
    for section in model.ALL_SECTIONS:
        keys.extend(k for k in TEMPLATE_COLUMNS[section] if k not in keys)
    for key in keys:
        field = vocabulary.FIELD_OF[key]
        rows.append((field.header_fr, field.what_fr, vocabulary.unit_text(key, "fr"), field.default_fr, field.where_fr,
                     key))
    rows.append(("", "", "", "", "", ""))
    rows += [(a, b, "", "", "", "") for a, b in INSTRUCTIONS_END_FR]
    return rows


def template_workbook(factors):
    """The XLSX template as an openpyxl Workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    instructions = workbook.active
    instructions.title = "instructions"
    for row in instruction_rows():
        instructions.append(list(row))
    instructions["A1"].font = Font(bold=True, size=14)
    for column, width in zip("ABCDEF", (22, 80, 18, 22, 50, 18)):
        instructions.column_dimensions[column].width = width
    for row in instructions.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

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

    def drop_down(sheet, list_name: str, cells: str) -> None:
        # Warning style, never Stop: an accepted alias typed by hand must not be blocked by Excel.
        validation = DataValidation(type="list", formula1=f"={ranges[list_name]}", allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning", errorTitle="Valeur hors liste",
                                    error="Cette valeur n'est pas dans la liste. Les noms anglais et les autres "
                                          "noms français sont acceptés : sobriete validate la vérifiera.")
        validation.add(cells)
        sheet.add_data_validation(validation)

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    example_font = Font(italic=True, color="808080")
    organisation = workbook.create_sheet(sheet_name("organisation"))
    organisation.append([vocabulary.TABLE_HEADERS["key"][0], vocabulary.TABLE_HEADERS["value"][0], "aide"])
    for key, value, explanation in ORGANISATION_ROWS:
        organisation.append([vocabulary.ORGANISATION_HEADERS_FR[key], value, explanation])
    for cell in organisation[1]:
        cell.font, cell.fill = Font(bold=True), header_fill
    kind_row = 2 + [k for k, _, _ in ORGANISATION_ROWS].index("kind")
    drop_down(organisation, "kind", f"B{kind_row}")
    for column, width in zip("ABC", (14, 30, 70)):
        organisation.column_dimensions[column].width = width

    for section in model.ALL_SECTIONS:
        sheet = workbook.create_sheet(sheet_name(section))
        columns = TEMPLATE_COLUMNS[section]
        sheet.append([header(key) for key in columns])
        sheet.append(_example_values(section, factors))
        for index, key in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            sheet.cell(row=2, column=index).font = example_font
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header(key)) + 4)
        sheet.freeze_panes = "A2"
        for key, list_name in (("category", section), ("ownership", "ownership"),
                               ("destination", "destination"), ("origin", "origin"),
                               ("refurbished", "refurbished")):
            if key in columns:
                letter = get_column_letter(columns.index(key) + 1)
                drop_down(sheet, list_name, f"{letter}2:{letter}{LIST_ROWS}")
    return workbook


def csv_file_name(section: str) -> str:
    """The blank CSV template of a section: its French name without accents (`equipements.csv`)."""
    return vocabulary.normalise_name(sheet_name(section)).replace(" ", "-") + ".csv"


def write_working_folder(directory, factors, *, force: bool = False) -> list[Path]:
    """Write the example, the XLSX template and blank CSVs; refuse to overwrite unless `force`."""
    folder = Path(directory)
    sections = ("organisation",) + model.ALL_SECTIONS
    targets = [folder / EXAMPLE_NAME, folder / XLSX_NAME] + [
        folder / CSV_FOLDER / csv_file_name(section) for section in sections]
    if folder.exists() and not folder.is_dir():
        raise InputErrors([error(_("exists and is not a folder"), path=str(folder))])
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise InputErrors([error(_("already exists; not overwritten (use --force)"), path=str(p))
                           for p in existing])
    atomic_write(folder / EXAMPLE_NAME, example_text())
    save_workbook(template_workbook(factors), folder / XLSX_NAME)
    organisation = [[vocabulary.TABLE_HEADERS["key"][0], vocabulary.TABLE_HEADERS["value"][0]]]
    organisation += [[vocabulary.ORGANISATION_HEADERS_FR[key], value or ""] for key, value, _ in ORGANISATION_ROWS]
    atomic_write(folder / CSV_FOLDER / csv_file_name("organisation"), csv_text(organisation))
    for section in model.ALL_SECTIONS:
        atomic_write(folder / CSV_FOLDER / csv_file_name(section),
                     csv_text([[header(key) for key in TEMPLATE_COLUMNS[section]]]))
    return targets
