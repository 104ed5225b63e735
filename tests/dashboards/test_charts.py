"""Chart specs built from gold-like rows, without a Streamlit run: edge cases of the colour scale."""

from __future__ import annotations

import pandas as pd

from dashboards import charts


def districts(shares: list[float | None]) -> pd.DataFrame:
    codes = list(charts.TILE_GRID)[: len(shares)]
    return pd.DataFrame(
        {
            "ags": codes,
            "name": [f"Kreis {c}" for c in codes],
            "weighted_share": shares,
            "ci_low": [None if s is None else s - 0.05 for s in shares],
            "ci_high": [None if s is None else s + 0.05 for s in shares],
            "suppressed": [s is None for s in shares],
            "respondents": [40 if s is not None else 3 for s in shares],
        }
    )


def test_the_tile_map_colours_shares_that_round_past_the_largest() -> None:
    """The largest share 23.4567 % is drawn as 23.46 %, past the scale's end: still the darkest blue.
    (Plotly's colour sampler raised IndexError there, a traceback on the Karte page of the 1 M lake.)"""
    spec = charts.tile_grid(districts([0.234567, 0.101234, None]), "de", "Karte")
    tiles = pd.DataFrame(spec["data"]["values"]).set_index("ags")
    top, low, hidden = tiles.index
    assert tiles.loc[top, "share"] == 23.46 and tiles.loc[low, "share"] == 10.12
    assert tiles.loc[top, "fill"] == charts._share_colour(100.0, 10.1234, 23.4567)  # the scale's end
    assert tiles.loc[low, "fill"] == charts._share_colour(10.1234, 10.1234, 23.4567)
    assert tiles.loc[top, "fill"] != tiles.loc[low, "fill"]
    assert tiles.loc[hidden, "status"] == "suppressed" and tiles.loc[hidden, "fill"] == charts.SUPPRESSED_COLOUR
    assert tiles.loc[top, "label"].endswith("23 %")
