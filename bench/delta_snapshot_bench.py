"""Cost of Delta's snapshot state reconstruction per commit, by `spark.databricks.delta.snapshotPartitions`.

The event log of `lakehouse bench` shows a 50-task stage each time a Delta table is read after a
new commit: Delta rebuilds the table state from its log with 50 partitions (its default), which
on 2 cores is 25 waves of near-empty tasks. This measures commit + first read of the new version,
alternating the setting in one session, so both see the same machine load.

``python -m bench.delta_snapshot_bench --commits 8``
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def run(commits: int = 8, settings: tuple[str, ...] = ("50", "4")) -> dict:
    from lake.spark import get_spark

    spark = get_spark(app_name="delta-snapshot-bench")
    work = Path(tempfile.mkdtemp(prefix="delta-snapshot-"))
    times: dict[str, list[float]] = {s: [] for s in settings}
    try:
        paths = {s: str(work / f"t{s}") for s in settings}
        for s in settings:
            spark.range(1000).write.format("delta").save(paths[s])
        for i in range(commits):
            for s in settings:  # interleaved: the same load for both settings
                spark.conf.set("spark.databricks.delta.snapshotPartitions", s)
                t0 = time.perf_counter()
                spark.range(i * 10, i * 10 + 10).write.format("delta").mode("append").save(paths[s])
                spark.read.format("delta").load(paths[s]).count()
                times[s].append(time.perf_counter() - t0)
                print(json.dumps({"commit": i, "snapshotPartitions": s, "seconds": round(times[s][-1], 3)}), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "benchmark": "delta_snapshot_partitions",
        "commits": commits,
        "median_seconds_per_commit_and_read": {s: round(statistics.median(v), 3) for s, v in times.items()},
        "all_seconds": {s: [round(x, 3) for x in v] for s, v in times.items()},
    }


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--commits", type=int, default=8)
    a = p.parse_args()
    print(json.dumps(run(a.commits), indent=1))
