"""Which Delta version of each table a report reads: latest, as of a timestamp, or given explicitly.

Reproducibility rests on this: a report is rendered from fixed table versions, recorded in its
manifest, so the same figures come back after newer data has been merged. An as-of timestamp is
resolved from the commit timestamps of `lake.delta_log` (in-commit timestamps honoured), made
monotonic the way Delta itself does for time travel by timestamp.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re
from collections.abc import Iterable, Mapping

from lake import delta_log
from lake.config import LakeConfig

UTC = dt.UTC


class VersionError(ValueError):
    """A requested table version or as-of time cannot be resolved."""


def parse_as_of(text: str) -> dt.datetime:
    """`2025-10-01` (= the end of that day, UTC) or an ISO timestamp (naive = UTC)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = dt.date.fromisoformat(text)
        return dt.datetime.combine(day, dt.time(23, 59, 59, 999999), tzinfo=UTC)
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise VersionError(f"--as-of {text!r}: expected a date (YYYY-MM-DD) or an ISO timestamp") from exc
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _table_path(config: LakeConfig, table: str) -> str:
    return config.table_path(table)


def commit_timestamps(config: LakeConfig, table: str) -> dict[int, dt.datetime]:
    """Commit time of every version whose JSON commit file is still in the log (monotonic, UTC)."""
    return delta_log.commit_timestamps(_table_path(config, table))


def latest_version(config: LakeConfig, table: str) -> int | None:
    """Latest committed version, or None when the table does not exist."""
    return delta_log.current_version(_table_path(config, table))


def version_as_of(config: LakeConfig, table: str, as_of: dt.datetime) -> int | None:
    """Latest version committed at or before ``as_of``; None when the table did not exist yet."""
    stamps = commit_timestamps(config, table)
    if not stamps:
        return None
    eligible = [v for v, t in stamps.items() if t <= as_of]
    if not eligible:
        if min(stamps) > 0:  # older commit files were cleaned up: we cannot say what was there
            raise VersionError(
                f"{table}: the log no longer reaches back to {as_of.isoformat()} "
                f"(oldest commit file is version {min(stamps)}); pass explicit --versions instead"
            )
        return None
    return max(eligible)


def resolve_versions(
    config: LakeConfig,
    tables: Iterable[str],
    as_of: dt.datetime | None = None,
    explicit: Mapping[str, int | None] | None = None,
) -> dict[str, int | None]:
    """The version to read per table: explicit ones win, else as of a time, else the latest."""
    explicit = dict(explicit or {})
    out: dict[str, int | None] = {}
    for table in tables:
        if table in explicit:
            wanted = explicit[table]
            if wanted is not None:
                latest = latest_version(config, table)
                if latest is None or int(wanted) < 0 or int(wanted) > latest:
                    raise VersionError(f"{table}: version {wanted} does not exist (latest: {latest})")
                wanted = int(wanted)
            out[table] = wanted
        elif as_of is not None:
            out[table] = version_as_of(config, table, as_of)
        else:
            out[table] = latest_version(config, table)
    return out


def load_versions_arg(value: str) -> dict[str, int | None]:
    """`--versions`: a JSON object {table: version}, or a path to one, or to a report manifest."""
    text = value.strip()
    if not text.startswith("{"):
        path = pathlib.Path(text).expanduser()
        if not path.is_file():
            raise VersionError(f"--versions {value!r}: neither a JSON object nor an existing file")
        text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise VersionError(f"--versions: invalid JSON ({exc})") from exc
    if isinstance(data, dict) and isinstance(data.get("tables"), dict):  # a report manifest
        data = {t: (info.get("version") if isinstance(info, dict) else info) for t, info in data["tables"].items()}
    if not isinstance(data, dict):
        raise VersionError("--versions: expected a JSON object mapping table names to versions")
    out: dict[str, int | None] = {}
    for table, version in data.items():
        if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
            raise VersionError(f"--versions: version of {table!r} must be an integer or null")
        out[str(table)] = version
    return out
