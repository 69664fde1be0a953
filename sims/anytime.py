"""Simulation helpers of the anytime paper (anytime.md §7 defaults), shared by its claims and
figures: the source/capacity problem, schedules in multiples of 1/tr H, averaged risk curves in the
toolkit's one risk convention, fitted slopes, and the horizon-tuned envelope of check 8.

Conventions: lambda_i = i^-a, w*_i^2 = i^(a-b), w_0 = 0, eta = m / tr H, batch 1, risk
excess risk 1/2 E||w - w*||_H^2, the engine's convention everywhere in paperchecks (the paper's
E||w - w*||_H^2 is twice it; slopes and ratios, which the claims test, are the same in both).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from paperchecks.sims import schedules
from paperchecks.sims.fitting import loglog_slope
from paperchecks.sims.linreg import Problem, exact_risk, exact_risk_grid
from paperchecks.sims.precision import in_float64
from paperchecks.sims.validation import choice

__all__ = [
    "AVERAGING",
    "MULTIPLIERS",
    "decaying",
    "dyadic",
    "envelope_problem",
    "fitted_slope",
    "risk_curve",
    "trace",
    "tuned_at",
    "tuned_envelope",
]

AVERAGING = "poly:4"  # horizon-free averaging of checks 4-7 and 11-12 (anytime.md §3.3.2)
MULTIPLIERS = 2.0 ** np.arange(-6, 1)  # m in {2^-6, ..., 2^0} (check 8)


def trace(p: Problem) -> float:
    """tr H = sum_i lambda_i (step sizes are quoted as multiples of 1 / tr H, anytime.md §6).

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
        The int64 array of dyadic horizons used by the slope fits of anytime.md §7.
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
        averaging: the averaging rule of the reported iterate (anytime.md §3).

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
        The schedule ``t -> m / (tr H t^gamma)`` (optax convention, t counted from 1; anytime.md §3).
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
        averaging: the averaging rule (:mod:`sims.averaging`; anytime.md §3 uses ``poly:4``).

    Returns:
        ``(slope, risk)``; ``(nan, inf)`` if the run diverged (the claims report that as DIVERGED).
    """
    record = dyadic(low, high)
    risk = risk_curve(p, decaying(p, m, gamma), int(record[-1]), record, averaging)
    if risk is None:
        return math.nan, math.inf
    return loglog_slope(record, risk), float(risk[-1])


def envelope_problem() -> Problem:
    """The (a, b) = (2, 3), d = 1500, sigma^2 = 0.05 problem of the envelope claim (anytime.md §7 check 8).

    Returns:
        The :class:`Problem`.
    """
    return Problem.power_law(1500, capacity=2.0, source=3.0, noise_var=0.05)


@in_float64
def tuned_at(p: Problem, horizon: int, kind: str, multipliers) -> np.ndarray:
    """Final risk at T = ``horizon`` of each multiplier for one horizon-aware baseline: constant
    + [T/2, T] tail average, cosine-to-0 or linear-to-0 (last iterate). Diverged runs are inf.

    Reference: anytime.md §7 (the horizon-aware baselines of the envelope check).

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
