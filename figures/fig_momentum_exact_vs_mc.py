"""Exactness on the momentum paper's noiseless problem (docs/papers/momentum.md §6 figure 5, §7 check 2):
Monte Carlo mean risk with 95 % bands against the exact recursion, d = 16, lambda_i = i^-1.5."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.panels import exact_vs_monte_carlo
from paperchecks.sims.linreg import Problem
from paperchecks.sims.methods import kidambi_to_momentum

__all__ = ["METHOD_STYLES", "make"]

METHOD_STYLES = (
    ("sgd", "SGD", {"lr": 0.4}),
    ("hb", "heavy ball", {"lr": 0.1, "momentum": 0.7}),
    ("asgd", r"ASGD (Kidambi $\delta = 0.1$, $\kappa = 20$, $\xi = 4$)", kidambi_to_momentum(0.1, kappa=20.0, xi=4.0, c=0.7)),
)


def make(quick: bool, seed: int = 0):
    """Monte Carlo risk against the exact recursion on the noiseless problem (docs/papers/momentum.md §6 figure 5,
    §7 check 2).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: the base seed of the Monte Carlo seeds.

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    problem = Problem.create(np.arange(1, 17, dtype=np.float64) ** -1.5, np.ones(16))
    steps, seeds = (100, 2000) if quick else (200, 20000)
    fig, axes = plt.subplots(2, 3, figsize=(12, 5.2), sharex=True, sharey="row", height_ratios=(3, 1.4), constrained_layout=True)
    exact_vs_monte_carlo(axes, problem, METHOD_STYLES, batch=4, steps=steps, seeds=seeds, seed=seed)
    fig.suptitle(r"Noiseless Gaussian regression, $d = 16$, $\lambda_i = i^{-1.5}$: exact recursion vs Monte Carlo")
    return fig
