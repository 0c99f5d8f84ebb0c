"""``python -m sobriete …``: the same command line as ``sobriete …``."""

from sobriete.cli.main import cli

if __name__ == "__main__":
    cli(prog_name="sobriete")
