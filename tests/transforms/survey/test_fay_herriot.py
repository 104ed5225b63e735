"""The Fay–Herriot implementation against the published `milk` example of the R package sae,
plus the fallback and the synthetic prediction."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from transforms.survey import fay_herriot as fh

DATA = Path(__file__).parent / "data"


def _milk():
    milk = pd.read_csv(DATA / "milk.csv")
    x = np.column_stack([np.ones(len(milk))] + [(milk.MajorArea == k).astype(float) for k in (2, 3, 4)])
    return milk, x


def test_milk_reml_eblup_and_prasad_rao_mse_equal_sae():
    milk, x = _milk()
    ref = pd.read_csv(DATA / "milk_eblupFH_reml.csv")
    model = fh.fit(milk.yi.to_numpy(), x, milk.SD.to_numpy() ** 2)
    assert model.estimator == fh.REML
    assert model.sigma2_u == pytest.approx(0.0186, abs=5e-5)
    np.testing.assert_allclose(model.beta, [0.9681890, 0.1327801, 0.2269462, -0.2413011], atol=1e-6)
    np.testing.assert_allclose(
        np.sqrt(np.diag(model.beta_cov)), [0.06936208, 0.10300072, 0.09232981, 0.08161707], atol=1e-6
    )
    eblup, mse = model.predict(x, milk.yi.to_numpy(), milk.SD.to_numpy() ** 2)
    np.testing.assert_allclose(eblup, ref.eblup, atol=1e-6)
    np.testing.assert_allclose(mse, ref.mse, atol=1e-7)


def test_area_without_direct_estimate_gets_synthetic_value_and_larger_mse():
    milk, x = _milk()
    d = milk.SD.to_numpy() ** 2
    model = fh.fit(milk.yi.to_numpy(), x, d)
    est, mse = model.predict(x[:2], None, None)
    np.testing.assert_allclose(est, x[:2] @ model.beta)
    np.testing.assert_allclose(mse, model.sigma2_u + np.einsum("ij,jk,ik->i", x[:2], model.beta_cov, x[:2]))
    _, mse_direct = model.predict(x[:2], milk.yi.to_numpy()[:2], d[:2])
    assert np.all(mse > mse_direct)


def test_reml_at_zero_falls_back_to_adjusted_reml():
    # direct estimates that vary less than their sampling variances: REML ends at A = 0
    rng = np.random.default_rng(3)
    d = np.full(30, 0.04)
    y = 0.5 + rng.normal(0, 0.02, 30)
    x = np.ones((30, 1))
    assert fh._reml_fisher(y, x, d, 1e-10, 100)[0] == 0.0
    model = fh.fit(y, x, d)
    assert model.estimator == fh.ADJUSTED_REML
    assert model.sigma2_u > 0
    eblup, mse = model.predict(x, y, d)
    assert np.all(np.isfinite(eblup)) and np.all(mse > 0)


def test_bad_inputs_are_named():
    with pytest.raises(fh.FayHerriotError, match="areas cannot identify"):
        fh.fit(np.array([0.1, 0.2]), np.ones((2, 2)), np.array([0.01, 0.01]))
    with pytest.raises(fh.FayHerriotError, match="linearly dependent"):
        fh.fit(np.arange(5.0), np.column_stack([np.ones(5), np.ones(5)]), np.full(5, 0.1))
    with pytest.raises(fh.FayHerriotError, match="variances"):
        fh.fit(np.arange(5.0), np.ones((5, 1)), np.zeros(5))
