"""What every command shares: error handling with exit codes, and output helpers.

Exit codes (DESIGN §7): 0 success, 2 bad input or usage, 1 internal error. Input problems are
printed one per line on stderr, never as a traceback (unless ``--debug``).
"""

from __future__ import annotations

import sys

import click

EXIT_INPUT = 2
EXIT_INTERNAL = 1


def language_of(arguments, environ=None) -> str:
    """The language of messages: ``--lang fr|en`` anywhere on the command line, else the locale."""
    from sobriete.locale import LANGUAGES, language_from_environment

    arguments = [a for a in arguments if isinstance(a, str)]
    for position, argument in enumerate(arguments):
        if argument == "--":
            break
        value = None
        if argument == "--lang" and position + 1 < len(arguments):
            value = arguments[position + 1]
        elif argument.startswith("--lang="):
            value = argument.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    return language_from_environment(environ)


def add_lang_option(command: click.Command) -> None:
    """Give `command` (and every sub-command) a ``--lang`` option when it has none: the language of
    messages is read from the command line by :meth:`SobrieteGroup.main`, so the option only needs
    to be accepted and documented."""
    if not any(getattr(p, "name", None) == "lang" for p in command.params):
        command.params.append(click.Option(
            ["--lang"], type=click.Choice(["fr", "en"]), expose_value=False,
            help="Language of messages (default: French when the locale is French, else English)."))
    for sub in getattr(command, "commands", {}).values():
        add_lang_option(sub)


def help_texts(command: click.Command):
    """(owner, attribute, English text) of every help summary: each command's first paragraph and
    each option's help (the rest of a command's help, its examples, stays as written)."""
    import inspect

    if command.help:
        yield command, "help", inspect.cleandoc(command.help).partition("\n\n")[0]
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            yield param, "help", param.help
    for sub in getattr(command, "commands", {}).values():
        yield from help_texts(sub)


def translate_help(command: click.Command, lang: str) -> None:
    """Put the help summaries of `command` and its sub-commands in `lang` (reversible: English is kept)."""
    import inspect

    from sobriete.locale import translate

    for owner, attribute, _english in list(help_texts(command)):
        original = owner.__dict__.setdefault("_sobriete_english_help", getattr(owner, attribute))
        if isinstance(owner, click.Command):
            first, separator, rest = inspect.cleandoc(original).partition("\n\n")
            setattr(owner, attribute, translate(first, lang) + separator + rest)
        else:
            setattr(owner, attribute, translate(original, lang))


class SobrieteGroup(click.Group):
    """A click group that maps sobriete's errors to exit codes and one-line messages."""

    def main(self, args=None, *rest, **kwargs):
        from sobriete.locale import set_language

        translate_help(self, set_language(language_of(sys.argv[1:] if args is None else list(args))))
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx: click.Context):
        debug = bool(ctx.params.get("debug")) or "--debug" in sys.argv
        import warnings

        with warnings.catch_warnings():  # click 8.2 deprecates protected_args (kept until click 9)
            warnings.simplefilter("ignore", DeprecationWarning)
            _register_inputs([*ctx.protected_args, *ctx.args])
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place errors become exit codes
            if debug:
                raise
            from sobriete.errors import FactorDataError, InputError, InputErrors
            from sobriete.locale import _, tr

            if isinstance(exc, InputErrors):
                from sobriete.io.inventory import format_problems

                for line in format_problems(exc.problems):
                    click.echo(line, err=True)
                ctx.exit(EXIT_INPUT)
            if isinstance(exc, InputError):
                click.echo(str(exc), err=True)
                ctx.exit(EXIT_INPUT)
            if isinstance(exc, FactorDataError):
                click.echo(tr(_("error in the factor database: {problem}"), problem=str(exc)), err=True)
                ctx.exit(EXIT_INTERNAL)
            click.echo(tr(_("internal error: {kind}: {problem} (run with --debug for details; please report it)"),
                          kind=type(exc).__name__, problem=str(exc)), err=True)
            ctx.exit(EXIT_INTERNAL)


OUTPUT_OPTIONS = ("--output", "-o", "--charts")


def _register_inputs(arguments) -> None:
    """Every file named on the command line (but not as an output) is an input: never overwritten."""
    from pathlib import Path

    from sobriete.io.output_paths import forget_inputs, register_input

    forget_inputs()
    arguments = list(arguments)
    if arguments[:1] == ["init"]:  # its folder argument is where it writes
        return
    previous = None
    for argument in arguments:
        if not isinstance(argument, str) or previous in OUTPUT_OPTIONS or argument.startswith(
                tuple(f"{o}=" for o in OUTPUT_OPTIONS)):
            previous = argument
            continue
        previous = argument
        path = Path(argument)
        try:
            if path.is_dir():
                for child in path.iterdir():
                    register_input(child)
            else:
                register_input(path)
        except OSError:
            continue


def load_factor_set(factor_files):
    from sobriete.io.factor_files import load_factors

    return load_factors(tuple(factor_files))


def emit(text: str, output: str | None) -> None:
    """Write a document to --output atomically, or to stdout."""
    if output:
        from sobriete.io.writers import atomic_write

        atomic_write(output, text)
    else:
        click.echo(text, nl=not text.endswith("\n"))
