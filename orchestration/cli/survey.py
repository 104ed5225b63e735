"""`lakehouse generate survey` and `lakehouse survey ingest`."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("survey")
def survey_group() -> None:
    """Survey exports: ingest into the lake."""


@survey_group.command("ingest")
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Survey-tool mapping (survey-mapping-v1 YAML) to read every file through, e.g. a "
    "LimeSurvey or SoSci Survey export (examples in samples/mappings/).",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def ingest(paths: tuple[Path, ...], mapping_file: Path | None) -> None:
    """Ingest survey export files or folders (CSV/XLSX); silver and gold are up to date when it returns.

    A file already ingested (same bytes) is skipped. An unreadable file is reported by name and
    reason before Spark starts; the readable files are ingested and the command then exits non-zero.
    With --mapping, a mapping that is not valid or does not fit a file fails that file (named with
    the mapping and the problem) and nothing of it is written.
    """
    from lake.config import LakeConfig
    from orchestration.cli._dagster import materialize
    from orchestration.resources import MissingSaltError, resolve_salt
    from transforms.survey.mapping import MappingError, load_mapping
    from transforms.survey.read import UnreadableExport, expand_paths, inspect_export

    try:  # before Spark starts: a real lake needs its own salt
        resolve_salt(None, LakeConfig.from_env().root)
    except MissingSaltError as exc:
        raise click.ClickException(str(exc)) from None

    files = expand_paths(list(paths))
    if not files:
        raise click.ClickException(f"no .csv or .xlsx survey files in {', '.join(map(str, paths))}")
    try:
        mapping = load_mapping(mapping_file) if mapping_file else None
    except MappingError as exc:
        names = ", ".join(str(f) for f in files)
        raise click.ClickException(f"{exc}; nothing of {names} was written") from None
    readable, errors = [], []
    for f in files:  # checked before Spark and Dagster start; a bad file never stops the batch
        try:
            inspect_export(f, mapping)
            readable.append(f)
        except UnreadableExport as exc:
            errors.append(f"cannot read survey export {exc}")
    for message in errors:
        click.echo(f"Error: {message}", err=True)
    if not readable:
        raise click.ClickException("no readable survey export among the given files")
    ingest_config: dict = {"paths": [str(p.resolve()) for p in readable]}
    if mapping_file:
        ingest_config["mapping"] = str(mapping_file.resolve())
    import dagster as dg

    from orchestration.assets.survey import SurveyIngestConfig

    run_config = dg.RunConfig(ops={"bronze__survey_responses": SurveyIngestConfig(**ingest_config)})
    result = materialize(
        selection='key:"bronze/survey_responses"+ and not key:"report/quarterly"',
        run_config=run_config,
        progress="survey ingest",
    )
    for event in result.get_asset_materialization_events():
        mat = event.materialization
        meta = {k: v.value for k, v in mat.metadata.items() if k not in ("per_file", "per_file_table", "files")}
        click.echo(f"{mat.asset_key.to_user_string()}: {meta}")
        if "per_file" in mat.metadata:
            for f in mat.metadata["per_file"].value or []:
                click.echo(
                    f"  {Path(f['file']).name}: read {f['rows_read']}, accepted {f['accepted']}, "
                    f"rejected {f['rejected']} {f['rejects_by_reason'] or ''}"
                )
    if errors:
        raise click.ClickException(f"{len(errors)} file(s) could not be read (see above); the others were ingested")


@click.command("survey")
@click.option("--rows", type=click.IntRange(1, 10_000_000), default=10_000, show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--messy", is_flag=True, help="Inject the faults real exports have, in a known proportion.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--waves", default=None, help="Comma-separated waves, e.g. 2025-Q1,2025-Q2 (default 2024-Q1..2025-Q4).")
@click.option(
    "--tool",
    type=click.Choice(["contract", "limesurvey", "sosci"]),
    default="contract",
    show_default=True,
    help="Write the export as a survey tool does (its columns and codes) plus its mapping file.",
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Output file or folder (--messy: folder).")
def generate_survey_cmd(rows: int, seed: int, messy: bool, fmt: str, waves: str | None, tool: str, out: Path) -> None:
    """Write a realistic sample survey export (survey-export-v1, or a survey tool's) and its JSON manifest."""
    from orchestration.cli import progress
    from samples.survey_generator import generate_survey

    try:
        with progress.task("generate survey", total=rows) as step:
            report = generate_survey(
                out=out,
                rows=rows,
                seed=seed,
                messy=messy,
                fmt=fmt,
                waves=waves.split(",") if waves else None,
                tool=tool,  # type: ignore[arg-type]
                on_chunk=lambda name, n: step.advance(name, n),
            )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"wrote {report['rows_written']} rows in {len(report['files'])} file(s) to {out} "
        f"in {report['seconds']} s; manifest {report['manifest_path']}"
    )
    if report.get("mapping_path"):
        click.echo(f"  {tool} export; mapping {report['mapping_path']} (lakehouse survey ingest --mapping ...)")
    for f in report["files"]:
        click.echo(f"  {f['file']}: {f['rows']} rows, {f['format']}, {f['encoding'] or ''} {f['delimiter'] or ''}")
    if messy:
        click.echo(
            f"  faults: {report['expected_rejected']} rows to be rejected, {report['exact_duplicates']} exact "
            f"duplicates, {report['resubmissions']} resubmissions, {report['blank_lines']} blank lines"
        )


def register(main: click.Group, generate: click.Group) -> None:
    main.add_command(survey_group)
    generate.add_command(generate_survey_cmd)
