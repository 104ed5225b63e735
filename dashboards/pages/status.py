"""Datenstand: freshness, Delta versions and row counts of the tables the pages show."""

from __future__ import annotations

import streamlit as st

from dashboards import data, state
from dashboards.export import show_table
from dashboards.i18n import t

f = state.current()
lang = f.lang
st.title(t("page_status", lang))
st.caption(t("status_caption", lang))
st.code(data.root(), language=None)
fresh = data.freshness()
fresh["version"] = [t("absent", lang) if v is None or v != v else ("–" if v < 0 else str(int(v))) for v in fresh["version"]]
fresh["rows"] = [None if v is None or v != v else int(v) for v in fresh["rows"]]
fresh = fresh.rename(columns={"table": t("table", lang), "version": t("version", lang), "rows": t("rows", lang),
                              "updated": t("updated", lang)})
show_table(fresh, "datenstand", lang)
geo = data.geodata()
if geo is not None:
    st.caption(f"{t('map_source', lang)}: {geo[1].get('attribution', '')} · {geo[1].get('fetched_at', '')}")
else:
    st.caption(t("map_fallback", lang))
