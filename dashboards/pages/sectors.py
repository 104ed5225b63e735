"""Branchen & Größenklassen: NACE sections and size classes side by side, with intervals."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, queries, state
from dashboards.export import share_frame, show_table
from dashboards.i18n import land_label, nace_label, t

f = state.current()
lang = f.lang
st.title(t("page_sectors", lang))
if f.wave is None:
    st.info(t("no_data", lang))
    st.stop()
st.caption(f"{f.wave} · {land_label(f.land, lang)} · {t('interval_note', lang)}")

sectors = data.run("adoption_by_dimension", wave=f.wave, land=f.land, dimension="nace_section")
sizes = data.run("adoption_by_dimension", wave=f.wave, land=f.land, dimension="size_class")
order = {s: i for i, s in enumerate(queries.SIZE_ORDER)}
sizes = sizes.sort_values("category", key=lambda s: s.map(lambda x: order.get(x, 99)))

left, right = st.columns(2)
with left:
    st.subheader(t("by_sector", lang))
    if sectors.empty:
        st.info(t("not_in_cube", lang))
    else:
        st.plotly_chart(charts.share_bars(sectors, lang, lambda c: nace_label(c, lang), highlight=f.nace), key="sectors")
with right:
    st.subheader(t("by_size", lang))
    if sizes.empty:
        st.info(t("not_in_cube", lang))
    else:
        st.plotly_chart(charts.share_bars(sizes, lang, str, highlight=f.size), key="sizes")

st.subheader(t("by_sector", lang))
show_table(share_frame(sectors, lang, "category", t("sector", lang), labeller=lambda c: nace_label(c, lang)),
           "branchen", lang)
st.subheader(t("by_size", lang))
show_table(share_frame(sizes, lang, "category", t("size_class", lang)), "groessenklassen", lang)
