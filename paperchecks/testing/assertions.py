"""Assertions for property tests of bounds against simulations (issue 11). Each raises
``AssertionError`` with the numbers that failed; Monte Carlo comparisons are in standard errors.

    >>> assert_below(mean=1.1, se=0.05, bound=1.0)          # 1.1 - 4 * 0.05 <= 1.0 -> passes
    >>> assert_above(mean=0.9, se=0.05, bound=1.0)          # 0.9 + 4 * 0.05 >= 1.0 -> passes
"""

from __future__ import annotations

import numpy as np

from paperchecks.sims.fitting import loglog_slope
from paperchecks.sims.statistics import z_scores

__all__ = ["assert_above", "assert_agrees", "assert_below", "assert_identity", "assert_slope"]


def _describe(values) -> str:
    return np.array2string(np.asarray(values, dtype=float), precision=6, threshold=12)


def _label(context: str) -> str:
    return f" ({context})" if context else ""


def _arrays(context: str, **named) -> list[np.ndarray]:
    """The arguments as float arrays; any NaN fails the assertion (a NaN comparison is never a pass)."""
    arrays = []
    for name, value in named.items():
        array = np.asarray(value, dtype=float)
        if np.any(np.isnan(array)):
            raise AssertionError(f"{name} contains NaN{_label(context)}: {_describe(array)}")
        arrays.append(array)
    return arrays


def _one_sided(mean, se, bound, z, rtol, context, *, below: bool) -> None:
    mean, se, bound, z, rtol = _arrays(context, mean=mean, se=se, bound=bound, z=z, rtol=rtol)
    if np.any(se < 0) or np.any(z < 0) or np.any(rtol < 0):
        raise AssertionError(f"se, z and rtol must be >= 0{_label(context)}")
    shifted = bound + rtol * np.abs(bound) if below else bound - rtol * np.abs(bound)
    excess = z_scores(mean, se, shifted, side="below" if below else "above") - z
    if not np.all(np.isfinite(mean)) or np.any(excess > 0):
        worst = int(np.argmax(np.where(np.isfinite(excess), excess, np.inf)))
        sign, side = ("-", "exceeds") if below else ("+", "falls below")
        raise AssertionError(
            f"bound violated{_label(context)}: mean {_describe(mean)} {sign} {float(np.max(z)):g} se {_describe(se)} "
            f"{side} bound {_describe(bound)} (rtol {float(np.max(rtol)):g}); worst at index {worst}"
        )


def assert_below(mean, se, bound, z: float = 4.0, *, rtol: float = 0.0, context: str = "") -> None:
    """A simulated quantity respects an upper bound: mean - z se <= bound + rtol |bound| (elementwise).

    Fails only when the bound is violated by more than z standard errors, so Monte Carlo noise
    alone fails with probability ~ P(N(0,1) > z) per point. ``se = 0`` for exact quantities;
    ``rtol`` (e.g. 1e-12) lets a bound that is tight in exact arithmetic pass when both sides agree
    to rounding. NaN in any argument fails; so does a non-finite mean (divergence).

    Reference: docs/design.md, "A claim" (``inequality`` claims).

    Args:
        mean: the simulated values.
        se: their standard errors (>= 0).
        bound: the upper bound.
        z: the number of standard errors allowed (>= 0).
        rtol: the relative rounding allowance (>= 0).
        context: a label for the error message.

    Raises:
        AssertionError: naming the worst point.
    """
    _one_sided(mean, se, bound, z, rtol, context, below=True)


def assert_above(mean, se, bound, z: float = 4.0, *, rtol: float = 0.0, context: str = "") -> None:
    """A simulated quantity respects a lower bound: mean + z se >= bound - rtol |bound| (elementwise).

    The mirror of :func:`assert_below` (tightness companions and lower bounds such as an analytic
    noise floor). NaN in any argument fails; so does a non-finite mean.

    Reference: docs/design.md, "A claim" (``tightness`` claims).

    Args:
        mean: the simulated values.
        se: their standard errors (>= 0).
        bound: the lower bound.
        z: the number of standard errors allowed (>= 0).
        rtol: the relative rounding allowance (>= 0).
        context: a label for the error message.

    Raises:
        AssertionError: naming the worst point.
    """
    _one_sided(mean, se, bound, z, rtol, context, below=False)


def assert_agrees(exact, mean, se, z: float = 4.0, *, rtol: float = 1e-12, context: str = "") -> None:
    """An exact value and a Monte Carlo mean agree: |mean - exact| <= z se + rtol |exact|.

    ``rtol`` is the float64 resolution floor for points where the seed spread vanishes. NaN in
    any argument fails.

    Reference: docs/design.md, "A claim" (Monte Carlo tolerances come from standard errors).

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
    exact, mean, se, z, rtol = _arrays(context, exact=exact, mean=mean, se=se, z=z, rtol=rtol)
    if exact.shape != mean.shape:
        raise AssertionError(f"shapes differ{_label(context)}: exact {exact.shape}, mean {mean.shape}")
    beyond_floor = np.abs(mean - exact) - rtol * np.abs(exact)
    if not np.all(np.isfinite(mean)) or np.any(z_scores(beyond_floor, se, 0.0, side="below") > z):
        zs = z_scores(mean, se, exact)
        raise AssertionError(
            f"disagreement{_label(context)}: |mean - exact| / se = {_describe(zs)} (limit {float(np.max(z)):g}); "
            f"exact {_describe(exact)}, mean {_describe(mean)}"
        )


def assert_slope(steps, values, predicted: float, tol: float, *, low=None, high=None, context: str = "") -> None:
    """The least-squares log-log slope of ``values`` against ``steps`` (within [low, high]) is
    within ``tol`` of ``predicted``.

    Reference: docs/design.md, "A claim" (``exponent`` claims).

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
    if not abs(slope - predicted) <= tol:  # False for NaN slope, prediction or tolerance
        raise AssertionError(f"slope {slope:.4f} is not within {tol:g} of {predicted:.4f}{' (' + context + ')' if context else ''}")


def assert_identity(expr, *, context: str = "") -> None:
    """A sympy expression simplifies to 0 (or a relation to True).

    Reference: docs/design.md, "A claim" (``identity`` claims).

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
