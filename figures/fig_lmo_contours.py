"""F1 of docs/papers/lmo.md §7: log-contours of the bound Phi over (eta, 1 - beta) at B = 8 for
K in {1e3, 1e4, 1e5} (canonical constants, Delta = L = sigma = 1), with the path of the exact R2
optimum as K runs over 1e2..1e6 and the leading-order optimum of each panel."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.theory import lmo as theory

__all__ = ["UNIT", "make"]

UNIT = {"delta": 1.0, "L": 1.0, "sigma": 1.0}


def make(quick: bool, seed: int = 0):
    """Log-contours of Phi over (eta, 1 - beta) with the path of the R2 optimum (docs/papers/lmo.md §7 F1).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    n = 80 if quick else 200
    lr, alpha = np.meshgrid(np.logspace(-7, 0, n), np.logspace(-5, 0, n))
    path_steps = np.logspace(2, 6, 17)
    path = [theory.optimal_hyperparameters("R2", budget=k, batch=8.0, **UNIT) for k in path_steps]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4), constrained_layout=True, sharey=True)
    for ax, steps in zip(axes, (1e3, 1e4, 1e5), strict=True):
        phi = theory.bound(lr, 1 - alpha, 8.0, steps, **UNIT)
        best = theory.optimal_hyperparameters("R2", budget=steps, batch=8.0, **UNIT)
        lead = theory.optimal_hyperparameters("R2", budget=steps, batch=8.0, exact=False, **UNIT)
        levels = np.linspace(0.0, 2.0, 11)  # the same relative scale on every panel: Phi / Phi* from 1 to 100
        cs = ax.contourf(lr, alpha, np.log10(phi / best["bound"]), levels=levels, cmap="viridis_r", extend="max")
        ax.plot([r["lr"] for r in path], [1 - r["momentum"] for r in path], "w.-", lw=1, ms=4, label="exact R2 optimum, $K = 10^2..10^6$")
        ax.plot(best["lr"], 1 - best["momentum"], "r*", ms=14, label="optimum at this $K$", zorder=4)
        # drawn after and above the star, hollow, so that both stay visible where they coincide
        ax.plot(lead["lr"], 1 - lead["momentum"], "o", ms=11, mfc="none", mec="k", mew=1.6, label="leading-order closed form", zorder=5)
        ax.set(
            xscale="log",
            yscale="log",
            xlabel=r"learning rate $\eta$",
            title=rf"$K = 10^{{{np.log10(steps):.0f}}}$, $B = 8$: $\Phi^* = {best['bound']:.3g}$",
        )
    axes[0].set_ylabel(r"$1 - \beta$")
    axes[0].legend(fontsize=7, loc="lower left")
    bar = fig.colorbar(cs, ax=axes, label=r"$\log_{10}(\Phi / \Phi^*)$")
    bar.set_ticks([0.0, 0.5, 1.0, 1.5, 2.0])
    fig.suptitle(
        r"The LMO bound $\Phi(\eta, \beta)$ at fixed batch: the optimum moves as $\eta \propto K^{-3/4}$, $1 - \beta \propto K^{-1/2}$"
    )
    return fig
