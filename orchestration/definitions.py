"""The one `Definitions` of the project: every asset, check, job, schedule, sensor and resource.

Each module in `ASSET_MODULES` holds the Dagster assets of one domain and may also export
module-level lists `ASSET_CHECKS`, `JOBS`, `SCHEDULES` and `SENSORS`, collected here.
"""

from __future__ import annotations

import dagster as dg

from orchestration.assets import geo as geo_assets
from orchestration.assets import news as news_assets
from orchestration.assets import survey as survey_assets
from orchestration.resources import default_resources

ASSET_MODULES = [survey_assets, news_assets, geo_assets]


def _collect(name: str) -> list:
    return [item for module in ASSET_MODULES for item in getattr(module, name, [])]


all_assets = dg.load_assets_from_modules(ASSET_MODULES)

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=_collect("ASSET_CHECKS"),
    jobs=_collect("JOBS"),
    schedules=_collect("SCHEDULES"),
    sensors=_collect("SENSORS"),
    resources=default_resources(),
    executor=dg.in_process_executor,
)
