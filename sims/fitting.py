"""Log-log slope fits shared by the claims and the figures (the lowest layer that needs them)."""

from __future__ import annotations

import numpy as np

from sims.validation import fail


def loglog_slope(x, y, *, low=None, high=None) -> float:
    """Least-squares slope of log y against log x over low <= x <= high (all points by default).

    Raises ``ValueError`` when fewer than two positive points fall in the range.
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
