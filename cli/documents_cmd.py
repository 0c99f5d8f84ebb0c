"""`sobriete roadmap` and `sobriete report`: the documents a collectivity publishes."""

from __future__ import annotations

import click

from .base import load_factor_set
from .params import CONFIDENCE, DRAWS, MONEY, SEED, STRICT


def _progress(lang: str):
    """A status line on the terminal (stderr, only when it is one): what the command is doing."""
    import contextlib
    import sys

    if not sys.stderr.isatty():
        return lambda fr, en: contextlib.nullcontext()
    from rich.console import Console

    console = Console(stderr=True)
    return lambda fr, en: console.status(fr if lang == "fr" else en)


@click.command("roadmap")
@click.argument("scenario", type=click.Path())
@click.option("--output", type=click.Path(file_okay=False), required=True, help="Folder for the documents.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--factors", "factor_files", multiple=True, metavar="FILE", help="Extra factor file (repeatable).")
@click.option("--propose", is_flag=True, help="Let the plan be the cheapest set of actions meeting every objective.")
@click.option("--budget", type=MONEY, metavar="EUR",
              help="Upper bound on what the plan must budget (investment + positive annual costs): 150000, "
                   "\"150 000 €\" or 150k€.")
@click.option("--confidence", type=CONFIDENCE, metavar="P",
              help="With --propose: meet every objective together in at least this share of the draws (e.g. 0.8).")
@click.option("--draws", type=DRAWS, default=1000, show_default=True)
@click.option("--seed", type=SEED, default=0, show_default=True)
@click.option("--force", is_flag=True, help="Write into a folder that holds files sobriete did not write.")
def roadmap(scenario, output, lang, factor_files, propose, budget, confidence, draws, seed, force) -> None:
    """Write the feuille de route (Markdown + self-contained HTML with charts, and its tables).

    Sections: diagnosis, vision and SMART objectives, action plan (Gantt, owners, budgets,
    reductions, abatement costs, indicators), resources, evaluation framework, annex.

    \b
    Example:
      sobriete roadmap inventories/scenario-ville-val-de-loire.yaml --output feuille-de-route
      sobriete roadmap inventories/scenario-ville-val-de-loire.yaml --output roadmap-en --lang en
    """
    from sobriete.documents.roadmap import build_roadmap, write_roadmap
    from sobriete.io.scenario_file import load_scenario
    from sobriete.scenario import run_scenario

    factors = load_factor_set(factor_files)
    loaded = load_scenario(scenario, factors)
    result = run_scenario(loaded, factors, propose_plan=propose, budget=budget, draws=draws, seed=seed,
                          confidence=confidence)
    from sobriete.locale import tr

    written = write_roadmap(build_roadmap(result, factors, lang=lang, draws=draws, seed=seed), output, lang=lang,
                            force=force)
    for path in written[:2]:
        click.echo(tr("wrote {path}", path=str(path)))
    click.echo(tr("… and {count} chart and table files in {output}", count=len(written) - 2, output=output),
               err=True)


@click.command("report")
@click.argument("inventory", type=click.Path())
@click.option("--output", type=click.Path(file_okay=False), required=True, help="Folder for the documents.")
@click.option("--year", type=int, help="Reporting year, for a bare CSV/XLSX table.")
@click.option("--previous", type=click.Path(), help="Last year's inventory, to explain the change.")
@click.option("--previous-factors", multiple=True, metavar="FILE",
              help="Factor files used for last year's figures (default: the same as this year).")
@click.option("--previous-method", type=click.Choice(["amortized", "acquisition"]),
              help="Method used for last year's figures (default: the same as this year).")
@click.option("--scenario", "scenario_path", type=click.Path(), help="The roadmap scenario, to check the trajectory.")
@click.option("--indicators", "indicators_path", type=click.Path(), metavar="FILE.csv",
              help="With --scenario: measured values of the roadmap's indicators (columns year,id,value).")
@click.option("--factors", "factor_files", multiple=True, metavar="FILE", help="Extra factor file (repeatable).")
@click.option("--method", type=click.Choice(["amortized", "acquisition"]), default="amortized", show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--draws", type=DRAWS, default=1000, show_default=True)
@click.option("--seed", type=SEED, default=0, show_default=True)
@click.option("--force", is_flag=True, help="Write into a folder that holds files sobriete did not write.")
@STRICT
def report(inventory, output, year, previous, previous_factors, previous_method, scenario_path, indicators_path,
           factor_files, method, lang, draws, seed, force, strict) -> None:
    """Write the annual carbon report (Markdown + HTML, and every table as CSV, JSON and XLSX).

    Total with its 95 % interval, per agent and per inhabitant, breakdowns, the BEGES v5 table
    and GHG Protocol scopes, legal indicators (AGEC, REEN), data quality and sources; with
    --previous, the change since last year split into fleet, factor and method effects; with
    --scenario, whether the year is on the roadmap's trajectory and, for each indicator of the
    roadmap, its measured value against its path (values also from --indicators FILE.csv).

    \b
    Example:
      sobriete report inventories/ville-val-de-loire-2024.yaml --output bilan-2024
      sobriete report inventories/ville-val-de-loire-2024.yaml --scenario inventories/scenario-ville-val-de-loire.yaml \\
          --output bilan-2024-en --lang en
      sobriete report inventories/ville-val-de-loire-2024.yaml --scenario inventories/scenario-ville-val-de-loire.yaml \\
          --indicators inventories/indicateurs-2025-ville-val-de-loire.csv --output bilan-indicateurs
    """
    from sobriete.documents.report import build_report, write_report
    from sobriete.io.inventory import load_inventory

    if indicators_path and not scenario_path:
        raise click.UsageError("--indicators needs --scenario (the indicators are declared in the scenario)")
    step = _progress(lang)
    factors = load_factor_set(factor_files)
    with step("Lecture de l'inventaire…", "Reading the inventory…"):
        loaded = load_inventory(inventory, factors, year=year, strict=strict)
    previous_inventory = previous_set = None
    if previous:
        previous_set = load_factor_set(previous_factors) if previous_factors else factors
        previous_inventory = load_inventory(previous, previous_set, strict=strict)
    scenario_result = indicator_values = None
    if scenario_path:
        from sobriete.io.scenario_file import load_scenario
        from sobriete.scenario import run_scenario

        loaded_scenario = load_scenario(scenario_path, factors)
        if indicators_path:
            from sobriete.io.indicator_values import load_indicator_values

            indicator_values = load_indicator_values(indicators_path, loaded_scenario)
        scenario_result = run_scenario(loaded_scenario, factors, draws=draws, seed=seed)
    with step("Calcul de l'empreinte et des graphiques…", "Computing the footprint and the charts…"):
        data = build_report(loaded, factors, method=method, lang=lang, draws=draws, seed=seed,
                            previous=previous_inventory, previous_factors=previous_set,
                            previous_method=previous_method, scenario_result=scenario_result,
                            indicator_values=indicator_values)
    from sobriete.locale import tr

    with step("Écriture des documents et des tableaux…", "Writing the documents and tables…"):
        written = write_report(data, output, lang=lang, force=force)
    for path in written[:2]:
        click.echo(tr("wrote {path}", path=str(path)))
    click.echo(tr("… and {count} chart and table files in {output}", count=len(written) - 2, output=output),
               err=True)


def register(cli: click.Group) -> None:
    cli.add_command(roadmap)
    cli.add_command(report)
