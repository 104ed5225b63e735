"""The `lakehouse` command line. Each domain module registers its own commands.

Every command honours `LAKEHOUSE_ROOT` (the lake root) and the other environment variables of
docs/configuration.md, so it can be scripted.
"""

from __future__ import annotations

import click

from orchestration.cli import bench, dashboard, demo, engine, geodata, news, report, survey


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Data lakehouse for analytics of AI adoption in Saxony and Thuringia."""


@main.group()
def generate() -> None:
    """Generate sample data (seeded, deterministic)."""


for _module in (survey, news, dashboard, demo, report, bench, geodata, engine):
    _module.register(main, generate)
