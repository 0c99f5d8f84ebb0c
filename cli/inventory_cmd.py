"""`sobriete init` and `sobriete validate`: start an inventory and check it."""

from __future__ import annotations

import click

from sobriete.errors import one_line

from .base import EXIT_INPUT, load_factor_set
from .params import STRICT


@click.command("validate")
@click.argument("inventories", nargs=-1, required=True, metavar="INVENTORY...")
@click.option("--year", type=int, help="Reporting year, for a bare CSV/XLSX table without one.")
@click.option("--factors", "factor_files", multiple=True, metavar="FILE",
              help="Extra factor file (repeatable); its categories become valid.")
@STRICT
@click.pass_context
def validate(ctx: click.Context, inventories, year, factor_files, strict) -> None:
    """Check inventories and list every problem, one line each.

    Exit code 0 when every inventory is valid, 2 when one is not.

    \b
    Example:
      sobriete validate inventories/ville-val-de-loire-2024.yaml
      sobriete validate inventories/ville-val-de-loire-2024-csv/devices.csv --year 2024 --strict
    """
    from sobriete.errors import InputErrors
    from sobriete.io.inventory import format_problems, load_inventory
    from sobriete.locale import tr

    factors = load_factor_set(factor_files)
    failed = False
    for path in inventories:
        try:
            inventory = load_inventory(path, factors, year=year, strict=strict)
        except InputErrors as exc:
            failed = True
            for line in format_problems(exc.problems):
                click.echo(line, err=True)
            continue
        counts = ", ".join(f"{len(inventory.sections[s])} {s}" for s in inventory.sections
                           if len(inventory.sections[s]))
        click.echo(tr("{path}: valid ({year}; {counts})", path=path, year=str(inventory.year),
                      counts=counts or tr("no lines")))
        for note in inventory.notes:
            click.echo(one_line(tr("note: {note}", note=note)), err=True)
    if failed:
        ctx.exit(EXIT_INPUT)


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init(directory: str, force: bool) -> None:
    """Create a working folder: a filled example inventory and blank templates.

    Writes inventaire-exemple.yaml (a small commune, commented), modele.xlsx (the template in
    French: one sheet per section, French headers, drop-down lists, an example row per sheet to
    replace, every column explained on the instructions sheet) and modele-csv/ (one blank CSV per
    section, French headers). Existing files are never overwritten without --force.

    \b
    Example:
      sobriete init ma-collectivite
      sobriete validate ma-collectivite/inventaire-exemple.yaml
    """
    from sobriete.io.templates import write_working_folder
    from sobriete.locale import tr

    factors = load_factor_set(())
    written = write_working_folder(directory, factors, force=force)
    for path in written:
        click.echo(tr("wrote {path}", path=str(path)))
    click.echo(tr("next: fill {directory}/modele.xlsx (the year on the organisation sheet, your lines in place of "
                  "the grey examples) or edit {directory}/inventaire-exemple.yaml, then run `sobriete validate` on it",
                  directory=directory), err=True)


def register(cli: click.Group) -> None:
    cli.add_command(init)
    cli.add_command(validate)
