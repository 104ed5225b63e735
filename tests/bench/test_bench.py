"""`lakehouse bench` parts on tiny data: measurement helpers, the Spark-vs-DuckDB comparison, the
dashboard latency runner, event-log profile, table/Markdown rendering and the CLI's options.
Numbers are never asserted (they belong in BENCHMARKS.md); only that they are measured and sane.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench import dashboard_bench, markdown
from bench import run as bench_run
from bench.measure import PeakMemory, latency, percentile, stage
from lake.config import LakeConfig
from tests.support.survey import write_small_export

ROWS = [
    "s1;2025-Q3;2025-08-01;14612;C;12;ja;1;;2;;",
    "s2;2025-Q3;2025-08-02;14612;J;5;nein;;1;1;;",
    "s3;2025-Q3;2025-08-03;14713;C;300;yes;1;;4;;",
    "s4;2025-Q4;2025-11-04;14511;G;40;no;;1;1;;",
    "t1;2025-Q3;14.08.2025;16051;C;20;ja;1;;3;;",
    "t2;2025-Q4;15.11.2025;16053;M;11;nein;;1;1;;",
    "t3;2025-Q4;16.11.2025 10:30;16053;J;250;yes;1;;1;;",
]


def test_percentile_and_latency() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == 4.8
    assert percentile([7.0], 95) == 7.0
    calls = []
    result = latency(lambda: calls.append(1), repeat=10, warmup=3)
    assert len(calls) == 13 and result["calls"] == 10
    assert 0 <= result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]


def test_stage_records_time_rows_and_memory() -> None:
    stages: dict = {}
    with stage(stages, "alloc", rows=1000):
        block = bytearray(64 * 2**20)  # 64 MiB touched while the sampler runs
        block[::4096] = b"x" * len(block[::4096])
    rec = stages["alloc"]
    assert rec["rows"] == 1000 and rec["seconds"] >= 0
    assert rec["peak_rss_mib"] >= 64
    with PeakMemory() as mem:
        pass
    assert mem.peak > 0


def test_profile_reads_rolling_event_log(tmp_path: Path) -> None:
    app = tmp_path / "eventlog_v2_local-1"
    app.mkdir()
    events = [
        {
            "Event": "SparkListenerStageCompleted",
            "Stage Info": {
                "Stage Name": "save at jobs.py:80",
                "Number of Tasks": 8,
                "Submission Time": 1000,
                "Completion Time": 4000,
            },
        },
        {
            "Event": "SparkListenerStageCompleted",
            "Stage Info": {
                "Stage Name": "count at jobs.py:71",
                "Number of Tasks": 2,
                "Submission Time": 5000,
                "Completion Time": 6000,
            },
        },
    ]
    (app / "events_1_local-1").write_text(json.dumps(events[0]) + "\n", encoding="utf-8")
    (app / "events_2_local-1").write_text(
        json.dumps({"Event": "SparkListenerJobStart"}) + "\n" + json.dumps(events[1]) + "\n"
    )
    prof = bench_run.profile_from_event_log(tmp_path)
    assert prof["spark_stages"] == 2 and prof["stage_seconds_total"] == 4.0
    assert prof["slowest_stages"][0]["stage"] == "save at jobs.py:80"
    assert prof["slowest_stages"][0]["share_of_stage_time"] == 0.75
    assert bench_run.profile_from_event_log(tmp_path / "none") == {"event_log": None}


def test_spark_vs_duckdb_and_dashboard_latency_on_a_small_lake(spark, lake_root: Path, tmp_path: Path) -> None:
    from transforms.survey import jobs

    config = LakeConfig.from_env(str(lake_root))
    jobs.ingest_bronze(spark, config, [write_small_export(tmp_path / "s.csv", ROWS)], salt="t")
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)

    comp = bench_run.spark_vs_duckdb(spark, config.root, repeat=1)
    assert comp["results_agree"] is True
    assert comp["rows_scanned"] == 7 and comp["groups"] == 4  # 2 waves x 2 Länder
    assert comp["spark_seconds_median"] > 0 and comp["duckdb_seconds_median"] > 0

    dash = dashboard_bench.run(config.root, repeat=3)
    assert "adoption_headline" in dash["queries"]
    assert dash["queries"]["adoption_headline"]["rows"] > 0
    assert "gold/news_activity" in dash["skipped_tables"]  # absent tables are skipped, not failed
    assert not any(name.startswith("news") for name in dash["queries"])

    report = {
        "scale": {"responses": 7, "articles": 0},
        "date": "now",
        "machine": {"cpus": 2},
        "versions": {},
        "survey": {
            "stages": {"csv_to_bronze": {"seconds": 1.0, "rows": 7, "rows_per_s": 7, "peak_rss_mib": 1}},
            "end_to_end_seconds": 3.0,
            "increment_seconds": 1.0,
            "responses": 7,
        },
        "comparison": {"spark_vs_duckdb": comp},
        "dashboard": dash,
    }
    report["targets_met"] = bench_run._targets_met(report)
    assert report["targets_met"]["survey_end_to_end_s"] is True
    text = bench_run.format_table(report)
    assert "survey csv_to_bronze" in text and "DuckDB" in text
    md = markdown.render(report)
    assert "| survey csv_to_bronze |" in md and "ratio Spark / DuckDB" in md


def test_cli_options() -> None:
    from orchestration.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["bench", "--help"])
    assert result.exit_code == 0
    for option in ("--responses", "--articles", "--out"):
        assert option in result.output
    bad = runner.invoke(main, ["bench", "--responses", "5"])
    assert bad.exit_code != 0 and "at least 100" in bad.output


SURVEY_STAGES = (
    "csv_to_bronze",
    "bronze_to_silver",
    "silver_to_gold",
    "increment_bronze",
    "increment_silver_merge",
    "increment_gold",
)


@pytest.mark.slow
def test_bench_command_end_to_end(tmp_path: Path) -> None:
    """`lakehouse bench` at tiny scale in a subprocess (its own SparkSession): rc 0, the terminal table,
    every JSON section BENCHMARKS.md needs, and `python -m bench.markdown` renders that JSON."""
    import os
    import subprocess
    import sys

    from lake.config import PROJECT_ROOT

    exe = Path(sys.executable).with_name("lakehouse")
    out = tmp_path / "b.json"
    env = {**os.environ, "LAKEHOUSE_ROOT": str(tmp_path / "lake"), "DAGSTER_HOME": str(tmp_path / "dagster")}
    proc = subprocess.run(
        [
            str(exe),
            "bench",
            "--responses",
            "300",
            "--articles",
            "40",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path / "w"),
            "--operator",
            "--no-engine",
            # a small late wave and few query repeats: this checks the bench, it measures nothing
            "--increment-rows",
            "500",
            "--dashboard-repeat",
            "5",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in SURVEY_STAGES:
        assert f"survey {name}" in proc.stdout
    assert "spark cold start" in proc.stdout
    assert "Spark" in proc.stdout and "DuckDB" in proc.stdout and "results agree: True" in proc.stdout
    assert f"JSON written to {out}" in proc.stdout

    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["scale"] == {"responses": 300, "articles": 40}

    survey = report["survey"]
    for name in SURVEY_STAGES:
        rec = survey["stages"][name]
        assert rec["seconds"] > 0 and rec["rows"] > 0, name
        assert rec["rows_per_s"] is not None and rec["rows_per_s"] >= 0, name
        assert rec["peak_rss_mib"] > 0, name
    assert survey["stages"]["csv_to_bronze"]["rows"] == 300
    assert 0 < survey["silver_rows"] <= 300
    assert survey["end_to_end_seconds"] > 0 and survey["increment_seconds"] > 0
    assert survey["increment_rows"] == 500
    assert survey["peak_rss_mib"] > 0

    cold = report["spark_cold_start"]
    assert cold["seconds"] > 0 and cold["session_seconds"] > 0 and cold["first_job_seconds"] > 0
    assert cold["peak_rss_mib"] > 0
    assert "csv_to_bronze" not in cold and "spark_cold_start" not in survey["stages"]  # reported separately

    comp = report["comparison"]["spark_vs_duckdb"]
    assert comp["results_agree"] is True
    assert comp["spark_over_duckdb"] > 0
    assert comp["spark_seconds_median"] > 0 and comp["duckdb_seconds_median"] > 0
    assert comp["rows_scanned"] > 0 and comp["groups"] > 0

    queries = report["dashboard"]["queries"]
    assert "adoption_headline" in queries
    for name, rec in queries.items():
        assert 0 < rec["p50_ms"] <= rec["p95_ms"] <= rec["max_ms"], name
    assert report["dashboard"]["p95_ms_worst_query"] == max(rec["p95_ms"] for rec in queries.values())

    news = report["news"]
    assert news["articles"] == 40 and news["rows"] == 40
    assert news["seconds"] > 0 and news["extract_s"] >= 0 and news["peak_rss_mib"] > 0

    # --operator: a fresh `lakehouse survey ingest` of the late wave, broken down by Dagster step.
    op = report["operator"]
    assert op["rows"] == 500 and "<500-row file>" in op["command"] and op["wall_seconds"] > 0 and op["peak_rss_mib"] > 0
    assert op["dagster"]["run_status"] == "SUCCESS"
    assert {"bronze__survey_responses", "silver__survey_responses", "gold__ai_adoption"} <= set(
        op["dagster"]["asset_steps"]
    )
    assert op["dagster"]["check_steps"] > 0
    assert "lakehouse survey ingest" in proc.stdout

    # The operator ingests into a copy: one more bronze commit there, none in the bench lake.
    def bronze_commits(root: Path) -> int:
        return len(list((root / "bronze" / "survey_responses" / "_delta_log").glob("*.json")))

    copy = tmp_path / "w" / "operator" / "lakeroot"
    assert bronze_commits(copy) == bronze_commits(tmp_path / "w" / "survey" / "lake") + 1

    for key in ("python", "pyspark", "delta-spark", "duckdb", "dagster", "java"):
        assert report["versions"].get(key), key
    machine = report["machine"]
    assert machine["cpus"] > 0 and machine["memory_gib"] > 0 and machine["platform"]
    assert len(machine["load_average_at_start"]) == 3 and len(machine["load_average_at_end"]) == 3
    assert set(report["targets_met"]) == set(report["targets"])
    assert all(isinstance(v, bool) for v in report["targets_met"].values())
    assert report["profile"]["spark_stages"] > 0

    md = subprocess.run(
        [sys.executable, "-m", "bench.markdown", str(out)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert md.returncode == 0, md.stderr
    assert "| Stage | Wall s | Rows | Rows/s |" in md.stdout
    for name in SURVEY_STAGES:
        assert f"| survey {name} |" in md.stdout
    assert "ratio Spark / DuckDB" in md.stdout and "| p50 ms | p95 ms |" in md.stdout
    assert "Operator path: `lakehouse survey ingest`" in md.stdout
