"""Survey I/O: files -> bronze (append), bronze -> silver (MERGE), silver -> gold (overwrite).

The pure logic lives in read / conform / indicators; this module only moves data between Delta
tables and keeps the bookkeeping that makes re-runs idempotent:
- a file whose bytes (SHA-256) are already in bronze is skipped;
- every bronze batch (one file) is conformed exactly once: `silver/survey_ingest_log` records
  processed batches with their counts (rows read = accepted + rejected, per file);
- silver MERGE updates a (wave, response_id) only for a strictly later `submitted_at`, rejects
  are insert-only by (file hash, row), so a crash between steps can simply be re-run.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lake import catalog, delta_io
from lake.config import LakeConfig
from transforms.reference.districts import write_districts
from transforms.survey import conform as conform_mod
from transforms.survey import indicators
from transforms.survey.read import ExportFile, UnreadableExport, expand_paths, inspect_export, read_export

# Not a contract table: the survey pipeline's own record of processed bronze batches.
SURVEY_INGEST_LOG = catalog.SILVER_SURVEY_INGEST_LOG
DEFAULT_PII_SALT = "local-development-salt"


@dataclass
class FileResult:
    path: str
    rows_read: int
    skipped: bool = False
    sha256: str = ""
    kind: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    batch_id: str | None = None
    error: str | None = None  # set when the file could not be read at all (UnreadableExport)


@dataclass
class SilverResult:
    silver_rows: int
    rejected_rows: int
    batches_processed: int
    files: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def hash_email(email, salt: str):
    """Salted SHA-256 of the normalised address (lower-case, trimmed); empty stays null."""
    e = F.lower(F.trim(email))
    return F.when(e.isNotNull() & (e != ""), F.sha2(F.concat(F.lit(salt), e), 256))


def _bronze_rows(df: DataFrame, info: ExportFile, salt: str, batch_id: str, ingested_at: datetime) -> DataFrame:
    if "contact_email" in df.columns:
        df = df.withColumn("contact_email", hash_email(F.col("contact_email"), salt))
    return df.select(
        "*",
        F.lit(ingested_at).cast("timestamp").alias("_ingested_at"),
        F.lit(batch_id).alias("_batch_id"),
        F.lit(info.sha256).alias("_source_sha256"),
        F.lit(info.decimal_comma).alias("_decimal_comma"),
    )


def ingested_hashes(spark: SparkSession, config: LakeConfig) -> set[str]:
    target = config.table_path(catalog.BRONZE_SURVEY_RESPONSES)
    if not delta_io.exists(spark, target):
        return set()
    return {r[0] for r in delta_io.read(spark, target).select("_source_sha256").distinct().collect()}


def ingest_bronze(
    spark: SparkSession,
    config: LakeConfig,
    paths: list[str | Path],
    salt: str,
    now: datetime | None = None,
) -> list[FileResult]:
    """Append every not-yet-ingested file to `bronze/survey_responses` in one commit.

    A file whose bytes were ingested before is skipped. Every file is inspected first; an
    unreadable one (`UnreadableExport`) is reported in its result's `error` (naming the file and
    the reason) and the batch goes on with the others. Each file becomes one batch (`_batch_id`).
    """
    results: list[FileResult] = []
    infos = []
    for p in expand_paths(paths):
        try:
            infos.append(inspect_export(p))
        except UnreadableExport as exc:
            results.append(FileResult(path=str(p), rows_read=0, error=str(exc)))
    target = config.table_path(catalog.BRONZE_SURVEY_RESPONSES)
    seen = ingested_hashes(spark, config)
    ingested_at = (now or datetime.now(timezone.utc)).replace(tzinfo=None)
    frames: list[DataFrame] = []
    for info in infos:
        fmt = info.csv_format
        base = dict(
            path=str(info.path), sha256=info.sha256, kind=info.kind,
            encoding=fmt.encoding if fmt else None, delimiter=fmt.delimiter if fmt else None,
        )
        if info.sha256 in seen:
            results.append(FileResult(rows_read=0, skipped=True, **base))
            continue
        batch_id = uuid.uuid4().hex
        frames.append(_bronze_rows(read_export(spark, info.path, info), info, salt, batch_id, ingested_at))
        seen.add(info.sha256)
        results.append(FileResult(rows_read=0, batch_id=batch_id, **base))
    if frames:
        union = frames[0]
        for f in frames[1:]:
            union = union.unionByName(f, allowMissingColumns=True)
        delta_io.append(union, target)
        batch_ids = [r.batch_id for r in results if r.batch_id]
        counts = {
            r[0]: r[1]
            for r in delta_io.read(spark, target).where(F.col("_batch_id").isin(batch_ids))
            .groupBy("_batch_id").count().collect()
        }
        for r in results:
            if r.batch_id:
                r.rows_read = int(counts.get(r.batch_id, 0))
    return results


def pending_batches(spark: SparkSession, config: LakeConfig) -> list[str]:
    """Bronze batches not yet conformed into silver."""
    bronze_path = config.table_path(catalog.BRONZE_SURVEY_RESPONSES)
    if not delta_io.exists(spark, bronze_path):
        return []
    batches = {r[0] for r in delta_io.read(spark, bronze_path).select("_batch_id").distinct().collect()}
    log_path = config.table_path(SURVEY_INGEST_LOG)
    if delta_io.exists(spark, log_path):
        batches -= {r[0] for r in delta_io.read(spark, log_path).select("batch_id").collect()}
    return sorted(batches)


def _sql_list(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def merge_silver(spark: SparkSession, latest: DataFrame, path: str, waves: list[str]) -> None:
    """MERGE the latest submissions into silver, partitioned by wave.

    Only the partitions of the incoming waves are scanned and rewritten (the literal wave filter
    lets Delta prune), and a row is replaced only by a strictly later `submitted_at`, so merging
    the same rows again changes nothing.
    """
    from delta.tables import DeltaTable

    def _run() -> None:
        if not delta_io.exists(spark, path):
            latest.write.format("delta").mode("errorifexists").partitionBy("wave").save(path)
            return
        on = f"t.wave IN ({_sql_list(waves)}) AND t.wave = s.wave AND t.response_id = s.response_id"
        (
            DeltaTable.forPath(spark, path).alias("t")
            .merge(latest.alias("s"), on)
            .whenMatchedUpdateAll(condition="s.submitted_at > t.submitted_at")
            .whenNotMatchedInsertAll()
            .execute()
        )

    delta_io.with_conflict_retry(_run)


def refresh_silver(spark: SparkSession, config: LakeConfig) -> dict:
    """Conform new bronze batches into `silver/survey_responses` (MERGE) and `silver/survey_rejects`."""
    if not delta_io.exists(spark, config.table_path(catalog.SILVER_DISTRICTS)):
        write_districts(spark, config)
    silver_path = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    rejects_path = config.table_path(catalog.SILVER_SURVEY_REJECTS)
    batches = pending_batches(spark, config)
    files: list[dict] = []
    waves: list[str] = []
    if batches:
        bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES)).where(
            F.col("_batch_id").isin(batches)
        )
        districts = delta_io.read(spark, config.table_path(catalog.SILVER_DISTRICTS))
        accepted, rejects = conform_mod.conform(bronze, districts)
        accepted = accepted.persist()
        rejects = rejects.persist()
        files = _batch_counts(bronze, accepted, rejects)
        waves = sorted({w for f in files for w in f["waves"]})
        if waves:
            merge_silver(spark, conform_mod.latest_submission(accepted), silver_path, waves)
        delta_io.merge(spark, rejects, rejects_path, ["_source_sha256", "_source_row"], update_condition="false")
        accepted.unpersist()
        rejects.unpersist()
        processed_at = datetime.now(timezone.utc).replace(tzinfo=None)
        log = spark.createDataFrame(
            [(f["batch_id"], f["file"], f["sha256"], f["rows_read"], f["accepted"], f["rejected"], f["waves"],
              processed_at) for f in files],
            "batch_id string, source_file string, sha256 string, rows_read long, accepted long, rejected long, "
            "waves array<string>, processed_at timestamp",
        )
        # MERGE on batch_id: when two ingests conform the same batch at once, it is logged once.
        delta_io.merge(spark, log, config.table_path(SURVEY_INGEST_LOG), ["batch_id"], update_condition="false")
    silver_rows = delta_io.read(spark, silver_path).count() if delta_io.exists(spark, silver_path) else 0
    rejected_rows = delta_io.read(spark, rejects_path).count() if delta_io.exists(spark, rejects_path) else 0
    result = SilverResult(silver_rows, rejected_rows, len(batches), files).as_dict()
    result["changed_waves"] = waves
    return result


def _batch_counts(bronze: DataFrame, accepted: DataFrame, rejects: DataFrame) -> list[dict]:
    """Per file: rows read, accepted, rejected and rejects by reason."""
    read = {
        r["_batch_id"]: r
        for r in bronze.groupBy("_batch_id", "_source_file", "_source_sha256").count().collect()
    }
    acc: dict[str, int] = {}
    waves: dict[str, list[str]] = {}
    for r in accepted.groupBy("_batch_id", "wave").count().collect():
        acc[r["_batch_id"]] = acc.get(r["_batch_id"], 0) + r["count"]
        waves.setdefault(r["_batch_id"], []).append(r["wave"])
    rej: dict[str, dict[str, int]] = {}
    for r in rejects.groupBy("_batch_id", "reason").count().collect():
        rej.setdefault(r["_batch_id"], {})[r["reason"]] = r["count"]
    out = []
    for batch_id, r in sorted(read.items(), key=lambda kv: kv[1]["_source_file"]):
        by_reason = dict(sorted(rej.get(batch_id, {}).items()))
        out.append(
            {
                "batch_id": batch_id,
                "file": r["_source_file"],
                "sha256": r["_source_sha256"],
                "rows_read": int(r["count"]),
                "accepted": int(acc.get(batch_id, 0)),
                "rejected": int(sum(by_reason.values())),
                "rejects_by_reason": by_reason,
                "waves": sorted(waves.get(batch_id, [])),
            }
        )
    return out


GOLD_BUILDERS = {
    catalog.GOLD_AI_ADOPTION: indicators.ai_adoption,
    catalog.GOLD_AI_TECHNOLOGIES: indicators.ai_technologies,
    catalog.GOLD_AI_BARRIERS: indicators.ai_barriers,
}
_WATERMARK = "survey-log-watermark="


def _gold_watermark(spark: SparkSession, path: str) -> str | None:
    """The ingest-log time up to which a gold table is built (kept in its commit's userMetadata)."""
    if not delta_io.exists(spark, path):
        return None
    meta = delta_io.history(spark, path).orderBy(F.col("version").desc()).select("userMetadata").first()[0]
    return meta[len(_WATERMARK):] if meta and meta.startswith(_WATERMARK) else None


def _changes_since(spark: SparkSession, config: LakeConfig, watermark: str | None) -> tuple[str | None, list[str] | None]:
    """(new watermark, waves changed since ``watermark``); waves None = rebuild everything."""
    log_path = config.table_path(SURVEY_INGEST_LOG)
    if not delta_io.exists(spark, log_path):
        return None, None
    log = delta_io.read(spark, log_path)
    latest = log.agg(F.max("processed_at").cast("string")).first()[0]
    if watermark is None or "waves" not in log.columns:
        return latest, None
    rows = log.where(F.col("processed_at") > F.lit(watermark).cast("timestamp")).select(F.explode("waves")).distinct()
    return latest, sorted(r[0] for r in rows.collect())


def refresh_gold_table(
    spark: SparkSession, config: LakeConfig, table: str, silver: DataFrame | None = None, full: bool = False
) -> dict:
    """Bring one survey gold table up to date with silver.

    Every gold cell belongs to one wave, so only the waves that changed since the table was last
    built are recomputed and replaced (`replaceWhere`); nothing changed = no new version. The
    first build, or ``full=True``, recomputes everything.
    """
    path = config.table_path(table)
    silver_path = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    if not delta_io.exists(spark, silver_path):
        return {"rows": 0, "recomputed_waves": "none (no silver table)"}
    watermark, waves = _changes_since(spark, config, None if full else _gold_watermark(spark, path))
    if waves == []:
        return {"rows": delta_io.read(spark, path).count(), "recomputed_waves": "none (up to date)"}
    if silver is None:
        silver = delta_io.read(spark, silver_path)
    if waves is not None:
        silver = silver.where(F.col("wave").isin(waves))
    if table == catalog.GOLD_AI_ADOPTION:
        districts = delta_io.read(spark, config.table_path(catalog.SILVER_DISTRICTS))
        gold = indicators.ai_adoption(silver, districts=districts)
    else:
        gold = GOLD_BUILDERS[table](silver)
    gold = gold.repartition(1).persist()
    rows = gold.count()
    suppressed = gold.where("suppressed").count()
    writer = gold.write.format("delta").mode("overwrite")
    if waves is None:
        writer = writer.option("overwriteSchema", "true")
    else:
        writer = writer.option("replaceWhere", f"wave IN ({_sql_list(waves)})")
    if watermark:
        writer = writer.option("userMetadata", _WATERMARK + watermark)
    delta_io.with_conflict_retry(lambda: writer.save(path))
    gold.unpersist()
    return {
        "rows_written": rows,
        "suppressed_cells_written": suppressed,
        "recomputed_waves": "all" if waves is None else ", ".join(waves),
    }


def refresh_gold(spark: SparkSession, config: LakeConfig, full: bool = False) -> dict:
    """Bring the three survey gold tables up to date (see `refresh_gold_table`)."""
    return {table: refresh_gold_table(spark, config, table, full=full) for table in GOLD_BUILDERS}
