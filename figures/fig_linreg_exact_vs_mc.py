"""Exactness of the engine: Monte Carlo mean risk (95 % band over seeds) against the exact
second-moment recursion, one panel per method (docs/papers/momentum.md §6 figure 5, docs/papers/anytime.md §7 check 1)."""

from __future__ import annotations

import matplotlib.pyplot as plt

from paperchecks.figures.panels import exact_vs_monte_carlo
from paperchecks.sims.linreg import Problem

__all__ = ["METHOD_STYLES", "make"]

METHOD_STYLES = (
    ("sgd", "SGD", {"lr": 0.25}),
    ("hb", "heavy ball", {"lr": 0.1, "momentum": 0.6}),
    ("asgd", "ASGD (momentum form)", {"lr": 0.05, "momentum": 0.8, "alpha": 0.15}),
)


def make(quick: bool, seed: int = 0):
    """Three log-log panels; exact curves for the last iterate and the uniform average.

    Reference: docs/papers/momentum.md §6 figure 5, docs/papers/anytime.md §7 check 1.

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: the base seed of the Monte Carlo seeds.

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    problem = Problem.power_law(16, capacity=1.5, source=2.5, noise_var=0.1)
    steps, seeds = (100, 2000) if quick else (300, 20000)
    fig, axes = plt.subplots(2, 3, figsize=(12, 5.2), sharex=True, sharey="row", height_ratios=(3, 1.4), constrained_layout=True)
    exact_vs_monte_carlo(axes, problem, METHOD_STYLES, batch=4, steps=steps, seeds=seeds, seed=seed, averagings=("none", "uniform"))
    fig.suptitle(r"Engine exactness: $d = 16$, $\lambda_i = i^{-1.5}$, source $b = 2.5$, $\sigma^2 = 0.1$")
    return fig
