"""Partitions mean what they say: a Dagster backfill of one wave recomputes exactly that wave."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from lake import catalog, delta_io
from lake.config import LakeConfig
from samples.survey_generator import generate_survey

SURVEY_TABLES = (
    catalog.SILVER_SURVEY_RESPONSES,
    catalog.GOLD_AI_ADOPTION,
    catalog.GOLD_AI_TECHNOLOGIES,
    catalog.GOLD_AI_BARRIERS,
)
GOLD_TABLES = SURVEY_TABLES[1:]
GOLD_SHARES = {
    catalog.GOLD_AI_ADOPTION: "weighted_share",
    catalog.GOLD_AI_TECHNOLOGIES: "share_of_users",
    catalog.GOLD_AI_BARRIERS: "share_of_non_users",
}
# wrong but within every check's bounds (ci_low <= share <= ci_high, shares in [0, 1])
DAMAGE = {"weighted_share": "ci_low", "share_of_users": "0.0", "share_of_non_users": "0.0"}


def _key(table: str) -> dg.AssetKey:
    return dg.AssetKey(table.split("/"))


def _resources(lake_root: Path, landing: Path) -> dict:
    from orchestration.resources import (
        DuckDBResource,
        LakeResource,
        LandingResource,
        PrivacyResource,
        SmtpResource,
        SparkResource,
    )

    return {
        "lake": LakeResource(root=str(lake_root)),
        "spark": SparkResource(),
        "duckdb": DuckDBResource(root=str(lake_root)),
        "landing": LandingResource(folder=str(landing)),
        "privacy": PrivacyResource(salt="test-salt"),
        "smtp": SmtpResource(),
    }


@pytest.mark.slow
def test_backfill_of_one_wave_recomputes_exactly_that_wave(spark, lake_root: Path, tmp_path: Path) -> None:
    from orchestration.definitions import defs

    q1 = tmp_path / "q1.csv"
    q2 = tmp_path / "q2.csv"
    generate_survey(out=q1, rows=120, seed=11, waves=["2025-Q1"])
    generate_survey(out=q2, rows=120, seed=12, waves=["2025-Q2"])
    resources = _resources(lake_root, tmp_path / "landing")
    config = LakeConfig.from_env(str(lake_root))
    assets = [*defs.assets, *defs.asset_checks]

    def rows(table: str, wave: str) -> list:
        # doubles to 9 decimals: a sum over the same rows in another order differs in the last bit
        df = delta_io.read(spark, config.table_path(table)).where(f"wave = '{wave}'")
        values = df.drop(*[c for c in df.columns if c.startswith("_")]).collect()
        return sorted((tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in values), key=repr)

    with dg.instance_for_test() as instance:
        assert dg.materialize(
            assets, selection=[_key(catalog.SILVER_DISTRICTS)], resources=resources, instance=instance
        ).success
        ingest = [_key(catalog.BRONZE_SURVEY_RESPONSES), *map(_key, SURVEY_TABLES)]
        for wave, path in (("2025-Q1", q1), ("2025-Q2", q2)):
            cfg = {"ops": {"bronze__survey_responses": {"config": {"paths": [str(path)]}}}}
            assert dg.materialize(
                assets, selection=ingest, partition_key=wave, resources=resources, run_config=cfg, instance=instance
            ).success
        before = {(t, w): rows(t, w) for t in SURVEY_TABLES for w in ("2025-Q1", "2025-Q2")}
        assert all(before.values())

        # Damage behind Dagster's back: 2025-Q2's silver rows gone, gold figures of both waves wrong
        # (but plausible, so that the blocking checks of the untouched wave 2025-Q1 pass). Silver
        # 2025-Q1 stays: gold/ai_adoption's 2025-Q2 compares against it (previous_share).
        silver = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
        spark.sql(f"DELETE FROM delta.`{silver}` WHERE wave = '2025-Q2'")
        for table, share in GOLD_SHARES.items():
            spark.sql(f"UPDATE delta.`{config.table_path(table)}` SET {share} = {DAMAGE[share]} WHERE NOT suppressed")
        damaged_q1 = {t: rows(t, "2025-Q1") for t in GOLD_TABLES}
        assert all(damaged_q1[t] != before[(t, "2025-Q1")] for t in GOLD_TABLES)

        # The UI's "backfill 2025-Q2" of silver and gold: one run for that partition, no new files.
        result = dg.materialize(
            assets,
            selection=list(map(_key, SURVEY_TABLES)),
            partition_key="2025-Q2",
            resources=resources,
            instance=instance,
        )
        assert result.success
        mats = {(e.asset_key.to_user_string(), e.partition) for e in result.get_asset_materialization_events()}
        assert mats == {(t, "2025-Q2") for t in SURVEY_TABLES}
        silver_meta = result.asset_materializations_for_node("silver__survey_responses")[0].metadata
        assert silver_meta["rebuilt_waves"].value == "2025-Q2"
        assert silver_meta["merged_waves"].value == "none"

    for table in SURVEY_TABLES:
        assert rows(table, "2025-Q2") == before[(table, "2025-Q2")], f"{table}: 2025-Q2 not recomputed as it was"
    assert rows(catalog.SILVER_SURVEY_RESPONSES, "2025-Q1") == before[(catalog.SILVER_SURVEY_RESPONSES, "2025-Q1")]
    for table in GOLD_TABLES:
        assert rows(table, "2025-Q1") == damaged_q1[table], f"{table}: 2025-Q1 was touched"
