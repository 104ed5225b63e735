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
from dashboards.i18n import DEFAULT_LANGUAGE, LANGUAGES, land_label, nace_label, size_label, t

PARAMS = ("lang", "wave", "land", "ags", "nace", "size")
FILTERS = ("wave", "land", "ags", "nace", "size")
ALL = ""  # option value meaning "all" (not written to the URL)
_KEY = "f_{}".format

# Which sidebar filters each page (URL path) applies. The others stay in the sidebar, disabled,
# with the reason as their help text and as a note on the page, and keep their value for the
# pages that use them.
PAGE_FILTERS: dict[str, frozenset[str]] = {
    "ueberblick": frozenset(FILTERS),
    "karte": frozenset(FILTERS),  # the district is highlighted
    "branchen": frozenset(FILTERS),
    "rangliste": frozenset(FILTERS),  # the district and sector are highlighted
    "technologien": frozenset({"wave", "land"}),
    "nachrichten": frozenset({"wave", "land"}),
    "methodik": frozenset(),
    "datenstand": frozenset(),
}


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
    page: str = "ueberblick"

    @property
    def cube_land(self) -> str | None:
        """The Land of the cube cells to read: a district's own Land when a district is chosen
        (district cells carry their Land), else the chosen Land (null = both)."""
        if self.ags is not None and not self.districts.empty:
            hit = self.districts.loc[self.districts["ags"] == self.ags, "land"]
            if len(hit):
                return str(hit.iloc[0])
        return self.land

    def applies(self, name: str) -> bool:
        return name in PAGE_FILTERS.get(self.page, frozenset(FILTERS))

    def ignored(self) -> list[str]:
        """Filters chosen (other than the wave, which always has a value) that this page does not apply."""
        return [n for n in FILTERS if n != "wave" and getattr(self, n) is not None and not self.applies(n)]

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


def language() -> str:
    """The session's language (from the URL once, then from the language switch)."""
    _from_url_once()
    if st.session_state.get(_KEY("lang")) not in LANGUAGES:
        st.session_state[_KEY("lang")] = DEFAULT_LANGUAGE
    return str(st.session_state[_KEY("lang")])


def _select(
    name: str, label: str, options: list[str], fmt, lang: str, default: str = ALL, disabled_reason: str | None = None
) -> str | None:
    """A sidebar selectbox whose value lives in ``f_<name>``; the widget itself is keyed per
    language (``f_<name>_<lang>``), so switching the language redraws every option label at once
    (a keyed selectbox keeps its identity and the browser would keep showing the old labels)."""
    key = _KEY(name)
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]
    widget = f"{key}_{lang}"
    if st.session_state.get(widget) not in options:  # first run in this language, or options changed
        st.session_state[widget] = st.session_state[key]
    value = st.sidebar.selectbox(
        label, options, key=widget, format_func=fmt, disabled=disabled_reason is not None, help=disabled_reason
    )
    st.session_state[key] = value
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


def sidebar_filters(page: str = "ueberblick") -> Filters:
    """Render the filters in the sidebar and return the current selection; filters that ``page``
    does not apply are disabled with the reason."""
    lang = language()
    st.sidebar.radio(
        t("language", lang),
        list(LANGUAGES),
        key=_KEY("lang"),
        horizontal=True,
        format_func=lambda x: {"de": "Deutsch", "en": "English"}[x],
    )
    st.sidebar.header(t("filters", lang))
    waves, districts, sections = _options_from_lake()
    f = Filters(lang=lang, waves=waves, districts=districts, page=page)

    def reason(name: str) -> str | None:
        return None if f.applies(name) else t(f"na_{page}", lang)

    if waves:
        f.wave = _select(
            "wave", t("wave", lang), list(reversed(waves)), str, lang, default=waves[-1], disabled_reason=reason("wave")
        )
    f.land = _select(
        "land",
        t("land", lang),
        [ALL, *queries.LANDS],
        lambda x: land_label(x or None, lang),
        lang,
        disabled_reason=reason("land"),
    )
    in_land = districts if f.land is None else districts[districts["land"] == f.land]
    names = dict(zip(in_land["ags"], in_land["name"]))
    f.ags = _select(
        "ags",
        t("district", lang),
        [ALL, *names],
        lambda x: t("all", lang) if x == ALL else f"{names.get(x, x)} ({x})",
        lang,
        disabled_reason=reason("ags"),
    )
    f.nace = _select(
        "nace",
        t("sector", lang),
        [ALL, *sections],
        lambda x: t("all", lang) if x == ALL else nace_label(x, lang),
        lang,
        disabled_reason=reason("nace"),
    )
    f.size = _select(
        "size",
        t("size_class", lang),
        [ALL, *queries.SIZE_ORDER],
        lambda x: t("all", lang) if x == ALL else size_label(x, lang),
        lang,
        disabled_reason=reason("size"),
    )
    _to_url(f)
    st.sidebar.caption(t("share_link", lang))
    st.session_state["_filters"] = f
    return f


def not_applied_note(f: Filters) -> None:
    """On the page: which chosen filters it does not apply, and why (never silently ignored)."""
    ignored = f.ignored()
    if ignored:
        names = ", ".join(
            t({"wave": "wave", "land": "land", "ags": "district", "nace": "sector", "size": "size_class"}[n], f.lang)
            for n in ignored
        )
        st.info(f"{t('not_applied', f.lang, filters=names)} {t(f'na_{f.page}', f.lang)}", icon="ℹ️")


def _to_url(f: Filters) -> None:
    wanted = {
        "lang": f.lang if f.lang != DEFAULT_LANGUAGE else None,
        "wave": f.wave,
        "land": f.land,
        "ags": f.ags,
        "nace": f.nace,
        "size": f.size,
    }
    wanted = {k: v for k, v in wanted.items() if v}
    if dict(st.query_params.to_dict()) != wanted:
        st.query_params.from_dict(wanted)


def current() -> Filters:
    """The filters the entry script rendered for this run."""
    return st.session_state.get("_filters") or Filters()
