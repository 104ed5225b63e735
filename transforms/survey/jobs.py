"""Survey I/O: files -> bronze (append), bronze -> silver (MERGE), silver -> gold (overwrite).

Thin first version (walking skeleton); the pure logic lives in read/conform/indicators.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from lake import catalog, delta_io
from lake.config import LakeConfig
from transforms.reference.districts import write_districts
from transforms.survey import conform as conform_mod
from transforms.survey import indicators
from transforms.survey.read import read_csv_export


@dataclass
class FileResult:
    path: str
    rows_read: int
    skipped: bool = False


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, folders expanded to their survey files (sorted, so runs are repeatable)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.suffix.lower() in {".csv", ".xlsx"} and q.is_file())
        else:
            out.append(p)
    return out


def ingest_bronze(spark: SparkSession, config: LakeConfig, paths: list[str | Path], salt: str) -> list[FileResult]:
    """Append every not-yet-ingested file to `bronze/survey_responses` (same bytes twice = skip)."""
    target = config.table_path(catalog.BRONZE_SURVEY_RESPONSES)
    seen: set[str] = set()
    if delta_io.exists(spark, target):
        seen = {r[0] for r in delta_io.read(spark, target).select("_source_sha256").distinct().collect()}
    results = []
    batch_id = uuid.uuid4().hex
    for path in expand_paths(paths):
        sha = file_sha256(path)
        if sha in seen:
            results.append(FileResult(str(path), 0, skipped=True))
            continue
        df = read_csv_export(spark, path)
        if "contact_email" in df.columns:
            df = df.withColumn(
                "contact_email",
                F.when(F.col("contact_email").isNotNull() & (F.trim("contact_email") != ""),
                       F.sha2(F.concat(F.lit(salt), F.lower(F.trim("contact_email"))), 256)),
            )
        df = (
            df.withColumn("_ingested_at", F.current_timestamp())
            .withColumn("_batch_id", F.lit(batch_id))
            .withColumn("_source_sha256", F.lit(sha))
        ).cache()
        rows = df.count()
        delta_io.append(df, target)
        df.unpersist()
        seen.add(sha)
        results.append(FileResult(str(path), rows))
    return results


def refresh_silver(spark: SparkSession, config: LakeConfig) -> dict[str, int]:
    """Conform bronze into `silver/survey_responses` (MERGE, latest submission) and rejects."""
    write_districts(spark, config)
    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
    districts = delta_io.read(spark, config.table_path(catalog.SILVER_DISTRICTS))
    accepted, rejects = conform_mod.conform(bronze, districts)
    latest = conform_mod.latest_submission(accepted)
    delta_io.merge(
        spark, latest, config.table_path(catalog.SILVER_SURVEY_RESPONSES), ["wave", "response_id"],
        update_condition="s.submitted_at > t.submitted_at",
    )
    delta_io.merge(
        spark, rejects, config.table_path(catalog.SILVER_SURVEY_REJECTS), ["_source_file", "_source_row"],
        update_condition="false",
    )
    silver = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_RESPONSES))
    return {"silver_rows": silver.count(), "rejected_rows": delta_io.read(
        spark, config.table_path(catalog.SILVER_SURVEY_REJECTS)).count()}


def refresh_gold(spark: SparkSession, config: LakeConfig) -> dict[str, int]:
    """Recompute `gold/ai_adoption` from silver and replace it in one commit."""
    silver = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_RESPONSES))
    gold = indicators.ai_adoption(silver).cache()
    rows = gold.count()
    delta_io.overwrite(gold, config.table_path(catalog.GOLD_AI_ADOPTION))
    gold.unpersist()
    return {"gold_rows": rows}
