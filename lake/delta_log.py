"""The one reader of Delta transaction logs: versions, commit times and history, without Spark.

Dashboards (Datenstand), the freshness checks and the report's version pinning all need "which
version is current and when was it written"; they read it here, so they agree. The commit time of
a version is `commitInfo.inCommitTimestamp` when the table has in-commit timestamps enabled
(delta.enableInCommitTimestamps: the writer's clock, recorded in the commit), else
`commitInfo.timestamp`, else the commit file's modification time, which is what Delta uses.

Pure file reading of `<table>/_delta_log/NNNNNNNNNNNNNNNNNNNN.json`: local lake roots (or
`file://` ones). Object-store roots are the callers' business (they either skip or ask DuckDB).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lake.config import is_uri

UTC = dt.timezone.utc
LOG_DIR = "_delta_log"


@dataclass(frozen=True)
class Commit:
    """One version of a Delta table as its commit file records it."""

    version: int
    timestamp: dt.datetime
    """Commit time (UTC): the in-commit timestamp when present, else commitInfo.timestamp or mtime."""
    in_commit_timestamp: bool = False
    operation: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    """`operationMetrics` (numOutputRows, numTargetRowsInserted, ...), values as Delta wrote them."""


def log_dir(table_path: str | Path) -> Path:
    """`<table>/_delta_log` of a local table path (`file://` accepted); ValueError for object stores."""
    text = str(table_path)
    if is_uri(text):
        raise ValueError(f"the Delta log reader needs a local table path, not {text!r}")
    return Path(text.removeprefix("file://")) / LOG_DIR


def exists(table_path: str | Path) -> bool:
    """True when the table has a transaction log."""
    return log_dir(table_path).is_dir()


def versions(table_path: str | Path) -> list[int]:
    """The versions whose JSON commit file is still in the log, ascending (empty when absent)."""
    directory = log_dir(table_path)
    if not directory.is_dir():
        return []
    return sorted(int(p.stem) for p in directory.glob("*.json") if p.stem.isdigit())


def current_version(table_path: str | Path) -> int | None:
    """The latest committed version, None when the table does not exist."""
    found = versions(table_path)
    return found[-1] if found else None


def _commit_file(table_path: str | Path, version: int) -> Path:
    return log_dir(table_path) / f"{version:020d}.json"


def _commit_info(path: Path) -> dict[str, Any] | None:
    """The `commitInfo` action of a commit file (the first line when in-commit timestamps are on)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            if line.startswith('{"commitInfo"') or '"commitInfo"' in line[:40]:
                info = json.loads(line).get("commitInfo")
                return info if isinstance(info, dict) else None
    return None


def _millis_to_utc(millis: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(millis / 1000, tz=UTC)


def read_commit(table_path: str | Path, version: int) -> Commit | None:
    """The commit of one version, None when its commit file is gone (cleaned up) or unreadable."""
    path = _commit_file(table_path, version)
    try:
        info = _commit_info(path) or {}
        mtime_ms = path.stat().st_mtime * 1000
    except (OSError, ValueError):
        return None
    ict = info.get("inCommitTimestamp")
    millis = ict if ict is not None else info.get("timestamp")
    return Commit(
        version=version,
        timestamp=_millis_to_utc(float(millis if millis is not None else mtime_ms)),
        in_commit_timestamp=ict is not None,
        operation=info.get("operation"),
        parameters=dict(info.get("operationParameters") or {}),
        metrics=dict(info.get("operationMetrics") or {}),
    )


def commit_time(table_path: str | Path, version: int) -> dt.datetime | None:
    """When `version` was committed (UTC), None when unknown."""
    commit = read_commit(table_path, version)
    return commit.timestamp if commit else None


def last_commit_time(table_path: str | Path) -> dt.datetime | None:
    """When the current version was committed (UTC), None for a missing table."""
    version = current_version(table_path)
    return None if version is None else commit_time(table_path, version)


def commit_timestamps(table_path: str | Path) -> dict[int, dt.datetime]:
    """Commit time of every version still in the log, made monotonic the way Delta does for time
    travel by timestamp (a commit never counts as earlier than the one before it)."""
    out: dict[int, dt.datetime] = {}
    previous: dt.datetime | None = None
    for version in versions(table_path):
        stamp = commit_time(table_path, version)
        if stamp is None:
            continue
        if previous is not None and stamp <= previous:
            stamp = previous + dt.timedelta(milliseconds=1)
        out[version] = previous = stamp
    return out


def history(table_path: str | Path, limit: int | None = None) -> list[Commit]:
    """The commits still in the log, newest first (`limit` of them), like `DESCRIBE HISTORY`."""
    found = versions(table_path)[::-1]
    if limit is not None:
        found = found[:limit]
    return [c for c in (read_commit(table_path, v) for v in found) if c is not None]
