"""Area-level Fay–Herriot model: EBLUP with REML variance and Prasad–Rao MSE (numpy only).

Model (Fay & Herriot 1979; Rao & Molina 2015, ch. 6): for area i = 1..m with direct estimate y_i
and known sampling variance D_i,  y_i = x_i'β + u_i + e_i,  u_i ~ N(0, A),  e_i ~ N(0, D_i).

- A (the random-effect variance) by REML, Fisher scoring from A = median(D) as in the R package
  `sae` (`eblupFH`, Molina & Marhuenda 2015). When REML ends on the boundary (A = 0: every area
  would get the plain regression value and intervals far too narrow) or does not converge, the
  fallback is the adjusted REML of Li & Lahiri (2010): maximise l_R(A) + log A, which is strictly
  positive; the fit says which estimator was used.
- EBLUP: θ̂_i = γ_i y_i + (1 - γ_i) x_i'β̂,  γ_i = A / (A + D_i);  an area without a direct
  estimate gets the synthetic x_i'β̂.
- MSE (Prasad & Rao 1990; Datta & Lahiri 2000 for REML): g1 + g2 + 2·g3 with
  g1 = γ D,  g2 = (1-γ)² x'(X'V⁻¹X)⁻¹x,  g3 = D²/(A+D)³ · 2/Σ(A+D_j)⁻²;
  for a synthetic area: A + x'(X'V⁻¹X)⁻¹x.

Why our own ~150 lines instead of a library: `samplics` is archived, `svy-sae` declares no licence
and needs Python 3.12, `saepy` is GPL; scipy is not in the project's dependencies. The test
`tests/transforms/survey/test_fay_herriot.py` reproduces the published `milk` example of `sae`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REML = "reml"
ADJUSTED_REML = "adjusted-reml"  # Li & Lahiri (2010), fallback when REML gives 0 or fails


class FayHerriotError(ValueError):
    """Inputs the model cannot be fitted to (too few areas, singular design, bad variances)."""


@dataclass(frozen=True)
class FayHerriotFit:
    beta: np.ndarray  # fixed effects
    beta_cov: np.ndarray  # (X'V⁻¹X)⁻¹
    sigma2_u: float  # A, variance of the area random effect
    estimator: str  # REML or ADJUSTED_REML
    iterations: int
    var_sigma2_u: float  # asymptotic variance of Â: 2 / Σ (A + D_j)⁻²

    def synthetic(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(x, dtype=float) @ self.beta

    def predict(
        self, x: np.ndarray, y: np.ndarray | None = None, d: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(EBLUP, Prasad–Rao MSE) for areas with design rows ``x``.

        ``y``/``d`` hold the direct estimate and its sampling variance; NaN (or ``y`` None) marks an
        area without one, which gets the synthetic estimate and MSE A + x'(X'V⁻¹X)⁻¹x.
        """
        x = np.atleast_2d(np.asarray(x, dtype=float))
        k = x.shape[0]
        y = np.full(k, np.nan) if y is None else np.asarray(y, dtype=float)
        d = np.full(k, np.nan) if d is None else np.asarray(d, dtype=float)
        has = np.isfinite(y) & np.isfinite(d)
        a = self.sigma2_u
        synth = x @ self.beta
        xqx = np.einsum("ij,jk,ik->i", x, self.beta_cov, x)
        est = synth.copy()
        mse = a + xqx
        if has.any():
            dd = d[has]
            gamma = a / (a + dd)
            est[has] = gamma * y[has] + (1 - gamma) * synth[has]
            g1 = gamma * dd
            g2 = (1 - gamma) ** 2 * xqx[has]
            g3 = dd**2 / (a + dd) ** 3 * self.var_sigma2_u
            mse[has] = g1 + g2 + 2 * g3
        return est, mse


def _gls(a: float, y: np.ndarray, x: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(β̂, (X'V⁻¹X)⁻¹, residual y - Xβ̂) for V = diag(A + D)."""
    vinv = 1.0 / (a + d)
    xtvx = x.T @ (x * vinv[:, None])
    q = np.linalg.inv(xtvx)
    beta = q @ (x.T @ (vinv * y))
    return beta, q, y - x @ beta


def _p_matrix(a: float, x: np.ndarray, d: np.ndarray) -> np.ndarray:
    """P = V⁻¹ - V⁻¹X(X'V⁻¹X)⁻¹X'V⁻¹ (m × m; m is a few dozen districts)."""
    vinv = 1.0 / (a + d)
    vx = x * vinv[:, None]
    q = np.linalg.inv(x.T @ vx)
    return np.diag(vinv) - vx @ q @ vx.T


def restricted_loglik(a: float, y: np.ndarray, x: np.ndarray, d: np.ndarray) -> float:
    """REML log-likelihood up to a constant: -½ [Σ log(A+D) + log|X'V⁻¹X| + y'Py]."""
    vinv = 1.0 / (a + d)
    xtvx = x.T @ (x * vinv[:, None])
    _, _, resid = _gls(a, y, x, d)
    sign, logdet = np.linalg.slogdet(xtvx)
    return -0.5 * (np.sum(np.log(a + d)) + logdet + float(np.sum(vinv * resid * resid)))


def marginal_loglik(a: float, y: np.ndarray, x: np.ndarray, d: np.ndarray) -> float:
    """Log-likelihood of y ~ N(Xβ̂, diag(A + D)) at the GLS β̂ (up to a constant), for comparing
    designs (AIC); REML likelihoods of different fixed effects are not comparable."""
    _, _, resid = _gls(a, y, x, d)
    return -0.5 * float(np.sum(np.log(a + d)) + np.sum(resid * resid / (a + d)))


def _reml_fisher(y: np.ndarray, x: np.ndarray, d: np.ndarray, tol: float, max_iter: int) -> tuple[float, int, bool]:
    """REML by Fisher scoring (as `sae::eblupFH`): A ← A + s(A)/F(A), truncated at 0."""
    a = float(np.median(d))
    for it in range(1, max_iter + 1):
        p = _p_matrix(a, x, d)
        py = p @ y
        score = -0.5 * np.trace(p) + 0.5 * float(py @ py)
        info = 0.5 * float(np.sum(p * p.T))
        if not np.isfinite(score) or info <= 0:
            return a, it, False
        new = max(a + score / info, 0.0)
        if abs(new - a) < tol:
            return new, it, True
        a = new
    return a, max_iter, False


def _adjusted_reml(y: np.ndarray, x: np.ndarray, d: np.ndarray) -> float:
    """Li & Lahiri (2010): argmax of l_R(A) + log A, a golden-section search on log A."""
    scale = float(np.var(y)) + float(np.mean(d))
    lo, hi = np.log(scale * 1e-6), np.log(scale * 100.0)

    def h(t: float) -> float:
        a = float(np.exp(t))
        return restricted_loglik(a, y, x, d) + t

    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    c, e = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    hc, he = h(c), h(e)
    for _ in range(200):
        if hi - lo < 1e-10:
            break
        if hc > he:
            hi, e, he = e, c, hc
            c = hi - ratio * (hi - lo)
            hc = h(c)
        else:
            lo, c, hc = c, e, he
            e = lo + ratio * (hi - lo)
            he = h(e)
    return float(np.exp((lo + hi) / 2.0))


def fit(y: np.ndarray, x: np.ndarray, d: np.ndarray, tol: float = 1e-10, max_iter: int = 100) -> FayHerriotFit:
    """Fit the Fay–Herriot model to m areas with direct estimates ``y``, design ``x`` (m × p),
    sampling variances ``d``."""
    y = np.asarray(y, dtype=float)
    x = np.atleast_2d(np.asarray(x, dtype=float))
    d = np.asarray(d, dtype=float)
    m, p = x.shape
    if y.shape != (m,) or d.shape != (m,):
        raise FayHerriotError(f"y ({y.shape}), x ({x.shape}) and d ({d.shape}) do not match")
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(x)) and np.all(np.isfinite(d)) and np.all(d > 0)):
        raise FayHerriotError("direct estimates, covariates and sampling variances must be finite, variances > 0")
    if m <= p:
        raise FayHerriotError(f"{m} areas cannot identify {p} fixed effects and a variance")
    if np.linalg.matrix_rank(x) < p:
        raise FayHerriotError("the covariates are linearly dependent over the areas with data")
    a, iterations, converged = _reml_fisher(y, x, d, tol, max_iter)
    estimator = REML
    if not converged or a <= 0.0:
        a, estimator = _adjusted_reml(y, x, d), ADJUSTED_REML
    beta, q, _ = _gls(a, y, x, d)
    return FayHerriotFit(
        beta=beta,
        beta_cov=q,
        sigma2_u=a,
        estimator=estimator,
        iterations=iterations,
        var_sigma2_u=2.0 / float(np.sum(1.0 / (a + d) ** 2)),
    )
