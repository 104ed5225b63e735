"""Überblick: headline shares for Sachsen, Thüringen and both, latest wave, change, intervals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import cells, charts, data, state
from dashboards.export import download_meta, percent, share_frame, show_table
from dashboards.i18n import land_label, nace_label, number, size_label, t

f = state.current()
lang = f.lang
st.title(t("app_title", lang))
headline = data.try_run("adoption_headline")
if headline is None or headline.empty or f.wave is None:
    st.info(t("no_data", lang))
    st.stop()

st.caption(t("overview_caption", lang, wave=f.wave))
current = headline[headline["wave"] == f.wave]
previous = headline[headline["wave"] == f.previous_wave] if f.previous_wave else headline.iloc[0:0]
cols = st.columns(3)
for col, land in zip(cols, (None, "Sachsen", "Thüringen")):
    row = current[current["land"].isna()] if land is None else current[current["land"] == land]
    label = land_label(land, lang)
    if row.empty:
        col.metric(label, t("no_responses_short", lang))
        continue
    r = row.iloc[0]
    if r["suppressed"]:
        col.metric(label, t("suppressed", lang), help=t("suppressed_help", lang))
        continue
    # Change vs the previous wave from gold's z-test: arrow and colour only when significant.
    delta, change_text = None, None
    change = r.get("change_pp")
    if change is not None and not pd.isna(change):
        pp = f"{number(change, lang)} {t('pp', lang)} ({f.previous_wave})"
        if cells.flag(r, "change_significant"):
            delta = f"{t('sig_up' if change > 0 else 'sig_down', lang)}: {pp}"
        else:
            change_text = f"{t('sig_none', lang)} ({pp})"
    limited = r.get("reliability") == "limited"
    value = f"{percent(r['weighted_share'], lang)} %"
    col.metric(label, f"({value})" if limited else value, delta=delta, help=t("sig_help", lang))
    if change_text:
        col.caption(change_text)
    if limited:
        col.warning(t("limited_footnote", lang))
    col.caption(
        t("ci_caption", lang, low=percent(r["ci_low"], lang), high=percent(r["ci_high"], lang), n=int(r["respondents"]))
    )
    ws = r.get("weight_sum")
    if ws is not None and not pd.isna(ws):
        col.caption(f"{t('enterprises', lang)}: {number(ws, lang, 0)}", help=t("enterprises_help", lang))


def _estimated(r: pd.Series) -> str | None:
    """Estimated enterprises (Σw) and of them using AI, beside the share; None when gold has no weight_sum."""
    ws = r.get("weight_sum")
    if ws is None or pd.isna(ws):
        return None
    return (
        f"{t('enterprises', lang)}: {number(ws, lang, 0)} · {t('ai_enterprises', lang)}: "
        f"{number(ws * r['weighted_share'], lang, 0)}"
    )


selection_trend = None
if any(v is not None for v in (f.ags, f.nace, f.size)) or f.land is not None:
    st.subheader(t("selection", lang))
    parts = [land_label(f.cube_land, lang)]
    parts += [
        x
        for x in (
            f.district_name(f.ags),
            nace_label(f.nace, lang) if f.nace else None,
            size_label(f.size, lang) if f.size else None,
        )
        if x
    ]
    cell = data.run("adoption_cell", wave=f.wave, land=f.cube_land, ags=f.ags, nace_section=f.nace, size_class=f.size)
    now = cell[cell["wave"] == f.wave]
    st.markdown(" · ".join(parts))
    r = now.iloc[0] if len(now) else None
    if cells.status(None if r is None else r.to_dict()) != "ok":
        st.info(cells.message(None if r is None else r.to_dict(), lang, f.wave, f.waves))
    else:
        if r.get("reliability") == "limited":
            st.metric(t("share", lang), f"({percent(r['weighted_share'], lang)} %)")
            st.warning(t("limited_footnote", lang))
        else:
            st.metric(t("share", lang), f"{percent(r['weighted_share'], lang)} %")
        st.caption(
            t(
                "ci_caption",
                lang,
                low=percent(r["ci_low"], lang),
                high=percent(r["ci_high"], lang),
                n=int(r["respondents"]),
            )
        )
        estimated = _estimated(r)
        if estimated:
            st.caption(estimated, help=t("enterprises_help", lang))
    selection_trend = cell.assign(land=" · ".join(parts))

bench = data.try_run("benchmark_comparison", wave=f.wave)
if bench is not None and not bench.empty and (bench["kind"] == "official").any():
    # Same definition on both sides: enterprises with 10 or more employees (the cube's 10+ band).
    st.subheader(t("benchmark_title", lang))
    lines = [f"| {t('source', lang)} | {t('share', lang)} |", "|---|---:|"]
    for r in bench.to_dict("records"):
        if r["kind"] == "region":
            name = t("benchmark_region", lang, land=land_label(r["geo"] if isinstance(r["geo"], str) else None, lang))
            if r["suppressed"]:
                value = t("suppressed", lang)
            else:
                value = f"{percent(r['share'], lang)} %"
                value = f"({value}) ¹" if r["reliability"] == "limited" else value
        else:
            name, value = (
                f"{r['geo']} · {r['source']} ({r['table_code']}) {int(r['year'])}",
                f"{percent(r['share'], lang)} %",
            )
        lines.append(f"| {name} | {value} |")
    st.markdown("\n".join(lines))
    st.caption(t("benchmark_note", lang, wave=f.wave))

st.subheader(t("trend", lang))
shown_selection = (
    None
    if selection_trend is None
    else selection_trend[~selection_trend["suppressed"].astype(bool) & selection_trend["weighted_share"].notna()]
)
if shown_selection is not None and len(shown_selection):
    st.caption(t("trend_selection", lang))
    st.vega_lite_chart(
        spec=charts.trend(selection_trend, lang, lambda x: x or ""), width="stretch", key="trend_selection"
    )
upto = headline[headline["wave"] <= f.wave]
st.vega_lite_chart(spec=charts.trend(upto, lang, lambda x: land_label(x, lang)), width="stretch", key="trend")
st.caption(t("interval_note", lang))
table = upto.assign(
    label=[f"{w} · {land_label(x if isinstance(x, str) else None, lang)}" for w, x in zip(upto["wave"], upto["land"])]
)
show_table(
    share_frame(table, lang, "label", f"{t('wave', lang)} · {t('land', lang)}"),
    "ueberblick",
    lang,
    collapsed=True,
    meta=download_meta(lang, t("trend", lang), wave=f.wave),
)
