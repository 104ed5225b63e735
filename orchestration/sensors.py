"""Landing-folder sensor and quarantine: new files start runs for exactly their partitions.

`landing_sensor` looks at `<landing>/survey/` and `<landing>/news/` (LandingResource,
`LAKEHOUSE_LANDING`). Its cursor remembers the SHA-256 of every file it has handled, so a file seen
before (same bytes, even renamed) is not processed again. A survey export starts one run per wave
it contains (read cheaply with the standard library); a news file starts one run for its landing
day. A file that cannot even be assigned a partition, or whose run fails, is moved to
`<landing>/quarantine/` with `<file>.error.txt` next to it (`quarantine_on_failure`).
"""

import hashlib
import json
import shutil
from pathlib import Path

import dagster as dg

from lake import catalog
from orchestration.partitions import WaveScanError, file_day, survey_file_waves
from orchestration.resources import LandingResource

FILE_TAG = "lakehouse/landing_file"
SHA_TAG = "lakehouse/landing_sha256"
SPARK_TAG = {"lakehouse/spark": "true"}  # dagster.yaml limits runs with this tag to one at a time
SURVEY_SUFFIXES = {".csv", ".xlsx"}
SURVEY_ASSETS = [dg.AssetKey(["bronze", "survey_responses"]), dg.AssetKey(["silver", "survey_responses"]),
                 *(dg.AssetKey(t.split("/")) for t in (catalog.GOLD_AI_ADOPTION, catalog.GOLD_AI_TECHNOLOGIES,
                                                       catalog.GOLD_AI_BARRIERS))]
NEWS_ASSETS = [dg.AssetKey(t.split("/")) for t in (catalog.BRONZE_NEWS_ARTICLES, catalog.SILVER_NEWS_ARTICLES,
                                                    catalog.SILVER_NEWS_ORG_MENTIONS, catalog.GOLD_NEWS_ACTIVITY)]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    return sorted(f for f in folder.rglob("*") if f.is_file() and not f.name.startswith(".")
                  and (suffixes is None or f.suffix.lower() in suffixes))


def _news_suffixes() -> set[str]:
    from transforms.news.load import SUPPORTED

    return set(SUPPORTED)


def landing_requests(landing: LandingResource, seen: set[str], survey_assets=SURVEY_ASSETS,
                     news_assets=NEWS_ASSETS) -> tuple[list[dg.RunRequest], dict[str, str], list[str]]:
    """(run requests, newly seen {sha: path}, log lines) for the files in the landing folder."""
    requests: list[dg.RunRequest] = []
    new: dict[str, str] = {}
    log: list[str] = []
    for kind, folder, suffixes in (("survey", landing.survey_dir(), SURVEY_SUFFIXES),
                                   ("news", landing.news_dir(), _news_suffixes())):
        for f in _files(folder, suffixes):
            sha = file_sha256(f)
            if sha in seen or sha in new:
                continue
            new[sha] = str(f)
            tags = {FILE_TAG: str(f), SHA_TAG: sha, **SPARK_TAG}
            if kind == "survey":
                try:
                    waves = survey_file_waves(f)
                except WaveScanError as exc:
                    quarantine(f, f"cannot assign a wave: {exc}", landing.quarantine_dir())
                    log.append(f"quarantined {f.name}: {exc}")
                    continue
                config = {"ops": {"bronze__survey_responses": {"config": {"paths": [str(f)]}}}}
                for wave in waves:
                    requests.append(dg.RunRequest(run_key=f"{sha}:{wave}", partition_key=wave,
                                                  asset_selection=list(survey_assets), run_config=config, tags=tags))
                log.append(f"{f.name}: survey waves {', '.join(waves)}")
            else:
                day = file_day(f)
                config = {"ops": {"bronze__news_articles": {"config": {"sources": [str(f)]}}}}
                requests.append(dg.RunRequest(run_key=f"{sha}:{day}", partition_key=day,
                                              asset_selection=list(news_assets), run_config=config, tags=tags))
                log.append(f"{f.name}: news day {day}")
    return requests, new, log


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


