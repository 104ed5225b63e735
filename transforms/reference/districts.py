"""Writes `silver/districts` from the district reference shipped in `lake/reference/districts.csv`."""

from __future__ import annotations

import csv
from importlib import resources

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import LongType, StringType, StructField, StructType

from lake import catalog, delta_io
from lake.config import LakeConfig

SCHEMA = StructType(
    [
        StructField("ags", StringType(), False),
        StructField("name", StringType(), False),
        StructField("land", StringType(), False),
        StructField("nuts3", StringType(), False),
        StructField("kind", StringType(), False),
        StructField("population", LongType(), False),
    ]
)


def reference_rows() -> list[dict[str, str]]:
    """The reference rows as dicts (ags, name, land, nuts3, kind, population)."""
    text = resources.files("lake").joinpath("reference/districts.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def districts_frame(spark: SparkSession) -> DataFrame:
    rows = [(r["ags"], r["name"], r["land"], r["nuts3"], r["kind"], int(r["population"])) for r in reference_rows()]
    return spark.createDataFrame(rows, SCHEMA)


def write_districts(spark: SparkSession, config: LakeConfig) -> int:
    """Upsert the reference into `silver/districts` (no new version when nothing changed)."""
    df = districts_frame(spark)
    cols = [f.name for f in SCHEMA.fields if f.name != "ags"]
    changed = " OR ".join(f"NOT (t.`{c}` <=> s.`{c}`)" for c in cols)
    delta_io.merge(
        spark,
        df,
        config.table_path(catalog.SILVER_DISTRICTS),
        list(catalog.TABLES[catalog.SILVER_DISTRICTS].merge_keys),
        update_condition=changed,
    )
    return df.count()
