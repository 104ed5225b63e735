"""Queries behind the dashboards: parameterised SQL over gold tables via the read-only lake layer.

Results are cached per Delta version of the tables they read, so a new lake version is picked up
on the next rerun without restarting the app.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lake import catalog
from lake.config import LakeConfig
from lake.query import LakeQuery


@st.cache_resource(show_spinner=False)
def _lake(root: str) -> LakeQuery:
    return LakeQuery(LakeConfig.from_env(root))


def lake() -> LakeQuery:
    """The cached read-only connection for the configured lake root."""
    return _lake(LakeConfig.from_env().root)


def table_version(table: str) -> int | None:
    return lake().version(table)


@st.cache_data(show_spinner=False, max_entries=256)
def _adoption_headline(root: str, version: int) -> pd.DataFrame:
    q = _lake(root)
    return q.sql(
        f"""
        SELECT wave, coalesce(land, 'Sachsen und Thüringen') AS land, respondents,
               weighted_share, ci_low, ci_high, suppressed
        FROM {q.scan(catalog.GOLD_AI_ADOPTION, version)}
        WHERE ags IS NULL AND nace_section IS NULL AND size_class IS NULL
        ORDER BY wave, land NULLS FIRST
        """
    )


def adoption_headline() -> pd.DataFrame:
    """Share of AI-using enterprises per wave for both Länder together and each Land."""
    version = table_version(catalog.GOLD_AI_ADOPTION)
    if version is None:
        return pd.DataFrame()
    return _adoption_headline(lake().config.root, version)
