"""Anytime against horizon-tuned schedules (docs/papers/anytime.md §7 checks 8-9): the ratio of one horizon-free
run (gamma = 1/3, m = 1, poly c = 4) to the per-horizon tuned envelope, and the same ratio for a cosine
schedule tuned for the longest horizon; a = 2, b = 3, sigma^2 = 0.05, d = 1500."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.style import colour
from paperchecks.sims import schedules
from paperchecks.sims.anytime import MULTIPLIERS, decaying, envelope_problem, risk_curve, trace, tuned_at, tuned_envelope

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """Anytime run over the per-horizon tuned envelope, next to a cosine tuned for the longest horizon
    (docs/papers/anytime.md §7 checks 8-9).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    horizons, envelope, best = tuned_envelope(13 if quick else 16)
    p = envelope_problem()
    t_max = int(horizons[-1])
    anytime = risk_curve(p, decaying(p, 1.0, 1.0 / 3.0), t_max, horizons)
    m_cos = MULTIPLIERS[int(np.argmin(tuned_at(p, t_max, "cosine", MULTIPLIERS)))]
    cosine = risk_curve(p, schedules.cosine(m_cos / trace(p), t_max), t_max, horizons, averaging="none")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    axes[0].plot(horizons, envelope, "k*", ms=9, label="horizon-tuned envelope")
    for kind in ("constant+tail", "cosine", "linear"):
        color = colour(kind)
        axes[0].plot(horizons, best[kind], "o", ms=3, color=color, label=f"tuned {kind}")
    axes[0].plot(horizons, anytime, "-", color=colour("anytime"), label="anytime: eta/t^(1/3) + poly avg (one run)")
    axes[0].plot(horizons, cosine, "--", color=colour("cosine"), label=f"cosine tuned for T={t_max} (one run)")
    axes[0].set(xscale="log", yscale="log", xlabel="horizon $T$ (samples)", ylabel=r"excess risk $\frac{1}{2}\mathbb{E}\|w - w^*\|_H^2$")
    axes[1].plot(horizons, anytime / envelope, "o-", color=colour("anytime"), label="anytime / envelope")
    axes[1].plot(horizons, cosine / envelope, "s--", color=colour("cosine"), label=f"cosine(T={t_max}) / envelope")
    axes[1].axhline(2.0, color="k", ls=":", label="factor 2")
    axes[1].set(xscale="log", xlabel="horizon $T$ (samples)", ylabel="risk / envelope (linear scale)")
    for ax in axes:
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("A horizon-free schedule stays within a constant of every horizon-tuned schedule; cosine does not")
    return fig
