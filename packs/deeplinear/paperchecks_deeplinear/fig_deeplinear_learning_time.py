"""Learning times: the time to reach half strength against s (closed form (1/2s) ln((s - u0)/u0) as a line,
gradient descent as markers; stronger modes first), and the depth-scaled learning time D t_D of a balanced
network from a fixed total scale u0 against depth D (quadrature as a line, gradient descent at eta = 0.02/D
as markers), approaching its finite limit (dashed); claims ``deeplinear.stronger_modes_learned_first`` and
``deeplinear.depth_scaled_learning_time_is_finite`` (docs/deeplinear.md §3-§4)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks_deeplinear import sims, theory
from paperchecks_deeplinear.claims import START


def make(*, quick: bool, seed: int = 0):
    """The figure (``quick``: fewer strengths and depths).

    Args:
        quick: the reduced size.
        seed: the seed of Sigma31's singular vectors.

    Returns:
        The :class:`matplotlib.figure.Figure`.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    grid = np.geomspace(0.25, 16.0, 200)
    left.loglog(
        grid, theory.learning_time(grid, START, grid / 2), "--", color="k", lw=1, label=r"closed form $\frac{1}{2s}\ln\frac{s - u_0}{u_0}$"
    )
    strengths = np.array((8.0, 4.0, 2.0, 1.0, 0.5) if quick else (16.0, 8.0, 4.0, 2.0, 1.0, 0.5, 0.25))
    lr = 0.05 / strengths.max()
    target, u_basis, v_basis = sims.correlation(strengths, seed)
    horizon = 1.3 * float(theory.learning_time(strengths.min(), START, strengths.min() / 2))
    run = sims.gradient_descent(
        sims.balanced_start(u_basis, v_basis, START, seed=seed), target, u_basis, v_basis, lr=lr, steps=int(round(horizon / lr))
    )
    left.loglog(strengths, sims.half_times(run, strengths), "o", color="C0", label=rf"gradient descent, $\eta = {lr:.3g}$")
    left.set(xlabel="singular value $s$", ylabel=r"time to half strength $t_{1/2}$", title="stronger modes are learned first")
    left.legend(fontsize=8)

    s, target_u = 4.0, 2.0
    depths = 2 ** np.arange(1, 13)
    right.semilogx(depths, [theory.depth_scaled_time(int(d), s, START, target_u) for d in depths], "-", color="C1", label="quadrature")
    right.axhline(theory.depth_scaled_time_limit(s, START, target_u), ls="--", color="k", lw=1, label=r"limit $\int du / (u^2 (s - u))$")
    one, u1, v1 = sims.correlation((s,), seed)
    simulated = (2, 4, 8) if quick else (2, 3, 4, 6, 8, 16)
    measured = []
    for depth in simulated:
        steps = int(np.ceil(theory.depth_scaled_time(depth, s, START, target_u) / 0.02 * 1.3))
        r = sims.gradient_descent(sims.balanced_start(u1, v1, START, depth=depth), one, u1, v1, lr=0.02 / depth, steps=steps)
        measured.append(depth * sims.half_times(r, (s,))[0])
    right.semilogx(simulated, measured, "o", color="C1", label=r"gradient descent, $\eta = 0.02 / D$")
    right.set(
        xlabel="depth $D$ (weight matrices)",
        ylabel=r"depth-scaled learning time $D\,t_D$",
        title=rf"balanced start, $u_0 = 10^{{-3}}$, $s = {s:g}$",
    )
    right.legend(fontsize=8)
    return fig
