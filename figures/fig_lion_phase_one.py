"""F2 of docs/papers/lion.md §7.2: phase 1, the distance of lambda x_t to the box [-1, 1]^d against
time, for discrete Lion (explicit decay, eta lambda in {0.05, 0.5}; bound (1 - eta lambda)^k) and the
continuous ODE with log-cosh K (bound e^(-lambda t)); d = 6 quadratic, starts far outside."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims.lion import run_discrete, solve_continuous
from paperchecks.sims.lion_problems import tridiagonal_quadratic
from paperchecks.theory.lion import k_row

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """Phase 1: distance of lambda x_t to the box against time, with the exponential bounds
    (docs/papers/lion.md §7.2 F2, §4).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    objective = tridiagonal_quadratic()
    lam = 1.0
    x0 = np.array([9.0, -8.0, 7.0, -6.0, 5.0, -4.0])
    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    for i, lr in enumerate((0.05, 0.5)):
        steps = int(round(8 / lr))
        tr = run_discrete(objective.grad, x0, lr=lr, beta1=0.9, beta2=0.99, weight_decay=lam, steps=steps)
        t = np.arange(steps + 1) * lr
        dist = np.max(np.maximum(np.abs(lam * np.asarray(tr.x)) - 1, 0), axis=1)
        ax.semilogy(t, dist, "o", ms=3, color=f"C{i}", label=f"discrete Lion, ηλ = {lr * lam}")
        ax.semilogy(
            t, dist[0] * (1 - lr * lam) ** np.arange(steps + 1), "-", color=f"C{i}", lw=1, label=f"(1 − ηλ)^k bound, ηλ = {lr * lam}"
        )
    ts = np.linspace(0, 8, 400)
    sol = solve_continuous(objective.grad, x0, np.zeros(6), alpha=1.0, gamma=1.0, weight_decay=lam, eps=0.3, K=k_row("logcosh0.05"), ts=ts)
    dist = np.max(np.maximum(np.abs(lam * np.asarray(sol.x)) - 1, 0), axis=1)
    ax.semilogy(ts, dist, "-", color="C2", lw=2, label="ODE, log-cosh K")
    ax.semilogy(ts, dist[0] * np.exp(-lam * ts), "k--", lw=1, label="e^(−λt) bound")
    ax.set(xlabel="time t = kη", ylabel="dist∞(λx_t, [−1, 1]^d)", ylim=(1e-6, 20), title="Phase 1: exponential entry into the feasible box")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    return fig
