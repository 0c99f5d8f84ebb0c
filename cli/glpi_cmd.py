"""`sobriete import glpi`: inventories from GLPI asset-list exports and glpi-agent JSON."""

from __future__ import annotations

import click

from .base import not_yet

IMPORTS_ISSUE = "issue #6 (GLPI and NumÉcoÉval imports)"

@click.command("glpi")
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
