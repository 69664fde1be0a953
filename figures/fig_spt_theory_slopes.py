"""Figure 4 of docs/papers/spt.md §5.4: |slope| of the label loss and of the masked-reconstruction loss
(aligned readout, rho = 0.25) at S = 0 along unit directions, over 20 seeds of AR-vs-shuffled data
(T = 32, tanh, d_v = 8): the label model without residual is blind to circulant directions (float64
zero), leaks through the boundary for a band direction, and loses exact blindness with a residual
path; the masked slope is O(1e-3) throughout."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims import attention

__all__ = ["FLOOR", "make"]

FLOOR = 1e-20


def make(quick: bool, seed: int = 0):
    """|Slope| of the label and masked losses along unit score directions (docs/papers/spt.md §5.4 figure
    4, §3.1-3.4).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: the base seed of the 20 drawn data sets.

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    length = 32
    rng = np.random.default_rng([seed, 4])
    random = rng.normal(size=(length, length))
    directions = {
        "circulant": attention.circulant_direction(length),
        "band": attention.band_direction(length),
        "random": random / np.linalg.norm(random),
    }
    grads = {
        residual: jax.jit(jax.grad(lambda s, p, x, y, residual=residual: attention.label_loss(s, p, x, y, phi="tanh", residual=residual)))
        for residual in (False, True)
    }
    zero = jnp.zeros((length, length))
    slopes = {(kind, d): [] for kind in ("label", "label + residual", "masked") for d in directions}
    for s in range(8 if quick else 20):
        params, tokens, labels = attention.label_problem(np.random.default_rng([seed, s]), jax.random.key(s), length, 2048)
        mask = attention.bernoulli_mask(jax.random.fold_in(jax.random.key(seed), s), tokens.shape[:2], 0.25)
        masked = np.asarray(jax.grad(attention.masked_loss)(zero, tokens[..., 0], mask))
        label = {False: np.asarray(grads[False](zero, params, tokens, labels)), True: np.asarray(grads[True](zero, params, tokens, labels))}
        for name, d in directions.items():
            slopes[("label", name)].append(abs(float(np.sum(label[False] * d))))
            slopes[("label + residual", name)].append(abs(float(np.sum(label[True] * d))))
            slopes[("masked", name)].append(abs(float(np.sum(masked * d))))
    fig, ax = plt.subplots(figsize=(9, 4.5), constrained_layout=True)
    width = 0.25
    zero_label = "exactly 0 in float64 (drawn at the floor)"
    for i, kind in enumerate(("label", "label + residual", "masked")):
        for j, name in enumerate(directions):
            values = np.array(slopes[(kind, name)])
            x = j + (i - 1) * width
            shown = np.maximum(values, FLOOR)  # log axis: a float64 zero sits on the floor line, marked as such
            ax.plot([x, x], [shown.min(), shown.max()], color=f"C{i}", lw=1.5)
            if np.median(values) <= FLOOR:
                ax.plot(x, FLOOR, "v", color=f"C{i}", ms=9, mfc="white", label=zero_label)
                zero_label = None
            ax.plot(x, np.median(shown), "o", color=f"C{i}", ms=7, label=kind if j == 0 else None)
    ax.set_xticks(range(len(directions)), [f"{name} $D$" for name in directions])
    ax.set(
        yscale="log",
        ylabel=r"$|\langle \nabla_S L, D \rangle|$ at $S = 0$ (median, min-max)",
        ylim=(FLOOR / 3, 1),
        title="Label supervision is blind to circulant proximity directions; masked reconstruction is not",
    )
    ax.axhline(FLOOR, color="0.5", lw=0.8, ls=":")
    ax.legend(fontsize=8)
    ax.grid(True, axis="y", alpha=0.3)
    return fig
