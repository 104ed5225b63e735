"""District boundaries: download once from official open data, reconcile, cache under the lake root.

Sources understood:
- BKG VG250 / VG5000 district layers as GeoJSON (properties `ARS`/`AGS`/`RS`, `GEN`), and
- Eurostat GISCO NUTS (properties `NUTS_ID`, `LEVL_CODE`), mapped to AGS through the district
  reference (its `nuts3` column).

Reconciliation: only districts of Sachsen (14…) and Thüringen (16…) are kept; districts that no
longer exist are merged into their successor (16056 Eisenach joined 16063 Wartburgkreis on
1 July 2021) by a geometry union, so the cache has exactly one feature per current district.
The cache is a plain GeoJSON file plus a small JSON sidecar (source URL, time, attribution):
the dashboards read it from disk, no tile server or CDN at view time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lake import catalog

# Eurostat GISCO: NUTS 2021, level 3, 1:1 million, WGS 84 (an official, openly licensed source).
DEFAULT_URL = "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/NUTS_RG_01M_2021_4326_LEVL_3.geojson"
URL_ENV = "LAKEHOUSE_GEODATA_URL"
CACHE_PARTS = catalog.GEODATA_PARTS
CACHE_FILE = catalog.GEODATA_FILE
META_FILE = catalog.GEODATA_META_FILE
LAND_PREFIXES = {"14": "Sachsen", "16": "Thüringen"}

# Districts dissolved since the boundary vintages in circulation: old AGS -> successor AGS.
SUCCESSORS = {"16056": "16063"}  # Eisenach joined the Wartburgkreis on 2021-07-01
# NUTS-3 codes of older NUTS versions that no longer exist (NUTS 2016: DEG0N = Eisenach).
LEGACY_NUTS = {"DEG0N": "16056"}

BKG_LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0"


class GeodataError(RuntimeError):
    """Boundaries could not be downloaded or understood."""


@dataclass(frozen=True)
class FetchResult:
    path: Path
    features: int
    merged: dict[str, str]
    missing: list[str]
    attribution: str
    downloaded: bool


def source_url(url: str | None = None) -> str:
    """The configured download URL: argument, else `LAKEHOUSE_GEODATA_URL`, else GISCO."""
    return url or os.environ.get(URL_ENV) or DEFAULT_URL


def cache_dir(root: str) -> Path:
    if "://" in root and not root.startswith("file://"):
        raise GeodataError(f"the boundary cache needs a local lake root, not {root!r}")
    return Path(root.removeprefix("file://")).joinpath(*CACHE_PARTS)


def cache_path(root: str) -> Path:
    return cache_dir(root) / CACHE_FILE


def _reference() -> list[dict[str, str]]:
    import csv
    from importlib import resources

    text = resources.files("lake").joinpath("reference/districts.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def attribution_for(collection: dict[str, Any], url: str) -> str:
    """The source note the licence requires, derived from what was downloaded."""
    source = str(collection.get("source") or collection.get("name") or "")
    props = (collection.get("features") or [{}])[0].get("properties") or {}
    if "NUTS_ID" in props or "gisco" in url.lower():
        return "© EuroGeographics bezüglich der Verwaltungsgrenzen (Eurostat GISCO, NUTS 2021)"
    years = re.findall(r"BKG \((\d{4})\)", source) or re.findall(r"(20\d\d)", source)
    year = years[0] if years else str(dt.date.today().year)
    return f"© GeoBasis-DE / BKG ({year}), {BKG_LICENCE}"


def _district_key(props: dict[str, Any], nuts_to_ags: dict[str, str]) -> str | None:
    for name in ("ARS", "AGS", "RS", "ags", "ars", "rs", "KRS"):
        value = props.get(name)
        if value:
            digits = re.sub(r"\D", "", str(value))
            if len(digits) >= 5:
                return digits[:5]
            if len(digits) == 4:  # lost leading zero (not in our Länder, kept for clarity)
                return digits.zfill(5)
    nuts = props.get("NUTS_ID") or props.get("nuts3") or props.get("NUTS_CODE")
    if nuts:
        return nuts_to_ags.get(str(nuts)) or LEGACY_NUTS.get(str(nuts))
    return None


def _polygons(geometry: dict[str, Any]) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise GeodataError(f"unexpected geometry type {geometry['type']!r}")


def _round(coords: Any, digits: int = 5) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), digits)
    return [_round(c, digits) for c in coords]


def union_geometries(geometries: list[dict[str, Any]]) -> dict[str, Any]:
    """Union of polygon geometries (shapely), else their parts as one MultiPolygon."""
    try:
        from shapely.geometry import mapping, shape
        from shapely.ops import unary_union

        merged = unary_union([shape(g).buffer(0) for g in geometries])
        return json.loads(json.dumps(mapping(merged)))
    except ImportError:  # pragma: no cover - shapely is a dependency; keep a fallback anyway
        parts = [p for g in geometries for p in _polygons(g)]
        return {"type": "MultiPolygon", "coordinates": parts}


def reconcile(collection: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """Keep the districts of both Länder, merge dissolved ones into their successors.

    Returns the new FeatureCollection (properties `ags`, `name`, `land`), the merges made
    (old AGS -> successor) and the reference districts that have no geometry.
    """
    if collection.get("type") != "FeatureCollection" or not isinstance(collection.get("features"), list):
        raise GeodataError("not a GeoJSON FeatureCollection")
    reference = {r["ags"]: r for r in _reference()}
    nuts_to_ags = {r["nuts3"]: r["ags"] for r in reference.values()}
    grouped: dict[str, list[dict[str, Any]]] = {}
    merged: dict[str, str] = {}
    for feature in collection["features"]:
        props = feature.get("properties") or {}
        if props.get("LEVL_CODE") not in (None, 3, "3"):
            continue
        ags = _district_key(props, nuts_to_ags)
        if not ags or ags[:2] not in LAND_PREFIXES or not feature.get("geometry"):
            continue
        if ags in SUCCESSORS:
            merged[ags] = SUCCESSORS[ags]
            ags = SUCCESSORS[ags]
        grouped.setdefault(ags, []).append(feature["geometry"])
    features = []
    for ags in sorted(grouped):
        geoms = grouped[ags]
        geometry = geoms[0] if len(geoms) == 1 else union_geometries(geoms)
        ref = reference.get(ags, {})
        features.append(
            {
                "type": "Feature",
                "id": ags,
                "properties": {"ags": ags, "name": ref.get("name", ags), "land": LAND_PREFIXES[ags[:2]]},
                "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])},
            }
        )
    if not features:
        raise GeodataError("no district of Sachsen or Thüringen found in the download")
    missing = sorted(set(reference) - set(grouped))
    return {"type": "FeatureCollection", "features": features}, merged, missing


def _download(url: str, timeout: float, retries: int) -> bytes:
    import requests

    last: Exception | None = None
    for attempt in range(max(1, retries)):
        try:
            response = requests.get(url, timeout=timeout)
            response.raise_for_status()
            return response.content
        except requests.RequestException as exc:
            last = exc
            time.sleep(min(2.0, 0.25 * 2**attempt))
    raise GeodataError(f"could not download boundaries from {url}: {last}")


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def fetch(
    root: str,
    url: str | None = None,
    *,
    force: bool = False,
    timeout: float = 60.0,
    retries: int = 3,
    downloader: Callable[[str, float, int], bytes] | None = None,
) -> FetchResult:
    """Download (unless cached), reconcile and cache the district boundaries under ``root``."""
    url = source_url(url)
    target = cache_path(root)
    meta_path = target.with_name(META_FILE)
    if target.exists() and meta_path.exists() and not force:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return FetchResult(
            target,
            meta.get("features", 0),
            meta.get("merged", {}),
            meta.get("missing", []),
            meta.get("attribution", ""),
            downloaded=False,
        )
    raw = (downloader or _download)(url, timeout, retries)
    try:
        collection = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeodataError(f"the download from {url} is not GeoJSON: {exc}") from exc
    reconciled, merged, missing = reconcile(collection)
    attribution = attribution_for(collection, url)
    meta = {
        "source_url": url,
        "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "attribution": attribution,
        "features": len(reconciled["features"]),
        "merged": merged,
        "missing": missing,
    }
    _atomic_write(target, json.dumps(reconciled, ensure_ascii=False, separators=(",", ":")))
    _atomic_write(meta_path, json.dumps(meta, ensure_ascii=False, indent=2))
    return FetchResult(target, meta["features"], merged, missing, attribution, downloaded=True)


def load_cached(root: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The cached boundaries and their metadata, or None when not fetched (or unreadable)."""
    try:
        target = cache_path(root)
        geo = json.loads(target.read_text(encoding="utf-8"))
        meta_path = target.with_name(META_FILE)
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    except (OSError, ValueError, GeodataError):
        return None
    return geo, meta
