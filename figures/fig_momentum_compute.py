"""Compute versus batch size (docs/papers/momentum.md §6 figure 2): B/g*(B) samples per e-fold of the risk.
A flat curve is preserved compute efficiency (CE ~ g*/B); the rise marks the critical batch."""

from __future__ import annotations

import matplotlib.pyplot as plt

from paperchecks.figures.momentum_sweeps import METHOD_STYLES, log_axes, sweep, title

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """Samples per e-fold B / g*(B) against the batch size (docs/papers/momentum.md §6 figure 2).

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
            ax.plot(tuned[method].batch, tuned[method].batch / tuned[method].gap, "o-", ms=3, color=color, label=label)
        log_axes(ax, "batch size B", "compute B/g*(B)  [samples per e-fold]")
        ax.set_title(title(key))
    axes[0].legend(fontsize=8)
    fig.suptitle("Compute: flat = compute efficiency preserved while B grows")
    return fig
