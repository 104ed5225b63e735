"""Modelled district shares on simulated waves with a known truth (no Spark: the model's core)."""

import numpy as np
import pandas as pd
import pytest

from samples.small_area_simulation import run, simulate
from transforms.survey import modelled


@pytest.fixture(scope="module")
def sim():
    return simulate(seed=7, waves=4)


@pytest.fixture(scope="module")
def table(sim):
    return modelled.modelled_table(sim.cells, sim.districts, sim.direct)


def test_simulation_rmse_and_coverage_against_the_truth():
    """Over all districts and waves of 3 seeds x 8 waves: modelled RMSE <= 0.7 x direct RMSE for
    districts with 5-59 respondents, and 95 % intervals cover the truth >= 85 % of the time."""
    ev, _ = run(range(1, 4), waves=8)
    ev = ev.set_index("respondents")
    assert ev.loc["5-59", "cells"] > 300
    assert ev.loc["5-59", "rmse_modelled"] <= 0.7 * ev.loc["5-59", "rmse_direct"]
    assert ev.loc["all", "coverage_modelled"] >= 0.85
    # modelled intervals are narrower than the direct ones where both exist
    assert ev.loc["5-59", "width_modelled"] < ev.loc["5-59", "width_direct"]


def test_a_row_for_every_district_and_wave(sim, table):
    assert len(table) == len(sim.districts) * sim.direct["wave"].nunique()
    assert not table.duplicated(["wave", "ags"]).any()
    assert set(table["ags"]) == set(sim.districts["ags"])
    assert list(table.columns) == list(modelled.MODELLED_COLUMNS)


def test_values_in_unit_interval_and_intervals_contain_estimate(table):
    cols = ["modelled_share", "modelled_ci_low", "modelled_ci_high"]
    assert table[cols].notna().all().all()
    assert ((table[cols] >= 0) & (table[cols] <= 1)).all().all()
    assert (table["modelled_ci_low"] <= table["modelled_share"]).all()
    assert (table["modelled_share"] <= table["modelled_ci_high"]).all()


def test_synthetic_exactly_where_no_respondent(table):
    assert (table["respondents"] == 0).sum() > 0  # the fixture has empty districts
    assert ((table["method"] == "synthetic") == (table["respondents"] == 0)).all()
    assert set(table["method"]) == {"eblup", "synthetic"}


def test_direct_columns_null_exactly_where_gold_suppresses(sim, table):
    gold = sim.direct[sim.direct["ags"].notna()].set_index(["wave", "ags"])
    t = table.set_index(["wave", "ags"])
    g = gold.reindex(t.index)
    assert (t["direct_share"].isna() == g["weighted_share"].isna()).all()
    assert (t["direct_share"].isna() == (t["respondents"] < 5)).all()
    np.testing.assert_allclose(t["direct_share"].dropna(), g["weighted_share"].dropna())


def test_benchmarking_identity(sim, table):
    lands = sim.direct[sim.direct["ags"].isna()].set_index(["wave", "land"])["weighted_share"]
    agg = table.groupby(["wave", "land"]).apply(
        lambda g: float(np.average(g["modelled_share"], weights=g["benchmark_weight"])), include_groups=False
    )
    np.testing.assert_allclose(agg.sort_index(), lands.reindex(agg.index).sort_index(), atol=1e-12)


def test_benchmark_falls_back_to_logit_shift_near_one():
    share, low, high = np.array([0.9, 0.95, 0.5]), np.array([0.8, 0.9, 0.4]), np.array([0.97, 0.99, 0.6])
    w = np.array([1.0, 2.0, 1.0])
    s, lo, hi, how = modelled.benchmark(share, low, high, w, 0.9)
    assert how == "logit shift"
    assert np.average(s, weights=w) == pytest.approx(0.9, abs=1e-12)
    assert np.all((0 <= lo) & (lo <= s) & (s <= hi) & (hi <= 1))
    s, lo, hi, how = modelled.benchmark(share, low, high, w, 0.7)
    assert how == "ratio" and np.average(s, weights=w) == pytest.approx(0.7)


def test_extreme_and_sparse_waves_still_give_valid_rows(sim):
    """All-0 and all-1 districts, weights summing to 0, a wave with very few respondents, one Land
    without any."""
    cells = sim.cells[sim.cells["wave"] == "2024-Q1"].copy()
    first = cells["ags"].isin(sim.districts["ags"][:5])
    cells.loc[first, "swy"] = 0.0
    cells.loc[cells["ags"].isin(sim.districts["ags"][5:8]), "swy"] = cells["sw"]
    zero = cells["ags"] == cells["ags"][~first].iloc[-1]  # a district whose weights sum to 0
    cells.loc[zero, ["sw", "sw2", "swy"]] = 0.0
    sparse = sim.cells[(sim.cells["wave"] == "2024-Q2") & sim.cells["ags"].str.startswith("14")].head(6)
    cells = pd.concat([cells, sparse], ignore_index=True)
    direct = sim.direct[sim.direct["wave"].isin(["2024-Q1", "2024-Q2"])].copy()
    table = modelled.modelled_table(cells, sim.districts, direct)
    assert len(table) == 2 * len(sim.districts)
    cols = ["modelled_share", "modelled_ci_low", "modelled_ci_high"]
    assert table[cols].notna().all().all() and ((table[cols] >= 0) & (table[cols] <= 1)).all().all()
    assert (table["modelled_ci_low"] <= table["modelled_share"]).all()
    assert (table["modelled_share"] <= table["modelled_ci_high"]).all()
    assert table.loc[table["wave"] == "2024-Q1", "model"].str.startswith("fay-herriot").all()
    q2 = table[table["wave"] == "2024-Q2"]
    assert q2["model"].str.startswith("pooled").all()
    assert (q2[q2["ags"].str.startswith("16")]["method"] == "synthetic").all()


def test_a_wave_without_any_district_of_five_respondents_gets_pooled_rows(sim):
    """A first, tiny wave (one respondent in each of six districts, as a small pilot gives): no
    district enters the fit, every district still gets a valid (pooled / synthetic) row."""
    tiny = sim.cells[sim.cells["wave"] == "2024-Q1"].groupby("ags", as_index=False).first().head(6)
    tiny["n"] = 1
    direct = sim.direct[(sim.direct["wave"] == "2024-Q1") & sim.direct["ags"].isin(tiny["ags"])].copy()
    table = modelled.modelled_table(tiny, sim.districts, direct)
    assert len(table) == len(sim.districts)
    cols = ["modelled_share", "modelled_ci_low", "modelled_ci_high"]
    assert table[cols].notna().all().all() and ((table[cols] >= 0) & (table[cols] <= 1)).all().all()
    assert table["model"].str.startswith("pooled").all()
