"""Karte: every district of both Länder coloured by the share; suppressed shown as suppressed.

Boundaries come from the lake's cache (`lakehouse geodata fetch`); without it a tile grid.
"""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, state
from dashboards.export import share_frame, show_table
from dashboards.i18n import land_label, nace_label, size_label, t

f = state.current()
lang = f.lang
st.title(t("page_map", lang))
if f.wave is None:
    st.info(t("no_data", lang))
    st.stop()

cells = data.try_run("adoption_by_district", wave=f.wave, nace_section=f.nace, size_class=f.size)
if cells is None:
    st.info(t("no_data", lang))
    st.stop()
if (f.nace or f.size) and not cells["has_cell"].any():
    st.info(t("map_filter_note", lang))
    cells = data.run("adoption_by_district", wave=f.wave, nace_section=None, size_class=None)
if f.land is not None:
    cells = cells[cells["land"] == f.land]

title = f"{t('map_title', lang)} · {f.wave} · {land_label(f.land, lang)}"
if f.nace:
    title += f" · {nace_label(f.nace, lang)}"
if f.size:
    title += f" · {size_label(f.size, lang)}"
geo = data.geodata()
if geo is not None:
    boundaries, meta = geo
    st.plotly_chart(charts.choropleth(boundaries, cells, lang, title, selected=f.ags), key="map", config={"scrollZoom": False})
    note = meta.get("attribution") or "© GeoBasis-DE / BKG, Datenlizenz Deutschland – Namensnennung – Version 2.0"
    st.caption(f"{t('map_source', lang)}: {note}. {meta.get('source_url', '')}")
else:
    st.warning(t("map_fallback", lang))
    st.plotly_chart(charts.tile_grid(cells, lang, title, selected=f.ags), key="map")

st.caption(t("pattern_legend", lang))
st.caption(t("suppressed_help", lang))
table = cells.assign(label=[("► " if a == f.ags else "") + f"{n} ({a})" for n, a in zip(cells["name"], cells["ags"])])
show_table(share_frame(table, lang, "label", t("district", lang)), "karte", lang)
