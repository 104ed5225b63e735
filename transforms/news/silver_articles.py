"""Writes `silver/news_articles`: one row per article with the news-extract-v1 fields.

Besides the contract fields: `org_details` (organisation, gazetteer key, its Land), `title`,
`url`, `url_key`, `published_date`, `month` (event month, else publication month, else a month
named in the dateline), `text_hash`, lineage. The text itself stays in bronze (join on `id`).

Extraction runs inside Spark (`mapInPandas`): each Python worker extracts its partition's
articles in Arrow batches; the driver only plans. Rows are MERGEd by `id`; an article whose
normalised URL is already in silver under another id is a duplicate and is not added again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from lake import catalog, delta_io
from lake.config import LakeConfig

EXTRACTOR_VERSION = "2"

ORG_STRUCT = T.StructType(
    [
        T.StructField("organization", T.StringType()),
        T.StructField("organization_key", T.StringType()),
        T.StructField("land", T.StringType()),
    ]
)
EXTRACTED_SCHEMA = T.StructType(
    [
        T.StructField("id", T.StringType(), False),
        T.StructField("language", T.StringType()),
        T.StructField("states", T.ArrayType(T.StringType())),
        T.StructField("cities", T.ArrayType(T.StringType())),
        T.StructField("organizations", T.ArrayType(T.StringType())),
        T.StructField("funding_eur", T.DoubleType()),
        T.StructField("event_date", T.DateType()),
        T.StructField("topics", T.ArrayType(T.StringType())),
        T.StructField("org_details", T.ArrayType(ORG_STRUCT)),
        T.StructField("published_date", T.DateType()),
        T.StructField("month", T.DateType()),
        T.StructField("title", T.StringType()),
        T.StructField("url", T.StringType()),
        T.StructField("url_key", T.StringType()),
        T.StructField("text_hash", T.StringType()),
        T.StructField("_source_file", T.StringType()),
        T.StructField("_batch_id", T.StringType()),
        T.StructField("extractor_version", T.StringType()),
        # the extractor's own values; the columns above show analysts' corrections (transforms/news/corrections.py)
        T.StructField("states_extracted", T.ArrayType(T.StringType())),
        T.StructField("funding_eur_extracted", T.DoubleType()),
        T.StructField("organizations_extracted", T.ArrayType(T.StringType())),
        T.StructField("topics_extracted", T.ArrayType(T.StringType())),
        T.StructField("event_date_extracted", T.DateType()),
        T.StructField("month_extracted", T.DateType()),
        T.StructField("org_details_extracted", T.ArrayType(ORG_STRUCT)),
        T.StructField("excluded", T.BooleanType()),
        T.StructField("corrected_fields", T.ArrayType(T.StringType())),
    ]
)
EXTRACTED_COPIES = ("states", "funding_eur", "organizations", "topics", "event_date", "month", "org_details")
INPUT_COLUMNS = ["id", "text", "title", "published", "language", "url", "_source_file", "_batch_id"]


def _extract_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """mapInPandas body: extract every article of each Arrow batch (runs in the Python workers)."""
    from transforms.news import dates
    from transforms.news.extract import extract_with_details
    from transforms.news.load import normalise_url, web_url
    from transforms.news.text import stable_id

    for pdf in batches:
        out = []
        for row in pdf.to_dict("records"):
            lang = row["language"] if row["language"] in ("de", "en") else None
            r = extract_with_details(
                row["text"] or "", id=row["id"], title=row["title"], published=row["published"], language=lang
            )
            details = r["org_details"]
            published = dates._parse_published(row["published"])
            event = dt.date.fromisoformat(r["event_date"]) if r["event_date"] else None
            anchor = event or published or dates.reported_month(row["text"] or "")
            month = anchor.replace(day=1) if anchor else None
            out.append(
                {
                    **{f"{k}_extracted": r[k] for k in ("states", "funding_eur", "organizations", "topics")},
                    "event_date_extracted": event,
                    "month_extracted": month,
                    "org_details_extracted": details,
                    "excluded": False,
                    "corrected_fields": [],
                    **{
                        k: r[k]
                        for k in ("id", "language", "states", "cities", "organizations", "funding_eur", "topics")
                    },
                    "event_date": event,
                    "org_details": details,
                    "published_date": published,
                    "month": month,
                    "title": row["title"],
                    "url": web_url(row["url"]),  # only http(s) links, also for bronze rows of older loaders
                    "url_key": normalise_url(web_url(row["url"])),
                    "text_hash": stable_id(row["text"] or ""),
                    "_source_file": row["_source_file"],
                    "_batch_id": row["_batch_id"],
                    "extractor_version": EXTRACTOR_VERSION,
                }
            )
        yield pd.DataFrame(out, columns=EXTRACTED_SCHEMA.fieldNames())


def extract(df: DataFrame) -> DataFrame:
    """Bronze-shaped rows (`INPUT_COLUMNS`) -> extracted rows (`EXTRACTED_SCHEMA`), in Spark."""
    return df.select(*INPUT_COLUMNS).mapInPandas(_extract_partition, EXTRACTED_SCHEMA)


def drop_known_urls(spark: SparkSession, config: LakeConfig, df: DataFrame) -> DataFrame:
    """Articles whose normalised URL silver already holds under another id are duplicates."""
    path = config.table_path(catalog.SILVER_NEWS_ARTICLES)
    if not delta_io.exists(spark, path):
        return df
    known = (
        delta_io.read(spark, path)
        .where(F.col("url_key").isNotNull())
        .select(F.col("url_key").alias("_k"), F.col("id").alias("_kid"))
    )
    joined = df.join(known, df.url_key == known._k, "left")
    return joined.where(F.col("_k").isNull() | (F.col("_kid") == F.col("id"))).drop("_k", "_kid")


def migrate(spark: SparkSession, config: LakeConfig) -> None:
    """Give a silver table written before corrections existed its `<field>_extracted` columns."""
    path = config.table_path(catalog.SILVER_NEWS_ARTICLES)
    if not delta_io.exists(spark, path):
        return
    df = delta_io.read(spark, path)
    if "funding_eur_extracted" in df.columns:
        return
    for name in EXTRACTED_COPIES:
        df = df.withColumn(f"{name}_extracted", F.col(name))
    df = df.withColumn("excluded", F.lit(False)).withColumn("corrected_fields", F.array().cast("array<string>"))
    delta_io.overwrite(df.select(*EXTRACTED_SCHEMA.fieldNames()), path)


def apply_corrections(spark: SparkSession, config: LakeConfig) -> int:
    """Recompute the corrected columns of `silver/news_articles` from `<field>_extracted` and
    `silver/news_corrections` (every article; silver is small). Returns the corrected articles."""
    from transforms.news import corrections

    path = config.table_path(catalog.SILVER_NEWS_ARTICLES)
    if not delta_io.exists(spark, path):
        return 0
    migrate(spark, config)
    applied = corrections.apply(delta_io.read(spark, path), corrections.read_table(spark, config))
    applied = applied.select(*EXTRACTED_SCHEMA.fieldNames()).localCheckpoint()  # read and overwrite the same table
    delta_io.overwrite(applied, path)
    return applied.where(F.size("corrected_fields") > 0).count()


def write(spark: SparkSession, config: LakeConfig, extracted: DataFrame) -> None:
    migrate(spark, config)
    delta_io.merge(
        spark,
        extracted,
        config.table_path(catalog.SILVER_NEWS_ARTICLES),
        keys=list(catalog.TABLES[catalog.SILVER_NEWS_ARTICLES].merge_keys),
        update_condition="NOT (s.text_hash <=> t.text_hash) OR NOT (s.extractor_version <=> t.extractor_version)",
    )
