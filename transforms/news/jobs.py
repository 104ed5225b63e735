"""The news path end to end: load -> bronze -> extract (Spark) -> silver -> mentions -> gold.

Called by the Dagster assets and by `lakehouse news ingest`; configuration comes in as values.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, field

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.window import Window

from lake import catalog, delta_io
from lake.config import LakeConfig
from transforms.news import bronze_articles, gold_activity, rejects, silver_articles, silver_org_mentions
from transforms.news.load import load_sources


@dataclass
class IngestSummary:
    batch_id: str
    articles_read: int = 0
    duplicates: int = 0
    rejects: int = 0
    reject_reasons: list[str] = field(default_factory=list)
    silver_rows: int = 0
    org_mentions: int = 0
    gold_rows: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def ingest_bronze(
    spark: SparkSession,
    config: LakeConfig,
    sources,
    *,
    timeout: float = 10.0,
    retries: int = 3,
    batch_id: str | None = None,
) -> IngestSummary:
    """Read the sources and append what was read to bronze (rejects to silver/news_rejects)."""
    batch_id = batch_id or uuid.uuid4().hex[:12]
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    loaded = load_sources(sources, timeout=timeout, retries=retries)
    summary = IngestSummary(
        batch_id,
        len(loaded.articles),
        len(loaded.duplicates),
        len(loaded.rejects),
        [f"{r.source_file}{'' if r.source_row is None else f':{r.source_row}'}: {r.reason}" for r in loaded.rejects],
    )
    # A first batch of rejects only still creates the (empty) tables, so that their checks and
    # the dashboards find them: an empty table says "nothing yet", a missing one "broken".
    if (
        loaded.articles
        or loaded.duplicates
        or not delta_io.exists(spark, config.table_path(catalog.BRONZE_NEWS_ARTICLES))
    ):
        bronze_articles.write(spark, config, bronze_articles.to_dataframe(spark, loaded, batch_id, at))
    rejects.write(spark, config, loaded.rejects, batch_id, at)
    return summary


def refresh_silver(spark: SparkSession, config: LakeConfig, batch_id: str | None = None) -> int:
    """Extract bronze articles (one batch, or all) in Spark and MERGE them into silver."""
    path = config.table_path(catalog.BRONZE_NEWS_ARTICLES)
    if not delta_io.exists(spark, path):
        return 0
    bronze = delta_io.read(spark, path).where(F.col("duplicate_of").isNull())
    if batch_id:
        bronze = bronze.where(F.col("_batch_id") == batch_id)
    else:  # latest bronze row per id, unless silver has it from this extractor version already
        latest = Window.partitionBy("id").orderBy(F.col("_ingested_at").desc())
        bronze = bronze.withColumn("_rn", F.row_number().over(latest)).where("_rn = 1").drop("_rn")
        silver_path = config.table_path(catalog.SILVER_NEWS_ARTICLES)
        if delta_io.exists(spark, silver_path):
            done = (
                delta_io.read(spark, silver_path)
                .where(F.col("extractor_version") == silver_articles.EXTRACTOR_VERSION)
                .select("id")
            )
            bronze = bronze.join(done, "id", "left_anti")
    extracted = silver_articles.drop_known_urls(spark, config, silver_articles.extract(bronze.dropDuplicates(["id"])))
    extracted = extracted.cache()
    n = extracted.count()
    if n or not delta_io.exists(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)):
        silver_articles.write(spark, config, extracted)
    extracted.unpersist()
    if n and delta_io.exists(spark, config.table_path(catalog.SILVER_NEWS_CORRECTIONS)):
        silver_articles.apply_corrections(spark, config)  # re-extracted rows keep analysts' corrections
    return n


def refresh_corrections(spark: SparkSession, config: LakeConfig, folder) -> tuple[int, int, list[str]]:
    """Rebuild `silver/news_corrections` from the files in `folder` (bad rows -> news_rejects)
    and apply them to `silver/news_articles`: (corrections, rejects, reject reasons)."""
    import datetime as dt
    import uuid
    from pathlib import Path

    from transforms.news import corrections

    loaded = corrections.read_folder(Path(folder))
    corrections.write(spark, config, loaded)
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rejects.write(spark, config, loaded.rejects, f"corrections-{uuid.uuid4().hex[:12]}", at)
    silver_articles.apply_corrections(spark, config)
    reasons = [f"{Path(r.source_file).name}:{r.source_row or '-'}: {r.reason}" for r in loaded.rejects]
    return len(loaded.rows), len(loaded.rejects), reasons


def refresh_mentions(spark: SparkSession, config: LakeConfig) -> int:
    if not delta_io.exists(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)):
        return 0
    return silver_org_mentions.write(spark, config)


def refresh_gold(spark: SparkSession, config: LakeConfig) -> int:
    if not delta_io.exists(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)):
        return 0
    return gold_activity.write(spark, config)


def ingest(
    spark: SparkSession, config: LakeConfig, sources, *, timeout: float = 10.0, retries: int = 3
) -> IngestSummary:
    """Load + extract + gold for the given folders, files or URLs."""
    summary = ingest_bronze(spark, config, sources, timeout=timeout, retries=retries)
    summary.silver_rows = refresh_silver(spark, config, summary.batch_id)
    summary.org_mentions = refresh_mentions(spark, config)
    summary.gold_rows = refresh_gold(spark, config)
    return summary
