"""What every command shares: error handling with exit codes, and output helpers.

Exit codes (DESIGN §7): 0 success, 2 bad input or usage, 1 internal error. Input problems are
printed one per line on stderr, never as a traceback (unless ``--debug``).
"""

from __future__ import annotations

import sys

import click

EXIT_INPUT = 2
EXIT_INTERNAL = 1


class SobrieteGroup(click.Group):
    """A click group that maps sobriete's errors to exit codes and one-line messages."""

    def invoke(self, ctx: click.Context):
        debug = bool(ctx.params.get("debug")) or "--debug" in sys.argv
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place errors become exit codes
            if debug:
                raise
            from sobriete.errors import FactorDataError, InputError, InputErrors

            if isinstance(exc, InputErrors):
                from sobriete.io.inventory import format_problems

                for line in format_problems(exc.problems):
                    click.echo(line, err=True)
                ctx.exit(EXIT_INPUT)
            if isinstance(exc, InputError):
                click.echo(str(exc), err=True)
                ctx.exit(EXIT_INPUT)
            if isinstance(exc, FactorDataError):
                click.echo(f"error in the factor database: {exc}", err=True)
                ctx.exit(EXIT_INTERNAL)
            if isinstance(exc, KeyboardInterrupt):
                ctx.exit(130)
            click.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details; "
                       "please report it)", err=True)
            ctx.exit(EXIT_INTERNAL)


def not_yet(issue: str) -> None:
    """Commands of later issues: say so plainly, exit 1, no fake output."""
    click.echo(f"not yet available: this command arrives with {issue}", err=True)
    sys.exit(EXIT_INTERNAL)


def load_factor_set(factor_files):
    from sobriete.factorset import load_factors

    return load_factors(tuple(factor_files))


def emit(text: str, output: str | None) -> None:
    """Write a document to --output atomically, or to stdout."""
    if output:
        from sobriete.io.writers import atomic_write

        atomic_write(output, text)
    else:
        click.echo(text, nl=not text.endswith("\n"))
