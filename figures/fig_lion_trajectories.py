"""F1 of docs/papers/lion.md §7.2: Lion trajectories (beta = (0.9, 0.99), eta = 1e-2, 3000 steps, x_0 =
(-4, 4), m_0 = 0) enter the box [-1/lambda, 1/lambda]^2 and settle at the box-constrained optimum,
for lambda in {0.5, 1, 2} on f = 1/2 (x - c)^T A (x - c) (left) and on the scaled Rosenbrock
function with lambda = 1 (right)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from paperchecks.sims.lion import run_discrete
from paperchecks.sims.lion_problems import PLANE_CENTER, PLANE_HESSIAN, plane_quadratic, rosenbrock
from paperchecks.theory.lion import composite_minimizer, k_row

__all__ = ["make"]


def _contours(ax, f, lim):
    g = np.linspace(-lim, lim, 200)
    xx, yy = np.meshgrid(g, g)
    zz = np.vectorize(lambda a, b: float(f(np.array([a, b]))))(xx, yy)
    ax.contour(xx, yy, np.log1p(zz - zz.min()), levels=15, colors="0.75", linewidths=0.6)


def make(quick: bool, seed: int = 0):
    """Lion trajectories entering the box [-1/lambda, 1/lambda]^2 (docs/papers/lion.md §7.2 F1).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    fig, axes = plt.subplots(1, 2, figsize=(11, 5), constrained_layout=True)
    quad = plane_quadratic()
    _contours(axes[0], quad.f, 4.5)
    for i, lam in enumerate((0.5, 1.0, 2.0)):
        tr = run_discrete(quad.grad, np.array([-4.0, 4.0]), lr=1e-2, beta1=0.9, beta2=0.99, weight_decay=lam, steps=3000)
        x = np.asarray(tr.x)
        star = composite_minimizer(PLANE_HESSIAN, PLANE_CENTER, k_row("l1"), lam)
        color = f"C{i}"
        axes[0].add_patch(Rectangle((-1 / lam, -1 / lam), 2 / lam, 2 / lam, fill=False, ec=color, ls="--"))
        axes[0].plot(x[:, 0], x[:, 1], "-", color=color, lw=1, label=f"λ = {lam}")
        axes[0].plot(*star, "*", color=color, ms=14, mec="k")
    axes[0].plot(*PLANE_CENTER, "kx", ms=8, label="unconstrained optimum")
    axes[0].set(xlim=(-4.5, 4.5), ylim=(-4.5, 4.5), aspect="equal", title="quadratic: Lion → box-constrained optimum (stars)")
    rosen = rosenbrock()
    _contours(axes[1], rosen.f, 2.5)
    tr = run_discrete(rosen.grad, np.array([-2.0, 2.0]), lr=1e-2, beta1=0.9, beta2=0.99, weight_decay=1.0, steps=3000)
    x = np.asarray(tr.x)
    axes[1].add_patch(Rectangle((-1, -1), 2, 2, fill=False, ec="C3", ls="--"))
    axes[1].plot(x[:, 0], x[:, 1], "-", color="C3", lw=1, label="λ = 1")
    axes[1].plot(1, 1, "kx", ms=8, label="unconstrained optimum (1, 1)")
    axes[1].set(xlim=(-2.5, 2.5), ylim=(-2.5, 2.5), aspect="equal", title="scaled Rosenbrock (nonconvex)")
    for ax in axes:
        ax.legend(fontsize=7, loc="lower left")
        ax.set(xlabel="x₁", ylabel="x₂")
    fig.suptitle("Lion with weight decay λ solves min f s.t. ‖x‖∞ ≤ 1/λ")
    return fig
