"""Delta Lake writes and reads through delta-spark: append, MERGE, overwrite, time travel.

Every write is one Delta commit, so a reader (Spark or DuckDB) always sees a whole version. Writers
that may race (two ingests) retry on Delta's optimistic-concurrency conflicts.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Callable, Mapping, Sequence, TypeVar

from pyspark.sql import DataFrame, SparkSession

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
    # create-or-merge (mode errorifexists on first use): another writer created the table between
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


def exists(spark: SparkSession, path: str) -> bool:
    """True when ``path`` holds a Delta table."""
    from delta.tables import DeltaTable

    return DeltaTable.isDeltaTable(spark, path)


def append(
    df: DataFrame, path: str, partition_by: Sequence[str] | None = None, options: Mapping[str, str] | None = None
) -> None:
    """Append rows as one commit (bronze). New columns are added to the schema, never dropped.

    ``options``: writer options, e.g. `delta.*` table properties set when the table is created.
    """
    writer = df.write.format("delta").mode("append").option("mergeSchema", "true").options(**(options or {}))
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
    writer = df.write.format("delta").mode("overwrite").option("overwriteSchema", "true")
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
    from delta.tables import DeltaTable

    def _run() -> None:
        if not exists(spark, path):
            writer = df.write.format("delta").mode("errorifexists").options(**(options or {}))
            if partition_by:
                writer = writer.partitionBy(*partition_by)
            writer.save(path)
            return
        on = " AND ".join(f"t.`{k}` <=> s.`{k}`" for k in keys)
        (
            DeltaTable.forPath(spark, path)
            .alias("t")
            .merge(df.alias("s"), on)
            .whenMatchedUpdateAll(condition=update_condition)
            .whenNotMatchedInsertAll()
            .execute()
        )

    with_conflict_retry(_run)


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
    if not exists(spark, path):
        return None
    return int(history(spark, path, limit=1).select("version").first()[0])


def history(spark: SparkSession, path: str, limit: int | None = None) -> DataFrame:
    """The table's commit history (version, timestamp, operation, metrics); ``limit``: the newest N only."""
    from delta.tables import DeltaTable

    table = DeltaTable.forPath(spark, path)
    return table.history(limit) if limit else table.history()
