"""F5 of lmo_scaling.md §7: measured (1/K) sum E||grad f(x_k)||_* of normalized SGD with momentum
(l2), Signum (l-inf) and Muon (spectral, exact polar factor) on the §8 C4 noisy quadratics against
the bound Phi (canonical constants, each geometry's own L and sigma), over the C4 grid."""

from __future__ import annotations

import zlib

import jax
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter

from paperchecks.figures.panels import finish
from paperchecks.sims.lmo import bound_problems, mean_and_se, simulate
from paperchecks.theory import lmo as theory

__all__ = ["NAMES", "make"]

NAMES = {"l2": "NSGD-M (ℓ2)", "linf": "Signum (ℓ∞)", "spectral": "Muon (spectral)"}


def make(quick: bool, seed: int = 0):
    """Measured mean dual gradient norm against the bound Phi in three geometries (lmo_scaling.md §7
    F5, §8 C4).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: the base seed of the noise streams.

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    lr, alpha, batch = np.meshgrid([3e-3, 1e-2, 3e-2], [0.03, 0.1, 1.0], [1.0, 4.0, 16.0], indexing="ij")
    steps_list = (1000,) if quick else (1000, 4000)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), constrained_layout=True)
    for i, (geometry, problem) in enumerate(bound_problems().items()):
        smoothness, sigma = problem.constants(geometry)
        for steps, marker in zip(steps_list, "os", strict=False):
            run = simulate(
                problem,
                geometry,
                lr=lr,
                momentum=1 - alpha,
                batch=batch,
                steps=steps,
                seeds=32,
                key=jax.random.fold_in(jax.random.key(seed), zlib.crc32(f"lmo-f5-{geometry}-{steps}".encode())),
            )
            mean, se = mean_and_se(run.mean_dual_grad)
            phi = theory.bound(lr, 1 - alpha, batch, steps, delta=problem.suboptimality, L=smoothness, sigma=sigma)
            label = f"{NAMES[geometry]}, K = {steps}"
            axes[0].errorbar(phi.ravel(), mean.ravel(), yerr=3 * se.ravel(), fmt=marker, ms=3, color=f"C{i}", label=label)
            axes[1].plot(
                alpha.ravel() * (1 + 0.05 * np.log2(batch.ravel())), (mean / phi).ravel(), marker, ms=4, color=f"C{i}", label=label
            )
    lims = np.array(axes[0].get_xlim())
    axes[0].plot(lims, lims, "k--", lw=1, label="measured = Φ")
    axes[0].set(xscale="log", yscale="log", xlabel="bound Φ(η, β, B; K)", ylabel="measured (1/K) Σ E‖∇f(x_k)‖_*  (± 3 SE)")
    axes[1].axhline(1.0, color="k", ls="--", lw=1)
    axes[1].set(xscale="log", xlabel="1 − β (jittered by batch)", ylabel="measured / Φ", title="tightness: the bound holds in every cell")
    for axis in (axes[0].xaxis, axes[0].yaxis):
        axis.set_minor_formatter(NullFormatter())
    return finish(fig, axes, "Three LMO optimizers against the convergence bound they share (32 seeds per cell)", legend_size=6)
