"""Dagster assets of the news path: bronze -> silver (articles, org mentions) -> gold (wiring only).

No `from __future__ import annotations` in Dagster modules: Dagster resolves config and
resource annotations at definition time.
"""


import dagster as dg

import transforms.news  # noqa: F401  (Spark's Python workers use this interpreter)
from lake import catalog
from orchestration.resources import LakeResource, LandingResource, SparkResource
from transforms.news import jobs


class NewsIngestConfig(dg.Config):
    """Folders, files or feed URLs to ingest; empty = the landing folder's `news/` subfolder."""

    sources: list[str] = []
    timeout_seconds: float = 10.0
    retries: int = 3


@dg.asset(
    key_prefix=["bronze"],
    name="news_articles",
    group_name="bronze",
    description=catalog.TABLES[catalog.BRONZE_NEWS_ARTICLES].description,
)
def bronze_news_articles(
    context: dg.AssetExecutionContext,
    config: NewsIngestConfig,
    lake: LakeResource,
    spark: SparkResource,
    landing: LandingResource,
) -> dg.MaterializeResult:
    sources = config.sources or [str(landing.news_dir())]
    summary = jobs.ingest_bronze(spark.session(), lake.config, sources,
                                 timeout=config.timeout_seconds, retries=config.retries)
    for reason in summary.reject_reasons:
        context.log.warning(f"rejected: {reason}")
    return dg.MaterializeResult(metadata={
        "batch_id": summary.batch_id,
        "articles_read": summary.articles_read,
        "duplicates_collapsed": summary.duplicates,
        "rejects": summary.rejects,
    })


@dg.asset(
    key_prefix=["silver"],
    name="news_articles",
    group_name="silver",
    deps=[bronze_news_articles],
    description=catalog.TABLES[catalog.SILVER_NEWS_ARTICLES].description,
)
def silver_news_articles(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    n = jobs.refresh_silver(spark.session(), lake.config)
    return dg.MaterializeResult(metadata={"articles_extracted": n})


@dg.asset(
    key_prefix=["silver"],
    name="news_org_mentions",
    group_name="silver",
    deps=[silver_news_articles],
    description=catalog.TABLES[catalog.SILVER_NEWS_ORG_MENTIONS].description,
)
def silver_news_org_mentions(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"rows": jobs.refresh_mentions(spark.session(), lake.config)})


@dg.asset(
    key_prefix=["gold"],
    name="news_activity",
    group_name="gold",
    deps=[silver_news_articles],
    description=catalog.TABLES[catalog.GOLD_NEWS_ACTIVITY].description,
)
def gold_news_activity(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"rows": jobs.refresh_gold(spark.session(), lake.config)})
