"""Data-quality rules of the survey tables, as plain functions (used by Dagster asset checks)."""

from __future__ import annotations

from pyspark.sql import SparkSession

from lake import catalog, delta_io
from lake.config import LakeConfig
from transforms.survey.indicators import MIN_RESPONDENTS
from transforms.survey.schema import PERSONAL

SILVER_AND_GOLD = (
    catalog.SILVER_SURVEY_RESPONSES,
    catalog.SILVER_SURVEY_REJECTS,
    catalog.GOLD_AI_ADOPTION,
    catalog.GOLD_AI_TECHNOLOGIES,
    catalog.GOLD_AI_BARRIERS,
)


def counts_add_up(spark: SparkSession, config: LakeConfig) -> tuple[bool, dict]:
    """Every ingested file: rows read = accepted + rejected."""
    from transforms.survey.jobs import SURVEY_INGEST_LOG

    path = config.table_path(SURVEY_INGEST_LOG)
    if not delta_io.exists(spark, path):
        return True, {"files": 0}
    log = delta_io.read(spark, path)
    bad = [r["source_file"] for r in log.where("rows_read != accepted + rejected").select("source_file").collect()]
    return not bad, {"files": log.count(), "files_not_adding_up": len(bad), "examples": ", ".join(bad[:5])}


def suppression_respected(spark: SparkSession, config: LakeConfig) -> tuple[bool, dict]:
    """Gold cells below MIN_RESPONDENTS are suppressed (`primary`), suppressed cells (primary or
    secondary) have null figures, published ones have figures."""
    meta: dict = {}
    ok = True
    for table, share in (
        (catalog.GOLD_AI_ADOPTION, "weighted_share"),
        (catalog.GOLD_AI_TECHNOLOGIES, "share_of_users"),
        (catalog.GOLD_AI_BARRIERS, "share_of_non_users"),
    ):
        path = config.table_path(table)
        if not delta_io.exists(spark, path):
            continue
        df = delta_io.read(spark, path)
        # primary = fewer than MIN_RESPONDENTS; secondary suppression (lake-tables-v2) adds more.
        primary = (f"(respondents < {MIN_RESPONDENTS}) != coalesce(suppression = 'primary', false) "
                   "OR suppressed != (suppression IS NOT NULL)") if "suppression" in df.columns \
            else f"(respondents < {MIN_RESPONDENTS}) != suppressed"
        bad = df.where(
            f"{primary} OR (suppressed AND {share} IS NOT NULL) OR (NOT suppressed AND {share} IS NULL)"
        ).count()
        meta[table] = bad
        ok &= bad == 0
    return ok, meta


def no_personal_data(spark: SparkSession, config: LakeConfig) -> tuple[bool, dict]:
    """No silver or gold survey table has a personal-data column."""
    found = {}
    for table in SILVER_AND_GOLD:
        path = config.table_path(table)
        if delta_io.exists(spark, path):
            cols = sorted(set(PERSONAL) & set(delta_io.read(spark, path).columns))
            if cols:
                found[table] = ", ".join(cols)
    return not found, found or {"tables_checked": len(SILVER_AND_GOLD)}
