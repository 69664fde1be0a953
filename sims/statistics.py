"""The one Monte Carlo z-test of paperchecks (docs/verdicts.md, "Monte Carlo"): every claim and the
testing kit compare a seed mean with a prediction through :func:`z_scores`.

A mean over n independent seeds has standard error SE = std(ddof=1)/sqrt(n); its distance to a
prediction in units of SE is z. Claims accept |z| <= 4 (two-sided agreement) or z <= 4 on the side
a bound forbids (one-sided), docs/design.md, "A claim" (tolerances from standard errors).
The seeds' keys come from :func:`tagged_key` (a claim's ``size.key(tag)``), so that a figure can draw
the very runs of the claim it illustrates.
"""

from __future__ import annotations

import math
import zlib

import jax
import numpy as np

from paperchecks.sims.validation import choice

__all__ = ["SIDES", "Z_LIMIT", "mean_and_se", "tagged_key", "z_scores"]

Z_LIMIT = 4.0
SIDES = ("both", "below", "above")


def tagged_key(seed: int, tag: str) -> jax.Array:
    """The PRNG key of a run: ``fold_in(key(seed), crc32(tag) mod 2^31)``, stable across runs and
    processes (what ``Size.key(tag)`` of a claim returns).

    Reference: docs/design.md, Conventions (explicit PRNG keys).

    Args:
        seed: the base seed.
        tag: the run's tag (a claim's name, or the name of one of its runs).

    Returns:
        The key.
    """
    return jax.random.fold_in(jax.random.key(seed), zlib.crc32(tag.encode()) & 0x7FFFFFFF)


def mean_and_se(samples, axis: int = -1) -> tuple[np.ndarray, np.ndarray]:
    """Mean over seeds and its standard error (ddof = 1).

    Reference: docs/verdicts.md, "Monte Carlo".

    Args:
        samples: the samples, one per seed along ``axis``.
        axis: the seed axis.

    Returns:
        ``(mean, standard error)``.
    """
    samples = np.asarray(samples, dtype=np.float64)
    count = samples.shape[axis]
    return samples.mean(axis=axis), samples.std(axis=axis, ddof=1) / math.sqrt(count)


def z_scores(mean, se, target, *, side: str = "both", resolution: float = 0.0) -> np.ndarray:
    """Distances of seed means from a prediction in standard errors.

    ``side="both"``: |mean - target| / SE (agreement); ``"below"``: (mean - target) / SE, positive
    when the mean exceeds an upper bound; ``"above"``: (target - mean) / SE, positive when it falls
    below a lower bound. ``resolution`` adds resolution * |target| to the SE (the float64 floor of
    an exact prediction whose seed spread vanishes). Where the spread is zero the score is +inf for
    a violation and 0 otherwise, never NaN.

    Reference: docs/verdicts.md, "Monte Carlo".

    Args:
        mean: the seed means.
        se: their standard errors (>= 0).
        target: the prediction or bound (broadcast).
        side: one of :data:`SIDES`.
        resolution: the relative resolution floor, >= 0.

    Returns:
        The float64 array of scores.
    """
    choice("side", side, SIDES)
    mean, se, target = (np.asarray(v, dtype=np.float64) for v in (mean, se, target))
    difference = {"both": np.abs(mean - target), "below": mean - target, "above": target - mean}[side]
    scale = se + resolution * np.abs(target)
    safe = np.where(scale > 0, scale, 1.0)
    return np.where(scale > 0, difference / safe, np.where(difference > 0, np.inf, 0.0))
