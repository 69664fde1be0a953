"""The tuned last-iterate bound Omega*_T of the common schedule shapes and of the Omega-optimal
schedule against T, with each shape's excess over the optimum (docs/papers/refinement.md §2, §4)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.style import colour
from paperchecks.sims import refinement

__all__ = ["make"]

_SHAPES = {
    "linear": "linear",
    "cosine": "cosine",
    "wsd:0.2": "WSD (20 % cooldown)",
    "constant": "constant",
    "inverse_power:0.5": r"$1/\sqrt{t}$",
}


def make(quick: bool, seed: int = 0):
    """Omega*_T against T for the common shapes and the Omega-optimal schedule (left) and each
    shape's ratio to the optimum (right), D = G = 1 (docs/papers/refinement.md §4).

    Args:
        quick: T up to 240 (seconds) instead of 1920.
        seed: unused: the figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure`.
    """
    horizons = 15 * 2 ** np.arange(5 if quick else 8)
    optimal = np.array([refinement.optimal_schedule(int(t)).bound for t in horizons])
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2), constrained_layout=True)
    for name, label in _SHAPES.items():
        bounds = np.array([float(refinement.tuned_last_iterate_bound(refinement.schedule_shape(name, int(t)))[0]) for t in horizons])
        left.loglog(horizons, bounds, "o-", ms=4, color=colour(name), label=label)
        right.semilogx(horizons, bounds / optimal, "o-", ms=4, color=colour(name), label=label)
    left.loglog(horizons, optimal, "k--", lw=1.5, label=r"$\Omega_T$-optimal schedule")
    left.set(xlabel="horizon $T$", ylabel=r"tuned bound $\Omega^*_T$", title="Last-iterate bound at the tuned base step")
    right.axhline(1.0, color="k", ls="--", lw=1)
    right.set(xlabel="horizon $T$", ylabel=r"$\Omega^*_T$ / optimal", title="Excess over the best schedule for the bound")
    for ax in (left, right):
        ax.set_xticks(horizons, [str(t) for t in horizons], minor=False)
        ax.xaxis.set_minor_formatter(plt.NullFormatter())
        ax.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=8)
    return fig
