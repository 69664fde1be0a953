"""The bound Omega_T against the exact worst case (PEP) and a Monte Carlo SGD run on
f(x) = E|a^T (x - x*)| for the common shapes at their tuned base steps (docs/papers/refinement.md §5, §6)."""

from __future__ import annotations

import jax
import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.style import colour
from paperchecks.sims import refinement
from paperchecks.sims.statistics import mean_and_se
from paperchecks.sims.worst_case import worst_case_last_iterate

__all__ = ["make"]

_DIM = 8  # at T <= 21 the Monte Carlo problem comes closest to the bound near d ~ T/2 (d = 100 barely moves)
_SHAPES = {"linear": "linear", "cosine": "cosine", "constant": "constant", "inverse_power:0.5": r"$1/\sqrt{t}$"}


def make(quick: bool, seed: int = 0):
    """Omega_T (dashed), the PEP worst case (solid) and the Monte Carlo mean with 95 % bands
    (markers, d = 8) against T, one panel per shape (docs/papers/refinement.md §5).

    Args:
        quick: T up to 12 and 500 seeds instead of 21 and 5000.
        seed: the Monte Carlo base seed.

    Returns:
        The :class:`matplotlib.figure.Figure`.
    """
    horizons = np.array([2, 4, 6, 8, 12] if quick else [2, 4, 6, 8, 12, 16, 21])
    seeds = 500 if quick else 5000
    fig, axes = plt.subplots(1, len(_SHAPES), figsize=(12, 3.6), sharey=True, constrained_layout=True)
    for ax, (name, label) in zip(axes, _SHAPES.items(), strict=True):
        bounds, worst, mean, se = [], [], [], []
        for steps in horizons:
            shape = refinement.schedule_shape(name, int(steps))
            bound, base = (float(v) for v in refinement.tuned_last_iterate_bound(shape))
            samples = refinement.monte_carlo_suboptimality(jax.random.key(seed), base * shape, dim=_DIM, seeds=seeds)
            m, s = mean_and_se(samples)
            bounds.append(bound), worst.append(worst_case_last_iterate(base * shape)), mean.append(m), se.append(s)
        mean, se = np.array(mean), np.array(se)
        ax.plot(horizons, bounds, "--", color=colour("optimal"), label=r"bound $\Omega^*_T$")
        ax.plot(horizons, worst, "C1-", marker="s", ms=4, label="worst case (PEP)")
        ax.errorbar(horizons, mean, yerr=1.96 * se, fmt="o", color="C2", ms=4, capsize=2, label=f"Monte Carlo, $d = {_DIM}$")
        ax.set(xlabel="horizon $T$", title=label, yscale="log")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel(r"$f(x_T) - f^*$")
    axes[0].legend(fontsize=8)
    return fig
