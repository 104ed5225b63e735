"""Rangliste: districts and sectors ranked by the share, with 95 % intervals.

Where gold has the modelled district estimates (`gold/ai_adoption_modelled`, lake-tables-v2),
they are offered beside the direct ones and always labelled "modelliert".
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, data, queries, state
from dashboards.export import percent, share_frame, show_table
from dashboards.i18n import land_label, nace_label, size_label, t

f = state.current()
lang = f.lang
st.title(t("page_ranking", lang))
if f.wave is None:
    st.info(t("no_data", lang))
    st.stop()
st.caption(t("ranking_note", lang))

# Districts: within the chosen sector and size class; the chosen district is marked.
st.subheader(t("ranking_districts", lang))
scope = " · ".join(
    x
    for x in (
        f.wave,
        land_label(f.land, lang),
        nace_label(f.nace, lang) if f.nace else None,
        size_label(f.size, lang) if f.size else None,
    )
    if x
)
st.caption(scope)
districts = data.try_run("adoption_by_district", wave=f.wave, nace_section=f.nace, size_class=f.size)
if districts is None:
    st.info(t("no_data", lang))
    st.stop()
if f.land is not None:
    districts = districts[districts["land"] == f.land]
modelled = None
if data.table_version(queries.catalog.GOLD_AI_ADOPTION_MODELLED) is not None and f.nace is None and f.size is None:
    options = [t("direct", lang), f"{t('direct', lang)} + {t('modelled', lang)}"]
    choice = st.radio(t("estimate_kind", lang), options, horizontal=True, key="ranking_kind")
    if choice == options[1]:
        modelled = data.run("modelled_by_district", wave=f.wave)
        if f.land is not None:
            modelled = modelled[modelled["land"] == f.land]
        model = ", ".join(sorted({str(m) for m in modelled["model"].dropna()}))
        st.caption(t("modelled_note", lang, model=model or "–"))
if districts["weighted_share"].notna().any():
    st.vega_lite_chart(
        spec=charts.ranking_bars(districts, lang, "name", highlight=f.ags, modelled=modelled),
        key="ranking_districts",
        width="stretch",
    )
ranked = districts.assign(_order=districts["weighted_share"].where(~districts["suppressed"].astype(bool)))
ranked = ranked.sort_values("_order", ascending=False, na_position="last")
table = share_frame(
    ranked.assign(label=[("► " if a == f.ags else "") + f"{n} ({a})" for n, a in zip(ranked["name"], ranked["ags"])]),
    lang,
    "label",
    t("district", lang),
)
table.insert(0, t("rank", lang), [str(i + 1) if pd.notna(v) else "–" for i, v in enumerate(ranked["_order"])])
if modelled is not None:
    m = modelled.set_index("ags").reindex(ranked["ags"])
    table[f"{t('share', lang)} – {t('modelled', lang)}"] = [percent(x, lang) for x in m["modelled_share"]]
    table[f"{t('ci_low', lang)} – {t('modelled', lang)}"] = [percent(x, lang) for x in m["modelled_ci_low"]]
    table[f"{t('ci_high', lang)} – {t('modelled', lang)}"] = [percent(x, lang) for x in m["modelled_ci_high"]]
show_table(table, "rangliste_kreise", lang)

# Sectors: within the chosen district (or Land) and size class; the chosen sector is marked.
st.subheader(t("ranking_sectors", lang))
st.caption(
    " · ".join(
        x
        for x in (
            f.wave,
            land_label(f.cube_land, lang),
            f.district_name(f.ags),
            size_label(f.size, lang) if f.size else None,
        )
        if x
    )
)
sectors = data.run(
    "adoption_by_dimension", wave=f.wave, land=f.cube_land, dimension="nace_section", ags=f.ags, size_class=f.size
)
sectors = sectors.assign(name=[nace_label(c, lang) for c in sectors["category"]])
if sectors["weighted_share"].notna().any():
    st.vega_lite_chart(
        spec=charts.ranking_bars(sectors, lang, "name", highlight=f.nace, key_col="category"),
        key="ranking_sectors",
        width="stretch",
    )
else:
    st.info(t("no_respondents", lang))
order = sectors.assign(_order=sectors["weighted_share"].where(~sectors["suppressed"].astype(bool)))
order = order.sort_values("_order", ascending=False, na_position="last")
stable = share_frame(order, lang, "category", t("sector", lang), labeller=lambda c: nace_label(c, lang))
stable.insert(0, t("rank", lang), [str(i + 1) if pd.notna(v) else "–" for i, v in enumerate(order["_order"])])
show_table(stable, "rangliste_branchen", lang)
