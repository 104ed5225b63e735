"""Erasure on request (GDPR Art. 17) and retention of free text: personal data really leaves the lake.

- `erase_respondent`: Delta ``DELETE`` of one `response_id` (optionally of one wave) from every
  table that holds respondents' rows (bronze, silver responses, rejects), then ``VACUUM`` of
  exactly the files that held them (``USING INVENTORY``: older files that time travel needs stay),
  then the gold cells of the affected waves are recomputed from silver.
- `drop_old_comments`: ``UPDATE`` bronze rows ingested more than N days ago to ``comment = NULL``,
  then ``VACUUM`` of the rewritten files.

Only SQL (``DELETE FROM delta.`path```, ``VACUUM``) and DataFrames: no `DeltaTable` objects, so the
same code runs over Spark Connect. Spark binds no parameters in DELETE/UPDATE, so values go in as
escaped literals (`_literal`).

What stays: Delta's commit files and version checksums (``_delta_log/*.json``, ``*.crc``) of
versions before the erasure keep the per-file min/max statistics Delta recorded then; they hold
at most a 32-character prefix of a value that was a file's minimum or maximum. Delta removes them with its log clean-up
(``delta.logRetentionDuration``, 30 days by default, at the next checkpoint). Tables that hold
respondents are given `PERSONAL_STATS_PROPERTY` here so no personal column gets statistics again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lake import catalog, delta_io
from lake.config import LakeConfig

# Tables with one row per respondent (or per reject of one): where an erasure deletes.
RESPONDENT_TABLES: tuple[str, ...] = (
    catalog.BRONZE_SURVEY_RESPONSES,
    catalog.SILVER_SURVEY_RESPONSES,
    catalog.SILVER_SURVEY_REJECTS,
)
# Columns that identify a respondent or hold what they wrote: never in Delta's file statistics.
NO_STATS_COLUMNS: frozenset[str] = frozenset({"response_id", "contact_email", "comment", "_source_row"})
PERSONAL_STATS_PROPERTY = "delta.dataSkippingStatsColumns"


class PrivacyError(ValueError):
    """An erasure or retention request that cannot be carried out as asked."""


@dataclass
class TableErasure:
    table: str
    rows_deleted: int
    files_removed: int
    version_before: int | None
    version_after: int | None


@dataclass
class ErasureResult:
    response_id: str
    wave: str | None
    tables: list[TableErasure] = field(default_factory=list)
    gold_waves_recomputed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_deleted(self) -> int:
        return sum(t.rows_deleted for t in self.tables)

    def as_dict(self) -> dict:
        return {**asdict(self), "rows_deleted": self.rows_deleted}


def _ident(path: str) -> str:
    return "delta.`" + path.replace("`", "``") + "`"


def _literal(value: str) -> str:
    """A Spark SQL string literal (backslash is Spark's escape character, so both are escaped)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _norm_wave(column: str) -> F.Column:
    """`2025-Q3`, ` 2025 q3 `, `2025Q3` -> `2025Q3` (bronze keeps the wave as the export wrote it)."""
    return F.upper(F.regexp_replace(F.trim(F.col(column).cast("string")), r"[^0-9Qq]", ""))


def _match(df: DataFrame, response_id: str, wave: str | None) -> F.Column:
    cond = F.trim(F.col("response_id").cast("string")) == F.lit(response_id.strip(" "))
    if wave is not None and "wave" in df.columns:
        cond = cond & (_norm_wave("wave") == F.lit(wave.replace("-", "").upper()))
    return cond


def _version(spark: SparkSession, path: str) -> int | None:
    return delta_io.current_version(spark, path)


@dataclass(frozen=True, order=True)
class DataFile:
    """A data file as VACUUM's inventory describes it (path as Hadoop writes it, size, mtime in ms)."""

    path: str
    length: int
    modification_time: int


def _files_holding(df: DataFrame, cond: F.Column) -> list[DataFile]:
    """Data files of the current snapshot with at least one matching row (from Spark's file metadata)."""
    rows = (
        df.where(cond)
        .select(
            F.col("_metadata.file_path").alias("p"),
            F.col("_metadata.file_size").alias("n"),
            F.unix_millis(F.col("_metadata.file_modification_time")).alias("t"),
        )
        .distinct()
        .collect()
    )
    return sorted(DataFile(re.sub(r"^file:/+", "file:/", r["p"]), int(r["n"]), int(r["t"])) for r in rows)


def _stale_files_holding(
    df: DataFrame, path: str, holds: Callable[[Any], bool], columns: Sequence[str]
) -> list[DataFile]:
    """Data files under ``path`` that the current snapshot no longer references (left by OPTIMIZE,
    UPDATE or MERGE, kept 7 days for time travel) and whose rows ``holds`` flags.

    Personal data must leave those files too, not only the live ones: each is read on its own with
    pyarrow (``columns`` only), never the folder as a table. ``holds`` gets a `pyarrow.Table`.
    """
    import pyarrow.parquet as pq
    from pyarrow import fs as pafs

    from lake.storage import lake_files

    live = [re.sub(r"^file:/+", "file:/", f) for f in df.inputFiles()]
    if not live:
        return []
    files = lake_files(path)
    root = files.path.rstrip("/")
    # The table's files as Spark names them (file:/..., s3a://...): the prefix of a live file.
    marker = live[0].find(root.lstrip("/"))
    prefix = live[0][: marker - (1 if root.startswith("/") else 0)] if marker >= 0 else ""
    referenced = {f[len(prefix) :] if prefix else f for f in live}
    out: list[DataFile] = []
    for info in files.filesystem.get_file_info(pafs.FileSelector(root, recursive=True)):
        if info.type != pafs.FileType.File or not info.base_name.endswith(".parquet"):
            continue
        if "/_delta_log/" in info.path or info.path in referenced:
            continue
        with files.filesystem.open_input_file(info.path) as fh:
            parquet = pq.ParquetFile(fh)
            if not set(columns) <= set(parquet.schema_arrow.names):
                continue
            table = parquet.read(columns=list(columns))  # only the columns `holds` looks at
        if holds(table):
            mtime = int(info.mtime.timestamp() * 1000) if info.mtime else 0
            out.append(DataFile(prefix + info.path, int(info.size or 0), mtime))
    return sorted(out)


def _old_comments(table: Any, cutoff: dt.datetime) -> bool:
    """A comment ingested before ``cutoff`` (naive UTC) in a pyarrow table of comment, _ingested_at."""
    import pyarrow as pa
    import pyarrow.compute as pc

    at = table.column("_ingested_at")
    if not pa.types.is_timestamp(at.type):
        return False
    limit = pa.scalar(cutoff.replace(tzinfo=dt.UTC) if at.type.tz else cutoff, type=at.type)
    return bool(pc.any(pc.and_(pc.less(at, limit), pc.is_valid(table.column("comment")))).as_py())


def _holds_respondent(table: Any, response_id: str, wave: str | None) -> bool:
    """``response_id`` (of ``wave``) among the rows of a pyarrow table, matched as `_match` does."""
    ids = [str(v).strip(" ") if v is not None else None for v in table.column("response_id").to_pylist()]
    if wave is None:
        return response_id.strip(" ") in ids
    norm = wave.replace("-", "").upper()
    waves = [re.sub(r"[^0-9Qq]", "", str(v or "").strip()).upper() for v in table.column("wave").to_pylist()]
    return any(i == response_id.strip(" ") and w == norm for i, w in zip(ids, waves, strict=True))


def protect_statistics(spark: SparkSession, path: str) -> None:
    """Give the table's non-personal columns (only) Delta statistics, for every file written from now on."""
    from pyspark.sql import types as T

    stat_types = (T.StringType, T.NumericType, T.DateType, T.TimestampType, T.TimestampNTZType)
    detail = spark.sql(f"DESCRIBE DETAIL {_ident(path)}").first()
    partitions = set((detail["partitionColumns"] if detail is not None else None) or [])
    columns = [
        f.name
        for f in delta_io.read(spark, path).schema.fields  # Delta keeps no stats of partitions
        if f.name not in NO_STATS_COLUMNS | partitions and isinstance(f.dataType, stat_types)
    ]
    value = ",".join(f"`{c}`" for c in columns)
    current = spark.sql(f"SHOW TBLPROPERTIES {_ident(path)}").where(F.col("key") == PERSONAL_STATS_PROPERTY).collect()
    if current and current[0]["value"] == value:
        return
    # Table properties are DDL literals (Spark does not bind parameters in TBLPROPERTIES); the
    # value is made of the table's own column names with backquotes and no quote characters.
    if "'" in value or "\\" in value:
        raise PrivacyError(f"column names of {path} cannot be written into a table property")
    spark.sql(f"ALTER TABLE {_ident(path)} SET TBLPROPERTIES ('{PERSONAL_STATS_PROPERTY}' = '{value}')")


def vacuum_files(spark: SparkSession, path: str, files: Sequence[DataFile]) -> int:
    """VACUUM only ``files`` (no longer referenced after a DELETE/UPDATE) with the retention lifted.

    ``USING INVENTORY`` limits VACUUM to the listed files, so other unreferenced files that
    readers of older versions may still need keep their 7-day retention. Returns files removed
    (the VACUUM END commit's ``numDeletedFiles``).
    """
    if not files:
        return 0
    inv = spark.createDataFrame(
        [(f.path, f.length, False, f.modification_time) for f in files],
        "path string, length long, isDir boolean, modificationTime long",
    )
    view = f"erase_inventory_{int(time.time() * 1000)}"
    inv.createOrReplaceTempView(view)
    check = "spark.databricks.delta.retentionDurationCheck.enabled"
    previous = spark.conf.get(check, "true") or "true"
    spark.conf.set(check, "false")  # lifted for this VACUUM only, and for these files only
    try:
        spark.sql(f"VACUUM {_ident(path)} USING INVENTORY (SELECT * FROM {view}) RETAIN 0 HOURS")
    finally:
        spark.conf.set(check, previous)
        spark.catalog.dropTempView(view)
    last = spark.sql(f"DESCRIBE HISTORY {_ident(path)} LIMIT 1").first()
    if last is None or last["operation"] != "VACUUM END":
        return 0
    return int((last["operationMetrics"] or {}).get("numDeletedFiles", 0))


def _purge_deletion_vectors(spark: SparkSession, path: str) -> None:
    """With deletion vectors, DELETE only marks rows; REORG ... PURGE rewrites those files."""
    props = {r["key"]: r["value"] for r in spark.sql(f"SHOW TBLPROPERTIES {_ident(path)}").collect()}
    if props.get("delta.enableDeletionVectors", "false").lower() == "true":
        spark.sql(f"REORG TABLE {_ident(path)} APPLY (PURGE)")


def check_request(response_id: str, wave: str | None) -> None:
    """A non-empty id and, if given, a wave of exactly ``YYYY-Qn``; `PrivacyError` otherwise."""
    if not response_id or not response_id.strip():
        raise PrivacyError("--response-id must not be empty")
    if wave is not None and not re.fullmatch(r"\d{4}-Q[1-4]", wave):
        raise PrivacyError(f"bad wave {wave!r}: expected YYYY-Qn, e.g. 2025-Q3")


def erase_respondent(
    spark: SparkSession, config: LakeConfig, response_id: str, wave: str | None = None, recompute_gold: bool = True
) -> ErasureResult:
    """Delete ``response_id`` (of ``wave``, else of every wave) from every layer; see the module doc."""
    started = time.perf_counter()
    check_request(response_id, wave)
    result = ErasureResult(response_id=response_id, wave=wave)
    affected_waves: set[str] = set()
    for table in RESPONDENT_TABLES:
        path = config.table_path(table)
        if not delta_io.exists(spark, path):
            continue
        df = delta_io.read(spark, path)
        if "response_id" not in df.columns:
            continue
        cond = _match(df, response_id, wave)
        if table == catalog.SILVER_SURVEY_RESPONSES:
            affected_waves |= {r[0] for r in df.where(cond).select("wave").distinct().collect() if r[0]}
        files = _files_holding(df, cond)
        stale = _stale_files_holding(
            df,
            path,
            lambda t: _holds_respondent(t, response_id, wave),
            ("response_id", "wave") if wave else ("response_id",),
        )
        before = _version(spark, path)
        if not files:
            removed = vacuum_files(spark, path, stale)
            result.tables.append(TableErasure(table, 0, removed, before, _version(spark, path) if removed else before))
            continue
        protect_statistics(spark, path)
        # Delta records the DELETE's predicate in the commit (commitInfo.operationParameters): the id
        # itself must not be in it, so rows are matched by SHA-256 of id + a random nonce used once.
        nonce = secrets.token_hex(16)
        target = hashlib.sha256((response_id.strip(" ") + nonce).encode("utf-8")).hexdigest()
        where = f"sha2(concat(trim(CAST(response_id AS STRING)), {_literal(nonce)}), 256) = {_literal(target)}"
        if wave is not None and "wave" in df.columns:
            where += (
                " AND upper(regexp_replace(trim(CAST(wave AS STRING)), '[^0-9Qq]', '')) = "
                f"{_literal(wave.replace('-', '').upper())}"
            )
        metrics = spark.sql(f"DELETE FROM {_ident(path)} WHERE {where}").collect()
        deleted = int(metrics[0]["num_affected_rows"]) if metrics and "num_affected_rows" in metrics[0] else -1
        _purge_deletion_vectors(spark, path)
        removed = vacuum_files(spark, path, sorted({*files, *stale}))
        result.tables.append(TableErasure(table, deleted, removed, before, _version(spark, path)))
    if recompute_gold and affected_waves:
        recompute_gold_waves(spark, config, sorted(affected_waves))
        result.gold_waves_recomputed = sorted(affected_waves)
    result.seconds = round(time.perf_counter() - started, 2)
    return result


def recompute_gold_waves(spark: SparkSession, config: LakeConfig, waves: Sequence[str]) -> None:
    """Rebuild the survey gold cells of ``waves`` from silver as it is now (``replaceWhere``).

    The gold watermark (what incremental refreshes compare with) is carried over unchanged.
    """
    from lake import sql
    from transforms.survey import indicators
    from transforms.survey.jobs import _WATERMARK, GOLD_BUILDERS, _gold_watermark

    silver_path = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    silver = delta_io.read(spark, silver_path).where(F.col("wave").isin(list(waves)))
    for table, build in GOLD_BUILDERS.items():
        path = config.table_path(table)
        if not delta_io.exists(spark, path):
            continue
        if table == catalog.GOLD_AI_ADOPTION:
            districts = delta_io.read(spark, config.table_path(catalog.SILVER_DISTRICTS))
            gold = indicators.ai_adoption(silver, districts=districts)
        else:
            gold = build(silver)
        writer = (
            delta_io.plain_strings(gold)
            .repartition(1)
            .write.format("delta")
            .mode("overwrite")
            .option("replaceWhere", f"wave IN ({sql.literal_list(waves)})")
        )
        watermark = _gold_watermark(spark, path)
        if watermark:
            writer = writer.option("userMetadata", _WATERMARK + watermark)

        def save(writer: Any = writer, path: str = path) -> None:
            writer.save(path)

        delta_io.with_conflict_retry(save)
    modelled = getattr(catalog, "GOLD_AI_ADOPTION_MODELLED", None)
    if modelled and delta_io.exists(spark, config.table_path(modelled)):
        from transforms.survey import modelled_io  # the modelled estimates borrow strength across waves

        modelled_io.refresh_modelled(spark, config)


# --------------------------------------------------------------------------- retention


@dataclass
class RetentionResult:
    table: str
    days: float
    comments_dropped: int
    files_removed: int
    cutoff: str


def drop_old_comments(
    spark: SparkSession, config: LakeConfig, days: float, now: dt.datetime | None = None
) -> RetentionResult | None:
    """Set `comment` to NULL in bronze rows ingested more than ``days`` ago, then VACUUM their old files.

    None when bronze has no table or no `comment` column.
    """
    if days < 0:
        raise PrivacyError(f"comment retention must be >= 0 days, not {days}")
    path = config.table_path(catalog.BRONZE_SURVEY_RESPONSES)
    if not delta_io.exists(spark, path):
        return None
    df = delta_io.read(spark, path)
    if "comment" not in df.columns or "_ingested_at" not in df.columns:
        return None
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)
    cutoff = now - dt.timedelta(days=days)
    cond = (F.col("_ingested_at") < F.lit(cutoff)) & F.col("comment").isNotNull()
    files = _files_holding(df, cond)
    stale = _stale_files_holding(df, path, lambda t: _old_comments(t, cutoff), ("comment", "_ingested_at"))
    if not files:
        removed = vacuum_files(spark, path, stale)
        return RetentionResult(catalog.BRONZE_SURVEY_RESPONSES, days, 0, removed, cutoff.isoformat(sep=" "))
    protect_statistics(spark, path)
    stamp = _literal(cutoff.strftime("%Y-%m-%d %H:%M:%S.%f"))
    metrics = spark.sql(
        f"UPDATE {_ident(path)} SET comment = NULL WHERE _ingested_at < CAST({stamp} AS TIMESTAMP) "
        "AND comment IS NOT NULL"
    ).collect()
    changed = int(metrics[0]["num_affected_rows"]) if metrics and "num_affected_rows" in metrics[0] else -1
    _purge_deletion_vectors(spark, path)
    removed = vacuum_files(spark, path, sorted({*files, *stale}))
    return RetentionResult(catalog.BRONZE_SURVEY_RESPONSES, days, changed, removed, cutoff.isoformat(sep=" "))
