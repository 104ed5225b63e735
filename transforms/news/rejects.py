"""Writes `silver/news_rejects`: sources that could not be read, with the reason (not in the
contract; the survey path's `silver/survey_rejects` is its model)."""

from __future__ import annotations

import datetime as dt

from pyspark.sql import SparkSession
from pyspark.sql import types as T

from lake import delta_io
from lake.config import LakeConfig
from transforms.news.load import Reject

NEWS_REJECTS = "silver/news_rejects"
SCHEMA = T.StructType(
    [
        T.StructField("_source_file", T.StringType(), False),
        T.StructField("_source_row", T.IntegerType(), True),
        T.StructField("reason", T.StringType(), False),
        T.StructField("_ingested_at", T.TimestampType(), False),
        T.StructField("_batch_id", T.StringType(), False),
    ]
)


def write(spark: SparkSession, config: LakeConfig, rejects: list[Reject], batch_id: str, at: dt.datetime) -> int:
    if not rejects:
        return 0
    rows = [(r.source_file, r.source_row, r.reason, at, batch_id) for r in rejects]
    delta_io.append(spark.createDataFrame(rows, SCHEMA), config.table_path(NEWS_REJECTS))
    return len(rows)
