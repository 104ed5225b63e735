"""The read-only DuckDB query layer: how dashboards and reports see the lake.

DuckDB reads Delta tables with the `delta` extension (shipped on PyPI as
``duckdb-extension-delta``, loaded from the package, no download). The connection is opened on an
empty database file in read-only mode, file access is confined to the lake root, the
configuration is locked, and only single SELECT statements with bound parameters are executed.
"""

from __future__ import annotations

import os
import pathlib
import threading
from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from lake import delta_log, sql
from lake.config import PROJECT_ROOT, LakeConfig


class ReadOnlyViolation(ValueError):
    """A statement that is not a single SELECT was handed to the read-only layer."""


def bundled_extension_path(name: str) -> pathlib.Path:
    """A DuckDB extension binary bundled by its PyPI wheel ``duckdb-extension-<name>``."""
    import importlib

    package = importlib.import_module(f"duckdb_extension_{name}")
    base = pathlib.Path(package.__file__ or "").parent / "extensions"
    wanted = base / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if wanted.exists():
        return wanted
    found = sorted(base.glob(f"*/{name}.duckdb_extension"))
    if not found:
        raise RuntimeError(f"no {name} extension in {base}; install duckdb-extension-{name}=={duckdb.__version__}")
    return found[-1]


def delta_extension_path() -> pathlib.Path:
    """The delta extension binary bundled by the ``duckdb-extension-delta`` wheel."""
    return bundled_extension_path("delta")


def httpfs_extension_path() -> pathlib.Path:
    """The httpfs extension (S3 reads) bundled by the ``duckdb-extension-httpfs`` wheel."""
    return bundled_extension_path("httpfs")


def _s3_secret_sql(env: dict[str, str] | None = None) -> str:
    """A temporary DuckDB S3 secret from the same variables Spark's S3A uses (see lake.spark.s3_conf).

    Credentials come from the environment only and exist only inside this connection.
    """
    env = dict(os.environ if env is None else env)
    parts = ["TYPE s3"]
    if env.get("AWS_ACCESS_KEY_ID"):
        parts += [
            f"KEY_ID {sql.literal(env['AWS_ACCESS_KEY_ID'])}",
            f"SECRET {sql.literal(env.get('AWS_SECRET_ACCESS_KEY', ''))}",
        ]
        if env.get("AWS_SESSION_TOKEN"):
            parts.append(f"SESSION_TOKEN {sql.literal(env['AWS_SESSION_TOKEN'])}")
    else:
        parts.append("PROVIDER credential_chain")
    parts.append(f"REGION {sql.literal(env.get('AWS_REGION') or env.get('AWS_DEFAULT_REGION') or 'us-east-1')}")
    endpoint = env.get("LAKEHOUSE_S3_ENDPOINT") or env.get("AWS_ENDPOINT_URL")
    if endpoint:
        host = endpoint.split("://", 1)[-1].rstrip("/")
        parts += [f"ENDPOINT {sql.literal(host)}", f"USE_SSL {str(endpoint.startswith('https://')).lower()}"]
    path_style = env.get("LAKEHOUSE_S3_PATH_STYLE", "true" if endpoint else "false").lower() == "true"
    parts.append(f"URL_STYLE {sql.literal('path' if path_style else 'vhost')}")
    return f"CREATE OR REPLACE TEMPORARY SECRET lake_s3 ({', '.join(parts)})"


def _empty_database_file(key: str) -> pathlib.Path:
    """An empty DuckDB file to open read-only (DuckDB cannot open :memory: read-only).

    One file per lake root: DuckDB shares one database instance per file within a process, and
    the instance's (locked) configuration confines file access to that root.
    """
    import hashlib

    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    path = PROJECT_ROOT / ".cache" / "duckdb" / f"readonly-{duckdb.__version__}-{digest}.duckdb"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        duckdb.connect(str(tmp)).close()
        tmp.replace(path)
    return path


_BASE_CONNECTIONS: dict[str, duckdb.DuckDBPyConnection] = {}
_BASE_LOCK = threading.Lock()


def _base_connection(config: LakeConfig, extra_allowed: Sequence[str]) -> duckdb.DuckDBPyConnection:
    """The process's configured read-only database for this lake root (created once)."""
    allowed = [config.root, *extra_allowed] if config.is_local else []
    key = "|".join([config.root, *extra_allowed])
    with _BASE_LOCK:
        con = _BASE_CONNECTIONS.get(key)
        if con is None:
            con = duckdb.connect(str(_empty_database_file(key)), read_only=True)
            con.execute(f"LOAD {sql.literal(str(delta_extension_path()))}")
            if config.root.startswith(("s3://", "s3a://")):
                con.execute(f"LOAD {sql.literal(str(httpfs_extension_path()))}")
                con.execute(_s3_secret_sql())
            if allowed:
                con.execute(f"SET allowed_directories=[{', '.join(sql.literal(a) for a in allowed)}]")
                con.execute("SET enable_external_access=false")
            con.execute("SET lock_configuration=true")
            _BASE_CONNECTIONS[key] = con
        return con


class LakeQuery:
    """Read-only SQL over the lake's Delta tables.

    ``scan("gold/ai_adoption")`` gives the FROM-clause for a table (optionally at a past
    ``version``); ``sql(query, params)`` runs one parameterised SELECT and returns a DataFrame.
    """

    def __init__(self, config: LakeConfig | None = None, extra_allowed: Sequence[str] = ()) -> None:
        self.config = config or LakeConfig.from_env()
        self._lock = threading.Lock()
        self._con = _base_connection(self.config, extra_allowed).cursor()

    def table_path(self, table: str) -> str:
        return self.config.table_path(table)

    def exists(self, table: str) -> bool:
        """True when the table has a Delta log (a committed version), local or in a bucket."""
        return delta_log.exists(self.table_path(table))

    def scan(self, table: str, version: int | None = None) -> str:
        """FROM-clause fragment reading a contract table, e.g. ``delta_scan('<root>/gold/x')``."""
        from lake.catalog import ALL_TABLES

        if table not in ALL_TABLES:
            raise KeyError(f"unknown lake table {table!r}")
        source = sql.literal(self.table_path(table))
        if version is None:
            return f"delta_scan({source})"
        return f"delta_scan({source}, version => {int(version)})"

    def sql(self, query: str, params: Sequence[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        """Run one SELECT (parameters bound, never formatted in) and return its rows."""
        statements = duckdb.extract_statements(query)
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise ReadOnlyViolation("only a single SELECT statement may run on the read-only lake connection")
        with self._lock:
            return self._con.execute(query, params or []).df()

    def version(self, table: str) -> int | None:
        """The latest Delta version of a table, read from its log (None when absent)."""
        return delta_log.current_version(self.table_path(table))

    def close(self) -> None:
        self._con.close()
