"""F3 of docs/papers/lion.md §7.2: with an uphill initial momentum the loss f rises (5.63 -> 10.19)
while the Lyapunov function H decreases at every sample (log-cosh K, delta = 0.05; alpha = gamma = 1,
lambda = 0.5, eps = 0.5; Dopri5, rtol 1e-10)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.panels import finish
from paperchecks.sims.lion_experiments import uphill_run

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """The loss rises while the Lyapunov function H falls along the ODE (docs/papers/lion.md §7.2 F3).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    ts, f, h = uphill_run()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    axes[0].plot(ts, f, label="$f(x_t)$")
    axes[0].plot(ts, h, label="$H(x_t, m_t)$")
    axes[0].set(xlabel="$t$", ylabel="value", title="$H$ decreases while $f$ rises")
    axes[1].semilogy(ts[1:], -np.diff(h) / np.diff(ts), color="C1", label="$-dH/dt$ (finite difference)")
    axes[1].set(xlabel="$t$", ylabel="$-dH/dt$", title="$-dH/dt > 0$ throughout")
    return finish(fig, axes, "The Lion-K Lyapunov function $H = F + c\\,D$ from an uphill start", legend_size=8)
