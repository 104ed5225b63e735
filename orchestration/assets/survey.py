"""Dagster assets of the survey path: bronze -> silver -> gold (wiring only).

No `from __future__ import annotations` in Dagster modules: Dagster resolves config and
resource annotations at definition time.
"""


import dagster as dg

from lake import catalog
from orchestration.resources import LakeResource, LandingResource, PrivacyResource, SparkResource
from transforms.survey import jobs


class SurveyIngestConfig(dg.Config):
    """Files or folders to ingest; empty = the landing folder's `survey/` subfolder."""

    paths: list[str] = []


@dg.asset(
    key_prefix=["bronze"],
    name="survey_responses",
    group_name="bronze",
    description=catalog.TABLES[catalog.BRONZE_SURVEY_RESPONSES].description,
)
def bronze_survey_responses(
    context: dg.AssetExecutionContext,
    config: SurveyIngestConfig,
    lake: LakeResource,
    spark: SparkResource,
    landing: LandingResource,
    privacy: PrivacyResource,
) -> dg.MaterializeResult:
    paths = config.paths or [str(landing.survey_dir())]
    results = jobs.ingest_bronze(spark.session(), lake.config, paths, privacy.get_salt())
    for r in results:
        context.log.info(f"{r.path}: {'already ingested, skipped' if r.skipped else f'{r.rows_read} rows read'}")
    return dg.MaterializeResult(
        metadata={
            "files_ingested": sum(not r.skipped for r in results),
            "files_skipped": sum(r.skipped for r in results),
            "rows_read": sum(r.rows_read for r in results),
        }
    )


@dg.asset(
    key_prefix=["silver"],
    name="survey_responses",
    group_name="silver",
    deps=[bronze_survey_responses],
    description=catalog.TABLES[catalog.SILVER_SURVEY_RESPONSES].description,
)
def silver_survey_responses(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    counts = jobs.refresh_silver(spark.session(), lake.config)
    return dg.MaterializeResult(metadata=counts)


@dg.asset(
    key_prefix=["gold"],
    name="ai_adoption",
    group_name="gold",
    deps=[silver_survey_responses],
    description=catalog.TABLES[catalog.GOLD_AI_ADOPTION].description,
)
def gold_ai_adoption(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    counts = jobs.refresh_gold(spark.session(), lake.config)
    return dg.MaterializeResult(metadata=counts)
