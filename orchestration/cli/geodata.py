"""`lakehouse geodata` (placeholder until its issue lands)."""

from __future__ import annotations

import click


def register(main: click.Group, generate: click.Group) -> None:
    @main.command("geodata", context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1)
    def _placeholder(args: tuple[str, ...]) -> None:
        """Not available yet in this version."""
        raise click.ClickException("'lakehouse geodata' is not implemented yet")
