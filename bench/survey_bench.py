"""Survey pipeline benchmark: N responses from CSV to all gold tables, then a 10,000-row wave merge.

After gold, `gold_modelled` times the modelled district table (gold/ai_adoption_modelled, every
wave: one Spark aggregation of silver plus the Fay–Herriot fits on the driver); target 10 s for
the 8 waves of the 1M-row lake.

``run(responses, workdir)`` returns per-stage wall time, rows/s and the peak resident memory of
this process plus its children (the Spark JVM), sampled every 0.2 s. Used by ``lakehouse bench``
and runnable alone: ``python -m bench.survey_bench --rows 1000000 --workdir /tmp/survey-bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import INCREMENT_ROWS
from bench.measure import PeakMemory, stage


def secondary_suppression_cost(spark, config) -> dict:
    """Seconds of the secondary-suppression pass (`disclosure.secondary_suppression`, every wave of
    gold/ai_adoption's cube) run alone on the unprotected cells, collected first (not timed).

    In the pipeline the same pass runs once per wave inside `applyInPandas`; timing it here, on
    one core, gives what it adds to silver -> gold (issue 15: at most 20 %) without a second
    pipeline that skips it.
    """
    from lake import catalog, delta_io
    from transforms.survey import disclosure, indicators

    silver = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_RESPONSES))
    districts = delta_io.read(spark, config.table_path(catalog.SILVER_DISTRICTS))
    cells = indicators.ai_adoption_cells(silver, indicators.ADOPTION_GROUPING_SETS, districts).toPandas()
    dims = list(indicators.ADOPTION_DIMENSIONS)
    t0 = time.process_time()
    kinds = [
        disclosure.secondary_suppression(g.reset_index(drop=True), dims, indicators.ADOPTION_HIERARCHIES)
        for _, g in cells.groupby("wave")
    ]
    seconds = time.process_time() - t0
    return {
        "seconds": round(seconds, 3),
        "cells": len(cells),
        "waves": len(kinds),
        "secondary": int(sum((k == disclosure.SECONDARY).sum() for k in kinds)),
        "primary": int(sum((k == disclosure.PRIMARY).sum() for k in kinds)),
    }


def run(
    responses: int,
    workdir: Path,
    seed: int = 42,
    master: str | None = None,
    increment_rows: int = INCREMENT_ROWS,
) -> dict:
    """Generate ``responses`` rows, ingest CSV -> bronze -> silver -> gold, then merge a late wave of
    ``increment_rows`` rows (10,000 for BENCHMARKS.md; fewer only to test the bench itself)."""
    from lake.config import LakeConfig
    from lake.spark import get_spark
    from samples.survey_generator import generate_survey
    from transforms.survey import jobs
    from transforms.survey.modelled_io import refresh_modelled

    workdir = Path(workdir)
    shutil.rmtree(workdir / "lake", ignore_errors=True)
    shutil.rmtree(workdir / "export", ignore_errors=True)
    export = workdir / "export" / "survey.csv"
    increment = workdir / "export" / "increment" / "survey_2025_q4_late.csv"
    config = LakeConfig.from_env(str(workdir / "lake"))
    stages: dict[str, dict] = {}

    with stage(stages, "generate_csv", responses):
        generate_survey(export, rows=responses, seed=seed)
    with stage(stages, "spark_start", 0):
        spark = get_spark(master=master, app_name="survey-bench")
    with PeakMemory() as total_mem:
        t_all = time.perf_counter()
        with stage(stages, "csv_to_bronze", responses):
            jobs.ingest_bronze(spark, config, [export], salt="bench")
        with stage(stages, "bronze_to_silver", responses):
            silver = jobs.refresh_silver(spark, config)
        with stage(stages, "silver_to_gold", silver["silver_rows"]):  # includes secondary suppression
            gold = jobs.refresh_gold(spark, config)
        end_to_end = time.perf_counter() - t_all
        with stage(stages, "gold_modelled", silver["silver_rows"]):
            modelled = refresh_modelled(spark, config)
        suppression = secondary_suppression_cost(spark, config)

        # A late file for the last wave: new respondents, merged into the existing silver table.
        generate_survey(increment, rows=increment_rows, seed=seed + 1, waves=["2025-Q4"])
        t_inc = time.perf_counter()
        with stage(stages, "increment_bronze", increment_rows):
            jobs.ingest_bronze(spark, config, [increment], salt="bench")
        with stage(stages, "increment_silver_merge", increment_rows):
            jobs.refresh_silver(spark, config)
        with stage(stages, "increment_gold", increment_rows):
            jobs.refresh_gold(spark, config)
        increment_total = time.perf_counter() - t_inc

    return {
        "benchmark": "survey_pipeline",
        "responses": responses,
        "end_to_end_seconds": round(end_to_end, 1),
        "end_to_end_rows_per_s": round(responses / end_to_end),
        "modelled_seconds": stages["gold_modelled"]["seconds"],
        "modelled_waves": modelled.get("waves", 0),
        "modelled_rows": modelled["rows_written"],
        # the disclosure step on its own: what secondary suppression adds to silver -> gold
        "secondary_suppression": {
            **suppression,
            "share_of_silver_to_gold": round(suppression["seconds"] / stages["silver_to_gold"]["seconds"], 3),
        },
        "increment_rows": increment_rows,
        "increment_seconds": round(increment_total, 1),
        "peak_rss_mib": round(total_mem.peak / 2**20),
        "silver_rows": silver["silver_rows"],
        # cells written and suppressed (primary + secondary) per gold table: the disclosure work done
        "gold_cells": {
            t: {k: r.get(k) for k in ("rows_written", "suppressed_cells_written", "secondary_suppressions_written")}
            for t, r in gold.items()
        },
        "stages": stages,
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "python": platform.python_version(),
            "spark_master": spark.sparkContext.master,
        },
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Survey pipeline benchmark")
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--workdir", type=Path, default=Path("/tmp/survey-bench"))
    p.add_argument("--master", default=None)
    a = p.parse_args(argv)
    print(json.dumps(run(a.rows, a.workdir, master=a.master), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
