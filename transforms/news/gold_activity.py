"""Writes `gold/news_activity`: articles and announced funding per month × Land × topic.

`month` is the first day of the event's month, else of the publication month; `land` and
`topic` come from the article's lists (an article counts once in each of its Länder and topics,
so its funding does too: sum over one dimension at a time, never over land × topic). Articles
without a date, Land or topic keep a null in that column instead of being dropped.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lake import catalog, delta_io
from lake.config import LakeConfig


def build(articles: DataFrame) -> DataFrame:
    if "excluded" in articles.columns:  # an analyst took the article out (silver/news_corrections)
        articles = articles.where(~F.coalesce(F.col("excluded"), F.lit(False)))
    rows = articles.select(
        "id",
        "month",
        "funding_eur",
        F.explode_outer("states").alias("land"),
    ).join(articles.select("id", F.explode_outer("topics").alias("topic")), "id")
    return (
        rows.groupBy("month", "land", "topic")
        .agg(
            F.countDistinct("id").cast("long").alias("articles"),
            F.sum("funding_eur").cast("double").alias("funding_eur"),
        )
        .select("month", "land", "topic", "articles", "funding_eur")
    )


def write(spark: SparkSession, config: LakeConfig) -> int:
    articles = delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES))
    df = build(articles).cache()
    n = df.count()
    delta_io.overwrite(df, config.table_path(catalog.GOLD_NEWS_ACTIVITY))
    df.unpersist()
    return n
