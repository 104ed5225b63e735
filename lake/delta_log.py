"""The one reader of Delta transaction logs: versions, commit times and history, without Spark.

Dashboards (Datenstand), the freshness checks and the report's version pinning all need "which
version is current and when was it written"; they read it here, so they agree. The commit time of
a version is `commitInfo.inCommitTimestamp` when the table has in-commit timestamps enabled
(delta.enableInCommitTimestamps: the writer's clock, recorded in the commit), else
`commitInfo.timestamp`, else the commit file's modification time, which is what Delta uses.

Pure file reading of `<table>/_delta_log/NNNNNNNNNNNNNNNNNNNN.json`, through `lake.storage`:
local roots (or `file://` ones) and `s3://` roots alike.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lake.storage import LakeFiles, lake_files

UTC = dt.UTC
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


def log_dir(table_path: str | Path) -> LakeFiles:
    """`<table>/_delta_log` of a table path: a local folder (`file://` accepted) or an `s3://` URI."""
    return lake_files(str(table_path)).child(LOG_DIR)


def exists(table_path: str | Path) -> bool:
    """True when the table has a transaction log with at least one commit."""
    return bool(versions(table_path))


def versions(table_path: str | Path) -> list[int]:
    """The versions whose JSON commit file is still in the log, ascending (empty when absent)."""
    names = (info.base_name.removesuffix(".json") for info in log_dir(table_path).list(".json"))
    return sorted(int(n) for n in names if n.isdigit())


def current_version(table_path: str | Path) -> int | None:
    """The latest committed version, None when the table does not exist."""
    found = versions(table_path)
    return found[-1] if found else None


def _commit_info(text: str) -> dict[str, Any] | None:
    """The `commitInfo` action of a commit file (the first line when in-commit timestamps are on)."""
    for line in text.splitlines():
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
    directory = log_dir(table_path)
    name = f"{version:020d}.json"
    try:
        info = _commit_info(directory.read_text(name)) or {}
        mtime = directory.filesystem.get_file_info(f"{directory.path}/{name}").mtime
        mtime_ms = mtime.timestamp() * 1000 if mtime else 0.0
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


class CorruptLogError(ValueError):
    """A commit file of a table's transaction log is not whole (truncated or not JSON)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"{path} is damaged: {reason}")


def _checkpoint_version(directory: LakeFiles) -> int:
    """The version of `_last_checkpoint` (-1 without one): commits up to it are not replayed."""
    try:
        return int(json.loads(directory.read_text("_last_checkpoint")).get("version", -1))
    except (OSError, ValueError, AttributeError):
        return -1


def verify(table_path: str | Path) -> None:
    """Raise `CorruptLogError` unless every commit a reader replays is whole.

    A reader replays the commits after the last checkpoint; each of them must be one JSON object
    per line, and the versions must be contiguous. Checked before a run writes anything, so that
    a damaged table stops the run before any other table has moved on (docs/guarantees.md).
    """
    directory = log_dir(table_path)
    found = versions(table_path)
    if not found:
        return
    start = _checkpoint_version(directory)
    replayed = [v for v in found if v > start]
    expected = list(range(replayed[0], replayed[0] + len(replayed))) if replayed else []
    if replayed != expected:
        missing = sorted(set(expected) - set(replayed))[:1] or [replayed[-1]]
        raise CorruptLogError(
            f"{directory.path}/{missing[0]:020d}.json", "versions not contiguous (DELTA_VERSIONS_NOT_CONTIGUOUS)"
        )
    for version in replayed:
        name = f"{version:020d}.json"
        where = f"{directory.path}/{name}"
        try:
            text = directory.read_text(name)
        except OSError as exc:
            raise CorruptLogError(where, f"cannot be read ({exc})") from None
        except UnicodeDecodeError:
            raise CorruptLogError(where, "not UTF-8: truncated or overwritten commit (JsonParseException)") from None
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                action = json.loads(line)
            except ValueError:
                raise CorruptLogError(
                    where, f"line {number} is not JSON: truncated commit (JsonParseException)"
                ) from None
            if not isinstance(action, dict):
                raise CorruptLogError(where, f"line {number} is not a Delta action (JsonParseException)")
