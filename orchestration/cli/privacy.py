"""`lakehouse privacy erase`: delete one respondent from every layer of the lake (GDPR Art. 17)."""

from __future__ import annotations

import json

import click


def register(main: click.Group, generate: click.Group) -> None:
    @main.group("privacy")
    def privacy() -> None:
        """Personal data: erasure on request."""

    @privacy.command("erase")
    @click.option("--response-id", "response_id", required=True, help="The respondent's response_id.")
    @click.option("--wave", default=None, metavar="YYYY-Qn", help="Only this wave (default: every wave).")
    @click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
    def erase(response_id: str, wave: str | None, as_json: bool) -> None:
        """Delete the respondent from bronze, silver responses and rejects (Delta DELETE), VACUUM the
        files that held them, recompute the gold cells of the affected waves, and report what was done."""
        from lake.config import LakeConfig
        from lake.spark import get_spark
        from orchestration.resources import spark_settings
        from transforms import privacy as erasure

        config = LakeConfig.from_env()
        try:
            erasure.check_request(response_id, wave)  # before Spark starts
            result = erasure.erase_respondent(
                get_spark(spark_settings().with_conf(lake_root=config.root)), config, response_id, wave
            )
        except erasure.PrivacyError as exc:
            raise click.ClickException(str(exc)) from None
        if as_json:
            click.echo(json.dumps(result.as_dict(), indent=2))
            return
        scope = f"wave {wave}" if wave else "every wave"
        click.echo(f"response_id {response_id!r} ({scope}): {result.rows_deleted} row(s) deleted in {result.seconds} s")
        for t in result.tables:
            click.echo(
                f"  {t.table}: {t.rows_deleted} row(s) deleted, {t.files_removed} file(s) removed "
                f"(version {t.version_before} -> {t.version_after})"
            )
        if result.gold_waves_recomputed:
            click.echo(f"  gold recomputed for {', '.join(result.gold_waves_recomputed)}")
        if not result.rows_deleted:
            click.echo("  no row held this response_id", err=True)
