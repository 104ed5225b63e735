"""Streamlit entry point: `lakehouse dashboard` serves this file.

The entry script renders the shared sidebar filters (so their state survives page switches and is
mirrored into the URL) and then runs the selected page. Pages have fixed URL paths, so a link
such as `/karte?wave=2025-Q3&land=Thüringen` reproduces a view.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts this folder, not the project root, on sys.path.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from dashboards import state  # noqa: E402
from dashboards.i18n import t  # noqa: E402

st.set_page_config(page_title="KI-Nutzung in Sachsen und Thüringen", page_icon="📊", layout="wide")

PAGES_DIR = Path(__file__).resolve().parent / "pages"
PAGES = [  # (file, title key, url path)
    ("overview.py", "page_overview", "ueberblick"),
    ("map.py", "page_map", "karte"),
    ("sectors.py", "page_sectors", "branchen"),
    ("ranking.py", "page_ranking", "rangliste"),
    ("technologies.py", "page_tech", "technologien"),
    ("news.py", "page_news", "nachrichten"),
    ("method.py", "page_method", "methodik"),
    ("status.py", "page_status", "datenstand"),
]

# WCAG 2.1 AA text contrast (4.5 : 1): Streamlit's captions are 3.8 : 1, disabled filters (not
# applied on this page) 2.3 : 1; links 3.0 : 1.
st.html("""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4d4d4d !important; opacity: 1 !important; }
.stMarkdown a, [data-testid="stCaptionContainer"] a { color: #1a4f9c !important; }
[data-testid="stSidebar"] [data-testid="stWidgetLabel"] p { color: #31333f !important; }
[data-testid="stSidebar"] [data-baseweb="select"] div[aria-disabled="true"], [data-testid="stSidebar"] [data-baseweb="select"] [aria-disabled="true"] * { color: #595959 !important; -webkit-text-fill-color: #595959 !important; }
</style>""")

# The language first (page titles), then the page (which filters apply), then the sidebar.
lang = state.language()
navigation = st.navigation(
    [
        st.Page(str(PAGES_DIR / file), title=t(key, lang), url_path=path, default=(i == 0))
        for i, (file, key, path) in enumerate(PAGES)
    ]
)
try:
    state.sidebar_filters(page=navigation.url_path or PAGES[0][2])
    navigation.run()
except Exception:  # an analyst gets a sentence, the server log the traceback (Streamlit's own stop
    # and rerun signals are BaseExceptions and pass through)
    logging.getLogger("dashboards").exception("page /%s failed (%s)", navigation.url_path, dict(st.query_params))
    st.error(t("page_failed", lang), icon="⚠️")
