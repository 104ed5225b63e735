"""Measuring helpers for `lakehouse bench`: wall time and peak memory of the whole process tree.

Peak memory is the resident set size of this Python process *plus all its descendants* (the
Spark driver JVM, Python workers), sampled every 0.2 s with psutil, so a stage's number covers the
JVM heap actually touched, not just Python objects.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psutil


def tree_rss_bytes(pid: int | None = None) -> int:
    """RSS of ``pid`` (default: this process) and every descendant."""
    try:
        proc = psutil.Process(pid or os.getpid())
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


class PeakMemory:
    """Context manager sampling a process tree's RSS in a thread (default: this process); ``peak`` in bytes."""

    def __init__(self, interval: float = 0.2, pid: int | None = None, also: tuple[int, ...] = ()) -> None:
        """``also``: more process trees counted into the same sum (the warm engine's)."""
        self.interval, self.peak, self.pid, self.also = interval, 0, pid, tuple(also)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> int:
        return tree_rss_bytes(self.pid) + sum(tree_rss_bytes(p) for p in self.also)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


@contextmanager
def stage(stages: dict, name: str, rows: int = 0) -> Iterator[dict]:
    """Time a block and record ``seconds``, ``rows``, ``rows_per_s``, ``peak_rss_mib`` under ``name``."""
    record: dict = {}
    with PeakMemory() as mem:
        t0 = time.perf_counter()
        yield record
        seconds = time.perf_counter() - t0
    record.update(
        {
            "seconds": round(seconds, 3),
            "rows": rows,
            "rows_per_s": round(rows / seconds) if rows and seconds > 0 else None,
            "peak_rss_mib": round(mem.peak / 2**20),
        }
    )
    stages[name] = record


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def latency(fn: Callable[[], object], repeat: int, warmup: int = 2) -> dict:
    """Call ``fn`` ``warmup`` + ``repeat`` times; p50/p95/max of the timed calls in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "calls": repeat,
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "max_ms": round(max(times), 2),
        "mean_ms": round(statistics.fmean(times), 2),
    }
