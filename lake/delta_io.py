"""Delta Lake writes and reads through Spark SQL and the DataFrame API: append, MERGE, overwrite,
time travel, history, OPTIMIZE / VACUUM / RESTORE.

No `DeltaTable` objects: the Delta Connect plugin is not on Maven Central, so a Spark Connect
client (the project's warm engine, `lake.engine`) has only SQL (``MERGE INTO``, ``DESCRIBE
HISTORY``, ...) and DataFrame writes. Using them for local sessions too keeps one code path.

Every write is one Delta commit, so a reader (Spark or DuckDB) always sees a whole version. Writers
that may race (two ingests) retry on Delta's optimistic-concurrency conflicts.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lake import delta_log, sql
from lake.config import is_uri

log = logging.getLogger(__name__)
T = TypeVar("T")

_CONFLICT_MARKERS = (
    "ConcurrentAppendException",
    "ConcurrentDeleteReadException",
    "ConcurrentDeleteDeleteException",
    "ConcurrentTransactionException",
    "MetadataChangedException",
    "ProtocolChangedException",
    "DELTA_CONCURRENT",
    # create-or-merge (mode "error" on first use): another writer created the table between
    # our existence check and our commit; the retry finds the table and merges into it.
    "DELTA_PATH_EXISTS",
)


def is_conflict(exc: BaseException) -> bool:
    """True for Delta's optimistic-concurrency conflicts, which are safe to retry."""
    text = f"{type(exc).__name__} {exc}"
    return any(marker in text for marker in _CONFLICT_MARKERS)


def with_conflict_retry(action: Callable[[], T], attempts: int = 5, base_delay: float = 0.5) -> T:
    """Run a Delta write, retrying with jittered backoff when another writer committed first."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except Exception as exc:  # py4j/pyspark wrap the JVM exception; match on its text
            if attempt == attempts or not is_conflict(exc):
                raise
            delay = base_delay * (2 ** (attempt - 1)) * (1 + random.random())
            log.warning("Delta write conflict (attempt %d/%d), retrying in %.1fs", attempt, attempts, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")


def table_ref(path: str) -> str:
    """The SQL name of a path-based Delta table: ``delta.`<path>` ``."""
    return "delta.`" + str(path).replace("`", "``") + "`"


def exists(spark: SparkSession, path: str) -> bool:
    """True when ``path`` holds a Delta table (a local one: its log has a commit; no Spark job)."""
    if not is_uri(str(path)):
        return bool(delta_log.versions(path))
    try:
        detail(spark, path)
        return True
    except Exception as exc:  # AnalysisException (classic) / its Connect twin: not a Delta table
        if "DELTA_MISSING_DELTA_TABLE" in str(exc) or "not a Delta table" in str(exc) or "PATH_NOT_FOUND" in str(exc):
            return False
        raise


def _first(df: DataFrame) -> Any:
    row = df.first()
    if row is None:
        raise RuntimeError("a Delta command returned no row")
    return row


def detail(spark: SparkSession, path: str) -> dict[str, Any]:
    """``DESCRIBE DETAIL``: numFiles, partitionColumns, sizeInBytes, ... of the current version."""
    return _first(spark.sql(f"DESCRIBE DETAIL {table_ref(path)}")).asDict()


def _temp_view(df: DataFrame) -> str:
    name = f"_lakehouse_src_{uuid.uuid4().hex}"
    df.createOrReplaceTempView(name)
    return name


def _ddl(t: Any) -> str:
    """A type's DDL with plain `string` everywhere (no collation), nested types included."""
    from pyspark.sql import types as T

    if isinstance(t, T.StringType):
        return "string"
    if isinstance(t, T.ArrayType):
        return f"array<{_ddl(t.elementType)}>"
    if isinstance(t, T.MapType):
        return f"map<{_ddl(t.keyType)},{_ddl(t.valueType)}>"
    if isinstance(t, T.StructType):
        return "struct<" + ",".join(f"`{f.name}`:{_ddl(f.dataType)}" for f in t.fields) + ">"
    return str(t.simpleString())


def plain_strings(df: DataFrame) -> DataFrame:
    """Over Spark Connect, string columns of frames built on the client (createDataFrame,
    mapInPandas schemas) reach the server as `string collate UTF8_BINARY`, which Delta then
    records and DuckDB's delta extension cannot read. Cast them to the default `string` there;
    a local session's frames are left as they are."""
    if not type(df).__module__.startswith("pyspark.sql.connect"):
        return df
    cols = []
    for f in df.schema.fields:
        ddl = _ddl(f.dataType)
        cols.append(F.col(f"`{f.name}`").cast(ddl).alias(f.name) if "string" in ddl else F.col(f"`{f.name}`"))
    return df.select(*cols)


def merge_sql(
    spark: SparkSession,
    df: DataFrame,
    path: str,
    on: str,
    update_condition: str | None = None,
    insert: bool = True,
) -> dict[str, int]:
    """``MERGE INTO`` the table at ``path`` (alias ``t``) from ``df`` (alias ``s``) on ``on``.

    Matched rows are replaced (``UPDATE SET *``) when ``update_condition`` holds (``"false"``:
    never), unmatched ones inserted. Returns MERGE's own counts (num_inserted_rows, ...), which
    the command reports anyway: no extra job to count what changed.
    """
    view = _temp_view(plain_strings(df))
    clauses = []
    if update_condition != "false":
        cond = f" AND ({update_condition})" if update_condition else ""
        clauses.append(f"WHEN MATCHED{cond} THEN UPDATE SET *")
    if insert:
        clauses.append("WHEN NOT MATCHED THEN INSERT *")
    try:
        row = spark.sql(f"MERGE INTO {table_ref(path)} AS t USING `{view}` AS s ON {on} {' '.join(clauses)}").first()
    finally:
        spark.catalog.dropTempView(view)
    return {k: int(v or 0) for k, v in (row.asDict() if row is not None else {}).items()}


def append(
    df: DataFrame, path: str, partition_by: Sequence[str] | None = None, options: Mapping[str, str] | None = None
) -> None:
    """Append rows as one commit (bronze). New columns are added to the schema, never dropped.

    ``options``: writer options, e.g. `delta.*` table properties set when the table is created.
    """
    writer = (
        plain_strings(df).write.format("delta").mode("append").option("mergeSchema", "true").options(**(options or {}))
    )
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    with_conflict_retry(lambda: writer.save(path))


def overwrite(
    df: DataFrame,
    path: str,
    partition_by: Sequence[str] | None = None,
    replace_where: str | None = None,
) -> None:
    """Replace the table (or the slice ``replace_where``) atomically in one commit (gold)."""
    writer = plain_strings(df).write.format("delta").mode("overwrite").option("overwriteSchema", "true")
    if replace_where:
        writer = writer.option("replaceWhere", replace_where).option("overwriteSchema", "false")
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    with_conflict_retry(lambda: writer.save(path))


def merge(
    spark: SparkSession,
    df: DataFrame,
    path: str,
    keys: Sequence[str],
    update_condition: str | None = None,
    partition_by: Sequence[str] | None = None,
    options: Mapping[str, str] | None = None,
) -> None:
    """Upsert ``df`` into the table at ``path`` by ``keys`` (silver).

    ``update_condition`` (SQL over ``t`` = target, ``s`` = source) decides whether a matched row
    is replaced, e.g. ``s.submitted_at > t.submitted_at``; rows that would not change anything are
    left alone, so re-running the same merge is a no-op. Creates the table on first use (with the
    writer ``options``, e.g. `delta.*` table properties).
    """

    def _run() -> None:
        if not exists(spark, path):
            # "error" = "errorifexists", the name Spark Connect knows
            writer = plain_strings(df).write.format("delta").mode("error").options(**(options or {}))
            if partition_by:
                writer = writer.partitionBy(*partition_by)
            writer.save(path)
            return
        on = " AND ".join(f"t.`{k}` <=> s.`{k}`" for k in keys)
        merge_sql(spark, df, path, on, update_condition)

    with_conflict_retry(_run)


def same_rows(new: DataFrame, stored: DataFrame, digits: int = 9) -> bool:
    """Whether ``new`` holds exactly the rows of ``stored`` (as a multiset, columns by name).

    Why: a partition run recomputes its slice; when the result is what the table already holds,
    committing it would only add a version (and break "a second run changes nothing"). Doubles
    are compared rounded to ``digits`` decimals, as a sum's order may differ between runs.
    """
    if sorted(f"{f.name}:{f.dataType.simpleString()}" for f in new.schema.fields) != sorted(
        f"{f.name}:{f.dataType.simpleString()}" for f in stored.schema.fields
    ):
        return False
    names = [f.name for f in new.schema.fields]

    def _norm(df: DataFrame) -> DataFrame:
        types = {f.name: f.dataType.simpleString() for f in df.schema.fields}
        return df.select(
            *[
                F.round(F.col(f"`{n}`"), digits).alias(n) if types[n] in ("double", "float") else F.col(f"`{n}`")
                for n in names
            ]
        )

    a, b = _norm(new), _norm(stored)
    if not any(f.dataType.simpleString().startswith("map<") for f in new.schema.fields):
        # A recomputed slice usually differs (new data): two aggregations without a shuffle say so,
        # and the two exceptAll (each a shuffle of both sides) run only when the fingerprints agree.
        if _fingerprint(a) != _fingerprint(b):
            return False
    return a.exceptAll(b).isEmpty() and b.exceptAll(a).isEmpty()


def _fingerprint(df: DataFrame) -> tuple:
    """Row count and the sum of the rows' 64-bit hashes: equal for equal multisets of rows.

    Doubles get `+ 0.0` first (-0.0 becomes 0.0, which compares equal but hashes differently); the
    sum runs in DECIMAL, where the 64-bit hashes of many rows cannot overflow.
    """
    types = {f.name: f.dataType.simpleString() for f in df.schema.fields}
    cols = [F.col(f"`{n}`") + F.lit(0.0) if t in ("double", "float") else F.col(f"`{n}`") for n, t in types.items()]
    row = df.agg(F.count(F.lit(1)), F.sum(F.xxhash64(*cols).cast("decimal(20,0)"))).first()
    return tuple(row) if row is not None else ()


def read(
    spark: SparkSession,
    path: str,
    version: int | None = None,
    timestamp: str | None = None,
) -> DataFrame:
    """Read the current version, or a past one by ``version`` or ``timestamp`` (time travel)."""
    reader = spark.read.format("delta")
    if version is not None:
        reader = reader.option("versionAsOf", version)
    elif timestamp is not None:
        reader = reader.option("timestampAsOf", timestamp)
    return reader.load(path)


def current_version(spark: SparkSession, path: str) -> int | None:
    """Latest committed version of the table, or None when there is no table yet."""
    if not is_uri(str(path)):
        return delta_log.current_version(path)  # the log's newest commit file, no Spark job
    if not exists(spark, path):
        return None
    return int(_first(history(spark, path, limit=1).select("version"))[0])


def history(spark: SparkSession, path: str, limit: int | None = None) -> DataFrame:
    """The table's commit history (version, timestamp, operation, metrics); ``limit``: the newest N only."""
    return spark.sql(f"DESCRIBE HISTORY {table_ref(path)}" + (f" LIMIT {int(limit)}" if limit else ""))


def last_operation_metrics(spark: SparkSession, path: str, operation: str | None = None) -> dict[str, int]:
    """The ``operationMetrics`` of the newest commit (of ``operation``): what the write itself
    counted (numOutputRows, numTargetRowsInserted, numDeletedFiles ...), without reading the table."""
    for op, metrics in history(spark, path, limit=5).select("operation", "operationMetrics").collect():
        if operation is None or op == operation:
            return {k: int(v) for k, v in (metrics or {}).items() if str(v).lstrip("-").isdigit()}
    return {}


def optimize(spark: SparkSession, path: str, zorder_by: Sequence[str] = ()) -> dict[str, int]:
    """``OPTIMIZE`` (compaction, Z-ordered by ``zorder_by``); returns files added / removed."""
    zorder = f" ZORDER BY ({', '.join(f'`{c}`' for c in zorder_by)})" if zorder_by else ""
    metrics = _first(
        spark.sql(f"OPTIMIZE {table_ref(path)}{zorder}").select("metrics.numFilesAdded", "metrics.numFilesRemoved")
    )
    return {"files_added": int(metrics[0] or 0), "files_removed": int(metrics[1] or 0)}


def vacuum(spark: SparkSession, path: str, retention_hours: float) -> int:
    """``VACUUM ... RETAIN n HOURS``; returns how many files it deleted (from its VACUUM END commit,
    `spark.databricks.delta.vacuum.logging.enabled`: no second listing of the table's folder)."""
    before = current_version(spark, path) or 0
    spark.sql(f"VACUUM {table_ref(path)} RETAIN {float(retention_hours)} HOURS").collect()
    newest = history(spark, path, limit=3).select("version", "operation", "operationMetrics").collect()
    for version, op, metrics in newest:
        if version > before and op == "VACUUM END":
            return int((metrics or {}).get("numDeletedFiles") or 0)
    return 0


def restore(spark: SparkSession, path: str, version: int | None = None, timestamp: str | None = None) -> None:
    """``RESTORE`` the table to a past version (or timestamp) as a new commit."""
    if (version is None) == (timestamp is None):
        raise ValueError("restore needs exactly one of version or timestamp")
    if version is not None:
        target = f"VERSION AS OF {int(version)}"
    else:
        target = f"TIMESTAMP AS OF {sql.literal(timestamp or '')}"
    spark.sql(f"RESTORE TABLE {table_ref(path)} TO {target}").collect()
