"""CE-serial frontier (hb_asgd.md §6 figure 3): the parametric curve B -> (1/g*(B), B/g*(B)) per
method; lower-left is better. Points are labelled with log2 B every fourth batch."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.momentum_sweeps import METHOD_STYLES, log_axes, sweep, title

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """The CE-serial frontier B -> (1/g*(B), B/g*(B)) per method (hb_asgd.md §6 figure 3).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    data = sweep(quick)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    for ax, (key, tuned) in zip(axes, data.items(), strict=True):
        for method, label, color in METHOD_STYLES:
            t = tuned[method]
            ax.plot(1.0 / t.gap, t.batch / t.gap, "o-", ms=3, color=color, label=label)
            for b, x, y in zip(t.batch, 1.0 / t.gap, t.batch / t.gap, strict=True):
                k = int(round(np.log2(b)))
                if k % 4 == 0:
                    ax.annotate(f"B=2^{k}", (x, y), fontsize=6, color=color, xytext=(3, 3), textcoords="offset points")
        log_axes(ax, "serial runtime 1/g*  [iterations per e-fold]", "compute B/g*  [samples per e-fold]")
        ax.set_title(title(key))
    axes[0].legend(fontsize=8)
    fig.suptitle("Compute-efficiency / serial-runtime frontier")
    return fig
