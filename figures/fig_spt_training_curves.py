"""Figures 2 and 3 of docs/papers/spt.md §5.4: locality ratio (mean attention distance / uniform) and
test accuracy against the training step for every arm of §5.3 (mean ± sd over the arm's seeds):
masked pretraining (left), then the label-trained arms."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.figures.panels import finish
from paperchecks.sims import spt_arms, spt_task

__all__ = ["LABELS", "make"]

LABELS = {
    "scratch": "scratch",
    "self_pretrained": "self-pretrained",
    "qk_transplant": "fresh + SPT W_Q, W_K",
    "qk_reset": "SPT, W_Q, W_K reset",
    "qk_frozen": "SPT, W_Q, W_K frozen",
    "proximity_prior": "bias −0.3|i−j|",
    "uniform_attention": "uniform attention",
}


def _band(ax, run, values, label, color, style="-"):
    """Mean over seeds with its standard error (the +- sd bands of the seeds overlapped into one blur)."""
    mean, se = values.mean(1), values.std(1, ddof=1) / np.sqrt(values.shape[1])
    ax.plot(run.steps, mean, style, color=color, marker=".", label=f"{label} ({values.shape[1]})")
    ax.fill_between(run.steps, mean - se, mean + se, color=color, alpha=0.15, lw=0)


def make(quick: bool, seed: int = 0):
    """Locality ratio and test accuracy against the training step for every arm (docs/papers/spt.md §5.4
    figures 2-3).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: the base seed of the training runs (the protocol's seeds shifted by ``seed``, as in the claims).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    protocol = spt_arms.protocol(quick).shifted(seed)
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.6), constrained_layout=True)
    pretrained = spt_arms.arm(protocol, "pretrained")
    _band(axes[0], pretrained, pretrained.distance / spt_task.UNIFORM_MAD, "masked reconstruction", "C7")
    axes[0].set(
        xlabel="masked-reconstruction step",
        ylabel=r"locality ratio $\mathrm{MAD} / \mathrm{MAD}_{\mathrm{uniform}}$",
        title="self-pretraining",
    )
    for i, (name, label) in enumerate(LABELS.items()):
        run = spt_arms.arm(protocol, name)
        style = ("-", "--", "-.", ":")[i % 4]
        _band(axes[1], run, run.distance / spt_task.UNIFORM_MAD, label, f"C{i}", style)
        _band(axes[2], run, run.accuracy, label, f"C{i}", style)
    axes[1].set(xlabel="label step", ylabel="locality ratio", title="attention locality during label training")
    axes[2].set(xlabel="label step", ylabel="test accuracy", title="test accuracy (2048 held-out sequences)", ylim=(0.45, 1.0))
    for ax in axes[:2]:
        ax.axhline(1.0, color="k", lw=0.8, ls=":")
    axes[2].axhline(0.5, color="k", lw=0.8, ls=":")
    title = f"Self-pretraining arms on the minimal task: mean ± SE over seeds (count in brackets); {protocol.mlm_steps} masked steps"
    return finish(fig, axes, title, legend_size=7)
