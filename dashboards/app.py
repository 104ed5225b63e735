"""Streamlit entry point: `lakehouse dashboard` serves this file."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts this folder, not the project root, on sys.path.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

st.set_page_config(page_title="KI-Nutzung in Sachsen und Thüringen", page_icon="📊", layout="wide")

PAGES_DIR = Path(__file__).resolve().parent / "pages"
navigation = st.navigation([st.Page(str(PAGES_DIR / "overview.py"), title="Überblick", default=True)])
navigation.run()
