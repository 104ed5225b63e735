"""The landing sensor on a real temporary landing folder, the quarantine, the schedules and the
report that follows a successful quarter-end gold run."""

import datetime as dt
import json
import os
from pathlib import Path

import dagster as dg

from orchestration.partitions import previous_wave
from orchestration.resources import LandingResource
from orchestration.schedules import REPORT_KEY, build_quarter_end
from orchestration.sensors import FILE_TAG, build_landing_sensor, build_report_after_gold, quarantine

HEADER = "response_id;wave;submitted_at;ags;nace_section;employees;uses_ai;weight\n"


def _survey(path: Path, waves: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"r{i};{w};{w[:4]}-02-01;14511;C;12;yes;1" for i, w in enumerate(waves)]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tick(sensor, landing: Path, cursor: str | None):
    with dg.instance_for_test() as instance:
        ctx = dg.build_sensor_context(
            instance=instance, cursor=cursor, resources={"landing": LandingResource(folder=str(landing))}
        )
        return sensor(ctx), ctx


def test_sensor_requests_exact_partitions_and_skips_files_seen_before(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    sensor = build_landing_sensor()
    first = _survey(landing / "survey" / "a.csv", ["2025-Q1", "2025-Q2", "2025-Q1", "2025-Q5"])
    news = landing / "news" / "n1.txt"
    news.parent.mkdir(parents=True)
    news.write_text("KI-Zentrum in Leipzig eröffnet\n\nDie Universität Leipzig ...", encoding="utf-8")
    day = dt.datetime(2025, 6, 3, 12, tzinfo=dt.UTC).timestamp()
    os.utime(news, (day, day))

    result, _ = _tick(sensor, landing, None)
    assert isinstance(result, dg.SensorResult)
    got = sorted(
        (r.partition_key, tuple(k.path[0] for k in r.asset_selection)[0], r.tags[FILE_TAG]) for r in result.run_requests
    )
    assert got == [
        ("2025-06-03", "bronze", str(news)),
        ("2025-Q1", "bronze", str(first)),
        ("2025-Q2", "bronze", str(first)),
    ]
    survey_req = next(r for r in result.run_requests if r.partition_key == "2025-Q1")
    assert survey_req.run_config["ops"]["bronze__survey_responses"]["config"]["paths"] == [str(first)]
    assert {k.to_user_string() for k in survey_req.asset_selection} >= {"bronze/survey_responses", "gold/ai_adoption"}
    cursor = result.cursor

    # Same files again (one renamed: same bytes): nothing new.
    first.rename(first.with_name("a_renamed.csv"))
    again, _ = _tick(sensor, landing, cursor)
    assert isinstance(again, dg.SkipReason)

    # A new file with a new wave: exactly that wave.
    second = _survey(landing / "survey" / "b.csv", ["2025-Q3"])
    third, _ = _tick(sensor, landing, cursor)
    assert [(r.partition_key, r.tags[FILE_TAG]) for r in third.run_requests] == [("2025-Q3", str(second))]
    assert len(json.loads(third.cursor)) == len(json.loads(cursor)) + 1


def test_sensor_quarantines_a_file_without_wave(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    bad = landing / "survey" / "bad.csv"
    bad.parent.mkdir(parents=True)
    bad.write_text("id;name\n1;x\n", encoding="utf-8")
    result, _ = _tick(build_landing_sensor(), landing, None)
    assert not getattr(result, "run_requests", None)
    assert not bad.exists()
    assert (landing / "quarantine" / "bad.csv").exists()
    assert "no 'wave' column" in (landing / "quarantine" / "bad.csv.error.txt").read_text()


def test_quarantine_moves_file_and_writes_error_beside_it(tmp_path: Path) -> None:
    f = tmp_path / "landing" / "news" / "x.json"
    f.parent.mkdir(parents=True)
    f.write_text("{", encoding="utf-8")
    moved = quarantine(f, "boom: broken JSON", tmp_path / "landing" / "quarantine")
    assert moved == tmp_path / "landing" / "quarantine" / "x.json" and moved.exists() and not f.exists()
    assert "boom: broken JSON" in (moved.parent / "x.json.error.txt").read_text()
    # A second failing run of the same (already quarantined) file appends its error.
    assert quarantine(f, "second failure", moved.parent) is None
    assert "second failure" in (moved.parent / "x.json.error.txt").read_text()


def test_failed_run_moves_its_landing_file_to_quarantine(tmp_path: Path) -> None:
    """A real failed run, then the run-failure sensor: the file goes to quarantine with the error."""
    from orchestration.sensors import quarantine_on_failure

    landing = tmp_path / "landing"
    f = _survey(landing / "survey" / "c.csv", ["2025-Q1"])

    @dg.asset
    def explodes() -> None:
        raise ValueError("unreadable export: bad bytes")

    with dg.instance_for_test() as instance:
        result = dg.materialize([explodes], instance=instance, raise_on_error=False, tags={FILE_TAG: str(f)})
        assert not result.success
        run = instance.get_run_by_id(result.run_id)
        failure = next(
            e
            for e in instance.all_logs(result.run_id)
            if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.RUN_FAILURE
        )
        ctx = dg.build_run_status_sensor_context(
            sensor_name="quarantine_on_failure",
            dagster_instance=instance,
            dagster_run=run,
            dagster_event=failure.dagster_event,
            resources={"landing": LandingResource(folder=str(landing))},
        ).for_run_failure()
        quarantine_on_failure(ctx)
    assert not f.exists()
    error = (landing / "quarantine" / "c.csv.error.txt").read_text()
    assert "unreadable export: bad bytes" in error


def test_wave_scan_and_quarter_end() -> None:
    assert previous_wave(dt.date(2026, 1, 1)) == "2025-Q4"
    assert previous_wave(dt.date(2025, 7, 1)) == "2025-Q2"


def test_quarter_end_schedule_requests_only_the_gold_run_of_the_ended_wave() -> None:
    from orchestration.definitions import defs, survey_gold_keys

    schedule = defs.resolve_schedule_def("survey_quarter_end")
    assert schedule.cron_schedule == "0 6 1 1,4,7,10 *"
    with dg.instance_for_test() as instance:
        ctx = dg.build_schedule_context(
            instance=instance,
            repository_def=defs.get_repository_def(),
            scheduled_execution_time=dt.datetime(2025, 10, 1, 6, tzinfo=dt.UTC),
        )
        requests = list(schedule.evaluate_tick(ctx).run_requests)
    assert len(requests) == 1  # the report follows from report_after_gold, not from the schedule
    gold = requests[0]
    assert gold.partition_key == "2025-Q3" and gold.run_key.startswith("gold:2025-Q3:")
    assert set(gold.asset_selection) == set(survey_gold_keys) and REPORT_KEY not in gold.asset_selection
    assert gold.tags["lakehouse/wave"] == "2025-Q3" and gold.tags["lakehouse/spark"] == "true"
    sensor = defs.resolve_sensor_def("report_after_gold")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    news = defs.resolve_schedule_def("news_daily")
    assert news.cron_schedule == "30 5 * * *"


def test_report_is_requested_only_after_a_successful_quarter_end_gold_run() -> None:
    """Real runs on a real instance, then real sensor ticks: success -> one report request, failure -> none.

    Stand-ins without Spark take the survey assets' keys; the report asset is the real one (its run
    is only requested, not executed).
    """
    from orchestration.assets.report import report_quarterly
    from orchestration.partitions import survey_waves
    from orchestration.resources import default_resources

    broken_waves = {"2025-Q4"}

    @dg.asset(key=["gold", "ai_adoption"], partitions_def=survey_waves)
    def gold_adoption(context: dg.AssetExecutionContext) -> None:
        if context.partition_key in broken_waves:
            raise ValueError("gold refresh failed")

    @dg.asset(key=["silver", "survey_responses"], partitions_def=survey_waves)
    def silver_responses() -> None:
        pass

    schedule = build_quarter_end([gold_adoption.key])
    sensor = build_report_after_gold([gold_adoption.key], report_quarterly)
    assert sensor.job_name == "report_after_gold_job"
    defs = dg.Definitions(
        assets=[gold_adoption, silver_responses, report_quarterly],
        schedules=[schedule],
        sensors=[sensor],
        resources=default_resources(),
    )
    repo = defs.get_repository_def()
    assets_job = defs.resolve_implicit_global_asset_job_def()

    with dg.DagsterInstance.ephemeral() as instance:
        cursor = None

        def tick() -> list[dg.RunRequest]:
            nonlocal cursor
            ctx = dg.build_sensor_context(instance=instance, cursor=cursor, repository_def=repo)
            data = sensor.evaluate_tick(ctx)
            assert data.dagster_run_reactions is not None
            assert not [r for r in data.dagster_run_reactions if r.error], "the sensor raised"
            cursor = ctx.cursor
            return list(data.run_requests or [])

        def quarter_end_run(when: dt.datetime) -> dg.ExecuteInProcessResult:
            """The schedule's request, run the way the scheduler launches it (with its run key tag)."""
            sctx = dg.build_schedule_context(instance=instance, repository_def=repo, scheduled_execution_time=when)
            (request,) = schedule.evaluate_tick(sctx).run_requests
            return assets_job.execute_in_process(
                instance=instance,
                partition_key=request.partition_key,
                asset_selection=request.asset_selection,
                tags={**request.tags, "dagster/run_key": request.run_key},
                raise_on_error=False,
            )

        assert tick() == []  # the first tick only sets the cursor

        ok = quarter_end_run(dt.datetime(2025, 10, 1, 6, tzinfo=dt.UTC))
        assert ok.success
        (report,) = tick()
        gold_key = instance.get_run_by_id(ok.run_id).tags["dagster/run_key"]
        assert gold_key.startswith("gold:2025-Q3:")
        assert report.run_key == "report:" + gold_key.removeprefix("gold:")
        assert report.partition_key == "2025-Q3" and list(report.asset_selection) == [REPORT_KEY]
        assert report.tags["lakehouse/wave"] == "2025-Q3" and report.tags["lakehouse/spark"] == "true"
        # The report reads the lake as the gold run left it (pinned, so a re-run gives the same figures).
        as_of = dt.datetime.fromisoformat(report.run_config["ops"]["report__quarterly"]["config"]["as_of"])
        assert as_of.timestamp() == instance.get_run_record_by_id(ok.run_id).end_time

        failed = quarter_end_run(dt.datetime(2026, 1, 1, 6, tzinfo=dt.UTC))
        assert not failed.success and instance.get_run_by_id(failed.run_id).tags["lakehouse/wave"] == "2025-Q4"
        assert tick() == []  # a failed gold run requests no report

        # Successful runs that are no quarter-end gold run: gold without the wave tag (a landing
        # run), and a run with the wave tag that targets no gold (like the report run itself).
        assert assets_job.execute_in_process(
            instance=instance, partition_key="2025-Q2", asset_selection=[gold_adoption.key]
        ).success
        assert assets_job.execute_in_process(
            instance=instance,
            partition_key="2025-Q2",
            asset_selection=[silver_responses.key],
            tags={"lakehouse/wave": "2025-Q2"},
        ).success
        assert tick() == []
