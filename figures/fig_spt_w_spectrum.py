"""Figure 5 of docs/papers/spt.md §5.4: with Fourier PE (T = 32, K = 4, d_p = 8) the masked-reconstruction
gradient at W = 0 is block-diagonal; its diagonal (cos and sin entries of each frequency) follows
(a S_x(w_k) - c0)/(T sqrt d_p) (circular MA(3) data, rho = 0.25), and the label gradient is exactly 0."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims import attention
from paperchecks.theory import spt as theory

__all__ = ["make"]


def make(quick: bool, seed: int = 0):
    """The masked-reconstruction W-gradient diagonal against the predicted spectrum (docs/papers/spt.md
    §5.4 figure 5, §3.3-3.4).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: the base seed of the drawn data and masks.

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    length, rate = 32, 0.25
    covariance = attention.circular_ma_covariance(length)
    predicted = theory.masked_w_gradient_diagonal(covariance, rate, 4)
    x = jnp.asarray(attention.circular_ma(np.random.default_rng([seed, 5]), 100_000 if quick else 400_000, length))
    mask = attention.bernoulli_mask(jax.random.key(seed), x.shape, rate)
    g = -attention.pe_masked_gradient(jnp.asarray(attention.fourier_pe(length, 4)), x, mask)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    k = np.arange(8)
    axes[0].bar(k - 0.2, predicted, 0.4, label="predicted (a S_x(ω_k) − c0)/(T √d_p)")
    axes[0].bar(k + 0.2, np.diag(g), 0.4, label=f"Monte Carlo ({x.shape[0]:,} sequences)")
    axes[0].set_xticks(k, [f"{'cos' if i % 2 == 0 else 'sin'} ω{i // 2 + 1}" for i in k])
    axes[0].set(ylabel="diag(−∇_W L_mlm) at W = 0", title="masked gradient along the proximity directions")
    axes[0].legend(fontsize=8)
    limit = np.max(np.abs(g))
    image = axes[1].imshow(g, cmap="RdBu_r", vmin=-limit, vmax=limit)
    axes[1].set(title="−∇_W L_mlm: block-diagonal (off-diagonal = MC noise)", xlabel="PE coordinate", ylabel="PE coordinate")
    fig.colorbar(image, ax=axes[1])
    fig.suptitle("W-space: masked reconstruction grows W along the data spectrum; the label gradient is exactly 0 here")
    return fig
