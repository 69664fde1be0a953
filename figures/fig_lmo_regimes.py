"""F2 of docs/papers/lmo.md §7: the exact optima eta*, 1 - beta*, B*, Phi* against the sample budget
T = K B for the four tuning regimes (R1: beta = 0.9, B = 8; R2: B = 8; R3: beta = 0.9; R4: all
free), with fitted log-log slopes (canonical constants, Delta = L = sigma = 1)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims.fitting import loglog_slope
from paperchecks.theory import lmo as theory

__all__ = ["REGIMES", "UNIT", "make"]

UNIT = {"delta": 1.0, "L": 1.0, "sigma": 1.0}
REGIMES = {
    "R1 (η; β = 0.9, B = 8)": ("R1", 8.0, {"batch": 8.0, "momentum": 0.9}),
    "R2 (η, β; B = 8)": ("R2", 8.0, {"batch": 8.0}),
    "R3 (η, B; β = 0.9)": ("R3", None, {"momentum": 0.9}),
    "R4 (η, β, B)": ("R4", None, {}),
}


def make(quick: bool, seed: int = 0):
    """Exact optima eta*, 1 - beta*, B*, Phi* against T for regimes R1-R4 with fitted slopes
    (docs/papers/lmo.md §7 F2).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    tokens = np.logspace(8, 16, 9 if quick else 17)
    fig, axes = plt.subplots(1, 4, figsize=(16, 4.4), constrained_layout=True)
    quantities = (("lr", r"$\eta^*$"), ("alpha", r"$1 - \beta^*$"), ("batch", r"$B^*$"), ("bound", r"$\Phi^*$"))
    styles = ("o-", "s--", "^-.", "D:")  # R2-R4 coincide in Phi*: a marker and a dash each keep all four visible
    for i, (label, (regime, batch, extra)) in enumerate(REGIMES.items()):
        results = [theory.optimal_hyperparameters(regime, budget=t / batch if batch else t, **extra, **UNIT) for t in tokens]
        for ax, (key, name) in zip(axes, quantities, strict=True):
            values = np.array([1 - r["momentum"] if key == "alpha" else r[key] for r in results])
            if np.ptp(values) == 0:
                continue  # a fixed quantity of this regime
            slope = loglog_slope(tokens, values, low=1e10)
            ax.plot(tokens, values, styles[i], ms=4, mfc="none", color=f"C{i}", label=label if key == "lr" else None)
            ax.annotate(
                f"{slope:+.3f}", (tokens[-1], values[-1]), xytext=(4, 0), textcoords="offset points", fontsize=8, color=f"C{i}", va="center"
            )
            ax.set(xscale="log", yscale="log", xlabel="samples $T = K B$", title=f"{name} (fitted slopes at the right)")
    for ax in axes:
        ax.grid(True, which="both", alpha=0.3)
        ax.margins(x=0.12)
    fig.legend(loc="outside lower center", ncol=4, fontsize=9)
    fig.suptitle(
        r"Bound-optimal hyperparameters vs budget (slopes over $T \geq 10^{10}$): all tuned, $\eta^* \propto T^{-7/12}$, $1 - \beta^* \propto T^{-1/3}$, $B^* \propto T^{1/6}$"
    )
    return fig
