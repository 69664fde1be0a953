"""Exactness of the engine: Monte Carlo mean risk (95 % band over seeds) against the exact
second-moment recursion, one panel per method (hb_asgd.md §6 figure 5, anytime.md §7 check 1)."""

from __future__ import annotations

import zlib

import jax
import matplotlib.pyplot as plt
import numpy as np

from sims.linreg import Problem, exact_risk, monte_carlo_risk

METHODS = (
    ("sgd", "SGD", {"lr": 0.25}),
    ("hb", "heavy ball", {"lr": 0.1, "momentum": 0.6}),
    ("asgd", "ASGD (momentum form)", {"lr": 0.05, "momentum": 0.8, "alpha": 0.15}),
)


def make(quick: bool, seed: int = 0):
    """Three log-log panels; exact curves for the last iterate and the uniform average."""
    problem = Problem.power_law(16, capacity=1.5, source=2.5, noise_var=0.1)
    steps, seeds = (100, 2000) if quick else (300, 20000)
    record = np.unique(np.geomspace(1, steps, 40).round().astype(int))
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), sharey=True, constrained_layout=True)
    for ax, (method, title, hyper) in zip(axes, METHODS, strict=True):
        for averaging, color in (("none", "C0"), ("uniform", "C1")):
            kw = dict(batch=4, steps=steps, averaging=averaging, record=record)
            exact = exact_risk(problem, method, **hyper, **kw)
            key = jax.random.fold_in(jax.random.key(seed), zlib.crc32(f"{method}-{averaging}".encode()))
            mc = monte_carlo_risk(problem, method, **hyper, **kw, seeds=seeds, key=key)
            label = "last iterate" if averaging == "none" else "uniform average"
            ax.plot(exact.steps, exact.risk, color=color, lw=1.5, label=f"exact, {label}")
            ax.fill_between(mc.steps, mc.mean - 1.96 * mc.se, mc.mean + 1.96 * mc.se, color=color, alpha=0.25, lw=0)
            ax.plot(mc.steps, mc.mean, ls="", marker=".", ms=3, color=color, label=f"Monte Carlo ({seeds} seeds)")
        hyper_text = ", ".join(f"{k}={v:g}" for k, v in hyper.items())
        ax.set(xscale="log", yscale="log", title=f"{title}\n{hyper_text}, B=4", xlabel="step t")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("excess risk  ½ Σ λ_i E e_{t,i}²")
    axes[0].legend(fontsize=7, loc="lower left")
    fig.suptitle("Engine exactness: d = 16, λ_i = i^-1.5, source b = 2.5, σ² = 0.1")
    return fig
