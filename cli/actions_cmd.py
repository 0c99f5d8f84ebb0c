"""`sobriete actions suggest`: candidate actions for an inventory, written as a scenario file."""

from __future__ import annotations

from pathlib import Path

import click

from .base import load_factor_set
from .params import STRICT


@click.group("actions")
def actions() -> None:
    """Candidate actions for an inventory (catalogue factors/actions.yaml).

    \b
    Example:
      sobriete actions suggest inventories/ville-val-de-loire-2024.yaml --output scenario.yaml
    """


@actions.command("suggest")
@click.argument("inventory", type=click.Path())
@click.option("--output", type=click.Path(dir_okay=False),
              help="Write the scenario YAML to this file (atomically); refused if it exists, unless --force.")
@click.option("--horizon", type=int, metavar="YEAR", help="Last year of the scenario (default: inventory year + 6).")
@click.option("--format", "fmt", type=click.Choice(["yaml", "table"]), default="yaml", show_default=True,
              help="yaml: the scenario document; table: a summary of the actions (the YAML still goes to --output).")
@click.option("--force", is_flag=True, help="Overwrite the --output file if it exists.")
@click.option("--year", type=int, help="Reporting year, for a bare CSV/XLSX inventory.")
@click.option("--factors", "factor_files", multiple=True, metavar="FILE", help="Extra factor file (repeatable).")
@click.option("--catalogue", type=click.Path(dir_okay=False), help="Another action catalogue (YAML).")
@STRICT
def suggest(inventory, output, horizon, fmt, force, year, factor_files, catalogue, strict) -> None:
    """Write candidate actions with documented costs and effects, as a scenario file.

    Only the categories the inventory has get actions; costs are computed from the inventory
    (units affected, purchases avoided, kWh saved…) and every figure cites its source or says
    « hypothèse ». The scenario holds two objectives (−15 % three years after the inventory
    year, SBTi −4.2 %/year) and loads as is with `sobriete scenario`.

    \b
    Example:
      sobriete actions suggest inventories/ville-val-de-loire-2024.yaml --output scenario.yaml
      sobriete scenario scenario.yaml --propose --budget 150000
      sobriete actions suggest inventories/commune-saint-aubin-2024.yaml --format table
    """
    from sobriete.catalogue import suggest_with_details
    from sobriete.documents.scenario_yaml import suggest_scenario_yaml
    from sobriete.io.catalogue_file import load_catalogue
    from sobriete.errors import InputErrors, error
    from sobriete.io.inventory import load_inventory
    from sobriete.locale import tr

    if output and Path(output).exists() and not force:
        raise InputErrors([error(tr("the output file already exists"), path=output,
                                 hint=tr("use --force to overwrite it, or choose another --output"))])
    factors = load_factor_set(factor_files)
    loaded = load_inventory(inventory, factors, year=year, strict=strict)
    if horizon is not None and horizon <= loaded.year:
        raise InputErrors([error(tr("the horizon must come after the inventory year {year}", year=str(loaded.year)),
                                 column="--horizon", value=horizon)])
    suggestions = suggest_with_details(loaded, factors, load_catalogue(catalogue) if catalogue else None)
    mappings = [mapping for mapping, _ in suggestions]
    document = suggest_scenario_yaml(inventory, mappings, horizon, inventory=loaded, output_path=output)
    if output:
        from sobriete.io.writers import atomic_write

        atomic_write(output, document)
        click.echo(tr("wrote {output}: {count} candidate action(s)", output=output, count=len(mappings)), err=True)
    if fmt == "table":
        _render_table(loaded, suggestions, horizon if horizon is not None else loaded.year + 6)
    elif not output:
        click.echo(document, nl=False)
    if not mappings:
        click.echo(tr("no action of the catalogue fits this inventory"), err=True)


def _render_table(inventory, suggestions, horizon: int) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from sobriete.locale import get_language, tr
    from sobriete.outputs import number_formatter, terminal_text, terminal_title

    fmt = number_formatter(get_language(), 0)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False,
                  title=terminal_title(tr("Candidate actions — {name} ({year})", name=inventory.organisation.name,
                                          year=str(inventory.year))),
                  caption=tr("Total = cost + annual × years from {first} to {horizon} (€ excl. VAT); effect at full "
                             "scale; E/C: effect/cost sourced (s) or assumed (h)", first=str(inventory.year + 1),
                             horizon=str(horizon)))
    table.add_column("Action", no_wrap=True)
    table.add_column(tr("Value"), justify="right", no_wrap=True)
    table.add_column("Th.", justify="right")
    for column in (tr("Cost €"), tr("€/year"), tr("Total €"), tr("kgCO₂e/year")):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("E/C", justify="center", no_wrap=True)
    for mapping, details in suggestions:
        total = details["cost"] + details["annual_cost"] * max(0, horizon - mapping["start"] + 1)
        flags = ("h" if details["assumption"] else "s") + "/" + ("h" if details["cost_assumption"] else "s")
        table.add_row(terminal_text(mapping["id"]), terminal_text(str(mapping["value"])), str(mapping["theme"]), fmt(details["cost"]),
                      fmt(details["annual_cost"]), fmt(total), fmt(details["effect"]), flags)
    console = Console()
    Console(width=max(console.width, 112)).print(table)


def register(cli: click.Group) -> None:
    cli.add_command(actions)
