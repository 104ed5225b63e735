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

import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, Observation, SparkSession
from pyspark.sql import functions as F

from lake import catalog, delta_io, sql
from lake import waves as wave_calendar
from lake.config import LakeConfig
from lake.spark import sql_conf
from transforms.reference.districts import write_districts
from transforms.survey import conform as conform_mod
from transforms.survey import indicators, pii
from transforms.survey.mapping import SurveyMapping
from transforms.survey.read import (
    ExportFile,
    UnreadableExport,
    expand_paths,
    inspect_export,
    read_export,
    stage_for_spark,
)
from transforms.survey.schema import PERSONAL

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
    mapping: str | None = None  # name of the survey-tool mapping the file was read through


@dataclass
class SilverResult:
    silver_rows: int
    rejected_rows: int
    batches_processed: int
    files: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


hash_email = pii.hash_email


def _bronze_rows(df: DataFrame, info: ExportFile, salt: str, batch_id: str, ingested_at: datetime) -> DataFrame:
    """Raw rows with personal data hashed or masked (`pii.protect`, every field), plus lineage."""
    malformed = F.coalesce(F.col("_malformed"), F.lit(False))
    # Data columns never start with "_" (`normalise_header`); those that do are the reader's and the mapping's.
    df = df.select(
        *[F.col(c) if c.startswith("_") else pii.protect(F.col(c), c, malformed, salt).alias(c) for c in df.columns]
    )
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
    mapping: SurveyMapping | None = None,
) -> list[FileResult]:
    """Append every not-yet-ingested file to `bronze/survey_responses` in one commit.

    A file whose bytes were ingested before is skipped. Every file is inspected first; an
    unreadable one (`UnreadableExport`) is reported in its result's `error` (naming the file and
    the reason) and the batch goes on with the others. Each file becomes one batch (`_batch_id`).
    With a ``mapping`` (survey-mapping-v1) every file is read through it; a file it does not fit
    is reported like an unreadable one and nothing of it is written.
    Should the one append fail, each file is appended on its own, so that a file Spark cannot
    read is reported with its reason and the others still land (a fault of the lake itself,
    where every file fails, is raised as it is).
    """
    results: list[FileResult] = []
    infos = []
    for p in expand_paths(paths):
        try:
            infos.append(inspect_export(p, mapping))
        except UnreadableExport as exc:
            results.append(FileResult(path=str(p), rows_read=0, error=str(exc)))
        except OSError as exc:  # unreadable on disk (permissions, vanished): the batch goes on
            results.append(FileResult(path=str(p), rows_read=0, error=f"{p}: cannot read the file: {exc}"))
    target = config.table_path(catalog.BRONZE_SURVEY_RESPONSES)
    seen = ingested_hashes(spark, config)
    ingested_at = (now or datetime.now(UTC)).replace(tzinfo=None)
    todo: list[tuple[ExportFile, FileResult]] = []
    for info in infos:
        fmt = info.csv_format
        base: dict[str, Any] = dict(
            path=str(info.path),
            sha256=info.sha256,
            kind=info.kind,
            encoding=fmt.encoding if fmt else None,
            delimiter=fmt.delimiter if fmt else None,
            mapping=info.mapping.name if info.mapping else None,
        )
        if info.sha256 in seen:
            results.append(FileResult(rows_read=0, skipped=True, **base))
            continue
        seen.add(info.sha256)
        result = FileResult(rows_read=0, batch_id=uuid.uuid4().hex, **base)
        results.append(result)
        todo.append((info, result))
    if not todo:
        return results
    with tempfile.TemporaryDirectory(prefix="lakehouse-survey-") as staging:

        def frame_of(info: ExportFile, result: FileResult) -> tuple[DataFrame, Observation]:
            # Rows per file are counted while the append runs (observed metrics), not by re-reading bronze.
            obs = Observation(f"bronze_rows_{result.batch_id}_{uuid.uuid4().hex[:6]}")
            source = stage_for_spark(info, Path(staging))
            frame = _bronze_rows(
                read_export(spark, info.path, info, source), info, salt, str(result.batch_id), ingested_at
            )
            return frame.observe(obs, F.count(F.lit(1)).alias("rows")), obs

        def append(batch: list[tuple[ExportFile, FileResult]]) -> None:
            frames = [frame_of(info, result) for info, result in batch]
            union = frames[0][0]
            for f, _ in frames[1:]:
                union = union.unionByName(f, allowMissingColumns=True)
            delta_io.append(union, target, options=pii.stats_option(pii.BRONZE_STATS_COLUMNS))
            for (_, result), (_, obs) in zip(batch, frames):
                result.rows_read = int(obs.get["rows"])

        try:
            append(todo)
        except Exception as first:
            if len(todo) == 1:
                raise
            failed = 0
            for info, result in todo:  # one append per file: the bad one is named, the others land
                try:
                    append([(info, result)])
                except Exception as exc:
                    failed += 1
                    result.batch_id, result.rows_read = None, 0
                    result.error = f"{info.path}: Spark cannot read the file: {_first_line(exc)}"
            if failed == len(todo) and len(todo) > 1:
                raise first
    return results


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


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


_SILVER = catalog.TABLES[catalog.SILVER_SURVEY_RESPONSES]
_REJECTS = catalog.TABLES[catalog.SILVER_SURVEY_REJECTS]
_INGEST_LOG = catalog.AUXILIARY_TABLES[catalog.SILVER_SURVEY_INGEST_LOG]


def merge_silver(spark: SparkSession, latest: DataFrame, path: str, waves: list[str]) -> None:
    """MERGE the latest submissions into silver, partitioned by wave.

    Only the partitions of the incoming waves are scanned and rewritten (the literal wave filter
    lets Delta prune), and a row is replaced only by a strictly later `submitted_at`, so merging
    the same rows again changes nothing.
    """

    def _run() -> None:
        if not delta_io.exists(spark, path):
            latest.write.format("delta").mode("error").partitionBy(*_SILVER.partition_by).save(
                path
            )  # Connect: no "errorifexists"
            return
        # the literal wave list lets Delta prune partitions; then the contract's merge keys
        on = " AND ".join([f"t.wave IN ({sql.literal_list(waves)})", *(f"t.{k} = s.{k}" for k in _SILVER.merge_keys)])
        delta_io.merge_sql(spark, latest, path, on, update_condition="s.submitted_at > t.submitted_at")

    delta_io.with_conflict_retry(_run)


def refresh_silver(spark: SparkSession, config: LakeConfig, waves_requested: Sequence[str] | None = None) -> dict:
    """Conform new bronze batches into `silver/survey_responses` (MERGE) and `silver/survey_rejects`.

    With ``waves_requested`` (the Dagster partitions of the run), each requested wave that the new
    batches did not touch is rebuilt from bronze (`rebuild_silver_waves`): a backfill of one wave
    recomputes exactly that wave. New batches are always conformed whatever their waves, so that
    no ingested row waits for a run of its own wave.
    """
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
        # Parse and validate once: the counts, the MERGE and the rejects all read this cache.
        # Personal columns are dropped first (neither silver half carries them).
        # Whole-stage codegen fuses the ~40 parse and rule expressions into one Java method too
        # long for the JIT (33 kB of bytecode > HotSpot's 8 kB limit), which then runs
        # interpreted: 3x slower than Spark's per-expression code (BENCHMARKS.md, "silver").
        with sql_conf(spark, {"spark.sql.codegen.wholeStage": "false"}):
            classified = conform_mod.classify(bronze, districts).drop(*PERSONAL).persist()
            files = _batch_counts(classified)
        accepted, rejects = conform_mod.split(classified)
        waves = sorted({w for f in files for w in f["waves"]})
        if waves:
            merge_silver(spark, conform_mod.latest_submission(accepted), silver_path, waves)
        if any(f["rejected"] for f in files) or not delta_io.exists(spark, rejects_path):
            # Insert-only by (file, row). Skipped when no row was rejected: a MERGE of nothing still
            # costs a snapshot load and a commit (~2-5 s), paid by every clean incremental wave.
            delta_io.merge(
                spark,
                rejects,
                rejects_path,
                list(_REJECTS.merge_keys),
                update_condition="false",
                options=pii.stats_option(pii.REJECTS_STATS_COLUMNS),
            )
        classified.unpersist()
        processed_at = datetime.now(UTC).replace(tzinfo=None)
        log = spark.createDataFrame(
            [
                (
                    f["batch_id"],
                    f["file"],
                    f["sha256"],
                    f["rows_read"],
                    f["accepted"],
                    f["rejected"],
                    f["waves"],
                    processed_at,
                )
                for f in files
            ],
            "batch_id string, source_file string, sha256 string, rows_read long, accepted long, rejected long, "
            "waves array<string>, processed_at timestamp",
        )
        # MERGE on batch_id: when two ingests conform the same batch at once, it is logged once.
        delta_io.merge(
            spark, log, config.table_path(SURVEY_INGEST_LOG), list(_INGEST_LOG.merge_keys), update_condition="false"
        )
    silver_rows = delta_io.read(spark, silver_path).count() if delta_io.exists(spark, silver_path) else 0
    rejected_rows = delta_io.read(spark, rejects_path).count() if delta_io.exists(spark, rejects_path) else 0
    rebuilt: list[str] = []
    if waves_requested:
        rebuilt = sorted(set(waves_requested) - set(waves))
        if rebuilt:
            rebuild_silver_waves(spark, config, rebuilt)
            silver_rows = delta_io.read(spark, silver_path).count()
    result = SilverResult(silver_rows, rejected_rows, len(batches), files).as_dict()
    result["changed_waves"] = waves
    result["rebuilt_waves"] = rebuilt
    return result


def rebuild_silver_waves(spark: SparkSession, config: LakeConfig, waves: Sequence[str]) -> int:
    """Recompute `silver/survey_responses` for exactly ``waves`` from every bronze row of them.

    The result is what the incremental MERGEs built (latest submission per response; on a tie of
    `submitted_at` across files the later ingest wins here, the earlier one in the MERGE), so a
    rebuild changes nothing unless bronze, the conformance rules or the district reference did.
    Only these waves' partitions are replaced (`replaceWhere`); a wave without accepted rows ends
    up empty. Rejects and the ingest log are per file and stay as they are. Returns the rows written.
    """
    waves = sorted({w for w in waves if wave_calendar.is_wave(w)})
    bronze_path = config.table_path(catalog.BRONZE_SURVEY_RESPONSES)
    silver_path = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    if not waves or not delta_io.exists(spark, bronze_path):
        return 0
    if not delta_io.exists(spark, config.table_path(catalog.SILVER_DISTRICTS)):
        write_districts(spark, config)
    bronze = delta_io.read(spark, bronze_path)
    districts = delta_io.read(spark, config.table_path(catalog.SILVER_DISTRICTS))
    with sql_conf(spark, {"spark.sql.codegen.wholeStage": "false"}):
        classified = conform_mod.classify(bronze, districts).drop(*PERSONAL)
        accepted, _ = conform_mod.split(classified)
        latest = conform_mod.latest_submission(accepted.where(F.col("wave").isin(waves))).persist()
        rows = latest.count()
        writer = latest.write.format("delta").mode("overwrite")
        if delta_io.exists(spark, silver_path):
            stored = delta_io.read(spark, silver_path).where(F.col("wave").isin(waves))
            if delta_io.same_rows(latest, stored):
                latest.unpersist()
                return rows  # the rebuild equals what silver holds: no new version
            writer = writer.option("replaceWhere", f"wave IN ({sql.literal_list(waves)})")
        else:
            writer = writer.partitionBy(*_SILVER.partition_by)
        delta_io.with_conflict_retry(lambda: writer.save(silver_path))
        latest.unpersist()
    return rows


def _batch_counts(classified: DataFrame) -> list[dict]:
    """Per file: rows read, accepted (by wave), rejected and rejects by reason - one aggregation.

    Every bronze row of a batch is in ``classified`` with either a reason or none, so rows read
    is the sum of both; `counts_reconcile` checks that sum against bronze independently.
    """
    grouped = (
        classified.groupBy(
            "_batch_id",
            "_source_file",
            "_source_sha256",
            F.when(F.col("_reason").isNull(), F.col("_wave")).alias("wave"),
            F.col("_reason").alias("reason"),
        )
        .count()
        .collect()
    )
    batches: dict[str, dict] = {}
    for r in grouped:
        b = batches.setdefault(
            r["_batch_id"],
            {
                "batch_id": r["_batch_id"],
                "file": r["_source_file"],
                "sha256": r["_source_sha256"],
                "rows_read": 0,
                "accepted": 0,
                "rejected": 0,
                "rejects_by_reason": {},
                "waves": set(),
            },
        )
        b["rows_read"] += r["count"]
        if r["reason"] is None:
            b["accepted"] += r["count"]
            b["waves"].add(r["wave"])
        else:
            b["rejected"] += r["count"]
            b["rejects_by_reason"][r["reason"]] = b["rejects_by_reason"].get(r["reason"], 0) + r["count"]
    out = []
    for b in sorted(batches.values(), key=lambda b: b["file"]):
        b["rejects_by_reason"] = dict(sorted(b["rejects_by_reason"].items()))
        b["waves"] = sorted(b["waves"])
        out.append(b)
    return out


GOLD_BUILDERS: dict[str, Callable[..., DataFrame]] = {
    catalog.GOLD_AI_ADOPTION: indicators.ai_adoption,
    catalog.GOLD_AI_TECHNOLOGIES: indicators.ai_technologies,
    catalog.GOLD_AI_BARRIERS: indicators.ai_barriers,
}
_WATERMARK = "survey-log-watermark="


# Commits that rearrange a table's files without changing its rows (the maintenance asset's).
_LAYOUT_ONLY_OPERATIONS = frozenset({"OPTIMIZE", "VACUUM START", "VACUUM END"})
_WATERMARK_LOOKBACK = 50


def _gold_watermark(spark: SparkSession, path: str) -> str | None:
    """The ingest-log time up to which a gold table is built (kept in its commit's userMetadata).

    The newest commit that carries a watermark counts, looking past OPTIMIZE and VACUUM commits
    (same rows, new files), so weekly maintenance does not force a rebuild of every wave. Any
    other commit after it (a write by someone else, a RESTORE) means unknown content: None.
    """
    if not delta_io.exists(spark, path):
        return None
    commits = delta_io.history(spark, path, limit=_WATERMARK_LOOKBACK).select("operation", "userMetadata")
    for operation, meta in commits.collect():  # newest first
        if meta and meta.startswith(_WATERMARK):
            return meta[len(_WATERMARK) :]
        if operation not in _LAYOUT_ONLY_OPERATIONS:
            return None
    return None


def _changes_since(
    spark: SparkSession, config: LakeConfig, watermark: str | None
) -> tuple[str | None, list[str] | None]:
    """(new watermark, waves changed since ``watermark``); waves None = rebuild everything."""
    log_path = config.table_path(SURVEY_INGEST_LOG)
    if not delta_io.exists(spark, log_path):
        return None, None
    log = delta_io.read(spark, log_path)
    if "waves" not in log.columns:
        first = log.agg(F.max("processed_at").cast("string")).first()
        return (first[0] if first else None), None
    # One row per ingested file: small enough to bring to the driver in one job.
    rows = log.select(F.col("processed_at").cast("string").alias("at"), "waves").collect()
    latest = max((r["at"] for r in rows), default=None)
    if watermark is None:
        return latest, None
    # Same string form on both sides (Spark's timestamp-to-string), so the comparison is by time.
    return latest, sorted({w for r in rows if r["at"] > watermark for w in (r["waves"] or [])})


def refresh_gold_table(
    spark: SparkSession,
    config: LakeConfig,
    table: str,
    silver: DataFrame | None = None,
    full: bool = False,
    waves_requested: Sequence[str] | None = None,
) -> dict:
    """Bring one survey gold table up to date with silver.

    Every gold cell belongs to one wave, so only the waves that changed since the table was last
    built are recomputed and replaced (`replaceWhere`); nothing changed = no new version. The
    first build, or ``full=True``, recomputes everything. With ``waves_requested`` (the Dagster
    partitions of the run) exactly those waves are recomputed, changed or not: a partition run
    means what it says. Such a partial build records no watermark (other waves may be behind), so
    the next unpartitioned call rebuilds everything once.
    """
    path = config.table_path(table)
    silver_path = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    if not delta_io.exists(spark, silver_path):
        return {"rows": 0, "recomputed_waves": "none (no silver table)"}
    watermark: str | None
    waves: list[str] | None
    if waves_requested:
        watermark, waves = None, sorted({w for w in waves_requested if wave_calendar.is_wave(w)})
    else:
        watermark, waves = _changes_since(spark, config, None if full else _gold_watermark(spark, path))
    if waves == []:
        rows = delta_io.read(spark, path).count() if delta_io.exists(spark, path) else 0
        return {"rows": rows, "recomputed_waves": "none (up to date)"}
    if silver is None:
        silver = delta_io.read(spark, silver_path)
    if waves is not None and table == catalog.GOLD_AI_ADOPTION:
        # A changed wave also changes the next wave's comparison (previous_share, change_pp): that
        # wave is rewritten too, and the previous wave is read to compare against.
        present = {r[0] for r in silver.select("wave").distinct().collect()}
        waves = sorted({*waves, *(w for w in map(indicators.next_wave, waves) if w in present)})
        read_waves = sorted({*waves, *(indicators.previous_wave(w) for w in waves)})
        silver = silver.where(F.col("wave").isin(read_waves))
    elif waves is not None:
        silver = silver.where(F.col("wave").isin(waves))
    if table == catalog.GOLD_AI_ADOPTION:
        districts = delta_io.read(spark, config.table_path(catalog.SILVER_DISTRICTS))
        gold = indicators.ai_adoption(silver, districts=districts)
        if waves is not None:
            gold = gold.where(F.col("wave").isin(waves))
    else:
        gold = GOLD_BUILDERS[table](silver)
    # over Spark Connect the applyInPandas schema would record `string collate UTF8_BINARY`
    gold = delta_io.plain_strings(gold).repartition(1).persist()
    counts = gold.agg(
        F.count(F.lit(1)),
        F.count(F.when(F.col("suppressed"), 1)),
        F.count(F.when(F.col("suppression") == "secondary", 1)),
    ).first()
    assert counts is not None  # a global aggregate has exactly one row
    rows, suppressed, secondary = counts
    if waves is not None and not watermark and delta_io.exists(spark, path):
        stored = delta_io.read(spark, path).where(F.col("wave").isin(waves))
        if delta_io.same_rows(gold, stored):
            gold.unpersist()  # a partition run that recomputed what gold holds: no new version
            return {
                "rows_written": 0,
                "suppressed_cells_written": 0,
                "secondary_suppressions_written": 0,
                "recomputed_waves": ", ".join(waves) + " (unchanged, not rewritten)",
            }
    writer = gold.write.format("delta").mode("overwrite")
    if waves is None:
        writer = writer.option("overwriteSchema", "true")
    else:
        writer = writer.option("replaceWhere", f"wave IN ({sql.literal_list(waves)})")
    if watermark:
        writer = writer.option("userMetadata", _WATERMARK + watermark)
    delta_io.with_conflict_retry(lambda: writer.save(path))
    gold.unpersist()
    return {
        "rows_written": rows,
        "suppressed_cells_written": suppressed,
        "secondary_suppressions_written": secondary,
        "recomputed_waves": "all" if waves is None else ", ".join(waves),
    }


def refresh_gold(
    spark: SparkSession, config: LakeConfig, full: bool = False, waves_requested: Sequence[str] | None = None
) -> dict:
    """Bring the three survey gold tables up to date (see `refresh_gold_table`)."""
    return {
        table: refresh_gold_table(spark, config, table, full=full, waves_requested=waves_requested)
        for table in GOLD_BUILDERS
    }
