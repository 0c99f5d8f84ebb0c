"""Entry point of the `sobriete` command (console script ``sobriete = sobriete.cli.main:cli``).

Heavy libraries (pandas, pint, matplotlib, openpyxl) are imported inside commands, so that
``sobriete --help`` stays fast.
"""

from __future__ import annotations

import click

from sobriete import __version__

from . import actions_cmd, documents_cmd, explore_cmd, factors_cmd, footprint_cmd, interop_cmd, inventory_cmd, scenario_cmd
from .base import SobrieteGroup, add_lang_option

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=SobrieteGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="sobriete")
@click.option("--debug", is_flag=True, help="Show Python tracebacks (for bug reports).")
def cli(debug: bool) -> None:
    """Carbon footprint of a local authority's digital services, and its reduction plan.

    \b
    Example:
      sobriete init ma-collectivite
      sobriete validate ma-collectivite/inventaire-exemple.yaml
      sobriete footprint ma-collectivite/inventaire-exemple.yaml
    """


inventory_cmd.register(cli)
footprint_cmd.register(cli)
factors_cmd.register(cli)
scenario_cmd.register(cli)
actions_cmd.register(cli)
interop_cmd.register(cli)
documents_cmd.register(cli)
explore_cmd.register(cli)
add_lang_option(cli)

if __name__ == "__main__":  # pragma: no cover
    cli()
