"""Report wiring without Spark: the quarter-end schedule, the definitions, CLI input errors."""

from __future__ import annotations

import datetime as dt

import dagster as dg
from click.testing import CliRunner

from reports import formatting


def test_quarter_end_schedule_requests_the_ended_wave_as_of_its_tick() -> None:
    from orchestration.assets.report import report_quarterly_schedule

    tick = dt.datetime(2025, 10, 1, 8, 0, tzinfo=dt.UTC)
    request = report_quarterly_schedule(dg.build_schedule_context(scheduled_execution_time=tick))
    assert request.partition_key == "2025-Q3"
    assert request.run_config["ops"]["report__quarterly"]["config"]["as_of"] == tick.isoformat()
    january = report_quarterly_schedule(
        dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC))
    )
    assert january.partition_key == "2025-Q4"


def test_report_asset_and_schedule_are_in_the_definitions() -> None:
    from orchestration.definitions import defs

    key = dg.AssetKey(["report", "quarterly"])
    assert defs.resolve_assets_def(key).partitions_def is not None
    assert defs.resolve_schedule_def("report_quarterly").cron_schedule == "0 8 1 1,4,7,10 *"
    # At quarter end the report is requested by a sensor once the gold run succeeded, not by a schedule.
    after_gold = defs.resolve_sensor_def("report_after_gold")
    assert after_gold.default_status == dg.DefaultSensorStatus.RUNNING
    report_job = defs.resolve_job_def(after_gold.job_name)
    assert report_job.partitions_def is not None and report_job.tags.get("lakehouse/spark") == "true"


def test_cli_rejects_bad_input_with_a_message(lake_root) -> None:
    from orchestration.cli import main

    runner = CliRunner()
    bad_wave = runner.invoke(main, ["report", "--wave", "2025-Q5"])
    assert bad_wave.exit_code != 0 and "YYYY-Qn" in bad_wave.output
    bad_versions = runner.invoke(main, ["report", "--wave", "2025-Q3", "--versions", "{not json"])
    assert bad_versions.exit_code != 0 and "--versions" in bad_versions.output
    bad_as_of = runner.invoke(main, ["report", "--wave", "2025-Q3", "--as-of", "gestern"])
    assert bad_as_of.exit_code != 0 and "--as-of" in bad_as_of.output
    assert not (lake_root / "reports").exists()


def test_german_number_formats() -> None:
    assert formatting.share(0.2346) == "23,5 %"
    assert formatting.interval(0.0049, 0.25) == "0,5 – 25,0 %"
    assert formatting.change_pp(0.0123) == "+1,2 Pp." and formatting.change_pp(-0.008) == "-0,8 Pp."
    assert formatting.change_pp(0.0) == "±0,0 Pp."
    assert formatting.integer(1498) == "1.498"
    assert formatting.euros(85_000_000) == "85,0 Mio. €" and formatting.euros(605_000) == "605.000 €"
    assert formatting.cell_share({"suppressed": True, "share": None, "respondents": 3}) == "unterdrückt"


def test_district_map_uses_cached_boundaries_else_tiles(tmp_path) -> None:
    import json

    from reports import charts

    districts = [
        {"ags": ags, "land": None, "cell": {"respondents": 3, "suppressed": True, "share": None}}
        if i % 5 == 0
        else {"ags": ags, "land": None, "cell": {"respondents": 20, "suppressed": False, "share": 0.1 + i / 100}}
        for i, ags in enumerate(charts.TILE_GRID)
    ]
    svg, kind = charts.district_map(districts, {}, str(tmp_path))
    assert kind == "tiles" and svg.startswith("<?xml")
    features = [
        {
            "type": "Feature",
            "properties": {"AGS": ags, "GEN": ags},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[[[10 + c, 51 - r], [11 + c, 51 - r], [11 + c, 52 - r], [10 + c, 51 - r]]]],
            },
        }
        for ags, (c, r) in charts.TILE_GRID.items()
    ]
    cache = tmp_path / "reference" / "geo" / "districts.geojson"
    cache.parent.mkdir(parents=True)
    cache.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    svg, kind = charts.district_map(districts, {}, str(tmp_path))
    assert kind == "boundaries"
