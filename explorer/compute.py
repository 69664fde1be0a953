"""The explorer's compute layer: pure functions from the page's control values to curves and numbers.

No widgets here (the page is :mod:`explorer.app`); every function takes a frozen :class:`Controls`.

* Schedules (optax convention, step k = 0, 1, ...; sims/schedules.py): ``constant``,
  ``inverse_power`` eta/(t + t0)^gamma, ``cosine``, ``linear`` decay and ``wsd`` over the horizon,
  with eta = m / tr H (m the lr multiplier).
* Risk: the exact expected excess risk of SGD / HB / ASGD on the power-law problem
  lambda_i = i^-a with source b (sims/linreg.py), with the step sizes passed as a per-step *table*
  so that a slider change re-uses the compiled recursion (fixed shapes: only d, the horizon, the
  method and the averaging select a program).
* Theory (docs/papers/anytime.md §5): predicted slope min(e_B, e_V, e_F) of the averaged iterate for
  eta ~ t^-gamma (or the last-iterate slope), gamma* = max(1 - a/b, 0); the fitted slope over the
  last three octaves of the horizon.
* LMO bound (docs/papers/lmo.md §4-§5): Phi* against the budget for a regime, and Phi for power laws
  with the chosen exponents anchored at the optimum of the smallest budget.
* Last-iterate bound (docs/papers/refinement.md): Omega*_T and the tuned peak step c* of the
  on-screen schedule for convex G-Lipschitz problems (D = 1, any family), and the refined schedule
  for a chosen gradient-norm profile.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import urllib.parse

import numpy as np

from paperchecks.sims import refinement, schedules
from paperchecks.sims.fitting import loglog_slope
from paperchecks.sims.linreg import Problem, RiskCurve, exact_risk
from paperchecks.sims.precision import in_float64
from paperchecks.sims.validation import choice, fail, positive_int, real_scalar
from paperchecks.theory import anytime as anytime_theory
from paperchecks.theory import lmo as lmo_theory
from paperchecks.theory.conventions import METHODS

__all__ = [
    "AVERAGINGS",
    "BUDGETS",
    "BoundView",
    "Controls",
    "FAMILIES",
    "LMOView",
    "LMO_PROBLEM",
    "REGIMES",
    "Slopes",
    "divergence_note",
    "lmo_view",
    "lr_table",
    "bound_view",
    "optimal_exponents",
    "or_default",
    "problem",
    "risk",
    "schedule",
    "slopes",
    "snippet",
]

FAMILIES = ("constant", "inverse_power", "cosine", "linear", "wsd")
AVERAGINGS = ("none", "uniform", "tail:0.5", "poly:4", "ema:4")
REGIMES = ("R1", "R2", "R3", "R4")
BUDGETS = np.geomspace(1e4, 1e10, 25)


@dataclasses.dataclass(frozen=True)
class Controls:
    """Every control of the page (the URL query string holds exactly these fields).

    Reference: README.md, "Explore power-law schedules" (each control and its range).
    """

    capacity: float = 1.5
    source: float = 2.5
    noise: float = 0.1
    dim: int = 1000
    method: str = "sgd"
    batch: int = 1
    momentum: float = 0.0
    alpha: float = 0.0
    averaging: str = "uniform"
    family: str = "inverse_power"
    multiplier: float = 0.5
    gamma: float = 0.5
    offset: float = 1.0
    horizon: int = 10_000
    stable_fraction: float = 0.8
    regime: str = "R4"
    lr_exponent: float | None = None
    momentum_exponent: float | None = None
    batch_exponent: float | None = None
    grad_profile: str = "constant"

    def __post_init__(self):
        _check(self)

    def to_query(self) -> str:
        """The URL query string of these controls (only fields that differ from the defaults).

        Reference: README.md, "Explore power-law schedules".

        Returns:
            The query string.
        """
        default = Controls()
        changed = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if getattr(self, f.name) != getattr(default, f.name)}
        return urllib.parse.urlencode(changed)

    @classmethod
    def from_query(cls, query: str | dict) -> Controls:
        """Controls from a query string (or a parsed dict); unknown keys raise ``ValueError``.

        Reference: README.md, "Explore power-law schedules".

        Args:
            query: the query string or dict.

        Returns:
            The validated :class:`Controls`.
        """
        pairs = urllib.parse.parse_qs(query.lstrip("?")) if isinstance(query, str) else query
        types = {f.name: f.type for f in dataclasses.fields(cls)}
        values = {}
        for name, raw in pairs.items():
            if name not in types:
                fail("query", f"keys among {', '.join(types)}", name)
            raw = raw[-1] if isinstance(raw, list) else raw
            values[name] = _parse(name, types[name], raw)
        return cls(**values)


def _parse(name, kind, raw):
    try:
        if "None" in kind:
            return None if raw in ("", "None", None) else float(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except (TypeError, ValueError):
        fail(name, f"a {kind} value", raw)
    return str(raw)


def _check(c: Controls) -> None:
    for f in dataclasses.fields(c):  # types first, so that the range checks below compare numbers
        value = getattr(c, f.name)
        if f.type == "int":
            positive_int(f.name, value)
        elif f.type == "float" or (f.type == "float | None" and value is not None):
            real_scalar(f.name, value, f"a finite real number ({f.name})")
    for name, options in (
        ("method", METHODS),
        ("family", FAMILIES),
        ("regime", REGIMES),
        ("averaging", AVERAGINGS),
        ("grad_profile", refinement.GRADIENT_PROFILES),
    ):
        choice(name, getattr(c, name), options)
    if not (c.capacity > 1 and c.source > 1):
        fail("capacity/source", "a > 1 and b > 1", (c.capacity, c.source))
    if not (math.isfinite(c.noise) and c.noise >= 0):
        fail("noise", "a finite sigma^2 >= 0", c.noise)
    if not 2 <= c.dim <= 100_000:
        fail("dim", "an integer in [2, 100000]", c.dim)
    if not 16 <= c.horizon <= 1_000_000:
        fail("horizon", "an integer in [16, 1000000]", c.horizon)
    if c.batch < 1:
        fail("batch", "an integer >= 1", c.batch)
    if not 0 <= c.momentum < 1:
        fail("momentum", "beta in [0, 1)", c.momentum)
    if not 0 <= c.alpha <= 1:
        fail("alpha", "ASGD alpha in [0, 1]", c.alpha)
    for name in ("lr_exponent", "momentum_exponent", "batch_exponent"):
        value = getattr(c, name)
        if value is not None and not -2 <= value <= 2:
            fail(name, "None (the regime's optimum) or a budget exponent in [-2, 2]", value)
    if not (0 < c.multiplier <= 10):
        fail("multiplier", "m in (0, 10] (eta = m / tr H)", c.multiplier)
    if not 0 <= c.gamma <= 1:
        fail("gamma", "[0, 1]", c.gamma)
    if not 0 <= c.offset <= 1e6:
        fail("offset", "t0 in [0, 1e6]", c.offset)
    if not 0 <= c.stable_fraction < 1:
        fail("stable_fraction", "[0, 1)", c.stable_fraction)


def problem(c: Controls):
    """The power-law problem lambda_i = i^-a, source b, label noise sigma^2, dimension d.

    Reference: docs/papers/anytime.md §2.2.

    Args:
        c: the :class:`Controls`.

    Returns:
        The :class:`sims.problem.Problem`.
    """
    return Problem.power_law(c.dim, capacity=c.capacity, source=c.source, noise_var=c.noise)


def schedule(c: Controls):
    """The learning-rate schedule ``k -> eta_k`` (optax-compatible), eta = m / tr H.

    Reference: docs/papers/anytime.md §3.2-3.4.

    Args:
        c: the :class:`Controls`.

    Returns:
        The schedule.
    """
    value = c.multiplier / float(np.sum(problem(c).eigenvalues))
    if c.family == "constant":
        return schedules.constant(value)
    if c.family == "inverse_power":
        return schedules.inverse_power(value, c.gamma, c.offset, normalize_offset=c.offset > 0)
    if c.family == "cosine":
        return schedules.cosine(value, c.horizon)
    if c.family == "linear":
        return schedules.linear_decay(value, c.horizon)
    return schedules.wsd(value, c.horizon, stable_fraction=c.stable_fraction)


@in_float64
def lr_table(c: Controls) -> np.ndarray:
    """eta_0 .. eta_{T-1} as a float64 array (what the engine is given).

    Reference: docs/papers/anytime.md §3.2-3.4.

    Args:
        c: the :class:`Controls`.

    Returns:
        The (horizon,) step sizes.
    """
    return schedules.table(schedule(c), c.horizon)


@in_float64
def risk(c: Controls) -> RiskCurve:
    """Exact expected excess risk over the horizon (record: every step up to 10^4, log-spaced
    beyond); momentum is used by HB and ASGD, alpha by ASGD only. ``ValueError`` for
    hyper-parameters the engine rejects.

    Reference: docs/papers/anytime.md §5, docs/papers/momentum.md §4.2.

    Args:
        c: the :class:`Controls`.

    Returns:
        The :class:`sims.linreg.RiskCurve`.
    """
    momentum = c.momentum if c.method != "sgd" else 0.0
    alpha = c.alpha if c.method == "asgd" else 0.0
    return exact_risk(
        problem(c), c.method, lr=lr_table(c), momentum=momentum, alpha=alpha, batch=c.batch, steps=c.horizon, averaging=c.averaging
    )


def divergence_note(curve: RiskCurve, horizon: int) -> str:
    """How a diverged curve is described (the rule of :mod:`sims.divergence`): "diverged after step
    N" when it blew up after its last finite record N, "diverged: still growing at step T" when the
    curve is finite but the second-moment operator at the last step expands (rho* > 1).

    Reference: docs/design.md, Conventions (divergence is reported, never NaN).

    Args:
        curve: a diverged risk curve.
        horizon: the number of updates T.

    Returns:
        The note.
    """
    last = int(curve.steps[-1]) if curve.steps.size else 0
    if last == horizon:
        return f"diverged: still growing at step {horizon} (rho* > 1 at the last step)"
    return f"diverged after step {last}"


@dataclasses.dataclass(frozen=True)
class Slopes:
    """Theory next to measurement for the risk panel (risk ~ t^-slope).

    Reference: docs/papers/anytime.md §4.6 (the rate table). ``fitted`` is None when the run diverged or
    fewer than two recorded steps fall in [T/8, T]; ``note`` then says which (never a NaN slope).
    """

    predicted: float
    fitted: float | None
    gamma_star: float
    rule: str
    note: str = ""


def slopes(c: Controls, curve: RiskCurve) -> Slopes:
    """Predicted slope (docs/papers/anytime.md §5: min(e_B, e_V, e_F) for an averaged iterate under
    eta ~ t^-gamma, min(gamma, (1 - gamma)(b - 1)/a) for the last iterate; horizon-dependent
    families get the last-iterate WSD rate min((b - 1)/a, 1 - 1/a)), the fitted slope over the
    last three octaves [T/8, T], and gamma*.

    Args:
        c: the :class:`Controls`.
        curve: the risk curve.

    Returns:
        The :class:`Slopes` (``fitted`` None, with a note, when the curve diverged or is too short).
    """
    gamma = c.gamma if c.family == "inverse_power" else 0.0
    if c.family in ("cosine", "linear", "wsd"):
        predicted, rule = anytime_theory.exponent("wsd", c.capacity, c.source), "horizon-tuned rate (WSD, Thm 2)"
    elif c.averaging == "none":
        predicted, rule = anytime_theory.exponent("last_iterate", c.capacity, c.source, min(gamma, 0.999)), "last iterate"
    else:
        predicted, rule = anytime_theory.exponent("predicted", c.capacity, c.source, min(gamma, 0.999)), "min(e_B, e_V, e_F)"
    gamma_star = anytime_theory.gamma_star(c.capacity, c.source)
    if c.family in ("cosine", "linear", "wsd"):  # compare like with like: a rate across horizons is not one run's slope
        return Slopes(
            predicted,
            None,
            gamma_star,
            rule,
            "n/a: a per-horizon schedule's rate is the slope across horizons of runs tuned for each T, not one run's",
        )
    if curve.diverged:
        return Slopes(predicted, None, gamma_star, rule, divergence_note(curve, c.horizon))
    try:
        fitted = -loglog_slope(curve.steps, curve.risk, low=c.horizon / 8, high=c.horizon)
    except ValueError:
        return Slopes(predicted, None, gamma_star, rule, "fewer than two positive risks in [T/8, T]")
    return Slopes(predicted, fitted, gamma_star, rule)


@dataclasses.dataclass(frozen=True)
class BoundView:
    """The last-iterate bound of the on-screen schedule (docs/papers/refinement.md §1, §3): Omega*_T
    at the tuned peak step c* for convex problems with ||x_1 - x*|| <= 1 and the chosen gradient-norm
    profile, and the refined schedule (peak 1, length T + 1 ending at 0) with its Omega*_T."""

    bound: float
    base_step: float
    refined_bound: float
    refined: np.ndarray
    steps: int


@in_float64
def bound_view(c: Controls) -> BoundView:
    """Omega*_T and c* of the current schedule's shape (eta / max eta over the horizon; a final step
    of 0 is dropped, since it leaves x_T = x_{T-1}), and the refined schedule for ``c.grad_profile``.

    Reference: docs/papers/refinement.md §1, §3.

    Args:
        c: the :class:`Controls`.

    Returns:
        The :class:`BoundView`.
    """
    shape = np.asarray(lr_table(c), dtype=np.float64)
    shape = shape[: int(np.flatnonzero(shape > 0)[-1]) + 1] / np.max(shape)
    steps = shape.size
    norms = refinement.gradient_profile(c.grad_profile, steps + 1)
    bound, base = refinement.tuned_last_iterate_bound(shape, grad_norms=norms[:steps])
    refined = refinement.refined_schedule(norms)
    refined_bound, _ = refinement.tuned_last_iterate_bound(refined[:steps], grad_norms=norms[:steps])
    return BoundView(float(bound), float(base), float(refined_bound), refined, steps)


@dataclasses.dataclass(frozen=True)
class LMOView:
    """Phi against the budget: the optimum and the chosen power laws (docs/papers/lmo.md §5); exponent
    keys ``lr``, ``alpha`` (= 1 - beta) and ``batch``."""

    budgets: np.ndarray
    optimal: np.ndarray
    chosen: np.ndarray
    optimal_exponents: dict
    chosen_exponents: dict
    optimal_hyper: dict
    chosen_hyper: dict


LMO_PROBLEM = {"delta": 1.0, "L": 1.0, "sigma": 1.0}


@functools.cache
def optimal_exponents(regime: str) -> dict[str, float]:
    """Budget exponents of the tuned quantities in ``regime`` (keys among lr, alpha, batch)."""
    return {k: float(v) for k, v in lmo_theory.transfer_exponents(regime).items()}


@functools.cache
def _lmo_optimum(regime: str, batch: float | None, momentum: float | None) -> tuple[dict, ...]:
    """The tuned hyper-parameters at every budget of :data:`BUDGETS` (memoised: about 1 s)."""
    return tuple(
        lmo_theory.optimal_hyperparameters(regime, budget=float(t), batch=batch, momentum=momentum, **LMO_PROBLEM) for t in BUDGETS
    )


def lmo_view(c: Controls) -> LMOView:
    """Phi*(budget) for the regime and Phi for power laws eta ~ budget^p, 1 - beta ~ budget^q,
    B ~ budget^r anchored at the optimum of the smallest budget (default exponents: the optimal
    ones, docs/papers/lmo.md §5.8). R1 and R2 hold the batch B fixed (budget = steps K), R1 and R3 hold
    the momentum beta fixed; R3 and R4 count samples T = K B. Only tuned quantities follow their
    exponent; fixed ones stay at the control's value.

    Args:
        c: the :class:`Controls`.

    Returns:
        The :class:`LMOView`.
    """
    tunes_batch, tunes_momentum = c.regime in ("R3", "R4"), c.regime in ("R2", "R4")
    if not tunes_momentum and c.momentum >= 1:
        fail("momentum", "[0, 1) for the LMO regime", c.momentum)
    optimum = _lmo_optimum(c.regime, None if tunes_batch else float(c.batch), None if tunes_momentum else float(c.momentum))
    exponents = optimal_exponents(c.regime)
    chosen = {"lr": or_default(c.lr_exponent, exponents["lr"])}
    if tunes_momentum:
        chosen["alpha"] = or_default(c.momentum_exponent, exponents["alpha"])
    if tunes_batch:
        chosen["batch"] = or_default(c.batch_exponent, exponents["batch"])
    base, scale = optimum[0], BUDGETS / BUDGETS[0]
    hyper = {
        "lr": base["lr"] * scale ** chosen["lr"],
        "alpha": np.minimum(1.0, (1 - base["momentum"]) * scale ** chosen.get("alpha", 0.0)),
        "batch": np.maximum(1.0, base["batch"] * scale ** chosen.get("batch", 0.0)),
    }
    steps = BUDGETS / hyper["batch"] if tunes_batch else BUDGETS
    values = lmo_theory.bound(hyper["lr"], 1 - hyper["alpha"], hyper["batch"], steps, **LMO_PROBLEM)
    optimal_hyper = {
        "lr": np.array([o["lr"] for o in optimum]),
        "alpha": np.array([1 - o["momentum"] for o in optimum]),
        "batch": np.array([o["batch"] for o in optimum]),
    }
    return LMOView(
        BUDGETS, np.array([o["bound"] for o in optimum]), np.asarray(values, dtype=float), exponents, chosen, optimal_hyper, hyper
    )


def or_default(value, default):
    """``default`` where ``value`` is None (an exponent left at its optimum).

    Reference: docs/papers/lmo.md §5.8.

    Args:
        value: the control's value.
        default: the fallback.

    Returns:
        ``value`` or ``default``.
    """
    return default if value is None else value


def snippet(c: Controls) -> str:
    """A self-contained Python snippet building the current schedule (optax-compatible).

    Reference: README.md, "Explore power-law schedules".

    Args:
        c: the :class:`Controls`.

    Returns:
        The snippet.
    """
    value = c.multiplier / float(np.sum(problem(c).eigenvalues))
    call = {
        "constant": f"schedules.constant({value!r})",
        "inverse_power": f"schedules.inverse_power({value!r}, {c.gamma!r}, {c.offset!r}, normalize_offset={c.offset > 0})",
        "cosine": f"schedules.cosine({value!r}, {c.horizon})",
        "linear": f"schedules.linear_decay({value!r}, {c.horizon})",
        "wsd": f"schedules.wsd({value!r}, {c.horizon}, stable_fraction={c.stable_fraction!r})",
    }[c.family]
    return (
        "from paperchecks import schedules\n\n"
        f"# eta = {c.multiplier} / tr H for a = {c.capacity}, b = {c.source}, d = {c.dim}; step k = 0, 1, ... (optax convention)\n"
        f"learning_rate = {call}\n"
        "# e.g. optax.sgd(learning_rate) or paperchecks.exact_risk(problem, 'sgd', lr=learning_rate, steps=...)\n"
    )
