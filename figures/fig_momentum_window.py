"""Window scaling (docs/papers/momentum.md §6 figure 4, §7 check 12): HB's half-CE critical batch over SGD's
versus kappa on the two-level spectra of Table A, with the fitted log-log slope and the
reference slope 1/2 (the abstract's "up to sqrt(kappa)")."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims.momentum import half_ce_batch, tuned_sweep, two_level

__all__ = ["BATCHES", "make"]

BATCHES = tuple(2.0**k for k in range(17))


def make(quick: bool, seed: int = 0):
    """HB's half-CE critical batch over SGD's against kappa with the fitted slope (docs/papers/momentum.md §6 figure
    4, §7 check 12).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    kappas = np.array((1e2, 1e3, 1e4) if quick else (1e2, 1e3, 1e4, 1e5))
    b = np.asarray(BATCHES)
    rows = []
    for kappa in kappas:
        sgd, hb = (tuned_sweep(two_level(kappa), m, BATCHES) for m in ("sgd", "hb"))
        rows.append((half_ce_batch(b, sgd.gap), half_ce_batch(b, hb.gap)))
    b_sgd, b_hb = np.array(rows).T
    ratio = b_hb / b_sgd
    slope, intercept = np.polyfit(np.log(kappas), np.log(ratio), 1)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), constrained_layout=True)
    axes[0].plot(kappas, b_sgd, "o-", label="B_SGD (half-CE)")
    axes[0].plot(kappas, b_hb, "s-", label="B_HB (half-CE)")
    axes[0].set(xscale="log", yscale="log", xlabel="condition number kappa", ylabel="critical batch size")
    axes[0].legend(fontsize=8)
    axes[1].plot(kappas, ratio, "o", color="C3", label="B_HB / B_SGD")
    axes[1].plot(kappas, np.exp(intercept) * kappas**slope, "-", color="C3", label=f"fit: slope {slope:.3f}")
    axes[1].plot(kappas, ratio[0] * (kappas / kappas[0]) ** 0.5, "k:", label="slope 1/2 (sqrt(kappa))")
    axes[1].set(xscale="log", yscale="log", xlabel="condition number kappa", ylabel="B_HB / B_SGD")
    axes[1].legend(fontsize=8)
    for ax in axes:
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle("HB keeps SGD-level compute efficiency over a window ~ sqrt(kappa) longer (d = 50, two-level spectra)")
    return fig
