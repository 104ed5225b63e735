"""Writes `bronze/news_articles`: every article read, as received, plus lineage columns."""

from __future__ import annotations

import datetime as dt

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

from lake import catalog, delta_io
from lake.config import LakeConfig
from transforms.news.load import LoadResult, normalise_url

SCHEMA = T.StructType(
    [
        T.StructField("id", T.StringType(), False),
        T.StructField("url", T.StringType(), True),
        T.StructField("title", T.StringType(), True),
        T.StructField("text", T.StringType(), False),
        T.StructField("published", T.StringType(), True),
        T.StructField("language", T.StringType(), True),
        T.StructField("source_type", T.StringType(), True),
        T.StructField("duplicate_of", T.StringType(), True),
        T.StructField("_source_file", T.StringType(), False),
        T.StructField("_source_row", T.IntegerType(), True),
        T.StructField("_ingested_at", T.TimestampType(), False),
        T.StructField("_batch_id", T.StringType(), False),
    ]
)


def to_dataframe(spark: SparkSession, loaded: LoadResult, batch_id: str, ingested_at: dt.datetime) -> DataFrame:
    """Kept articles and collapsed duplicates (marked `duplicate_of`) of one batch."""
    rows = []
    for art, dup_of in [(a, None) for a in loaded.articles] + list(loaded.duplicates):
        rows.append(
            (
                art.key_id(),
                art.url,
                art.title,
                art.text,
                art.published,
                art.language,
                art.source_type,
                dup_of,
                art.source_file,
                art.source_row,
                ingested_at,
                batch_id,
            )
        )
    return spark.createDataFrame(rows, SCHEMA)


def write(spark: SparkSession, config: LakeConfig, df: DataFrame) -> None:
    delta_io.append(df, config.table_path(catalog.BRONZE_NEWS_ARTICLES))


__all__ = ["SCHEMA", "to_dataframe", "write", "normalise_url"]
