"""Seeded simulation with known district shares, for judging the modelled district estimates.

Why a generator of its own: the survey generator's district shares are an exact function of Land
and kind, which a model with those covariates would fit perfectly. Here every district also has
an effect no covariate explains (persistent over waves, plus a wave-to-wave part), size classes
differ strongly in AI use, the survey over-samples large firms (unequal design weights), and the
samples are small and uneven: 0–70 respondents per district and wave, some districts empty.

Truth = the share of a district's enterprises using AI, Σ_size (population size mix × rate):
the quantity `weighted_share` estimates. Outputs have the shapes `transforms.survey.modelled`
reads: respondent aggregates per (wave, ags, size_class, nace_section) and gold-like direct rows
(Wilson interval on the Kish n_eff, suppressed below 5 respondents).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from samples.survey_generator import (
    NACE_MIX,
    NACE_SECTIONS,
    POPULATION_SIZE_MIX,
    SAMPLE_SIZE_MIX,
    SIZE_CLASSES,
    _load_districts,
)
from transforms.survey.indicators import MIN_RESPONDENTS, wilson_interval

SIZE_EFFECT = np.array([0.0, 0.35, 0.9, 1.6])  # logit shift by size class
NACE_EFFECT_SD = 0.5  # logit effects of the sections (drawn once per seed)


@dataclass(frozen=True)
class Simulation:
    districts: pd.DataFrame  # ags, name, land, nuts3, kind, population
    cells: pd.DataFrame  # wave, ags, size_class, nace_section, n, sw, sw2, swy
    direct: pd.DataFrame  # gold-like: wave, land, ags, nace_section, size_class, respondents, weighted_share, ...
    truth: pd.DataFrame  # wave, ags, true_share


def simulate(
    seed: int = 1, waves: int = 8, mean_respondents: float = 22.0, district_sd: float = 0.45, wave_sd: float = 0.12
) -> Simulation:
    rng = np.random.default_rng(seed)
    districts = pd.DataFrame(_load_districts())
    districts["population"] = districts["population"].astype(int)
    k = len(districts)
    city = (districts["kind"] == "Kreisfreie Stadt").to_numpy(float)
    thu = (districts["land"] == "Thüringen").to_numpy(float)
    logpop = np.log(districts["population"].to_numpy(float))
    zpop = (logpop - logpop.mean()) / logpop.std()
    u = rng.normal(0.0, district_sd, k)  # persistent district effect, unexplained by covariates
    nace_effect = rng.normal(0.0, NACE_EFFECT_SD, len(NACE_SECTIONS))
    # uneven sample sizes: expected respondents by population, times a district-specific response rate
    propensity = (districts["population"].to_numpy(float) / districts["population"].mean()) ** 0.9
    propensity *= rng.lognormal(0.0, 0.8, k)
    propensity *= mean_respondents / propensity.mean()
    popmix = POPULATION_SIZE_MIX / POPULATION_SIZE_MIX.sum()
    design_w = popmix / SAMPLE_SIZE_MIX
    cells, direct, truth = [], [], []
    for t in range(waves):
        wave = f"{2024 + t // 4}-Q{t % 4 + 1}"
        eta = -1.9 + 0.08 * t - 0.15 * thu + 0.35 * city + 0.1 * zpop + u + rng.normal(0.0, wave_sd, k)
        rate = 1.0 / (1.0 + np.exp(-(eta[:, None] + SIZE_EFFECT[None, :])))  # district × size class
        # the population mix of sections does not depend on the district; the rates do
        true_share = rate @ popmix
        truth.append(pd.DataFrame({"wave": wave, "ags": districts["ags"], "true_share": true_share}))
        n = np.minimum(rng.poisson(propensity * rng.lognormal(0.0, 0.3, k)), 70)
        rows = []
        for i in range(k):
            if n[i] == 0:
                continue
            size = rng.choice(4, size=n[i], p=SAMPLE_SIZE_MIX)
            nace = rng.choice(len(NACE_SECTIONS), size=n[i], p=NACE_MIX)
            logit = eta[i] + SIZE_EFFECT[size] + nace_effect[nace] - float(NACE_MIX @ nace_effect)
            y = rng.random(n[i]) < 1.0 / (1.0 + np.exp(-logit))
            w = design_w[size] * rng.lognormal(0.0, 0.2, n[i]) * 100.0
            rows.append(
                pd.DataFrame(
                    {
                        "ags": districts["ags"][i],
                        "size_class": np.array(SIZE_CLASSES)[size],
                        "nace_section": np.array(NACE_SECTIONS)[nace],
                        "w": w,
                        "y": y.astype(float),
                    }
                )
            )
        resp = pd.concat(rows, ignore_index=True)
        resp["wave"] = wave
        resp["w2"], resp["wy"] = resp["w"] ** 2, resp["w"] * resp["y"]
        agg = resp.groupby(["wave", "ags", "size_class", "nace_section"], as_index=False).agg(
            n=("w", "size"), sw=("w", "sum"), sw2=("w2", "sum"), swy=("wy", "sum")
        )
        cells.append(agg)
        direct.append(_direct_rows(wave, resp, districts))
    return Simulation(
        districts,
        pd.concat(cells, ignore_index=True),
        pd.concat(direct, ignore_index=True),
        pd.concat(truth, ignore_index=True),
    )


def _cell(wave: str, land: str | None, ags: str | None, part: pd.DataFrame) -> dict:
    n = len(part)
    row = {
        "wave": wave,
        "land": land,
        "ags": ags,
        "nace_section": None,
        "size_class": None,
        "respondents": n,
        "weighted_share": None,
        "ci_low": None,
        "ci_high": None,
        "suppressed": n < MIN_RESPONDENTS,
    }
    if n >= MIN_RESPONDENTS:
        share = float(part["wy"].sum() / part["w"].sum())
        low, high = wilson_interval(share, float(part["w"].sum() ** 2 / part["w2"].sum()))
        row.update(weighted_share=share, ci_low=low, ci_high=high)
    return row


def _direct_rows(wave: str, resp: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """District and Land rows as gold/ai_adoption computes them (primary suppression only)."""
    land_of = dict(zip(districts["ags"], districts["land"]))
    resp = resp.assign(land=resp["ags"].map(land_of))
    rows = [_cell(wave, land_of[a], a, resp[resp["ags"] == a]) for a in districts["ags"]]
    rows += [_cell(wave, land, None, resp[resp["land"] == land]) for land in sorted(set(land_of.values()))]
    return pd.DataFrame(rows)


def evaluate(sim: Simulation, modelled: pd.DataFrame) -> pd.DataFrame:
    """RMSE against the truth (direct where shown, modelled everywhere) and interval coverage, by
    respondent band."""
    m = modelled.merge(sim.truth, on=["wave", "ags"])
    # the direct estimate of every district with respondents, suppressed or not (for the RMSE only)
    full = sim.cells.groupby(["wave", "ags"])[["sw", "swy"]].sum()
    m = m.merge((full["swy"] / full["sw"]).rename("raw_direct").reset_index(), on=["wave", "ags"], how="left")
    bands = [("0", 0, 0), ("1-4", 1, 4), ("5-59", 5, 59), ("60+", 60, 10**9), ("all", 0, 10**9)]
    out = []
    for name, lo, hi in bands:
        b = m[(m["respondents"] >= lo) & (m["respondents"] <= hi)]
        if b.empty:
            continue
        err_m = b["modelled_share"] - b["true_share"]
        err_d = (b["raw_direct"] - b["true_share"]).dropna()
        covered = (b["modelled_ci_low"] <= b["true_share"]) & (b["true_share"] <= b["modelled_ci_high"])
        dcov = b.dropna(subset=["direct_share"])
        dcovered = (dcov["direct_ci_low"] <= dcov["true_share"]) & (dcov["true_share"] <= dcov["direct_ci_high"])
        rmse_d = float(np.sqrt(np.mean(err_d**2))) if len(err_d) else float("nan")
        rmse_m = float(np.sqrt(np.mean(err_m**2)))
        out.append(
            {
                "respondents": name,
                "cells": len(b),
                "rmse_direct": rmse_d,
                "rmse_modelled": rmse_m,
                "ratio": rmse_m / rmse_d if len(err_d) else float("nan"),
                "coverage_direct": float(dcovered.mean()) if len(dcov) else float("nan"),
                "coverage_modelled": float(covered.mean()),
                "width_direct": float((dcov["direct_ci_high"] - dcov["direct_ci_low"]).mean())
                if len(dcov)
                else float("nan"),
                "width_modelled": float((b["modelled_ci_high"] - b["modelled_ci_low"]).mean()),
            }
        )
    return pd.DataFrame(out)


def run(seeds: range | list[int] = range(1, 5), waves: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate each seed, model it, and evaluate all seeds' districts and waves together:
    (evaluation table by respondent band, per-seed ratio/coverage)."""
    from transforms.survey.modelled import modelled_table

    pooled_sims, per_seed = [], []
    for seed in seeds:
        sim = simulate(seed, waves=waves)
        table = modelled_table(sim.cells, sim.districts, sim.direct)
        ev = evaluate(sim, table).set_index("respondents")
        per_seed.append(
            {"seed": seed, "ratio_5_59": ev.loc["5-59", "ratio"], "coverage_all": ev.loc["all", "coverage_modelled"]}
        )
        tag = f"s{seed}-"
        pooled_sims.append(
            (
                Simulation(
                    sim.districts,
                    sim.cells.assign(wave=tag + sim.cells["wave"]),
                    sim.direct.assign(wave=tag + sim.direct["wave"]),
                    sim.truth.assign(wave=tag + sim.truth["wave"]),
                ),
                table.assign(wave=tag + table["wave"]),
            )
        )
    sim = Simulation(
        pooled_sims[0][0].districts,
        *(pd.concat([getattr(s, f) for s, _ in pooled_sims], ignore_index=True) for f in ("cells", "direct", "truth")),
    )
    return evaluate(sim, pd.concat([t for _, t in pooled_sims], ignore_index=True)), pd.DataFrame(per_seed)
