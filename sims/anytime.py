"""Simulation helpers of the anytime paper (docs/papers/anytime.md §7 defaults), shared by its claims and
figures: the source/capacity problem, schedules in multiples of 1/tr H, averaged risk curves in the
toolkit's one risk convention, fitted slopes, and the horizon-tuned envelope of check 8.

Conventions: lambda_i = i^-a, w*_i^2 = i^(a-b), w_0 = 0, eta = m / tr H, batch 1, risk
excess risk 1/2 E||w - w*||_H^2, the engine's convention everywhere in paperchecks (the paper's
E||w - w*||_H^2 is twice it; slopes and ratios, which the claims test, are the same in both).
"""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims import schedules
from paperchecks.sims.averaging import parse_averaging
from paperchecks.sims.fitting import loglog_slope
from paperchecks.sims.linreg import Problem, exact_risk, exact_risk_grid
from paperchecks.sims.precision import in_float64
from paperchecks.sims.recording import record_steps
from paperchecks.sims.validation import MAX_STEPS, check_bytes, choice, fail, in_range, positive_int

__all__ = [
    "AVERAGING",
    "FIGURE_THREE",
    "MULTIPLIERS",
    "additive_noise_floor",
    "decaying",
    "dyadic",
    "envelope_problem",
    "figure_three_curves",
    "figure_three_record",
    "fitted_slope",
    "risk_curve",
    "trace",
    "tuned_at",
    "tuned_minimum",
    "tuned_envelope",
]

AVERAGING = "poly:4"  # horizon-free averaging of checks 4-7 and 11-12 (docs/papers/anytime.md §3.3.2)
MULTIPLIERS = 2.0 ** np.arange(-6, 1)  # m in {2^-6, ..., 2^0} (check 8)


def trace(p: Problem) -> float:
    """tr H = sum_i lambda_i (step sizes are quoted as multiples of 1 / tr H, docs/papers/anytime.md §6).

    Args:
        p: the problem.

    Returns:
        tr H as a Python float.
    """
    return float(np.sum(p.eigenvalues))


def dyadic(low: int, high: int) -> np.ndarray:
    """2^low, ..., 2^high.

    Args:
        low: the smallest exponent.
        high: the largest exponent, >= low.

    Returns:
        The int64 array of dyadic horizons used by the slope fits of docs/papers/anytime.md §7.
    """
    return 2 ** np.arange(low, high + 1)


@in_float64
def risk_curve(p: Problem, lr, horizon: int, record, averaging: str = AVERAGING):
    """The excess risk 1/2 E||e||_H^2 (the engine's convention) at ``record``; ``None`` if the run diverged.

    Args:
        p: the problem.
        lr: a schedule ``k -> eta_k`` or a constant step.
        horizon: the number of updates T.
        record: the steps at which to record (:func:`sims.recording.record_steps`).
        averaging: the averaging rule of the reported iterate (docs/papers/anytime.md §3).

    Returns:
        The float64 array of 1/2 E||e_t||_H^2 at ``record``, or ``None`` if the run diverged.
    """
    curve = exact_risk(p, "sgd", lr=lr, batch=1, steps=horizon, averaging=averaging, record=record)
    return None if curve.diverged else curve.risk


def decaying(p: Problem, m: float, gamma: float):
    """eta_t = (m / tr H) / t^gamma.

    Args:
        p: the problem (its trace sets the step scale).
        m: the multiplier m > 0 of 1 / tr H.
        gamma: the decay exponent gamma >= 0.

    Returns:
        The schedule ``t -> m / (tr H t^gamma)`` (optax convention, t counted from 1; docs/papers/anytime.md §3).
    """
    return schedules.inverse_power(m / trace(p), gamma)


@in_float64
def fitted_slope(p: Problem, m: float, gamma: float, low: int, high: int, averaging: str = AVERAGING):
    """(slope over 2^low..2^high, risk at 2^high) of the averaged curve of eta_t = m/(tr H t^gamma).

    Args:
        p: the problem.
        m: the multiplier of 1 / tr H.
        gamma: the decay exponent.
        low: log2 of the first horizon of the fit.
        high: log2 of the last horizon of the fit.
        averaging: the averaging rule (:mod:`sims.averaging`; docs/papers/anytime.md §3 uses ``poly:4``).

    Returns:
        ``(slope, risk)``; ``(nan, inf)`` if the run diverged (the claims report that as DIVERGED).
    """
    record = dyadic(low, high)
    risk = risk_curve(p, decaying(p, m, gamma), int(record[-1]), record, averaging)
    if risk is None:
        return math.nan, math.inf
    return loglog_slope(record, risk), float(risk[-1])


def envelope_problem() -> Problem:
    """The (a, b) = (2, 3), d = 1500, sigma^2 = 0.05 problem of the envelope claim (docs/papers/anytime.md §7 check 8).

    Returns:
        The :class:`Problem`.
    """
    return Problem.power_law(1500, capacity=2.0, source=3.0, noise_var=0.05)


@in_float64
def tuned_at(p: Problem, horizon: int, kind: str, multipliers) -> np.ndarray:
    """Final risk at T = ``horizon`` of each multiplier for one horizon-aware baseline: constant
    + [T/2, T] tail average, cosine-to-0 or linear-to-0 (last iterate). Diverged runs are inf.

    Reference: docs/papers/anytime.md §7 (the horizon-aware baselines of the envelope check).

    Args:
        p: the problem.
        horizon: the horizon T the baselines are tuned for.
        kind: ``"constant+tail"``, ``"cosine"`` or ``"linear"``.
        multipliers: the grid of peak steps, in units of 1 / tr H.

    Returns:
        The float64 array of final risks, one per multiplier.
    """
    eta = 1.0 / trace(p)
    choice("kind", kind, ("constant+tail", "cosine", "linear"))
    if kind == "constant+tail":
        curves = exact_risk_grid(p, "sgd", lr=multipliers * eta, batch=1, steps=horizon, averaging="tail:0.5", record=[horizon])
    else:
        shape = schedules.cosine(eta, horizon) if kind == "cosine" else schedules.linear_decay(eta, horizon)
        curves = exact_risk_grid(p, "sgd", lr=multipliers, schedule=shape, batch=1, steps=horizon, record=[horizon])
    return np.array([c.risk[-1] if not c.diverged and c.risk.size else math.inf for c in curves])


# docs/papers/anytime.md §6.4(ii): the authors' committed figure-3 outputs (normalised ||w*|| = 1, d = 500 000,
# sigma^2 = 0.01, uniform averaging, 1/2 E||e||_H^2); (a, b) -> (m_const, m_sqrt, {N: (const, sqrt)}).
FIGURE_THREE = {
    (1.1, 1.1): (
        0.002,
        0.02,
        {1000: ("7.692293821279354e-06", "7.862373881042168e-06"), 10000: ("6.729418792448699e-06", "7.382254695725055e-06")},
    ),
    (1.1, 2.2): (
        0.5,
        3.0,
        {1000: ("1.1547065660449645e-03", "2.479801432314583e-03"), 10000: ("2.2561135619553915e-04", "6.851900789168075e-04")},
    ),
    (1.5, 1.5): (
        0.0007,
        0.01,
        {1000: ("2.448386857933252e-06", "2.7106357703077494e-06"), 10000: ("1.7496735064247809e-06", "2.1779030003068904e-06")},
    ),
    (1.5, 3.0): (
        0.5,
        2.0,
        {
            1000: ("3.904423043055536e-04", "1.9274517601016313e-03"),
            2000: ("2.150874251145862e-04", "1.174273042098121e-03"),
            10000: ("8.078831854910661e-05", "3.84704369641786e-04"),
        },
    ),
    (1.9, 1.9): (
        0.0005,
        0.005,
        {1000: ("1.6025523275080066e-06", "1.7477495456815903e-06"), 10000: ("1.0016437642610342e-06", "1.3740925281861722e-06")},
    ),
    (1.9, 3.8): (
        0.3,
        1.0,
        {1000: ("2.317360837062833e-04", "1.0707712417452582e-03"), 10000: ("2.654439740073774e-05", "1.8332545939014956e-04")},
    ),
}


def figure_three_record(horizon: int) -> np.ndarray:
    """The steps recorded on a figure-3 curve up to ``horizon``: 40 log-spaced from 10 (the figure's
    points) and every N of the authors' committed outputs (the claim's).

    Reference: docs/papers/anytime.md §6.4(ii).

    Args:
        horizon: N, the last step.

    Returns:
        The sorted int array of steps.
    """
    committed = [n for _, _, values in FIGURE_THREE.values() for n in values if n <= horizon]
    return np.union1d(np.unique(np.geomspace(10, horizon, 40).round().astype(int)), committed)


@functools.cache
@in_float64
def figure_three_curves(a: float, b: float, d: int, horizon: int):
    """Figure 3's panel (a, b): the excess risk 1/2 E||e_bar||_H^2 with uniform averaging under the
    constant step m_const/tr H and under m_sqrt/(tr H sqrt t) (the authors' multipliers,
    :data:`FIGURE_THREE`), normalised target, sigma^2 = 0.01, recorded at :func:`figure_three_record`.
    Memoised: in a reproduce run the official-numbers claim and ``fig_anytime_synthetic`` read one
    computation (the values at a step do not depend on the other recorded steps: the same bits).

    Reference: docs/papers/anytime.md §6.4(ii).

    Args:
        a: the capacity exponent (a key of :data:`FIGURE_THREE` with ``b``).
        b: the source exponent.
        d: the dimension.
        horizon: N.

    Returns:
        ``(constant, inverse_sqrt)``, two :class:`paperchecks.sims.linreg.RiskCurve` (do not modify them).
    """
    m_const, m_sqrt, _ = FIGURE_THREE[(a, b)]
    p = Problem.power_law(d, capacity=a, source=b, noise_var=0.01, normalize=True)
    record = figure_three_record(horizon)
    return tuple(
        exact_risk(p, "sgd", lr=lr, batch=1, steps=horizon, averaging="uniform", record=record)
        for lr in (m_const / trace(p), decaying(p, m_sqrt, 0.5))
    )


@functools.cache
@in_float64
def tuned_envelope(high: int) -> tuple[np.ndarray, np.ndarray, dict]:
    """(T, Env(T), per-baseline best risks) over T = 2^9..2^high (memoised: checks 8 and 9 share it)."""
    p = envelope_problem()
    horizons = dyadic(9, high)
    best = {
        kind: np.array([tuned_at(p, int(T), kind, MULTIPLIERS).min() for T in horizons]) for kind in ("constant+tail", "cosine", "linear")
    }
    return horizons, np.minimum.reduce(list(best.values())), best


@in_float64
def additive_noise_floor(p: Problem, lr, horizon: int, record, averaging: str = AVERAGING) -> np.ndarray:
    """A rigorous lower bound on the averaged SGD excess risk: the label-noise variance of the
    linearised recursion, 1/2 sigma^2 sum_k lambda_k^2 sum_p eta_p^2 g_{p,k}^2.

    Write the SGD error as e_{t+1} = (I - eta_t H) e_t + eta_t zeta_t with the martingale increment
    zeta_t = (H - x_t x_t^T) e_t + xi_t x_t. Its conditional covariance is at least sigma^2 H (the
    label noise xi_t is independent of x_t and e_t), increments at different steps are
    uncorrelated, and the averaged error is the deterministic bias part plus
    sum_p eta_p G_p zeta_p with G_p = sum_{t > p} w_t prod_{p < j < t} (I - eta_j H) diagonal in
    the eigenbasis. Hence E||e_bar||_H^2 >= sigma^2 sum_k lambda_k^2 sum_p eta_p^2 g_{p,k}^2:
    the variance of SGD with the multiplicative (fourth-moment) noise and the bias dropped, which
    is what this function computes, by the forward recursion of the second moments of
    (e, e_bar) per direction (docs/papers/anytime.md §4.6: this is the early-noise floor, the noise injected by
    the large early steps into directions never learned; for eta_t ~ t^-gamma, gamma > 1/2, it
    decays like N^-(1-gamma)(2a-1)/a). Any data distribution with E[x x^T] = H obeys it.

    Args:
        p: the problem (its spectrum and sigma^2; the initial error does not enter).
        lr: a schedule ``k -> eta_k`` or a constant step.
        horizon: the number of updates N.
        record: the horizons at which to report the bound (``sims.recording.record_steps``).
        averaging: the averaging rule (:mod:`sims.averaging`; the bound holds for every rule).

    Returns:
        The float64 array of the bound (1/2 convention) at ``record``.
    """
    if not isinstance(p, Problem):
        fail("p", "a paperchecks.Problem", type(p).__name__)
    horizon = positive_int("horizon", horizon, maximum=MAX_STEPS)
    check_bytes("horizon", horizon, 16.0 * horizon, "the step table and the bound at every step")
    steps = record_steps(horizon, record)
    table = schedules.table(lr, horizon, name="lr") if callable(lr) else np.full(horizon, in_range("lr", lr, low=0.0))
    avg = parse_averaging(averaging, horizon)
    lam = jnp.asarray(p.eigenvalues)
    noise = p.noise_var * lam

    def step(carry, inputs):
        # e' = c e + eta n, e_bar' = (1 - rho) e_bar + rho e' with c = 1 - eta lambda, Var n = sigma^2 lambda
        s_ee, s_eb, s_bb = carry
        eta, t = inputs
        rho = avg.weight(t) if avg.active else 1.0
        c = 1.0 - eta * lam
        new_ee = c**2 * s_ee + eta**2 * noise
        new_eb = (1.0 - rho) * c * s_eb + rho * new_ee
        new_bb = (1.0 - rho) ** 2 * s_bb + 2.0 * rho * (1.0 - rho) * c * s_eb + rho**2 * new_ee
        return (new_ee, new_eb, new_bb), 0.5 * jnp.dot(lam, new_bb)

    zero = jnp.zeros_like(lam)
    ts = jnp.arange(1, horizon + 1, dtype=jnp.float64)
    _, floor = jax.lax.scan(step, (zero, zero, zero), (jnp.asarray(table), ts))
    return np.concatenate([[0.0], np.asarray(floor)])[np.asarray(steps)]  # step 0: e_0 = 0 carries no noise


def tuned_minimum(risks, log2_grid) -> tuple[float, float]:
    """The step multiplier that minimises a final risk, located continuously in log m.

    The risks on the coarse grid pick the best grid point; a parabola through it and its two
    neighbours (in log2 m against log risk) gives the vertex, where the risk is evaluated once
    more; the better of the grid point and the vertex is returned. A best point on the edge of the
    grid is refused (the grid must bracket the optimum), so a tuned step never sticks to a floor.

    Reference: docs/papers/anytime.md §4.3, §7 checks 10 and 15 (horizon-tuned steps).

    Args:
        risks: a function mapping an array of multipliers m to their final risks (inf if diverged).
        log2_grid: the increasing coarse grid of log2 m, evenly spaced.

    Returns:
        ``(log2 m*, risk at m*)``.
    """
    grid = np.asarray(log2_grid, dtype=float)
    values = np.asarray(risks(2.0**grid), dtype=float)
    i = int(np.argmin(values))
    if i in (0, grid.size - 1):
        raise ValueError(f"log2_grid must bracket the optimum: the best multiplier 2^{grid[i]:g} is on its edge")
    x, y = grid[i - 1 : i + 2], np.log(values[i - 1 : i + 2])
    curvature = y[0] - 2.0 * y[1] + y[2]
    if not (np.all(np.isfinite(y)) and curvature > 0):
        return float(grid[i]), float(values[i])
    vertex = float(x[1] - 0.5 * (x[2] - x[0]) / 2.0 * (y[2] - y[0]) / curvature)
    refined = float(np.asarray(risks(np.array([2.0**vertex])), dtype=float)[0])
    return (vertex, refined) if refined < values[i] else (float(grid[i]), float(values[i]))
