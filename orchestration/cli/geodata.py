"""`lakehouse geodata fetch`: download official district boundaries once and cache them in the lake."""

from __future__ import annotations

import click

from lake.config import LakeConfig


def register(main: click.Group, generate: click.Group) -> None:
    @main.group("geodata")
    def geodata() -> None:
        """District boundaries for the map (official open data, cached under the lake root)."""

    @geodata.command("fetch")
    @click.option(
        "--url", default=None, help="Download URL (default: $LAKEHOUSE_GEODATA_URL, else Eurostat GISCO NUTS-3)."
    )
    @click.option("--force", is_flag=True, help="Download again even if the cache exists.")
    @click.option("--timeout", type=float, default=60.0, show_default=True)
    def fetch(url: str | None, force: bool, timeout: float) -> None:
        """Download, reconcile (16056 Eisenach -> 16063 Wartburgkreis) and cache the boundaries."""
        from orchestration.cli import progress
        from transforms.geo import boundaries

        config = LakeConfig.from_env()
        try:
            with progress.task("geodata fetch") as step:
                step.advance("download and reconcile district boundaries")
                result = boundaries.fetch(config.root, url, force=force, timeout=timeout)
        except boundaries.GeodataError as exc:
            raise click.ClickException(str(exc)) from exc
        state = "downloaded" if result.downloaded else "already cached (use --force to refresh)"
        click.echo(f"{result.features} districts {state}: {result.path}")
        for old, new in result.merged.items():
            click.echo(f"merged {old} into {new}")
        if result.missing:
            click.echo(f"warning: no boundary for {', '.join(result.missing)}", err=True)
        click.echo(f"source note: {result.attribution}")
