"""Plotly figures of the pages: shares with intervals, suppressed cells marked, maps that work offline."""

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


def trend(headline: pd.DataFrame, lang: str, label: Callable[[str | None], str]) -> go.Figure:
    fig = go.Figure()
    for land, part in headline.groupby(headline["land"].fillna(""), sort=False):
        part = part[~part["suppressed"].astype(bool)]
        fig.add_scatter(
            x=part["wave"], y=part["weighted_share"] * 100, mode="lines+markers", name=label(land or None),
            error_y=dict(type="data", symmetric=False, array=(part["ci_high"] - part["weighted_share"]) * 100,
                         arrayminus=(part["weighted_share"] - part["ci_low"]) * 100))
    fig.update_layout(yaxis_title=t("share", lang), xaxis_title=t("wave", lang), height=380,
                      margin=dict(l=10, r=10, t=30, b=40), xaxis_type="category")
    return fig


def _hover(df: pd.DataFrame, lang: str) -> list[str]:
    out = []
    for r in df.itertuples():
        if r.suppressed:
            value = t("suppressed", lang)
        elif _isnum(r.weighted_share):
            value = f"{r.weighted_share * 100:.1f} % ({r.ci_low * 100:.1f}–{r.ci_high * 100:.1f}), n = {int(r.respondents)}"
        else:
            value = t("not_in_cube", lang)
        out.append(f"{r.name} ({r.ags})<br>{value}")
    return out


def choropleth(geo: dict, df: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Districts coloured by share; suppressed in grey; outlines only, no base map (offline)."""
    fig = go.Figure()
    has = df[df["weighted_share"].notna() & ~df["suppressed"].astype(bool)]
    sup = df[df["suppressed"].astype(bool)]
    none = df[df["weighted_share"].isna() & ~df["suppressed"].astype(bool)]
    common = dict(geojson=geo, featureidkey="properties.ags", marker_line_color="white", marker_line_width=0.8)
    if len(has):
        fig.add_choropleth(locations=has["ags"].tolist(), z=(has["weighted_share"] * 100).round(3).tolist(), colorscale=SCALE,
                           colorbar=dict(title=dict(text=t("share", lang))), name=t("share", lang),
                           text=_hover(has, lang), hovertemplate="%{text}<extra></extra>", **common)
    for part, colour, label in ((sup, SUPPRESSED_COLOUR, t("suppressed", lang)), (none, NO_DATA_COLOUR, t("not_in_cube", lang))):
        if len(part):
            fig.add_choropleth(locations=part["ags"].tolist(), z=[0] * len(part), colorscale=[[0, colour], [1, colour]],
                               showscale=False, name=label, showlegend=True, text=_hover(part, lang),
                               hovertemplate="%{text}<extra></extra>", **common)
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(title=title, height=620, margin=dict(l=0, r=0, t=50, b=0),
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
