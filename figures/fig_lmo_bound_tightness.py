"""F5 of docs/papers/lmo.md §7: measured (1/K) sum E||grad f(x_k)||_* of normalized SGD with momentum
(l2), Signum (l-inf) and Muon (spectral, exact polar factor) on the §8 C4 noisy quadratics against
the bound Phi (canonical constants, each geometry's own L and sigma), over the C4 grid: the runs of the
claim ``lmo.main_bound_holds`` (its seeds; computed once in a reproduce run)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import NullFormatter

from paperchecks.sims.lmo import C4_GRID, bound_grid_run, bound_problems
from paperchecks.theory import lmo as theory

__all__ = ["NAMES", "make"]

NAMES = {"l2": "NSGD-M (ℓ2)", "linf": "Signum (ℓ∞)", "spectral": "Muon (spectral)"}


def make(quick: bool, seed: int = 0):
    """Measured mean dual gradient norm against the bound Phi in three geometries (docs/papers/lmo.md §7
    F5, §8 C4).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: the base seed of the noise streams.

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    lr, alpha, batch = np.meshgrid(*C4_GRID, indexing="ij")
    steps_list = (1000,) if quick else (1000, 4000)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), constrained_layout=True)
    for i, (geometry, problem) in enumerate(bound_problems().items()):
        smoothness, sigma = problem.constants(geometry)
        for steps, marker in zip(steps_list, "os", strict=False):
            mean, se = bound_grid_run(geometry, steps, *C4_GRID, seed=seed)  # the runs of lmo.main_bound_holds
            phi = theory.bound(lr, 1 - alpha, batch, steps, delta=problem.suboptimality, L=smoothness, sigma=sigma)
            axes[0].errorbar(phi.ravel(), mean.ravel(), yerr=3 * se.ravel(), fmt=marker, ms=3, mfc="none", color=f"C{i}")
            axes[1].plot(alpha.ravel() * (1 + 0.05 * np.log2(batch.ravel())), (mean / phi).ravel(), marker, ms=4, mfc="none", color=f"C{i}")
    lims = np.array(axes[0].get_xlim())
    axes[0].plot(lims, lims, "k--", lw=1)
    axes[0].set(
        xscale="log",
        yscale="log",
        xlabel=r"bound $\Phi(\eta, \beta, B; K)$",
        ylabel=r"measured $\frac{1}{K}\sum_k \mathbb{E}\|\nabla f(x_k)\|_*$ ($\pm$ 3 SE)",
    )
    axes[0].set_title("every cell below the diagonal: measured < bound")
    axes[1].axhline(1.0, color="k", ls="--", lw=1)
    axes[1].set(
        xscale="log", xlabel=r"$1 - \beta$ (jittered by batch)", ylabel=r"measured / $\Phi$", title="tightness: measured / bound per cell"
    )
    for axis in (axes[0].xaxis, axes[0].yaxis):
        axis.set_minor_formatter(NullFormatter())
    for ax in axes:
        ax.grid(True, which="both", alpha=0.3)
    # one legend outside the data: colour = optimizer, marker = horizon (12 series were unreadable inline)
    handles = [Line2D([], [], color=f"C{i}", lw=3, label=name) for i, name in enumerate(NAMES[g] for g in bound_problems())]
    handles += [
        Line2D([], [], color="0.3", ls="", marker=m, mfc="none", label=f"$K = {k}$") for k, m in zip(steps_list, "os", strict=False)
    ]
    handles.append(Line2D([], [], color="k", ls="--", label=r"measured $= \Phi$"))
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8)
    fig.suptitle("Three LMO optimizers against the convergence bound they share (32 seeds per cell)")
    return fig
