"""`lakehouse generate survey` and `lakehouse survey ingest`."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("survey")
def survey_group() -> None:
    """Survey exports: ingest into the lake."""


@survey_group.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def ingest(paths: tuple[Path, ...]) -> None:
    """Ingest survey export files or folders; silver and gold are up to date when it returns."""
    from orchestration.cli._dagster import materialize

    run_config = {"ops": {"bronze__survey_responses": {"config": {"paths": [str(p.resolve()) for p in paths]}}}}
    result = materialize(selection="key:bronze/survey_responses*", run_config=run_config)
    for event in result.get_asset_materialization_events():
        mat = event.materialization
        meta = {k: v.value for k, v in mat.metadata.items()}
        click.echo(f"{mat.asset_key.to_user_string()}: {meta}")


@click.command("survey")
@click.option("--rows", type=click.IntRange(1, 10_000_000), default=10_000, show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--messy", is_flag=True, help="Inject the faults real exports have, in a known proportion.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Output file or folder.")
def generate_survey_cmd(rows: int, seed: int, messy: bool, fmt: str, out: Path) -> None:
    """Write a realistic sample survey export (survey-export-v1)."""
    from samples.survey_generator import generate_survey

    report = generate_survey(out=out, rows=rows, seed=seed, messy=messy, fmt=fmt)
    click.echo(f"wrote {rows} rows to {out}")
    if isinstance(report, dict) and report.get("files"):
        for f in report["files"]:
            click.echo(f"  {f}")


def register(main: click.Group, generate: click.Group) -> None:
    main.add_command(survey_group)
    generate.add_command(generate_survey_cmd)
