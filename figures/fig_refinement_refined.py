"""Refined schedules w_t = G_t^-2 sum_{p>t} G_p^-2 for several gradient-norm profiles: linear decay
for constant norms, warm-up where the norms fall, annealing to 0 at the end (docs/papers/refinement.md §3)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims import refinement

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """Gradient-norm profiles (left) and their refined schedules scaled to peak 1 (right), T = 1000
    (docs/papers/refinement.md §3), beside the Omega-optimal schedule for constant norms.

    Args:
        quick: T = 200 instead of 1000.
        seed: unused: the figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure`.
    """
    steps = 200 if quick else 1000
    t = np.arange(1, steps + 2)
    labels = {
        "constant": r"constant $G_t = 1$",
        "step": r"step: $G_t = 1$, then 2",
        "t^-0.25": r"$G_t = t^{-1/4}$",
        "t^-0.5": r"$G_t = t^{-1/2}$",
        "t^-1": r"$G_t = t^{-1}$",
    }
    profiles = {label: refinement.gradient_profile(name, steps + 1) for name, label in labels.items()}
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2), constrained_layout=True)
    for label, norms in profiles.items():
        (line,) = left.semilogy(t, norms, label=label)
        right.plot(t / (steps + 1), refinement.refined_schedule(norms), color=line.get_color())
    best = refinement.optimal_schedule(steps)
    right.plot(np.arange(1, steps + 1) / (steps + 1), best.shape, "k--", lw=1.2, label=r"$\Omega_T$-optimal schedule for $G_t = 1$")
    right.legend(fontsize=8, loc="lower left")
    left.set(xlabel="step $t$", ylabel="gradient norm $G_t$", title="Gradient-norm profiles")
    right.set(xlabel="fraction of training $t/T$", ylabel="refined step size (peak 1)", title="Refined schedules: warm-up and annealing")
    for ax in (left, right):
        ax.grid(True, alpha=0.3)
    left.legend(fontsize=8, loc="lower left")
    return fig
