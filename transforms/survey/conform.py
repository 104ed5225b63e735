"""Validate and type bronze survey rows: DataFrame in, (accepted, rejected) out. Pure, no I/O."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from transforms.survey import reasons

REQUIRED = ("response_id", "wave", "submitted_at", "ags", "nace_section", "employees", "uses_ai")
TECHNOLOGIES = (
    "tech_text_mining", "tech_speech", "tech_generative", "tech_image",
    "tech_ml_analytics", "tech_automation", "tech_robotics",
)
BARRIERS = (
    "barrier_cost", "barrier_expertise", "barrier_data", "barrier_legal",
    "barrier_privacy", "barrier_ethics", "barrier_not_useful",
)
USES_AI_CODES = {"ja": "yes", "yes": "yes", "1": "yes", "nein": "no", "no": "no", "0": "no",
                 "geplant": "planned", "planned": "planned", "2": "planned"}


def _text(df: DataFrame, name: str) -> Column:
    return F.trim(F.col(name)) if name in df.columns else F.lit(None).cast("string")


def size_class(employees: Column) -> Column:
    """Size classes of the contract: 1-9, 10-49, 50-249, 250+."""
    return (
        F.when(employees < 10, "1-9")
        .when(employees < 50, "10-49")
        .when(employees < 250, "50-249")
        .otherwise("250+")
    )


def conform(bronze: DataFrame, districts: DataFrame) -> tuple[DataFrame, DataFrame]:
    """Split bronze rows into typed accepted rows and rejects with a reason (first rule broken)."""
    mapping = F.create_map(*[F.lit(x) for kv in USES_AI_CODES.items() for x in kv])
    df = bronze.select(
        "*",
        _text(bronze, "wave").alias("_wave"),
        F.coalesce(
            F.try_to_timestamp(_text(bronze, "submitted_at"), F.lit("yyyy-MM-dd'T'HH:mm:ss")),
            F.try_to_timestamp(_text(bronze, "submitted_at"), F.lit("yyyy-MM-dd")),
            F.try_to_timestamp(_text(bronze, "submitted_at"), F.lit("dd.MM.yyyy HH:mm")),
            F.try_to_timestamp(_text(bronze, "submitted_at"), F.lit("dd.MM.yyyy")),
        ).alias("_submitted_at"),
        _text(bronze, "ags").alias("_ags"),
        F.upper(_text(bronze, "nace_section")).alias("_nace"),
        _text(bronze, "employees").try_cast("int").alias("_employees"),
        mapping[F.lower(_text(bronze, "uses_ai"))].alias("_uses_ai"),
        F.regexp_replace(_text(bronze, "weight"), ",", ".").try_cast("double").alias("_weight"),
    )
    known = districts.select(F.col("ags").alias("_known_ags"), F.col("land").alias("_land"))
    df = df.join(F.broadcast(known), df["_ags"] == known["_known_ags"], "left")
    missing = None
    for name in REQUIRED:
        cond = _text(bronze, name).isNull() | (_text(bronze, name) == "")
        missing = cond if missing is None else (missing | cond)
    reason = (
        F.when(missing, reasons.MISSING_REQUIRED_FIELD)
        .when(~F.col("_wave").rlike(r"^\d{4}-Q[1-4]$"), reasons.BAD_WAVE)
        .when(F.col("_submitted_at").isNull(), reasons.UNPARSEABLE_DATE)
        .when(~F.col("_ags").rlike(r"^(14|16)\d{3}$") & F.col("_ags").rlike(r"^\d{5}$"), reasons.AGS_OUTSIDE_REGION)
        .when(F.col("_land").isNull(), reasons.UNKNOWN_AGS)
        .when(~F.col("_nace").rlike(r"^[A-S]$"), reasons.UNKNOWN_NACE_SECTION)
        .when(F.col("_employees").isNull() | (F.col("_employees") < 1), reasons.BAD_EMPLOYEES)
        .when(F.col("_uses_ai").isNull(), reasons.BAD_USES_AI)
        .when(F.col("_weight").isNotNull() & (F.col("_weight") <= 0), reasons.BAD_NUMBER)
    )
    df = df.withColumn("_reason", reason)
    raw_cols = [c for c in bronze.columns if not c.startswith("_")]
    rejects = df.where(F.col("_reason").isNotNull()).select(
        "_source_file", "_source_row", F.col("_reason").alias("reason"), *raw_cols
    )
    flags = [
        F.when(_text(bronze, c) == "1", True).when(_text(bronze, c) == "0", False).alias(c)
        for c in (*TECHNOLOGIES, *BARRIERS)
    ]
    accepted = df.where(F.col("_reason").isNull()).select(
        _text(bronze, "response_id").alias("response_id"),
        F.col("_wave").alias("wave"),
        F.col("_submitted_at").alias("submitted_at"),
        F.col("_ags").alias("ags"),
        F.col("_land").alias("land"),
        F.col("_nace").alias("nace_section"),
        F.col("_employees").alias("employees"),
        size_class(F.col("_employees")).alias("size_class"),
        F.col("_uses_ai").alias("uses_ai"),
        *flags,
        F.coalesce(F.col("_weight"), F.lit(1.0)).alias("weight"),
        "_source_file",
        "_source_row",
    )
    return accepted, rejects


def latest_submission(accepted: DataFrame) -> DataFrame:
    """One row per (wave, response_id): the latest `submitted_at` wins (ties: later file row)."""
    from pyspark.sql.window import Window

    w = Window.partitionBy("wave", "response_id").orderBy(
        F.col("submitted_at").desc(), F.col("_source_file").desc(), F.col("_source_row").desc()
    )
    return accepted.withColumn("_rank", F.row_number().over(w)).where("_rank = 1").drop("_rank")
