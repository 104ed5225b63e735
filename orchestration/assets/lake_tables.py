"""Contract tables that another asset writes as a side effect, made visible as assets.

`silver/survey_rejects` is written by the silver survey step (one transaction with
`silver/survey_responses`); this asset follows it in the graph, reports the reject counts by
reason from the read-only DuckDB layer and carries the table's checks. Partitioned by wave
like silver/survey_responses, which it follows.
"""

import warnings

import dagster as dg

from lake import catalog
from orchestration.partitions import BACKFILL_POLICY_BETA_WARNING, BY_WAVE
from orchestration.resources import DuckDBResource

warnings.filterwarnings("ignore", message=BACKFILL_POLICY_BETA_WARNING)


@dg.asset(
    key=dg.AssetKey(["silver", "survey_rejects"]),
    group_name="silver",
    **BY_WAVE,
    deps=[dg.AssetKey(["silver", "survey_responses"])],
    description=catalog.TABLES[catalog.SILVER_SURVEY_REJECTS].description
    + " Written by silver/survey_responses; this step reports it.",
)
def silver_survey_rejects(duckdb: DuckDBResource) -> dg.MaterializeResult:
    q = duckdb.query()
    if not q.exists(catalog.SILVER_SURVEY_REJECTS):
        return dg.MaterializeResult(metadata={"rows": 0})
    by_reason = q.sql(
        f"SELECT reason, count(*) AS n FROM {q.scan(catalog.SILVER_SURVEY_REJECTS)} GROUP BY ALL ORDER BY n DESC"
    )
    return dg.MaterializeResult(
        metadata={
            "rows": int(by_reason.n.sum()),
            "by_reason": dg.MetadataValue.json({str(r.reason): int(r.n) for r in by_reason.itertuples()}),
        }
    )
