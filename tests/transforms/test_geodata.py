"""District boundaries: download from a configurable URL (served on 127.0.0.1), reconcile, cache."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import pytest
from click.testing import CliRunner
from shapely.geometry import shape

from tests.support.dashboard_lakes import SHARED_GEOJSON, geojson_url, serve_folder
from transforms.geo import boundaries

pytestmark = pytest.mark.skipif(not SHARED_GEOJSON.exists(), reason="shared boundary file not present")


@pytest.fixture(scope="module")
def source_url():
    with serve_folder(SHARED_GEOJSON.parent) as base:
        yield geojson_url(base)


def _source_shapes() -> dict[str, object]:
    data = json.loads(SHARED_GEOJSON.read_text(encoding="utf-8"))
    return {f["properties"]["ARS"]: shape(f["geometry"]) for f in data["features"]}


def test_fetch_merges_eisenach_and_caches_under_the_lake_root(tmp_path: Path, source_url: str) -> None:
    result = boundaries.fetch(str(tmp_path), source_url)
    assert result.downloaded and result.path == tmp_path / "reference" / "geo" / "districts.geojson"
    geo = json.loads(result.path.read_text(encoding="utf-8"))
    ags = [f["properties"]["ags"] for f in geo["features"]]
    assert len(ags) == 35 == len(set(ags)) and "16056" not in ags
    assert result.merged == {"16056": "16063"} and result.missing == []
    # Every district of the reference is there, with its Land.
    from transforms.reference.districts import reference_rows

    assert sorted(ags) == sorted(r["ags"] for r in reference_rows())
    assert {f["properties"]["land"] for f in geo["features"] if f["properties"]["ags"].startswith("16")} == {
        "Thüringen"
    }
    # The Wartburgkreis now covers Eisenach: area of the union = sum of both (they only touch).
    src = _source_shapes()
    wartburg = shape(next(f["geometry"] for f in geo["features"] if f["properties"]["ags"] == "16063"))
    assert wartburg.area == pytest.approx(src["16063"].area + src["16056"].area, rel=1e-3)
    assert wartburg.contains(src["16056"].representative_point())
    assert result.attribution == "© GeoBasis-DE / BKG (2021), Datenlizenz Deutschland – Namensnennung – Version 2.0"
    meta = json.loads((result.path.parent / "districts.meta.json").read_text(encoding="utf-8"))
    assert meta["source_url"] == source_url and meta["features"] == 35

    again = boundaries.fetch(str(tmp_path), "http://127.0.0.1:9/unreachable")  # cached: no download
    assert not again.downloaded and again.features == 35


def test_gisco_nuts_input_is_mapped_through_the_reference_and_filtered() -> None:
    from transforms.reference.districts import reference_rows

    nuts = {r["ags"]: r["nuts3"] for r in reference_rows()}
    data = json.loads(SHARED_GEOJSON.read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        code = "DEG0N" if f["properties"]["ARS"] == "16056" else nuts[f["properties"]["ARS"]]
        features.append({"type": "Feature", "properties": {"NUTS_ID": code, "LEVL_CODE": 3}, "geometry": f["geometry"]})
    features.append(
        {
            "type": "Feature",
            "properties": {"NUTS_ID": "DE212", "LEVL_CODE": 3},
            "geometry": data["features"][0]["geometry"],
        }
    )
    features.append(
        {
            "type": "Feature",
            "properties": {"NUTS_ID": "DED", "LEVL_CODE": 1},
            "geometry": data["features"][0]["geometry"],
        }
    )
    collection = {"type": "FeatureCollection", "features": features}
    out, merged, missing = boundaries.reconcile(collection)
    assert len(out["features"]) == 35 and merged == {"16056": "16063"} and missing == []
    assert "EuroGeographics" in boundaries.attribution_for(collection, "https://gisco-services.ec.europa.eu/x")


def test_not_geojson_and_unreachable_fail_with_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(boundaries.GeodataError, match="not GeoJSON"):
        boundaries.fetch(str(tmp_path), "http://x", downloader=lambda *a: b"<html>oops</html>")
    with pytest.raises(boundaries.GeodataError, match="no district"):
        boundaries.fetch(str(tmp_path), "http://x", downloader=lambda *a: b'{"type":"FeatureCollection","features":[]}')
    with pytest.raises(boundaries.GeodataError, match="could not download"):
        boundaries.fetch(str(tmp_path), "http://127.0.0.1:9/none.geojson", timeout=2, retries=1)
    assert not boundaries.cache_path(str(tmp_path)).exists()


def test_cli_fetch_reads_the_url_from_the_environment(tmp_path: Path, source_url: str, monkeypatch) -> None:
    from orchestration.cli import main

    monkeypatch.setenv("LAKEHOUSE_ROOT", str(tmp_path / "lake"))
    monkeypatch.setenv("LAKEHOUSE_GEODATA_URL", source_url)
    result = CliRunner().invoke(main, ["geodata", "fetch"])
    assert result.exit_code == 0, result.output
    assert "35 districts downloaded" in result.output and "merged 16056 into 16063" in result.output
    assert "GeoBasis-DE / BKG (2021)" in result.output
    assert (tmp_path / "lake" / "reference" / "geo" / "districts.geojson").exists()

    monkeypatch.setenv("LAKEHOUSE_ROOT", str(tmp_path / "other"))
    failed = CliRunner().invoke(main, ["geodata", "fetch", "--url", "http://127.0.0.1:9/x.geojson", "--timeout", "2"])
    assert failed.exit_code == 1 and "could not download" in failed.output


def test_asset_fetches_and_warns_when_offline(tmp_path: Path, source_url: str) -> None:
    from orchestration.assets.geo import district_boundaries
    from orchestration.resources import LakeResource

    lake = LakeResource(root=str(tmp_path / "lake"))
    result = dg.materialize(
        [district_boundaries],
        resources={"lake": lake},
        run_config={"ops": {"geo__district_boundaries": {"config": {"url": source_url}}}},
    )
    assert result.success
    meta = result.asset_materializations_for_node("geo__district_boundaries")[0].metadata
    assert meta["districts"].value == 35 and meta["available"].value is True

    offline = dg.materialize(
        [district_boundaries],
        resources={"lake": LakeResource(root=str(tmp_path / "off"))},
        run_config={"ops": {"geo__district_boundaries": {"config": {"url": "http://127.0.0.1:9/x"}}}},
    )
    assert offline.success
    assert offline.asset_materializations_for_node("geo__district_boundaries")[0].metadata["available"].value is False
