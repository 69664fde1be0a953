"""The b > 2a probe (docs/papers/anytime.md §8.1, §7 check 12): averaged risk for the paper's gamma* = 1 - a/b
= 2/3 and for gamma = 1/2 on a = 1.5, b = 4.5 (sigma^2 = 1, d = 3000, m = 0.5), with fitted slopes
over the last three octaves and the reference slopes -(1 - 1/b) (minimax) and -(1-gamma)(2a-1)/a
(early-noise floor at gamma*)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims.anytime import decaying, risk_curve
from paperchecks.sims.fitting import loglog_slope
from paperchecks.sims.problem import Problem
from paperchecks.sims.sweep import side_by_side
from paperchecks.theory import anytime as theory

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """The b > 2a probe: averaged risk at gamma* and at gamma = 1/2 with fitted and reference slopes
    (docs/papers/anytime.md §8.1, §7 check 12).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    high = 18 if quick else 20
    p = Problem.power_law(3000, capacity=1.5, source=4.5, noise_var=1.0)
    record = np.unique(np.geomspace(16, 2**high, 60).round().astype(int))
    gammas = (2.0 / 3.0, 0.5)
    risks = side_by_side(lambda gamma: risk_curve(p, decaying(p, 0.5, gamma), int(record[-1]), record), gammas)
    fig, ax = plt.subplots(figsize=(6.5, 4.5), constrained_layout=True)
    for gamma, risk, color in zip(gammas, risks, ("C3", "C0"), strict=True):
        slope = loglog_slope(record, risk, low=2 ** (high - 3))
        ax.plot(record, risk, color=color, label=f"gamma = {gamma:.3g}: fitted slope {slope:.3f}")
        anchor = risk[-1]
        if gamma > 0.6:
            for exponent, style, name in (
                (theory.exponent("rate", 1.5, 4.5), ":", "minimax"),
                (theory.exponent("early_noise", 1.5, 4.5, gamma), "--", "early-noise floor"),
            ):
                ax.plot(
                    record[record >= 2 ** (high - 6)],
                    anchor * (record[record >= 2 ** (high - 6)] / record[-1]) ** -exponent,
                    style,
                    color="grey",
                    label=f"slope {-exponent:.3f} ({name})",
                )
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="samples N",
        ylabel="excess risk ½ E‖w − w*‖²_H (poly-4 average)",
        title="a = 1.5, b = 4.5 > 2a: gamma* = 2/3 vs 1/2",
    )
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    return fig
