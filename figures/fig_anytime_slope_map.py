"""Slope map (docs/papers/anytime.md §4.6, §7 checks 5, 11, 12): fitted exponent of the averaged risk against
the decay exponent gamma, with the prediction min(e_B, e_V, e_F) and the paper's gamma*, for an
easy target (a = 2, b = 3) and a target beyond b = 2a (a = 1.5, b = 4.5); sigma^2 = 1, m = 0.5."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims.anytime import fitted_slope
from paperchecks.sims.problem import Problem
from paperchecks.sims.sweep import side_by_side
from paperchecks.theory import anytime as theory

__all__ = ["CASES", "make"]

CASES = ((2.0, 3.0, 4000), (1.5, 4.5, 3000))


def make(quick: bool, seed: int = 0):
    """Fitted risk exponent against the decay exponent gamma, with min(e_B, e_V, e_F) and gamma*
    (docs/papers/anytime.md §4.6, §7 checks 5, 11, 12).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    gammas = np.linspace(0.0, 0.9, 7 if quick else 19)
    high = 16 if quick else 18
    problems = [Problem.power_law(d, capacity=a, source=b, noise_var=1.0) for a, b, d in CASES]
    # 2 x 19 independent curves (XLA programs on one core each): one per device at a time
    slopes = side_by_side(lambda job: -fitted_slope(job[0], 0.5, job[1], high - 3, high)[0], [(p, g) for p in problems for g in gammas])
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    for i, (ax, (a, b, d)) in enumerate(zip(axes, CASES, strict=True)):
        measured = slopes[i * len(gammas) : (i + 1) * len(gammas)]
        fine = np.linspace(0.0, 0.95, 200)
        ax.plot(fine, [theory.exponent("predicted", a, b, g) for g in fine], "k-", label="min(e_B, e_V, e_F)")
        ax.plot(fine, [theory.exponent("bias", a, b, g) for g in fine], ":", color="C0", label="e_B (bias)")
        ax.plot(fine, [theory.exponent("variance", a, b, g) for g in fine], ":", color="C1", label="e_V (variance)")
        ax.plot(fine, [theory.exponent("early_noise", a, b, g) for g in fine], ":", color="C2", label="e_F (early noise)")
        ax.plot(gammas, measured, "o", color="C3", label=f"fitted, N in [2^{high - 3}, 2^{high}]")
        ax.axvline(theory.gamma_star(a, b), color="grey", ls="--", label="paper's gamma*")
        ax.axhline(theory.exponent("rate", a, b), color="grey", ls="-.", lw=0.8, label="minimax 1 - 1/b")
        ax.set(
            xlabel="decay exponent gamma (eta_t = eta / t^gamma)", ylabel="risk exponent e (R ~ N^-e)", title=f"a = {a}, b = {b}, d = {d}"
        )
        ax.set_ylim(0, 1.2)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("Averaged-iterate exponents against the decay exponent")
    return fig
