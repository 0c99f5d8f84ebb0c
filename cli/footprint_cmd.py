"""`sobriete footprint` (filled in by the footprint engine)."""
import click
def register(cli: click.Group) -> None:
    pass
