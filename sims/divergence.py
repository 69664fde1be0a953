"""When a simulation has diverged: the one rule every simulator applies (docs/design.md, Conventions).

A run **diverged** when either

1. **it blew up**: a recorded value is non-finite or exceeds ``DIVERGENCE_FACTOR`` = 1e12 times
   the run's reference scale (the initial risk or loss, or sigma^2 if larger). The record is cut
   just before the first such value, so no NaN or inf ever reaches a table, a fit or a figure; or
2. **it is still expanding when it stops**: the map that advances the run at its last step
   grows every small perturbation geometrically. Where a simulator has such a map in closed form
   this is decided exactly, from the configuration rather than from sampled values, so the exact
   recursion and the Monte Carlo estimate of the same configuration always agree:

   * linear regression (SGD / HB / ASGD, exact and Monte Carlo, and the explorer built on them):
     the spectral radius rho* of the exact second-moment operator at the last step's
     hyperparameters exceeds 1 (:func:`sims.stability.second_moment_expands`: the sign of the
     contraction gap from one evaluation of the secular function, no root search; docs/papers/momentum.md §4.3). A risk that only grows for a while (noise building up towards its
     stationary level, the transient of a non-normal momentum map) is not divergence; a rule on
     the sampled curve cannot tell the two apart at a finite horizon (the stable deterministic
     HB run at 0.99 x its limit grows 4.5x within one octave), the radius can;
   * discrete Lion-K with explicit (decoupled) weight decay: x_{t+1} = (1 - eta lambda) x_t +
     eta grad K(m~) expands when eta lambda > 2, since the bounded update eta grad K cannot hold
     back |1 - eta lambda|^t growth (docs/papers/lion.md §2.1); the implicit form never expands.

   Simulators whose every step is bounded (normalised / LMO updates, ||x_{t+1} - x_t|| = eta;
   Adam in the self-pretraining task; the Lion ODE, whose field is bounded plus a contraction
   -lambda x) can only grow linearly, so for them rule 1 is the whole rule.

The flag is ``diverged`` on every result type; claims turn it into the DIVERGED verdict.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DIVERGENCE_FACTOR", "blow_up_cut", "finite_rows"]

DIVERGENCE_FACTOR = 1e12


def blow_up_cut(values: np.ndarray, reference: float) -> int:
    """Number of leading recorded values before the first blow-up (rule 1 of the module docstring):
    a value that is non-finite or above ``DIVERGENCE_FACTOR`` x ``reference``.

    Reference: docs/design.md, Conventions (divergence is reported, never as NaN rows).

    Args:
        values: the recorded values, along the last axis.
        reference: the scale of a healthy run (the initial risk, or sigma^2 if larger).

    Returns:
        The cut index (``values.shape[-1]`` when nothing blew up).
    """
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values) | (values > DIVERGENCE_FACTOR * reference)
    return int(np.argmax(bad)) if bad.any() else values.shape[-1]


def finite_rows(*arrays: np.ndarray) -> int:
    """Number of leading rows (axis 0) at which every array is finite: a trajectory is cut there.

    Reference: docs/design.md, Conventions (divergence is reported, never as NaN rows).

    Args:
        arrays: arrays with the same leading length (e.g. x_t and m_t, t = 0..T).

    Returns:
        The number of leading all-finite rows.
    """
    ok = np.ones(np.shape(arrays[0])[0], dtype=bool)
    for a in arrays:
        a = np.asarray(a)
        ok &= np.isfinite(a.reshape(a.shape[0], -1)).all(axis=1)
    return int(np.argmin(ok)) if not ok.all() else ok.shape[0]
