"""Delta maintenance (OPTIMIZE + Z-order, VACUUM) as a Dagster asset, job and weekly schedule.

Wiring only: the layouts and the retention rule live in transforms/maintenance.py.
No `from __future__ import annotations` in Dagster modules: Dagster resolves config and
resource annotations at definition time.
"""

import dagster as dg

from orchestration.resources import LakeResource, PrivacyResource, SparkResource
from transforms import maintenance
from transforms import privacy as privacy_jobs


class MaintenanceConfig(dg.Config):
    """Which tables (contract names; empty = every existing table) and the VACUUM retention."""

    tables: list[str] = []
    retention_hours: float = maintenance.SAFE_RETENTION_HOURS


@dg.asset(
    key_prefix=["maintenance"],
    name="delta_tables",
    group_name="maintenance",
    description="OPTIMIZE (compaction, Z-order by the dashboards' filters) and VACUUM (>= 168 h) of every lake table; "
    "drops bronze comments older than LAKEHOUSE_COMMENT_RETENTION_DAYS when set.",
)
def delta_maintenance(
    context: dg.AssetExecutionContext,
    config: MaintenanceConfig,
    lake: LakeResource,
    spark: SparkResource,
    privacy: PrivacyResource,
) -> dg.MaterializeResult:
    if config.retention_hours < maintenance.SAFE_RETENTION_HOURS:
        raise dg.Failure(
            f"retention_hours={config.retention_hours} is below the safe minimum of "
            f"{maintenance.SAFE_RETENTION_HOURS} h (time travel and running readers need older files)"
        )
    try:
        comment_days = privacy.get_comment_retention_days()
    except ValueError as exc:
        raise dg.Failure(str(exc)) from None
    comments = None
    if comment_days is not None:  # before OPTIMIZE: the rewritten files are vacuumed at once
        comments = privacy_jobs.drop_old_comments(spark.session(), lake.config, comment_days)
        if comments is not None:
            context.log.info(
                f"bronze comments older than {comment_days:g} days dropped: {comments.comments_dropped} "
                f"row(s), {comments.files_removed} file(s) removed"
            )
    results = maintenance.maintain_lake(spark.session(), lake.config, config.tables or None, config.retention_hours)
    for r in results:
        context.log.info(
            f"{r.table}: {r.files_before} -> {r.files_after} files"
            f"{' (Z-order ' + ', '.join(r.zorder_by) + ')' if r.zorder_by else ''}, "
            f"vacuum deleted {r.files_deleted_by_vacuum}, {r.seconds} s"
        )
    return dg.MaterializeResult(
        metadata={
            "tables": len(results),
            "files_before": sum(r.files_before for r in results),
            "files_after": sum(r.files_after for r in results),
            "files_deleted_by_vacuum": sum(r.files_deleted_by_vacuum for r in results),
            "retention_hours": config.retention_hours,
            "comment_retention_days": comment_days if comment_days is not None else "off",
            "comments_dropped": comments.comments_dropped if comments else 0,
            "details": dg.MetadataValue.json([r.as_dict() for r in results]),
        }
    )


maintenance_job = dg.define_asset_job(
    "delta_maintenance_job",
    selection=dg.AssetSelection.assets(delta_maintenance),
    description="Compact, Z-order and vacuum the lake's Delta tables.",
)

# Sunday 03:00 UTC: outside working hours, so OPTIMIZE does not conflict with ingest commits.
maintenance_schedule = dg.ScheduleDefinition(
    name="weekly_delta_maintenance",
    job=maintenance_job,
    cron_schedule="0 3 * * 0",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)

JOBS = [maintenance_job]
SCHEDULES = [maintenance_schedule]
