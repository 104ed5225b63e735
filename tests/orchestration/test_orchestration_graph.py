"""The whole Dagster graph in-process, asset metadata, and partition-scoped writes."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from lake import catalog, delta_io
from lake.config import LakeConfig
from samples.survey_generator import generate_survey
from tests.support.paths import REPO_ROOT

NEWS_SAMPLES = REPO_ROOT / "samples" / "news"


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


def test_every_contract_table_is_an_asset_with_metadata() -> None:
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    for table in catalog.TABLES:
        key = dg.AssetKey(table.split("/"))
        assert graph.has(key), f"{table} is not an asset"
        node = graph.get(key)
        assert node.group_name == catalog.TABLES[table].layer
        assert node.owners and node.description
        schema = node.metadata["dagster/column_schema"]
        assert isinstance(schema, dg.TableSchema) and schema.columns
    # lineage follows the data flow
    assert (
        dg.AssetKey(["bronze", "survey_responses"])
        in graph.get(dg.AssetKey(["silver", "survey_responses"])).parent_keys
    )
    assert dg.AssetKey(["silver", "survey_responses"]) in graph.get(dg.AssetKey(["gold", "ai_adoption"])).parent_keys
    assert dg.AssetKey(["silver", "news_articles"]) in graph.get(dg.AssetKey(["gold", "news_activity"])).parent_keys
    # every silver and gold table has checks, some of them blocking
    checked = {tuple(c.asset_key.path) for c in graph.asset_check_keys}
    for table in catalog.TABLES:
        if not table.startswith("bronze/"):
            assert tuple(table.split("/")) in checked, f"no checks on {table}"
    from orchestration.definitions import defs as d

    assert d.resolve_schedule_def("news_daily") and d.resolve_schedule_def("survey_quarter_end")
    assert d.resolve_sensor_def("landing_sensor") and d.resolve_sensor_def("quarantine_on_failure")


@pytest.mark.slow
def test_whole_graph_materializes_in_process(spark, lake_root: Path, tmp_path: Path) -> None:
    """Every asset (survey waves, news days, unpartitioned) and every check, in-process, all green."""
    from orchestration.cli._dagster import materialize
    from orchestration.definitions import defs

    landing = tmp_path / "landing"
    generate_survey(out=landing / "survey" / "export.csv", rows=400, seed=3, waves=["2025-Q1", "2025-Q2"])
    shutil.copytree(NEWS_SAMPLES, landing / "news", ignore=shutil.ignore_patterns("*.md"))
    selection = dg.AssetSelection.all() - dg.AssetSelection.groups("reference", "maintenance", "report")
    keys = selection.resolve(defs.resolve_asset_graph())
    with dg.instance_for_test() as instance:
        results = materialize(
            selection=list(keys), defs=defs, instance=instance, resources=_resources(lake_root, landing)
        )
    assert results.success
    materialized = {"/".join(e.asset_key.path) for e in results.get_asset_materialization_events()}
    assert set(catalog.TABLES) <= materialized
    evaluations = results.get_asset_check_evaluations()
    failed = [(e.asset_key.to_user_string(), e.check_name, e.description) for e in evaluations if not e.passed]
    assert len(evaluations) >= 30 and not failed, failed
    config = LakeConfig.from_env(str(lake_root))
    waves = {
        r[0]
        for r in delta_io.read(spark, config.table_path(catalog.GOLD_AI_ADOPTION)).select("wave").distinct().collect()
    }
    assert waves == {"2025-Q1", "2025-Q2"}


@pytest.mark.slow
def test_partitioned_run_touches_only_its_partition(spark, lake_root: Path, tmp_path: Path) -> None:
    """A run for wave 2025-Q2 leaves the Delta rows of wave 2025-Q1 exactly as they were."""
    from orchestration.definitions import defs

    landing = tmp_path / "landing"
    q1 = generate_survey(out=tmp_path / "q1" / "q1.csv", rows=150, seed=5, waves=["2025-Q1"])
    q2 = generate_survey(out=tmp_path / "q2" / "q2.csv", rows=150, seed=6, waves=["2025-Q2"])
    q1_file, q2_file = tmp_path / "q1" / "q1.csv", tmp_path / "q2" / "q2.csv"
    assert q1 and q2
    survey = [
        dg.AssetKey(t.split("/"))
        for t in (
            catalog.BRONZE_SURVEY_RESPONSES,
            catalog.SILVER_SURVEY_RESPONSES,
            catalog.GOLD_AI_ADOPTION,
            catalog.GOLD_AI_TECHNOLOGIES,
            catalog.GOLD_AI_BARRIERS,
        )
    ]
    resources = _resources(lake_root, landing)
    config = LakeConfig.from_env(str(lake_root))

    def run(wave: str, path: Path):
        cfg = {"ops": {"bronze__survey_responses": {"config": {"paths": [str(path)]}}}}
        return dg.materialize(
            [*defs.assets, *defs.asset_checks],
            selection=survey,
            partition_key=wave,
            resources=resources,
            run_config=cfg,
            instance=instance,
        )

    def rows(table: str, wave: str) -> list:
        df = delta_io.read(spark, config.table_path(table)).where(f"wave = '{wave}'")
        return sorted(map(tuple, df.drop(*[c for c in df.columns if c.startswith("_")]).collect()), key=repr)

    with dg.instance_for_test() as instance:
        assert dg.materialize(
            [*defs.assets], selection=[dg.AssetKey(["silver", "districts"])], resources=resources, instance=instance
        ).success
        assert run("2025-Q1", q1_file).success
        before = {
            t: rows(t, "2025-Q1")
            for t in (
                catalog.SILVER_SURVEY_RESPONSES,
                catalog.GOLD_AI_ADOPTION,
                catalog.GOLD_AI_TECHNOLOGIES,
                catalog.GOLD_AI_BARRIERS,
            )
        }
        assert all(before.values())
        result = run("2025-Q2", q2_file)
        assert result.success
        mats = {(tuple(e.asset_key.path), e.partition) for e in result.get_asset_materialization_events()}
        assert (("gold", "ai_adoption"), "2025-Q2") in mats
        assert {p for _, p in mats} == {"2025-Q2"}
        for table, old in before.items():
            assert rows(table, "2025-Q1") == old, f"{table}: partition 2025-Q1 changed"
            assert rows(table, "2025-Q2"), f"{table}: partition 2025-Q2 not written"


def test_cli_materialize_splits_runs_by_partitioning(tmp_path: Path) -> None:
    """`lakehouse` runs: unpartitioned first, a wave range in one run, one-wave assets on the latest wave."""
    from orchestration.cli._dagster import materialize
    from orchestration.partitions import survey_waves
    from orchestration.resources import LandingResource

    seen: dict[str, list] = {}

    @dg.asset
    def ref() -> None:
        seen["ref"] = []

    @dg.asset(deps=[ref], partitions_def=survey_waves, backfill_policy=dg.BackfillPolicy.single_run())
    def ranged(context: dg.AssetExecutionContext) -> None:
        seen["ranged"] = list(context.partition_keys)

    @dg.asset(deps=[ranged], partitions_def=survey_waves)
    def one(context: dg.AssetExecutionContext) -> None:
        seen["one"] = [context.partition_key]

    landing = tmp_path / "landing"
    (landing / "survey").mkdir(parents=True)
    (landing / "survey" / "x.csv").write_text("response_id;wave\n1;2025-Q1\n2;2025-Q3\n3;bad\n", encoding="utf-8")
    toy = dg.Definitions(assets=[ref, ranged, one], resources={"landing": LandingResource(folder=str(landing))})
    with dg.instance_for_test() as instance:
        results = materialize(defs=toy, instance=instance)
    assert results.success and len(results) == 3
    assert seen == {"ref": [], "ranged": ["2025-Q1", "2025-Q2", "2025-Q3"], "one": ["2025-Q3"]}
