"""`gold/ai_adoption_modelled`: modelled district shares (Fay–Herriot EBLUP), every wave × district.

Why: most districts have a handful of respondents per wave, so their direct shares are mostly
sampling noise (or suppressed). An area-level model borrows strength across districts.

Per wave (each wave is modelled on its own):
1. Direct district estimates from the microdata (silver): p̂ = Σw·y / Σw, on the arcsine-square-root
   scale θ̂ = asin √p̂, whose sampling variance 1/(4·n_eff) does not depend on p̂ (so shares of 0 or 1
   need no special case). n_eff is a generalised variance function: n / deff, with the district's
   Kish design effect shrunk towards the wave's pooled one (`DEFF_PRIOR_N` pseudo-respondents),
   because a Kish n_eff from 5 weights is itself noise.
2. Fay–Herriot model (`transforms.survey.fay_herriot`, REML, adjusted-REML fallback) fitted on the
   districts with at least `MIN_FIT_RESPONDENTS` (= the publication threshold) respondents.
   Auxiliary variables, known for every district: Land, kind (kreisfreie Stadt), log population
   (silver/districts), the respondents' size-class and sector mix, each summarised as one index
   Σ_c mix_c·θ_c (θ_c = the wave's share of class c, arcsine scale; the mix shrunk towards the
   Land's by `MIX_PRIOR_N` pseudo-respondents so a district with 1 or 0 respondents gets a sensible
   value), and the district's share in the other waves. Land and kind are always in; of the others
   the subset with the smallest AIC is used. The `model` column names the design of each wave.
3. EBLUP for every district with respondents (`method` = eblup) — also those with 1–4, whose own
   direct value enters with its (small) weight γ = A/(A + D) but not the fit — and the regression
   (synthetic) value for districts without respondents (`method` = synthetic). MSE by Prasad–Rao;
   95 % interval θ̂ ± 1.96·√MSE, clipped to [0, π/2], back-transformed with sin².
4. Benchmarking per Land and wave: the population-weighted mean of the modelled district shares
   equals the Land's direct share in gold/ai_adoption (ratio benchmarking; should a ratio push a
   bound above 1, the shift is made on the logit scale instead, which keeps every value in [0, 1]).
   Bounds move with their estimate. The weights are published as `benchmark_weight`.

Disclosure: the direct columns are copied from gold/ai_adoption (null exactly where it suppresses).
A modelled value does not reveal a suppressed direct value: for 1–4 respondents γ is small and
neither γ, the synthetic part nor the respondents' mix is published.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from transforms.survey import fay_herriot as fh

Z_95 = 1.959963984540054
MIN_FIT_RESPONDENTS = 5
MIX_PRIOR_N = 10.0
DEFF_PRIOR_N = 20.0
HALF_PI = np.pi / 2
# Between-district variance (arcsine scale) assumed when a wave has too few districts for any
# model: a standard deviation of 0.1 rad, about ±10 percentage points around a share of 30 %.
POOLED_SIGMA2_U = 0.01

# The design of a wave: Land and kind always (where they vary over the fitted districts), plus the
# subset of `OPTIONAL_AUX` with the smallest AIC (each noise covariate costs precision with ~30
# districts, so only those that earn their degree of freedom stay).
BASE_AUX = ("thueringen", "city")
OPTIONAL_AUX = ("log_pop", "size_mix", "sector_mix", "other_waves")
AUX_LABELS = {
    "thueringen": "land",
    "city": "kind",
    "log_pop": "log population",
    "size_mix": "size mix",
    "sector_mix": "sector mix",
    "other_waves": "district share in other waves",
}
MODELLED_COLUMNS = (
    "wave",
    "land",
    "ags",
    "respondents",
    "direct_share",
    "direct_ci_low",
    "direct_ci_high",
    "modelled_share",
    "modelled_ci_low",
    "modelled_ci_high",
    "method",
    "model",
    "benchmark_weight",
)
CELL_COLUMNS = ("wave", "ags", "size_class", "nace_section", "n", "sw", "sw2", "swy")


@dataclass(frozen=True)
class WaveModel:
    label: str  # the `model` text
    fit: fh.FayHerriotFit | None
    columns: tuple[str, ...] = ()  # design columns of ``fit``


def _district_direct(cells: pd.DataFrame, ags: pd.Index) -> pd.DataFrame:
    """Per district of one wave: n, p̂, Kish n_eff (0 respondents: n = 0, rest NaN)."""
    g = cells.groupby("ags")[["n", "sw", "sw2", "swy"]].sum().reindex(ags)
    g["n"] = g["n"].fillna(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        g["p"] = (g["swy"] / g["sw"]).clip(0.0, 1.0)
        g["kish"] = g["sw"] ** 2 / g["sw2"]
    return g


def _sampling_variance(direct: pd.DataFrame) -> pd.Series:
    """D = deff / (4 n) on the arcsine scale, deff shrunk towards the wave's pooled design effect."""
    has = direct["n"] > 0
    pooled = float(direct.loc[has, "n"].sum() / direct.loc[has, "kish"].sum()) if has.any() else 1.0
    own = direct["n"] / direct["kish"]
    deff = (direct["n"] * own.fillna(pooled) + DEFF_PRIOR_N * pooled) / (direct["n"] + DEFF_PRIOR_N)
    with np.errstate(divide="ignore"):
        return (deff / (4.0 * direct["n"])).where(has)


def _mix_index(cells: pd.DataFrame, districts: pd.DataFrame, column: str) -> pd.Series:
    """Σ_c (respondents' share of class c, shrunk to the Land's) × asin √(wave share of class c)."""
    by_class = cells.groupby(column)[["sw", "swy"]].sum()
    overall_share = by_class["swy"].sum() / by_class["sw"].sum() if by_class["sw"].sum() > 0 else 0.0
    theta = np.arcsin(
        np.sqrt(
            (by_class["swy"] / by_class["sw"].replace(0, np.nan)).clip(0, 1).fillna(min(max(overall_share, 0.0), 1.0))
        )
    )
    counts = cells.groupby(["ags", column])["n"].sum().unstack(fill_value=0)
    counts = counts.reindex(index=districts.index, columns=theta.index, fill_value=0).astype(float)
    land_mix = counts.groupby(districts["land"]).sum()
    land_mix = land_mix.div(land_mix.sum(axis=1).replace(0, np.nan), axis=0)
    overall = counts.sum() / max(counts.to_numpy().sum(), 1.0)
    prior = land_mix.reindex(districts["land"]).fillna(overall).set_axis(districts.index)
    n = counts.sum(axis=1)
    mix = (counts + prior.mul(MIX_PRIOR_N)).div(n + MIX_PRIOR_N, axis=0)
    return mix @ theta


def _other_waves(history: pd.DataFrame | None, wave_cells: pd.DataFrame, districts: pd.DataFrame) -> pd.Series:
    """The district's share over all *other* waves (arcsine scale), shrunk towards its Land's share
    over those waves (`MIX_PRIOR_N` pseudo-respondents). Sampling errors of different waves are
    independent, so this is a valid covariate; it carries what is persistent about a district."""
    if history is None or history.empty:
        return pd.Series(0.0, index=districts.index)
    all_w = history.groupby("ags")[["n", "sw", "swy"]].sum().reindex(districts.index, fill_value=0.0)
    this = wave_cells.groupby("ags")[["n", "sw", "swy"]].sum().reindex(districts.index, fill_value=0.0)
    other = all_w - this
    land = other.groupby(districts["land"]).sum()
    land_theta = np.arcsin(np.sqrt((land["swy"] / land["sw"].replace(0, np.nan)).clip(0, 1)))
    overall = np.arcsin(np.sqrt(min(max(other["swy"].sum() / max(other["sw"].sum(), 1e-300), 0.0), 1.0)))
    prior = land_theta.reindex(districts["land"]).fillna(overall).set_axis(districts.index)
    own = np.arcsin(np.sqrt((other["swy"] / other["sw"].replace(0, np.nan)).clip(0, 1))).fillna(prior)
    return (other["n"] * own + MIX_PRIOR_N * prior) / (other["n"] + MIX_PRIOR_N)


def _design(cells: pd.DataFrame, districts: pd.DataFrame, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Covariates for every district of one wave (standardised where continuous)."""
    x = pd.DataFrame(index=districts.index)
    x["intercept"] = 1.0
    x["thueringen"] = (districts["land"] == "Thüringen").astype(float)
    x["city"] = (districts["kind"] == "Kreisfreie Stadt").astype(float)
    x["log_pop"] = np.log(districts["population"].astype(float).clip(lower=1.0))
    x["size_mix"] = _mix_index(cells, districts, "size_class")
    x["sector_mix"] = _mix_index(cells, districts, "nace_section")
    x["other_waves"] = _other_waves(history, cells, districts)
    for c in ("log_pop", "size_mix", "sector_mix", "other_waves"):
        sd = x[c].std(ddof=0)
        x[c] = (x[c] - x[c].mean()) / sd if sd > 0 else 0.0
    return x.fillna(0.0)  # a covariate that cannot be computed for a district says "average"


def _candidate_designs() -> list[tuple[str, ...]]:
    subsets = [tuple(c for j, c in enumerate(OPTIONAL_AUX) if mask >> j & 1) for mask in range(1 << len(OPTIONAL_AUX))]
    return [(*BASE_AUX, *s) for s in subsets]


def _fit_wave(theta: pd.Series, d: pd.Series, x: pd.DataFrame, fit_rows: pd.Series) -> WaveModel:
    """Fay–Herriot fits of the candidate designs on the districts with enough respondents; the one
    with the smallest AIC wins. Too few districts for any design: no model (pooled share)."""
    m = int(fit_rows.sum())
    if m == 0:  # no district with 5+ respondents (a first, tiny wave): nothing to fit
        return WaveModel("pooled share (too few districts with 5+ respondents for a model); aux: none", None)
    y, dv = theta[fit_rows].to_numpy(), d[fit_rows].to_numpy()
    xs = x[fit_rows.to_numpy()]
    varies = {c: bool(np.ptp(xs[c].to_numpy()) > 1e-12) for c in xs.columns}
    best: tuple[float, WaveModel] | None = None
    tried: set[tuple[str, ...]] = set()
    for cols in _candidate_designs():
        # a covariate constant over the fitted districts (one Land only, one wave only) says nothing
        cols = tuple(c for c in cols if varies[c])
        design = ["intercept", *cols]
        if m < len(design) + 3 or cols in tried:
            continue
        tried.add(cols)
        xf = xs[design].to_numpy()
        try:
            model = fh.fit(y, xf, dv)
        except (fh.FayHerriotError, np.linalg.LinAlgError):
            continue
        aic = -2.0 * fh.marginal_loglik(model.sigma2_u, y, xf, dv) + 2.0 * (len(design) + 1)
        if best is None or aic < best[0]:
            label = ", ".join(AUX_LABELS[c] for c in cols) or "none (intercept only)"
            best = (aic, WaveModel(f"fay-herriot/{model.estimator} on asin-sqrt; aux: {label}", model, tuple(design)))
    if best is not None:
        return best[1]
    return WaveModel("pooled share (too few districts with 5+ respondents for a model); aux: none", None)


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(q / (1 - q))


def _expit(t: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-t))


def benchmark(
    share: np.ndarray, low: np.ndarray, high: np.ndarray, weight: np.ndarray, target: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Adjust shares (and bounds) so that Σ weight·share / Σ weight = target.

    Ratio benchmarking (every share × target / current); if that would put a bound above 1, a common
    shift on the logit scale (found by bisection), which keeps everything inside [0, 1].
    """
    w = weight / weight.sum()
    current = float(w @ share)
    if target <= 0.0:
        return np.zeros_like(share), np.zeros_like(low), high, "ratio"
    if target >= 1.0:
        return np.ones_like(share), low, np.ones_like(high), "ratio"
    if current > 0:
        r = target / current
        if float(np.max(high * r)) <= 1.0:
            return share * r, low * r, high * r, "ratio"
    ls = _logit(share)
    lo_c, hi_c = -50.0, 50.0
    for _ in range(200):
        c = (lo_c + hi_c) / 2
        if float(w @ _expit(ls + c)) < target:
            lo_c = c
        else:
            hi_c = c
    c = (lo_c + hi_c) / 2
    new = _expit(ls + c)
    return new, np.minimum(_expit(_logit(low) + c), new), np.maximum(_expit(_logit(high) + c), new), "logit shift"


def modelled_wave(
    cells: pd.DataFrame, districts: pd.DataFrame, land_direct: dict[str, float], history: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Modelled shares for every district of one wave (index: ags).

    ``cells``: the wave's respondent aggregates per (ags, size_class, nace_section) with n, Σw,
    Σw², Σw·y; ``districts``: indexed by ags with land, kind, population; ``land_direct``: the
    Land's direct share (benchmark target) where published; ``history``: the cells of all waves
    (this one included), for the other-waves covariate.
    """
    direct = _district_direct(cells, districts.index)
    d = _sampling_variance(direct)
    theta = np.arcsin(np.sqrt(direct["p"]))
    x = _design(cells, districts, history)
    # a district whose weights sum to 0 has no usable direct value: neither fitted nor shrunk
    fit_rows = (direct["n"] >= MIN_FIT_RESPONDENTS) & np.isfinite(theta) & np.isfinite(d)
    wave_model = _fit_wave(theta, d, x, fit_rows)
    has = (direct["n"] > 0).to_numpy()
    if wave_model.fit is not None:
        est, mse = wave_model.fit.predict(
            x[list(wave_model.columns)].to_numpy(), theta.where(direct["n"] > 0).to_numpy(), d.to_numpy()
        )
    else:
        sw, swy, sw2 = cells["sw"].sum(), cells["swy"].sum(), cells["sw2"].sum()
        pooled = np.arcsin(np.sqrt(min(max(swy / sw, 0.0), 1.0))) if sw > 0 else np.pi / 6
        n_eff = sw * sw / sw2 if sw2 > 0 else 1.0
        est = np.full(len(districts), pooled)
        mse = np.full(len(districts), POOLED_SIGMA2_U + 1.0 / (4.0 * n_eff))
    half = Z_95 * np.sqrt(mse)
    share = np.sin(np.clip(est, 0.0, HALF_PI)) ** 2
    low = np.sin(np.clip(est - half, 0.0, HALF_PI)) ** 2
    high = np.sin(np.clip(est + half, 0.0, HALF_PI)) ** 2
    weight = districts["population"].astype(float).to_numpy()
    labels = np.full(len(districts), wave_model.label, dtype=object)
    for land, target in land_direct.items():
        sel = (districts["land"] == land).to_numpy()
        if not sel.any() or target is None or not np.isfinite(target):
            continue
        share[sel], low[sel], high[sel], how = benchmark(share[sel], low[sel], high[sel], weight[sel], float(target))
        labels[sel] = f"{wave_model.label}; benchmarked to the Land's direct share ({how}, population-weighted)"
    return pd.DataFrame(
        {
            "land": districts["land"].to_numpy(),
            "n": direct["n"].astype(int).to_numpy(),
            "modelled_share": share,
            "modelled_ci_low": np.minimum(low, share),
            "modelled_ci_high": np.maximum(high, share),
            "method": np.where(has, "eblup", "synthetic"),
            "model": labels,
            "benchmark_weight": weight,
        },
        index=districts.index,
    )


def modelled_table(cells: pd.DataFrame, districts: pd.DataFrame, direct: pd.DataFrame) -> pd.DataFrame:
    """The whole table: every wave of ``direct`` (gold/ai_adoption rows) or ``cells`` × every district.

    ``direct``: gold/ai_adoption rows with nace_section and size_class null: district rows (ags set)
    give the direct columns, Land rows (ags null) the benchmark targets.
    """
    dist = districts.set_index("ags").sort_index()
    for dim in ("nace_section", "size_class"):
        if dim in direct.columns:
            direct = direct[direct[dim].isna()]
    waves = sorted(set(cells["wave"]) | set(direct["wave"]))
    district_rows = direct[direct["ags"].notna()].set_index(["wave", "ags"])
    land_rows = direct[direct["ags"].isna() & direct["land"].notna()]
    frames = []
    for wave in waves:
        wave_cells = cells[cells["wave"] == wave]
        targets = {
            r.land: r.weighted_share
            for r in land_rows[land_rows["wave"] == wave].itertuples()
            if pd.notna(r.weighted_share)
        }
        out = modelled_wave(wave_cells, dist, targets, cells)
        out.insert(0, "wave", wave)
        frames.append(out.rename_axis("ags").reset_index())
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*MODELLED_COLUMNS, "n"])
    gold = district_rows.reindex(pd.MultiIndex.from_frame(table[["wave", "ags"]]))
    table["respondents"] = (
        gold["respondents"].fillna(pd.Series(table["n"].to_numpy(), index=gold.index)).astype(int).to_numpy()
    )
    table["direct_share"] = gold["weighted_share"].to_numpy()
    table["direct_ci_low"] = gold["ci_low"].to_numpy()
    table["direct_ci_high"] = gold["ci_high"].to_numpy()
    return table[list(MODELLED_COLUMNS)].sort_values(["wave", "ags"]).reset_index(drop=True)
