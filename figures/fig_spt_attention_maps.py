"""Figure 1 of docs/papers/spt.md §5.4: batch-averaged attention of the minimal task (§2.4) after
label-only training from scratch, after self-pretraining then fine-tuning, and after label-only
training with the fixed proximity bias -0.3 |i - j| (mean over the arm's seeds, §5.3 protocol)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paperchecks.sims import spt_arms, spt_task

__all__ = ["PANELS", "make"]

PANELS = (
    ("scratch", "label-only from scratch"),
    ("self_pretrained", "self-pretrained → fine-tuned"),
    ("proximity_prior", "label-only + bias −0.3|i−j|"),
)


def make(quick: bool, seed: int = 0):
    """Batch-averaged attention maps of the arms of the minimal task (docs/papers/spt.md §5.4 figure 1,
    §5.3).

    Args:
        quick: the reduced grid of the tests and ``--size quick`` (seconds) instead of the reproduce run's.
        seed: the base seed of the training runs (the protocol's seeds shifted by ``seed``, as in the claims).

    Returns:
        The :class:`matplotlib.figure.Figure` (written by :func:`figures.catalog.write_figures`).
    """
    protocol = spt_arms.protocol(quick).shifted(seed)
    fig, axes = plt.subplots(1, 3, figsize=(14, 5.4), constrained_layout=True)  # room for the shared colour bar
    maps = {name: spt_arms.mean_attention(protocol, name) for name, _ in PANELS}
    top = max(float(np.max(m)) for m in maps.values())  # one colour scale: a diffuse map must look diffuse
    for ax, (name, title) in zip(axes, PANELS, strict=True):
        attention = maps[name]
        mad = float(spt_task.mean_attention_distance(attention[None]))
        image = ax.imshow(attention, cmap="viridis", vmin=0, vmax=top)
        seeds = len(spt_arms.arm_seeds(protocol, name))
        ax.set(title=f"{title}\nlocality ratio {mad / spt_task.UNIFORM_MAD:.2f} ({seeds} seeds)", xlabel="key $j$", ylabel="query $i$")
    fig.colorbar(image, ax=axes, shrink=0.8, label="attention weight (shared scale)")
    fig.suptitle(f"Attention after {protocol.cls_steps} label steps: self-pretraining makes it local, label training leaves it diffuse")
    return fig
