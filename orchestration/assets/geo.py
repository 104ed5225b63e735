"""Dagster asset of the map's district boundaries (wiring only; the work is in transforms.geo)."""

import dagster as dg

from orchestration.resources import LakeResource
from transforms.geo import boundaries


class GeodataConfig(dg.Config):
    """Download URL (empty: `LAKEHOUSE_GEODATA_URL`, else GISCO) and whether to refresh the cache."""

    url: str = ""
    force: bool = False


@dg.asset(
    key_prefix=["geo"],
    name="district_boundaries",
    group_name="reference",
    description="District boundaries of Sachsen and Thüringen (official open data), cached under "
    "<root>/reference/geo/ for the dashboard map; 16056 Eisenach merged into 16063.",
)
def district_boundaries(
    context: dg.AssetExecutionContext, config: GeodataConfig, lake: LakeResource
) -> dg.MaterializeResult:
    # Offline is a normal state (the map falls back to a tile grid): warn, do not fail the run.
    try:
        result = boundaries.fetch(lake.config.root, config.url or None, force=config.force, retries=2)
    except boundaries.GeodataError as exc:
        context.log.warning(f"boundaries not available, the map shows a tile grid: {exc}")
        return dg.MaterializeResult(metadata={"available": False, "error": str(exc)[:500]})
    return dg.MaterializeResult(
        metadata={
            "available": True,
            "path": str(result.path),
            "districts": result.features,
            "downloaded": result.downloaded,
            "merged": ", ".join(f"{a}->{b}" for a, b in result.merged.items()) or "none",
            "missing": ", ".join(result.missing) or "none",
            "attribution": result.attribution,
        }
    )
