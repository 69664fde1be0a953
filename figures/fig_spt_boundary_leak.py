"""Figure 6 of docs/papers/spt.md §5.4 (optional, uncalibrated [U]): the label model LM(phi) without
residual is blind to circulant directions but not to a band direction D_ij = 1[|i - j| <= 1] on the
line, whose column sums differ at the two boundary columns (§3.2, the (-v0 + v1 + v2 - v3)/32 leak at
T = 4). Relative leak |<grad_S L_lab, D_band>| / ||grad_S L_lab|| at S = 0 against T (unit-norm D;
median and min-max over seeds of AR-vs-shuffled data and non-attention parameters)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.panels import finish
from paperchecks.sims import attention

__all__ = ["LENGTHS", "make"]

LENGTHS = (8, 16, 32, 64, 128)


def make(quick: bool, seed: int = 0):
    """Relative label-gradient leak along a band direction against T (docs/papers/spt.md §5.4 figure 6,
    §3.5).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: the base seed of the drawn data and parameters.

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    seeds = 5 if quick else 20
    fig, ax = plt.subplots(figsize=(6.5, 4.5), constrained_layout=True)
    for i, phi in enumerate(("id", "tanh")):
        grad = jax.jit(jax.grad(lambda s, p, x, y, phi=phi: attention.label_loss(s, p, x, y, phi=phi)))
        leaks = np.empty((len(LENGTHS), seeds))
        for row, length in enumerate(LENGTHS):
            band = attention.band_direction(length)
            for s in range(seeds):
                params, tokens, labels = attention.label_problem(
                    np.random.default_rng([seed, 6, length, s]), jax.random.key(s), length, 512
                )
                g = np.asarray(grad(jnp.zeros((length, length)), params, tokens, labels))
                leaks[row, s] = abs(np.sum(g * band)) / np.linalg.norm(g)
        median = np.median(leaks, axis=1)
        slope = np.polyfit(np.log(LENGTHS), np.log(median), 1)[0]
        ax.plot(
            LENGTHS,
            median,
            marker="o",
            color=f"C{i}",
            label=rf"$\phi = \mathrm{{{phi}}}$: median of {seeds} seeds, fitted slope {slope:.2f}",
        )
        ax.fill_between(LENGTHS, leaks.min(1), leaks.max(1), color=f"C{i}", alpha=0.2, lw=0)
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="sequence length $T$",
        ylabel=r"$|\langle \nabla_S L_{\mathrm{lab}}, D_{\mathrm{band}}\rangle| \,/\, \Vert \nabla_S L_{\mathrm{lab}} \Vert$ at $S = 0$",
    )
    ax.set_xticks(LENGTHS, [str(t) for t in LENGTHS])
    return finish(fig, [ax], "Band-direction leak of the label slope against $T$ (uncalibrated)")
