"""Concurrency (issue 9): two ingests of different files at the same time, while the dashboards'
read layer keeps reading, lose nothing and block no reader.

Both ingests write the same tables (bronze append, silver MERGE into the same wave, rejects,
ingest log, gold); Delta's optimistic concurrency makes one of two conflicting commits fail and
`lake.delta_io.with_conflict_retry` re-runs it (docs/guarantees.md). The end state must equal a
sequential run of the same files.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from lake import catalog
from tests.faults import lakes
from tests.support.survey import write_small_export

pytestmark = pytest.mark.slow


def _rows(prefix: str, wave: str, month: str) -> list[str]:
    spec = [
        ("14612", "ja"),
        ("14713", "nein"),
        ("16053", "ja"),
        ("16051", "nein"),
        ("14511", "ja"),
        ("16063", "geplant"),
        ("14612", "nein"),
        ("16070", "ja"),
    ]
    rows = [
        f"{prefix}{i};{wave};2025-{month}-{i + 1:02d};{ags};C;{5 + 7 * i};{ai};1;;{1 + i % 3};;"
        for i, (ags, ai) in enumerate(spec)
    ]
    return rows + [f"{prefix}bad;{wave};2025-{month}-01;99999;C;5;ja;;;1;;"]


class Reader(threading.Thread):
    """The dashboards' path: LakeQuery (read-only DuckDB) over silver and gold, in a loop."""

    def __init__(self, lake: Path) -> None:
        super().__init__(daemon=True)
        self.lake, self.stop, self.errors, self.latencies, self.silver_counts = lake, threading.Event(), [], [], []

    def run(self) -> None:
        from lake.config import LakeConfig
        from lake.query import LakeQuery

        q = LakeQuery(LakeConfig.from_env(str(self.lake)))
        while not self.stop.is_set():
            for table in (catalog.SILVER_SURVEY_RESPONSES, catalog.GOLD_AI_ADOPTION):
                started = time.monotonic()
                try:
                    n = int(q.sql(f"SELECT count(*) AS n FROM {q.scan(table)}")["n"][0])
                    if table == catalog.SILVER_SURVEY_RESPONSES:
                        self.silver_counts.append(n)
                except Exception as exc:  # any failed read is a finding
                    self.errors.append(f"{table}: {type(exc).__name__}: {exc}")
                self.latencies.append(time.monotonic() - started)
            time.sleep(0.05)


def test_two_ingests_at_once_while_the_dashboard_reads(spark, tmp_path: Path) -> None:
    a = write_small_export(tmp_path / "a_2025-Q2.csv", _rows("a", "2025-Q2", "05"))
    b = write_small_export(tmp_path / "b_2025-Q3.csv", _rows("b", "2025-Q3", "08"))
    c = write_small_export(tmp_path / "c_2025-Q3.csv", _rows("c", "2025-Q3", "09"))
    lake, ref = tmp_path / "lake", tmp_path / "reference"

    # The starting lake and the sequential reference need no process of their own: they run in
    # this (warm) session; the two concurrent ingests are separate CLI processes.
    lakes.run_in_session(spark, lake, [a])
    shutil.copytree(lake, ref)
    before = {t: lakes.log_versions(lake / t) for t in lakes.tables(lake)}

    reader = Reader(lake)
    reader.start()
    # Two ingests of different files into the same lake (and the same wave), at the same moment;
    # the reference lake gets the same two files in a single run, afterwards.
    env = lakes.cli_env(lake, tmp_path / "dh-lake")
    procs = {f.name: lakes.start_cli(["pipeline", str(f)], env, tmp_path / f"{f.name}.log") for f in (b, c)}
    for name, proc in procs.items():
        assert proc.wait(timeout=1200) == 0, (tmp_path / f"{name}.log").read_text()[-4000:]
    reader.stop.set()
    reader.join(timeout=60)
    lakes.run_in_session(spark, ref, [b, c])

    # No reader failed or waited on a writer; every read saw a whole version.
    assert not reader.errors, reader.errors[:5]
    assert len(reader.latencies) >= 10, "the reader did not run during the ingests"
    assert max(reader.latencies) < 30, f"a read took {max(reader.latencies):.1f}s"
    assert reader.silver_counts == sorted(reader.silver_counts), "a reader saw silver shrink"
    assert set(reader.silver_counts) <= {8, 16, 24}, f"a reader saw a partial MERGE: {set(reader.silver_counts)}"

    # Nothing lost: both files are in every layer, and the lake equals the sequential run.
    got, expected = lakes.snapshot(spark, lake), lakes.snapshot(spark, ref)
    silver_ids = {r for r in got[catalog.SILVER_SURVEY_RESPONSES]}
    assert len(silver_ids) == 24
    assert len(got[catalog.BRONZE_SURVEY_RESPONSES]) == 27
    assert sorted(got) == sorted(expected)
    for table in expected:
        assert got[table] == expected[table], f"{table} differs from the sequential run"
    retried = [t for t in lakes.tables(lake) if len(lakes.log_versions(lake / t)) > len(before.get(t, [])) + 2]
    print("tables with more than two new commits:", retried)
