"""The survey and news pipelines, maintenance and the asset checks on one lake, for comparing engines.

    SPARK_REMOTE=sc://127.0.0.1:PORT python -m tests.lake.pipeline_runner ROOT SURVEY_DIR NEWS_DIR [LATE_DIR]

prints one ``RESULT {json}`` line. `run_pipeline` is the same run on a session the caller holds
(the tests' local `spark` fixture), so both sides execute exactly this code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def run_pipeline(spark, root: str, survey_dir: str, news_dir: str, late_dir: str | None = None) -> dict:
    from lake import catalog, delta_io
    from lake.config import LakeConfig
    from lake.query import LakeQuery
    from orchestration import checks
    from transforms import maintenance
    from transforms.news import jobs as news_jobs
    from transforms.reference.benchmarks import write_benchmarks
    from transforms.survey import jobs as survey_jobs
    from transforms.survey import modelled_io

    config = LakeConfig.from_env(root)
    bronze = survey_jobs.ingest_bronze(spark, config, [survey_dir], salt="engine-test")
    silver = survey_jobs.refresh_silver(spark, config)
    gold = survey_jobs.refresh_gold(spark, config)
    again = survey_jobs.ingest_bronze(spark, config, [survey_dir], salt="engine-test")  # same bytes: skipped
    late = {}
    if late_dir:  # a second export into the same waves: silver, rejects and the log MERGE, gold per wave
        late_bronze = survey_jobs.ingest_bronze(spark, config, [late_dir], salt="engine-test")
        late_silver = survey_jobs.refresh_silver(spark, config)
        late = {
            "bronze_rows": sorted(r.rows_read for r in late_bronze),
            "silver": {k: late_silver[k] for k in ("silver_rows", "rejected_rows", "changed_waves")},
            "gold": survey_jobs.refresh_gold(spark, config),
        }
    news = news_jobs.ingest(spark, config, [news_dir])
    # an analyst's correction file (the first article's funding) and the shipped official figures,
    # then the modelled district table: every table the asset checks look at exists
    corrections = Path(root).parent / f"{Path(root).name}-corrections"
    corrections.mkdir(parents=True, exist_ok=True)
    first = delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)).agg({"id": "min"}).first()[0]
    (corrections / "k.csv").write_text(
        "article_id,field,value,reason,author,corrected_at\n"
        f"{first},funding_eur,250000,Pressemitteilung nennt 250.000 Euro,mkr,2026-12-01T10:00:00\n",
        encoding="utf-8",
    )
    n_corrections, _, _ = news_jobs.refresh_corrections(spark, config, corrections)
    news_jobs.refresh_mentions(spark, config)
    news_jobs.refresh_gold(spark, config)
    benchmarks = write_benchmarks(spark, config)
    modelled = modelled_io.refresh_modelled(spark, config)
    maintained = [  # retention 0: VACUUM really deletes the files OPTIMIZE replaced
        maintenance.maintain_table(spark, config.table_path(t), t, retention_hours=0.0, allow_short_retention=True)
        for t in (catalog.SILVER_SURVEY_RESPONSES, catalog.GOLD_AI_ADOPTION, catalog.BRONZE_NEWS_ARTICLES)
    ]
    query = LakeQuery(config)
    results = {f"{s.table}:{s.name}": bool(checks.run_check(s.table, s.name, query).passed) for s in checks.CHECK_SPECS}
    return {
        "bronze_rows": sorted(r.rows_read for r in bronze),
        "skipped_again": [r.skipped for r in again],
        "silver": {k: silver[k] for k in ("silver_rows", "rejected_rows", "batches_processed", "changed_waves")},
        "gold": {t: {k: v for k, v in g.items()} for t, g in gold.items()},
        "late": late,
        "news": {
            "articles_read": news.articles_read,
            "silver_rows": news.silver_rows,
            "org_mentions": news.org_mentions,
            "gold_rows": news.gold_rows,
            "corrections": n_corrections,
        },
        "benchmarks": benchmarks,
        "modelled": {k: modelled.get(k) for k in ("rows_written", "waves", "eblup", "synthetic", "models")},
        "maintenance": [
            {
                "table": m.table,
                "files_after": m.files_after,
                "zorder_by": m.zorder_by,
                "vacuum_deleted": m.files_deleted_by_vacuum,
            }
            for m in maintained
        ],
        "checks": results,
    }


def main(argv: list[str]) -> None:
    from lake.spark import get_spark, is_connect
    from orchestration.resources import spark_settings

    spark = get_spark(spark_settings())
    result = run_pipeline(spark, *argv[:4])
    result["connect"] = is_connect(spark)
    print("RESULT " + json.dumps(result, sort_keys=True, default=str), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main(sys.argv[1:])
