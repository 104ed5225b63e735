"""The one `Definitions` of the project: every asset, check, job, schedule, sensor and resource.

Each module in `ASSET_MODULES` holds the Dagster assets of one domain and may also export
module-level lists `ASSET_CHECKS`, `JOBS`, `SCHEDULES` and `SENSORS`, collected here. On top of
them this module adds what spans the domains: contract metadata on the assets (owners, column
schema), the asset checks of `orchestration.checks`, the landing sensor with its quarantine,
the news / quarter-end schedules and the sensor that requests the report after a successful
quarter-end gold run. Modules that do not exist yet are skipped, so the definitions always load.
"""

import importlib

import dagster as dg

from orchestration import checks, schedules, sensors
from orchestration.partitions import survey_waves
from orchestration.resources import default_resources
from orchestration.table_metadata import annotate

_MODULE_NAMES = ["survey", "news", "geo", "report", "maintenance"]
_FALLBACK_MODULE = "lake_tables"  # contract tables written as a side effect (silver/survey_rejects)


def _import_modules() -> list:
    modules = []
    for name in _MODULE_NAMES:
        try:
            modules.append(importlib.import_module(f"orchestration.assets.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"orchestration.assets.{name}":
                raise
    return modules


ASSET_MODULES = _import_modules()
_fallback = importlib.import_module(f"orchestration.assets.{_FALLBACK_MODULE}")


def _collect(name: str) -> list:
    return [item for module in ASSET_MODULES for item in getattr(module, name, [])]


# Survey tables are partitioned by wave. Until the survey module declares it on its decorators,
# it is applied here (a no-op for assets that already have a partitioning).
SURVEY_WAVE_TABLES = {"bronze/survey_responses", "silver/survey_responses", "silver/survey_rejects",
                      "gold/ai_adoption", "gold/ai_technologies", "gold/ai_barriers"}


def _partitioned_by_wave(a: dg.AssetsDefinition) -> dg.AssetsDefinition:
    if a.partitions_def is not None or not all("/".join(k.path) in SURVEY_WAVE_TABLES for k in a.keys):
        return a
    a = a.map_asset_specs(lambda s: s.replace_attributes(partitions_def=survey_waves))
    return dg.AssetsDefinition.dagster_internal_init(
        **{**a.get_attributes_dict(), "backfill_policy": dg.BackfillPolicy.single_run()})


def _annotated(assets: list) -> list:
    out = []
    for a in assets:
        if isinstance(a, dg.AssetsDefinition):
            a = _partitioned_by_wave(a).map_asset_specs(annotate)
        out.append(a)
    return out


_loaded = list(dg.load_assets_from_modules(ASSET_MODULES))
_loaded_keys = {k for a in _loaded if isinstance(a, dg.AssetsDefinition) for k in a.keys}
_loaded += [a for a in dg.load_assets_from_modules([_fallback]) if not (set(a.keys) & _loaded_keys)]
all_assets = _annotated(_loaded)
_assets_by_key = {k: a for a in all_assets if isinstance(a, dg.AssetsDefinition) for k in a.keys}
asset_keys = set(_assets_by_key)


def _present(keys) -> list[dg.AssetKey]:
    return [k for k in keys if k in asset_keys]


survey_keys = _present(sensors.SURVEY_ASSETS)
news_keys = _present(sensors.NEWS_ASSETS)
survey_gold_keys = [k for k in survey_keys if k.path[0] == "gold"]

_schedules = []
if news_keys:
    _schedules.append(schedules.build_news_daily(news_keys))
if survey_gold_keys:
    _schedules.append(schedules.build_quarter_end(survey_gold_keys))

# The quarterly report follows a successful quarter-end gold run (when the report asset exists).
_report_def = _assets_by_key.get(schedules.REPORT_KEY)
_sensors = []
if survey_gold_keys and _report_def is not None:
    _sensors.append(sensors.build_report_after_gold(survey_gold_keys, _report_def))

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=[*_collect("ASSET_CHECKS"), *checks.build_checks(asset_keys)],
    jobs=_collect("JOBS"),
    schedules=[*_collect("SCHEDULES"), *_schedules],
    sensors=[*_collect("SENSORS"), sensors.build_landing_sensor(survey_keys, news_keys), sensors.quarantine_on_failure,
             *_sensors],
    resources=default_resources(),
    executor=dg.in_process_executor,
)
