"""Assertions for property tests of bounds against simulations (issue 11). Each raises
``AssertionError`` with the numbers that failed; Monte Carlo comparisons are in standard errors.

    >>> assert_below(mean=0.9, se=0.05, bound=1.0)          # 0.9 + 4 * 0.05 > 1.0 -> fails
"""

from __future__ import annotations

import numpy as np

from sims.fitting import loglog_slope


def _describe(values) -> str:
    return np.array2string(np.asarray(values, dtype=float), precision=6, threshold=12)


def assert_below(mean, se, bound, z: float = 4.0, *, context: str = "") -> None:
    """A simulated quantity respects an upper bound: mean - z se <= bound (elementwise).

    Fails only when the bound is violated by more than z standard errors, so Monte Carlo noise
    alone fails with probability ~ P(|N(0,1)| > z) per point. ``se = 0`` for exact quantities.

    Reference: DESIGN.md, "A claim" (``inequality`` claims).

    Args:
        mean: the simulated values.
        se: their standard errors.
        bound: the upper bound.
        z: the number of standard errors allowed.
        context: a label for the error message.

    Raises:
        AssertionError: naming the worst point.
    """
    mean, se, bound = (np.asarray(v, dtype=float) for v in (mean, se, bound))
    excess = (mean - z * se) - bound
    if not np.all(np.isfinite(mean)) or np.any(excess > 0):
        worst = int(np.argmax(np.where(np.isfinite(excess), excess, np.inf)))
        raise AssertionError(
            f"bound violated{' (' + context + ')' if context else ''}: mean {_describe(mean)} - {z:g} se {_describe(se)} "
            f"exceeds bound {_describe(bound)}; worst at index {worst}"
        )


def assert_agrees(exact, mean, se, z: float = 4.0, *, rtol: float = 1e-12, context: str = "") -> None:
    """An exact value and a Monte Carlo mean agree: |mean - exact| <= z se + rtol |exact|.

    ``rtol`` is the float64 resolution floor for points where the seed spread vanishes.

    Reference: DESIGN.md, "A claim" (Monte Carlo tolerances come from standard errors).

    Args:
        exact: the exact values.
        mean: the Monte Carlo means.
        se: their standard errors.
        z: the number of standard errors allowed.
        rtol: the relative floor.
        context: a label for the error message.

    Raises:
        AssertionError: naming the worst point.
    """
    exact, mean, se = (np.asarray(v, dtype=float) for v in (exact, mean, se))
    if exact.shape != mean.shape:
        raise AssertionError(f"shapes differ{' (' + context + ')' if context else ''}: exact {exact.shape}, mean {mean.shape}")
    scale = z * se + rtol * np.abs(exact)
    gap = np.abs(mean - exact)
    if not np.all(np.isfinite(mean)) or np.any(gap > scale):
        zs = gap / np.maximum(se, np.finfo(float).tiny)
        raise AssertionError(
            f"disagreement{' (' + context + ')' if context else ''}: |mean - exact| / se = {_describe(zs)} (limit {z:g}); "
            f"exact {_describe(exact)}, mean {_describe(mean)}"
        )


def assert_slope(steps, values, predicted: float, tol: float, *, low=None, high=None, context: str = "") -> None:
    """The least-squares log-log slope of ``values`` against ``steps`` (within [low, high]) is
    within ``tol`` of ``predicted``.

    Reference: DESIGN.md, "A claim" (``exponent`` claims).

    Args:
        steps: the abscissae.
        values: the values.
        predicted: the predicted slope.
        tol: the allowed deviation.
        low: the smallest abscissa of the fit.
        high: the largest abscissa of the fit.
        context: a label for the error message.

    Raises:
        AssertionError: with the fitted slope.
    """
    slope = loglog_slope(steps, values, low=low, high=high)
    if not abs(slope - predicted) <= tol:
        raise AssertionError(f"slope {slope:.4f} is not within {tol:g} of {predicted:.4f}{' (' + context + ')' if context else ''}")


def assert_identity(expr, *, context: str = "") -> None:
    """A sympy expression simplifies to 0 (or a relation to True).

    Reference: DESIGN.md, "A claim" (``identity`` claims).

    Args:
        expr: the sympy expression or relation.
        context: a label for the error message.

    Raises:
        AssertionError: with the unsimplified remainder.
    """
    import sympy as sp

    simplified = sp.simplify(expr)
    if not (simplified == 0 or simplified is sp.true or simplified is True):
        raise AssertionError(f"not an identity{' (' + context + ')' if context else ''}: simplifies to {simplified}")
