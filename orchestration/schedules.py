"""Schedules: news every day, survey gold and the quarterly report at quarter end.

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
SPARK_TAG = {"lakehouse/spark": "true"}  # dagster.yaml limits runs with this tag to one at a time


def build_news_daily(news_keys) -> dg.ScheduleDefinition:
    """Yesterday's news partition (files that arrived then and were not ingested yet), daily."""
    job = dg.define_asset_job("news_daily_job", selection=dg.AssetSelection.assets(*news_keys),
                              partitions_def=news_days, tags=SPARK_TAG,
                              description="News landing day: bronze -> silver -> org mentions -> gold.")
    return dg.build_schedule_from_partitioned_job(
        job, name="news_daily", hour_of_day=5, minute_of_hour=30,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Every day at 05:30: the news of the previous landing day.",
    )


def build_quarter_end(survey_gold_keys, report_assets_def=None) -> dg.ScheduleDefinition:
    """At quarter end: survey gold for the wave that just ended, then the report (if defined).

    The report (`report/quarterly`) is built by another module; when it is not defined the
    schedule still loads and only refreshes gold. Gold and report run as separate requests when
    their partitioning differs (a run has one partitioning).
    """
    report_partitioned = bool(report_assets_def is not None and report_assets_def.partitions_def is not None)
    targets = list(survey_gold_keys) + ([REPORT_KEY] if report_assets_def is not None else [])

    @dg.schedule(
        name="survey_quarter_end",
        cron_schedule=QUARTER_END_CRON,
        execution_timezone=TIMEZONE,
        target=dg.AssetSelection.assets(*targets),
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="First day of each quarter, 06:00: survey gold for the ended wave, then the quarterly report.",
    )
    def survey_quarter_end(context: dg.ScheduleEvaluationContext):
        when = context.scheduled_execution_time or dt.datetime.now(dt.timezone.utc)
        wave = previous_wave(when.date())
        tick = when.strftime("%Y-%m-%dT%H:%M")
        yield dg.RunRequest(run_key=f"gold:{wave}:{tick}", partition_key=wave,
                            asset_selection=list(survey_gold_keys), tags={"lakehouse/wave": wave, **SPARK_TAG})
        if report_assets_def is not None:
            yield dg.RunRequest(run_key=f"report:{wave}:{tick}", asset_selection=[REPORT_KEY],
                                partition_key=wave if report_partitioned else None,
                                tags={"lakehouse/wave": wave, **SPARK_TAG})

    return survey_quarter_end
