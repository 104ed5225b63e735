"""Crash safety (issue 9): SIGKILL in the middle of each layer's write leaves every table readable
at a valid Delta version (Spark and DuckDB), and re-running gives exactly the uninterrupted result.

How the kill lands mid-write: tests/faults/crash_runner.py runs the survey pipeline (what `lakehouse survey ingest` runs) with the
rows written to one table passed through a step that, once its partition's rows have been handed
to the Delta writer, signals and sleeps. The write's tasks are then running, its data files are
open in the table folder and no commit exists yet; the test SIGKILLs the whole process group
(driver, JVM and Python workers), as a power cut would. The rerun, like the starting and the
reference lake, runs in the test's own session: another process than the killed one.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from lake import catalog
from tests.faults import lakes
from tests.support.survey import write_small_export

pytestmark = pytest.mark.slow

FILE_A = [  # wave 2025-Q2
    *[
        f"a{i};2025-Q2;2025-05-{i + 1:02d};{ags};C;{10 + i};{ai};1;;1;a{i}@example.org;Kommentar {i}"
        for i, (ags, ai) in enumerate(
            [
                ("14612", "ja"),
                ("14713", "nein"),
                ("16053", "ja"),
                ("16051", "nein"),
                ("14511", "ja"),
                ("16063", "geplant"),
                ("14612", "ja"),
            ]
        )
    ],
]
FILE_B = [  # wave 2025-Q3, a resubmission of a1 for 2025-Q2, and two rejects
    *[
        f"b{i};2025-Q3;2025-08-{i + 1:02d};{ags};J;{20 + i};{ai};;1;2;;"
        for i, (ags, ai) in enumerate(
            [("14612", "yes"), ("14713", "no"), ("16053", "yes"), ("16051", "no"), ("14511", "yes"), ("16063", "yes")]
        )
    ],
    "a1;2025-Q2;2025-06-30;14713;C;11;ja;1;;1;;",
    "bad1;2025-Q3;2025-08-01;99999;C;5;ja;;;1;;",
    "bad2;2025-Q3;2025-08-01;14612;C;0;ja;;;1;;",
]
LAYERS = {
    "bronze append": catalog.BRONZE_SURVEY_RESPONSES,
    "silver MERGE": catalog.SILVER_SURVEY_RESPONSES,
    "gold overwrite": catalog.GOLD_AI_ADOPTION,
}


def _readable_everywhere(spark, lake: Path) -> dict[str, int]:
    """Every table opens in Spark and (contract tables) in DuckDB at the same, valid version."""
    from lake import delta_io
    from lake.config import LakeConfig
    from lake.query import LakeQuery

    query = LakeQuery(LakeConfig.from_env(str(lake)))
    counts = {}
    for table in lakes.tables(lake):
        n_spark = delta_io.read(spark, str(lake / table)).count()
        if table in catalog.TABLES:
            n_duck = int(query.sql(f"SELECT count(*) AS n FROM {query.scan(table)}")["n"][0])
            assert n_duck == n_spark, f"{table}: DuckDB sees {n_duck} rows, Spark {n_spark}"
        counts[table] = n_spark
    return counts


def test_sigkill_mid_write_of_each_layer_then_rerun_equals_uninterrupted(spark, tmp_path: Path) -> None:
    a = write_small_export(tmp_path / "export_2025-Q2.csv", FILE_A)
    b = write_small_export(tmp_path / "export_2025-Q3.csv", FILE_B)

    # The starting lake, the uninterrupted reference and the reruns need no process of their own:
    # they run in this (warm) session, a process other than the killed one, as a rerun would.
    base = tmp_path / "base"
    lakes.run_in_session(spark, base, [a])
    lakes_by_layer = {layer: tmp_path / f"lake-{i}" for i, layer in enumerate(LAYERS)}
    ref = tmp_path / "reference"
    for lake in [ref, *lakes_by_layer.values()]:
        shutil.copytree(base, lake)

    # Crash runs, all three at once (each waits at its own table).
    procs = {}
    for layer, lake in lakes_by_layer.items():
        env = lakes.cli_env(
            lake,
            tmp_path / f"dh-{lake.name}",
            FAULT_PAUSE_TABLE=str(lake / LAYERS[layer]),
            FAULT_PAUSE_MARKER=str(tmp_path / f"{lake.name}.paused"),
        )
        procs[layer] = lakes.start_cli(["pipeline", str(b)], env, tmp_path / f"{lake.name}.log")
    # Meanwhile: the uninterrupted reference run.
    lakes.run_in_session(spark, ref, [b])

    evidence = {}
    for layer, proc in procs.items():
        lake = lakes_by_layer[layer]
        table_dir = lake / LAYERS[layer]
        marker = tmp_path / f"{lake.name}.paused"
        deadline = time.monotonic() + 600
        while not marker.exists():
            assert proc.poll() is None, (
                f"{layer}: the run ended ({proc.returncode}) before reaching the write:\n"
                + (tmp_path / f"{lake.name}.log").read_text(errors="replace")[-3000:]
            )
            assert time.monotonic() < deadline, f"{layer}: never reached the write"
            time.sleep(0.2)
        time.sleep(1.0)  # let the other tasks of the write reach the same point
        versions_before = lakes.log_versions(table_dir) if table_dir.exists() else []
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        versions_after = lakes.log_versions(table_dir) if table_dir.exists() else []
        assert versions_after == versions_before, f"{layer}: a commit appeared after the kill"
        base_versions = lakes.log_versions(base / LAYERS[layer])
        assert versions_after == base_versions, f"{layer}: the interrupted write committed: {versions_after}"
        evidence[layer] = lakes.orphan_files(table_dir)
        # Every table still opens at its last committed version, in Spark and in DuckDB.
        _readable_everywhere(spark, lake)

    print("orphaned data files left by the killed writes (never referenced by the log):", evidence)

    # Rerun the same ingest; the result equals the uninterrupted run, table by table.
    expected = lakes.snapshot(spark, ref)
    assert catalog.GOLD_AI_ADOPTION in expected and expected[catalog.SILVER_SURVEY_RESPONSES]
    for layer, lake in lakes_by_layer.items():
        lakes.run_in_session(spark, lake, [b])
        _readable_everywhere(spark, lake)
        got = lakes.snapshot(spark, lake)
        assert sorted(got) == sorted(expected), f"{layer}: tables differ"
        for table in expected:
            assert got[table] == expected[table], f"after a crash in {layer}, rerun: {table} differs"
