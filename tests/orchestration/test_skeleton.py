"""Walking skeleton: one export flows through bronze, silver, gold (Delta) to DuckDB and Streamlit."""

from __future__ import annotations

import math
from pathlib import Path

import dagster as dg
import pytest
from pyspark.sql import functions as F

from lake import catalog, delta_io
from lake.config import LakeConfig
from lake.query import LakeQuery, ReadOnlyViolation
from tests.support.paths import REPO_ROOT
from tests.support.survey import write_small_export
from transforms.survey.indicators import ai_adoption, wilson_interval

# 7 Saxon and 6 Thuringian respondents; weights chosen so the shares differ from the raw counts.
ROWS = [
    "s1;2025-Q3;2025-08-01;14612;C;12;ja;1;;2;a@example.org;Bitte anrufen",
    "s2;2025-Q3;2025-08-02;14612;J;5;nein;;1;1;;",
    "s3;2025-Q3;2025-08-03;14713;C;300;yes;1;;4;;",
    "s4;2025-Q3;2025-08-04;14511;G;40;no;;1;1;;",
    "s5;2025-Q3;2025-08-05;14522;C;60;geplant;;1;2;;",
    "s6;2025-Q3;2025-08-06;14625;M;8;1;0;;1;;",
    "s7;2025-Q3;2025-08-07;14612;J;9;0;;0;1;;",
    "t1;2025-Q3;14.08.2025;16051;C;20;ja;1;;3;;",
    "t2;2025-Q3;15.08.2025;16053;M;11;nein;;1;1;;",
    "t3;2025-Q3;16.08.2025 10:30;16053;J;250;yes;1;;1;;",
    "t4;2025-Q3;2025-08-17T09:00:00;16063;C;3;no;;1;2;;",
    "t5;2025-Q3;2025-08-18;16070;G;15;nein;;1;1;;",
    "t6;2025-Q3;2025-08-19;16051;C;70;ja;1;;1;;",
    "x1;2025-Q3;2025-08-20;09162;C;70;ja;1;;1;;",  # Munich: outside the two Länder -> reject
]


def test_wilson_on_kish_effective_sample_size_hand_computed(spark) -> None:
    # Five respondents, weights 1,1,2,2,4, users marked 1: share = (1+2+4)/10 = 0.7,
    # n_eff = 10^2 / (1+1+4+4+16) = 100/26 = 3.846153...
    # Wilson, z = 1.959964 (worked with `bc -l`): z^2/n = 0.998779, denominator 1.998779,
    # centre = (0.7 + z^2/(2n))/1.998779 = 0.600061, half = z*sqrt(p(1-p)/n + z^2/(4n^2))/1.998779 = 0.339004.
    low, high = wilson_interval(0.7, 100 / 26)
    assert low == pytest.approx(0.261057, abs=1e-6)
    assert high == pytest.approx(0.939065, abs=1e-6)

    df = spark.createDataFrame(
        [("2025-Q3", "Sachsen", w, u) for w, u in [(1.0, "yes"), (1.0, "no"), (2.0, "yes"), (2.0, "no"), (4.0, "yes")]],
        "wave string, land string, weight double, uses_ai string",
    )
    for col in ("ags", "nace_section", "size_class"):
        df = df.withColumn(col, F.lit(None).cast("string"))
    row = ai_adoption(df).where("land = 'Sachsen'").first()
    assert row.respondents == 5 and not row.suppressed
    assert row.weighted_share == pytest.approx(0.7)
    assert (row.ci_low, row.ci_high) == (pytest.approx(low), pytest.approx(high))


def test_suppression_below_five_respondents(spark) -> None:
    df = spark.createDataFrame(
        [("2025-Q3", "Thüringen", 1.0, "yes")] * 4,
        "wave string, land string, weight double, uses_ai string",
    )
    for col in ("ags", "nace_section", "size_class"):
        df = df.withColumn(col, F.lit(None).cast("string"))
    row = ai_adoption(df).where("land = 'Thüringen'").first()
    assert row.respondents == 4 and row.suppressed
    assert row.weighted_share is None and row.ci_low is None and row.ci_high is None


def test_export_to_gold_through_dagster_delta_and_duckdb(spark, lake_root: Path, tmp_path: Path) -> None:
    from orchestration.cli._dagster import materialize
    from orchestration.definitions import defs
    from orchestration.resources import DuckDBResource, LakeResource, LandingResource, PrivacyResource, SparkResource

    export = write_small_export(tmp_path / "export.csv", ROWS)
    resources = {
        "lake": LakeResource(root=str(lake_root)),
        "spark": SparkResource(),
        "landing": LandingResource(folder=str(tmp_path / "landing")),
        "privacy": PrivacyResource(salt="test-salt"),
        "duckdb": DuckDBResource(root=str(lake_root)),
    }
    run_config = {"ops": {"bronze__survey_responses": {"config": {"paths": [str(export)]}}}}
    # The CLI's path: the survey assets downstream of bronze, over the waves found in the files.
    survey = 'key:"bronze/survey_responses"+ and not key:"report/quarterly"'
    instance = dg.DagsterInstance.ephemeral()
    result = materialize(selection=survey, run_config=run_config, defs=defs, instance=instance, resources=resources)
    assert result.success
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"bronze/survey_responses", "silver/survey_responses", "gold/ai_adoption"} <= materialized
    config = LakeConfig.from_env(str(lake_root))

    # Real Delta tables with a version history.
    bronze_path = config.table_path(catalog.BRONZE_SURVEY_RESPONSES)
    assert delta_io.read(spark, bronze_path).count() == len(ROWS)
    emails = [r[0] for r in delta_io.read(spark, bronze_path).select("contact_email").collect() if r[0]]
    assert emails and all("@" not in e and len(e) == 64 for e in emails)
    assert delta_io.current_version(spark, config.table_path(catalog.GOLD_AI_ADOPTION)) == 0
    survey_tables = (catalog.SILVER_SURVEY_RESPONSES, catalog.SILVER_SURVEY_REJECTS, catalog.GOLD_AI_TECHNOLOGIES)
    versions = {t: delta_io.current_version(spark, config.table_path(t)) for t in survey_tables}

    # A second materialization: bronze skips the known file; nothing changed, so gold (like every
    # survey table) gets no new version (issue 3: a second ingest changes nothing).
    result = materialize(selection=survey, run_config=run_config, defs=defs, instance=instance, resources=resources)
    assert result.success
    assert delta_io.read(spark, bronze_path).count() == len(ROWS)
    assert delta_io.current_version(spark, config.table_path(catalog.GOLD_AI_ADOPTION)) == 0
    history = delta_io.history(spark, config.table_path(catalog.GOLD_AI_ADOPTION)).collect()
    assert [h.version for h in history] == [0]
    assert {t: delta_io.current_version(spark, config.table_path(t)) for t in survey_tables} == versions

    # DuckDB reads the gold table (current and time-travelled) and agrees with an independent sum.
    q = LakeQuery(config)
    gold = q.sql(
        f"SELECT land, respondents, weighted_share, ci_low, ci_high FROM {q.scan(catalog.GOLD_AI_ADOPTION)} "
        "WHERE wave = ? AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL",
        ["2025-Q3"],
    )
    by_land = {(r.land if isinstance(r.land, str) else None): r for r in gold.itertuples()}
    # Saxony: users s1(w2), s3(w4), s6(w1) of total weight 2+1+4+1+2+1+1 = 12 -> 7/12.
    assert by_land["Sachsen"].respondents == 7
    assert by_land["Sachsen"].weighted_share == pytest.approx(7 / 12)
    # Thuringia: users t1(w3), t3(w1), t6(w1) of total weight 3+1+1+2+1+1 = 9 -> 5/9.
    assert by_land["Thüringen"].weighted_share == pytest.approx(5 / 9)
    assert by_land[None].respondents == 13 and by_land[None].weighted_share == pytest.approx(12 / 21)
    sw, sw2 = 9.0, 3**2 + 1 + 1 + 2**2 + 1 + 1
    low, high = wilson_interval(5 / 9, sw * sw / sw2)
    assert (by_land["Thüringen"].ci_low, by_land["Thüringen"].ci_high) == (pytest.approx(low), pytest.approx(high))
    old = q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.GOLD_AI_ADOPTION, version=0)}")
    assert int(old.n[0]) == int(q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.GOLD_AI_ADOPTION)}").n[0])

    rejects = q.sql(f"SELECT _source_row, reason FROM {q.scan(catalog.SILVER_SURVEY_REJECTS)}")
    assert rejects.to_dict("records") == [{"_source_row": 14, "reason": "ags_outside_region"}]

    with pytest.raises(ReadOnlyViolation):
        q.sql(f"COPY (SELECT 1) TO '{lake_root}/x.csv'")


def test_streamlit_overview_shows_gold_figure(spark, lake_root: Path, tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from transforms.survey import jobs

    config = LakeConfig.from_env(str(lake_root))
    jobs.ingest_bronze(spark, config, [write_small_export(tmp_path / "e.csv", ROWS)], salt="s")
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    share = (
        LakeQuery(config)
        .sql(
            f"SELECT weighted_share FROM {LakeQuery(config).scan(catalog.GOLD_AI_ADOPTION)} WHERE land = 'Sachsen' "
            "AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL"
        )
        .weighted_share[0]
    )
    # German style, as the dashboard shows it; in brackets, as Sachsen rests on 7 respondents
    # (limited reliability below 20: issue 15)
    expected = "(" + f"{share * 100:.1f} %".replace(".", ",") + ")"

    app = AppTest.from_file(str(REPO_ROOT / "dashboards" / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception
    values = [m.value for m in app.metric]
    labels = [m.label for m in app.metric]
    assert "Sachsen" in labels and expected in values
    assert math.isclose(share, 7 / 12)
