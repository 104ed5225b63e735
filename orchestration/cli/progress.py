"""Progress of long CLI work: a live spinner with elapsed time on a terminal (rich), and one JSON
line per event when stderr is not a terminal (CI logs, supervisors), so logs stay machine-readable.

    with progress.task("survey ingest", total=3) as t:
        t.advance("bronze/survey_responses")

`LAKEHOUSE_PROGRESS=off` silences it, `=json` forces JSON lines, `=rich` forces the spinner.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


def mode() -> str:
    """`rich`, `json` or `off` (from `LAKEHOUSE_PROGRESS`, else by whether stderr is a terminal)."""
    forced = os.environ.get("LAKEHOUSE_PROGRESS", "").strip().lower()
    if forced in ("rich", "json", "off"):
        return forced
    try:
        return "rich" if sys.stderr.isatty() else "json"
    except (AttributeError, ValueError):
        return "json"


class Task:
    """One long piece of work with optional steps."""

    def __init__(self, name: str, total: int | None, how: str) -> None:
        self.name, self.total, self.how = name, total, how
        self.done = 0
        self.started = time.monotonic()
        self._progress = None
        self._task_id = None

    def _emit(self, event: str, **fields) -> None:
        if self.how != "json":
            return
        record = {"event": event, "task": self.name, "elapsed_s": round(time.monotonic() - self.started, 2), **fields}
        try:
            sys.stderr.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass

    def advance(self, step: str, n: int = 1, **fields) -> None:
        """Report that ``step`` is starting (the previous step is done)."""
        if self.how == "rich" and self._progress is not None:
            self._progress.update(self._task_id, completed=self.done, description=f"{self.name}: {step}")
        self._emit("step", step=step, done=self.done, total=self.total, **fields)
        self.done += n

    def note(self, **fields) -> None:
        self._emit("note", **fields)


@contextmanager
def task(name: str, total: int | None = None) -> Iterator[Task]:
    """A spinner/bar on a terminal, JSON lines elsewhere; the end (ok or failed) is reported too."""
    how = mode()
    t = Task(name, total, how)
    if how == "rich":
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn() if total else TextColumn(""),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        t._progress = progress
        with progress:
            t._task_id = progress.add_task(name, total=total)
            yield t
        return
    t._emit("start", total=total)
    try:
        yield t
    except BaseException as exc:
        t._emit("end", status="failed", error=type(exc).__name__)
        raise
    t._emit("end", status="ok", done=t.done)
