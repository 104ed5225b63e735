"""Nachrichten: activity over time by Land and topic, funding, active organisations, search."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, data, state
from dashboards.export import show_table
from dashboards.i18n import land_label, number, t, topic_label
from lake import catalog
from lake.vocabulary import label

f = state.current()
lang = f.lang
st.title(t("page_news", lang))
if data.table_version(catalog.SILVER_NEWS_ARTICLES) is None:
    st.info(t("table_missing", lang, table=catalog.SILVER_NEWS_ARTICLES))
    st.stop()

topics_df = data.try_run("news_topics")
topics = [str(x) for x in topics_df["topic"]] if topics_df is not None else []
if st.session_state.get("news_topic") not in ["", *topics]:
    st.session_state["news_topic"] = ""
topic = (
    st.selectbox(
        t("topic", lang),
        ["", *topics],
        key="news_topic",
        format_func=lambda x: t("all", lang) if x == "" else label("topic", x, lang),
    )
    or None
)
st.caption(land_label(f.land, lang))
state.not_applied_note(f)


def _quarter(wave: str | None) -> tuple[str, str] | None:
    """First day of the wave's quarter and of the next one (`2025-Q3` -> 2025-07-01, 2025-10-01)."""
    try:
        year, q = int(str(wave)[:4]), int(str(wave)[-1])
    except (TypeError, ValueError):
        return None
    start = f"{year}-{3 * q - 2:02d}-01"
    return start, (f"{year + 1}-01-01" if q == 4 else f"{year}-{3 * q + 1:02d}-01")


quarter = _quarter(f.wave)


shade = None if quarter is None else (quarter[0], quarter[1], f"{t('wave', lang)} {f.wave}")
LANDS = {land_label(x, lang): charts.LAND_COLOURS[x] for x in ("Sachsen", "Thüringen")}

by_land = data.run("news_by_land", land=f.land, topic=topic)
shown_land = by_land.assign(land=[land_label(x, lang) for x in by_land["land"]])
lands = {k: v for k, v in LANDS.items() if k in set(shown_land["land"])}
left, right = st.columns(2)
with left:
    st.subheader(t("news_activity", lang))
    if not by_land.empty:
        spec = charts.monthly(shown_land, lang, "land", "articles", t("articles", lang), lands, shade)
        st.vega_lite_chart(spec=spec, key="news_land", width="stretch")
with right:
    st.subheader(t("news_funding", lang))
    if not by_land.empty:
        spec = charts.monthly(
            shown_land, lang, "land", "funding_eur", t("funding_eur", lang), lands, shade, kind="bar", money=True
        )
        st.vega_lite_chart(spec=spec, key="news_funding", width="stretch")

st.subheader(t("news_topics", lang))
by_topic = data.try_run("news_by_topic", land=f.land)
if by_topic is not None and not by_topic.empty:
    shown = by_topic if topic is None else by_topic[by_topic["topic"] == topic]
    codes = sorted(set(shown["topic"].astype(str)))
    colours = {topic_label(c, lang): charts.TOPIC_COLOURS[i % len(charts.TOPIC_COLOURS)] for i, c in enumerate(codes)}
    shown = shown.assign(topic=[topic_label(x, lang) for x in shown["topic"]])
    spec = charts.monthly(shown, lang, "topic", "articles", t("articles", lang), colours, shade)
    st.vega_lite_chart(spec=spec, key="news_topic_chart", width="stretch")


def month_text(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.strftime("%Y-%m")


activity = by_land.assign(
    month=month_text(by_land["month"]),
    land=[land_label(x, lang) for x in by_land["land"]],
    funding_eur=[number(x, lang, 0) for x in by_land["funding_eur"]],
)
activity = activity.rename(
    columns={
        "month": t("month", lang),
        "land": t("land", lang),
        "articles": t("articles", lang),
        "funding_eur": t("funding_eur", lang),
    }
)
show_table(activity, "nachrichten_aktivitaet", lang)

st.subheader(t("news_orgs", lang))
orgs = data.try_run("news_top_organisations", land=f.land, limit=15)
if orgs is not None:
    orgs = orgs.assign(last_month=month_text(orgs["last_month"])).rename(
        columns={
            "organization": t("organisation", lang),
            "articles": t("articles", lang),
            "lands": t("lands", lang),
            "last_month": t("month", lang),
        }
    )
    show_table(orgs, "organisationen", lang)


def web_link(url: object) -> str | None:
    """Only absolute http(s) links are offered (the loader drops others; older lake rows may hold
    `javascript:` or `data:` URLs, which a link column would make clickable)."""
    from urllib.parse import urlsplit

    if not isinstance(url, str) or any(ord(ch) < 33 for ch in url.strip()):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def md_escape(text: object) -> str:
    out = str(text or "")
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


st.subheader(t("news_articles", lang))
st.caption(t("news_articles_hint", lang))
quarters_df = data.try_run("news_quarters")
quarters = [str(x) for x in quarters_df["quarter"]] if quarters_df is not None else []
default_q = ""  # all quarters; the wave calendar gives the choices
if st.session_state.get("news_quarter") not in ["", *quarters]:
    st.session_state["news_quarter"] = default_q
quarter = (
    st.selectbox(
        t("quarter", lang), ["", *quarters], key="news_quarter", format_func=lambda x: t("all", lang) if x == "" else x
    )
    or None
)
arts = data.try_run("news_articles", land=f.land, topic=topic, quarter=quarter, limit=500)
if arts is not None:
    st.caption(t("news_hits", lang, n=len(arts)))

    def names(values, kind: str | None = None) -> str:
        items = list(values) if values is not None and not isinstance(values, float) else []
        return ", ".join(label(kind, str(v), lang) if kind else str(v) for v in items)

    lines = []
    for r in arts.head(100).itertuples():
        date = "" if pd.isna(r.date) else pd.to_datetime(r.date).strftime("%d.%m.%Y")
        url = web_link(r.url)
        head = md_escape(r.title or r.id)
        head = f"[{head}]({url})" if url else head
        money = "" if pd.isna(r.funding_eur) else f" · {number(r.funding_eur, lang, 0)} €"
        fixed = f" · _{t('corrected', lang)}: {', '.join(r.corrected_fields)}_" if len(r.corrected_fields) else ""
        lines.append(
            f"- **{date}** {head}  \n  {md_escape(names(r.states, 'land'))} · "
            f"{md_escape(names(r.organizations))}{money} · {md_escape(names(r.topics, 'topic'))}{fixed}"
        )
    if lines:
        st.markdown("\n".join(lines))
    table = (
        arts.assign(
            date=[None if pd.isna(x) else pd.to_datetime(x).strftime("%Y-%m-%d") for x in arts["date"]],
            url=[web_link(x) for x in arts["url"]],
            states=[names(x, "land") for x in arts["states"]],
            organizations=[names(x) for x in arts["organizations"]],
            topics=[names(x, "topic") for x in arts["topics"]],
            funding_eur=[None if pd.isna(x) else number(x, lang, 0) for x in arts["funding_eur"]],
        )
        .drop(columns=["corrected_fields"])
        .rename(
            columns={
                "date": t("date", lang),
                "title": t("title", lang),
                "url": t("source", lang),
                "states": t("lands", lang),
                "organizations": t("organisations", lang),
                "funding_eur": t("funding_eur", lang),
                "topics": t("topics", lang),
            }
        )
    )
    show_table(table, "artikel", lang, column_config={t("source", lang): st.column_config.LinkColumn()})


st.subheader(t("news_search", lang))
term = st.text_input(t("news_search_hint", lang), key="news_q", max_chars=200)
if term.strip():
    try:
        hits = data.run("news_search", text=term.strip(), land=f.land, topic=topic, limit=100)
    except Exception:  # noqa: BLE001 - any database error is shown as a clean message
        st.error(t("query_error", lang))
    else:
        st.caption(t("news_hits", lang, n=len(hits)))
        hits = hits.assign(
            url=hits["url"].map(web_link),
            published_date=pd.to_datetime(hits["published_date"]).dt.strftime("%Y-%m-%d"),
            funding_eur=[None if pd.isna(x) else number(x, lang, 0) for x in hits["funding_eur"]],
        )
        hits = hits.rename(
            columns={
                "published_date": t("published", lang),
                "title": t("title", lang),
                "url": t("source", lang),
                "states": t("lands", lang),
                "topics": t("topics", lang),
                "funding_eur": t("funding_eur", lang),
            }
        )
        show_table(hits, "artikel_suche", lang, column_config={t("source", lang): st.column_config.LinkColumn()})
