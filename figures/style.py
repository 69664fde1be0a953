"""One colour per method and per schedule across the whole gallery, and one line style per role
(theory dashed, simulation solid or markers), so that SGD, heavy ball or a cosine schedule look the
same in every figure.

Reference: docs/design.md, Layout (``figures/``); issue 23 (figures fit for a paper: one colour per
method across the gallery, theory dashed, simulation solid or markers).
"""

from __future__ import annotations

__all__ = ["COLOURS", "THEORY", "colour"]

#: the colour of every method and schedule that appears in more than one figure (matplotlib's
#: tab10 colours; no two names share one)
COLOURS = {
    # optimizers of the linear-regression engine (momentum, linreg)
    "sgd": "#1f77b4",
    "hb": "#ff7f0e",
    "asgd": "#2ca02c",
    # step-size schedules (anytime, refinement)
    "anytime": "#d62728",  # polynomial decay with weight averaging
    "constant": "#9467bd",
    "cosine": "#8c564b",
    "linear": "#e377c2",
    "wsd": "#17becf",
    "inverse_sqrt": "#bcbd22",
    "refined": "#7f7f7f",
    # the Omega-optimal schedule, closed forms and bounds: black
    "optimal": "black",
}

#: the line style of a closed form or bound drawn beside simulations
THEORY = {"ls": "--", "lw": 1.2}


def colour(name: str) -> str:
    """The gallery colour of a method or schedule (``"wsd:0.2"`` and ``"inverse_power:0.5"`` map to
    their family).

    Reference: docs/design.md, Layout (``figures/``); issue 23 (one colour per method across the gallery).

    Args:
        name: a key of :data:`COLOURS`, or a schedule spec ``family:parameter``.

    Returns:
        The colour.

    Raises:
        ValueError: an unknown name (the message lists the known ones).
    """
    family = name.split(":", 1)[0]
    family = {"inverse_power": "inverse_sqrt", "constant+tail": "constant"}.get(family, family)
    if family not in COLOURS:
        raise ValueError(f"name must be one of {', '.join(COLOURS)} (or family:parameter), got {name!r}")
    return COLOURS[family]
