"""Delta table maintenance: OPTIMIZE (compaction + Z-order) and VACUUM with a safe retention.

Why these layouts (docs/scaling.md has the long form):

- Every dashboard query reads a gold table filtered by ``wave`` and ``land`` (then ``ags``,
  ``nace_section`` or ``size_class`` null / not null). Gold tables hold thousands of rows, so
  partitioning them would only make many tiny files; one compacted file Z-ordered by
  ``(wave, land)`` lets DuckDB skip row groups by min/max statistics.
- ``silver/survey_responses`` (millions of rows) is partitioned by ``wave`` when it is first
  written (the incremental MERGE and the per-wave gold refresh then touch one wave's folder only)
  and MERGEd by ``(wave, response_id)``. Delta Z-orders data columns only, never partition
  columns, so inside each wave it is Z-ordered by ``response_id``, the MERGE's join key.
- Bronze is append-only and read whole: compaction only.
- ``gold/news_activity`` is filtered by ``month`` and ``land``.

VACUUM deletes files no longer referenced by the table *and* older than the retention. Readers of
old versions (time travel, a long-running query that started before an OPTIMIZE) need those
files, so the retention is never below Delta's own default of 168 hours (7 days) unless a caller
explicitly asks for it (tests).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from pyspark.sql import SparkSession

from lake import catalog, delta_io
from lake.config import LakeConfig
from lake.spark import sql_conf

SAFE_RETENTION_HOURS = 168

# Table -> Z-order columns (empty = compaction only), from the table contract (lake.catalog),
# chosen there from the read patterns above.
ZORDER_BY: dict[str, tuple[str, ...]] = {name: info.zorder_by for name, info in catalog.TABLES.items()}


@dataclass
class MaintenanceResult:
    table: str
    files_before: int
    files_after: int
    zorder_by: list[str]
    files_removed_by_optimize: int
    files_added_by_optimize: int
    files_deleted_by_vacuum: int
    seconds: float

    def as_dict(self) -> dict:
        return asdict(self)


def active_files(spark: SparkSession, path: str) -> int:
    """Number of data files in the table's current version."""
    return int(delta_io.detail(spark, path)["numFiles"] or 0)


def partition_columns(spark: SparkSession, path: str) -> list[str]:
    """The table's partition columns (empty for an unpartitioned table)."""
    return list(delta_io.detail(spark, path)["partitionColumns"] or [])


def optimize(spark: SparkSession, path: str, zorder_by: Sequence[str] = (), detail: dict | None = None) -> dict:
    """Compact small files (and cluster by ``zorder_by``) in one commit.

    Returns Delta's file metrics and the Z-order columns actually applied.

    Columns the table does not have, and partition columns (Delta refuses to Z-order those; files
    are already separated by them), are left out of the Z-order.
    """
    detail = detail or delta_io.detail(spark, path)
    existing = set(delta_io.read(spark, path).columns) - set(detail["partitionColumns"] or [])
    columns = [c for c in zorder_by if c in existing]
    metrics = delta_io.optimize(spark, path, columns)
    return {**metrics, "zorder_by": columns}


def vacuum(
    spark: SparkSession,
    path: str,
    retention_hours: float = SAFE_RETENTION_HOURS,
    allow_short_retention: bool = False,
) -> int:
    """Delete unreferenced files older than ``retention_hours``; returns how many were deleted.

    A retention below 168 h breaks time travel and concurrent readers, so it needs
    ``allow_short_retention=True`` (Delta's own safety check is lifted only for that call).
    """
    if retention_hours < SAFE_RETENTION_HOURS and not allow_short_retention:
        raise ValueError(
            f"VACUUM retention {retention_hours} h is below the safe minimum of {SAFE_RETENTION_HOURS} h; "
            "readers of older versions would lose their files"
        )
    lift_check = {"spark.databricks.delta.retentionDurationCheck.enabled": "false"}
    with sql_conf(spark, lift_check if retention_hours < SAFE_RETENTION_HOURS else {}):
        return delta_io.vacuum(spark, path, float(retention_hours))


def maintain_table(
    spark: SparkSession,
    path: str,
    table: str,
    retention_hours: float = SAFE_RETENTION_HOURS,
    allow_short_retention: bool = False,
) -> MaintenanceResult:
    """OPTIMIZE (with the table's Z-order) then VACUUM one table."""
    t0 = time.perf_counter()
    zorder = ZORDER_BY.get(table, ())
    detail = delta_io.detail(spark, path)
    before = int(detail["numFiles"] or 0)
    opt = optimize(spark, path, zorder, detail)
    deleted = vacuum(spark, path, retention_hours, allow_short_retention)
    return MaintenanceResult(
        table=table,
        files_before=before,
        # OPTIMIZE's own metrics say how the file count changed; VACUUM never changes it.
        files_after=before - opt["files_removed"] + opt["files_added"],
        zorder_by=opt["zorder_by"],
        files_removed_by_optimize=opt["files_removed"],
        files_added_by_optimize=opt["files_added"],
        files_deleted_by_vacuum=deleted,
        seconds=round(time.perf_counter() - t0, 2),
    )


def maintain_lake(
    spark: SparkSession,
    config: LakeConfig,
    tables: Sequence[str] | None = None,
    retention_hours: float = SAFE_RETENTION_HOURS,
) -> list[MaintenanceResult]:
    """Maintain every existing contract table (or ``tables``); absent tables are skipped."""
    results = []
    for table in tables or list(catalog.TABLES):
        if table not in catalog.TABLES:
            raise KeyError(f"unknown lake table {table!r}")
        path = config.table_path(table)
        if not delta_io.exists(spark, path):
            continue
        results.append(maintain_table(spark, path, table, retention_hours))
    return results
