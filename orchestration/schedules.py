"""Schedules: news every day, survey gold at quarter end (the report follows a successful gold run).

Both start RUNNING (the daemon of `dagster dev` fires them) and can be switched off in the UI
(Automation). Times are Europe/Berlin.
"""

import datetime as dt

import dagster as dg

from orchestration.partitions import news_days, previous_wave

TIMEZONE = "Europe/Berlin"
NEWS_CRON = "30 5 * * *"  # 05:30 daily: yesterday's landing day
QUARTER_END_CRON = "0 6 1 1,4,7,10 *"  # 06:00 on the first day of a quarter: the wave just ended
REPORT_KEY = dg.AssetKey(["report", "quarterly"])
WAVE_TAG = "lakehouse/wave"  # on the quarter-end gold run (and the report run it leads to)
GOLD_RUN_KEY_PREFIX = "gold:"  # run key of the quarter-end gold run: gold:<wave>:<tick>
SPARK_TAG = {"lakehouse/spark": "true"}  # dagster.yaml limits runs with this tag to one at a time


def build_news_daily(news_keys) -> dg.ScheduleDefinition:
    """Yesterday's news partition (files that arrived then and were not ingested yet), daily."""
    job = dg.define_asset_job(
        "news_daily_job",
        selection=dg.AssetSelection.assets(*news_keys),
        partitions_def=news_days,
        tags=SPARK_TAG,
        description="News landing day: bronze -> silver -> org mentions -> gold.",
    )
    return dg.build_schedule_from_partitioned_job(
        job,
        name="news_daily",
        hour_of_day=5,
        minute_of_hour=30,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Every day at 05:30: the news of the previous landing day.",
    )


def build_quarter_end(survey_gold_keys) -> dg.ScheduleDefinition:
    """At quarter end: one run of the survey gold assets for the wave that just ended.

    The run carries the tag `lakehouse/wave`; the quarterly report (`report/quarterly`) is not
    requested here but by the run-status sensor `report_after_gold` (orchestration/sensors.py)
    once this run has succeeded, so a failed gold refresh never yields a report on stale gold.
    """
    survey_gold_keys = list(survey_gold_keys)

    @dg.schedule(
        name="survey_quarter_end",
        cron_schedule=QUARTER_END_CRON,
        execution_timezone=TIMEZONE,
        target=dg.AssetSelection.assets(*survey_gold_keys),
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="First day of each quarter, 06:00: survey gold for the ended wave; the quarterly "
        "report follows once this run succeeded (sensor report_after_gold).",
    )
    def survey_quarter_end(context: dg.ScheduleEvaluationContext):
        when = context.scheduled_execution_time or dt.datetime.now(dt.UTC)
        wave = previous_wave(when.date())
        tick = when.strftime("%Y-%m-%dT%H:%M")
        return dg.RunRequest(
            run_key=f"{GOLD_RUN_KEY_PREFIX}{wave}:{tick}",
            partition_key=wave,
            asset_selection=survey_gold_keys,
            tags={WAVE_TAG: wave, **SPARK_TAG},
        )

    return survey_quarter_end
