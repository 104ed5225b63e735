"""Charts for the report, drawn with matplotlib (object API, no pyplot state) and returned as SVG.

SVG output is deterministic (fixed hash salt, no date), so the same figures give the same bytes.
Suppressed cells are drawn as an empty slot labelled "unterdrückt", never as a bar.
"""

from __future__ import annotations

import io
import json
import pathlib
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Polygon, Rectangle  # noqa: E402

from lake import catalog  # noqa: E402
from reports import formatting  # noqa: E402

matplotlib.rcParams["svg.hashsalt"] = "lakehouse-report"

# Okabe-Ito colours (safe for the common colour-vision deficiencies), told apart by hatching and
# marker shape as well, so a grey-scale print still separates the series.
COLOURS = {"both": "#333333", "Sachsen": "#0072B2", "Thüringen": "#E69F00"}
HATCHES = {"both": None, "Sachsen": None, "Thüringen": "////"}
MARKERS = {"both": "o", "Sachsen": "s", "Thüringen": "^"}
SUPPRESSED_GREY = "#d5d8dc"

# Tile grid of the 35 districts (column, row), west to east and north to south, used when no
# boundary file is cached: Thüringen on the left, Sachsen on the right.
TILE_GRID: dict[str, tuple[int, int]] = {
    "16061": (1, 0),
    "16062": (2, 0),
    "16065": (3, 0),
    "16063": (0, 1),
    "16064": (1, 1),
    "16068": (2, 1),
    "16067": (1, 2),
    "16051": (2, 2),
    "16055": (3, 2),
    "16071": (4, 2),
    "16053": (5, 2),
    "16052": (6, 2),
    "16077": (7, 2),
    "16066": (0, 3),
    "16054": (1, 3),
    "16070": (2, 3),
    "16073": (3, 3),
    "16074": (5, 3),
    "16076": (6, 3),
    "16069": (1, 4),
    "16072": (2, 4),
    "16075": (4, 4),
    "14713": (8, 1),
    "14730": (9, 1),
    "14627": (10, 1),
    "14625": (11, 1),
    "14626": (12, 1),
    "14729": (8, 2),
    "14522": (9, 2),
    "14612": (10, 2),
    "14628": (11, 2),
    "14524": (7, 3),
    "14511": (8, 3),
    "14521": (9, 3),
    "14523": (6, 4),
}


def to_svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buf.getvalue()


def bar_chart(
    items: Sequence[dict[str, Any]], series: Sequence[str], title: str, xlabel: str = "Anteil in %"
) -> str | None:
    """Horizontal bars per item (``label``, ``cells`` by series key) with 95 % interval whiskers."""
    if not items:
        return None
    n, k = len(items), len(series)
    fig = Figure(figsize=(7.2, min(0.11 * n * max(k, 1) + 1.2, 8.0)), layout="constrained")
    ax = fig.add_subplot()
    height = 0.8 / k
    labelled: set[str] = set()
    for j, key in enumerate(series):
        for i, item in enumerate(items):
            y = i + (j - (k - 1) / 2) * height
            cell = item["cells"].get(key)
            if cell is None:
                continue
            if cell.get("suppressed") or cell.get("share") is None:
                ax.text(
                    0.5,
                    y,
                    formatting.SUPPRESSED if cell.get("suppressed") else formatting.NO_DATA,
                    va="center",
                    fontsize=7,
                    color="#7f8c8d",
                )
                continue
            value = 100 * cell["share"]
            err = None
            if cell.get("ci_low") is not None and cell.get("ci_high") is not None:
                err = [[value - 100 * cell["ci_low"]], [100 * cell["ci_high"] - value]]
            ax.barh(
                y,
                value,
                height=height * 0.9,
                color=COLOURS.get(key, "#555"),
                xerr=err,
                hatch=HATCHES.get(key),
                edgecolor="white",
                linewidth=0,
                error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#333"},
                label=None if key in labelled else _series_label(key),
            )
            labelled.add(key)
    ax.set_yticks(range(n), [_wrap(item["label"]) for item in items], fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(_de_formatter())
    ax.set_title(title, loc="left", fontsize=10)
    ax.grid(axis="x", color="#eee")
    ax.set_axisbelow(True)
    if k > 1 and labelled:
        fig.legend(loc="outside lower center", ncol=k, fontsize=7, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return to_svg(fig)


def _wrap(label: str, width: int = 34) -> str:
    """Long category names (NACE sections) on two lines instead of cut off at the figure edge."""
    import textwrap

    lines = textwrap.wrap(str(label), width)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def trend_chart(trend: Sequence[dict[str, Any]], series: Sequence[str], title: str) -> str | None:
    """Share per wave and area as lines with markers and 95 % interval whiskers; suppressed waves left out."""
    waves = sorted({t["wave"] for t in trend})
    if len(waves) < 1:
        return None
    fig = Figure(figsize=(7.2, 2.6), layout="constrained")
    ax = fig.add_subplot()
    offsets = {key: (j - (len(series) - 1) / 2) * 0.06 for j, key in enumerate(series)}
    for key in series:
        points = [
            (waves.index(t["wave"]) + offsets[key], t["cell"])
            for t in trend
            if t["key"] == key and t["cell"] and not t["cell"]["suppressed"] and t["cell"]["share"] is not None
        ]
        if not points:
            continue
        xs = [x for x, _ in points]
        ys = [100 * c["share"] for _, c in points]
        low = [y - 100 * c["ci_low"] for y, (_, c) in zip(ys, points)]
        high = [100 * c["ci_high"] - y for y, (_, c) in zip(ys, points)]
        ax.errorbar(
            xs,
            ys,
            yerr=[low, high],
            color=COLOURS.get(key, "#555"),
            marker=MARKERS.get(key, "o"),
            linestyle="-" if key != "Thüringen" else "--",
            capsize=3,
            linewidth=1.4,
            markersize=5,
            label=_series_label(key),
        )
    ax.set_xticks(range(len(waves)), waves, fontsize=8)
    ax.set_xlim(-0.5, len(waves) - 0.5)
    ax.set_ylabel("Anteil in %")
    ax.yaxis.set_major_formatter(_de_formatter())
    ax.set_title(title, loc="left", fontsize=10)
    ax.grid(axis="y", color="#eee")
    fig.legend(loc="outside lower center", ncol=len(series), fontsize=7, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return to_svg(fig)


def _de_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: formatting.de_number(v, 0))


def _series_label(key: str) -> str:
    return "Sachsen und Thüringen" if key == "both" else key


def count_chart(rows: Sequence[dict[str, Any]], lands: Sequence[str], title: str) -> str | None:
    """Horizontal bars of article counts per topic and Land."""
    if not rows:
        return None
    items = [{"label": r["label"], "cells": {ln: {"share": r[ln]} for ln in lands}} for r in rows]
    n, k = len(items), len(lands)
    fig = Figure(figsize=(7.2, 0.12 * n * k + 1.0), layout="constrained")
    ax = fig.add_subplot()
    height = 0.8 / k
    for j, land in enumerate(lands):
        ys = [i + (j - (k - 1) / 2) * height for i in range(n)]
        ax.barh(
            ys,
            [it["cells"][land]["share"] for it in items],
            height=height * 0.9,
            color=COLOURS.get(land, "#555"),
            hatch=HATCHES.get(land),
            edgecolor="white",
            linewidth=0,
            label=land,
        )
    ax.set_yticks(range(n), [_wrap(it["label"]) for it in items], fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlabel("Artikel")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(_de_formatter())
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return to_svg(fig)


def _colour(share: float | None, lo: float, hi: float) -> str:
    from matplotlib import colormaps

    if share is None:
        return SUPPRESSED_GREY
    t = 0.5 if hi <= lo else (share - lo) / (hi - lo)
    r, g, b, _ = colormaps["Blues"](0.25 + 0.7 * t)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def find_boundaries(root: str) -> pathlib.Path | None:
    """A cached district boundary GeoJSON under the lake root (written by `lakehouse geodata`)."""
    base = pathlib.Path(root)
    if not base.is_dir():
        return None
    cached = pathlib.Path(catalog.geodata_path(str(base)))  # where `lakehouse geodata` caches them
    if cached.is_file():
        return cached
    candidates: list[pathlib.Path] = []
    for pattern in ("*/*.geojson", "*/*/*.geojson", "*/*/*/*.geojson"):
        candidates += [
            p for p in base.glob(pattern) if p.relative_to(base).parts[0] not in ("reports", "gold", "silver", "bronze")
        ]
    for path in sorted(
        candidates, key=lambda p: ("district" not in p.name.lower() and "kreis" not in p.name.lower(), str(p))
    ):
        return path
    return None


def _feature_ags(props: dict[str, Any], known: set[str]) -> str | None:
    for key in ("ags", "AGS", "krs", "KRS", "ars", "ARS", "RS", "rs", "id"):
        value = str(props.get(key) or "")[:5]
        if value in known:
            return value
    for value in props.values():
        value = str(value)[:5]
        if value in known:
            return value
    return None


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def district_map(districts: Sequence[dict[str, Any]], names: dict[str, dict[str, Any]], root: str) -> tuple[str, str]:
    """Choropleth of the district shares: GeoJSON boundaries if cached, else a tile grid.

    Returns (svg, kind) where kind is ``"boundaries"`` or ``"tiles"``.
    """
    cells = {d["ags"]: d["cell"] for d in districts}
    values = [c["share"] for c in cells.values() if c and c.get("share") is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    fig = Figure(figsize=(7.2, 4.6))
    ax = fig.add_subplot()
    ax.set_aspect("equal")
    ax.axis("off")
    known = set(TILE_GRID) | set(names) | set(cells)
    kind = "tiles"
    path = find_boundaries(root)
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            drawn = 0
            for feature in data.get("features", []):
                ags = _feature_ags(feature.get("properties") or {}, known)
                if ags is None:
                    continue
                cell = cells.get(ags)
                colour = _colour(cell["share"] if cell else None, lo, hi)
                for ring in _rings(feature.get("geometry") or {}):
                    ax.add_patch(
                        Polygon(
                            [pt[:2] for pt in ring],
                            closed=True,
                            facecolor=colour,
                            edgecolor="white",
                            linewidth=0.5,
                            hatch="///" if cell and cell["suppressed"] else None,
                        )
                    )
                    drawn += 1
            if drawn:
                ax.autoscale_view()
                x0, x1 = ax.get_xlim()
                y0, y1 = ax.get_ylim()
                if -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90:  # lon/lat: shrink longitude
                    import math

                    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
                kind = "boundaries"
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            kind = "tiles"
    if kind == "tiles":
        ax.cla()
        ax.set_aspect("equal")
        ax.axis("off")
        for ags, (col, row) in TILE_GRID.items():
            cell = cells.get(ags)
            share = cell["share"] if cell else None
            colour = _colour(share, lo, hi)
            ax.add_patch(
                Rectangle(
                    (col, -row),
                    0.95,
                    0.95,
                    facecolor=colour,
                    edgecolor="white",
                    hatch="///" if cell and cell["suppressed"] else None,
                )
            )
            name = (names.get(ags) or {}).get("name") or ags
            short = name if len(name) <= 10 else name[:9] + "."
            text = (
                formatting.SUPPRESSED
                if cell and cell["suppressed"]
                else (formatting.share(share, 0) if share is not None else "–")
            )
            dark = share is not None and hi > lo and (share - lo) / (hi - lo) > 0.55
            ax.text(
                col + 0.475,
                -row + 0.6,
                short,
                ha="center",
                va="center",
                fontsize=5.2,
                color="white" if dark else "#222",
            )
            ax.text(
                col + 0.475,
                -row + 0.3,
                text,
                ha="center",
                va="center",
                fontsize=6,
                color="white" if dark else "#222",
                weight="bold",
            )
        ax.set_xlim(-0.1, 13.1)
        ax.set_ylim(-4.2, 1.5)
        ax.text(3.5, 1.2, "Thüringen", ha="center", fontsize=9, weight="bold")
        ax.text(10.0, 1.2, "Sachsen", ha="center", fontsize=9, weight="bold")
        if values:
            ax.text(
                13.0,
                -4.15,
                f"Farbe: hell = {formatting.share(lo, 0)}, dunkel = {formatting.share(hi, 0)}; "
                f"grau = {formatting.SUPPRESSED} oder keine Daten",
                ha="right",
                fontsize=6,
                color="#555",
            )
    return to_svg(fig), kind
