"""Branchen & Größenklassen: NACE sections, then size classes, each with its table and 95 % intervals."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, queries, state
from dashboards.export import share_frame, show_table
from dashboards.i18n import land_label, nace_label, size_label, t

f = state.current()
lang = f.lang
st.title(t("page_sectors", lang))
if f.wave is None:
    st.info(t("no_data", lang))
    st.stop()
where = " · ".join(x for x in (f.wave, land_label(f.cube_land, lang), f.district_name(f.ags)) if x)
st.caption(f"{where} · {t('interval_note', lang)}")

# Sectors within the chosen district and size class; size classes within the district and sector.
sectors = data.run(
    "adoption_by_dimension", wave=f.wave, land=f.cube_land, dimension="nace_section", ags=f.ags, size_class=f.size
)
sizes = data.run(
    "adoption_by_dimension", wave=f.wave, land=f.cube_land, dimension="size_class", ags=f.ags, nace_section=f.nace
)
order = {s: i for i, s in enumerate(queries.SIZE_ORDER)}
sizes = sizes.sort_values("category", key=lambda s: s.map(lambda x: order.get(x, 99)))


# One below the other, full width (the sections' long names stand above their bars uncut), each
# chart followed by its table.
def breakdown(cells, heading: str, within: str | None, kind: str, labeller, highlight, key: str, name: str) -> None:
    """One dimension's chart (or why there is none) and its table, under its heading."""
    st.subheader(t(heading, lang))
    if within:
        st.caption(within)
    if cells.empty:
        st.info(t("no_respondents", lang))
    else:
        st.vega_lite_chart(spec=charts.share_bars(cells, lang, labeller, highlight=highlight), key=key, width="stretch")
    show_table(share_frame(cells, lang, "category", t(kind, lang), labeller=labeller), name, lang)


breakdown(
    sectors,
    "by_sector",
    size_label(f.size, lang) if f.size else None,
    "sector",
    lambda c: nace_label(c, lang),
    f.nace,
    "sectors",
    "branchen",
)
breakdown(
    sizes,
    "by_size",
    nace_label(f.nace, lang) if f.nace else None,
    "size_class",
    lambda c: size_label(c, lang),
    f.size,
    "sizes",
    "groessenklassen",
)
