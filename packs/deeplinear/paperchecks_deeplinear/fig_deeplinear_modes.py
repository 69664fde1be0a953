"""Sigmoidal mode curves: the mode strengths u_a(t) of full-matrix gradient descent (solid) against the
closed form s e^{2st} / (e^{2st} - 1 + s/u0) (dashed), from the balanced decoupled start (left) and from a
small random start (right, with the off-diagonal ratio dotted); claims ``deeplinear.stronger_modes_learned_first``
and ``deeplinear.random_start_decouples`` (docs/deeplinear.md §2, §5)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks_deeplinear import sims, theory
from paperchecks_deeplinear.claims import START

STRENGTHS = (4.0, 2.0, 1.0, 0.5)


def make(*, quick: bool, seed: int = 0):
    """The figure (``quick``: a coarser step).

    Args:
        quick: the reduced size.
        seed: the seed of Sigma31's singular vectors and of the random start.

    Returns:
        The :class:`matplotlib.figure.Figure`.
    """
    lr = 1e-2 if quick else 2e-3
    steps = int(round(9.0 / lr))
    target, u_basis, v_basis = sims.correlation(STRENGTHS, seed)
    decoupled = sims.gradient_descent(sims.balanced_start(u_basis, v_basis, START, seed=seed), target, u_basis, v_basis, lr=lr, steps=steps)
    random = sims.gradient_descent(sims.random_start(len(STRENGTHS), 0.03, seed=seed + 100), target, u_basis, v_basis, lr=lr, steps=steps)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained", sharey=True)
    fine = np.linspace(0.0, decoupled.time[-1], 600)
    for ax, run, title in ((axes[0], decoupled, "balanced decoupled start, $u_0 = 10^{-3}$"), (axes[1], random, "small random start")):
        for a, s in enumerate(STRENGTHS):
            ax.plot(run.time, run.strengths[:, a], color=f"C{a}", lw=1.8, label=f"$s = {s:g}$")
            if ax is axes[0]:
                ax.plot(fine, theory.mode_strength(fine, s, START), "--", color="k", lw=0.9)
        ax.set(title=title, xlabel=r"time $t = k\eta$")
    axes[0].plot([], [], "--", color="k", lw=0.9, label="closed form")
    axes[0].set_ylabel(r"mode strength $u_a = (U^\top W_{32} W_{21} V)_{aa}$")
    axes[0].legend(fontsize=8, loc="center right")
    ratio = axes[1].twinx()
    ratio.semilogy(random.time, random.off_diagonal, ":", color="0.3", label="off-diagonal ratio")
    ratio.set_ylabel(r"$\Vert \mathrm{offdiag} \Vert / \Vert \mathrm{diag} \Vert$ (dotted)")
    return fig
