"""Delta maintenance: OPTIMIZE compacts and Z-orders, VACUUM keeps files inside the retention."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from lake import catalog, delta_io
from lake.config import LakeConfig
from lake.query import LakeQuery
from transforms import maintenance


def _small_gold(spark, path: str, appends: int = 4) -> int:
    """A gold/ai_adoption-shaped table written as several small commits (= several small files)."""
    rows = 0
    for i in range(appends):
        data = [
            (
                f"2025-Q{1 + (j % 4)}",
                ["Sachsen", "Thüringen", None][j % 3],
                None,
                None,
                None,
                10 + j,
                0.1 * (j % 10),
                None,
                None,
                False,
            )
            for j in range(i * 25, (i + 1) * 25)
        ]
        df = spark.createDataFrame(
            data,
            "wave string, land string, ags string, nace_section string, size_class string, "
            "respondents int, weighted_share double, ci_low double, ci_high double, suppressed boolean",
        ).coalesce(1)
        delta_io.append(df, path)
        rows += len(data)
    return rows


def _parquet_files(path: str) -> int:
    return sum(1 for p in Path(path).rglob("*.parquet") if "_delta_log" not in p.parts)


def test_optimize_compacts_and_vacuum_respects_retention(spark, lake_root: Path) -> None:
    config = LakeConfig.from_env(str(lake_root))
    path = config.table_path(catalog.GOLD_AI_ADOPTION)
    rows = _small_gold(spark, path)
    assert maintenance.active_files(spark, path) == 4

    result = maintenance.maintain_table(spark, path, catalog.GOLD_AI_ADOPTION)
    assert result.zorder_by == ["wave", "land"]
    assert (result.files_before, result.files_after) == (4, 1)
    assert result.files_removed_by_optimize == 4
    # Safe retention: the four replaced files are younger than 168 h and stay for time travel.
    assert result.files_deleted_by_vacuum == 0
    assert _parquet_files(path) == 5
    assert delta_io.read(spark, path, version=3).count() == rows

    # The Z-order commit is recorded as such, and the data is unchanged.
    ops = delta_io.history(spark, path).select("operation", "operationParameters").collect()
    optimize_op = [r for r in ops if r.operation == "OPTIMIZE"]
    assert optimize_op and "wave" in optimize_op[0].operationParameters["zOrderBy"]
    assert delta_io.read(spark, path).count() == rows

    # DuckDB reads the compacted version.
    q = LakeQuery(config)
    got = q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.GOLD_AI_ADOPTION)}")
    assert int(got.n[0]) == rows


def test_vacuum_refuses_short_retention_unless_explicit(spark, lake_root: Path) -> None:
    path = str(lake_root / "bronze" / "survey_responses")
    _small_gold(spark, path, appends=3)
    maintenance.optimize(spark, path)
    with pytest.raises(ValueError, match="safe minimum"):
        maintenance.vacuum(spark, path, retention_hours=1)
    assert _parquet_files(path) == 4

    deleted = maintenance.vacuum(spark, path, retention_hours=0, allow_short_retention=True)
    assert deleted == 3 and _parquet_files(path) == 1
    # Delta's own safety check is back on for everyone else in the session.
    assert spark.conf.get("spark.databricks.delta.retentionDurationCheck.enabled") == "true"
    assert delta_io.read(spark, path).count() == 75


def test_maintenance_asset_and_schedule(spark, lake_root: Path) -> None:
    from orchestration.assets import maintenance as assets
    from orchestration.resources import LakeResource, PrivacyResource, SparkResource

    config = LakeConfig.from_env(str(lake_root))
    _small_gold(spark, config.table_path(catalog.GOLD_AI_ADOPTION), appends=2)

    result = dg.materialize(
        [assets.delta_maintenance],
        resources={"lake": LakeResource(root=str(lake_root)), "spark": SparkResource(), "privacy": PrivacyResource()},
    )
    assert result.success
    meta = result.asset_materializations_for_node("maintenance__delta_tables")[0].metadata
    assert meta["tables"].value == 1
    assert (meta["files_before"].value, meta["files_after"].value) == (2, 1)

    bad = dg.materialize(
        [assets.delta_maintenance],
        resources={"lake": LakeResource(root=str(lake_root)), "spark": SparkResource(), "privacy": PrivacyResource()},
        run_config={"ops": {"maintenance__delta_tables": {"config": {"retention_hours": 24}}}},
        raise_on_error=False,
    )
    assert not bad.success

    assert assets.maintenance_schedule.cron_schedule == "0 3 * * 0"
    assert assets.SCHEDULES == [assets.maintenance_schedule]


def test_maintenance_on_a_lake_built_by_the_pipeline(spark, lake_root: Path, tmp_path: Path) -> None:
    """Every table as the pipeline writes it, including silver partitioned by wave, is maintained."""
    from tests.support.survey import write_small_export
    from transforms.survey import jobs

    config = LakeConfig.from_env(str(lake_root))
    first = [
        "s1;2025-Q3;2025-08-01;14612;C;12;ja;1;;2;;",
        "s2;2025-Q3;2025-08-02;14612;J;5;nein;;1;1;;",
        "t1;2025-Q4;14.11.2025;16051;C;20;ja;1;;3;;",
    ]
    late = ["s3;2025-Q3;2025-08-03;14713;C;300;yes;1;;4;;", "t2;2025-Q4;15.11.2025;16053;M;11;nein;;1;1;;"]
    for name, rows in (("a.csv", first), ("b.csv", late)):  # two batches: two MERGEs, more files per wave
        jobs.ingest_bronze(spark, config, [write_small_export(tmp_path / name, rows)], salt="t")
        jobs.refresh_silver(spark, config)
        jobs.refresh_gold(spark, config)
    silver = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    assert maintenance.partition_columns(spark, silver) == ["wave"]
    present = [t for t in catalog.TABLES if delta_io.exists(spark, config.table_path(t))]
    counts = {t: delta_io.read(spark, config.table_path(t)).count() for t in present}

    results = {r.table: r for r in maintenance.maintain_lake(spark, config)}

    assert sorted(results) == sorted(present)
    assert results[catalog.SILVER_SURVEY_RESPONSES].zorder_by == ["response_id"]  # wave is the partition
    assert results[catalog.GOLD_AI_ADOPTION].zorder_by == ["wave", "land"]
    assert {t: delta_io.read(spark, config.table_path(t)).count() for t in present} == counts
    assert maintenance.partition_columns(spark, silver) == ["wave"]
    ops = [r for r in delta_io.history(spark, silver).collect() if r.operation == "OPTIMIZE"]
    assert ops and "response_id" in ops[0].operationParameters["zOrderBy"]
