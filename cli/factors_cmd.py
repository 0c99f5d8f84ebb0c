"""`sobriete factors list | show ID | search TEXT`: the factor database, every value cited."""

from __future__ import annotations

import json

import click

from .base import EXIT_INPUT, load_factor_set

FACTOR_OPTIONS = [
    click.option("--factors", "factor_files", multiple=True, metavar="FILE",
                 help="Factor file over the shipped set (repeatable)."),
    click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True),
]


def _with_options(function):
    for option in reversed(FACTOR_OPTIONS):
        function = option(function)
    return function


def _entry_record(entry) -> dict:
    from sobriete.factorset import Profile

    if isinstance(entry, Profile):
        record = {"id": entry.id, "kind": "profile", "section": entry.section, "method": entry.method,
                  "label_fr": entry.label_fr, "label_en": entry.label_en, "aliases": list(entry.aliases),
                  "values": dict(entry.texts)}
    else:
        record = {"id": entry.id, "kind": "intensity", "value": entry.text}
    record.update({"uncertainty": entry.uncertainty, "year": entry.year, "source": entry.source,
                   "source_url": entry.source_url, "notes": entry.notes, "origin": entry.origin})
    if entry.impacts:  # criteria beyond carbon, per unit of what the carbon value is per
        from sobriete.criteria import CRITERIA

        carbon_unit = entry.unit if not isinstance(entry, Profile) else \
            entry.units.get("embodied" if entry.method == "equipment" else "intensity", "kgCO2e")
        record["impacts"] = {c: f"{v:.12g} {carbon_unit.replace('kgCO2e', CRITERIA[c].unit)}"
                             for c, v in entry.impacts.items()}
        record["impacts_source"] = entry.impacts_source or entry.source
    return record


def _all_entries(factor_set):
    return [factor_set.profiles[k] for k in sorted(factor_set.profiles)] + \
        [factor_set.intensities[k] for k in sorted(factor_set.intensities)]


def _print(records, fmt, version) -> None:
    if fmt == "json":
        click.echo(json.dumps({"factors_version": version, "factors": records}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    from sobriete.outputs import terminal_text, terminal_title

    table = Table(title=terminal_title(f"Facteurs d'émission — version {version}"), show_lines=False)
    for column in ("id", "value", "±", "year", "source"):
        table.add_column(column, overflow="fold")
    for record in records:
        if record["kind"] == "profile":
            value = ", ".join(f"{k} {v}" for k, v in record["values"].items()) or record["method"]
        else:
            value = record["value"]
        table.add_row(terminal_text(record["id"]), terminal_text(value), f"{record['uncertainty']:.0%}",
                      terminal_text(record["year"] or ""), terminal_text(record["source"] or ""))
    Console().print(table)


@click.group("factors")
def factors() -> None:
    """The emission-factor database: values, units, sources, years, uncertainties.

    \b
    Example:
      sobriete factors list
      sobriete factors show laptop
      sobriete factors search électricité --format json
    """


@factors.command("list")
@_with_options
def list_(factor_files, fmt) -> None:
    """Every profile and intensity of the database.

    \b
    Example:
      sobriete factors list --format json
    """
    factor_set = load_factor_set(factor_files)
    _print([_entry_record(e) for e in _all_entries(factor_set)], fmt, factor_set.version)


@factors.command("show")
@click.argument("factor_id")
@_with_options
@click.pass_context
def show(ctx, factor_id, factor_files, fmt) -> None:
    """One entry by id (or a category alias such as 'portable').

    \b
    Example:
      sobriete factors show electricity.FR
      sobriete factors show portable
    """
    from sobriete.locale import tr
    from sobriete.text import did_you_mean

    factor_set = load_factor_set(factor_files)
    entry = factor_set.entry(factor_id) or factor_set.entry(factor_set.category_of(factor_id) or "")
    if entry is None:
        names = list(factor_set.profiles) + list(factor_set.intensities)
        hint = did_you_mean(factor_id, names) or tr("see `sobriete factors list`")
        click.echo(tr("unknown factor {factor_id!r} ({hint})", factor_id=factor_id, hint=hint), err=True)
        ctx.exit(EXIT_INPUT)
    record = _entry_record(entry)
    if fmt == "json":
        click.echo(json.dumps({"factors_version": factor_set.version, **record}, ensure_ascii=False, indent=2))
        return
    from sobriete.io.writers import one_line

    for key, value in record.items():  # plain lines (no markup), each kept on one line
        if value in (None, "", [], {}):
            continue
        if isinstance(value, dict):
            for sub, text in value.items():
                click.echo(f"{one_line(sub):>22}: {one_line(text)}")
        else:
            click.echo(f"{key:>22}: {one_line(', '.join(value) if isinstance(value, list) else value)}")


@factors.command("search")
@click.argument("text")
@_with_options
def search(text, factor_files, fmt) -> None:
    """Entries whose id, labels, aliases or source contain TEXT (accents and case ignored).

    \b
    Example:
      sobriete factors search serveur
    """
    from sobriete.text import normalise_name

    factor_set = load_factor_set(factor_files)
    needle = normalise_name(text)
    found = []
    for entry in _all_entries(factor_set):
        record = _entry_record(entry)
        haystack = " ".join(str(record.get(k) or "") for k in ("id", "label_fr", "label_en", "source", "notes"))
        haystack += " " + " ".join(record.get("aliases", []))
        if needle in normalise_name(haystack):
            found.append(record)
    _print(found, fmt, factor_set.version)


def register(cli: click.Group) -> None:
    cli.add_command(factors)
