"""Log-log slope fits shared by the claims and the figures (the lowest layer that needs them)."""

from __future__ import annotations

import dataclasses

import numpy as np

from paperchecks.sims.validation import fail

__all__ = ["SlopeTrend", "local_slopes", "loglog_slope", "slope_trend"]

#: the largest per-octave ratio q of successive local-slope changes that is extrapolated
#: (a convergence slower than q = 0.9 per octave is not extrapolated: too far to see)
_MAX_RATIO = 0.9


def loglog_slope(x, y, *, low=None, high=None) -> float:
    """Least-squares slope of log y against log x over low <= x <= high (all points by default).

    Raises ``ValueError`` when fewer than two positive points fall in the range.

    The exponents of every ``exponent`` claim are fitted this way (docs/design.md, "A claim").

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


def local_slopes(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Local exponents between consecutive points: (log y_{k+1} - log y_k) / (log x_{k+1} - log x_k).

    On dyadic horizons these are the octave-by-octave slopes on which every exponent claim is
    judged (docs/verdicts.md, "Exponents").

    Args:
        x: increasing positive abscissae.
        y: positive values at ``x``.

    Returns:
        ``(midpoints, slopes)``: the geometric midpoints sqrt(x_k x_{k+1}) and the local slopes.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size < 2:
        fail("x/y", "1-D arrays of the same length >= 2", (x.shape, y.shape))
    if not (np.all(x > 0) and np.all(np.diff(x) > 0)):
        fail("x", "increasing and positive", x.tolist())
    if not (np.all(y > 0) and np.all(np.isfinite(y))):
        fail("y", "positive and finite", y.tolist())
    lx, ly = np.log(x), np.log(y)
    return np.sqrt(x[1:] * x[:-1]), np.diff(ly) / np.diff(lx)


@dataclasses.dataclass(frozen=True)
class SlopeTrend:
    """The local slopes of a curve against a predicted exponent, and the decision they support.

    ``extrapolated`` is the Aitken (delta-squared) limit of the last three local slopes when they
    converge geometrically (successive changes shrink by a ratio 0 <= q <= 0.9 per step), the last
    slope itself when the slopes have stopped moving (last change below tol / 10, or all local
    slopes within tol / 2 of each other), otherwise ``None``.
    ``decision`` is ``"holds"`` when the last local slope is within ``tol`` of the prediction and
    the extrapolation (if any) is too, or when the last slope is outside but the slopes approach the
    prediction monotonically and extrapolate into the band; ``"refuted"`` when the last slope and
    the extrapolation are both outside the band (a decisive trend); ``"undecided"`` otherwise
    (the run is too short to tell).

    Reference: docs/verdicts.md, "Exponents".
    """

    predicted: float
    tol: float
    x: np.ndarray
    slopes: np.ndarray
    extrapolated: float | None
    decision: str

    @property
    def last(self) -> float:
        """The local slope over the last interval (the largest x)."""
        return float(self.slopes[-1])

    def summary(self) -> str:
        """The trend in one line for a report (docs/verdicts.md, "Exponents").

        Returns:
            ``local slopes at x = 2^a..2^b: s_1, ..., s_n; extrapolated s; predicted p +- tol: decision``.
        """
        lows = np.log2(self.x)
        body = ", ".join(f"{s:.3f}" for s in self.slopes)
        tail = "none (not converging geometrically)" if self.extrapolated is None else f"{self.extrapolated:.3f}"
        return (
            f"local slopes at x = 2^{lows[0]:.1f}..2^{lows[-1]:.1f}: {body}; extrapolated {tail}; "
            f"predicted {self.predicted:.3f} +- {self.tol:g}: {self.decision}"
        )


def slope_trend(x, y, predicted: float, tol: float) -> SlopeTrend:
    """Judge an exponent on its local-slope trend, not on one fitted window.

    Args:
        x: increasing positive abscissae (dyadic horizons for the anytime claims).
        y: the positive values at ``x``.
        predicted: the predicted exponent (negative for a decay).
        tol: the allowed distance from the prediction, > 0.

    Returns:
        The :class:`SlopeTrend` (see its docstring for the rule).

    Reference: docs/verdicts.md, "Exponents".
    """
    if not (np.isfinite(tol) and tol > 0):
        fail("tol", "a positive finite number", tol)
    mid, slopes = local_slopes(x, y)
    extrapolated = None
    if slopes.size >= 3:
        d1, d2 = slopes[-2] - slopes[-3], slopes[-1] - slopes[-2]
        q = d2 / d1 if d1 != 0 else None
        if q is not None and 0 <= q <= _MAX_RATIO:
            extrapolated = float(slopes[-1] + d2 * q / (1 - q))
        elif abs(d2) < tol / 10:
            extrapolated = float(slopes[-1])
    if extrapolated is None and np.ptp(slopes) <= tol / 2:
        extrapolated = float(slopes[-1])
    inside = abs(slopes[-1] - predicted) <= tol
    ext_inside = extrapolated is not None and abs(extrapolated - predicted) <= tol
    distances = np.abs(slopes[-3:] - predicted)
    approaching = slopes.size >= 3 and bool(np.all(np.diff(distances) < 0))
    settled = inside and (extrapolated is None or ext_inside)
    if settled or (approaching and ext_inside):
        decision = "holds"
    elif not inside and extrapolated is not None and not ext_inside:
        decision = "refuted"
    else:
        decision = "undecided"
    return SlopeTrend(float(predicted), float(tol), mid, slopes, extrapolated, decision)
