"""Dagster asset of the official reference figures: `silver/official_benchmarks` (wiring only).

No `from __future__ import annotations` in Dagster modules: Dagster resolves config and
resource annotations at definition time.
"""

import os

import dagster as dg

from lake import catalog
from orchestration.resources import LakeResource, SparkResource
from transforms.reference.benchmarks import write_benchmarks


class BenchmarksConfig(dg.Config):
    """`eurostat_url`: an `isoc_eb_ai` download (SDMX-CSV or TSV) to refresh the Eurostat rows from;
    empty = `LAKEHOUSE_EUROSTAT_URL`, unset = only the figures shipped with the project."""

    eurostat_url: str = ""


@dg.asset(
    key_prefix=["silver"],
    name="official_benchmarks",
    group_name="silver",
    description=catalog.TABLES[catalog.SILVER_OFFICIAL_BENCHMARKS].description,
)
def silver_official_benchmarks(
    config: BenchmarksConfig, lake: LakeResource, spark: SparkResource
) -> dg.MaterializeResult:
    url = config.eurostat_url or os.environ.get("LAKEHOUSE_EUROSTAT_URL") or None
    result = write_benchmarks(spark.session(), lake.config, eurostat_url=url)
    return dg.MaterializeResult(metadata={**result, "eurostat_url": url or "none (shipped figures only)"})
