"""The paper's synthetic figure (docs/papers/anytime.md §6.4, release configuration): excess risk 1/2 E||e||_H^2
against samples for constant + uniform average and 1/sqrt(t) + uniform average (the authors'
multipliers), with WSD last-iterate markers (stable 80 %, m of the constant run), in six panels:
b = a (gamma* = 0, top) and b = 2a (gamma* = 1/2, bottom); normalised target, sigma^2 = 0.01."""

from __future__ import annotations

import matplotlib.pyplot as plt

from paperchecks.figures.style import colour
from paperchecks.sims import schedules
from paperchecks.sims.anytime import FIGURE_THREE, figure_three_curves, trace
from paperchecks.sims.linreg import Problem, exact_risk

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """The paper's synthetic figure: constant and 1/sqrt(t) schedules with uniform averaging, WSD
    markers (docs/papers/anytime.md §6.4).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: unused: this figure is deterministic (every figure takes the catalog's seed).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    d, horizon = (20_000, 2000) if quick else (500_000, 10_000)
    wsd_horizons = [n for n in (1000, 2000, 5000, 10_000) if n <= horizon]
    fig, axes = plt.subplots(2, 3, figsize=(13, 7), constrained_layout=True)
    for ax, ((a, b), (m_const, m_sqrt, _)) in zip(axes.ravel(), FIGURE_THREE.items(), strict=True):
        p = Problem.power_law(d, capacity=a, source=b, noise_var=0.01, normalize=True)
        curves = figure_three_curves(a, b, d, horizon)  # the official-numbers claim's runs in a reproduce run
        for curve, label, color in zip(
            curves,
            (f"const + avg (m={m_const:g})", f"1/sqrt(t) + avg (m={m_sqrt:g})"),
            (colour("constant"), colour("inverse_sqrt")),
            strict=True,
        ):
            ax.plot(curve.steps, curve.risk, color=color, label=label)
        wsd = [
            exact_risk(p, "sgd", lr=schedules.wsd(m_const / trace(p), n, 0.8), batch=1, steps=n, record=[n]).risk[-1] for n in wsd_horizons
        ]
        ax.plot(wsd_horizons, wsd, "s", color=colour("wsd"), label="WSD, last iterate")
        ax.set(xscale="log", yscale="log", title=f"a = {a}, b = {b}", xlabel="samples N", ylabel="excess risk ½ E‖w − w*‖²_H")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(f"Synthetic power-law regression (d = {d:,}, σ² = 0.01, ‖w*‖ = 1): top b = a, bottom b = 2a")
    return fig
