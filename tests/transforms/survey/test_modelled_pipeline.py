"""gold/ai_adoption_modelled built by the Dagster graph from a generated export: checks green,
contract columns, and the checks catch a broken table."""

import dagster as dg
import pytest

from lake import catalog, delta_io
from lake.config import LakeConfig
from lake.query import LakeQuery
from samples.survey_generator import generate_survey

CONTRACT_COLUMNS = [
    "wave",
    "land",
    "ags",
    "respondents",
    "direct_share",
    "direct_ci_low",
    "direct_ci_high",
    "modelled_share",
    "modelled_ci_low",
    "modelled_ci_high",
    "method",
    "model",
]
MODELLED = dg.AssetKey(["gold", "ai_adoption_modelled"])
pytestmark = pytest.mark.slow  # a Dagster run of the survey graph (Spark, Delta, DuckDB checks)


@pytest.fixture(scope="module")
def built(spark, tmp_path_factory):
    from orchestration.definitions import defs
    from orchestration.resources import DuckDBResource, LakeResource, LandingResource, PrivacyResource, SparkResource

    tmp = tmp_path_factory.mktemp("modelled")
    root = tmp / "lake"
    # 500 rows over two waves: ~7 respondents per district and wave, so some districts are empty
    generate_survey(out=tmp / "export.csv", rows=500, seed=16, waves=["2025-Q1", "2025-Q2"])
    resources = {
        **defs.resources,  # the deployed ones (smtp, ...) that these assets' definitions also name
        "lake": LakeResource(root=str(root)),
        "spark": SparkResource(),
        "duckdb": DuckDBResource(root=str(root)),
        "landing": LandingResource(folder=str(tmp / "landing")),
        "privacy": PrivacyResource(salt="test-salt"),
    }
    survey = [
        dg.AssetKey(t.split("/"))
        for t in (
            catalog.BRONZE_SURVEY_RESPONSES,
            catalog.SILVER_SURVEY_RESPONSES,
            catalog.GOLD_AI_ADOPTION,
            catalog.GOLD_AI_ADOPTION_MODELLED,
        )
    ]
    cfg = {"ops": {"bronze__survey_responses": {"config": {"paths": [str(tmp / "export.csv")]}}}}
    with dg.instance_for_test() as instance:
        assert dg.materialize(
            [*defs.assets], selection=[dg.AssetKey(["silver", "districts"])], resources=resources, instance=instance
        ).success
        result = dg.materialize(
            [*defs.assets, *defs.asset_checks],
            selection=survey,
            resources=resources,
            run_config=cfg,
            instance=instance,
            raise_on_error=False,
            tags={"dagster/asset_partition_range_start": "2025-Q1", "dagster/asset_partition_range_end": "2025-Q2"},
        )
    return result, LakeConfig.from_env(str(root))


def test_asset_materializes_with_all_checks_green(built):
    result, _ = built
    assert result.success
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations() if e.asset_key == MODELLED}
    assert set(checks) >= {
        "complete",
        "values_valid",
        "method_consistent",
        "direct_matches_gold",
        "benchmarked",
        "keys_unique",
    }
    assert all(checks.values()), checks
    meta = [
        e.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.materialization.asset_key == MODELLED
    ][0]
    assert meta["rows_written"].value == 2 * 35


def test_table_has_the_contract_columns_and_every_district(built):
    _, config = built
    q = LakeQuery(config)
    df = q.sql(f"SELECT * FROM {q.scan(catalog.GOLD_AI_ADOPTION_MODELLED)} ORDER BY wave, ags")
    assert list(df.columns)[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert len(df) == 70 and df.groupby("wave")["ags"].nunique().eq(35).all()
    assert (df["method"] == "synthetic").eq(df["respondents"] == 0).all()
    assert df["model"].str.contains("fay-herriot|pooled").all()


def test_checks_fail_on_a_broken_table(spark, built):
    from orchestration.checks import rules

    _, config = built
    path = config.table_path(catalog.GOLD_AI_ADOPTION_MODELLED)
    good = delta_io.read(spark, path).toPandas()
    broken = good.copy()
    eblup_row = broken.index[broken["method"] == "eblup"][0]
    broken.loc[eblup_row, "method"] = "synthetic"
    broken.loc[eblup_row, "modelled_share"] = min(broken.loc[eblup_row, "modelled_ci_high"] + 0.05, 1.0) + 0.1
    broken = broken.drop(index=broken.index[-1])
    table = spark.createDataFrame(
        broken.astype(object).where(broken.notna(), None).values.tolist(), delta_io.read(spark, path).schema
    )
    delta_io.overwrite(table, path)
    try:
        q = LakeQuery(config)
        assert not rules.modelled_method_consistent(q).passed
        assert not rules.modelled_values_valid(q).passed
        assert not rules.modelled_complete(q).passed
        assert not rules.modelled_benchmarked(q).passed
    finally:
        delta_io.overwrite(
            spark.createDataFrame(
                good.astype(object).where(good.notna(), None).values.tolist(), delta_io.read(spark, path).schema
            ),
            path,
        )
