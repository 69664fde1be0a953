"""F6 of docs/papers/lion.md §7.2: discrete Lion-K converges to the ODE at first order under the map
beta2 = 1 - gamma eta, beta1 = 1 - eps gamma (sup error vs eta, slope 1), while holding beta2 fixed
does not converge (log-cosh K with delta = 1, gamma = 2, eps = 0.3, lambda = 0.7, T = 5)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims.fitting import loglog_slope
from paperchecks.sims.lion_experiments import EULER_LRS, euler_errors

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """Sup error of discrete Lion-K against the ODE versus eta, under the Euler map and with beta2 held
    fixed (docs/papers/lion.md §7.2 F6).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    lrs = np.array(EULER_LRS[:4] if quick else EULER_LRS)
    right = euler_errors(lrs)
    wrong = euler_errors(lrs, fixed_beta2=1 - 2.0 * lrs[0])
    fig, ax = plt.subplots(figsize=(6.5, 4.5), constrained_layout=True)
    ax.loglog(lrs, right, "o-", label=f"β2 = 1 − γη (slope {loglog_slope(lrs, right):.2f})")
    ax.loglog(lrs, wrong, "s--", label=f"β2 fixed at {1 - 2.0 * lrs[0]:.2f} (no limit)")
    ax.loglog(lrs, right[0] * lrs / lrs[0], "k:", lw=1, label="slope 1")
    ax.set(xlabel="step size η", ylabel="sup_k ‖x_k − x(kη)‖∞", title="Discrete Lion-K is forward Euler of the ODE")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    return fig
