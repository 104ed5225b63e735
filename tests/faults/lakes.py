"""Helpers shared by the crash and concurrency tests: run the CLI in a subprocess, snapshot a lake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lake.config import PROJECT_ROOT

VOLATILE = {"_ingested_at", "_batch_id", "batch_id", "processed_at", "_processed_at"}
SALT = "fault-tests-salt"


def cli_env(lake: Path, dagster_home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LAKEHOUSE_ROOT=str(lake),
        DAGSTER_HOME=str(dagster_home),
        LAKEHOUSE_PII_SALT=SALT,
        LAKEHOUSE_SPARK_DRIVER_MEMORY="1g",
        LAKEHOUSE_SHUFFLE_PARTITIONS="2",
        SPARK_MASTER="local[2]",
        LAKEHOUSE_SPARK_LOG_LEVEL="ERROR",
        PYTHONPATH=str(PROJECT_ROOT),
        PYSPARK_PYTHON=sys.executable,
    )
    env.update(extra)
    return env


def start_cli(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """`python -m tests.faults.crash_runner <args>` in its own process group (killable as a whole)."""
    fh = log.open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.crash_runner", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=fh,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def run_cli(args: list[str], env: dict[str, str], log: Path, timeout: float = 600) -> None:
    proc = start_cli(args, env, log)
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()
        raise AssertionError(f"{args} did not finish in {timeout}s; log {log}") from None
    assert code == 0, f"{args} exited {code}:\n{log.read_text(errors='replace')[-4000:]}"


def run_in_session(spark, lake: Path, exports: list[Path]) -> None:
    """What `crash_runner pipeline` runs, in the test's own warm session: for the starting and
    reference lakes, where the process is not what is under test (a cold CLI process costs
    ~80 s on two cores, nearly all JVM warm-up)."""
    from lake.config import LakeConfig
    from transforms.survey import jobs

    config = LakeConfig.from_env(str(lake))
    jobs.ingest_bronze(spark, config, [str(p) for p in exports], SALT)
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)


def tables(lake: Path) -> list[str]:
    """Every Delta table under the lake root, as ``layer/name``."""
    return sorted(f"{p.parent.parent.name}/{p.parent.name}" for p in lake.glob("*/*/_delta_log") if p.is_dir())


def log_versions(table_dir: Path) -> list[int]:
    return sorted(int(p.stem) for p in (table_dir / "_delta_log").glob("*.json") if p.stem.isdigit())


def referenced_files(table_dir: Path) -> set[str]:
    """Data files any commit of the log adds (relative paths)."""
    out: set[str] = set()
    for p in (table_dir / "_delta_log").glob("*.json"):
        for line in p.read_text().splitlines():
            action = json.loads(line)
            if "add" in action:
                out.add(action["add"]["path"])
    return out


def orphan_files(table_dir: Path) -> list[str]:
    """Parquet files in the table folder that no commit references (left by an interrupted write)."""
    from urllib.parse import unquote

    refs = {unquote(r) for r in referenced_files(table_dir)}
    found = [str(p.relative_to(table_dir)) for p in table_dir.rglob("*.parquet") if "_delta_log" not in p.parts]
    return sorted(f for f in found if f not in refs)


def snapshot(spark, lake: Path) -> dict[str, list[tuple]]:
    """Every table's rows (volatile lineage columns dropped), sorted, as comparable tuples."""
    from lake import delta_io

    out = {}
    for table in tables(lake):
        df = delta_io.read(spark, str(lake / table))
        df = df.select(*sorted(c for c in df.columns if c not in VOLATILE))
        out[table] = sorted(tuple("" if v is None else str(v) for v in row) for row in df.collect())
    return out
