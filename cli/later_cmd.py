"""Commands whose implementation arrives with a later issue: registered, documented, honest.

Each says "not yet available" and exits with code 1; none prints fake output.
"""

from __future__ import annotations

import click

from .base import not_yet

SCENARIO_ISSUE = "issue #4 (the action catalogue)"
DOCUMENTS_ISSUE = "issue #5 (roadmap and report)"
IMPORTS_ISSUE = "issue #6 (GLPI and NumÉcoÉval imports)"


@click.command("roadmap")
@click.argument("scenario", type=click.Path())
@click.option("--output", type=click.Path(file_okay=False), required=True, help="Folder for the documents.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
def roadmap(**_kwargs) -> None:
    """Write the feuille de route (Markdown + self-contained HTML with charts).

    \b
    Example:
      sobriete roadmap inventories/scenario-ville-val-de-loire.yaml --output feuille-de-route
    """
    not_yet(DOCUMENTS_ISSUE)


@click.command("report")
@click.argument("inventory", type=click.Path())
@click.option("--year", type=int, help="Reporting year, for a bare CSV/XLSX table.")
@click.option("--previous", type=click.Path(), help="Last year's inventory, to explain the change.")
@click.option("--scenario", type=click.Path(), help="The roadmap scenario, to check the trajectory.")
@click.option("--output", type=click.Path(file_okay=False), required=True, help="Folder for the documents.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
def report(**_kwargs) -> None:
    """Write the annual carbon report (Markdown + HTML + CSV/JSON tables).

    \b
    Example:
      sobriete report inventories/ville-val-de-loire-2024.yaml --output bilan-2024
    """
    not_yet(DOCUMENTS_ISSUE)


@click.group("import")
def import_() -> None:
    """Build an inventory from an asset manager's export.

    \b
    Example:
      sobriete import glpi ordinateurs.csv moniteurs.csv --output inventaire.yaml --year 2024
    """


@import_.command("glpi")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--output", type=click.Path(dir_okay=False), required=True)
@click.option("--year", type=int)
@click.option("--itemtype", help="GLPI item type when the file does not tell (Computer, Monitor…).")
@click.option("--map-type", multiple=True, metavar="TYPE=category", help="Map a GLPI type to a category.")
@click.option("--mapping", type=click.Path(dir_okay=False), help="A YAML file of type mappings.")
@click.option("--keep-assets", is_flag=True, help="One line per asset instead of merged lines.")
def import_glpi(**_kwargs) -> None:
    """Import GLPI asset-list exports (CSV) and glpi-agent JSON files.

    \b
    Example:
      sobriete import glpi ordinateurs.csv --output inventaire.yaml --year 2024
    """
    not_yet(IMPORTS_ISSUE)


@import_.command("numecoeval")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--output", type=click.Path(dir_okay=False), required=True)
@click.option("--year", type=int)
@click.option("--lifespan", type=click.Choice(["reel", "fixe"]), default="reel", show_default=True)
def import_numecoeval(**_kwargs) -> None:
    """Import NumÉcoÉval CSV files (data centres, equipment, virtual equipment, applications).

    \b
    Example:
      sobriete import numecoeval equipementsPhysiques.csv datacenters.csv --output inventaire.yaml
    """
    not_yet(IMPORTS_ISSUE)


@click.group("export")
def export() -> None:
    """Write an inventory in another tool's format.

    \b
    Example:
      sobriete export numecoeval inventaire.yaml --output numecoeval/
    """


@export.command("numecoeval")
@click.argument("inventory", type=click.Path())
@click.option("--output", type=click.Path(file_okay=False), required=True)
def export_numecoeval(**_kwargs) -> None:
    """Write NumÉcoÉval CSV files from an inventory.

    \b
    Example:
      sobriete export numecoeval inventaire.yaml --output numecoeval/
    """
    not_yet(IMPORTS_ISSUE)


def register(cli: click.Group) -> None:
    for command in (roadmap, report, import_, export):
        cli.add_command(command)
