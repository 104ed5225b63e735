"""Dagster assets of the news path: bronze -> silver (articles, org mentions) -> gold (wiring only).

No `from __future__ import annotations` in Dagster modules: Dagster resolves config and
resource annotations at definition time.
"""

import warnings
from pathlib import Path

import dagster as dg

import transforms.news  # noqa: F401  (Spark's Python workers use this interpreter)
from lake import catalog, delta_io
from orchestration.partitions import BACKFILL_POLICY_BETA_WARNING, BY_LANDING_DAY, file_day
from orchestration.resources import LakeResource, LandingResource, SparkResource
from transforms.news import jobs
from transforms.news.load import SUPPORTED

warnings.filterwarnings("ignore", message=BACKFILL_POLICY_BETA_WARNING)


def _landing_files_of(context: dg.AssetExecutionContext, spark, lake_config, folder: Path) -> list[str]:
    """Landing news files that arrived on the run's days and are not in bronze yet."""
    if not folder.is_dir():
        return []
    days = set(context.partition_keys) if context.has_partition_key_range or context.has_partition_key else None
    files = sorted(f for f in folder.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
    if days is not None:
        files = [f for f in files if file_day(f) in days]
    path = lake_config.table_path(catalog.BRONZE_NEWS_ARTICLES)
    if files and delta_io.exists(spark, path):
        seen = {r[0] for r in delta_io.read(spark, path).select("_source_file").distinct().collect()}
        files = [f for f in files if str(f) not in seen]
    return [str(f) for f in files]


class NewsIngestConfig(dg.Config):
    """Folders, files or feed URLs to ingest; empty = the landing folder's `news/` subfolder."""

    sources: list[str] = []
    timeout_seconds: float = 10.0
    retries: int = 3


@dg.asset(
    key_prefix=["bronze"],
    name="news_articles",
    group_name="bronze",
    **BY_LANDING_DAY,
    description=catalog.TABLES[catalog.BRONZE_NEWS_ARTICLES].description,
)
def bronze_news_articles(
    context: dg.AssetExecutionContext,
    config: NewsIngestConfig,
    lake: LakeResource,
    spark: SparkResource,
    landing: LandingResource,
) -> dg.MaterializeResult:
    sources = config.sources or _landing_files_of(context, spark.session(), lake.config, landing.news_dir())
    summary = jobs.ingest_bronze(
        spark.session(), lake.config, sources, timeout=config.timeout_seconds, retries=config.retries
    )
    for reason in summary.reject_reasons:
        context.log.warning(f"rejected: {reason}")
    return dg.MaterializeResult(
        metadata={
            "batch_id": summary.batch_id,
            "articles_read": summary.articles_read,
            "duplicates_collapsed": summary.duplicates,
            "rejects": summary.rejects,
            "reject_reasons": dg.MetadataValue.json(list(summary.reject_reasons)),
        }
    )


@dg.asset(
    key_prefix=["silver"],
    name="news_articles",
    group_name="silver",
    **BY_LANDING_DAY,
    deps=[bronze_news_articles],
    description=catalog.TABLES[catalog.SILVER_NEWS_ARTICLES].description,
)
def silver_news_articles(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    n = jobs.refresh_silver(spark.session(), lake.config)
    return dg.MaterializeResult(metadata={"articles_extracted": n})


@dg.asset(
    key_prefix=["silver"],
    name="news_corrections",
    group_name="silver",
    **BY_LANDING_DAY,
    deps=[silver_news_articles],
    description=catalog.TABLES[catalog.SILVER_NEWS_CORRECTIONS].description,
)
def silver_news_corrections(
    context: dg.AssetExecutionContext,
    lake: LakeResource,
    spark: SparkResource,
    landing: LandingResource,
) -> dg.MaterializeResult:
    """Rebuilt from the files now in `<landing>/news_corrections/` and applied to
    silver/news_articles (a removed file's corrections are taken back); bad rows -> news_rejects."""
    n, n_rejects, reasons = jobs.refresh_corrections(spark.session(), lake.config, landing.news_corrections_dir())
    for reason in reasons:
        context.log.warning(f"rejected correction: {reason}")
    return dg.MaterializeResult(metadata={"corrections": n, "rejects": n_rejects})


@dg.asset(
    key_prefix=["silver"],
    name="news_org_mentions",
    group_name="silver",
    **BY_LANDING_DAY,
    deps=[silver_news_articles, silver_news_corrections],
    description=catalog.TABLES[catalog.SILVER_NEWS_ORG_MENTIONS].description,
)
def silver_news_org_mentions(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"rows": jobs.refresh_mentions(spark.session(), lake.config)})


@dg.asset(
    key_prefix=["gold"],
    name="news_activity",
    group_name="gold",
    **BY_LANDING_DAY,
    deps=[silver_news_articles, silver_news_corrections],
    description=catalog.TABLES[catalog.GOLD_NEWS_ACTIVITY].description,
)
def gold_news_activity(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"rows": jobs.refresh_gold(spark.session(), lake.config)})
