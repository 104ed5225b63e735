"""Dagster asset `report/quarterly`: the ministries' report for one survey wave (wiring only).

Partitioned by wave (the survey's quarter partitions). The report reads the lake at pinned table
versions: `as_of` from the run config, else the time of the schedule tick that launched the run
(the scheduler's hidden tag `.dagster/scheduled_execution_time`), else the latest versions, so a re-run of the same tick
renders the same figures. Delivery problems do not fail the asset: the report is stored first
and the outcome is recorded in the materialization metadata (`delivery_status`, ...).
"""

import datetime as dt

import dagster as dg

from orchestration.partitions import survey_waves
from orchestration.resources import LakeResource, SmtpResource
from reports import delivery, render, versions
from reports.publication import Publication

REPORT_CRON = "0 8 1 1,4,7,10 *"  # 08:00 on the first day of a quarter, after the 06:00 gold refresh
GOLD_INPUTS = [
    dg.AssetKey(["gold", "ai_adoption"]),
    dg.AssetKey(["gold", "ai_technologies"]),
    dg.AssetKey(["gold", "ai_barriers"]),
]


class ReportConfig(dg.Config):
    """`as_of`: date or ISO timestamp; `versions`: JSON {table: version}; `send`: e-mail if configured."""

    as_of: str = ""
    versions: str = ""
    out_dir: str = ""
    send: bool = True
    attempts: int = 3
    backoff_seconds: float = 5.0


def _as_of(context: dg.AssetExecutionContext, config: ReportConfig) -> dt.datetime | None:
    if config.as_of:
        return versions.parse_as_of(config.as_of)
    tags = context.run.tags if context.run else {}
    tick = tags.get(".dagster/scheduled_execution_time") or tags.get("dagster/scheduled_execution_time")
    if tick:
        return versions.parse_as_of(tick)
    return None


@dg.asset(
    key_prefix=["report"],
    name="quarterly",
    group_name="report",
    partitions_def=survey_waves,
    deps=GOLD_INPUTS,
    description="Quarterly report for the ministries (PDF + HTML, German) with its version manifest; "
    "stored under <root>/reports/<wave>/ and e-mailed to LAKEHOUSE_REPORT_RECIPIENTS.",
)
def report_quarterly(
    context: dg.AssetExecutionContext, config: ReportConfig, lake: LakeResource, smtp: SmtpResource
) -> dg.MaterializeResult:
    wave = context.partition_key
    explicit = versions.load_versions_arg(config.versions) if config.versions else None
    as_of = _as_of(context, config)
    settings = smtp.settings() if config.send else None
    result = render.build_report(
        lake.config,
        wave,
        out_dir=config.out_dir or None,
        as_of=as_of,
        explicit_versions=explicit,
        publication=Publication.from_env(),
    )
    context.log.info(f"report {result.manifest['report_id']} written to {result.stored_at or result.directory}")
    outcome = delivery.deliver_report(
        result.directory, result.pdf_path, wave, settings, attempts=config.attempts, backoff=config.backoff_seconds
    )
    if outcome.status == "failed":
        context.log.error(
            f"report delivery failed after {outcome.attempts} attempt(s): {outcome.error}; "
            f"the report is stored at {result.pdf_path}"
        )
    return dg.MaterializeResult(
        metadata={
            "report_dir": dg.MetadataValue.path(result.stored_at or str(result.directory)),
            "pdf": dg.MetadataValue.path(str(result.pdf_path)),
            "html": dg.MetadataValue.path(str(result.html_path)),
            "manifest": dg.MetadataValue.path(str(result.manifest_path)),
            "figures_sha256": result.manifest["figures_sha256"],
            "as_of": result.manifest["as_of"] or "",
            "table_versions": dg.MetadataValue.json({t: i["version"] for t, i in result.manifest["tables"].items()}),
            "delivery_status": outcome.status,
            "delivery_attempts": outcome.attempts,
            "delivery_recipients": len(outcome.recipients),
            "delivery_error": outcome.error or "",
        }
    )


report_quarterly_job = dg.define_asset_job(
    "report_quarterly_job",
    selection=dg.AssetSelection.assets(report_quarterly),
    partitions_def=survey_waves,
    description="Render (and e-mail) the quarterly report for one wave.",
)


@dg.schedule(
    name="report_quarterly",
    cron_schedule=REPORT_CRON,
    execution_timezone="Europe/Berlin",
    job=report_quarterly_job,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="First day of each quarter, 08:00: the report for the wave that just ended, "
    "read as of the tick. Stopped by default: sensor `report_after_gold` requests the report "
    "once the quarter-end gold run succeeded; this clock-driven schedule does not wait for gold.",
)
def report_quarterly_schedule(context: dg.ScheduleEvaluationContext):
    when = context.scheduled_execution_time or dt.datetime.now(dt.UTC)
    wave = render.last_completed_wave(when.date())
    as_of = when.astimezone(dt.UTC).isoformat()
    return dg.RunRequest(
        run_key=f"report:{wave}:{as_of}",
        partition_key=wave,
        run_config=dg.RunConfig(ops={report_quarterly.node_def.name: ReportConfig(as_of=as_of)}),
        tags={"lakehouse/wave": wave},
    )


JOBS = [report_quarterly_job]
SCHEDULES = [report_quarterly_schedule]
