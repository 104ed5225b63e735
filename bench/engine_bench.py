"""Warm engine vs cold start, side by side in one bench run (issue: "a warm Spark engine").

1. the project's engine is started (`lake.engine`, a free port, its own state folder);
2. `lakehouse demo --no-serve` in a fresh process against it (sample data -> every asset);
3. `lakehouse survey ingest` of a 10,000-row wave into a copy of the bench lake against it (warm);
4. the engine is stopped; the same ingest again with `LAKEHOUSE_ENGINE=off` (cold: own JVM).

Wall time of each command, and peak memory of the whole tree (command + engine).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import INCREMENT_ROWS, operator_bench
from bench.measure import PeakMemory


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_run(workdir: Path, env: dict, engine_pid: int | None) -> dict:
    """`lakehouse demo --no-serve` on a fresh lake, landing folder and Dagster home."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    env = {
        **env,
        "LAKEHOUSE_ROOT": str(workdir / "lake"),
        "LAKEHOUSE_LANDING": str(workdir / "landing"),
        "DAGSTER_HOME": str(workdir / "dagster_home"),
        "LAKEHOUSE_LOG_LEVEL": "WARNING",
        "LAKEHOUSE_ENV": "dev",  # a scratch lake of sample data: the development salt (docs/configuration.md)
    }
    cli = Path(sys.executable).with_name("lakehouse")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(cli), "demo", "--no-serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    with PeakMemory(pid=proc.pid, also=(engine_pid,) if engine_pid else ()) as mem:
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"lakehouse demo failed (rc {proc.returncode}):\n{(out + err)[-3000:]}")
    return {
        "command": "lakehouse demo --no-serve",
        "wall_seconds": round(time.perf_counter() - t0, 1),
        "peak_rss_mib": round(mem.peak / 2**20),
        "output": out.strip().splitlines()[-3:],
    }


def run(settings, survey_lake: Path, workdir: Path, rows: int = INCREMENT_ROWS, demo: bool = True) -> dict:
    """Start an engine with ``settings``, time demo + warm ingest, stop it, time the cold ingest."""
    from lake import engine

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    settings = settings.with_conf(state_dir=workdir / "engine", engine_port=_free_port(), remote=None)
    report: dict = {}
    t0 = time.perf_counter()
    state, _ = engine.start(settings)
    report["engine_start_seconds"] = round(time.perf_counter() - t0, 1)
    base = {k: v for k, v in os.environ.items() if k not in ("SPARK_REMOTE", "LAKEHOUSE_ENGINE")}
    warm = {**base, "SPARK_REMOTE": state.url}
    try:
        if demo:
            report["demo_warm"] = demo_run(workdir / "demo", warm, state.pid)
        report["ingest_warm"] = operator_bench.run(
            survey_lake,
            rows=rows,
            workdir=workdir / "warm",
            extra_env={"SPARK_REMOTE": state.url},
            engine_pid=state.pid,
        )
    finally:
        engine.stop(settings)
    report["ingest_cold"] = operator_bench.run(
        survey_lake, rows=rows, workdir=workdir / "cold", extra_env={"LAKEHOUSE_ENGINE": "off"}
    )
    return report


def format_table(report: dict) -> str:
    lines = [f"engine start {report.get('engine_start_seconds')} s"]
    if "demo_warm" in report:
        d = report["demo_warm"]
        lines.append(f"lakehouse demo (warm engine)       {d['wall_seconds']:>7.1f} s  peak {d['peak_rss_mib']} MiB")
    for key, label in (("ingest_warm", "warm engine"), ("ingest_cold", "cold, no engine")):
        if key in report:
            r = report[key]
            lines.append(
                f"survey ingest {r['rows']} rows ({label:<15}) {r['wall_seconds']:>7.1f} s  "
                f"peak {r['peak_rss_mib']} MiB"
            )
    return "\n".join(lines)
