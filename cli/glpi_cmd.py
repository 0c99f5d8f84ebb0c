"""`sobriete import glpi`: inventories from GLPI asset-list exports and glpi-agent JSON."""

from __future__ import annotations

from pathlib import Path

import click

from .base import EXIT_INPUT, load_factor_set

ITEMTYPE_CHOICES = "computer, monitor, phone, printer, networkequipment, peripheral"


@click.command("glpi")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--output", type=click.Path(dir_okay=False), required=True, metavar="INVENTORY",
              help="The inventory to write (.yaml); never one of the input files.")
@click.option("--year", type=int, metavar="Y",
              help="Reporting year (required, never guessed from the clock or the dates, so that the "
                   "same export always gives the same inventory): assets bought after it or "
                   "decommissioned before it are left out.")
@click.option("--itemtype", metavar="T",
              help=f"Force the GLPI list of every CSV/XLSX file ({ITEMTYPE_CHOICES}; French names "
                   "too); by default the columns, the file name or the Type values tell it.")
@click.option("--map-type", multiple=True, metavar='"TYPE=category"',
              help="Classify a GLPI Type (or a Model) as a category, or 'exclude' it; repeatable; "
                   "wins over --mapping.")
@click.option("--mapping", type=click.Path(dir_okay=False), metavar="FILE",
              help="A YAML file of 'GLPI type: category' lines, e.g. 'Other: desktop'.")
@click.option("--keep-assets", is_flag=True,
              help="One line per asset (quantity 1, its own name) instead of merging identical assets.")
@click.pass_context
def import_glpi(ctx: click.Context, files, output, year, itemtype, map_type, mapping, keep_assets) -> None:
    """Import GLPI asset-list exports (CSV, XLSX) and glpi-agent JSON files.

    Reads the exports of Parc > Ordinateurs, Moniteurs, Téléphones, Imprimantes, Matériels réseau
    and Périphériques (Export → All pages → CSV; GLPI 10 or 11, French or English columns), and
    inventories written by `glpi-agent --local DIR --json`. A folder stands for its .csv, .xlsx
    and .json files. Add "Date d'achat" and "Date de mise en service" to the GLPI view first:
    the default views carry no date, and the purchase year then stays unknown.

    Each row is one asset. Its category comes from your --map-type/--mapping of its Model or
    Type, else the GLPI Type (French and English names, SMBIOS chassis names), else the model
    (Apple identifiers and unambiguous families such as Latitude, OptiPlex, PowerEdge), else the
    list when the Type is empty (Moniteurs → monitor, Imprimantes → printer); a mapping of a Type
    that says nothing ('Other', 'Networking') only applies where the model does not tell the
    kind. Servers and network gear go to `hosting`. Left out, and
    listed with their line numbers: retired statuses (rebut, réformé, hors service…), virtual
    machines, laptops' built-in panels, keyboards/mice, items decommissioned before the year or
    bought after it, duplicates of a serial number. purchase_year is the year of the purchase
    date, else delivery, else commissioning date; site is the first level of the location, service
    the last level of the entity, name the asset's name. Identical assets are merged into one
    line with a quantity (they keep their name only if they share it) unless --keep-assets.

    The import report on stderr accounts for every row: imported per category, excluded per
    reason, and unclassified rows with file, line and value. A row is never given a category by
    default: if any row is unclassified, nothing is written and the command exits with code 2,
    printing the --map-type option to add for each unclassified type ('exclude' leaves a type out
    on purpose). The inventory is written atomically, with a header naming its sources.

    \b
    Example:
      sobriete import glpi ordinateurs.csv moniteurs.csv --output inventaire.yaml --year 2024
      sobriete import glpi exports/ --output inventaire.yaml --year 2024 \\
          --map-type "Other=desktop" --map-type "Station d'accueil=exclude"
    """
    from datetime import date

    from sobriete import model
    from sobriete.interop import glpi
    from sobriete.io.imports import OutputTooLargeError

    if year is None:
        raise click.UsageError(
            "--year is required: the reporting year decides which assets count (those bought after "
            "it or decommissioned before it are left out), e.g. --year 2024")
    if not model.YEAR_MIN <= year <= model.YEAR_MAX:
        raise click.UsageError(f"--year must be from {model.YEAR_MIN} to {model.YEAR_MAX} (got {year})")
    if itemtype is not None and glpi.itemtype_of(itemtype) is None:
        raise click.UsageError(f"unknown --itemtype {itemtype!r} (allowed: {ITEMTYPE_CHOICES})")
    itemtype = glpi.itemtype_of(itemtype) if itemtype else None
    target = Path(output)
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise click.UsageError(f"--output must be a .yaml file (got {output!r})")
    inputs = glpi.expand_paths(files) + ([Path(mapping)] if mapping else [])
    if any(_same_file(target, source) for source in inputs):
        raise click.UsageError(f"--output {output!r} is one of the input files: choose another name")

    factors = load_factor_set(())
    type_mapping = glpi.parse_type_mappings(map_type, mapping, factors)
    result = glpi.import_glpi(files, factors, year=year, itemtype=itemtype, mapping=type_mapping,
                              keep_assets=keep_assets)
    for line in result.report:
        click.echo(line, err=True)
    if result.refusal:
        click.echo(result.refusal, err=True)
        ctx.exit(EXIT_INPUT)
    try:
        result.write(target, generated_on=date.today())
    except OutputTooLargeError as exc:
        raise click.UsageError(exc.message) from None
    click.echo(result.summary(output))


def _same_file(target: Path, source: Path) -> bool:
    try:
        if target.exists() and source.exists():
            return target.samefile(source)
        return target.resolve() == source.resolve()
    except OSError:
        return False
