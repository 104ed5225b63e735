"""Validate and type bronze survey rows: DataFrame in, (accepted, rejected) out. Pure, no I/O.

Each row gets at most one reject reason: the first rule it breaks in `reasons.REASON_ORDER`.
All parsing is Spark column expressions (`try_*` functions, so ANSI mode never aborts a batch
on one bad value); nothing runs per row in Python.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.window import Window

from lake import waves
from transforms.survey import mapping, reasons
from transforms.survey.pii import reject_value
from transforms.survey.schema import BARRIERS, CONTRACT_COLUMNS, PERSONAL, REQUIRED, TECHNOLOGIES

__all__ = [
    "BARRIERS",
    "REQUIRED",
    "TECHNOLOGIES",
    "USES_AI_CODES",
    "classify",
    "conform",
    "latest_submission",
    "parse_number",
    "parse_timestamp",
    "size_class",
]

USES_AI_CODES = {
    "ja": "yes",
    "yes": "yes",
    "1": "yes",
    "1.0": "yes",
    "nein": "no",
    "no": "no",
    "0": "no",
    "0.0": "no",
    "geplant": "planned",
    "planned": "planned",
    "2": "planned",
    "2.0": "planned",
}
FLAG_CODES = {"1": True, "1.0": True, "0": False, "0.0": False}
# Land codes (first two AGS digits) of the 16 Länder: a 5-digit key with one of these but not
# 14/16 is a German district outside the survey region.
LAND_CODES = tuple(f"{i:02d}" for i in range(1, 17))
REGION_CODES = ("14", "16")
DATE_FORMATS = (
    "yyyy-MM-dd HH:mm:ss",
    "yyyy-MM-dd HH:mm",
    "yyyy-MM-dd",
    "d.M.yyyy H:mm:ss",
    "d.M.yyyy H:mm",
    "d.M.yyyy",
)
# Numbers beyond these are not survey answers but typos or overflow (a 310-digit weight is infinity).
MAX_FINITE = 1e15
MAX_EMPLOYEES = 1_000_000  # more persons than any enterprise of the region employs
MAX_WEIGHT = 1_000_000.0  # a design weight is at most the number of enterprises in the population
MAX_BUDGET_EUR = 1e12
# Timestamps a little after the ingest time are still accepted (time zones, clock skew).
FUTURE_TOLERANCE = "INTERVAL 1 DAY"


def _text(df: DataFrame, name: str) -> Column:
    """Trimmed text of a column; empty or missing column -> null."""
    if name not in df.columns:
        return F.lit(None).cast("string")
    t = F.trim(F.col(name))
    return F.when(t != "", t)


def size_class(employees: Column) -> Column:
    """Size classes of the contract: 1-9, 10-49, 50-249, 250+."""
    return F.when(employees < 10, "1-9").when(employees < 50, "10-49").when(employees < 250, "50-249").otherwise("250+")


def parse_number(text: Column, decimal_comma: Column) -> Column:
    """Text -> double, accepting `1,25`, `12.500,00`, `12,500.00`, `1.25`; null if not a number.

    `12.500` is ambiguous: in a German file (`decimal_comma`, i.e. `;`-delimited) the dot groups
    thousands (12500), elsewhere it is a decimal point (12.5).
    """
    t = F.regexp_replace(text, r"^\+", "")
    normal = (
        F.when(t.rlike(r"^-?\d{1,3}(\.\d{3})+,\d+$"), F.regexp_replace(F.regexp_replace(t, r"\.", ""), ",", "."))
        .when(t.rlike(r"^-?\d{1,3}(,\d{3})+\.\d+$"), F.regexp_replace(t, ",", ""))
        .when(t.rlike(r"^-?\d+,\d+$"), F.regexp_replace(t, ",", "."))
        .when(t.rlike(r"^-?\d{1,3}(\.\d{3})+$") & decimal_comma, F.regexp_replace(t, r"\.", ""))
        .when(t.rlike(r"^-?\d+(\.\d+)?$"), t)
    )
    value = normal.try_cast("double")
    # A 310-digit number casts to infinity: non-finite (and NaN) is not a number here.
    return F.when(F.abs(value) <= F.lit(MAX_FINITE), value)


def parse_timestamp(text: Column) -> Column:
    """ISO (`2025-08-14`, `2025-08-14T09:30[:00]`) or German (`14.08.2025[ 09:30]`) -> timestamp.

    Impossible dates such as 31.02.2025 give null, never a rolled-over date.
    """
    t = F.regexp_replace(text, r"^(\d{4}-\d{2}-\d{2})T", "$1 ")
    return F.coalesce(*[F.try_to_timestamp(t, F.lit(fmt)) for fmt in DATE_FORMATS])


def _code(text: Column, mapping: dict) -> Column:
    m = F.create_map(*[F.lit(x) for kv in mapping.items() for x in kv])
    return m[F.lower(text)]


def conform(bronze: DataFrame, districts: DataFrame) -> tuple[DataFrame, DataFrame]:
    """Split bronze rows into typed accepted rows and rejects with a reason (first rule broken).

    ``districts`` needs `ags` and `land` (silver/districts). Rejects carry the raw values of the
    contract columns except personal data (`contact_email`, `comment` stay in bronze).
    """
    return split(classify(bronze, districts))


# Inputs of the rules only (bronze parse flags, join key, ingest time): `classify` drops them.
_RULE_INPUTS = ("_malformed", "_conflicts", "_decimal_comma", "_known_ags", "_now")


def classify(bronze: DataFrame, districts: DataFrame) -> DataFrame:
    """Every bronze row with its parsed values (`_wave`, `_land`, ...) and `_reason` (null = valid).

    Keeps the bronze columns (except the parse flags `_malformed`, `_decimal_comma`, which the
    rules have consumed) so that `split` can carry raw values into the rejects.

    The one expensive step of conforming (parsing, rules, district join). A caller that needs
    both halves and their counts persists this frame once and derives everything from it
    (`split`), instead of running the parse once per output.
    """
    bronze = mapping.apply_values(bronze)  # survey-tool codes -> contract values (raw kept for rejects)
    decimal_comma = F.col("_decimal_comma") if "_decimal_comma" in bronze.columns else F.lit(False)
    malformed = F.col("_malformed") if "_malformed" in bronze.columns else F.lit(False)
    conflicts = F.col("_conflicts") if "_conflicts" in bronze.columns else F.lit(None).cast("string")
    ingested = F.col("_ingested_at") if "_ingested_at" in bronze.columns else F.current_timestamp()

    ags = _text(bronze, "ags")
    emp_text = _text(bronze, "employees")
    # Whole numbers only, separators as the contract states: in a German (`;`) file `.` groups
    # thousands (`1.000` = 1000) and `,0` (or `.0`, never three digits) is a decimal zero;
    # elsewhere `.0` is (Excel's `12.0`).
    # Anything else with a separator (`1.5`, `1,000` in a `,` file) is ambiguous: rejected.
    emp_norm = (
        F.when(emp_text.rlike(r"^\+?\d+$"), F.regexp_extract(emp_text, r"^\+?(\d+)", 1))
        .when(
            decimal_comma & emp_text.rlike(r"^\+?\d{1,3}(\.\d{3})+$"),
            F.regexp_replace(F.regexp_extract(emp_text, r"^\+?(.*)$", 1), r"\.", ""),
        )
        .when(decimal_comma & emp_text.rlike(r"^\+?\d+(,0+|\.0{1,2})$"), F.regexp_extract(emp_text, r"^\+?(\d+)", 1))
        .when(~decimal_comma & emp_text.rlike(r"^\+?\d+\.0+$"), F.regexp_extract(emp_text, r"^\+?(\d+)", 1))
    )
    typed = bronze.select(
        "*",
        F.upper(_text(bronze, "wave")).alias("_wave"),
        parse_timestamp(_text(bronze, "submitted_at")).alias("_submitted_at"),
        F.when(ags.rlike(r"^\d{4}$"), F.lpad(ags, 5, "0")).otherwise(ags).alias("_ags"),
        F.upper(_text(bronze, "nace_section")).alias("_nace"),
        emp_norm.try_cast("int").alias("_employees"),
        _code(_text(bronze, "uses_ai"), USES_AI_CODES).alias("_uses_ai"),
        parse_number(_text(bronze, "weight"), decimal_comma).alias("_weight"),
        parse_number(_text(bronze, "ai_budget_eur"), decimal_comma).alias("_budget"),
        *[_code(_text(bronze, c), FLAG_CODES).alias(f"_f_{c}") for c in (*TECHNOLOGIES, *BARRIERS)],
        ingested.alias("_now"),
    )
    known = districts.select(F.col("ags").alias("_known_ags"), F.col("land").alias("_land"))
    df = typed.join(F.broadcast(known), typed["_ags"] == known["_known_ags"], "left")

    missing_cols = [F.when(_text(bronze, c).isNull(), F.lit(c)) for c in REQUIRED]
    missing = F.concat_ws(", ", *missing_cols)
    is5 = F.col("_ags").rlike(r"^\d{5}$")
    land_code = F.substring(F.col("_ags"), 1, 2)
    outside = is5 & F.col("_land").isNull() & land_code.isin(*LAND_CODES) & ~land_code.isin(*REGION_CODES)
    bad_flag: Column = F.lit(False)
    for c in (*TECHNOLOGIES, *BARRIERS):
        cond = _text(bronze, c).isNotNull() & F.col(f"_f_{c}").isNull()
        bad_flag = bad_flag | cond
    weight_text, budget_text = _text(bronze, "weight"), _text(bronze, "ai_budget_eur")
    bad_weight = F.col("_weight").isNull() | (F.col("_weight") <= 0) | (F.col("_weight") > MAX_WEIGHT)
    bad_budget = F.col("_budget").isNull() | (F.col("_budget") < 0) | (F.col("_budget") > MAX_BUDGET_EUR)
    bad_number = (weight_text.isNotNull() & bad_weight) | (budget_text.isNotNull() & bad_budget)
    rules: dict[str, tuple[Column, Column]] = {
        reasons.MALFORMED_ROW: (malformed, F.lit("row does not split into the header's columns")),
        reasons.CONFLICTING_DUPLICATE_COLUMN: (
            conflicts.isNotNull(),
            F.concat(F.lit("columns named twice with different values: "), conflicts),
        ),
        reasons.MISSING_REQUIRED_FIELD: (missing != "", F.concat(F.lit("empty: "), missing)),
        reasons.BAD_WAVE: (
            ~F.col("_wave").rlike(waves.WAVE_PATTERN),
            F.concat(F.lit("wave="), reject_value(F.col("wave"))),
        ),
        reasons.UNPARSEABLE_DATE: (
            F.col("_submitted_at").isNull(),
            F.concat(F.lit("submitted_at="), reject_value(F.col("submitted_at"))),
        ),
        reasons.FUTURE_DATE: (
            F.col("_submitted_at") > F.col("_now") + F.expr(FUTURE_TOLERANCE),
            F.concat(F.lit("submitted_at="), reject_value(F.col("submitted_at"))),
        ),
        reasons.UNKNOWN_AGS: (F.col("_land").isNull() & ~outside, F.concat(F.lit("ags="), reject_value(F.col("ags")))),
        reasons.AGS_OUTSIDE_REGION: (outside, F.concat(F.lit("ags="), reject_value(F.col("ags")))),
        reasons.UNKNOWN_NACE_SECTION: (
            ~F.col("_nace").rlike(r"^[A-S]$"),
            F.concat(F.lit("nace_section="), reject_value(F.col("nace_section"))),
        ),
        reasons.BAD_EMPLOYEES: (
            F.col("_employees").isNull() | (F.col("_employees") < 1) | (F.col("_employees") > MAX_EMPLOYEES),
            F.concat(F.lit("employees="), reject_value(F.col("employees"))),
        ),
        reasons.BAD_USES_AI: (F.col("_uses_ai").isNull(), F.concat(F.lit("uses_ai="), reject_value(F.col("uses_ai")))),
        reasons.BAD_FLAG: (bad_flag, F.lit("a tech_*/barrier_* value is not 0/1")),
        reasons.BAD_NUMBER: (
            bad_number,
            F.concat_ws(
                "; ",
                F.concat(F.lit("weight="), reject_value(weight_text)),
                F.concat(F.lit("ai_budget_eur="), reject_value(budget_text)),
            ),
        ),
    }
    reason: Column | None = None
    detail: Column | None = None
    for code in reasons.REASON_ORDER:
        if code not in rules:
            continue
        cond, text = rules[code]
        reason = F.when(cond, F.lit(code)) if reason is None else reason.when(cond, F.lit(code))
        detail = F.when(cond, text) if detail is None else detail.when(cond, text)
    assert reason is not None and detail is not None  # REASON_ORDER names the rules above
    return df.withColumn("_reason", reason).withColumn("_detail", detail).drop(*_RULE_INPUTS)


def split(df: DataFrame) -> tuple[DataFrame, DataFrame]:
    """(accepted, rejects) of a `classify` result (which keeps every bronze column as it came)."""
    lineage = [c for c in ("_source_sha256", "_batch_id", "_ingested_at") if c in df.columns]
    # Raw values as received (a mapped file's export codes, not their translation), but never
    # free text: a comment shifted into another column stays out (`pii.reject_value`).
    raw_cols = [reject_value(mapping.raw_value(df, c)).alias(c) for c in CONTRACT_COLUMNS if c not in PERSONAL]
    rejects = df.where(F.col("_reason").isNotNull()).select(
        "_source_file",
        "_source_row",
        F.col("_reason").alias("reason"),
        F.col("_detail").alias("detail"),
        *raw_cols,
        *lineage,
    )
    accepted = df.where(F.col("_reason").isNull()).select(
        _text(df, "response_id").alias("response_id"),
        F.col("_wave").alias("wave"),
        F.col("_submitted_at").alias("submitted_at"),
        F.col("_ags").alias("ags"),
        F.col("_land").alias("land"),
        F.col("_nace").alias("nace_section"),
        F.col("_employees").alias("employees"),
        size_class(F.col("_employees")).alias("size_class"),
        F.col("_uses_ai").alias("uses_ai"),
        *[F.col(f"_f_{c}").alias(c) for c in (*TECHNOLOGIES, *BARRIERS)],
        F.col("_budget").alias("ai_budget_eur"),
        F.coalesce(F.col("_weight"), F.lit(1.0)).alias("weight"),
        "_source_file",
        "_source_row",
        *lineage,
    )
    return accepted, rejects


def latest_submission(accepted: DataFrame) -> DataFrame:
    """One row per (wave, response_id): the latest `submitted_at` wins (ties: later file, later row)."""
    order = [F.col("submitted_at").desc()]
    if "_ingested_at" in accepted.columns:
        order.append(F.col("_ingested_at").desc())
    order += [F.col("_source_file").desc(), F.col("_source_row").desc()]
    w = Window.partitionBy("wave", "response_id").orderBy(*order)
    return accepted.withColumn("_rank", F.row_number().over(w)).where("_rank = 1").drop("_rank")
