"""F4 of docs/papers/lion.md §7.2: averaged final iterates of Lion-K (beta = (0.9, 0.99), lambda = 1,
eta = 1e-3, explicit decay) on the d = 6 quadratic, for K in {l1, l2, Huber(0.3), dead-zone(0.3),
quad}, against the solution of the problem each K solves (box, ball, box + ridge, box + lasso,
ridge; proximal-gradient references)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims.lion_experiments import averaged_limit
from paperchecks.sims.lion_problems import TRIDIAGONAL, TRIDIAGONAL_CENTER
from paperchecks.theory.lion import composite_minimizer, k_row

__all__ = ["ROWS", "make"]

ROWS = (("l1", "box"), ("l2", "ℓ2 ball"), ("huber0.3", "box + ridge"), ("deadzone0.3", "box + lasso"), ("quad", "ridge"))


def make(quick: bool, seed: int = 0):
    """Averaged final Lion-K iterates against the solutions of the problems each K solves
    (docs/papers/lion.md §7.2 F4).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    lr = 3e-3 if quick else 1e-3
    fig, ax = plt.subplots(figsize=(9, 4.5), constrained_layout=True)
    coords = np.arange(6)
    ax.plot(coords, TRIDIAGONAL_CENTER, "kx", ms=9, label="unconstrained optimum c")
    for i, (name, problem) in enumerate(ROWS):
        row = k_row(name)
        reference = composite_minimizer(TRIDIAGONAL, TRIDIAGONAL_CENTER, row, 1.0)
        x_bar = averaged_limit(name, lr)
        err = np.max(np.abs(x_bar - reference))
        ax.plot(coords + 0.12 * (i - 2), reference, "o", mfc="none", ms=9, color=f"C{i}")
        ax.plot(coords + 0.12 * (i - 2), x_bar, ".", ms=6, color=f"C{i}", label=f"{name} → {problem} (max error {err:.1e})")
    ax.axhspan(-1, 1, color="0.92", zorder=0, label="box [−1/λ, 1/λ]")
    ax.set(xlabel="coordinate i", ylabel="x_i", title=f"Lion-K iterates (dots, η = {lr:g}) land on each K's problem solution (circles)")
    ax.legend(fontsize=7, ncol=2)
    ax.grid(True, alpha=0.3)
    return fig
