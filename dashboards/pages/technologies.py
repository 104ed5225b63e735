"""Technologien & Hemmnisse: technology mix among AI users, barriers among non-users, by Land."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, data, state
from dashboards.export import share_frame, show_table
from dashboards.i18n import barrier_label, land_label, t, technology_label
from lake import catalog

f = state.current()
lang = f.lang
st.title(t("page_tech", lang))
if f.wave is None:
    st.info(t("no_data", lang))
    st.stop()
lands = [f.land] if f.land else [None, "Sachsen", "Thüringen"]
st.caption(f"{f.wave} · {land_label(f.land, lang)}")
state.not_applied_note(f)

for query, table, heading, item_key, share_key, name, label in (
    (
        "technologies",
        catalog.GOLD_AI_TECHNOLOGIES,
        "technologies",
        "technology",
        "share_users",
        "technologien",
        lambda c: technology_label(c, lang),
    ),
    (
        "barriers",
        catalog.GOLD_AI_BARRIERS,
        "barriers",
        "barrier",
        "share_non_users",
        "hemmnisse",
        lambda c: barrier_label(c, lang),
    ),
):
    st.subheader(t(heading, lang))
    frames = {land: data.try_run(query, wave=f.wave, land=land) for land in lands}
    if any(v is None for v in frames.values()):
        st.info(t("table_missing", lang, table=table))
        continue
    cols = st.columns(len(lands))
    for col, land in zip(cols, lands):
        with col:
            df = frames[land]
            if df.empty:
                st.caption(f"{land_label(land, lang)}: {t('no_respondents', lang)}")
                continue
            st.vega_lite_chart(
                spec=charts.share_bars(
                    df, lang, label, title=land_label(land, lang), share_col="share", with_interval=False
                ),
                key=f"{name}_{land}",
                width="stretch",
            )
    rows = []
    for land, df in frames.items():
        rows.append(df.assign(label=[f"{land_label(land, lang)} · {label(c)}" for c in df["category"]]))
    table_df = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    show_table(
        share_frame(
            table_df, lang, "label", f"{t('land', lang)} · {t(item_key, lang)}", share_cols=(("share", share_key),)
        ),
        name,
        lang,
    )
