"""Delta maintenance (OPTIMIZE + Z-order, VACUUM) as a Dagster asset, job and weekly schedule.

Wiring only: the layouts and the retention rule live in transforms/maintenance.py.
No `from __future__ import annotations` in Dagster modules: Dagster resolves config and
resource annotations at definition time.
"""


import dagster as dg

from orchestration.resources import LakeResource, SparkResource
from transforms import maintenance


class MaintenanceConfig(dg.Config):
    """Which tables (contract names; empty = every existing table) and the VACUUM retention."""

    tables: list[str] = []
    retention_hours: float = maintenance.SAFE_RETENTION_HOURS


@dg.asset(
    key_prefix=["maintenance"],
    name="delta_tables",
    group_name="maintenance",
    description="OPTIMIZE (compaction, Z-order by the dashboards' filters) and VACUUM (>= 168 h) of every lake table.",
)
def delta_maintenance(
    context: dg.AssetExecutionContext,
    config: MaintenanceConfig,
    lake: LakeResource,
    spark: SparkResource,
) -> dg.MaterializeResult:
    if config.retention_hours < maintenance.SAFE_RETENTION_HOURS:
        raise dg.Failure(
            f"retention_hours={config.retention_hours} is below the safe minimum of "
            f"{maintenance.SAFE_RETENTION_HOURS} h (time travel and running readers need older files)"
        )
    results = maintenance.maintain_lake(
        spark.session(), lake.config, config.tables or None, config.retention_hours
    )
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
