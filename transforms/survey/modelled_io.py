"""Reads what the small-area model needs and writes `gold/ai_adoption_modelled` (the only writer).

Spark does the one pass over the microdata (respondent aggregates per wave × district × size
class × NACE section: a few thousand rows even for millions of responses); the model itself runs
on the driver in numpy (`transforms.survey.modelled`). Every wave is recomputed on each run: the
other-waves covariate ties the waves together, and the whole table takes seconds.
"""

from __future__ import annotations

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lake import catalog, delta_io
from lake.config import LakeConfig
from transforms.survey.modelled import modelled_table

SCHEMA = (
    "wave string, land string, ags string, respondents int, direct_share double, direct_ci_low double, "
    "direct_ci_high double, modelled_share double, modelled_ci_low double, modelled_ci_high double, "
    "method string, model string, benchmark_weight double"
)


def respondent_cells(silver: DataFrame) -> pd.DataFrame:
    """n, Σw, Σw², Σw·y (y = uses_ai is yes) per wave × ags × size_class × nace_section."""
    w = F.col("weight").cast("double")
    y = F.when(F.col("uses_ai") == "yes", 1.0).otherwise(0.0)
    return (
        silver.select(
            "wave",
            "ags",
            F.coalesce(F.col("size_class"), F.lit("unknown")).alias("size_class"),
            F.coalesce(F.col("nace_section"), F.lit("unknown")).alias("nace_section"),
            w.alias("_w"),
            (w * y).alias("_wy"),
        )
        .groupBy("wave", "ags", "size_class", "nace_section")
        .agg(
            F.count(F.lit(1)).alias("n"),
            F.sum("_w").alias("sw"),
            F.sum(F.col("_w") * F.col("_w")).alias("sw2"),
            F.sum("_wy").alias("swy"),
        )
        .toPandas()
    )


def direct_rows(gold: DataFrame) -> pd.DataFrame:
    """The district and Land rows of gold/ai_adoption (all sections, all size classes)."""
    return (
        gold.where(F.col("nace_section").isNull() & F.col("size_class").isNull() & F.col("land").isNotNull())
        .select("wave", "land", "ags", "respondents", "weighted_share", "ci_low", "ci_high")
        .toPandas()
    )


def build_modelled(spark: SparkSession, config: LakeConfig) -> pd.DataFrame:
    """The modelled table from silver/survey_responses, silver/districts and gold/ai_adoption."""
    for table in (catalog.SILVER_SURVEY_RESPONSES, catalog.SILVER_DISTRICTS, catalog.GOLD_AI_ADOPTION):
        if not delta_io.exists(spark, config.table_path(table)):
            raise FileNotFoundError(f"{table} does not exist at {config.table_path(table)}: build it first")
    cells = respondent_cells(delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_RESPONSES)))
    districts = (
        delta_io.read(spark, config.table_path(catalog.SILVER_DISTRICTS))
        .select("ags", "land", "kind", "population")
        .toPandas()
    )
    direct = direct_rows(delta_io.read(spark, config.table_path(catalog.GOLD_AI_ADOPTION)))
    return modelled_table(cells, districts, direct)


def refresh_modelled(spark: SparkSession, config: LakeConfig) -> dict:
    """Recompute and overwrite `gold/ai_adoption_modelled` (one commit); nothing to do (and no
    write) while an input table does not exist yet."""
    try:
        table = build_modelled(spark, config)
    except FileNotFoundError as exc:
        return {"rows_written": 0, "skipped": str(exc), "models": []}
    rows = table.astype(object).where(table.notna(), None).itertuples(index=False, name=None)
    df = spark.createDataFrame(list(rows), SCHEMA)
    delta_io.overwrite(df.repartition(1), config.table_path(catalog.GOLD_AI_ADOPTION_MODELLED))
    return {
        "rows_written": len(table),
        "waves": int(table["wave"].nunique()),
        "eblup": int((table["method"] == "eblup").sum()),
        "synthetic": int((table["method"] == "synthetic").sum()),
        "models": sorted(set(table["model"])),
    }
