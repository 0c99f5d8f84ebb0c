"""The `import` and `export` command groups; their sub-commands live in glpi_cmd and numecoeval_cmd."""

from __future__ import annotations

import click

from . import glpi_cmd, numecoeval_cmd


@click.group("import")
def import_() -> None:
    """Build an inventory from an asset manager's export.

    \b
    Example:
      sobriete import glpi ordinateurs.csv moniteurs.csv --output inventaire.yaml --year 2024
      sobriete import numecoeval equipementsPhysiques.csv datacenters.csv --output inventaire.yaml --year 2024
    """


@click.group("export")
def export() -> None:
    """Write an inventory in another tool's format.

    \b
    Example:
      sobriete export numecoeval inventories/commune-saint-aubin-2024.yaml --output numecoeval/
    """


import_.add_command(glpi_cmd.import_glpi, "glpi")
import_.add_command(numecoeval_cmd.import_numecoeval, "numecoeval")
export.add_command(numecoeval_cmd.export_numecoeval, "numecoeval")


def register(cli: click.Group) -> None:
    cli.add_command(import_)
    cli.add_command(export)
