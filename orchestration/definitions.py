"""The one `Definitions` of the project: every asset, check, job, schedule, sensor and resource."""

from __future__ import annotations

import dagster as dg

from orchestration.assets import news as news_assets
from orchestration.assets import survey as survey_assets
from orchestration.resources import default_resources

all_assets = dg.load_assets_from_modules([survey_assets, news_assets])

defs = dg.Definitions(
    assets=all_assets,
    resources=default_resources(),
    executor=dg.in_process_executor,
)
