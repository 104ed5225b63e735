"""Figures of the pages (Plotly; the Überblick trend as a Vega-Lite spec): shares with intervals, suppressed cells marked, maps that work offline."""  # noqa: E501

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboards.i18n import PLOTLY_SEPARATORS, number, t

# Colour-blind-safe choices (Okabe-Ito for categories; a single-hue blue scale for shares), and
# never colour alone: suppressed cells are hatched, cells without responses dotted, the selection
# outlined in black and named in its label, each Land has its own line dash and marker shape.
SUPPRESSED_COLOUR = "#8c8c8c"  # with a white hatch
NO_DATA_COLOUR = "#ffffff"  # with a grey dot pattern
PATTERN_FG = "#595959"
SCALE = "Blues"
BAR_COLOUR = "#2166ac"  # 6.0 : 1 on white
SELECTED_COLOUR = "#08306b"
LAND_COLOURS = {"both": "#333333", "Sachsen": "#0072B2", "Thüringen": "#D55E00"}
LAND_DASH = {"both": "solid", "Sachsen": "dash", "Thüringen": "dot"}
LAND_SHAPE = {"both": "circle", "Sachsen": "square", "Thüringen": "triangle-up"}
SELECTED_MARK = "► "


def layout_locale(fig: go.Figure, lang: str) -> go.Figure:
    """Plotly's number separators of the language (axes, hovers: `44,9` in German)."""
    fig.update_layout(separators=PLOTLY_SEPARATORS[lang])
    return fig


def text_colour(hex_colour: str) -> str:
    """Black or white, whichever contrasts more with the background (WCAG relative luminance)."""
    h = hex_colour.lstrip("#")
    if h.startswith("rgb"):
        return "#000000"
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def _rgb_to_hex(colour: str) -> str:
    if colour.startswith("#"):
        return colour
    parts = [int(float(x)) for x in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
    return "#" + "".join(f"{p:02x}" for p in parts)


def _isnum(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def share_bars(
    df: pd.DataFrame,
    lang: str,
    labeller: Callable[[str], str] = str,
    title: str = "",
    share_col: str = "weighted_share",
    with_interval: bool = True,
    highlight: str | None = None,
) -> go.Figure:
    """Horizontal bars of shares (%) with 95 % intervals; suppressed categories labelled, not drawn.

    The highlighted category (the sidebar's choice) is darker, outlined, and marked `►` in its label.
    """
    fig = go.Figure()
    shown = df[~df["suppressed"].astype(bool) & df[share_col].notna()]
    hidden = df[df["suppressed"].astype(bool) | df[share_col].isna()]

    def name(c: str) -> str:
        return f"{SELECTED_MARK}{labeller(c)}" if highlight is not None and c == highlight else labeller(c)

    labels = [name(c) for c in shown["category"]]
    error = None
    if with_interval and len(shown) and "ci_low" in shown:
        error = dict(
            type="data",
            symmetric=False,
            array=(shown["ci_high"] - shown[share_col]) * 100,
            arrayminus=(shown[share_col] - shown["ci_low"]) * 100,
            color="#222",
        )
    selected = [c == highlight for c in shown["category"]]
    hover = []
    for r in shown.to_dict("records"):
        text = f"{number(r[share_col] * 100, lang)} %"
        if with_interval and "ci_low" in r:
            text += f" ({number(r['ci_low'] * 100, lang)}–{number(r['ci_high'] * 100, lang)})"
        hover.append(text + f", n = {int(r['respondents'])}")
    fig.add_bar(
        x=shown[share_col] * 100,
        y=labels,
        orientation="h",
        error_x=error,
        marker=dict(
            color=[SELECTED_COLOUR if s else BAR_COLOUR for s in selected],
            line=dict(
                color=["#000000" if s else BAR_COLOUR for s in selected], width=[3 if s else 0 for s in selected]
            ),
        ),
        name=t("share", lang),
        customdata=hover,
        hovertemplate="%{y}: %{customdata}<extra></extra>",
    )
    if len(hidden):
        why = [
            t("suppressed", lang) if (s and int(n or 0) > 0) else t("no_responses_short", lang)
            for s, n in zip(hidden["suppressed"].astype(bool), hidden["respondents"].fillna(0))
        ]
        fig.add_bar(
            x=[0] * len(hidden),
            y=[name(c) for c in hidden["category"]],
            orientation="h",
            marker_color=SUPPRESSED_COLOUR,
            name=t("suppressed", lang),
            text=why,
            textposition="outside",
            textfont=dict(color="#333333"),
            customdata=why,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    fig.update_layout(
        title=title,
        xaxis_title=t("share", lang),
        yaxis=dict(autorange="reversed", automargin=True),
        height=max(260, 28 * len(df) + 120),
        margin=dict(l=10, r=10, t=50, b=40),
        showlegend=False,
        barmode="overlay",
        font=dict(color="#222222"),
    )
    return layout_locale(fig, lang)


def ranking_bars(
    df: pd.DataFrame,
    lang: str,
    label_col: str,
    highlight: str | None = None,
    key_col: str = "ags",
    modelled: pd.DataFrame | None = None,
) -> go.Figure:
    """Ranked horizontal bars (highest first) with 95 % intervals; modelled estimates as hollow
    diamonds with their own intervals beside the direct bars, labelled "modelliert"."""
    df = df[~df["suppressed"].astype(bool) & df["weighted_share"].notna()].sort_values(
        "weighted_share", ascending=False
    )
    labels = [f"{SELECTED_MARK}{lab}" if k == highlight else str(lab) for k, lab in zip(df[key_col], df[label_col])]
    fig = go.Figure()
    selected = [k == highlight for k in df[key_col]]
    hover = [
        f"{number(r.weighted_share * 100, lang)} % ({number(r.ci_low * 100, lang)}–{number(r.ci_high * 100, lang)}),"
        f" n = {int(r.respondents)}"
        for r in df.itertuples()
    ]
    fig.add_bar(
        x=df["weighted_share"] * 100,
        y=labels,
        orientation="h",
        name=t("direct", lang),
        error_x=dict(
            type="data",
            symmetric=False,
            array=(df["ci_high"] - df["weighted_share"]) * 100,
            arrayminus=(df["weighted_share"] - df["ci_low"]) * 100,
            color="#222",
        ),
        marker=dict(
            color=[SELECTED_COLOUR if s else BAR_COLOUR for s in selected],
            line=dict(
                color=["#000000" if s else BAR_COLOUR for s in selected], width=[3 if s else 0 for s in selected]
            ),
        ),
        customdata=hover,
        hovertemplate="%{y}: %{customdata}<extra></extra>",
    )
    if modelled is not None and len(modelled):
        m = modelled.set_index(key_col).reindex(df[key_col])
        ok = m["modelled_share"].notna().to_numpy()
        mhover = [
            f"{t('modelled', lang)}: {number(s * 100, lang)} % ({number(lo * 100, lang)}–{number(hi * 100, lang)})"
            for s, lo, hi in zip(
                m["modelled_share"].fillna(0), m["modelled_ci_low"].fillna(0), m["modelled_ci_high"].fillna(0)
            )
        ]
        fig.add_scatter(
            x=(m["modelled_share"] * 100)[ok],
            y=[lab for lab, o in zip(labels, ok) if o],
            mode="markers",
            name=t("modelled", lang),
            marker=dict(symbol="diamond-open", size=11, color="#D55E00", line=dict(width=2)),
            error_x=dict(
                type="data",
                symmetric=False,
                array=((m["modelled_ci_high"] - m["modelled_share"]) * 100)[ok],
                arrayminus=((m["modelled_share"] - m["modelled_ci_low"]) * 100)[ok],
                color="#D55E00",
                thickness=1,
            ),
            customdata=[h for h, o in zip(mhover, ok) if o],
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    fig.update_layout(
        xaxis_title=t("share", lang),
        yaxis=dict(autorange="reversed", automargin=True),
        height=max(300, 24 * len(df) + 120),
        margin=dict(l=10, r=10, t=30, b=40),
        showlegend=modelled is not None and len(modelled) > 0,
        legend=dict(orientation="h", y=1.02),
        font=dict(color="#222222"),
    )
    return layout_locale(fig, lang)


# Number format of the Vega-Lite charts per language (decimal comma in German).
VEGA_LOCALE = {
    "de": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0€"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", "\u00a0€"]},
}


VEGA_DASH = {"both": [1, 0], "Sachsen": [6, 3], "Thüringen": [2, 2]}
VEGA_SHAPE = {"both": "circle", "Sachsen": "square", "Thüringen": "triangle-up"}


def trend(headline: pd.DataFrame, lang: str, label: Callable[[str | None], str]) -> dict:
    """Vega-Lite spec (for `st.vega_lite_chart`): share per wave and Land, lines with points,
    95 % intervals as error bars.

    Vega-Lite, not Plotly: Streamlit loads its Plotly chunk (4.7 MB) only for a Plotly element, and on
    the Überblick page that chunk was most of the first render (see docs/dashboards.md, Performance).
    Suppressed cells are left out (the line joins the neighbouring waves), as before. Each series
    (a Land, both Länder, or one selection) has its own colour, line dash and point shape.
    """
    raw = headline["land"].map(lambda x: x if isinstance(x, str) else None)
    lands = raw.map(label)
    names = list(dict.fromkeys(lands))  # every Land in the legend, also one whose cells are all suppressed
    keys = dict(zip(lands, raw.map(lambda x: x if x in LAND_COLOURS else "both")))
    colours = {n: LAND_COLOURS[keys[n]] for n in names}
    dashes = {n: VEGA_DASH[keys[n]] for n in names}
    shapes = {n: VEGA_SHAPE[keys[n]] for n in names}
    shown = headline[~headline["suppressed"].astype(bool) & headline["weighted_share"].notna()]
    rows = pd.DataFrame(
        {
            "wave": shown["wave"].astype(str),
            "land": lands.loc[shown.index],
            "share": shown["weighted_share"] * 100,
            "ci_low": shown["ci_low"] * 100,
            "ci_high": shown["ci_high"] * 100,
        }
    ).round(2)  # percent with two decimals: plenty for drawing, and short in the marks' aria labels
    share, wave, land = t("share", lang), t("wave", lang), t("land", lang)
    waves = sorted(headline["wave"].astype(str).unique())
    description = (
        f"{share} · {wave}: " + "; ".join(f"{r.land} {r.wave} {number(r.share, lang)} %" for r in rows.itertuples())
        if len(rows)
        else share
    )
    return {
        "description": description[:600],
        "data": {"values": rows},
        "height": 380,
        "encoding": {
            "x": {"field": "wave", "type": "ordinal", "title": wave, "sort": waves, "axis": {"labelAngle": 0}},
            "color": {
                "field": "land",
                "type": "nominal",
                "title": land,
                "sort": names,
                "scale": {"domain": names, "range": [colours[n] for n in names]},
            },
        },
        "layer": [
            {
                "mark": {"type": "errorbar", "ticks": {"size": 12}},
                "encoding": {
                    "y": {"field": "ci_low", "type": "quantitative", "title": share, "scale": {"zero": False}},
                    "y2": {"field": "ci_high"},
                },
            },
            {
                "mark": {"type": "line", "point": {"filled": True, "size": 70}},
                "encoding": {
                    "y": {"field": "share", "type": "quantitative", "title": share, "scale": {"zero": False}},
                    "strokeDash": {
                        "field": "land",
                        "type": "nominal",
                        "sort": names,
                        "title": land,
                        "scale": {"domain": names, "range": [dashes[n] for n in names]},
                    },
                    "shape": {
                        "field": "land",
                        "type": "nominal",
                        "sort": names,
                        "title": land,
                        "scale": {"domain": names, "range": [shapes[n] for n in names]},
                    },
                    "tooltip": [
                        {"field": "land", "title": land},
                        {"field": "wave", "title": wave},
                        {"field": "share", "type": "quantitative", "title": share, "format": ".1f"},
                        {"field": "ci_low", "type": "quantitative", "title": t("ci_low", lang), "format": ".1f"},
                        {"field": "ci_high", "type": "quantitative", "title": t("ci_high", lang), "format": ".1f"},
                    ],
                },
            },
        ],
        "config": {
            "locale": {"number": VEGA_LOCALE[lang]},
            "axis": {"labelColor": "#333333", "titleColor": "#333333", "labelFontSize": 12},
            "legend": {
                "labelColor": "#333333",
                "titleColor": "#333333",
                "labelFontSize": 12,
                "symbolStrokeWidth": 2,
                "orient": "bottom",
            },
        },
    }


def _status(r) -> str:
    """`share`, `suppressed` (respondents but withheld) or `none` (no respondents / no cell)."""
    if _isnum(r.weighted_share) and not r.suppressed:
        return "share"
    return "suppressed" if r.suppressed and int(r.respondents or 0) > 0 else "none"


def _hover(df: pd.DataFrame, lang: str) -> list[str]:
    out = []
    for r in df.itertuples():
        status = _status(r)
        if status == "share":
            value = (
                f"{number(r.weighted_share * 100, lang)} % ({number(r.ci_low * 100, lang)}–"
                f"{number(r.ci_high * 100, lang)}), n = {int(r.respondents)}"
            )
            if _isnum(getattr(r, "weight_sum", None)):
                value += f"<br>{t('enterprises', lang)}: {number(r.weight_sum, lang, 0)}"
        elif status == "suppressed":
            value = f"{t('suppressed', lang)} (n = {int(r.respondents)})"
        else:
            value = t("no_responses_short", lang)
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


PATTERNS = {
    "suppressed": dict(shape="/", fgcolor="#ffffff", bgcolor=SUPPRESSED_COLOUR, size=7, solidity=0.35),
    "none": dict(shape=".", fgcolor=PATTERN_FG, bgcolor=NO_DATA_COLOUR, size=6, solidity=0.25),
}


def _legend_entries(fig: go.Figure, lang: str) -> None:
    """Legend squares for suppressed (hatched) and no responses (dotted), drawn like the map."""
    for group, label in (("suppressed", t("suppressed", lang)), ("none", t("no_responses_short", lang))):
        fig.add_bar(
            x=[None],
            y=[None],
            name=label,
            marker=dict(
                color=PATTERNS[group]["bgcolor"],
                pattern=dict(
                    shape=PATTERNS[group]["shape"],
                    fgcolor=PATTERNS[group]["fgcolor"],
                    bgcolor=PATTERNS[group]["bgcolor"],
                    size=6,
                    solidity=PATTERNS[group]["solidity"],
                ),
                line=dict(color="#595959", width=1),
            ),
            hoverinfo="skip",
            showlegend=True,
        )


def choropleth(geo: dict, df: pd.DataFrame, lang: str, title: str, selected: str | None = None) -> go.Figure:
    """Districts as filled outlines coloured by share; suppressed hatched grey, no responses dotted white,
    the selected district outlined in black and named.

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
    outline = None
    for feature in sorted(geo.get("features", []), key=extent, reverse=True):
        ags = feature["properties"].get("ags")
        row = rows.get(ags)
        if row is None:
            continue
        status = _status(row)
        xs, ys = _rings(feature["geometry"])
        extra: dict = {}
        if status == "share":
            colour = sample_colorscale(SCALE, [0.15 + 0.85 * (row.weighted_share * 100 - low) / span])[0]
        else:
            colour = PATTERNS[status]["bgcolor"]
            extra["fillpattern"] = PATTERNS[status]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=colour,
            meta=ags,
            legendgroup=status,
            line=dict(color="#ffffff", width=0.8),
            name=str(row.name),
            text=hover[ags],
            hoveron="fills",
            hoverinfo="text",
            showlegend=False,
            **extra,
        )
        if ags == selected:
            outline = (xs, ys, row)
    if len(shares):  # colour bar: an invisible marker trace carrying the scale
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker=dict(
                colorscale=[[0, sample_colorscale(SCALE, [0.15])[0]], [1, sample_colorscale(SCALE, [1.0])[0]]],
                cmin=low,
                cmax=high,
                color=[low],
                showscale=True,
                colorbar=dict(title=dict(text=t("share", lang))),
            ),
        )
    _legend_entries(fig, lang)
    if outline is not None:  # the chosen district: thick black outline on top, and its name
        xs, ys, row = outline
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            line=dict(color="#000000", width=3.5),
            hoverinfo="skip",
            name=f"{row.name} ({t('selected', lang)})",
            showlegend=True,
            meta="selected",
        )
        px_ = [x for x in xs if x is not None]
        py_ = [y for y in ys if y is not None]
        fig.add_annotation(
            x=sum(px_) / len(px_),
            y=max(py_),
            text=f"<b>{row.name}</b>",
            showarrow=True,
            arrowhead=0,
            ay=-30,
            bgcolor="#ffffff",
            bordercolor="#000000",
            font=dict(color="#000000", size=13),
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.6)  # ~1/cos(51°): lengths as on the ground
    fig.update_layout(
        title=title,
        height=640,
        margin=dict(l=0, r=0, t=50, b=0),
        plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=0.0),
        barmode="overlay",
        font=dict(color="#222222"),
    )
    return layout_locale(fig, lang)


# Tile-grid positions (row, column) of the districts, roughly keeping their geography
# (Thüringen west, Sachsen east); used when no boundaries are cached.
TILE_GRID: dict[str, tuple[int, int]] = {
    "16061": (0, 0),
    "16062": (0, 1),
    "16065": (0, 2),
    "14713": (0, 5),
    "14730": (0, 6),
    "16063": (1, 0),
    "16064": (1, 1),
    "16068": (1, 2),
    "16051": (1, 3),
    "16055": (1, 4),
    "14729": (1, 5),
    "14627": (1, 7),
    "14625": (1, 8),
    "14626": (1, 9),
    "16066": (2, 0),
    "16067": (2, 1),
    "16070": (2, 2),
    "16071": (2, 3),
    "16053": (2, 4),
    "16077": (2, 5),
    "14522": (2, 6),
    "14612": (2, 7),
    "14628": (2, 8),
    "16054": (3, 0),
    "16069": (3, 1),
    "16073": (3, 2),
    "16074": (3, 3),
    "16052": (3, 4),
    "14524": (3, 5),
    "14511": (3, 6),
    "14521": (3, 7),
    "16072": (4, 2),
    "16075": (4, 3),
    "16076": (4, 4),
    "14523": (4, 5),
}


def _tile_name(name: str) -> str:
    """The full name on up to three lines (nothing cut off): break at spaces and hyphens."""
    import textwrap

    return "<br>".join(textwrap.wrap(str(name).replace("-", "- "), 11)).replace("- ", "-")


def tile_grid(df: pd.DataFrame, lang: str, title: str, selected: str | None = None) -> go.Figure:
    """One square per district at its grid position, coloured like the choropleth; names in black
    or white by contrast (WCAG AA), share printed in the tile, patterns for suppressed / no responses."""
    from plotly.colors import sample_colorscale

    df = df.copy()
    pos = [TILE_GRID.get(a, (5, i)) for i, a in enumerate(df["ags"])]
    df["row"] = [p[0] for p in pos]
    df["col"] = [p[1] for p in pos]
    fig = go.Figure()
    shares = df.loc[df["weighted_share"].notna() & ~df["suppressed"].astype(bool), "weighted_share"] * 100
    low, high = (float(shares.min()), float(shares.max())) if len(shares) else (0.0, 1.0)
    span = (high - low) or 1.0
    hover = _hover(df, lang)
    for i, r in enumerate(df.itertuples()):
        status = _status(r)
        x0, y0 = r.col - 0.47, r.row - 0.47
        square = dict(x=[x0, x0 + 0.94, x0 + 0.94, x0, x0], y=[y0, y0, y0 + 0.94, y0 + 0.94, y0])
        if status == "share":
            colour = _rgb_to_hex(sample_colorscale(SCALE, [0.15 + 0.85 * (r.weighted_share * 100 - low) / span])[0])
            extra: dict = {}
            value = f"{number(r.weighted_share * 100, lang, 0)} %"
        else:
            colour = PATTERNS[status]["bgcolor"]
            extra = {"fillpattern": PATTERNS[status]}
            value = t("suppressed", lang) if status == "suppressed" else "–"
        is_sel = r.ags == selected
        fig.add_scatter(
            **square,
            mode="lines",
            fill="toself",
            fillcolor=colour,
            meta=r.ags,
            hoveron="fills",
            line=dict(color="#000000" if is_sel else "#ffffff", width=4 if is_sel else 1),
            text=hover[i],
            hoverinfo="text",
            showlegend=False,
            name=str(r.name),
            **extra,
        )
        ink = text_colour(colour) if status == "share" else "#000000"
        label = f"<b>{_tile_name(r.name)}</b><br>{value}"
        fig.add_annotation(
            x=r.col,
            y=r.row,
            text=label,
            showarrow=False,
            font=dict(size=11, color=ink),
            bgcolor=None if status == "share" else "rgba(255,255,255,0.85)",
        )
    if len(shares):
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker=dict(
                colorscale=[[0, sample_colorscale(SCALE, [0.15])[0]], [1, sample_colorscale(SCALE, [1.0])[0]]],
                cmin=low,
                cmax=high,
                color=[low],
                showscale=True,
                colorbar=dict(title=dict(text=t("share", lang))),
            ),
        )
    _legend_entries(fig, lang)
    fig.update_xaxes(visible=False, range=[-0.7, 9.7])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    fig.update_layout(
        title=title,
        height=620,
        margin=dict(l=0, r=0, t=50, b=0),
        plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=-0.05),
        barmode="overlay",
        font=dict(color="#222222"),
    )
    return layout_locale(fig, lang)
