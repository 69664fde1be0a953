"""Serial runtime versus batch size for tuned SGD, HB and ASGD (docs/papers/momentum.md §6 figure 1):
1/g*(B) iterations per e-fold of the risk, with the perfect-scaling slope -1 and the full-batch
asymptotes (kappa+1)^2/(4 kappa) (SGD) and (sqrt(kappa)+1)^2/(4 sqrt(kappa)) (HB, ASGD)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.momentum_sweeps import METHOD_STYLES, full_batch_runtimes, log_axes, sweep, title
from paperchecks.figures.style import colour

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """Iterations per e-fold 1/g*(B) against the batch size, with the full-batch asymptotes (docs/papers/momentum.md
    §6 figure 1).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    data = sweep(quick)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    for ax, (key, tuned) in zip(axes, data.items(), strict=True):
        for method, label, color in METHOD_STYLES:
            ax.plot(tuned[method].batch, 1.0 / tuned[method].gap, "o-", ms=3, color=color, label=label)
        b = tuned["sgd"].batch
        ax.plot(b, (1.0 / tuned["sgd"].gap[0]) / b, "k:", lw=1, label="slope -1 (perfect scaling)")
        limits = full_batch_runtimes(key)
        ax.axhline(limits["sgd"], color=colour("sgd"), ls="--", lw=0.8, label="SGD full batch")
        ax.axhline(limits["hb"], color=colour("hb"), ls="--", lw=0.8, label="HB/ASGD full batch")
        ax.set_ylim(0.5 * min(limits.values()), 2.0 / np.min([t.gap[0] for t in tuned.values()]))
        log_axes(ax, "batch size B", "serial runtime 1/g*(B)  [iterations per e-fold]")
        ax.set_title(title(key))
    axes[0].legend(fontsize=7)
    fig.suptitle("Serial runtime: tuned contraction gaps of the exact second-moment operator")
    return fig
