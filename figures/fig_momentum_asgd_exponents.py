"""ASGD's small-batch advantage grows with dimension (docs/papers/momentum.md §6 figure 6, Table C): tuned
g*(B = 1) of HB and ASGD versus d on lambda_i = i^-a, a = 2, 3, with the Heuristic B slopes
-a^2/(2a-1) (ASGD) and -a (HB) drawn through the first point."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.style import colour
from paperchecks.sims.momentum import power_law, tuned_sweep
from paperchecks.theory import momentum as theory

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """Tuned g*(B = 1) of HB and ASGD against d with the Heuristic B slopes (docs/papers/momentum.md §6 figure 6, §5.4).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    dims = np.array((25, 50, 100) if quick else (25, 50, 100, 200))
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), constrained_layout=True)
    for ax, a in zip(axes, (2.0, 3.0), strict=True):
        slopes = theory.asgd_small_batch_exponents(a)
        for method, label, color in (("hb", "heavy ball", colour("hb")), ("asgd", "ASGD", colour("asgd"))):
            gaps = np.array([tuned_sweep(power_law(a, int(d)), method, (1.0,)).gap[0] for d in dims])
            fit = np.polyfit(np.log(dims), np.log(gaps), 1)[0]
            ax.plot(dims, gaps, "o-", color=color, label=f"{label} (fit {fit:.2f})")
            ax.plot(dims, gaps[0] * (dims / dims[0]) ** slopes[method], ":", color=color, label=f"slope {slopes[method]:.2f} (Heuristic B)")
        ax.set(xscale="log", yscale="log", xlabel="dimension $d$", ylabel="tuned gap $g^*(B = 1)$", title=rf"$\lambda_i = i^{{-{a:g}}}$")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("Small-batch gap exponents: ASGD vs heavy ball")
    return fig
