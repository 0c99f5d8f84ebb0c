"""`sobriete explore`: one self-contained offline HTML page to explore the footprint and try the plan."""

from __future__ import annotations

import click

from .base import load_factor_set
from .params import DRAWS, SEED


@click.command("explore")
@click.argument("inventory", type=click.Path())
@click.option("--scenario", "scenario_path", type=click.Path(),
              help="The roadmap scenario: adds the trajectory and a toggle per action.")
@click.option("--output", type=click.Path(dir_okay=False), required=True, help="The HTML file to write (atomically).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--year", type=int, help="Reporting year, for a bare CSV/XLSX table.")
@click.option("--factors", "factor_files", multiple=True, metavar="FILE", help="Extra factor file (repeatable).")
@click.option("--method", type=click.Choice(["amortized", "acquisition"]), default="amortized", show_default=True)
@click.option("--draws", type=DRAWS, default=1000, show_default=True,
              help="Monte Carlo draws for the 95 % interval and the objectives' probabilities (0: none).")
@click.option("--seed", type=SEED, default=0, show_default=True)
def explore(inventory, scenario_path, output, lang, year, factor_files, method, draws, seed) -> None:
    """Write one offline HTML page to explore the footprint and try the plan's actions.

    Key figures, filters (site, service, category, BEGES poste, scope, phase, default values),
    drill-down to each line and the factor it used, data quality; with --scenario, the trajectory
    and a toggle per action that recomputes the plan and the objectives exactly. The page makes no
    connection: it can be e-mailed or attached to a council report.

    \b
    Example:
      sobriete explore inventories/ville-val-de-loire-2024.yaml --output explorer.html
      sobriete explore inventories/ville-val-de-loire-2024.yaml \\
          --scenario inventories/scenario-ville-val-de-loire.yaml --output explorer.html
    """
    from sobriete.documents.explore import build_explore, write_explore
    from sobriete.io.inventory import load_inventory

    factors = load_factor_set(factor_files)
    loaded = load_inventory(inventory, factors, year=year)
    scenario_result = None
    if scenario_path:
        from sobriete.io.scenario_file import load_scenario
        from sobriete.scenario import run_scenario

        scenario_result = run_scenario(load_scenario(scenario_path, factors), factors, draws=draws, seed=seed)
    data = build_explore(loaded, factors, method=method, lang=lang, draws=draws, seed=seed,
                         scenario_result=scenario_result)
    write_explore(data, output)
    click.echo(f"wrote {output}")


def register(cli: click.Group) -> None:
    cli.add_command(explore)
