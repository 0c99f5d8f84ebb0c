"""`sobriete import numecoeval` and `sobriete export numecoeval`."""

from __future__ import annotations

import click

from .base import not_yet

IMPORTS_ISSUE = "issue #6 (GLPI and NumÉcoÉval imports)"

@click.command("numecoeval")
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


@click.command("numecoeval")
@click.argument("inventory", type=click.Path())
@click.option("--output", type=click.Path(file_okay=False), required=True)
def export_numecoeval(**_kwargs) -> None:
    """Write NumÉcoÉval CSV files from an inventory.

    \b
    Example:
      sobriete export numecoeval inventaire.yaml --output numecoeval/
    """
    not_yet(IMPORTS_ISSUE)
