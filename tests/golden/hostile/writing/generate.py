"""Generated the inputs of the hostile writing goldens (inputs/) and the skeleton of cases.yaml.

Run once by hand (``python tests/golden/hostile/writing/generate.py``); the expectations in
cases.yaml were then checked by eye: each written value reads back as the hostile value itself.
Not a test module (pytest does not collect it).
"""

from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"

# id → a hostile text (YAML structure, YAML indicators, formulas, rich markup, control characters)
HOSTILE = {
    "newline-devices": "PC\ndevices: [{category: server, quantity: 999}]",
    "hash-comment": "PC #not a comment",
    "document-marker": "---",
    "document-end": "...",
    "anchor": "&anchor PC",
    "alias": "*alias",
    "tag": "!!python/object/apply:os.system [id]",
    "directive": "%YAML 1.1",
    "at-sign": "@home",
    "colon-space": "salle: serveur",
    "flow-mapping": "{a: 1}",
    "flow-sequence": "[1, 2]",
    "quotes": "l'accueil \"principal\"",
    "backquote-pipe": "`x` | > y",
    "line-separator": "PC\u2028devices: []",
    "next-line": "PC\u0085devices: []",
    "paragraph-separator": "PC\u2029x",
    "null-word": "null",
    "bool-word": "yes",
    "date-word": "2024-01-01",
    "number-word": "1e3",
    "formula": "=1+1",
    "hyperlink": "=HYPERLINK(\"http://evil.example\",\"clic\")",
    "plus": "+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at-formula": "@SUM(A1:A9)",
    "negative-text": "-5",
    "rich-bold": "[bold]gras[/bold]",
    "rich-malformed": "[/]",
    "rich-link": "[link=http://evil.example]clic[/link]",
    "backslash-end": "dossier\\",
    "ansi-escape": "\x1b[31mrouge\x1b[0m",
    "bidi-override": "abc\u202edcba",
}

GLPI_HEADER = ('"Nom";"Entité";"Statut";"Fabricant";"Numéro de série";"Type";"Modèle";"Lieu";'
               '"Informations financières et administratives - Date d\'achat"')


def glpi_csv(value: str) -> str:
    q = value.replace('"', '""')
    row = f'"{q}";"Ville > {q}";"En service";"Dell";"SN-1";"Laptop";"Latitude 5440 {q}";"{q}";"14-03-2023"'
    return GLPI_HEADER + "\n" + row + "\n"


NEE_HEADER = "nomEquipementPhysique;modele;quantite;nomCourtDatacenter;dateAchat;dateRetrait;type;statut;" \
             "paysDUtilisation;nomEntite"


def nee_csv(value: str) -> str:
    q = '"' + value.replace('"', '""') + '"'
    return NEE_HEADER + "\n" + f"{q};{q};2;;2021-03-15;;Laptop;En service;France;{q}\n"


def inventory(value: str) -> dict:
    return {"organisation": {"name": value, "kind": "commune", "country": "FR", "agents": 10},
            "year": 2024,
            "devices": [{"category": "laptop", "quantity": 2, "lifespan": "5 years", "name": value,
                         "service": value, "site": value, "model": value, "notes": value}]}


def factor_file(value: str) -> dict:
    return {"intensities": [{"id": "electricity.XX", "value": "0.1 kgCO2e/kWh", "uncertainty": 0.1,
                             "year": 2024, "source": value}]}


def one_line(text: str) -> str:
    from sobriete.io.writers import one_line as escape

    return escape(text)


# values whose written form is not the value itself, on purpose
GLPI_SITE_SERVICE = {"backquote-pipe": ("`x` |", "y")}  # ' > ' is GLPI's hierarchy separator
XLSX_ESCAPED = {"ansi-escape": "_x001B_[31mrouge_x001B_[0m"}  # XML cannot hold ESC: OOXML escape
TABLE_CASES = ("newline-devices", "rich-bold", "rich-malformed", "rich-link", "backslash-end", "ansi-escape",
               "bidi-override", "line-separator", "formula", "tag")
FOOTPRINT_FILE_CASES = ("formula", "hyperlink", "plus", "minus", "at-formula", "negative-text", "newline-devices",
                        "ansi-escape")
SUGGEST_CASES = ("newline-devices", "hash-comment", "document-marker", "anchor", "tag", "directive", "quotes",
                 "line-separator", "next-line", "paragraph-separator", "rich-malformed", "bidi-override",
                 "null-word", "backslash-end")
FACTOR_CASES = ("rich-bold", "rich-malformed", "rich-link", "newline-devices")
FILE_NAMES = {"name-newline": "evil\ndevices: [{category: server, quantity: 999}]\n#.csv",
              "name-hash": "a #b.csv", "name-document": "---\n....csv", "name-cr": "x\rdevices: [].csv",
              "name-nel": "x\u0085devices: [].csv", "name-formula": "=HYPERLINK(\"http;evil\").csv",
              "name-markup": "[bold]x[red].csv"}


def cases() -> list[dict]:
    out = []
    for case, value in HOSTILE.items():
        site, service = GLPI_SITE_SERVICE.get(case, (value, value))
        out.append({"id": f"glpi-yaml-{case}", "value": value,
                    "commands": [["import", "glpi", "{inputs}/glpi/" + case + ".csv", "--output", "out.yaml",
                                  "--year", "2024"], ["validate", "out.yaml"]],
                    "exit": 0, "yaml": "out.yaml", "top_keys": ["organisation", "year", "imported_from", "devices"],
                    "lines": {"devices": [{"name": value, "site": site, "service": service,
                                           "model": f"Dell Latitude 5440 {value}"}]}})
    for case, value in HOSTILE.items():
        written = XLSX_ESCAPED.get(case, value)
        out.append({"id": f"numecoeval-xlsx-{case}", "value": value,
                    "commands": [["import", "numecoeval", "{inputs}/numecoeval/" + case + "/equipementsPhysiques.csv",
                                  "--output", "out.xlsx", "--year", "2024"], ["validate", "out.xlsx"]],
                    "exit": 0, "xlsx": "out.xlsx",
                    "lines": {"devices": [{"name": written, "service": written, "model": written}]}})
    for case in TABLE_CASES:
        out.append({"id": f"footprint-table-{case}", "value": HOSTILE[case],
                    "commands": [["footprint", "{inputs}/inventories/" + case + ".yaml", "--by", "service"]],
                    "exit": 0, "stdout_contains": [one_line(HOSTILE[case])]})
    for case in FOOTPRINT_FILE_CASES:
        out.append({"id": f"footprint-xlsx-{case}", "value": HOSTILE[case],
                    "commands": [["footprint", "{inputs}/inventories/" + case + ".yaml", "--format", "xlsx",
                                  "--output", "out.xlsx"]],
                    "exit": 0, "xlsx": "out.xlsx", "xlsx_contains": [XLSX_ESCAPED.get(case, HOSTILE[case])]})
        out.append({"id": f"footprint-csv-{case}", "value": HOSTILE[case],
                    "commands": [["footprint", "{inputs}/inventories/" + case + ".yaml", "--format", "csv"]],
                    "exit": 0, "csv_stdout": True})
    for case in SUGGEST_CASES:
        value = HOSTILE[case]
        out.append({"id": f"suggest-{case}", "value": value,
                    "commands": [["actions", "suggest", "{inputs}/inventories/" + case + ".yaml", "--output", "s.yaml"],
                                 ["scenario", "s.yaml"]],
                    "exit": 0, "scenario": {"file": "s.yaml", "title": f"Stratégie numérique responsable — {value}"},
                    "stdout_contains": [one_line(value)]})
    for case in FACTOR_CASES:
        out.append({"id": f"factors-list-{case}", "value": HOSTILE[case], "factor_file": case,
                    "commands": [["factors", "list", "--factors", "{inputs}/factors/" + case + ".yaml"]],
                    "exit": 0, "stdout_contains": [one_line(HOSTILE[case])]})
    for case, name in FILE_NAMES.items():
        out.append({"id": f"glpi-file-{case}", "value": name, "copy": {"from": "glpi/formula.csv", "to": name},
                    "commands": [["import", "glpi", "{copy}", "--output", "out.yaml", "--year", "2024"],
                                 ["validate", "out.yaml"]],
                    "exit": 0, "yaml": "out.yaml", "top_keys": ["organisation", "year", "imported_from", "devices"],
                    "comment_contains": one_line(name)})
    return out


def main() -> None:
    for sub in ("glpi", "numecoeval", "inventories"):
        (INPUTS / sub).mkdir(parents=True, exist_ok=True)
    for case, value in HOSTILE.items():
        (INPUTS / "glpi" / f"{case}.csv").write_bytes(glpi_csv(value).encode("utf-8"))
        folder = INPUTS / "numecoeval" / case
        folder.mkdir(exist_ok=True)
        (folder / "equipementsPhysiques.csv").write_bytes(nee_csv(value).encode("utf-8"))
        (INPUTS / "inventories" / f"{case}.yaml").write_text(
            yaml.safe_dump(inventory(value), allow_unicode=False, sort_keys=False), encoding="utf-8")
    (INPUTS / "factors").mkdir(exist_ok=True)
    for case in FACTOR_CASES:
        (INPUTS / "factors" / f"{case}.yaml").write_text(
            yaml.safe_dump(factor_file(HOSTILE[case]), allow_unicode=False, sort_keys=False), encoding="utf-8")
    header = ("# Hostile writing goldens: generated by generate.py, then checked by eye. Each case runs its\n"
              "# commands in a fresh folder ({inputs} = inputs/) and checks the last exit code and what was written.\n")
    (HERE / "cases.yaml").write_text(header + yaml.safe_dump(cases(), allow_unicode=False, sort_keys=False,
                                                            width=120), encoding="utf-8")


if __name__ == "__main__":
    main()
