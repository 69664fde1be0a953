"""The papers' own approach as a benchmark baseline: a plain single ``lax.scan`` (issue 22, item 1).

The anytime authors simulate the exact averaged-SGD recursion (docs/papers/anytime.md §5.1-5.2) with one
``lax.scan`` that carries the second moments s, the averaged second moments A and the cross
moment C, takes one dot product per step and records the risk at every step; a learning-rate
sweep calls it once per multiplier. :func:`plain_scan_averaged_sgd` is that program written the
straightforward way, for the benchmark only (the toolkit computes with :mod:`sims.linreg`); it
agrees with :func:`sims.linreg.exact_risk` to 1e-12 (tests/test_bench.py).

Reference: docs/papers/anytime.md §5 (the recursion); docs/performance.md.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims.precision import in_float64

__all__ = ["plain_scan_averaged_sgd"]


@functools.partial(jax.jit, static_argnames=("steps",))
def _scan(lam, init_sq, lr, noise_var, *, steps):
    contraction = 1.0 - 2.0 * lr * lam + 2.0 * lr * lr * lam * lam
    mean_factor = 1.0 - lr * lam

    def step(carry, t):
        s, avg, cross = carry
        s = contraction * s + lr * lr * lam * (jnp.dot(lam, s) + noise_var)
        rho = 1.0 / t
        mixed = mean_factor * cross
        avg = (1.0 - rho) ** 2 * avg + rho * rho * s + 2.0 * rho * (1.0 - rho) * mixed
        cross = (1.0 - rho) * mixed + rho * s
        return (s, avg, cross), 0.5 * jnp.dot(lam, avg)

    _, risk = jax.lax.scan(step, (init_sq, init_sq, init_sq), jnp.arange(1, steps + 1, dtype=jnp.float64))
    return risk


@in_float64
def plain_scan_averaged_sgd(eigenvalues, init_sq, *, lr: float, noise_var: float, steps: int) -> np.ndarray:
    """1/2 E||e_bar_t||_H^2 for t = 1..N of batch-1 SGD with a constant step and the uniform
    average, by one plain ``lax.scan`` recording every step (the authors' approach).

    Reference: module docstring; docs/papers/anytime.md §5.2.

    Args:
        eigenvalues: lambda_i > 0.
        init_sq: E e_{0,i}^2.
        lr: the constant step eta.
        noise_var: sigma^2.
        steps: the number of updates N.

    Returns:
        float64 array of the averaged iterate's risk after 1..N updates.
    """
    lam = jnp.asarray(eigenvalues, dtype=jnp.float64)
    return np.asarray(_scan(lam, jnp.asarray(init_sq, dtype=jnp.float64), lr, noise_var, steps=steps))
