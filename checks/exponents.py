"""Exponent claims judged on the local-slope trend (docs/verdicts.md, "Exponents").

An exponent claim passes when the octave-by-octave local slopes settle within its tolerance of the
prediction, is refuted only when both the last local slope and its extrapolation lie outside, and is
otherwise INCONCLUSIVE (:func:`paperchecks.sims.fitting.slope_trend` states the rule).
"""

from __future__ import annotations

from paperchecks.checks.registry import Evidence
from paperchecks.sims.fitting import SlopeTrend, slope_trend

__all__ = ["local_slope_figure", "trend_evidence", "trends_evidence"]


def trend_evidence(x, y, predicted: float, tol: float, details: str = "") -> Evidence:
    """The :class:`Evidence` of one exponent judged on its local-slope trend.

    Reference: docs/verdicts.md, "Exponents".

    Args:
        x: increasing horizons (dyadic for the anytime claims).
        y: the positive curve at ``x``.
        predicted: the predicted exponent.
        tol: the tolerance on the exponent.
        details: extra text for the report.

    Returns:
        Evidence with the last local slope as the measured value; ``passed`` when the trend
        decision is ``holds``, ``undecided`` when it is ``undecided``.
    """
    return trends_evidence({"": slope_trend(x, y, predicted, tol)}, details)


def trends_evidence(trends: dict[str, SlopeTrend], details: str = "") -> Evidence:
    """The :class:`Evidence` of several exponents judged together: passes when every trend holds,
    undecided when none is refuted but some is undecided; the measured value is the last local slope
    farthest from its prediction.

    Reference: docs/verdicts.md, "Exponents".

    Args:
        trends: label -> :class:`SlopeTrend`.
        details: extra text for the report.

    Returns:
        The :class:`Evidence`.
    """
    decisions = [t.decision for t in trends.values()]
    worst = max(trends.values(), key=lambda t: abs(t.last - t.predicted))
    text = "; ".join(f"{label + ': ' if label else ''}{t.summary()}" for label, t in trends.items())
    single = len(trends) == 1
    return Evidence(
        worst.predicted if single else "see details",
        worst.last if single else f"max |last - predicted| {abs(worst.last - worst.predicted):.3f}",
        worst.tol,
        all(d == "holds" for d in decisions),
        f"{text}. {details}".strip().rstrip("."),
        undecided="refuted" not in decisions and "undecided" in decisions,
        trends=tuple(trends.items()),
    )


def local_slope_figure(outcomes):
    """One panel per paper: the local slopes of every exponent verdict minus its prediction, against
    log2 of the horizon, with the tolerance band; a verdict resting on a curve that still moves shows
    as a line crossing into (or out of) the band.

    Reference: docs/verdicts.md, "Exponents".

    Args:
        outcomes: the :class:`~checks.registry.Outcome` list of a run.

    Returns:
        The :class:`matplotlib.figure.Figure`, or ``None`` when no outcome carries trends.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    rows = [(o, label, t) for o in outcomes if o.evidence is not None for label, t in o.evidence.trends]
    if not rows:
        return None
    papers = list(dict.fromkeys(o.claim.paper for o, _, _ in rows))
    fig, axes = plt.subplots(len(papers), 1, figsize=(7.5, 3.2 * len(papers)), constrained_layout=True, squeeze=False)
    for ax, paper in zip(axes[:, 0], papers, strict=True):
        for o, label, t in (r for r in rows if r[0].claim.paper == paper):
            name = o.claim.name + (f" ({label})" if label else "")
            ax.plot(np.log2(t.x), t.slopes - t.predicted, marker="o", markersize=3, label=f"{name}: {t.decision}")
        for tol in sorted({t.tol for o, _, t in rows if o.claim.paper == paper}):
            ax.axhspan(-tol, tol, color="grey", alpha=0.08, label=f"+- {tol:g}")
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set(
            xlabel="log2 of the horizon (midpoint of each octave)", ylabel="local slope - predicted", title=f"{paper}: exponent verdicts"
        )
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=6, loc="best")
    return fig
