"""Momentum-paper workload (issue 3, "Performance"): the tuned-gap sweep, i.e. the contraction
gap of 4096 hyperparameter points x 17 batch sizes (2^0..2^16) at d = 1000, for SGD, HB and ASGD,
against a NumPy loop over grid points with 60-step bisection vectorised over d
(:func:`sims.reference.secular_gap_bisection`), timed here on a subset and scaled per point.
Compute bound (a rational function per mode and iteration), so no bandwidth floor is reported.
"""

from __future__ import annotations

import numpy as np

from paperchecks.bench.timing import time_calls
from paperchecks.sims.momentum import contraction_gap
from paperchecks.sims.reference import secular_gap_bisection

__all__ = ["BATCHES", "gap_sweep", "workloads"]

BATCHES = 2.0 ** np.arange(17)


def _grid(method: str, points: int, lambda_max: float):
    """(lr, momentum, alpha) on a log grid of (eta_eff lambda_1, 1 - beta, alpha lambda_1)."""
    if method == "sgd":
        return np.logspace(-4, 0.3, points) / lambda_max, np.zeros(points), np.zeros(points)
    per_axis = round(points ** (1 / (2 if method == "hb" else 3)))
    axes = [np.logspace(-3, 2, per_axis), np.logspace(-4, 0, per_axis)] + ([np.logspace(-4, 0, per_axis)] if method == "asgd" else [])
    mesh = [m.ravel() for m in np.meshgrid(*axes, indexing="ij")]
    alpha = mesh[2] / lambda_max if method == "asgd" else np.zeros_like(mesh[0])
    return mesh[0] * mesh[1] / lambda_max, 1.0 - mesh[1], alpha


def gap_sweep(d: int, points: int, numpy_points: int) -> dict:
    """Contraction gaps of ``points`` x 17 batch sizes for SGD, HB and ASGD against NumPy bisection.

    Reference: docs/papers/momentum.md §4.3 (the secular equation).

    Args:
        d: the dimension.
        points: the (eta, beta) points per batch.
        numpy_points: the NumPy bisection's points (timed and scaled).

    Returns:
        ``{"jax_s", "numpy_s", "ratio", ...}``: the JAX and NumPy seconds and the workload's other measures (the suite adds the ratio).
    """
    lam = np.arange(1, d + 1, dtype=np.float64) ** -1.5
    jax_s, numpy_s, configs = 0.0, 0.0, 0
    for method in ("sgd", "hb", "asgd"):
        lr, momentum, alpha = _grid(method, points, lam.max())
        kw = dict(lr=lr[None, :], momentum=momentum[None, :], alpha=alpha[None, :], batch=BATCHES[:, None])
        jax_s += time_calls(lambda kw=kw, method=method: contraction_gap(lam, method, **kw), repeats=1)
        configs += lr.size * BATCHES.size
        pick = np.linspace(0, lr.size - 1, numpy_points).astype(int)

        def numpy_loop(pick=pick, lr=lr, momentum=momentum, alpha=alpha, method=method):
            for k in pick:
                secular_gap_bisection(lam, method, lr=lr[k], momentum=momentum[k], alpha=alpha[k], batch=BATCHES[k % BATCHES.size])

        numpy_s += time_calls(numpy_loop, repeats=1) * (lr.size * BATCHES.size / numpy_points)
    return {
        "workload": f"tuned-gap sweep {points}x17 d={d} (3 methods)",
        "configs": configs,
        "mode_steps": configs * d,
        "jax_s": jax_s,
        "numpy_s": numpy_s,
        "numpy_note": f"NumPy bisection timed on {numpy_points} points per method and scaled",
        "bytes_per_step": None,
    }


def workloads(quick: bool):
    """(function, kwargs, targets) of the momentum workload; the issue's target is <= 10 s.

    Reference: docs/performance.md (the targets); docs/design.md, Conventions (performance).

    Args:
        quick: smaller sizes (a smoke run; targets are not judged).

    Returns:
        ``[(function, kwargs, targets)]`` for the tuned-gap sweep (4096 x 17 configurations, three methods); targets: <= 10 s, ratio >= 10.
    """
    if quick:
        return [(gap_sweep, {"d": 100, "points": 64, "numpy_points": 4}, {"ratio": 10.0})]
    return [(gap_sweep, {"d": 1000, "points": 4096, "numpy_points": 24}, {"ratio": 10.0, "seconds": 10.0})]
