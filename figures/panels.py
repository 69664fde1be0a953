"""Plot pieces shared by several figures (no figure of its own)."""

from __future__ import annotations

import zlib

import jax
import numpy as np

from paperchecks.sims.linreg import exact_risk, monte_carlo_risk

__all__ = ["exact_vs_monte_carlo", "finish"]


_SYMBOLS = {"lr": r"\eta", "momentum": r"\beta", "alpha": r"\alpha"}


def exact_vs_monte_carlo(axes, problem, methods, *, batch, steps, seeds, seed, averagings=("none",)) -> None:
    """One column per method: on top the exact risk (theory, dashed) and the Monte Carlo mean
    (markers) on log-log axes; below, the Monte Carlo mean's relative deviation from the exact risk
    with its 95 % band (1.96 SE over seeds), where a band too thin to see on the top panel is
    visible. ``methods`` holds (method, title, hyper); one colour per averaging.

    Reference: docs/papers/momentum.md §6 figure 5, docs/papers/anytime.md §7 check 1.

    Args:
        axes: a (2, methods) array of matplotlib axes.
        problem: the :class:`sims.problem.Problem`.
        methods: ``(method, title, hyperparameters)`` triples.
        batch: B.
        steps: T.
        seeds: the Monte Carlo seeds.
        seed: the base seed.
        averagings: the averaging rules drawn.
    """
    record = np.unique(np.geomspace(1, steps, 40).round().astype(int))
    for top, bottom, (method, title, hyper) in zip(axes[0], axes[1], methods, strict=True):
        for averaging, color in zip(averagings, ("C0", "C3", "C2"), strict=False):
            kw = dict(batch=batch, steps=steps, averaging=averaging, record=record)
            exact = exact_risk(problem, method, **hyper, **kw)
            key = jax.random.fold_in(jax.random.key(seed), zlib.crc32(f"{method}-{averaging}".encode()))
            mc = monte_carlo_risk(problem, method, **hyper, **kw, seeds=seeds, key=key)
            label = "last iterate" if averaging == "none" else f"{averaging} average"
            top.plot(exact.steps, exact.risk, color=color, ls="--", lw=1.5, label=f"exact, {label}")
            top.plot(mc.steps, mc.mean, ls="", marker="o", ms=2.5, color=color, label=f"Monte Carlo, {label}")
            deviation, band = mc.mean / exact.risk - 1.0, 1.96 * mc.se / exact.risk
            bottom.fill_between(mc.steps, deviation - band, deviation + band, color=color, alpha=0.3, lw=0)
            bottom.plot(mc.steps, deviation, color=color, lw=1)
        hyper_text = ", ".join(f"${_SYMBOLS.get(k, k)} = {v:.3g}$" for k, v in hyper.items())
        top.set(xscale="log", yscale="log")
        top.set_title(f"{title}\n{hyper_text}, $B = {batch}$", fontsize=9)
        bottom.axhline(0.0, color="k", lw=0.8)
        bottom.set(xscale="log", xlabel="step $t$")
        for ax in (top, bottom):
            ax.grid(True, which="both", alpha=0.3)
    axes[0][0].set_ylabel(r"excess risk $\frac{1}{2}\sum_i \lambda_i\,\mathbb{E}\,e_{t,i}^2$")
    axes[1][0].set_ylabel("MC / exact − 1\n(95 % band)")
    axes[0][0].legend(fontsize=7, loc="lower left")


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
