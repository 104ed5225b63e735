"""Landing-folder sensor and quarantine: new files start runs for exactly their partitions.

`landing_sensor` looks at `<landing>/survey/` and `<landing>/news/` (LandingResource,
`LAKEHOUSE_LANDING`). Its cursor remembers the SHA-256 of every file it has handled, so a file seen
before (same bytes, even renamed) is not processed again. A survey export starts one run per wave
it contains (read cheaply with the standard library); a news file starts one run for its landing
day. A file that cannot even be assigned a partition, or whose run fails, is moved to
`<landing>/quarantine/` with `<file>.error.txt` next to it (`quarantine_on_failure`).

`report_after_gold` requests the quarterly report of a wave once the quarter-end gold run of that
wave (schedule `survey_quarter_end`, tag `lakehouse/wave`) has succeeded; a failed gold run
requests nothing (`quarantine_on_failure` and the run's failure in the UI are the alert).
"""

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import dagster as dg

from lake import catalog
from orchestration.assets.news import NewsIngestConfig
from orchestration.assets.report import ReportConfig
from orchestration.assets.survey import SurveyIngestConfig
from orchestration.partitions import WaveScanError, file_day, survey_file_waves
from orchestration.resources import LandingResource
from orchestration.schedules import GOLD_RUN_KEY_PREFIX, REPORT_KEY, SPARK_TAG, WAVE_TAG
from transforms.survey.csvfile import file_sha256 as _file_sha256
from transforms.survey.mapping import MappingError, load_mapping, mapping_for

FILE_TAG = "lakehouse/landing_file"
SHA_TAG = "lakehouse/landing_sha256"
SURVEY_SUFFIXES = {".csv", ".xlsx"}
SURVEY_ASSETS = [
    dg.AssetKey(["bronze", "survey_responses"]),
    dg.AssetKey(["silver", "survey_responses"]),
    *(
        dg.AssetKey(t.split("/"))
        for t in (
            catalog.GOLD_AI_ADOPTION,
            catalog.GOLD_AI_TECHNOLOGIES,
            catalog.GOLD_AI_BARRIERS,
            catalog.GOLD_AI_ADOPTION_MODELLED,
        )
    ),
]
NEWS_ASSETS = [
    dg.AssetKey(t.split("/"))
    for t in (
        catalog.BRONZE_NEWS_ARTICLES,
        catalog.SILVER_NEWS_ARTICLES,
        catalog.SILVER_NEWS_CORRECTIONS,
        catalog.SILVER_NEWS_ORG_MENTIONS,
        catalog.GOLD_NEWS_ACTIVITY,
    )
]
# a correction run rebuilds silver/news_corrections, applies it, and rebuilds what is built from silver
CORRECTION_ASSETS = [
    dg.AssetKey(t.split("/"))
    for t in (catalog.SILVER_NEWS_CORRECTIONS, catalog.SILVER_NEWS_ORG_MENTIONS, catalog.GOLD_NEWS_ACTIVITY)
]
CORRECTIONS_STATE = "news-corrections-state:"  # cursor key: the folder's content (added, changed or removed files)


def file_sha256(path: Path) -> str:
    """The file identity the survey ingester uses too (one home: `transforms.survey.csvfile`)."""
    return _file_sha256(path)


def quarantine(path: Path, error: str, quarantine_dir: Path) -> Path | None:
    """Move `path` into `quarantine_dir` with `<name>.error.txt` beside it; None if already gone.

    When the file is gone already (an earlier run of the same file failed), the error is appended
    to the existing error file, so no failure is lost.
    """
    path, quarantine_dir = Path(path), Path(quarantine_dir)
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    target = quarantine_dir / path.name
    error_file = quarantine_dir / f"{path.name}.error.txt"
    moved = None
    if path.exists():
        if target.exists():  # a different file of the same name was quarantined before
            stem = 1
            while (quarantine_dir / f"{path.stem}.{stem}{path.suffix}").exists():
                stem += 1
            target = quarantine_dir / f"{path.stem}.{stem}{path.suffix}"
            error_file = quarantine_dir / f"{target.name}.error.txt"
        shutil.move(str(path), target)
        moved = target
    with error_file.open("a", encoding="utf-8") as fh:
        fh.write(f"{path}\n{error.rstrip()}\n\n")
    return moved


def _files(folder: Path, suffixes: set[str] | None = None) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        f
        for f in folder.rglob("*")
        if f.is_file() and not f.name.startswith(".") and (suffixes is None or f.suffix.lower() in suffixes)
    )


def _news_suffixes() -> set[str]:
    from transforms.news.load import SUPPORTED

    return set(SUPPORTED)


def landing_requests(
    landing: LandingResource, seen: set[str], survey_assets=SURVEY_ASSETS, news_assets=NEWS_ASSETS
) -> tuple[list[dg.RunRequest], dict[str, str], list[str]]:
    """(run requests, newly seen {sha: path}, log lines) for the files in the landing folder."""
    requests: list[dg.RunRequest] = []
    new: dict[str, str] = {}
    log: list[str] = []
    for kind, folder, suffixes in (
        ("survey", landing.survey_dir(), SURVEY_SUFFIXES),
        ("news", landing.news_dir(), _news_suffixes()),
    ):
        for f in _files(folder, suffixes):
            sha = file_sha256(f)
            if sha in seen or sha in new:
                continue
            new[sha] = str(f)
            tags = {FILE_TAG: str(f), SHA_TAG: sha, **SPARK_TAG}
            if kind == "survey":
                mapping_file = mapping_for(f)  # `<name>.yaml` beside the export, else the folder's mapping.yaml
                try:
                    mapping = load_mapping(mapping_file) if mapping_file else None
                    waves = survey_file_waves(f, mapping)
                except (WaveScanError, MappingError) as exc:
                    quarantine(f, f"cannot assign a wave: {exc}", landing.quarantine_dir())
                    log.append(f"quarantined {f.name}: {exc}")
                    continue
                ingest = SurveyIngestConfig(paths=[str(f)], **({"mapping": str(mapping_file)} if mapping_file else {}))
                config = dg.RunConfig(ops={"bronze__survey_responses": ingest})
                for wave in waves:
                    requests.append(
                        dg.RunRequest(
                            run_key=f"{sha}:{wave}",
                            partition_key=wave,
                            asset_selection=list(survey_assets),
                            run_config=config,
                            tags=tags,
                        )
                    )
                log.append(f"{f.name}: survey waves {', '.join(waves)}")
            else:
                day = file_day(f)
                config = dg.RunConfig(ops={"bronze__news_articles": NewsIngestConfig(sources=[str(f)])})
                requests.append(
                    dg.RunRequest(
                        run_key=f"{sha}:{day}",
                        partition_key=day,
                        asset_selection=list(news_assets),
                        run_config=config,
                        tags=tags,
                    )
                )
                log.append(f"{f.name}: news day {day}")
    state = corrections_state(landing)
    if state is not None and CORRECTIONS_STATE + state not in seen:
        new[CORRECTIONS_STATE + state] = str(landing.news_corrections_dir())
        selection = [k for k in CORRECTION_ASSETS if k in set(news_assets)]
        if selection:
            today = dt.datetime.now(dt.UTC).date().isoformat()
            requests.append(
                dg.RunRequest(
                    run_key=f"corrections:{state}:{today}",
                    partition_key=today,
                    asset_selection=selection,
                    tags=dict(SPARK_TAG),
                )
            )
            log.append(f"news corrections changed: run for {today}")
    return requests, new, log


def corrections_state(landing: LandingResource) -> str | None:
    """A hash of the corrections folder's files (names and contents), None when it never existed;
    adding, changing or removing a file changes it."""
    folder = landing.news_corrections_dir()
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for f in _files(folder):
        digest.update(f"{f.relative_to(folder)}\0{file_sha256(f)}\n".encode())
    return digest.hexdigest()[:16]


def _load_cursor(cursor: str | None) -> dict[str, str]:
    return json.loads(cursor) if cursor else {}


def build_landing_sensor(survey_assets=SURVEY_ASSETS, news_assets=NEWS_ASSETS) -> dg.SensorDefinition:
    """The landing sensor for the given asset keys (definitions passes the keys that exist)."""
    survey_assets, news_assets = list(survey_assets), list(news_assets)

    @dg.sensor(
        name="landing_sensor",
        description="Starts runs for new survey exports and news files in the landing folder "
        "(one run per wave / day); files seen before (same SHA-256) are skipped.",
        minimum_interval_seconds=30,
        default_status=dg.DefaultSensorStatus.RUNNING,
        asset_selection=survey_assets + news_assets,
    )
    def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingResource):
        seen = _load_cursor(context.cursor)
        requests, new, log = landing_requests(landing, set(seen), survey_assets, news_assets)
        for line in log:
            context.log.info(line)
        if not new:
            return dg.SkipReason(f"no new files in {landing.path}")
        if any(k.startswith(CORRECTIONS_STATE) for k in new):  # only the current state is remembered
            for k in [k for k in seen if k.startswith(CORRECTIONS_STATE)]:
                del seen[k]
        seen.update(new)
        return dg.SensorResult(run_requests=requests, cursor=json.dumps(seen, sort_keys=True))

    return landing_sensor


def failure_message(context: dg.RunFailureSensorContext) -> str:
    lines = [f"run {context.dagster_run.run_id} failed: {context.failure_event.message or ''}"]
    try:
        for event in context.get_step_failure_events():
            err = event.event_specific_data.error if event.event_specific_data else None
            lines.append(f"step {event.step_key}: {err.to_string() if err else event.message}")
    except Exception:  # the run may have failed before any step started
        pass
    return "\n".join(lines)


@dg.run_failure_sensor(
    name="quarantine_on_failure",
    description="Moves the landing file of a failed sensor run to quarantine/ with <file>.error.txt.",
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
)
def quarantine_on_failure(context: dg.RunFailureSensorContext, landing: LandingResource):
    path = context.dagster_run.tags.get(FILE_TAG)
    if not path:
        return dg.SkipReason("not a landing-sensor run")
    moved = quarantine(Path(path), failure_message(context), landing.quarantine_dir())
    context.log.info(f"quarantined {path} -> {moved}" if moved else f"{path} was quarantined before")


RUN_KEY_TAG = "dagster/run_key"  # set by the scheduler on a run it launched with a run key


def _has_config_field(assets_def: dg.AssetsDefinition, field: str) -> bool:
    config_field = getattr(assets_def.node_def, "config_field", None)
    fields = getattr(config_field.config_type, "fields", None) if config_field is not None else None
    return bool(fields) and field in fields


def build_report_after_gold(survey_gold_keys, report_assets_def: dg.AssetsDefinition) -> dg.SensorDefinition:
    """Run-status sensor: a successful quarter-end gold run of a wave requests `report/quarterly`.

    Only successful runs that carry `lakehouse/wave` and targeted survey gold assets count (the
    report run itself carries the tag too, but targets no gold). The report run gets the wave as
    its partition when the report is partitioned, the tags of the gold run's request, the run key
    `report:<wave>:<tick>` (from the gold run's key `gold:<wave>:<tick>`, else from its root run),
    so a re-executed gold run of the same tick does not request a second report, and `as_of` = the
    time the gold run ended (when the report takes that config): the report reads the lake as the
    gold run left it, and a re-run of the report run renders the same figures.
    """
    gold = set(survey_gold_keys)
    report_partitioned = report_assets_def.partitions_def is not None
    pin_as_of = _has_config_field(report_assets_def, "as_of")
    report_op = report_assets_def.node_def.name
    report_job = dg.define_asset_job(
        "report_after_gold_job",
        selection=dg.AssetSelection.assets(REPORT_KEY),
        tags=SPARK_TAG,
        description="The quarterly report for one wave, requested by report_after_gold.",
    )

    @dg.run_status_sensor(
        run_status=dg.DagsterRunStatus.SUCCESS,
        name="report_after_gold",
        description="Requests report/quarterly for a wave when the quarter-end survey gold run of "
        "that wave (tag lakehouse/wave) has succeeded; a failed gold run requests nothing.",
        request_job=report_job,
        default_status=dg.DefaultSensorStatus.RUNNING,
        minimum_interval_seconds=30,
    )
    def report_after_gold(context: dg.RunStatusSensorContext):
        run = context.dagster_run
        wave = run.tags.get(WAVE_TAG)
        if not wave or not gold & set(run.asset_selection or ()):
            return None  # not a quarter-end gold run: look at the next finished run in this tick
        gold_key = run.tags.get(RUN_KEY_TAG, "")
        tick = (
            gold_key.removeprefix(GOLD_RUN_KEY_PREFIX)
            if gold_key.startswith(GOLD_RUN_KEY_PREFIX)
            else f"{wave}:run-{run.root_run_id or run.run_id}"
        )
        run_config = dg.RunConfig()
        if pin_as_of:
            record = context.instance.get_run_record_by_id(run.run_id)
            ended = record.end_time if record is not None and record.end_time else None
            when = dt.datetime.fromtimestamp(ended, dt.UTC) if ended else dt.datetime.now(dt.UTC)
            run_config = dg.RunConfig(ops={report_op: ReportConfig(as_of=when.isoformat())})
        context.log.info(f"gold run {run.run_id} for {wave} succeeded: requesting the report")
        return dg.RunRequest(
            run_key=f"report:{tick}",
            asset_selection=[REPORT_KEY],
            partition_key=wave if report_partitioned else None,
            run_config=run_config,
            tags={WAVE_TAG: wave, **SPARK_TAG},
        )

    return report_after_gold
