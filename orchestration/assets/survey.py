"""Dagster assets of the survey path: bronze -> silver -> gold (wiring only).

Their asset checks are those of `orchestration.checks` (DuckDB, milliseconds, read-only); the
Spark copies of the same rules that used to live here made every run pay them twice.

No `from __future__ import annotations` in Dagster modules: Dagster resolves config and
resource annotations at definition time.
"""

import warnings
from pathlib import Path

import dagster as dg

from lake import catalog, delta_log, storage
from orchestration.partitions import BACKFILL_POLICY_BETA_WARNING, BY_WAVE
from orchestration.resources import LakeResource, LandingResource, PrivacyResource, SparkResource
from transforms.reference.districts import write_districts
from transforms.survey import jobs, modelled_io
from transforms.survey.mapping import MappingError, load_mapping
from transforms.survey.read import expand_paths

warnings.filterwarnings("ignore", message=BACKFILL_POLICY_BETA_WARNING)


class SurveyIngestConfig(dg.Config):
    """Files or folders to ingest; empty = the landing folder's `survey/` subfolder.

    `mapping`: a survey-tool mapping file (survey-mapping-v1 YAML) every file is read through;
    empty = the files are in the contract's own columns (survey-export-v1).
    """

    paths: list[str] = []
    mapping: str = ""


def _md_table(rows: list[dict], columns: list[str]) -> str:
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    return head + "".join("| " + " | ".join(str(r.get(c, "")) for c in columns) + " |\n" for r in rows)


@dg.asset(  # not partitioned: the district reference does not depend on a wave
    key_prefix=["silver"],
    name="districts",
    group_name="silver",
    description=catalog.TABLES[catalog.SILVER_DISTRICTS].description,
)
def silver_districts(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    rows = write_districts(spark.session(), lake.config)
    return dg.MaterializeResult(metadata={"districts": rows})


@dg.asset(
    key_prefix=["bronze"],
    name="survey_responses",
    group_name="bronze",
    **BY_WAVE,
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
    paths = [p for p in paths if Path(p).exists()] if not config.paths else paths
    try:
        mapping = load_mapping(config.mapping) if config.mapping else None
    except MappingError as exc:
        raise dg.Failure(description=f"{exc}; nothing of {', '.join(map(str, paths))} was written") from None
    # Every table this run writes must have a whole log before the first of them moves on: a
    # truncated silver commit found only after bronze committed would leave the tables apart.
    for table in catalog.tables_in(domain="survey", contract_only=False):
        try:
            delta_log.verify(lake.config.table_path(table))
        except delta_log.CorruptLogError as exc:
            raise dg.Failure(description=f"{exc}; nothing was written") from None
    storage.ensure_free_space(lake.config.root, sum(f.stat().st_size for f in expand_paths(paths) if f.exists()))
    results = jobs.ingest_bronze(
        spark.session(), lake.config, paths, privacy.get_salt(lake.config.root), mapping=mapping
    )
    for r in results:
        if r.error:
            context.log.error(f"cannot read survey export {r.error}")
        else:
            context.log.info(f"{r.path}: {'already ingested, skipped' if r.skipped else f'{r.rows_read} rows read'}")
    failed = [r for r in results if r.error]
    if failed:
        # The readable files are in bronze already; the run fails so that the bad file is seen
        # (and quarantined by the run-failure sensor) instead of passing unnoticed.
        raise dg.Failure(
            description="unreadable survey export(s): " + "; ".join(r.error for r in failed),
            metadata={
                "files_failed": [Path(r.path).name for r in failed],
                "files_ingested": sum(not r.skipped and not r.error for r in results),
            },
        )
    files = [
        {
            "file": Path(r.path).name,
            "format": r.kind,
            "encoding": r.encoding or "",
            "delimiter": r.delimiter or "",
            "mapping": r.mapping or "",
            "rows_read": r.rows_read,
            "skipped": r.skipped,
        }
        for r in results
    ]
    return dg.MaterializeResult(
        metadata={
            "files_ingested": sum(not r.skipped for r in results),
            "files_skipped": sum(r.skipped for r in results),
            "rows_read": sum(r.rows_read for r in results),
            "files": dg.MetadataValue.md(_md_table(files, list(files[0]) if files else ["file"])),
        }
    )


@dg.asset(
    key_prefix=["silver"],
    name="survey_responses",
    group_name="silver",
    **BY_WAVE,
    deps=[bronze_survey_responses, silver_districts],
    description=catalog.TABLES[catalog.SILVER_SURVEY_RESPONSES].description + " Also writes silver/survey_rejects.",
)
def silver_survey_responses(
    context: dg.AssetExecutionContext, lake: LakeResource, spark: SparkResource
) -> dg.MaterializeResult:
    # New bronze batches are conformed whatever their wave; the run's waves that they did not
    # touch are rebuilt from bronze, so a backfill of a wave recomputes exactly that wave.
    result = jobs.refresh_silver(spark.session(), lake.config, waves_requested=context.partition_keys)
    files = result["files"]
    table = [
        {
            "file": Path(f["file"]).name,
            "rows_read": f["rows_read"],
            "accepted": f["accepted"],
            "rejected": f["rejected"],
            "reasons": ", ".join(f"{k}: {v}" for k, v in f["rejects_by_reason"].items()),
        }
        for f in files
    ]
    return dg.MaterializeResult(
        metadata={
            "silver_rows": result["silver_rows"],
            "rejected_rows": result["rejected_rows"],
            "batches_processed": result["batches_processed"],
            "merged_waves": ", ".join(result["changed_waves"]) or "none",
            "rebuilt_waves": ", ".join(result["rebuilt_waves"]) or "none",
            "rows_read": sum(f["rows_read"] for f in files),
            "accepted": sum(f["accepted"] for f in files),
            "rejected": sum(f["rejected"] for f in files),
            "counts_add_up": all(f["rows_read"] == f["accepted"] + f["rejected"] for f in files),
            "per_file": dg.MetadataValue.json(files),
            "per_file_table": dg.MetadataValue.md(
                _md_table(table, ["file", "rows_read", "accepted", "rejected", "reasons"])
            ),
        }
    )


def _gold_asset(table: str):
    short = table.split("/", 1)[1]

    @dg.asset(
        key_prefix=["gold"],
        name=short,
        group_name="gold",
        **BY_WAVE,
        deps=[silver_survey_responses],
        description=catalog.TABLES[table].description,
    )
    def _asset(context: dg.AssetExecutionContext, lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
        # exactly the run's waves (partition keys) are recomputed and replaced
        counts = jobs.refresh_gold_table(spark.session(), lake.config, table, waves_requested=context.partition_keys)
        return dg.MaterializeResult(metadata=counts)

    return _asset


gold_ai_adoption = _gold_asset(catalog.GOLD_AI_ADOPTION)
gold_ai_technologies = _gold_asset(catalog.GOLD_AI_TECHNOLOGIES)
gold_ai_barriers = _gold_asset(catalog.GOLD_AI_BARRIERS)


@dg.asset(
    key_prefix=["gold"],
    name="ai_adoption_modelled",
    group_name="gold",
    **BY_WAVE,  # joins the survey runs; every run recomputes all waves (the model ties them together)
    deps=[gold_ai_adoption, silver_survey_responses, silver_districts],
    description=catalog.TABLES[catalog.GOLD_AI_ADOPTION_MODELLED].description,
)
def gold_ai_adoption_modelled(lake: LakeResource, spark: SparkResource) -> dg.MaterializeResult:
    result = modelled_io.refresh_modelled(spark.session(), lake.config)
    models = result.pop("models")
    return dg.MaterializeResult(metadata={**result, "models": dg.MetadataValue.md("\n".join(f"- {m}" for m in models))})
