"""F4 of docs/papers/lmo.md §7: at fixed K the tuned bound (eta and beta tuned, R2) improves as
B^(-1/4) (it depends on T = K B only) up to the critical batch B_crit ~ K, beyond which momentum is
switched off (beta* = 0) and the bound flattens to a K^(-1/2) floor."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.panels import finish
from paperchecks.theory import lmo as theory

__all__ = ["UNIT", "make"]

UNIT = {"delta": 1.0, "L": 1.0, "sigma": 1.0}


def make(quick: bool, seed: int = 0):
    """The tuned R2 bound against B at fixed K: B^(-1/4) up to B_crit, then a floor (docs/papers/lmo.md §7 F4).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), constrained_layout=True)
    for i, steps in enumerate((1e3, 1e4, 1e5)):
        batches = np.logspace(0, np.log10(steps) + 2.5, 30 if quick else 80)
        tuned = [theory.optimal_hyperparameters("R2", budget=steps, batch=float(b), **UNIT) for b in batches]
        corner = theory.r2_corner_batch(steps, **UNIT)
        color = f"C{i}"
        axes[0].plot(batches, [r["bound"] for r in tuned], "-", color=color, label=f"K = {steps:.0e}")
        lead = [float(theory.evaluate("R2_bound", K=steps, B=b, Delta=1.0, L=1.0, sigma=1.0)) for b in batches[batches < corner]]
        axes[0].plot(batches[batches < corner], lead, ":", color=color, lw=1)
        axes[0].axvline(corner, color=color, ls="--", lw=0.8)
        axes[1].plot(batches, [1 - r["momentum"] for r in tuned], "-", color=color, label=f"K = {steps:.0e}, corner B = {corner:.3g}")
    axes[0].set(
        xscale="log",
        yscale="log",
        xlabel="batch size B",
        ylabel="Φ* (η, β tuned)",
        title="perfect scaling (dotted: leading order ∝ (KB)^-1/4) up to B_crit (dashed)",
    )
    axes[1].set(
        xscale="log", yscale="log", xlabel="batch size B", ylabel="1 − β*", title="momentum is switched off beyond the critical batch"
    )
    return finish(fig, axes, "Critical batch size of the LMO bound: B_crit = A1²(A2+A3)σ²K/(4A2²ΔL) = 0.625 K", legend_size=7)
