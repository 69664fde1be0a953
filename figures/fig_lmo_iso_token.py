"""F3 of docs/papers/lmo.md §7: at fixed T the tuned bound Phi*(B) (eta and beta re-tuned per batch) is
flat to leading order; its excess over Phi_lead(T) is the subleading P(B) of §5.5, minimised at the
token-optimal B* ~ T^(1/6) and valid up to B_max ~ T^(1/2)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.panels import finish
from paperchecks.theory import lmo as theory

__all__ = ["UNIT", "make"]

UNIT = {"Delta": 1.0, "L": 1.0, "sigma": 1.0}


def make(quick: bool, seed: int = 0):
    """The tuned bound against B at fixed T and its subleading excess (docs/papers/lmo.md §7 F3, §5.5).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), constrained_layout=True)
    for i, tokens in enumerate((1e8, 1e10, 1e12)):
        b_max = float(theory.evaluate("b_max", T=tokens, **UNIT))
        batches = np.logspace(0, np.log10(b_max) + 0.3, 25 if quick else 60)
        tuned = [theory.optimal_hyperparameters("R2", budget=tokens / b, batch=float(b), delta=1.0, L=1.0, sigma=1.0) for b in batches]
        bound = np.array([r["bound"] for r in tuned])
        lead = float(theory.evaluate("phi_lead", T=tokens, **UNIT))
        sub = np.asarray(theory.evaluate("subleading", B=batches, T=tokens, **UNIT))
        best = theory.optimal_hyperparameters("R4", budget=tokens, delta=1.0, L=1.0, sigma=1.0)
        color = f"C{i}"
        axes[0].plot(batches, bound / lead, "-", color=color, label=f"T = {tokens:.0e}: Φ*(B)/Φ_lead")
        axes[0].axvline(b_max, color=color, ls=":", lw=1)
        axes[1].plot(batches, (bound - lead) / lead, "-", color=color, label=f"T = {tokens:.0e}: exact")
        axes[1].plot(batches, sub / lead, "--", color=color, lw=1, label=r"$P(B) / \Phi_{\mathrm{lead}}$")
        axes[1].plot(best["batch"], (best["bound"] - lead) / lead, "*", color=color, ms=10)
    axes[0].set(xscale="log", xlabel="batch size B", ylabel="Φ*(B) / Φ_lead(T)", title="flat in B up to B_max (dotted)")
    axes[1].set(
        xscale="log", yscale="log", xlabel="batch size B", ylabel="(Φ*(B) − Φ_lead)/Φ_lead", title="the subleading excess picks B* (stars)"
    )
    return finish(fig, axes, "At a fixed sample budget many batch sizes are equally good once η and β are re-tuned", legend_size=7)
