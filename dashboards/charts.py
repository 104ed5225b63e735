"""Figures of the pages (Plotly; the Überblick trend as a Vega-Lite spec): shares with intervals, suppressed cells marked, maps that work offline."""

from __future__ import annotations

import math
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboards.i18n import t

SUPPRESSED_COLOUR = "#bdbdbd"
NO_DATA_COLOUR = "#f0f0f0"
SCALE = "Blues"


def _isnum(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def share_bars(df: pd.DataFrame, lang: str, labeller: Callable[[str], str] = str, title: str = "",
               share_col: str = "weighted_share", with_interval: bool = True, highlight: str | None = None) -> go.Figure:
    """Horizontal bars of shares (%) with 95 % intervals; suppressed categories labelled, not drawn."""
    fig = go.Figure()
    shown = df[~df["suppressed"].astype(bool) & df[share_col].notna()]
    hidden = df[df["suppressed"].astype(bool)]
    labels = [labeller(c) for c in shown["category"]]
    error = None
    if with_interval and len(shown) and "ci_low" in shown:
        error = dict(type="data", symmetric=False,
                     array=(shown["ci_high"] - shown[share_col]) * 100,
                     arrayminus=(shown[share_col] - shown["ci_low"]) * 100, color="#444")
    colours = ["#08519c" if c == highlight else "#6baed6" for c in shown["category"]]
    fig.add_bar(x=shown[share_col] * 100, y=labels, orientation="h", error_x=error, marker_color=colours,
                name=t("share", lang), hovertemplate="%{y}: %{x:.1f} %<extra></extra>")
    if len(hidden):
        fig.add_bar(x=[0] * len(hidden), y=[labeller(c) for c in hidden["category"]], orientation="h",
                    marker_color=SUPPRESSED_COLOUR, name=t("suppressed", lang),
                    text=[t("suppressed", lang)] * len(hidden), textposition="outside",
                    hovertemplate="%{y}: " + t("suppressed", lang) + "<extra></extra>")
    fig.update_layout(title=title, xaxis_title=t("share", lang), yaxis=dict(autorange="reversed"),
                      height=max(260, 28 * len(df) + 120), margin=dict(l=10, r=10, t=50, b=40),
                      showlegend=bool(len(hidden)), barmode="overlay")
    return fig


# Number format of the Vega-Lite charts per language (decimal comma in German).
VEGA_LOCALE = {"de": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0€"]},
               "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", "\u00a0€"]}}


def trend(headline: pd.DataFrame, lang: str, label: Callable[[str | None], str]) -> dict:
    """Vega-Lite spec (for `st.vega_lite_chart`): share per wave and Land, lines with points, 95 % intervals as error bars.

    Vega-Lite, not Plotly: Streamlit loads its Plotly chunk (4.7 MB) only for a Plotly element, and on
    the Überblick page that chunk was most of the first render (see docs/dashboards.md, Performance).
    Suppressed cells are left out (the line joins the neighbouring waves), as before.
    """
    lands = headline["land"].map(lambda x: label(x if isinstance(x, str) else None))
    names = list(dict.fromkeys(lands))  # every Land in the legend, also one whose cells are all suppressed
    shown = headline[~headline["suppressed"].astype(bool) & headline["weighted_share"].notna()]
    rows = pd.DataFrame({
        "wave": shown["wave"].astype(str),
        "land": lands.loc[shown.index],
        "share": shown["weighted_share"] * 100,
        "ci_low": shown["ci_low"] * 100,
        "ci_high": shown["ci_high"] * 100,
    }).round(2)  # percent with two decimals: plenty for drawing, and short in the marks' aria labels
    share, wave, land = t("share", lang), t("wave", lang), t("land", lang)
    waves = sorted(headline["wave"].astype(str).unique())
    return {
        "data": {"values": rows},
        "height": 380,
        "encoding": {
            "x": {"field": "wave", "type": "ordinal", "title": wave, "sort": waves, "axis": {"labelAngle": 0}},
            "color": {"field": "land", "type": "nominal", "title": land, "sort": names, "scale": {"domain": names}},
        },
        "layer": [
            {"mark": {"type": "errorbar", "ticks": {"size": 12}},
             "encoding": {"y": {"field": "ci_low", "type": "quantitative", "title": share, "scale": {"zero": False}},
                          "y2": {"field": "ci_high"}}},
            {"mark": {"type": "line", "point": True},
             "encoding": {"y": {"field": "share", "type": "quantitative", "title": share, "scale": {"zero": False}},
                          "tooltip": [{"field": "land", "title": land}, {"field": "wave", "title": wave},
                                      {"field": "share", "type": "quantitative", "title": share, "format": ".1f"},
                                      {"field": "ci_low", "type": "quantitative", "title": t("ci_low", lang), "format": ".1f"},
                                      {"field": "ci_high", "type": "quantitative", "title": t("ci_high", lang), "format": ".1f"}]}},
        ],
        "config": {"locale": {"number": VEGA_LOCALE[lang]}},
    }


def _hover(df: pd.DataFrame, lang: str) -> list[str]:
    out = []
    for r in df.itertuples():
        if r.suppressed:
            value = t("suppressed", lang)
        elif _isnum(r.weighted_share):
            value = f"{r.weighted_share * 100:.1f} % ({r.ci_low * 100:.1f}–{r.ci_high * 100:.1f}), n = {int(r.respondents)}"
        else:
            value = t("not_in_cube", lang)
        method = getattr(r, "method", None)
        if isinstance(method, str):  # modelled values always say so (and how)
            value += f"<br>{t('method', lang)}: {t('method_' + method, lang)}"
        out.append(f"{r.name} ({r.ags})<br>{value}")
    return out


def _rings(geometry: dict) -> tuple[list[float | None], list[float | None]]:
    """Outline coordinates of a (Multi)Polygon as one x/y list, parts separated by None."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    xs: list[float | None] = []
    ys: list[float | None] = []
    for polygon in polygons:
        for ring in polygon:
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
    return xs, ys


def choropleth(geo: dict, df: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Districts as filled outlines coloured by share; suppressed grey, no data light grey.

    Drawn on plain x/y axes (longitude, latitude at a fixed aspect), not on a plotly `geo`
    subplot: that one fetches a world topojson from a CDN even with the base map hidden, and
    the map must render with no network at view time.
    """
    from plotly.colors import sample_colorscale

    fig = go.Figure()
    rows = {r.ags: r for r in df.itertuples()}
    hover = dict(zip(df["ags"], _hover(df, lang)))
    shares = df.loc[df["weighted_share"].notna() & ~df["suppressed"].astype(bool), "weighted_share"] * 100
    low, high = (float(shares.min()), float(shares.max())) if len(shares) else (0.0, 1.0)
    span = (high - low) or 1.0
    def extent(feature: dict) -> float:
        xs, ys = _rings(feature["geometry"])
        xs, ys = [x for x in xs if x is not None], [y for y in ys if y is not None]
        return (max(xs) - min(xs)) * (max(ys) - min(ys)) if xs else 0.0

    # Large districts first, so a city inside its Landkreis (Weimar, Suhl, ...) is drawn on top.
    for feature in sorted(geo.get("features", []), key=extent, reverse=True):
        ags = feature["properties"].get("ags")
        row = rows.get(ags)
        if row is None:
            continue
        if row.suppressed:
            colour, group = SUPPRESSED_COLOUR, "suppressed"
        elif _isnum(row.weighted_share):
            colour, group = sample_colorscale(SCALE, [(row.weighted_share * 100 - low) / span])[0], "share"
        else:
            colour, group = NO_DATA_COLOUR, "none"
        xs, ys = _rings(feature["geometry"])
        fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour, meta=ags, legendgroup=group,
                        line=dict(color="white", width=0.8), name=str(row.name), text=hover[ags],
                        hoveron="fills", hoverinfo="text", showlegend=False)
    if len(shares):  # colour bar: an invisible marker trace carrying the scale
        fig.add_scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                        marker=dict(colorscale=SCALE, cmin=low, cmax=high, color=[low], showscale=True,
                                    colorbar=dict(title=dict(text=t("share", lang)))))
    for colour, label in ((SUPPRESSED_COLOUR, t("suppressed", lang)), (NO_DATA_COLOUR, t("not_in_cube", lang))):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=label, hoverinfo="skip",
                        marker=dict(symbol="square", size=14, color=colour, line=dict(color="#999", width=1)))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.6)  # ~1/cos(51°): lengths as on the ground
    fig.update_layout(title=title, height=640, margin=dict(l=0, r=0, t=50, b=0), plot_bgcolor="white",
                      legend=dict(orientation="h", yanchor="bottom", y=0.0))
    return fig


# Tile-grid positions (row, column) of the districts, roughly keeping their geography
# (Thüringen west, Sachsen east); used when no boundaries are cached.
TILE_GRID: dict[str, tuple[int, int]] = {
    "16061": (0, 0), "16062": (0, 1), "16065": (0, 2), "14713": (0, 5), "14730": (0, 6),
    "16063": (1, 0), "16064": (1, 1), "16068": (1, 2), "16051": (1, 3), "16055": (1, 4), "14729": (1, 5),
    "14627": (1, 7), "14625": (1, 8), "14626": (1, 9),
    "16066": (2, 0), "16067": (2, 1), "16070": (2, 2), "16071": (2, 3), "16053": (2, 4), "16077": (2, 5),
    "14522": (2, 6), "14612": (2, 7), "14628": (2, 8),
    "16054": (3, 0), "16069": (3, 1), "16073": (3, 2), "16074": (3, 3), "16052": (3, 4), "14524": (3, 5),
    "14511": (3, 6), "14521": (3, 7),
    "16072": (4, 2), "16075": (4, 3), "16076": (4, 4), "14523": (4, 5),
}


def tile_grid(df: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """One square per district at its grid position, coloured like the choropleth."""
    df = df.copy()
    pos = [TILE_GRID.get(a, (5, i)) for i, a in enumerate(df["ags"])]
    df["row"] = [p[0] for p in pos]
    df["col"] = [p[1] for p in pos]
    fig = go.Figure()
    has = df[df["weighted_share"].notna() & ~df["suppressed"].astype(bool)]
    rest = df.drop(has.index)
    short = lambda names: [str(n)[:10] for n in names]  # noqa: E731
    if len(rest):
        fig.add_scatter(x=rest["col"].tolist(), y=rest["row"].tolist(), mode="markers+text", text=short(rest["name"]),
                        marker=dict(symbol="square", size=62, color=[SUPPRESSED_COLOUR if s else NO_DATA_COLOUR for s in rest["suppressed"]]),
                        textfont=dict(size=9), hovertext=_hover(rest, lang), hoverinfo="text", name=t("suppressed", lang))
    if len(has):
        fig.add_scatter(x=has["col"].tolist(), y=has["row"].tolist(), mode="markers+text", text=short(has["name"]),
                        marker=dict(symbol="square", size=62, color=has["weighted_share"] * 100, colorscale=SCALE,
                                    showscale=True, colorbar=dict(title=dict(text=t("share", lang)))),
                        textfont=dict(size=9), hovertext=_hover(has, lang), hoverinfo="text", name=t("share", lang))
    fig.update_xaxes(visible=False, range=[-0.7, 9.7])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    fig.update_layout(title=title, height=520, showlegend=False, margin=dict(l=0, r=0, t=50, b=0),
                      plot_bgcolor="white")
    return fig
