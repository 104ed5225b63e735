"""`lakehouse bench`: the one entry point for the project's performance numbers.

Generates data at a chosen scale, runs the pipeline stage by stage in one process (one
SparkSession) and reports, per stage, wall time, rows/s and the peak RSS of the process tree
(Python driver + Spark JVM + Python workers):

1. Spark cold start (JVM launch, Delta jars, first job) - reported on its own;
2. survey: CSV -> bronze -> silver -> gold, then one late wave (10,000 rows, `--increment-rows`) merged
   (`bench.survey_bench`);
3. the same gold aggregation (weighted AI share by wave x Land) computed by Spark on the Delta
   table and by DuckDB's delta_scan on the same files, as a ratio;
4. every dashboard query through the read-only DuckDB layer, p50/p95 (`bench.dashboard_bench`),
   and with ``--browser`` the first render of every page in headless Chromium;
5. anchors on the same generated CSV (`bench.anchors`): the same validate-dedupe-aggregate in plain
   Spark SQL (parquet, no Delta) and in DuckDB;
6. the warm engine (`bench.engine_bench`): `lakehouse demo` and `lakehouse survey ingest` of a
   late wave against a Spark Connect engine, and the same ingest cold (no engine);
7. news: extraction of M generated articles through Spark into Delta (`bench.news_bench`), last,
   so a run cut short still has the survey and dashboard numbers;
8. a profile: the slowest Spark stages from Spark's event log.

``python -m bench.run --responses 20000 --articles 2000 --out bench.json``
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import DASHBOARD_REPEAT, INCREMENT_ROWS, dashboard_bench, survey_bench
from bench.measure import PeakMemory, stage

TARGETS = {
    "survey_end_to_end_s": 180.0,
    "increment_s": 10.0,
    "modelled_s": 10.0,
    "secondary_suppression_share": 0.20,
    "dashboard_p95_ms": 100.0,
    "pipeline_over_spark_sql_anchor": 3.0,
    "ingest_10k_warm_s": 15.0,
    "demo_warm_s": 45.0,
    "peak_rss_gib": 4.0,
    "news_articles_per_s": 2000.0,
}


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for dist in ("pyspark", "delta-spark", "duckdb", "duckdb-extension-delta", "dagster", "pandas", "pyarrow"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "absent"
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
        out["java"] = (java.stderr or java.stdout).splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        out["java"] = "unknown"
    return out


def _other_load() -> dict:
    """What else runs here: CPU busy over one second before our Spark starts, and other JVMs.

    The load average is no guide (the bench itself keeps both cores busy, so the average after
    a previous run or during this one is 2-3 on an otherwise idle 2-core machine).
    """
    import psutil

    ours = {os.getpid(), *(c.pid for c in psutil.Process().children(recursive=True))}
    jvms = 0
    for proc in psutil.process_iter(["pid", "name"]):
        if proc.info["pid"] not in ours and (proc.info["name"] or "").startswith("java"):
            jvms += 1
    return {"cpu_busy_percent_at_start": psutil.cpu_percent(interval=1.0), "other_jvms_at_start": jvms}


def _machine() -> dict:
    import psutil

    load = os.getloadavg()
    other = _other_load()
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "memory_available_gib_at_start": round(psutil.virtual_memory().available / 2**30, 1),
        "load_average_at_start": [round(x, 2) for x in load],
        **other,
        "shared_machine_loaded": other["cpu_busy_percent_at_start"] > 25 or other["other_jvms_at_start"] > 0,
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
    }


def spark_cold_start(master: str | None, event_log_dir: Path, settings=None) -> tuple:
    """Create the process's SparkSession (event log on) and run a first tiny job; both timed.

    Always a local session (never the engine): the stages below time this process's own Spark.
    """
    from lake.spark import SparkSettings, get_spark

    event_log_dir.mkdir(parents=True, exist_ok=True)
    stages: dict = {}
    settings = (settings or SparkSettings()).with_conf(use_engine=False, remote=None)
    with stage(stages, "session") as _:
        spark = get_spark(
            settings,
            master=master,
            app_name="lakehouse-bench",
            extra_conf={
                "spark.eventLog.enabled": "true",
                "spark.eventLog.dir": event_log_dir.as_uri(),
                "spark.eventLog.compress": "false",
            },
        )
    with stage(stages, "first_job"):
        spark.range(1000).selectExpr("sum(id)").collect()
    seconds = stages["session"]["seconds"] + stages["first_job"]["seconds"]
    return spark, {
        "seconds": round(seconds, 2),
        "session_seconds": stages["session"]["seconds"],
        "first_job_seconds": stages["first_job"]["seconds"],
        "peak_rss_mib": max(s["peak_rss_mib"] for s in stages.values()),
        "master": spark.sparkContext.master,
        "default_parallelism": spark.sparkContext.defaultParallelism,
    }


def spark_vs_duckdb(spark, root: str, repeat: int = 3) -> dict:
    """Weighted AI share by wave x Land from silver: Spark on Delta vs DuckDB delta_scan, warm."""
    from pyspark.sql import functions as F

    from lake import catalog, delta_io
    from lake.config import LakeConfig
    from lake.query import LakeQuery

    config = LakeConfig.from_env(root)
    path = config.table_path(catalog.SILVER_SURVEY_RESPONSES)

    def with_spark() -> dict:
        df = delta_io.read(spark, path)
        w = F.col("weight").cast("double")
        rows = (
            df.groupBy("wave", "land")
            .agg(
                (F.sum(F.when(F.col("uses_ai") == "yes", w).otherwise(0.0)) / F.sum(w)).alias("share"),
                F.count(F.lit(1)).alias("n"),
            )
            .collect()
        )
        return {(r.wave, r.land): (r.share, r.n) for r in rows}

    q = LakeQuery(config)
    sql = f"""
        SELECT wave, land,
               sum(CASE WHEN uses_ai = 'yes' THEN CAST(weight AS DOUBLE) ELSE 0 END) / sum(CAST(weight AS DOUBLE)) AS share,
               count(*) AS n
        FROM {q.scan(catalog.SILVER_SURVEY_RESPONSES)} GROUP BY wave, land"""

    def with_duckdb() -> dict:
        return {(r.wave, r.land): (r.share, r.n) for r in q.sql(sql).itertuples()}

    def timed(fn: Callable[[], dict]) -> tuple[list[float], dict]:
        result = fn()  # warm-up (JIT, file listing, extension load)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
        return times, result

    spark_times, spark_result = timed(with_spark)
    duck_times, duck_result = timed(with_duckdb)
    agree = spark_result.keys() == duck_result.keys() and all(
        abs(spark_result[k][0] - duck_result[k][0]) < 1e-9 and spark_result[k][1] == duck_result[k][1]
        for k in spark_result
    )
    s, d = statistics.median(spark_times), statistics.median(duck_times)
    return {
        "aggregation": "weighted share of AI users by wave x land over silver/survey_responses",
        "rows_scanned": sum(v[1] for v in spark_result.values()),
        "groups": len(spark_result),
        "spark_seconds_median": round(s, 4),
        "duckdb_seconds_median": round(d, 4),
        "spark_over_duckdb": round(s / d, 2) if d > 0 else None,
        "results_agree": agree,
        "repeat": repeat,
    }


def profile_from_event_log(event_log_dir: Path, top: int = 10) -> dict:
    """The slowest Spark stages (name = where they were called from) from the event log."""
    # Spark 4 writes rolling event logs: a folder eventlog_v2_<app>/ with events_<n>_<app> files.
    apps = sorted(event_log_dir.glob("*"), key=lambda p: p.stat().st_mtime)
    if not apps:
        return {"event_log": None}
    log = apps[-1]
    files = (
        sorted(
            (f for f in log.glob("events_*") if f.is_file()),
            key=lambda f: int(f.name.split("_")[1]) if f.name.split("_")[1].isdigit() else 0,
        )
        if log.is_dir()
        else [log]
    )
    stages = []
    lines = (line for f in files for line in f.open(encoding="utf-8", errors="replace"))
    for line in lines:
        if '"SparkListenerStageCompleted"' not in line:
            continue
        info = json.loads(line).get("Stage Info", {})
        start, end = info.get("Submission Time"), info.get("Completion Time")
        if start and end:
            stages.append(
                {
                    "stage": info.get("Stage Name", "?"),
                    "tasks": info.get("Number of Tasks"),
                    "seconds": round((end - start) / 1000, 2),
                }
            )
    by_name: dict[str, dict] = {}
    for s in stages:
        agg = by_name.setdefault(s["stage"], {"stage": s["stage"], "count": 0, "seconds": 0.0, "tasks": 0})
        agg["count"] += 1
        agg["seconds"] = round(agg["seconds"] + s["seconds"], 2)
        agg["tasks"] += s["tasks"] or 0
    total = sum(s["seconds"] for s in stages) or 1.0
    ranked = sorted(by_name.values(), key=lambda a: -a["seconds"])[:top]
    for a in ranked:
        a["share_of_stage_time"] = round(a["seconds"] / total, 3)
    return {
        "event_log": str(log),
        "spark_stages": len(stages),
        "stage_seconds_total": round(total, 1),
        "slowest_stages": ranked,
    }


def run(
    responses: int = 1_000_000,
    articles: int = 100_000,
    workdir: Path | str = Path("/tmp/lakehouse-bench"),
    out: Path | str | None = None,
    master: str | None = None,
    dashboard_repeat: int = DASHBOARD_REPEAT,
    browser: bool = False,
    operator: bool = False,
    settings=None,
    engine: bool = True,
    increment_rows: int = INCREMENT_ROWS,
) -> dict:
    """Run every stage; write ``out`` (JSON) after each section so a partial run still reports.

    ``settings``: the deployment's `lake.spark.SparkSettings` (from the CLI); ``engine``: also the
    warm-engine section (`bench.engine_bench`).
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    event_log_dir = workdir / "eventlog"
    shutil.rmtree(event_log_dir, ignore_errors=True)
    report: dict = {
        "benchmark": "lakehouse",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "scale": {"responses": responses, "articles": articles},
        "machine": _machine(),
        "versions": _versions(),
        "targets": TARGETS,
    }

    def save() -> None:
        report["profile"] = profile_from_event_log(event_log_dir)
        if out:
            Path(out).write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")

    with PeakMemory() as total_mem:
        spark, report["spark_cold_start"] = spark_cold_start(master, event_log_dir, settings)
        report["spark_conf"] = {
            k: v
            for k, v in spark.sparkContext.getConf().getAll()
            if k.startswith(("spark.sql.", "spark.driver.memory", "spark.master"))
        }
        save()

        survey_dir = workdir / "survey"
        with PeakMemory() as mem:
            survey = survey_bench.run(responses, survey_dir, master=master, increment_rows=increment_rows)
        survey["peak_rss_mib"] = round(mem.peak / 2**20)
        report["survey"] = survey
        save()
        survey_root = str(survey_dir / "lake")

        with stage(report.setdefault("comparison", {}), "spark_vs_duckdb") as rec:
            rec.update(spark_vs_duckdb(spark, survey_root))
        save()

        from bench import anchors

        csv = survey_dir / "export" / "survey.csv"
        report["anchors"] = {
            "spark_sql_parquet": anchors.spark_sql(spark, csv, workdir / "anchors" / "spark"),
            "duckdb": anchors.duckdb(csv, workdir / "anchors" / "duckdb"),
        }
        pipeline = survey.get("end_to_end_seconds")
        anchor = report["anchors"]["spark_sql_parquet"]["seconds"]
        report["anchors"]["pipeline_over_spark_sql"] = round(pipeline / anchor, 2) if pipeline and anchor else None
        save()

        report["dashboard"] = dashboard_bench.run(survey_root, dashboard_repeat, browser=browser)
        save()

        if engine:
            from bench import engine_bench
            from lake.spark import SparkSettings

            with PeakMemory() as mem:
                report["engine"] = engine_bench.run(
                    settings or SparkSettings(), Path(survey_root), workdir / "engine", rows=increment_rows
                )
            report["engine"]["peak_rss_mib"] = round(mem.peak / 2**20)
            save()

        if operator:  # a fresh `lakehouse survey ingest` process on a copy of the bench lake
            from bench import operator_bench

            report["operator"] = operator_bench.run(Path(survey_root), increment_rows, workdir=workdir / "operator")
            save()

        if articles > 0:
            from bench import news_bench  # imports the extractor (spaCy), only when news is measured

            with stage(report, "news", articles) as rec:
                rec.update(news_bench.run(articles, workdir / "news"))
            save()

    report["peak_rss_mib_overall"] = round(total_mem.peak / 2**20)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["targets_met"] = _targets_met(report)
    save()
    return report


def _targets_met(report: dict) -> dict:
    survey, dash = report.get("survey", {}), report.get("dashboard", {})
    p95 = dash.get("p95_ms_worst_query", dash.get("p95_ms"))
    engine = report.get("engine", {})
    ratio = report.get("anchors", {}).get("pipeline_over_spark_sql")
    warm = engine.get("ingest_warm", {}).get("wall_seconds")
    demo = engine.get("demo_warm", {}).get("wall_seconds")
    peak = report.get("peak_rss_mib_overall")
    return {
        "pipeline_over_spark_sql_anchor": ratio is not None and ratio <= TARGETS["pipeline_over_spark_sql_anchor"],
        "ingest_10k_warm_s": warm is not None and warm < TARGETS["ingest_10k_warm_s"],
        "demo_warm_s": demo is not None and demo < TARGETS["demo_warm_s"],
        "peak_rss_gib": peak is not None and peak / 1024 < TARGETS["peak_rss_gib"],
        "survey_end_to_end_s": survey.get("end_to_end_seconds") is not None
        and survey["end_to_end_seconds"] <= TARGETS["survey_end_to_end_s"],
        "increment_s": survey.get("increment_seconds") is not None
        and survey["increment_seconds"] <= TARGETS["increment_s"],
        "dashboard_p95_ms": p95 is not None and p95 <= TARGETS["dashboard_p95_ms"],
        "modelled_s": survey.get("modelled_seconds") is not None
        and survey["modelled_seconds"] <= TARGETS["modelled_s"],
        "secondary_suppression_share": survey.get("secondary_suppression", {}).get("share_of_silver_to_gold")
        is not None
        and survey["secondary_suppression"]["share_of_silver_to_gold"] <= TARGETS["secondary_suppression_share"],
        "news_articles_per_s": report.get("news", {}).get("extract_articles_per_s") is not None
        and report["news"]["extract_articles_per_s"] >= TARGETS["news_articles_per_s"],
    }


def format_table(report: dict) -> str:
    """A plain-text table of every stage for the terminal."""
    lines = [f"{'stage':<34} {'seconds':>9} {'rows':>10} {'rows/s':>10} {'peak MiB':>9}"]

    def row(name: str, rec: dict) -> None:
        rps = rec.get("rows_per_s")
        lines.append(
            f"{name:<34} {rec.get('seconds', float('nan')):>9.2f} {rec.get('rows') or 0:>10} "
            f"{(rps or 0):>10} {rec.get('peak_rss_mib', 0):>9}"
        )

    cold = report.get("spark_cold_start", {})
    if cold:
        row("spark cold start (session+1st job)", cold)
    for name, rec in report.get("survey", {}).get("stages", {}).items():
        row(f"survey {name}", rec)
    s = report.get("survey", {})
    if s:
        lines.append(
            f"{'survey end to end (to gold)':<34} {s.get('end_to_end_seconds', 0):>9.2f} {s.get('responses', 0):>10}"
        )
        lines.append(
            f"{'survey increment (late wave)':<34} {s.get('increment_seconds', 0):>9.2f}"
            f" {s.get('increment_rows', 0):>10}"
        )
    news = report.get("news")
    if news:
        row("news extract -> delta (total)", news)
    comp = report.get("comparison", {}).get("spark_vs_duckdb")
    if comp:
        lines.append(
            f"gold aggregation wave x land: Spark {comp['spark_seconds_median']:.3f} s, "
            f"DuckDB {comp['duckdb_seconds_median']:.3f} s, ratio {comp['spark_over_duckdb']}x "
            f"(results agree: {comp['results_agree']})"
        )
    anchors = report.get("anchors")
    if anchors:
        lines.append(
            f"anchors, same CSV -> gold: plain Spark SQL (parquet) {anchors['spark_sql_parquet']['seconds']} s, "
            f"DuckDB {anchors['duckdb']['seconds']} s; pipeline / Spark SQL = "
            f"{anchors['pipeline_over_spark_sql']}x"
        )
    if report.get("engine"):
        from bench.engine_bench import format_table as engine_table

        lines.append(engine_table(report["engine"]))
    if report.get("operator"):
        from bench.operator_bench import format_table as operator_table

        lines.append(operator_table(report["operator"]))
    dash = report.get("dashboard", {})
    for name, rec in dash.get("queries", {}).items():
        lines.append(f"dashboard {name:<24} p50 {rec['p50_ms']:>7.1f} ms  p95 {rec['p95_ms']:>7.1f} ms")
    for name, rec in dash.get("browser", {}).get("pages", {}).items():
        if "error" in rec:
            lines.append(f"first render /{name:<22} FAILED: {rec['error']}")
            continue
        lines.append(f"first render /{name:<22} median {rec['median_s']:>5.2f} s  runs {rec['first_render_s']}")
    if "targets_met" in report:
        lines.append(f"targets met: {report['targets_met']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(description="Lakehouse benchmark (see BENCHMARKS.md)")
    p.add_argument("--responses", type=int, default=1_000_000)
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--out", type=Path, default=Path("bench-results.json"))
    p.add_argument("--workdir", type=Path, default=Path("/tmp/lakehouse-bench"))
    p.add_argument("--master", default=None)
    p.add_argument("--browser", action="store_true", help="also time every dashboard page's first render in Chromium")
    p.add_argument(
        "--operator",
        action="store_true",
        help="also time `lakehouse survey ingest` of the late wave (--increment-rows) in a fresh process",
    )
    p.add_argument("--no-engine", action="store_true", help="skip the warm-engine section")
    p.add_argument(
        "--increment-rows",
        type=int,
        default=INCREMENT_ROWS,
        help="rows of the late wave (survey increment, --operator and engine ingests)",
    )
    p.add_argument(
        "--dashboard-repeat", type=int, default=DASHBOARD_REPEAT, help="runs of each dashboard query (p50/p95)"
    )
    a = p.parse_args(argv)
    report = run(
        a.responses,
        a.articles,
        a.workdir,
        a.out,
        a.master,
        browser=a.browser,
        operator=a.operator,
        engine=not a.no_engine,
        increment_rows=a.increment_rows,
        dashboard_repeat=a.dashboard_repeat,
    )
    print(format_table(report))
    print(f"JSON written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
