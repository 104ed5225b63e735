"""The maintenance asset drops bronze `comment` after the retention set in Dagster or the environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq

from lake import catalog, delta_io
from lake.config import LakeConfig
from tests.support.survey import write_small_export
from transforms.survey import jobs

OLD = "r1;2025-Q3;2025-08-01;14612;C;12;ja;1;;2;a@example.org;Alter Kommentar mit Telefonnummer 0351 123"
NEW = "r2;2025-Q3;2025-08-02;14612;J;5;nein;;1;1;;Neuer Kommentar bleibt"


def _cells(root: Path) -> str:
    files = [p for p in (root / catalog.BRONZE_SURVEY_RESPONSES).rglob("*.parquet") if "_delta_log" not in str(p)]
    return "\n".join(str(v) for f in files for col in pq.read_table(f).columns for v in col.to_pylist())


def test_maintenance_drops_comments_older_than_the_retention(
    spark, lake_root: Path, tmp_path: Path, monkeypatch
) -> None:
    from orchestration.assets import maintenance as assets
    from orchestration.resources import LakeResource, PrivacyResource, SparkResource

    config = LakeConfig.from_env(str(lake_root))
    now = dt.datetime.now(dt.UTC)
    jobs.ingest_bronze(
        spark, config, [write_small_export(tmp_path / "old.csv", [OLD])], salt="s", now=now - dt.timedelta(days=40)
    )
    jobs.ingest_bronze(spark, config, [write_small_export(tmp_path / "new.csv", [NEW])], salt="s", now=now)
    resources = {"lake": LakeResource(root=str(lake_root)), "spark": SparkResource()}

    # Unset: comments are kept.
    monkeypatch.delenv("LAKEHOUSE_COMMENT_RETENTION_DAYS", raising=False)
    off = dg.materialize([assets.delta_maintenance], resources={**resources, "privacy": PrivacyResource()})
    assert off.success
    assert "Alter Kommentar" in _cells(lake_root)

    # From the environment: 30 days.
    monkeypatch.setenv("LAKEHOUSE_COMMENT_RETENTION_DAYS", "30")
    result = dg.materialize([assets.delta_maintenance], resources={**resources, "privacy": PrivacyResource()})
    assert result.success
    meta = result.asset_materializations_for_node("maintenance__delta_tables")[0].metadata
    assert meta["comments_dropped"].value == 1 and meta["comment_retention_days"].value == 30.0
    rows = {
        r["response_id"]: r["comment"]
        for r in delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
        .select("response_id", "comment")
        .collect()
    }
    assert rows == {"r1": None, "r2": "Neuer Kommentar bleibt"}
    cells = _cells(lake_root)
    assert "Alter Kommentar" not in cells and "Neuer Kommentar bleibt" in cells

    # As Dagster resource config (wins over the environment); a bad value fails the run clearly.
    again = dg.materialize(
        [assets.delta_maintenance], resources={**resources, "privacy": PrivacyResource(comment_retention_days=0)}
    )
    assert again.success
    assert "Neuer Kommentar bleibt" not in _cells(lake_root)
    monkeypatch.setenv("LAKEHOUSE_COMMENT_RETENTION_DAYS", "dreißig")
    bad = dg.materialize(
        [assets.delta_maintenance], resources={**resources, "privacy": PrivacyResource()}, raise_on_error=False
    )
    assert not bad.success
