"""`lakehouse report`: render the quarterly report (PDF + HTML, German) and optionally e-mail it."""

from __future__ import annotations

from pathlib import Path

import click


def register(main: click.Group, generate: click.Group) -> None:
    @main.command("report")
    @click.option("--wave", default=None, metavar="YYYY-Qn",
                  help="Survey wave to report on (default: the last completed quarter).")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Also copy the PDF, HTML and manifest into this folder.")
    @click.option("--as-of", "as_of", default=None, metavar="DATE",
                  help="Read every table as it was at this date (end of day, UTC) or ISO timestamp.")
    @click.option("--versions", "versions_arg", default=None, metavar="JSON",
                  help='Explicit table versions: a JSON object {"gold/ai_adoption": 3, ...}, a file with one, '
                       "or an earlier report's manifest.json.")
    @click.option("--send/--no-send", default=None,
                  help="E-mail the PDF (default: when LAKEHOUSE_REPORT_RECIPIENTS is set).")
    @click.option("--attempts", type=click.IntRange(1, 20), default=3, show_default=True,
                  help="Delivery attempts before giving up.")
    @click.option("--backoff", type=click.FloatRange(0), default=2.0, show_default=True,
                  help="Seconds before the first retry (doubling each time).")
    def report(wave: str | None, out_dir: Path | None, as_of: str | None, versions_arg: str | None,
               send: bool | None, attempts: int, backoff: float) -> None:
        """Render the quarterly report for the ministries from pinned Delta table versions.

        Stored under <LAKEHOUSE_ROOT>/reports/<wave>/<time>/ with manifest.json (table versions,
        row counts, figures) beside it; the same versions give the same figures later.
        """
        import datetime as dt

        from reports import delivery, render, versions
        from reports.collect import NoDataError, parse_wave
        from reports.publication import Publication
        from lake.config import LakeConfig

        wave = wave or render.last_completed_wave(dt.datetime.now(dt.timezone.utc).date())
        try:
            parse_wave(wave)
            as_of_ts = versions.parse_as_of(as_of) if as_of else None
            explicit = versions.load_versions_arg(versions_arg) if versions_arg else None
            settings = delivery.SmtpSettings.from_env()
        except (ValueError, versions.VersionError, delivery.DeliveryConfigError) as exc:
            raise click.ClickException(str(exc)) from None
        if send and settings is None:
            raise click.ClickException("--send needs LAKEHOUSE_REPORT_RECIPIENTS and LAKEHOUSE_SMTP_HOST")
        config = LakeConfig.from_env()
        try:
            result = render.build_report(config, wave, out_dir=out_dir, as_of=as_of_ts, explicit_versions=explicit,
                                         publication=Publication.from_env())
        except (versions.VersionError, NoDataError) as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Bericht {result.manifest['report_id']} gespeichert: {result.stored_at or result.directory}")
        for path in (result.pdf_path, result.html_path, result.manifest_path):
            click.echo(f"  {path.name}")
        if result.copies:
            click.echo(f"Kopie in {out_dir}")
        for table, info in result.manifest["tables"].items():
            click.echo(f"  {table}: Version {info['version']}, {info['rows']} Zeilen")
        if send is False or settings is None:
            return
        outcome = delivery.deliver_report(result.directory, result.pdf_path, wave, settings,
                                          attempts=attempts, backoff=backoff)
        if not outcome.ok:
            from orchestration.cli.errors import EXIT_UNAVAILABLE, CommandFault

            raise CommandFault(
                f"Versand fehlgeschlagen nach {outcome.attempts} Versuch(en): {outcome.error}. "
                f"Der Bericht ist gespeichert: {result.pdf_path}",
                "LAKEHOUSE_SMTP_HOST / LAKEHOUSE_SMTP_PORT prüfen (Server erreichbar?), dann "
                "`lakehouse report --versions <manifest.json> --send` wiederholen",
                EXIT_UNAVAILABLE,
            )
        click.echo(f"Versendet an {len(outcome.recipients)} Empfänger (Versuch {outcome.attempts}).")
