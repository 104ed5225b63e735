"""Karte: every district of both Länder coloured by the share; suppressed shown as suppressed.

"direkt" shows gold/ai_adoption's survey shares, "modelliert" the small-area estimates of
gold/ai_adoption_modelled (all sectors and sizes only), labelled as modelled in the title, the
tooltip (with the method) and the table, whose downloads carry both values and a method column.
Boundaries come from the lake's cache (`lakehouse geodata fetch`); without it a tile grid.
"""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, state
from dashboards.export import percent_number, share_frame, show_table
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
modelled = data.try_run("modelled_by_district", wave=f.wave)
kinds = {"direct": t("estimate_direct", lang), "modelled": t("estimate_modelled", lang)}
kind = "direct"
if modelled is not None and len(modelled):
    kind = st.radio(t("estimate", lang), list(kinds), format_func=kinds.get, horizontal=True, key="map_estimate")
if kind == "modelled" and (f.nace or f.size):
    st.info(t("modelled_only_all", lang))
if kind == "modelled":
    cells = modelled.rename(
        columns={"modelled_share": "weighted_share", "modelled_ci_low": "ci_low", "modelled_ci_high": "ci_high"}
    ).assign(suppressed=False, has_cell=True)
if f.land is not None:
    cells = cells[cells["land"] == f.land]

title = f"{t('map_title', lang)} · {f.wave} · {land_label(f.land, lang)}"
if kind == "modelled":
    title += f" · {t('estimate_modelled', lang)}"
if f.nace and kind == "direct":
    title += f" · {nace_label(f.nace, lang)}"
if f.size and kind == "direct":
    title += f" · {size_label(f.size, lang)}"
geo = data.geodata()
if geo is not None:
    boundaries, meta = geo
    st.vega_lite_chart(
        spec=charts.choropleth(boundaries, cells, lang, title, selected=f.ags), key="map", width="stretch"
    )
    note = meta.get("attribution") or "© GeoBasis-DE / BKG, Datenlizenz Deutschland – Namensnennung – Version 2.0"
    st.caption(f"{t('map_source', lang)}: {note}. {meta.get('source_url', '')}")
else:
    st.warning(t("map_fallback", lang))
    st.vega_lite_chart(spec=charts.tile_grid(cells, lang, title, selected=f.ags), key="map", width="stretch")

st.caption(t("pattern_legend", lang))
st.caption(t("modelled_help", lang) if kind == "modelled" else t("suppressed_help", lang))
table = cells.assign(label=[("► " if a == f.ags else "") + f"{n} ({a})" for n, a in zip(cells["name"], cells["ags"])])
if kind == "modelled":
    # both values side by side, the direct one with its suppression, and the method of each row
    frame = share_frame(
        table.assign(suppressed=(table["direct_share"].isna() & (table["respondents"].fillna(0) > 0)).astype(bool)),
        lang,
        "label",
        t("district", lang),
        (("direct_share", "share"), ("direct_ci_low", "ci_low"), ("direct_ci_high", "ci_high")),
    )
    for col, key in (
        ("weighted_share", "modelled_share"),
        ("ci_low", "modelled_ci_low"),
        ("ci_high", "modelled_ci_high"),
    ):
        frame[t(key, lang)] = [percent_number(v) for v in table[col]]  # numbers, like the direct ones
    frame[t("method", lang)] = [t("method_" + m, lang) for m in table["method"]]
    show_table(frame, "karte_modelliert", lang)
else:
    show_table(share_frame(table, lang, "label", t("district", lang)), "karte", lang)
