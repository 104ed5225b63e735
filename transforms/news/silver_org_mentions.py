"""Writes `silver/news_org_mentions`: who is active where — one row per (article, organisation,
Land). The Land is the organisation's own (gazetteer) when known, else each Land the article is
about; rebuilt from `silver/news_articles` on every run (small, and always consistent)."""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lake import catalog, delta_io
from lake.config import LakeConfig


def build(articles: DataFrame) -> DataFrame:
    """`organization` is the canonical name (one per organisation: "TU Dresden" for "Technische
    Universität Dresden" and "TU Dresden"), `organization_as_written` the article's spelling;
    articles an analyst excluded are left out."""
    if "excluded" in articles.columns:
        articles = articles.where(~F.coalesce(F.col("excluded"), F.lit(False)))
    orgs = articles.select(F.col("id").alias("article_id"), "month", "states", F.explode("org_details").alias("o"))
    name = F.coalesce(F.col("o.organization_key"), F.col("o.organization"))
    known = orgs.where(F.col("o.land").isNotNull()).select(
        "article_id",
        name.alias("organization"),
        F.col("o.organization").alias("organization_as_written"),
        name.alias("organization_key"),
        F.col("o.land").alias("land"),
        "month",
    )
    unknown = orgs.where(F.col("o.land").isNull()).select(
        "article_id",
        name.alias("organization"),
        F.col("o.organization").alias("organization_as_written"),
        name.alias("organization_key"),
        F.explode_outer("states").alias("land"),
        "month",
    )
    return known.unionByName(unknown).dropDuplicates(["article_id", "organization", "land"])


def write(spark: SparkSession, config: LakeConfig) -> int:
    articles = delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES))
    df = build(articles).cache()
    n = df.count()
    delta_io.overwrite(df, config.table_path(catalog.SILVER_NEWS_ORG_MENTIONS))
    df.unpersist()
    return n
