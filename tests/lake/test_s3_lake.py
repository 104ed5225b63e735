"""The lake root as an object-store URI: delta-spark writes and DuckDB reads against a local S3 server.

The S3-compatible server is moto's (`moto[server]`, test extra) on 127.0.0.1. Spark runs in a
subprocess, because its S3A jars and settings are fixed when a session starts and the test
session already has one. The first run fetches hadoop-aws and the AWS SDK bundle (~650 MB) from
Maven Central into `.cache/ivy`; later runs are offline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lake.config import PROJECT_ROOT
from tests.support.survey import write_small_export

pytestmark = pytest.mark.slow

SECRET = "test-secret-key-never-logged"

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

SPARK_SIDE = textwrap.dedent(
    """
    import json, sys
    from lake import catalog, delta_io
    from lake.config import LakeConfig
    from lake.spark import get_spark
    from transforms.survey import jobs

    config = LakeConfig.from_env()
    spark = get_spark(master="local[1]", app_name="s3-lake-test",
                      extra_conf={"spark.driver.memory": "1g", "spark.sql.shuffle.partitions": "2"})
    jobs.ingest_bronze(spark, config, [sys.argv[1]], salt="t")
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    gold = config.table_path(catalog.GOLD_AI_ADOPTION)
    both = delta_io.read(spark, gold).where("land IS NULL AND ags IS NULL AND nace_section IS NULL "
                                           "AND size_class IS NULL").first()
    print("RESULT " + json.dumps({
        "root": config.root,
        "silver_rows": delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_RESPONSES)).count(),
        "gold_rows": delta_io.read(spark, gold).count(),
        "share_both": both.weighted_share,
        "gold_version": delta_io.current_version(spark, gold),
        "conf": dict(spark.sparkContext.getConf().getAll()),
    }))
    spark.stop()
    """
)


@pytest.fixture()
def s3_server(monkeypatch: pytest.MonkeyPatch):
    """moto's S3 server on 127.0.0.1 (free port) with one bucket; env set as a user would."""
    boto3 = pytest.importorskip("boto3")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    env = {
        "AWS_ACCESS_KEY_ID": "testing-key",
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_REGION": "us-east-1",
        "LAKEHOUSE_S3_ENDPOINT": endpoint,
        "LAKEHOUSE_S3_PATH_STYLE": "true",
        "LAKEHOUSE_ROOT": "s3://lake-test/warehouse",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket="lake-test")
    try:
        yield env
    finally:
        server.stop()


def test_delta_spark_writes_and_duckdb_reads_s3_lake(s3_server: dict, tmp_path: Path) -> None:
    import boto3

    export = write_small_export(tmp_path / "survey.csv", ROWS)
    proc = subprocess.run(
        [sys.executable, "-c", SPARK_SIDE, str(export)],
        cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True, text=True, timeout=3000,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")][-1]
    spark_side = json.loads(line.removeprefix("RESULT "))
    assert spark_side["root"] == "s3://lake-test/warehouse"
    assert spark_side["silver_rows"] == 10
    # Credentials stay in the environment: not in the Spark conf, not in any output.
    assert SECRET not in json.dumps(spark_side["conf"])
    assert SECRET not in proc.stdout and SECRET not in proc.stderr
    assert spark_side["conf"]["spark.hadoop.fs.s3a.path.style.access"] == "true"

    # The objects really are in the bucket.
    s3 = boto3.client("s3", endpoint_url=s3_server["LAKEHOUSE_S3_ENDPOINT"], region_name="us-east-1")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="lake-test", Prefix="warehouse/gold/ai_adoption/")["Contents"]]
    assert any("/_delta_log/" in k and k.endswith(".json") for k in keys)
    assert any(k.endswith(".parquet") for k in keys)

    # DuckDB reads the same Delta tables straight from S3 through the read-only layer.
    from lake import catalog
    from lake.config import LakeConfig
    from lake.query import LakeQuery

    q = LakeQuery(LakeConfig.from_env())
    assert q.exists(catalog.GOLD_AI_ADOPTION)
    n = q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.SILVER_SURVEY_RESPONSES)}").n[0]
    assert int(n) == 10
    gold = q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.GOLD_AI_ADOPTION)}").n[0]
    assert int(gold) == spark_side["gold_rows"]
    both = q.sql(
        f"SELECT weighted_share FROM {q.scan(catalog.GOLD_AI_ADOPTION)} "
        "WHERE land IS NULL AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL"
    ).weighted_share[0]
    assert both == pytest.approx(spark_side["share_both"])
    # Weighted by hand: users s1(2) s3(4) t1(3) t3(1) = 10 of total weight 18.
    assert both == pytest.approx(10 / 18)
