"""Reading the dashboards' Vega-Lite charts in tests: the spec and rows Streamlit sends (AppTest),
and the CSS selectors of the marks Vega draws (browser tests)."""

from __future__ import annotations

import json

import pandas as pd

# Drawn marks that carry an ARIA label (each names its category and value in words).
BARS = "[data-testid='stVegaLiteChart'] svg.marks .mark-rect.role-mark path[aria-label]"
DISTRICTS = "[data-testid='stVegaLiteChart'] svg.marks .mark-shape.role-mark path[aria-label]"
# Every labelled mark: bars, and the words that stand in for a withheld or empty bar.
MARKS = "[data-testid='stVegaLiteChart'] svg.marks .role-mark [aria-label]"
# A Streamlit page at rest: no run in progress and no element still drawn as stale (Streamlit dims a
# stale element while a rerun replaces it; a check that reads colours then sees the dimmed ones).
SETTLED = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && !document.querySelector('[data-stale=\"true\"]')"
)


def vega_charts(at) -> list[tuple[dict, pd.DataFrame]]:
    """Every Vega-Lite chart of an AppTest page: its spec and the rows Streamlit sends with it (Arrow;
    empty for a spec whose layers carry their own data, as the map's)."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    return [
        (
            json.loads(c.proto.spec),
            convert_arrow_bytes_to_pandas_df(c.proto.data.data) if c.proto.data.data else pd.DataFrame(),
        )
        for c in at.get("vega_lite_chart")
    ]
