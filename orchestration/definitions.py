"""The one `Definitions` of the project: every asset, check, job, schedule, sensor and resource.

The asset modules of `orchestration.assets` (survey, news, geo, report, maintenance and
lake_tables) hold the Dagster assets of one domain each, with their own partitioning (survey by
wave, news by landing day) declared on the decorators; they may also export module-level lists
`ASSET_CHECKS`, `JOBS`, `SCHEDULES` and `SENSORS`, collected here. On top of them this module
adds what spans the domains: contract metadata on the assets (owners, kinds, tags, column schema;
`orchestration.table_metadata`), the asset checks of `orchestration.checks`, the landing sensor
with its quarantine, the news / quarter-end schedules and the sensor that requests the report
after a successful quarter-end gold run.
"""

import dagster as dg

from orchestration import checks, schedules, sensors
from orchestration.assets import geo, lake_tables, maintenance, news, reference, report, survey
from orchestration.resources import default_resources
from orchestration.table_metadata import annotate

ASSET_MODULES = [survey, news, geo, report, maintenance, lake_tables, reference]


def _collect(name: str) -> list:
    return [item for module in ASSET_MODULES for item in getattr(module, name, [])]


all_assets = [
    a.map_asset_specs(annotate) if isinstance(a, dg.AssetsDefinition) else a
    for a in dg.load_assets_from_modules(ASSET_MODULES)
]
_assets_by_key = {k: a for a in all_assets if isinstance(a, dg.AssetsDefinition) for k in a.keys}
asset_keys = set(_assets_by_key)

survey_keys = list(sensors.SURVEY_ASSETS)
news_keys = list(sensors.NEWS_ASSETS)
survey_gold_keys = [k for k in survey_keys if k.path[0] == "gold"]

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=[*_collect("ASSET_CHECKS"), *checks.build_checks(asset_keys)],
    jobs=_collect("JOBS"),
    schedules=[
        *_collect("SCHEDULES"),
        schedules.build_news_daily(news_keys),
        schedules.build_quarter_end(survey_gold_keys),
    ],
    sensors=[
        *_collect("SENSORS"),
        sensors.build_landing_sensor(survey_keys, news_keys),
        sensors.quarantine_on_failure,
        # the quarterly report follows a successful quarter-end gold run
        sensors.build_report_after_gold(survey_gold_keys, _assets_by_key[schedules.REPORT_KEY]),
    ],
    resources=default_resources(),
    executor=dg.in_process_executor,
)
