"""Filters shared by every page, kept in the session and mirrored into the URL (`st.query_params`).

The sidebar widgets live in the entry script (rendered on every page), so their state survives
page switches; their values are written to the URL on each run, and read from it once when a
session starts, so a copied link reproduces the view. Values from the URL are checked against the
options from the lake; anything unknown is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from dashboards import data, queries
from dashboards.i18n import DEFAULT_LANGUAGE, LANGUAGES, land_label, nace_label, t

PARAMS = ("lang", "wave", "land", "ags", "nace", "size")
ALL = ""  # option value meaning "all" (not written to the URL)
_KEY = "f_{}".format


@dataclass
class Filters:
    lang: str = DEFAULT_LANGUAGE
    wave: str | None = None
    land: str | None = None
    ags: str | None = None
    nace: str | None = None
    size: str | None = None
    waves: list[str] = field(default_factory=list)
    districts: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def previous_wave(self) -> str | None:
        if self.wave in self.waves:
            i = self.waves.index(self.wave)
            return self.waves[i - 1] if i > 0 else None
        return None

    def district_name(self, ags: str | None) -> str | None:
        if ags is None or self.districts.empty:
            return ags
        hit = self.districts.loc[self.districts["ags"] == ags, "name"]
        return str(hit.iloc[0]) if len(hit) else ags


def _from_url_once() -> None:
    if st.session_state.get("_filters_from_url"):
        return
    params = st.query_params
    for name in PARAMS:
        if name in params:
            st.session_state[_KEY(name)] = str(params[name])
    st.session_state["_filters_from_url"] = True


def _select(name: str, label: str, options: list[str], fmt, default: str = ALL) -> str | None:
    key = _KEY(name)
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]
    value = st.sidebar.selectbox(label, options, key=key, format_func=fmt)
    return None if value == ALL else value


def _options_from_lake() -> tuple[list[str], pd.DataFrame, list[str]]:
    wave_df = data.try_run("waves")
    waves = [str(w) for w in wave_df["wave"]] if wave_df is not None else []
    districts = data.try_run("districts")
    if districts is None:
        districts = pd.DataFrame(columns=["ags", "name", "land", "kind", "population"])
    sections = []
    if waves:
        cells = data.try_run("adoption_by_dimension", wave=waves[-1], land=None, dimension="nace_section")
        sections = sorted(str(c) for c in cells["category"]) if cells is not None else []
    return waves, districts, sections


def sidebar_filters() -> Filters:
    """Render the filters in the sidebar and return the current selection."""
    _from_url_once()
    if st.session_state.get(_KEY("lang")) not in LANGUAGES:
        st.session_state[_KEY("lang")] = DEFAULT_LANGUAGE
    lang = st.session_state[_KEY("lang")]
    lang = st.sidebar.radio(t("language", lang), list(LANGUAGES), key=_KEY("lang"), horizontal=True,
                            format_func=lambda x: {"de": "Deutsch", "en": "English"}[x]) or DEFAULT_LANGUAGE
    st.sidebar.header(t("filters", lang))
    waves, districts, sections = _options_from_lake()
    f = Filters(lang=lang, waves=waves, districts=districts)
    if waves:
        f.wave = _select("wave", t("wave", lang), list(reversed(waves)), str, default=waves[-1])
    f.land = _select("land", t("land", lang), [ALL, *queries.LANDS],
                     lambda x: land_label(x or None, lang))
    in_land = districts if f.land is None else districts[districts["land"] == f.land]
    names = dict(zip(in_land["ags"], in_land["name"]))
    f.ags = _select("ags", t("district", lang), [ALL, *names],
                    lambda x: t("all", lang) if x == ALL else f"{names.get(x, x)} ({x})")
    f.nace = _select("nace", t("sector", lang), [ALL, *sections],
                     lambda x: t("all", lang) if x == ALL else nace_label(x, lang))
    f.size = _select("size", t("size_class", lang), [ALL, *queries.SIZE_ORDER],
                     lambda x: t("all", lang) if x == ALL else x)
    _to_url(f)
    st.sidebar.caption(t("share_link", lang))
    st.session_state["_filters"] = f
    return f


def _to_url(f: Filters) -> None:
    wanted = {"lang": f.lang if f.lang != DEFAULT_LANGUAGE else None, "wave": f.wave, "land": f.land,
              "ags": f.ags, "nace": f.nace, "size": f.size}
    wanted = {k: v for k, v in wanted.items() if v}
    if dict(st.query_params.to_dict()) != wanted:
        st.query_params.from_dict(wanted)


def current() -> Filters:
    """The filters the entry script rendered for this run."""
    return st.session_state.get("_filters") or Filters()
