"""Figures of the pages as Vega-Lite specs (for `st.vega_lite_chart`): the trend, bars of shares with
intervals, the district map and its tile-grid fallback, the news per month.

Vega-Lite, not Plotly: Streamlit loads its 4.7 MB Plotly chunk for the first Plotly element of a
page, which kept every page with a Plotly chart above the 2 s first view (docs/dashboards.md).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable

import pandas as pd

from dashboards.export import cell_note
from dashboards.i18n import number, t

# Colour-blind-safe choices (Okabe-Ito for categories; a single-hue blue scale for shares), and
# never colour alone: suppressed cells are named in words (bars) or crossed (map), cells without
# responses ringed, the selection outlined in black and named in its label, each Land and topic has
# its own line dash and marker shape.
SUPPRESSED_COLOUR = "#8c8c8c"  # with a black cross on the map
NO_DATA_COLOUR = "#ffffff"  # with a black ring on the map
SCALE = "Blues"
BAR_COLOUR = "#2166ac"  # 6.0 : 1 on white
SELECTED_COLOUR = "#08306b"
LAND_COLOURS = {"both": "#333333", "Sachsen": "#0072B2", "Thüringen": "#D55E00"}
SELECTED_MARK = "► "


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


def _vega_config(lang: str) -> dict:
    """The charts' shared look: the language's number format, dark grey text (WCAG AA on white)."""
    return {
        "locale": {"number": VEGA_LOCALE[lang]},
        "axis": {"labelColor": "#333333", "titleColor": "#333333", "labelFontSize": 12, "labelLimit": 360},
        "legend": {"labelColor": "#333333", "titleColor": "#333333", "labelFontSize": 12, "orient": "top"},
        "view": {"stroke": None},
    }


# A y axis whose labels sit above each bar, left-aligned at the start of the plot.
ABOVE_BAR_AXIS = {
    "labelAlign": "left",
    "labelBaseline": "bottom",
    "labelPadding": 0,
    "labelOffset": -2,
    "labelLimit": 0,
    "labelFontSize": 13,
    "ticks": False,
    "domain": False,
    "translate": 0,
}


def _interval_layers(test: str, colour: str = "#222222", y_offset: int = 0, tick: int = 10) -> list[dict]:
    """The 95 % interval of the rows passing `test` as a rule with end ticks. Decorative for screen
    readers (the bar's own label states the interval), and level with an offset bar (`errorbar` is a
    composite mark that takes neither `aria` nor `yOffset`)."""
    keep = [{"filter": f"({test}) && isValid(datum.ci_low)"}]
    look = {"color": colour, "yOffset": y_offset, "aria": False}
    hover = {"tooltip": {"field": "hover", "type": "nominal"}}  # the line lies across its bar: same hover
    return [
        {
            "transform": keep,
            "mark": {"type": "rule", **look},
            "encoding": {"x": {"field": "ci_low", "type": "quantitative"}, "x2": {"field": "ci_high"}, **hover},
        },
        *(
            {
                "transform": keep,
                "mark": {"type": "tick", "orient": "vertical", "size": tick, **look},
                "encoding": {"x": {"field": end, "type": "quantitative"}, **hover},
            }
            for end in ("ci_low", "ci_high")
        ),
    ]


def _interval_text(share: float, low: float, high: float, lang: str) -> str:
    return f"{number(share * 100, lang)} % ({number(low * 100, lang)}–{number(high * 100, lang)})"


def share_bars(
    df: pd.DataFrame,
    lang: str,
    labeller: Callable[[str], str] = str,
    title: str = "",
    share_col: str = "weighted_share",
    with_interval: bool = True,
    highlight: str | None = None,
) -> dict:
    """Vega-Lite spec of horizontal bars of shares (%) with 95 % intervals; suppressed categories and
    those without responses keep their row and say so in words (no bar), the highlighted category
    (the sidebar's choice) is darker, outlined in black and marked `►` in its label.

    Vega-Lite, not Plotly: Streamlit loads its 4.7 MB Plotly chunk only for a Plotly element, and
    that chunk kept these pages' first view above 2 s (BENCHMARKS.md, Dashboards). Every bar carries
    its value in words (German number format) as hover text and as the mark's ARIA label.
    """
    rows = []
    for r in df.to_dict("records"):
        code = r["category"]
        selected = highlight is not None and code == highlight
        label = f"{SELECTED_MARK}{labeller(code)}" if selected else labeller(code)
        share = r.get(share_col)
        n = int(r.get("respondents") or 0) if _isnum(r.get("respondents")) else 0
        if bool(r.get("suppressed")) or not _isnum(share):
            # the table's wording (primary / secondary suppression), so chart and table say the same
            note = cell_note(r, lang) if bool(r.get("suppressed")) else t("no_responses_short", lang)
            rows.append({"label": label, "status": "hidden", "note": note, "hover": f"{label}: {note}"})
            continue
        text = f"{number(share * 100, lang)} %"
        row = {"label": label, "status": "share", "share": round(share * 100, 2), "selected": selected}
        if with_interval and _isnum(r.get("ci_low")) and _isnum(r.get("ci_high")):
            text = _interval_text(share, r["ci_low"], r["ci_high"], lang)
            row |= {"ci_low": round(r["ci_low"] * 100, 2), "ci_high": round(r["ci_high"] * 100, 2)}
        row["hover"] = f"{label}: {text}, n = {n}"
        rows.append(row)
    values = pd.DataFrame(rows, columns=["label", "status", "share", "ci_low", "ci_high", "selected", "note", "hover"])
    share = t("share", lang)
    # Each category's name above its bar, across the chart's width (long NACE names neither squeeze
    # the bars in a narrow column nor get cut off): the y axis' labels drawn inside the plot.
    y = {
        "field": "label",
        "type": "nominal",
        "sort": list(values["label"]),
        "title": None,
        "axis": ABOVE_BAR_AXIS,
    }
    shown = values["status"] == "share"
    # Nothing to draw (every row withheld or empty): a 0-100 % axis rather than one collapsed on 0.
    x = {
        "field": "share",
        "type": "quantitative",
        "title": share,
        "scale": {"domainMin": 0} if shown.any() else {"domain": [0, 100]},
    }
    layers: list[dict] = []
    if shown.any():  # no empty bar layer: axe-core counts an empty mark container as an unnamed image
        layers.append(
            {
                "transform": [{"filter": "datum.status === 'share'"}],
                "mark": {"type": "bar", "height": {"band": 0.45}, "yOffset": 5},
                "encoding": {
                    "x": x,
                    "color": {"condition": {"test": "datum.selected", "value": SELECTED_COLOUR}, "value": BAR_COLOUR},
                    "stroke": {"condition": {"test": "datum.selected", "value": "#000000"}, "value": None},
                    "strokeWidth": {"condition": {"test": "datum.selected", "value": 3}, "value": 0},
                    "tooltip": {"field": "hover", "type": "nominal"},
                    "description": {"field": "hover", "type": "nominal"},
                },
            }
        )
    if with_interval and values["ci_low"].notna().any():
        layers += _interval_layers("datum.status === 'share'", y_offset=5)
    if (values["status"] == "hidden").any():
        layers.append(
            {
                "transform": [{"filter": "datum.status === 'hidden'"}],
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": 5, "color": "#333333", "fontSize": 12},
                "encoding": {
                    "x": {"datum": 0, "type": "quantitative"},
                    "text": {"field": "note"},
                    "tooltip": {"field": "hover", "type": "nominal"},
                    "description": {"field": "hover", "type": "nominal"},
                },
            }
        )
    return {
        "title": title or None,
        "description": f"{title or share}: " + "; ".join(values["hover"])[:600],
        "data": {"values": values},
        "height": {"step": 40},
        "encoding": {"y": y},
        "layer": layers,
        "config": _vega_config(lang),
    }


MODELLED_COLOUR = "#D55E00"


def ranking_bars(
    df: pd.DataFrame,
    lang: str,
    label_col: str,
    highlight: str | None = None,
    key_col: str = "ags",
    modelled: pd.DataFrame | None = None,
) -> dict:
    """Vega-Lite spec of ranked horizontal bars (highest first) with 95 % intervals; modelled estimates
    as hollow orange diamonds with their own intervals on the same row, named in the legend."""
    df = df[~df["suppressed"].astype(bool) & df["weighted_share"].notna()].sort_values(
        "weighted_share", ascending=False
    )
    direct, model_name = t("direct", lang), t("modelled", lang)

    def bar(key: str, label: str, kind: str, share: float, low: float, high: float, hover: str, selected=False):
        return {
            "key": key,
            "label": label,
            "kind": kind,
            "share": round(share * 100, 2),
            "ci_low": round(low * 100, 2),
            "ci_high": round(high * 100, 2),
            "selected": selected,
            "hover": hover,
        }

    rows = []
    for r in df.to_dict("records"):
        selected = r[key_col] == highlight
        label = f"{SELECTED_MARK}{r[label_col]}" if selected else str(r[label_col])
        interval = (r["weighted_share"], r["ci_low"], r["ci_high"])
        hover = f"{label}: {_interval_text(*interval, lang)}, n = {int(r['respondents'])}"
        rows.append(bar(r[key_col], label, direct, *interval, hover, selected))
    with_model = modelled is not None and len(modelled) > 0
    if with_model:
        labels = {row["key"]: row["label"] for row in rows}
        for r in modelled.to_dict("records"):  # type: ignore[union-attr]
            if r[key_col] not in labels or not _isnum(r.get("modelled_share")):
                continue
            label = labels[r[key_col]]
            interval = (r["modelled_share"], r["modelled_ci_low"], r["modelled_ci_high"])
            hover = f"{label}: {model_name} {_interval_text(*interval, lang)}"
            rows.append(bar(r[key_col], label, model_name, *interval, hover))
    values = pd.DataFrame(rows, columns=["key", "label", "kind", "share", "ci_low", "ci_high", "selected", "hover"])
    share = t("share", lang)
    kinds = {"domain": [direct, model_name], "range": [BAR_COLOUR, MODELLED_COLOUR]}
    colour = {
        "field": "kind",
        "type": "nominal",
        "title": None,
        "scale": kinds,
        "legend": {"orient": "top"} if with_model else None,
    }
    only = "datum.kind === '{}'"
    layers: list[dict] = [
        {
            "transform": [{"filter": only.format(direct)}],
            "mark": {"type": "bar"},
            "encoding": {
                "x": {"field": "share", "type": "quantitative", "title": share, "scale": {"domainMin": 0}},
                "color": colour,
                "fill": {"condition": {"test": "datum.selected", "value": SELECTED_COLOUR}, "value": BAR_COLOUR},
                "stroke": {"condition": {"test": "datum.selected", "value": "#000000"}, "value": None},
                "strokeWidth": {"condition": {"test": "datum.selected", "value": 3}, "value": 0},
                "tooltip": {"field": "hover", "type": "nominal"},
                "description": {"field": "hover", "type": "nominal"},
            },
        },
        *_interval_layers(only.format(direct), tick=8),
    ]
    if with_model:
        layers += [
            *_interval_layers(only.format(model_name), colour=MODELLED_COLOUR, tick=6),
            {
                "transform": [{"filter": only.format(model_name)}],
                "mark": {"type": "point", "shape": "diamond", "filled": False, "size": 110, "strokeWidth": 2},
                "encoding": {
                    "x": {"field": "share", "type": "quantitative"},
                    "color": colour,
                    "tooltip": {"field": "hover", "type": "nominal"},
                    "description": {"field": "hover", "type": "nominal"},
                },
            },
        ]
    order = list(dict.fromkeys(values["label"]))
    return {
        "description": f"{share}: " + "; ".join(values["hover"])[:600],
        "data": {"values": values},
        "height": {"step": 22},
        "encoding": {"y": {"field": "label", "type": "nominal", "sort": order, "title": None}},
        "layer": layers,
        "config": _vega_config(lang),
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
                value += f" · {t('enterprises', lang)}: {number(r.weight_sum, lang, 0)}"
        elif status == "suppressed":
            value = f"{t('suppressed', lang)} (n = {int(r.respondents)})"
        else:
            value = t("no_responses_short", lang)
        method = getattr(r, "method", None)
        if isinstance(method, str):  # modelled values always say so (and how)
            value += f" · {t('method', lang)}: {t('method_' + method, lang)}"
        out.append(f"{r.name} ({r.ags}) · {value}")
    return out


def _points(geometry: dict) -> list[list[float]]:
    """Every coordinate of a (Multi)Polygon, all rings together."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [point for polygon in polygons for ring in polygon for point in ring]


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


# Okabe-Ito (colour-blind safe) for the news topics, with a point shape and a line dash each.
TOPIC_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999"]
TOPIC_SHAPES = [
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-left",
    "triangle-right",
]
TOPIC_DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [4, 4], [1, 0], [6, 3], [2, 2]]


def monthly(
    df: pd.DataFrame,
    lang: str,
    series: str,
    value: str,
    value_title: str,
    colours: dict[str, str],
    quarter: tuple[str, str, str] | None = None,
    kind: str = "line",
    money: bool = False,
) -> dict:
    """Vega-Lite spec of a monthly series per group (Land or topic): lines with points, each group
    with its own colour, dash and point shape, or (``kind="bar"``) stacked bars, each group with its
    own colour and fill strength. Counts are whole numbers from 0; the chosen wave's quarter is shaded
    and named (``quarter`` = first day, first day after, label). Tooltips and ARIA labels carry the
    value in the language's number format (`2.500.000 €`)."""
    names = list(colours)
    month_fmt = "%m.%Y" if lang == "de" else "%Y-%m"
    months = pd.to_datetime(df["month"])
    rows = pd.DataFrame(
        {
            "month": months.dt.strftime("%Y-%m-01"),
            "group": df[series].astype(str),
            "value": df[value].astype(float),
            "hover": [
                f"{g} · {m:{month_fmt}}: {number(float(v), lang, 0)}{' €' if money else ''}"
                for g, m, v in zip(df[series], months, df[value])
            ],
        }
    )
    x = {
        "field": "month",
        "type": "temporal",
        "timeUnit": "yearmonth",
        "title": t("month", lang),
        "axis": {"format": month_fmt, "labelAngle": 0, "tickCount": {"interval": "month", "step": 1}},
    }
    axis = {"format": ",.0f", "tickMinStep": 1}
    y = {"field": "value", "type": "quantitative", "title": value_title, "axis": axis, "scale": {"domainMin": 0}}
    colour = {
        "field": "group",
        "type": "nominal",
        "title": None,
        "sort": names,
        "scale": {"domain": names, "range": [colours[n] for n in names]},
    }
    layers: list[dict] = []
    if quarter is not None:
        layers.append(
            {
                "data": {"values": [{"start": quarter[0], "end": quarter[1], "label": quarter[2]}]},
                "mark": {"type": "rect", "color": "#fdd49e", "opacity": 0.45, "aria": False, "tooltip": None},
                "encoding": {"x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"}},
            }
        )
        layers.append(
            {
                "data": {"values": [{"start": quarter[0], "label": quarter[2]}]},
                "mark": {
                    "type": "text",
                    "align": "right",
                    "baseline": "top",
                    "dx": -3,
                    "y": 2,
                    "color": "#222222",
                    "tooltip": None,
                },
                "encoding": {"x": {"field": "start", "type": "temporal"}, "text": {"field": "label"}},
            }
        )
    marks = {"tooltip": {"field": "hover", "type": "nominal"}, "description": {"field": "hover", "type": "nominal"}}
    if kind == "bar":
        strength = {"domain": names, "range": [1.0, 0.35, 0.7, 0.2][: len(names)] or [1.0]}
        layers.append(
            {
                "mark": {"type": "bar", "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "y": {**y, "stack": True},
                    "color": colour,
                    "stroke": {
                        "field": "group",
                        "type": "nominal",
                        "sort": names,
                        "scale": colour["scale"],
                        "title": None,
                    },
                    "fillOpacity": {
                        "field": "group",
                        "type": "nominal",
                        "sort": names,
                        "scale": strength,
                        "title": None,
                    },
                    **marks,
                },
            }
        )
    else:
        shapes = {"domain": names, "range": [TOPIC_SHAPES[i % len(TOPIC_SHAPES)] for i in range(len(names))]}
        dashes = {"domain": names, "range": [TOPIC_DASHES[i % len(TOPIC_DASHES)] for i in range(len(names))]}
        layers.append(
            {
                "mark": {"type": "line", "point": {"filled": True, "size": 60}, "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": colour,
                    "strokeDash": {"field": "group", "type": "nominal", "sort": names, "scale": dashes},
                    "shape": {"field": "group", "type": "nominal", "sort": names, "scale": shapes},
                    **marks,
                },
            }
        )
    text = "; ".join(rows["hover"])
    return {
        "description": f"{value_title}: {text}"[:600],
        "data": {"values": rows},
        "height": 320,
        "layer": layers,
        "config": {**_vega_config(lang), "legend": {**_vega_config(lang)["legend"], "orient": "bottom"}},
    }


# The map legend's marks for districts without a share: a shape as well as a fill (never colour alone).
HIDDEN_SHAPES = {"suppressed": "cross", "none": "circle"}


def _share_colour(share_pct: float, low: float, high: float) -> str:
    from plotly.colors import sample_colorscale  # colour maths only; no Plotly figure is drawn

    # clamped: a share rounded for display can lie a hair outside [low, high], and plotly's
    # sampler fails (IndexError) outside [0, 1]
    where = min(max((share_pct - low) / ((high - low) or 1.0), 0.0), 1.0)
    return _rgb_to_hex(sample_colorscale(SCALE, [0.15 + 0.85 * where])[0])


def _map_rows(df: pd.DataFrame, lang: str, selected: str | None) -> tuple[list[dict], float, float]:
    """One record per district: status, share (%), its fill colour (the share's blue, grey when
    suppressed, white without responses), the text colour that contrasts with it, hover text."""
    shares = df.loc[df["weighted_share"].notna() & ~df["suppressed"].astype(bool), "weighted_share"] * 100
    low, high = (float(shares.min()), float(shares.max())) if len(shares) else (0.0, 1.0)
    out = []
    for r, hover in zip(df.itertuples(), _hover(df, lang)):
        status = _status(r)
        share = round(float(r.weighted_share) * 100, 2) if status == "share" else None
        fill = (
            _share_colour(share, low, high)
            if share is not None
            else (SUPPRESSED_COLOUR if status == "suppressed" else NO_DATA_COLOUR)
        )
        note = {"suppressed": t("suppressed", lang), "none": t("no_responses_short", lang)}.get(status)
        out.append(
            {
                "ags": r.ags,
                "name": str(r.name),
                "status": status,
                "note": note,
                "share": share,
                "fill": fill,
                "ink": text_colour(fill),
                "selected": r.ags == selected,
                "hover": hover,
            }
        )
    return out, low, high


def _scale_legend(low: float, high: float, lang: str) -> dict:
    """An invisible layer that only carries the share's colour legend (the fills are precomputed)."""
    stops = [low + (high - low) * i / 8 for i in range(9)]
    return {
        "data": {"values": [{"v": low}, {"v": high}]},
        "mark": {"type": "point", "opacity": 0, "aria": False, "tooltip": None},
        "encoding": {
            "color": {
                "field": "v",
                "type": "quantitative",
                "title": t("share", lang),
                "scale": {"domain": stops, "range": [_share_colour(s, low, high) for s in stops]},
                "legend": {"orient": "right", "gradientLength": 200},
            }
        },
    }


def _centroid(geometry: dict) -> tuple[float, float]:
    """The centre of a district's largest ring (area-weighted), for its marks and its label."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    best, best_area = None, -1.0
    for polygon in polygons:
        ring = polygon[0]
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(a) > best_area and a:
            best_area, best = abs(a), (cx / (3 * a), cy / (3 * a))
    if best is None:
        points = _points(geometry)
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return best


def _signed_area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _d3_winding(geometry: dict) -> dict:
    """The geometry with its rings wound as d3-geo (Vega's projection) expects: outer rings
    clockwise, holes counter-clockwise. GeoJSON (RFC 7946) winds the other way, and d3 then draws
    each district as the whole globe minus the district."""

    def fix(polygon: list) -> list:
        return [
            ring if (_signed_area(ring) < 0) == (i == 0) else ring[::-1]  # clockwise = negative planar area
            for i, ring in enumerate(polygon)
        ]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": fix(geometry["coordinates"])}
    return {"type": "MultiPolygon", "coordinates": [fix(p) for p in geometry["coordinates"]]}


def _hidden_marks(lang: str, x: str, y: str, kind: str) -> dict:
    """A black cross (suppressed) or ring (no responses) on each district without a share."""
    names = [t("suppressed", lang), t("no_responses_short", lang)]
    return {
        "transform": [{"filter": "datum.status !== 'share'"}],
        "mark": {"type": "point", "color": "#000000", "size": 70, "strokeWidth": 2, "aria": False},
        "encoding": {
            x: {"field": "x", "type": kind},
            y: {"field": "y", "type": kind},
            "shape": {
                "field": "note",
                "type": "nominal",
                "title": None,
                "scale": {"domain": names, "range": list(HIDDEN_SHAPES.values())},
                "legend": {"orient": "bottom", "direction": "horizontal"},
            },
            "tooltip": {"field": "hover", "type": "nominal"},
        },
    }


def choropleth(geo: dict, df: pd.DataFrame, lang: str, title: str, selected: str | None = None) -> dict:
    """Vega-Lite spec of the districts filled by share (the blue scale of `_share_colour`), suppressed
    grey with a cross, no responses white with a ring, the selected district outlined in black and
    named; each district's ARIA label and tooltip give its value in words.

    Vega-Lite, not Plotly: Streamlit's 4.7 MB Plotly chunk kept this page's first view above 2 s.
    The boundaries travel inside the spec; no tile or base map is fetched at view time.
    """
    rows, low, high = _map_rows(df, lang, selected)
    by_ags = {r["ags"]: r for r in rows}

    def extent(feature: dict) -> float:
        xs, ys = zip(*_points(feature["geometry"])) if _points(feature["geometry"]) else ((), ())
        return (max(xs) - min(xs)) * (max(ys) - min(ys)) if xs else 0.0

    features, points = [], []
    # Large districts first, so a city inside its Landkreis (Weimar, Suhl, ...) is drawn on top.
    for feature in sorted(geo.get("features", []), key=extent, reverse=True):
        row = by_ags.get(feature["properties"].get("ags"))
        if row is None:
            continue
        lon, lat = _centroid(feature["geometry"])
        features.append({"type": "Feature", "geometry": _d3_winding(feature["geometry"]), "properties": row})
        points.append({**row, "x": lon, "y": lat})
    layers = [
        {
            "data": {"values": features},
            "mark": {"type": "geoshape", "strokeWidth": 0.8},
            "encoding": {
                "fill": {"field": "properties.fill", "type": "nominal", "scale": None},
                # white outlines between coloured districts, grey ones around the white (no responses)
                "stroke": {
                    "condition": {"test": "datum.properties.status === 'none'", "value": "#767676"},
                    "value": "#ffffff",
                },
                "tooltip": {"field": "properties.hover", "type": "nominal"},
                "description": {"field": "properties.hover", "type": "nominal"},
            },
        },
        {"data": {"values": points}, **_hidden_marks(lang, "longitude", "latitude", "quantitative")},
        {
            "data": {"values": [f for f in features if f["properties"]["selected"]]},
            "mark": {"type": "geoshape", "fillOpacity": 0, "stroke": "#000000", "strokeWidth": 3.5},
            "encoding": {
                "description": {"value": f"{t('selected', lang)}: {by_ags.get(selected, {}).get('name', '')}"}
            },
        },
    ]
    label = [p for p in points if p["selected"]]
    for halo in (True, False):  # the selected district's name, white halo under black text
        layers.append(
            {
                "data": {"values": label},
                "mark": {
                    "type": "text",
                    "fontWeight": "bold",
                    "fontSize": 14,
                    "dy": -16,
                    "color": "#000000",
                    "aria": False,
                    **({"stroke": "#ffffff", "strokeWidth": 4, "strokeJoin": "round"} if halo else {}),
                },
                "encoding": {
                    "longitude": {"field": "x", "type": "quantitative"},
                    "latitude": {"field": "y", "type": "quantitative"},
                    "text": {"field": "name"},
                },
            }
        )
    if any(r["share"] is not None for r in rows):
        layers.append(_scale_legend(low, high, lang))
    return {
        "title": title,
        "description": f"{title}: " + "; ".join(r["hover"] for r in rows)[:600],
        "height": 640,
        "projection": {"type": "mercator"},
        "layer": layers,
        "config": _vega_config(lang),
    }


def tile_grid(df: pd.DataFrame, lang: str, title: str, selected: str | None = None) -> dict:
    """Vega-Lite spec of one square per district at its grid position (the fallback without
    boundaries), coloured like the map, its name and share printed in black or white by contrast."""
    rows, low, high = _map_rows(df, lang, selected)
    tiles = []
    for i, r in enumerate(rows):
        row, col = TILE_GRID.get(r["ags"], (5, i))
        if r["share"] is not None:
            value = f"{number(r['share'], lang, 0)} %"
        else:
            value = t("suppressed", lang) if r["status"] == "suppressed" else "–"
        lines = [x.replace("- ", "-") for x in textwrap.wrap(r["name"].replace("-", "- "), 11)]
        tiles.append(
            {
                **r,
                "x": col,
                "y": row,
                "label": "\n".join([*lines, value]),
                "ink": r["ink"] if r["status"] == "share" else "#000000",
                "x0": col - 0.47,
                "x1": col + 0.47,
                "y0": row - 0.47,
                "y1": row + 0.47,
            }
        )
    square = {"type": "quantitative", "axis": None}
    layers = [
        {
            "mark": {"type": "rect"},
            "encoding": {
                "x": {"field": "x0", **square, "scale": {"domain": [-0.6, 9.6]}},
                "x2": {"field": "x1"},
                "y": {"field": "y0", **square, "scale": {"domain": [-0.6, 5.6], "reverse": True}},
                "y2": {"field": "y1"},
                "fill": {"field": "fill", "type": "nominal", "scale": None},
                "stroke": {"condition": {"test": "datum.selected", "value": "#000000"}, "value": "#ffffff"},
                "strokeWidth": {"condition": {"test": "datum.selected", "value": 4}, "value": 1},
                "tooltip": {"field": "hover", "type": "nominal"},
                "description": {"field": "hover", "type": "nominal"},
            },
        },
        {
            "mark": {"type": "text", "fontSize": 11, "lineHeight": 12, "lineBreak": "\n", "aria": False},
            "encoding": {
                "x": {"field": "x", "type": "quantitative"},
                "y": {"field": "y", "type": "quantitative"},
                "text": {"field": "label"},
                "color": {"field": "ink", "type": "nominal", "scale": None},
            },
        },
    ]
    values = pd.DataFrame(tiles)
    if any(r["share"] is not None for r in rows):
        layers.append(_scale_legend(low, high, lang))
    return {
        "title": title,
        "description": f"{title}: " + "; ".join(r["hover"] for r in rows)[:600],
        "data": {"values": values},
        "height": 720,
        "layer": layers,
        "config": _vega_config(lang),
    }
