"""The one `Definitions` of the project: every asset, check, job, schedule, sensor and resource.

Each module in `ASSET_MODULES` holds the Dagster assets of one domain and may also export
module-level lists `ASSET_CHECKS`, `JOBS`, `SCHEDULES` and `SENSORS`, collected here. On top of
them this module adds what spans the domains: contract metadata on the assets (owners, column
schema), the asset checks of `orchestration.checks`, the landing sensor with its quarantine,
and the news / quarter-end schedules. Modules that do not exist yet are skipped, so the
definitions always load.
"""

import importlib

import dagster as dg

from orchestration import checks, schedules, sensors
from orchestration.resources import default_resources
from orchestration.table_metadata import annotate

_MODULE_NAMES = ["survey", "news", "geo", "report", "maintenance"]


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


def _collect(name: str) -> list:
    return [item for module in ASSET_MODULES for item in getattr(module, name, [])]


def _annotated(assets: list) -> list:
    out = []
    for a in assets:
        out.append(a.map_asset_specs(annotate) if isinstance(a, dg.AssetsDefinition) else a)
    return out


all_assets = _annotated(list(dg.load_assets_from_modules(ASSET_MODULES)))
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
    _schedules.append(schedules.build_quarter_end(survey_gold_keys, _assets_by_key.get(schedules.REPORT_KEY)))

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=[*_collect("ASSET_CHECKS"), *checks.build_checks(asset_keys)],
    jobs=_collect("JOBS"),
    schedules=[*_collect("SCHEDULES"), *_schedules],
    sensors=[*_collect("SENSORS"), sensors.build_landing_sensor(survey_keys, news_keys), sensors.quarantine_on_failure],
    resources=default_resources(),
    executor=dg.in_process_executor,
)
