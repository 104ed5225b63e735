"""What an operator waits for: `lakehouse survey ingest` of one 10,000-row wave, in a fresh process.

`lakehouse bench` times the pipeline functions inside one warm SparkSession. An operator (or the
landing sensor) instead starts a new process: Dagster loads the definitions, Spark starts cold,
the run materializes bronze -> silver -> gold and runs every asset check of those tables. This
module times exactly that, on a copy of an existing lake (the lake given is never changed), and
breaks the run down by Dagster step from the run's own event log.

    python -m bench.operator_bench <lake root> [--rows 10000] [--wave 2025-Q4] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import INCREMENT_ROWS
from bench.measure import PeakMemory
from lake import catalog

# Dagster names an asset's step after its key (`silver/survey_responses` -> `silver__survey_responses`);
# every other step of the run is an asset check.
ASSET_STEPS = {table.replace("/", "__") for table in catalog.TABLES}


def _step_breakdown(dagster_home: Path) -> dict:
    """Per-step seconds of the newest run in ``dagster_home`` (assets and checks apart)."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        runs = instance.get_runs(limit=1)
        if not runs:
            return {}
        record = instance.get_run_record_by_id(runs[0].run_id)
        stats = instance.get_run_step_stats(runs[0].run_id)
    steps = {s.step_key: round((s.end_time or 0) - (s.start_time or 0), 2) for s in stats if s.start_time}
    assets = {k: v for k, v in steps.items() if k in ASSET_STEPS}
    checks = {k: v for k, v in steps.items() if k not in ASSET_STEPS}
    return {
        "run_status": str(runs[0].status.value),
        "run_seconds": round(record.end_time - record.start_time, 1) if record.end_time and record.start_time else None,
        "asset_steps": assets,
        "check_steps": len(checks),
        "check_seconds_total": round(sum(checks.values()), 1),
        "slowest_checks": dict(sorted(checks.items(), key=lambda kv: -kv[1])[:3]),
    }


def run(
    lake_root: Path,
    rows: int = INCREMENT_ROWS,
    wave: str = "2025-Q4",
    seed: int = 4242,
    workdir: Path | None = None,
    extra_env: dict | None = None,
    engine_pid: int | None = None,
) -> dict:
    """Copy the lake, generate a ``rows``-row late file for ``wave`` and ingest it via the CLI.

    ``extra_env``: e.g. ``SPARK_REMOTE`` (warm engine) or ``LAKEHOUSE_ENGINE=off`` (cold);
    ``engine_pid``: the engine's process tree is counted into the peak memory.
    """
    from samples.survey_generator import generate_survey

    lake_root = Path(lake_root)
    if not (lake_root / "silver" / "survey_responses" / "_delta_log").is_dir():
        raise ValueError(f"{lake_root} has no silver/survey_responses: build a lake first (lakehouse bench)")
    scratch = Path(workdir or tempfile.mkdtemp(prefix="operator-bench-"))
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    lake, home, export = scratch / "lakeroot", scratch / "dagster_home", scratch / "late_wave.csv"
    shutil.copytree(lake_root, lake)
    home.mkdir()
    generate_survey(export, rows=rows, seed=seed, waves=[wave])

    env = {
        **os.environ,
        "LAKEHOUSE_ROOT": str(lake),
        "DAGSTER_HOME": str(home),
        "LAKEHOUSE_LANDING": str(scratch / "landing"),
        "LAKEHOUSE_LOG_LEVEL": "WARNING",
        "LAKEHOUSE_ENV": "dev",  # generated data: the development salt is fine (docs/configuration.md)
        **(extra_env or {}),
    }
    cli = Path(sys.executable).with_name("lakehouse")
    command = [str(cli), "survey", "ingest", str(export)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(pid=proc.pid, also=(engine_pid,) if engine_pid else ()) as mem:  # CLI, its JVM/workers
        _, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"lakehouse survey ingest failed (rc {proc.returncode}):\n{stderr[-3000:]}")
    return {
        "benchmark": "operator_survey_ingest",
        "command": f"lakehouse survey ingest <{rows:,}-row file> (fresh process, "
        + ("warm engine" if (extra_env or {}).get("SPARK_REMOTE") else "cold Spark")
        + ", with asset checks)",
        "rows": rows,
        "wave": wave,
        "wall_seconds": round(wall, 1),
        "peak_rss_mib": round(mem.peak / 2**20),
        "dagster": _step_breakdown(home),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def format_table(result: dict) -> str:
    d = result["dagster"]
    lines = [
        f"{result['command']}: {result['wall_seconds']} s wall, run {d.get('run_seconds')} s, "
        f"peak {result['peak_rss_mib']} MiB"
    ]
    lines += [f"  {step:32s} {sec:7.1f} s" for step, sec in d.get("asset_steps", {}).items()]
    lines.append(f"  {d.get('check_steps', 0)} asset checks          {d.get('check_seconds_total', 0):7.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("lake_root", type=Path)
    p.add_argument("--rows", type=int, default=INCREMENT_ROWS)
    p.add_argument("--wave", default="2025-Q4")
    p.add_argument("--workdir", type=Path, default=None, help="scratch folder (replaced); default a temp dir")
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    result = run(args.lake_root, args.rows, args.wave, workdir=args.workdir)
    print(format_table(result))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(f"JSON written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
