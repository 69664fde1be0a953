"""Log-log slope fits shared by the claims and the figures (the lowest layer that needs them)."""

from __future__ import annotations

import numpy as np

from paperchecks.sims.validation import fail

__all__ = ["loglog_slope"]


def loglog_slope(x, y, *, low=None, high=None) -> float:
    """Least-squares slope of log y against log x over low <= x <= high (all points by default).

    Raises ``ValueError`` when fewer than two positive points fall in the range.

    The exponents of every ``exponent`` claim are fitted this way (DESIGN.md, "A claim").

    Args:
        x: positive abscissae (steps, batch sizes, horizons).
        y: the values at ``x``; non-positive values are dropped.
        low: the smallest x of the fit (inclusive), default the smallest.
        high: the largest x of the fit (inclusive), default the largest.

    Returns:
        The slope d log y / d log x.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keep = (x > 0) & (y > 0) & np.isfinite(y)
    if low is not None:
        keep &= x >= low
    if high is not None:
        keep &= x <= high
    if keep.sum() < 2:
        fail("x/y", "at least two positive points in the fit range", int(keep.sum()))
    return float(np.polyfit(np.log(x[keep]), np.log(y[keep]), 1)[0])
