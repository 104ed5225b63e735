"""`lakehouse report`: render the quarterly report (PDF + HTML, German) and optionally e-mail it."""

from __future__ import annotations

from pathlib import Path

import click


def register(main: click.Group, generate: click.Group) -> None:
    @main.command("report")
    @click.option(
        "--wave",
        default=None,
        metavar="YYYY-Qn",
        help="Survey wave to report on (default: the last completed quarter).",
    )
    @click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Also copy the PDF, HTML and manifest into this folder.",
    )
    @click.option(
        "--as-of",
        "as_of",
        default=None,
        metavar="DATE",
        help="Read every table as it was at this date (end of day, UTC) or ISO timestamp.",
    )
    @click.option(
        "--versions",
        "versions_arg",
        default=None,
        metavar="JSON",
        help='Explicit table versions: a JSON object {"gold/ai_adoption": 3, ...}, a file with one, '
        "or an earlier report's manifest.json.",
    )
    @click.option(
        "--send/--no-send", default=None, help="E-mail the PDF (default: when LAKEHOUSE_REPORT_RECIPIENTS is set)."
    )
    @click.option(
        "--attempts",
        type=click.IntRange(1, 20),
        default=3,
        show_default=True,
        help="Delivery attempts before giving up.",
    )
    @click.option(
        "--backoff",
        type=click.FloatRange(0),
        default=2.0,
        show_default=True,
        help="Seconds before the first retry (doubling each time).",
    )
    def report(
        wave: str | None,
        out_dir: Path | None,
        as_of: str | None,
        versions_arg: str | None,
        send: bool | None,
        attempts: int,
        backoff: float,
    ) -> None:
        """Render the quarterly report for the ministries from pinned Delta table versions.

        Stored under <LAKEHOUSE_ROOT>/reports/<wave>/<time>/ with manifest.json (table versions,
        row counts, figures) beside it; the same versions give the same figures later.
        """
        import datetime as dt

        from lake import waves
        from reports import collect, delivery, render, versions

        wave = wave or render.last_completed_wave(dt.datetime.now(dt.UTC).date())
        try:
            collect.parse_wave(wave)  # exactly YYYY-Qn: a trailing newline or blank would name a folder
            wave = waves.validate(wave)
            if as_of:  # validated here so that a typo is one message, before Dagster starts
                versions.parse_as_of(as_of)
            if versions_arg:
                versions.load_versions_arg(versions_arg)
            settings = delivery.SmtpSettings.from_env()
        except (ValueError, versions.VersionError, delivery.DeliveryConfigError) as exc:
            raise click.ClickException(str(exc)) from None
        if send and settings is None:
            raise click.ClickException("--send needs LAKEHOUSE_REPORT_RECIPIENTS and LAKEHOUSE_SMTP_HOST")
        import json

        import dagster as dg

        from orchestration.assets.report import ReportConfig, report_quarterly
        from orchestration.cli._dagster import RunFailed, run_partition
        from orchestration.partitions import survey_waves

        if not survey_waves.has_partition_key(wave):
            raise click.ClickException(
                f"no survey results for wave {wave}: it is outside the survey calendar "
                f"({survey_waves.get_first_partition_key()} ... {survey_waves.get_last_partition_key()}); "
                f"waves with data: {_waves_with_data()}; nothing was written"
            )

        # The same asset the schedule and the after-gold sensor run: lineage, run history, one code path.
        run_config = dg.RunConfig(
            ops={
                report_quarterly.node_def.name: ReportConfig(
                    as_of=as_of or "",
                    versions=versions_arg or "",
                    out_dir=str(out_dir) if out_dir else "",
                    send=send is not False and settings is not None,
                    attempts=attempts,
                    backoff_seconds=backoff,
                )
            }
        )
        try:
            result = run_partition([report_quarterly.key], wave, run_config)
        except RunFailed as exc:  # no data for the wave, a version that does not exist, ...: one message
            raise click.ClickException(exc.summary()) from None
        (event,) = result.get_asset_materialization_events()
        meta = {k: v.value for k, v in event.materialization.metadata.items()}
        manifest = json.loads(Path(meta["manifest"]).read_text(encoding="utf-8"))
        click.echo(f"Bericht {manifest['report_id']} gespeichert: {meta['report_dir']}")  # folder or s3:// location
        for key in ("pdf", "html", "manifest"):
            click.echo(f"  {Path(meta[key]).name}")
        if out_dir:
            click.echo(f"Kopie in {out_dir}")
        for table, info in manifest["tables"].items():
            click.echo(f"  {table}: Version {info['version']}, {info['rows']} Zeilen")
        if meta["delivery_status"] == "failed":
            from orchestration.cli.errors import EXIT_UNAVAILABLE, CommandFault

            raise CommandFault(
                f"Versand fehlgeschlagen nach {meta['delivery_attempts']} Versuch(en): {meta['delivery_error']}. "
                f"Der Bericht ist gespeichert: {meta['pdf']}",
                "LAKEHOUSE_SMTP_HOST / LAKEHOUSE_SMTP_PORT prüfen (Server erreichbar?), dann "
                "`lakehouse report --versions <manifest.json> --send` wiederholen",
                EXIT_UNAVAILABLE,
            )
        if meta["delivery_status"] != "sent":
            return
        click.echo(f"Versendet an {meta['delivery_recipients']} Empfänger (Versuch {meta['delivery_attempts']}).")


def _waves_with_data() -> str:
    """The waves gold/ai_adoption holds (for the message about a wave it cannot hold)."""
    from lake import catalog
    from lake.config import LakeConfig
    from lake.query import LakeQuery
    from reports.collect import waves_in

    q = LakeQuery(LakeConfig.from_env())
    try:
        found = waves_in(q, q.scan(catalog.GOLD_AI_ADOPTION)) if q.exists(catalog.GOLD_AI_ADOPTION) else []
    finally:
        q.close()
    return ", ".join(found) or "none"
