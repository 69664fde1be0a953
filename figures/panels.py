"""Plot pieces shared by several figures (no figure of its own)."""

from __future__ import annotations

import zlib

import jax
import numpy as np

from paperchecks.sims.linreg import exact_risk, monte_carlo_risk

__all__ = ["exact_vs_monte_carlo", "finish"]


def exact_vs_monte_carlo(axes, problem, methods, *, batch, steps, seeds, seed, averagings=("none",)) -> None:
    """One log-log panel per method: exact risk curves and the Monte Carlo mean with its 95 %
    band (1.96 SE over seeds), for each averaging. ``methods`` holds (method, title, hyper).

    Reference: hb_asgd.md §6 figure 5, anytime.md §7 check 1.

    Args:
        axes: one matplotlib axes per method.
        problem: the :class:`sims.problem.Problem`.
        methods: ``(method, title, hyperparameters)`` triples.
        batch: B.
        steps: T.
        seeds: the Monte Carlo seeds.
        seed: the base seed.
        averagings: the averaging rules drawn.
    """
    record = np.unique(np.geomspace(1, steps, 40).round().astype(int))
    for ax, (method, title, hyper) in zip(axes, methods, strict=True):
        for averaging, color in zip(averagings, ("C0", "C1", "C2"), strict=False):
            kw = dict(batch=batch, steps=steps, averaging=averaging, record=record)
            exact = exact_risk(problem, method, **hyper, **kw)
            key = jax.random.fold_in(jax.random.key(seed), zlib.crc32(f"{method}-{averaging}".encode()))
            mc = monte_carlo_risk(problem, method, **hyper, **kw, seeds=seeds, key=key)
            label = "last iterate" if averaging == "none" else f"{averaging} average"
            ax.plot(exact.steps, exact.risk, color=color, lw=1.5, label=f"exact, {label}")
            ax.fill_between(mc.steps, mc.mean - 1.96 * mc.se, mc.mean + 1.96 * mc.se, color=color, alpha=0.25, lw=0)
            ax.plot(mc.steps, mc.mean, ls="", marker=".", ms=3, color=color, label=f"Monte Carlo ({seeds} seeds)")
        hyper_text = ", ".join(f"{k}={v:.3g}" for k, v in hyper.items())
        ax.set(xscale="log", yscale="log", title=f"{title}\n{hyper_text}, B={batch}", xlabel="step t")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("excess risk  ½ Σ λ_i E e_{t,i}²")
    axes[0].legend(fontsize=7, loc="lower left")


def finish(fig, axes, title: str, *, legend_size: int = 7):
    """Grid (major and minor) and legend on every panel, then the figure title; returns ``fig``.

    Reference: README.md, "Figures" (readable figures: grids, legends, titles).

    Args:
        fig: the figure.
        axes: its axes.
        title: the figure title.
        legend_size: the legend font size.

    Returns:
        ``fig``.
    """
    for ax in axes:
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=legend_size)
    fig.suptitle(title)
    return fig
