"""Datenstand: freshness, Delta versions and row counts of the tables the pages show."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import data, state
from dashboards.export import show_table
from dashboards.i18n import number, t

f = state.current()
lang = f.lang
st.title(t("page_status", lang))
st.caption(t("status_caption", lang))
state.not_applied_note(f)
st.code(data.root(), language=None)
fresh = data.freshness()
fresh["version"] = [
    t("absent", lang) if v is None or v != v else ("–" if v < 0 else str(int(v))) for v in fresh["version"]
]
fresh["rows"] = [None if v is None or v != v else int(v) for v in fresh["rows"]]
fresh = fresh.rename(
    columns={
        "table": t("table", lang),
        "version": t("version", lang),
        "rows": t("rows", lang),
        "updated": t("updated", lang),
    }
)
show_table(fresh, "datenstand", lang)
geo = data.geodata()
if geo is not None:
    st.caption(f"{t('map_source', lang)}: {geo[1].get('attribution', '')} · {geo[1].get('fetched_at', '')}")
else:
    st.caption(t("map_fallback", lang))


def _reader(path):
    """Deferred download data: the file is read when its button is clicked, not on every run."""
    return path.read_bytes


def _date(value) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).strftime("%d.%m.%Y" if lang == "de" else "%Y-%m-%d")


st.subheader(t("survey_waves", lang))
waves = data.try_run("survey_waves")
files = data.try_run("survey_files")
if waves is None:
    st.info(t("table_missing", lang, table="silver/survey_responses"))
else:
    rejected = {}
    if files is not None:
        for rec in files.to_dict("records"):
            for w in str(rec["waves"] or "").split(", "):
                rejected[w] = rejected.get(w, 0) + int(rec["rejected"] or 0)
    table = pd.DataFrame(
        {
            t("wave", lang): waves["wave"].astype(str),
            t("field_start", lang): [_date(x) for x in waves["field_start"]],
            t("field_end", lang): [_date(x) for x in waves["field_end"]],
            t("responses", lang): [number(x, lang, 0) for x in waves["responses"]],
            t("rejected", lang): [number(rejected.get(str(w), 0), lang, 0) for w in waves["wave"]],
        }
    )
    show_table(table, "befragungswellen", lang)
if files is not None and len(files):
    st.caption(t("survey_files", lang))
    ftable = pd.DataFrame(
        {
            t("file", lang): [str(x).rsplit("/", 1)[-1] for x in files["source_file"]],
            t("wave", lang): files["waves"],
            t("rows_read", lang): [number(x, lang, 0) for x in files["rows_read"]],
            t("accepted", lang): [number(x, lang, 0) for x in files["accepted"]],
            t("rejected", lang): [number(x, lang, 0) for x in files["rejected"]],
            t("processed", lang): [
                data.local_time(pd.Timestamp(x).to_pydatetime()) if pd.notna(x) else None for x in files["processed_at"]
            ],
        }
    )
    show_table(ftable, "lieferungen", lang)

st.subheader(t("report_archive", lang))
archive = data.reports()
if not archive:
    st.caption(t("report_none", lang))
for i, r in enumerate(archive):
    cols = st.columns([2, 3, 1, 1])
    cols[0].markdown(f"**{t('wave', lang)} {r['wave']}**")
    cols[1].caption(f"{t('report_created', lang)} {data.local_time(r['created']) or '–'} · {r['id']}")
    if r["pdf"] is not None:
        cols[2].download_button(
            t("download_pdf", lang),
            _reader(r["pdf"]),
            file_name=f"{r['pdf'].stem}_{r['id'].split('/')[-1]}.pdf",
            mime="application/pdf",
            key=f"report_pdf_{i}",
        )
    if r["html"] is not None:
        cols[3].download_button(
            t("download_html", lang),
            _reader(r["html"]),
            file_name=f"{r['html'].stem}_{r['id'].split('/')[-1]}.html",
            mime="text/html",
            key=f"report_html_{i}",
        )
