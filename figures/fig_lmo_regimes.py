"""F2 of lmo_scaling.md §7: the exact optima eta*, 1 - beta*, B*, Phi* against the sample budget
T = K B for the four tuning regimes (R1: beta = 0.9, B = 8; R2: B = 8; R3: beta = 0.9; R4: all
free), with fitted log-log slopes (canonical constants, Delta = L = sigma = 1)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.panels import finish
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
    (lmo_scaling.md §7 F2).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    tokens = np.logspace(8, 16, 9 if quick else 17)
    fig, axes = plt.subplots(1, 4, figsize=(16, 4), constrained_layout=True)
    quantities = (("lr", "η*"), ("alpha", "1 − β*"), ("batch", "B*"), ("bound", "Φ*"))
    for i, (label, (regime, batch, extra)) in enumerate(REGIMES.items()):
        results = [theory.optimal_hyperparameters(regime, budget=t / batch if batch else t, **extra, **UNIT) for t in tokens]
        for ax, (key, name) in zip(axes, quantities, strict=True):
            values = np.array([1 - r["momentum"] if key == "alpha" else r[key] for r in results])
            if np.ptp(values) == 0:
                continue  # a fixed quantity of this regime
            slope = loglog_slope(tokens, values, low=1e10)
            ax.plot(tokens, values, "o-", ms=3, color=f"C{i}", label=f"{label}: slope {slope:+.3f}")
            ax.set(xscale="log", yscale="log", xlabel="samples T = K B", title=name)
    return finish(
        fig,
        axes,
        "Bound-optimal hyperparameters vs budget (slopes fitted over T ≥ 1e10): η* ∝ T^-7/12, 1−β* ∝ T^-1/3, B* ∝ T^1/6 when all are tuned",
        legend_size=6,
    )
