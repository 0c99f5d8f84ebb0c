"""Option types shared by the commands."""

from __future__ import annotations

import click


class Money(click.ParamType):
    """An amount of euros as people type it: 150000, "150 000", "150 000 €", 150k€ (DESIGN §6)."""

    name = "EUR"

    def convert(self, value, param, ctx):
        if isinstance(value, (int, float)):
            return float(value)
        from sobriete.units import parse_money

        from sobriete.locale import render, tr

        try:
            return parse_money(value)
        except ValueError as exc:
            self.fail(tr("{value!r} is not an amount of euros ({problem}); write e.g. 150000, \"150 000 €\" or 150k€",
                         value=value, problem=render(exc.args[0] if exc.args else str(exc))), param, ctx)


MONEY = Money()
# --strict (DESIGN §7): columns of a CSV/XLSX inventory that are not inventory keys are errors,
# instead of being ignored with a note.
STRICT = click.option("--strict", is_flag=True,
                      help="Refuse CSV/XLSX columns that are not inventory keys (by default: ignored, with a note).")
CONFIDENCE = click.FloatRange(0, 1, min_open=True, max_open=True)
DRAWS = click.IntRange(0, 100_000)  # beyond 100,000 draws the interval moves by less than its rounding
SEED = click.IntRange(0, 2**32 - 1)  # numpy's seeds are non-negative
