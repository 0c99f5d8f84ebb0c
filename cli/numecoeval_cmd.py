"""`sobriete import numecoeval` and `sobriete export numecoeval`."""

from __future__ import annotations

from pathlib import Path

import click

from sobriete.errors import one_line

from .base import EXIT_INPUT, load_factor_set


@click.command("numecoeval")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--output", type=click.Path(dir_okay=False),
              help="The inventory to write (.yaml, or .xlsx); the allocation of servers to virtual "
                   "machines and applications goes next to it (<name>.applications.csv).")
@click.option("--factors-output", type=click.Path(dir_okay=False), metavar="FILE.yaml",
              help="Where to write the factor file converted from NumÉcoÉval characterisation factors "
                   "(ref_FacteurCaracterisation.csv, given among the FILEs): use it with --factors.")
@click.option("--year", type=int, help="Reporting year (required): 31 December of it stands in for a "
                                       "missing dateRetrait; equipment withdrawn before it is left out.")
@click.option("--lifespan", type=click.Choice(["reel", "fixe"]), default="reel", show_default=True,
              help="REEL: (dateRetrait − dateAchat) in days / 365; FIXE: dureeUsageInterne.")
@click.option("--map-type", "map_types", multiple=True, metavar="TYPE=category",
              help="Map a NumÉcoÉval equipment type sobriete does not know to a category (repeatable).")
@click.option("--factors", "factor_files", multiple=True, metavar="FILE",
              help="Factor file whose categories the types may map to (repeatable).")
@click.pass_context
def import_numecoeval(ctx, files, output, factors_output, year, lifespan, map_types, factor_files) -> None:
    """Import NumÉcoÉval CSV files (data centres, equipment, virtual equipment, applications).

    Each file's kind is recognised by its header; give them in any order. The import keeps
    NumÉcoÉval's conventions (lifespan in days / 365, never below 1 year; usage rates COPE 0.8,
    BYOD 0.57 or tauxUtilisation; a data centre's PUE for its servers and its country for what it
    hosts), so that the same factors give the same results. What is left out, and why, is listed
    on stderr with file and line.

    \b
    Example:
      sobriete import numecoeval datacenters.csv equipementsPhysiques.csv equipementsVirtuels.csv \\
          applications.csv --output inventaire.yaml --year 2024
      sobriete footprint inventaire.yaml --factors numecoeval

    A characterisation-factor file (ref_FacteurCaracterisation.csv: one row per item ×
    life-cycle step × criterion) becomes a factor file (--factors-output) with every criterion;
    map types to its items with --map-type "TYPE=item":

    
      sobriete import numecoeval ref_FacteurCaracterisation.csv datacenters.csv equipementsPhysiques.csv \
          --factors-output facteurs.yaml --map-type "Laptop=laptop-3" --output inventaire.yaml --year 2024
      sobriete footprint inventaire.yaml --factors facteurs.yaml --criteria all
    """
    from datetime import date

    from sobriete.interop.numecoeval import parse_type_map, read_numecoeval
    from sobriete.locale import tr
    from sobriete.interop.numecoeval.characterisation import is_characterisation_file

    references = [f for f in files if is_characterisation_file(f)]
    files = [f for f in files if f not in references]
    if references:
        if not factors_output:
            click.echo(tr("--factors-output FILE.yaml is needed to write the factor file converted from {files}",
                          files=", ".join(references)), err=True)
            ctx.exit(EXIT_INPUT)
        _convert_characterisation(references, factors_output)
        factor_files = (*factor_files, factors_output)
        if not files:
            return
    if not output:
        click.echo(tr("--output is required: the inventory to write (.yaml or .xlsx)"), err=True)
        ctx.exit(EXIT_INPUT)

    if year is None:
        click.echo(tr("--year is required: give the reporting year, e.g. --year 2024 (31 December of it "
                      "stands in for a missing dateRetrait)"), err=True)
        ctx.exit(EXIT_INPUT)
    if Path(output).suffix.lower() not in (".yaml", ".yml", ".xlsx"):
        click.echo(tr("--output: {output!r} must be a .yaml, .yml or .xlsx file", output=output), err=True)
        ctx.exit(EXIT_INPUT)
    factors = load_factor_set(factor_files)
    type_map = parse_type_map(map_types, factors)
    result = read_numecoeval(files, factors, year=year, lifespan=lifespan, type_map=type_map)
    result.write(output, generated_on=date.today())
    for line in result.report:
        click.echo(line, err=True)
    click.echo(result.summary(output), err=True)


def _convert_characterisation(references, factors_output) -> None:
    """Convert characterisation-factor files into one factor file (a later file's entry replaces an earlier one)."""
    from sobriete.interop.numecoeval.characterisation import factor_file_text, read_characterisation
    from sobriete.io.factor_files import load_factors
    from sobriete.io.writers import atomic_write
    from sobriete.locale import tr

    profiles, intensities, notes = {}, {}, []
    for reference in references:
        document, found = read_characterisation(reference)
        profiles.update((p["id"], p) for p in document["profiles"])
        intensities.update((i["id"], i) for i in document["intensities"])
        notes += found
    text = factor_file_text({"profiles": list(profiles.values()), "intensities": list(intensities.values())},
                            [str(r) for r in references])
    atomic_write(factors_output, text)
    load_factors([factors_output])  # the file written must read back (exit 2 with its problems otherwise)
    for note in notes:
        click.echo(one_line(tr("note: {note}", note=note)), err=True)
    click.echo(f"written: {factors_output} ({len(profiles)} item profile(s), {len(intensities)} electricity "
               "mix(es))", err=True)


@click.command("numecoeval")
@click.argument("inventory", type=click.Path())
@click.option("--output", type=click.Path(file_okay=False), required=True,
              help="Folder for datacenters.csv, equipementsPhysiques.csv (and equipementsVirtuels.csv, "
                   "applications.csv when the inventory has an allocation table next to it).")
@click.option("--year", type=int, help="Reporting year, for a bare CSV/XLSX inventory without one.")
@click.option("--factors", "factor_files", multiple=True, metavar="FILE",
              help="Factor file defining categories the inventory uses (repeatable).")
def export_numecoeval(inventory, output, year, factor_files) -> None:
    """Write NumÉcoÉval CSV files from an inventory.

    Equipment lines become physical equipment; their sites become data centres (with the
    servers' PUE and the lines' country). Lines imported from NumÉcoÉval get their original
    type, dates, durations and usage mode back (kept in their notes), so that import → export →
    import gives the same inventory. What NumÉcoÉval's files cannot hold is listed on stderr.

    \b
    Example:
      sobriete export numecoeval inventories/commune-saint-aubin-2024.yaml --output numecoeval/
    """
    from sobriete.interop.numecoeval import allocation_path, load_allocation
    from sobriete.interop.numecoeval import export_numecoeval as export
    from sobriete.io.inventory import load_inventory

    from sobriete.locale import tr

    factors = load_factor_set(factor_files)
    loaded = load_inventory(inventory, factors, year=year)
    sidecar = allocation_path(inventory)
    allocation = load_allocation(sidecar) if sidecar.is_file() else None
    written, notes = export(loaded, factors, output, allocation=allocation)
    for note in notes:
        click.echo(one_line(tr("note: {note}", note=note)), err=True)
    click.echo(tr("written: {paths}", paths=", ".join(str(p) for p in written)), err=True)
