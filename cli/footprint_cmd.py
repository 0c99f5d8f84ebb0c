"""`sobriete footprint`: the annual footprint of an inventory."""

from __future__ import annotations

import os
import sys

import click

from sobriete.errors import one_line

from .base import EXIT_INPUT, emit, load_factor_set
from .params import DRAWS, SEED, STRICT

BY = ("section", "category", "service", "site", "beges", "scope", "phase", "application")


@click.command("footprint")
@click.argument("inventory", type=click.Path())
@click.option("--year", type=int, help="Reporting year, for a bare CSV/XLSX table without one.")
@click.option("--factors", "factor_files", multiple=True, metavar="FILE",
              help="Factor file over the shipped set (repeatable; same id replaces, new id adds). "
                   "'numecoeval' selects the shipped NumÉcoÉval electricity mixes.")
@click.option("--method", type=click.Choice(["amortized", "acquisition"]), default="amortized",
              show_default=True, help="Embodied emissions spread over the lifespan, or counted at purchase.")
@click.option("--by", type=click.Choice(BY), help="Breakdown shown in the table (or CSV with --summary); "
              "'application' needs the allocation table of a NumÉcoÉval import.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table",
              show_default=True)
@click.option("--summary", is_flag=True, help="No per-line detail.")
@click.option("--draws", type=DRAWS, default=1000, show_default=True,
              help="Monte Carlo draws for the 95 % interval (0: none).")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of the Monte Carlo draws.")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of tables and messages (default: French when the locale is French, else English).")
@click.option("--pcf", is_flag=True,
              help="Lines whose model is in the manufacturers' footprints (Boavizta, ODbL) use that "
                   "product's embodied footprint instead of their category's (exact normalised match).")
@click.option("--pcf-fuzzy", is_flag=True,
              help="Also accept the closest product name (similarity ≥ 0.9), reported per line (implies --pcf).")
@click.option("--criteria", "criteria_option", metavar="all|ID,…",
              help="Criteria beyond carbon shown as columns of the table, CSV and XLSX (e.g. "
                   "resource_use_minerals_metals,resource_use_fossils, or all). JSON always has `criteria`.")
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file (atomically).")
@STRICT
@click.pass_context
def footprint(ctx, inventory, year, factor_files, method, by, fmt, summary, draws, seed, lang, pcf, pcf_fuzzy,
              criteria_option, output, strict):
    """The annual carbon footprint of an inventory, in kgCO2e per year.

    Every figure traces back to an inventory line and a cited factor (see the JSON `lines`:
    `source` and `factors`). The 95 % interval draws each factor's error once for all the lines
    that use it.

    \b
    Example:
      sobriete footprint inventories/ville-val-de-loire-2024.yaml
      sobriete footprint inventories/ville-val-de-loire-2024.yaml --format json --summary
      sobriete footprint inventories/ville-val-de-loire-2024-csv/devices.csv --year 2024 --by category --lang en
      sobriete footprint inventories/ville-val-de-loire-2024.yaml --criteria all --by category
    """
    from sobriete.locale import get_language, tr

    lang = lang or get_language()
    if fmt == "xlsx" and not output:
        click.echo(tr("--format xlsx needs --output FILE.xlsx"), err=True)
        ctx.exit(EXIT_INPUT)
    from sobriete.footprint import compute_footprint
    from sobriete.io.inventory import load_inventory
    from sobriete.uncertainty import interval

    factors = load_factor_set(factor_files)
    with _progress() as step:
        step(tr("loading the inventory"))
        loaded = load_inventory(inventory, factors, year=year, strict=strict)
        if pcf or pcf_fuzzy:
            from sobriete.interop.pcf import apply_pcf

            loaded, _ = apply_pcf(loaded, fuzzy=pcf_fuzzy)  # its notes join the result's notes
        step(tr("computing the footprint"))
        result = compute_footprint(loaded, factors, method=method)
        if by == "application":
            result.extra_breakdowns["application"] = _applications(inventory, result)
        if draws:
            step(tr("drawing {draws} Monte Carlo samples", draws=draws))
            result.interval = interval(result, draws, seed)
            result.draws, result.seed = draws, seed
        step(tr("writing"))
        from sobriete import outputs

        criteria = outputs.selected_criteria(result, [criteria_option] if criteria_option else [])
        if fmt == "json":
            emit(outputs.footprint_json(result, include_lines=not summary), output)
        elif fmt == "csv":
            emit(outputs.summary_csv(result, by or "category", criteria) if summary
                 else outputs.footprint_csv(result, criteria), output)
        elif fmt == "xlsx":
            outputs.write_xlsx(result, output, include_lines=not summary, lang=lang, criteria=criteria)
        else:
            if output:
                from io import StringIO

                from rich.console import Console

                buffer = StringIO()
                outputs.render_table(result, by=by, lang=lang, console=Console(file=buffer, width=100),
                                     criteria=criteria)
                emit(buffer.getvalue(), output)
            else:
                outputs.render_table(result, by=by, lang=lang, criteria=criteria)
    # Notes always reach stderr (with json they are also in the document's `notes`): never lost.
    for note in result.notes:
        click.echo(one_line(tr("note: {note}", note=note)), err=True)


def _applications(inventory, result) -> dict:
    """The per-application breakdown, from the allocation table an import wrote next to the inventory."""
    from sobriete.errors import InputErrors, error
    from sobriete.locale import _
    from sobriete.allocation import application_breakdown
    from sobriete.interop.numecoeval import allocation_path, load_allocation

    path = allocation_path(inventory)
    if not os.path.lexists(path):  # a FIFO or a folder there is refused by load_allocation, by what it is
        raise InputErrors([error(_("--by application needs the allocation table written next to the inventory by "
                                 "`sobriete import numecoeval`"), path=str(path), hint=_("file not found"))])
    return application_breakdown(result, load_allocation(path))


class _progress:
    """Steps shown on stderr for long runs, when stderr is a terminal (never in the output)."""

    def __init__(self):
        self.enabled = sys.stderr.isatty()
        self.progress = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                     console=Console(stderr=True), transient=True)
            self.progress.start()
            self.task = self.progress.add_task("", total=None)
        return self.step

    def step(self, description: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description=description)

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
        return False


def register(cli: click.Group) -> None:
    cli.add_command(footprint)
