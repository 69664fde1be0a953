"""CE-serial frontier (docs/papers/momentum.md §6 figure 3): the parametric curve B -> (1/g*(B), B/g*(B)) per
method; lower-left is better. Points are labelled with B = 2^k every eighth power of two."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.momentum_sweeps import METHOD_STYLES, log_axes, sweep, title

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """The CE-serial frontier B -> (1/g*(B), B/g*(B)) per method (docs/papers/momentum.md §6 figure 3).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    data = sweep(quick)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    for ax, (key, tuned) in zip(axes, data.items(), strict=True):
        for (method, label, color), style, offset in zip(METHOD_STYLES, ("o-", "s-", "^--"), ((4, 4), (6, -12), (-6, 8)), strict=True):
            t = tuned[method]
            # HB and ASGD coincide where the spectrum decays slowly: distinct markers and a dashed ASGD keep both visible
            ax.plot(1.0 / t.gap, t.batch / t.gap, style, ms=4, mfc="none" if method == "hb" else color, color=color, label=label)
            for b, x, y in zip(t.batch, 1.0 / t.gap, t.batch / t.gap, strict=True):
                k = int(round(np.log2(b)))
                if k % 8 == 0:  # every eighth batch, each method's labels offset to its own side
                    ax.annotate(f"$B = 2^{{{k}}}$", (x, y), fontsize=7, color=color, xytext=offset, textcoords="offset points")
        log_axes(ax, "serial runtime 1/g*  [iterations per e-fold]", "compute B/g*  [samples per e-fold]")
        ax.set_title(title(key))
    axes[0].legend(fontsize=8)
    fig.suptitle("Compute-efficiency / serial-runtime frontier")
    return fig
