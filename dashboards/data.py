"""Cached access to the dashboard queries: one read-only connection, results keyed by Delta version.

`run("adoption_headline")` looks up the current Delta version of every table the query reads (a
directory listing of `_delta_log`, no query) and returns the cached result for exactly those
versions: a new lake version changes the key, so the next rerun reads fresh data without a
restart, and old entries age out of the bounded cache.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Any

import pandas as pd
import streamlit as st

from dashboards import queries
from lake import catalog, delta_log
from lake.config import LakeConfig
from lake.query import LakeQuery


class MissingTable(LookupError):
    """A table the query reads has no Delta version yet."""

    def __init__(self, table: str) -> None:
        super().__init__(table)
        self.table = table


@st.cache_resource(show_spinner=False)
def _lake(root: str) -> LakeQuery:
    return LakeQuery(LakeConfig.from_env(root))


def root() -> str:
    return LakeConfig.from_env().root


def lake() -> LakeQuery:
    """The cached read-only connection for the configured lake root."""
    return _lake(root())


REMOTE_REFRESH_S = 60


def table_version(table: str) -> int | None:
    """Latest Delta version, None when the table is missing. A local log is listed on every run;
    an object-store log (one LIST request each) at most once a minute per table."""
    q = lake()
    if q.config.is_local:
        return q.version(table)
    return _remote_version(q.config.root, table)


@st.cache_data(show_spinner=False, ttl=REMOTE_REFRESH_S)
def _remote_version(root_: str, table: str) -> int | None:
    return _lake(root_).version(table)


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached(
    root_: str, name: str, versions: tuple[tuple[str, int], ...], params: tuple[tuple[str, Any], ...]
) -> pd.DataFrame:
    return queries.QUERIES[name](_lake(root_), dict(versions), **dict(params))


def run(name: str, **params: Any) -> pd.DataFrame:
    """Result of query ``name`` for the current versions of its tables (raises MissingTable)."""
    versions = []
    for table in queries.TABLES_READ[name]:
        version = table_version(table)
        if version is None:
            if (
                name == "news_by_topic"
                and params.get("land") is not None
                and table != queries.catalog.GOLD_NEWS_ACTIVITY
            ):
                continue
            raise MissingTable(table)
        versions.append((table, version))
    return _cached(root(), name, tuple(versions), tuple(sorted(params.items())))


def try_run(name: str, **params: Any) -> pd.DataFrame | None:
    """Like `run`, but None when a table is missing (the page says so)."""
    try:
        return run(name, **params)
    except MissingTable:
        return None


def freshness() -> pd.DataFrame:
    """Per shown table: Delta version, row count, time of the last commit (UTC)."""
    rows = []
    q = lake()
    for table in queries.SHOWN_TABLES:
        version = table_version(table)
        count = written = None
        if version is not None:
            count = int(_cached_rows(root(), table, version))
            written = delta_log.commit_time(q.table_path(table), version)
        rows.append({"table": table, "version": version, "rows": count, "updated": local_time(written)})
    return pd.DataFrame(rows)


TIMEZONE = "Europe/Berlin"


def local_time(when: dt.datetime | None) -> str | None:
    """A UTC time as the analyst reads it: Europe/Berlin, German order (`02.12.2026 06:07:08`)."""
    if when is None:
        return None
    from zoneinfo import ZoneInfo

    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(ZoneInfo(TIMEZONE)).strftime("%d.%m.%Y %H:%M:%S")


def reports() -> list[dict]:
    """Every stored report under ``<root>/reports/<wave>/<time>/`` (newest first): wave, time,
    the PDF and HTML paths; read from the manifests `lakehouse report` writes beside them."""
    config = LakeConfig.from_env()
    if not config.is_local:
        return []
    base = pathlib.Path(config.path("reports"))
    out = []
    for manifest in base.glob("*/*/manifest.json"):
        try:
            info = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        files = info.get("files") or {}
        pdf = manifest.parent / (files.get("pdf") or {}).get("name", "")
        html = manifest.parent / (files.get("html") or {}).get("name", "")
        created = None
        try:
            created = dt.datetime.fromisoformat(str(info.get("generated_at")))
        except ValueError:
            pass
        out.append(
            {
                "wave": str(info.get("wave") or manifest.parent.parent.name),
                "id": str(info.get("report_id", "")),
                "created": created,
                "pdf": pdf if pdf.is_file() else None,
                "html": html if html.is_file() else None,
            }
        )
    return sorted(out, key=lambda r: (r["created"] or dt.datetime.min.replace(tzinfo=dt.UTC)), reverse=True)


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_rows(root_: str, table: str, version: int) -> int:
    return int(queries.table_rows(_lake(root_), {table: version}, table)["n"].iloc[0])


# Written by `lakehouse geodata fetch` (transforms.geo); read here by path only (lake.catalog), no import.
GEODATA_META = catalog.GEODATA_META_FILE


def geodata() -> tuple[dict, dict] | None:
    """Cached district boundaries under the lake root: (GeoJSON, metadata), None when not fetched."""
    config = LakeConfig.from_env()
    if not config.is_local:
        return None
    path = pathlib.Path(catalog.geodata_path(config.root))
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _geodata(str(path), stamp)


@st.cache_data(show_spinner=False, max_entries=4)
def _geodata(path: str, stamp: int) -> tuple[dict, dict] | None:
    try:
        geo = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
        meta_path = pathlib.Path(path).with_name(GEODATA_META)
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    except (OSError, ValueError):
        return None
    if not isinstance(geo, dict) or not geo.get("features"):
        return None
    return geo, meta
