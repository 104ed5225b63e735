"""Progress of long CLI work: JSON lines when stderr is not a terminal, a live display on one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "from orchestration.cli import progress\n"
    "with progress.task('demo work', total=2) as t:\n"
    "    t.advance('first', rows=10)\n"
    "    t.advance('second')\n"
    "print('done')\n"
)


def _run(**env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "LAKEHOUSE_PROGRESS"}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env={**base, "PYTHONPATH": str(PROJECT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_off_a_terminal_progress_is_json_lines_on_stderr() -> None:
    proc = _run()
    assert proc.returncode == 0 and proc.stdout == "done\n"
    events = [json.loads(line) for line in proc.stderr.splitlines()]
    assert [e["event"] for e in events] == ["start", "step", "step", "end"]
    assert events[1]["step"] == "first" and events[1]["rows"] == 10 and events[1]["total"] == 2
    assert events[-1]["status"] == "ok" and all(e["task"] == "demo work" for e in events)


def test_progress_can_be_switched_off_or_forced_to_a_live_display() -> None:
    assert _run(LAKEHOUSE_PROGRESS="off").stderr == ""
    live = _run(LAKEHOUSE_PROGRESS="rich")
    assert live.returncode == 0 and live.stdout == "done\n"
    assert "{" not in live.stderr  # no JSON in the live display


def test_a_failure_is_reported_as_the_end_of_the_task() -> None:
    failing = SCRIPT.replace("    t.advance('second')\n", "    raise OSError(28, 'No space left on device')\n")
    proc = subprocess.run(
        [sys.executable, "-c", failing],
        env={**os.environ, "PYTHONPATH": str(PROJECT), "LAKEHOUSE_PROGRESS": "json"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    last = json.loads([line for line in proc.stderr.splitlines() if line.startswith("{")][-1])
    assert last == {**last, "event": "end", "status": "failed", "error": "OSError"}


def test_generate_survey_reports_rows_written_per_chunk(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k != "LAKEHOUSE_PROGRESS"}
    out = tmp_path / "s.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "generate", "survey", "--rows", "450000", "--out", str(out)],
        env={**base, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    events = [json.loads(line) for line in proc.stderr.splitlines() if line.startswith("{")]
    steps = [e for e in events if e["event"] == "step"]
    # the generator writes chunks of 200,000 rows: three steps, then the end with every row done
    assert [s["done"] for s in steps] == [0, 200_000, 400_000] and all(s["total"] == 450_000 for s in steps)
    assert events[-1]["event"] == "end" and events[-1]["done"] == 450_000 and events[-1]["status"] == "ok"
    assert "wrote 450000 rows" in proc.stdout
