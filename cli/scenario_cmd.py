"""`sobriete scenario`: trajectories, objectives, and the cheapest plan that meets them."""

from __future__ import annotations

import click

from sobriete.errors import one_line

from .base import emit, load_factor_set
from .params import CONFIDENCE, DRAWS, MONEY, SEED


@click.command("scenario")
@click.argument("scenario", type=click.Path())
@click.option("--factors", "factor_files", multiple=True, metavar="FILE", help="Extra factor file (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file (atomically).")
@click.option("--propose", is_flag=True, help="Pick the cheapest set of actions that meets every objective.")
@click.option("--budget", type=MONEY, metavar="EUR",
              help="Upper bound on what the plan must budget (investment + positive annual costs): 150000, "
                   "\"150 000 €\" or 150k€.")
@click.option("--confidence", type=CONFIDENCE, metavar="P",
              help="With --propose: meet every objective together in at least this share of the draws (e.g. 0.8).")
@click.option("--draws", type=DRAWS, default=1000, show_default=True,
              help="Monte Carlo draws for the probability of meeting each objective (0: none).")
@click.option("--seed", type=SEED, default=0, show_default=True)
@click.option("--charts", type=click.Path(file_okay=False), help="Write charts (SVG and PNG) to this folder.")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of tables and messages (default: French when the locale is French, else English).")
def scenario(scenario, factor_files, fmt, output, propose, budget, confidence, draws, seed, charts, lang) -> None:
    """Trajectories to the horizon, objectives met or missed, and the cheapest plan.

    Without --propose every listed action is in the plan; with --propose the actions are
    candidates and the exact cheapest subset that meets every objective (within --budget) is
    chosen.

    \b
    Example:
      sobriete scenario inventories/scenario-ville-val-de-loire.yaml
      sobriete scenario inventories/scenario-ville-val-de-loire.yaml --propose --budget 150000 --format json
    """
    from sobriete.io.scenario_file import load_scenario
    from sobriete.locale import get_language, tr
    from sobriete.scenario import run_scenario
    from sobriete.scenario_outputs import render_scenario, scenario_json

    lang = lang or get_language()
    factors = load_factor_set(factor_files)
    loaded = load_scenario(scenario, factors)
    result = run_scenario(loaded, factors, propose_plan=propose, budget=budget, draws=draws, seed=seed,
                          confidence=confidence)
    if charts:
        from sobriete.charts import write_scenario_charts

        for path in write_scenario_charts(result, charts, lang=lang):
            click.echo(tr("wrote {path}", path=str(path)), err=True)
    if fmt == "json":
        emit(scenario_json(result), output)
        for note in result.notes:  # also in the document; stderr never mixes with stdout's JSON
            click.echo(one_line(tr("note: {note}", note=note)), err=True)
    elif output:
        from io import StringIO

        from rich.console import Console

        buffer = StringIO()
        render_scenario(result, lang=lang, console=Console(file=buffer, width=110))
        emit(buffer.getvalue(), output)
    else:
        render_scenario(result, lang=lang)


def register(cli: click.Group) -> None:
    cli.add_command(scenario)
