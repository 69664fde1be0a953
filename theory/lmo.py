"""Hyperparameter scaling laws from the convergence bound of momentum LMO methods: the symbolic
side (docs/papers/lmo.md §4-§5, §8 checks C5-C17).

The surrogate (§4.1, constants (A0, A1, A2, A3) kept as parameters, alpha = 1 - beta)::

    Phi(eta, alpha, B; K) = Delta/(eta K) + A0 sigma/(alpha K sqrt B) + A1 sigma sqrt(alpha)/sqrt B
                            + A2 L eta/alpha + A3 L eta,            T = K B (samples, "tokens").

Every closed form below is *derived* here by sympy from :data:`PHI`, not typed in:

* R1 (eta free): the stationary point of Phi in eta, exact.
* R2 (eta, beta free, B fixed, budget K): the optimum of the leading part (terms a, c, d),
  its critical batch (alpha* = 1) and the alpha = 1 corner of the full Phi with eta eliminated.
* R3 (eta, B free, beta fixed, budget T): with eta eliminated, Phi = U sqrt(B) + V/sqrt(B) exactly,
  so B* = V/U and Phi* = 2 sqrt(UV); the leading order drops the A0 part of U.
* R4 (everything free, budget T): on the leading-order family alpha(B) = kappa B the two
  subleading terms P(B) = A3 L eta(B) + A0 sigma sqrt(B)/(alpha(B) T) pick B* (envelope theorem).
* R5: the iso-token family Phi_lead(T) + P(B), flat in B to leading order.

The *exact* optimum of the full Phi is numeric: eta is eliminated with the R1 closed form, then
bounded searches in log alpha (and log B) run on a coarse grid followed by Brent's method, with the
corners alpha = 1 and B = 1 compared explicitly (§8 preamble: Nelder-Mead misplaces corners).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable

import numpy as np
import sympy as sp
from scipy.optimize import brentq

__all__ = [
    "MAGNITUDE",
    "A3",
    "CANONICAL",
    "PHI",
    "REGIMES",
    "bound",
    "check_constants",
    "evaluate",
    "optimal_hyperparameters",
    "r2_corner_batch",
    "transfer",
    "transfer_exponents",
]

eta, alpha, B, K, T = sp.symbols("eta alpha B K T", positive=True)
Delta, L, sigma = sp.symbols("Delta L sigma", positive=True)
A0, A1, A2 = sp.symbols("A0 A1 A2", nonnegative=True)
A3 = sp.symbols("A3", real=True)
CANONICAL = (2.0, 2.0, 2.0, 0.5)
REGIMES = ("R1", "R2", "R3", "R4")

PHI = (
    Delta / (eta * K)
    + A0 * sigma / (alpha * K * sp.sqrt(B))
    + A1 * sigma * sp.sqrt(alpha) / sp.sqrt(B)
    + A2 * L * eta / alpha
    + A3 * L * eta
)


def _positive_root(expr, symbol):
    """The unique positive solution of expr = 0 in ``symbol``: sympy's roots, kept when positive at
    a generic point of the parameter space (all symbols in (0, 1], A3 = 1/3)."""
    point = {s: sp.Rational(1, 2 + i) for i, s in enumerate(sorted(expr.free_symbols, key=str))} | {A3: sp.Rational(1, 3)}
    values = [(r, complex(r.subs(point).evalf())) for r in sp.solve(expr, symbol)]
    roots = [r for r, v in values if abs(v.imag) < 1e-12 and v.real > 0]
    if len(roots) != 1:
        raise RuntimeError(f"expected one positive root in {symbol}, got {roots}")
    return roots[0]


def _budget_exponent(expr, budget):
    """d log(expr) / d log(budget), simplified (a rational number for power laws)."""
    return sp.nsimplify(sp.simplify(budget * sp.diff(sp.log(expr), budget)))


def _derivations() -> dict:
    """Every closed form of the regimes, derived from :data:`PHI` (about 1.5 s of sympy, so it runs
    on first use, not at import: :func:`__getattr__`)."""
    # --- R1: learning rate only (§5.2) --------------------------------------------------------------
    ETA_R1 = _positive_root(sp.diff(PHI, eta), eta)
    PHI_R1 = PHI.subs(eta, ETA_R1)
    """Phi with eta eliminated exactly; every numeric optimum below minimises this."""

    # --- R2: learning rate and momentum at fixed B, budget K (§5.3) ----------------------------------
    LEADING_R2 = PHI.subs({A0: 0, A3: 0})
    ETA_OF_ALPHA_R2 = _positive_root(sp.diff(LEADING_R2, eta), eta)
    ALPHA_R2 = _positive_root(sp.diff(LEADING_R2.subs(eta, ETA_OF_ALPHA_R2), alpha), alpha)
    ETA_R2 = ETA_OF_ALPHA_R2.subs(alpha, ALPHA_R2)
    PHI_R2 = sp.simplify(LEADING_R2.subs(eta, ETA_R2).subs(alpha, ALPHA_R2))
    B_CRIT_R2 = sp.solve(sp.Eq(ALPHA_R2, 1), B)[0]
    DPHI_R1_DALPHA = sp.diff(PHI_R1, alpha)
    DPHI_TOKENS_DBATCH = sp.diff(PHI_R1.subs(K, T / B), B)
    B_CORNER_R2 = sp.solve(DPHI_R1_DALPHA.subs(A0, 0).subs(alpha, 1), B)[0]
    """Batch at which alpha = 1 becomes optimal for the full Phi, with the O(1/K) A0 term neglected
    (:func:`r2_corner_batch` keeps it)."""

    # --- R3: learning rate and batch at fixed beta, budget T (§5.4) ----------------------------------
    _b = sp.symbols("b", positive=True)  # b = sqrt(B)
    _R3_EXPANDED = sp.expand(PHI_R1.subs(K, T / B).subs(B, _b**2))
    U_R3 = sp.simplify(_R3_EXPANDED.coeff(_b, 1))
    V_R3 = sp.simplify(_R3_EXPANDED.coeff(_b, -1))
    B_R3 = V_R3 / U_R3
    PHI_R3 = 2 * sp.sqrt(U_R3 * V_R3)
    ETA_R3 = ETA_R1.subs(K, T / B).subs(B, B_R3)
    B_R3_LEADING = V_R3 / U_R3.subs(A0, 0)
    ETA_R3_LEADING = ETA_R1.subs(K, T / B).subs(B, B_R3_LEADING)
    PHI_R3_LEADING = 2 * sp.sqrt(U_R3.subs(A0, 0) * V_R3)

    # --- R4 / R5: everything free at fixed T (§5.5, §5.6) ------------------------------------------
    ALPHA_FAMILY = sp.simplify(ALPHA_R2.subs(K, T / B))
    ETA_FAMILY = sp.simplify(ETA_R2.subs(K, T / B))
    PHI_LEAD = sp.simplify(PHI_R2.subs(K, T / B))
    SUBLEADING = sp.simplify(A3 * L * ETA_FAMILY + A0 * sigma / (ALPHA_FAMILY * (T / B) * sp.sqrt(B)))
    """P(B): the two terms the leading-order family leaves free; they select the token-optimal batch."""
    B_R4 = _positive_root(sp.diff(SUBLEADING, B), B)
    ALPHA_R4 = sp.simplify(ALPHA_FAMILY.subs(B, B_R4))
    ETA_R4 = sp.simplify(ETA_FAMILY.subs(B, B_R4))
    PHI_R4 = PHI_LEAD + sp.simplify(SUBLEADING.subs(B, B_R4))
    B_MAX = sp.solve(sp.Eq(ALPHA_FAMILY, 1), B)[0]
    """Largest batch of the iso-token family (alpha(B) = 1)."""

    #: Leading-order optimum per regime: (lr, alpha, batch, bound); None where the quantity is fixed.
    LEADING = {
        "R1": (ETA_R1, None, None, PHI_R1),
        "R2": (ETA_R2, ALPHA_R2, None, PHI_R2),
        "R3": (ETA_R3_LEADING, None, B_R3_LEADING, PHI_R3_LEADING),
        "R4": (ETA_R4, ALPHA_R4, B_R4, PHI_R4),
    }
    return locals()


_DERIVED = (
    "ETA_R1",
    "PHI_R1",
    "LEADING_R2",
    "ETA_OF_ALPHA_R2",
    "ALPHA_R2",
    "ETA_R2",
    "PHI_R2",
    "B_CRIT_R2",
    "DPHI_R1_DALPHA",
    "DPHI_TOKENS_DBATCH",
    "B_CORNER_R2",
    "U_R3",
    "V_R3",
    "B_R3",
    "PHI_R3",
    "ETA_R3",
    "B_R3_LEADING",
    "ETA_R3_LEADING",
    "PHI_R3_LEADING",
    "ALPHA_FAMILY",
    "ETA_FAMILY",
    "PHI_LEAD",
    "SUBLEADING",
    "B_R4",
    "ALPHA_R4",
    "ETA_R4",
    "PHI_R4",
    "B_MAX",
    "LEADING",
)


@functools.cache
def _derive() -> None:
    """Run :func:`_derivations` once and publish its names as module attributes."""
    derived = _derivations()
    globals().update({name: derived[name] for name in _DERIVED})


def _derived(name: str):
    """A derived closed form by name, read from the module so that a test can replace it."""
    _derive()
    return globals()[name]


def __getattr__(name: str):
    """The derived closed forms (``ETA_R1``, ``LEADING``, ...) are computed on first access (PEP 562)."""
    if name in _DERIVED:
        _derive()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_BUDGET = {"R1": K, "R2": K, "R3": T, "R4": T}


@functools.cache
def transfer_exponents(regime: str) -> dict[str, sp.Rational]:
    """Constant-free budget exponents of the tuned quantities (§5.8), derived from :data:`LEADING`:
    value(r budget) = value(budget) r^exponent. Keys among ``lr``, ``alpha`` (= 1 - beta), ``batch``.
    Every leading-order form is an exact power law in the budget, so the exponent is a constant."""
    _check_regime(regime)
    budget = _BUDGET[regime]
    lr, alpha_, batch, _ = _derived("LEADING")[regime]
    out = {}
    for name, expr in (("lr", lr), ("alpha", alpha_), ("batch", batch)):
        if expr is None:
            continue
        out[name] = _budget_exponent(expr, budget)
    return out


# ------------------------------------------------------------------------------------------------
# numeric evaluation


def _check_regime(regime):
    if not isinstance(regime, str) or regime not in REGIMES:
        raise ValueError(f"regime must be one of {REGIMES}, got {regime!r}")


#: the largest magnitude of a problem constant, budget or bound constant: products of three of
#: them (Phi's terms, the closed forms' radicands) stay finite in float64 (1e300 < 1.8e308)
MAGNITUDE = 1e100


def _positive(name, value, *, minimum=0.0, inclusive=False):
    try:
        ok = (
            not isinstance(value, bool)
            and math.isfinite(value)
            and (value >= minimum if inclusive else value > minimum)
            and abs(value) <= MAGNITUDE
        )
    except TypeError:
        ok = False
    if not ok:
        relation = ">=" if inclusive else ">"
        raise ValueError(f"{name} must be a finite number {relation} {minimum:g} and <= {MAGNITUDE:g}, got {value!r}")
    return float(value)


def check_constants(constants) -> tuple[float, float, float, float]:
    """Validate (A0, A1, A2, A3): A0, A1 >= 0, A2 > 0 and A2 + A3 > 0 (so that A2/alpha + A3 > 0
    on alpha in (0, 1]).

    Reference: docs/papers/lmo.md §4.1.

    Args:
        constants: (A0, A1, A2, A3).

    Returns:
        The four floats.
    """
    if isinstance(constants, str | bytes) or not hasattr(constants, "__len__") or len(constants) != 4:
        raise ValueError(f"constants must be (A0, A1, A2, A3), a sequence of four numbers, got {constants!r}")
    a0, a1 = (_positive(f"constants[{i}] (A{i})", c, inclusive=True) for i, c in enumerate(constants[:2]))
    a2 = _positive("constants[2] (A2)", constants[2])
    a3 = float(constants[3])
    if not (math.isfinite(a3) and a2 + a3 > 0 and abs(a3) <= MAGNITUDE):
        raise ValueError(f"constants[3] (A3) must be finite, <= {MAGNITUDE:g} in magnitude, with A2 + A3 > 0, got A3={constants[3]!r}")
    return a0, a1, a2, a3


@functools.cache
def _lambdified(expr_key: str, args: tuple[str, ...]) -> Callable:
    return sp.lambdify([sp.Symbol(a) for a in args], _named_expressions()[expr_key], modules="numpy")


@functools.cache
def _named_expressions() -> dict[str, sp.Expr]:
    named = {
        "phi": PHI,
        "phi_r1": _derived("PHI_R1"),
        "eta_r1": _derived("ETA_R1"),
        "b_corner_r2": _derived("B_CORNER_R2"),
        "dphi_r1_dalpha": _derived("DPHI_R1_DALPHA"),
        "dphi_tokens_dbatch": _derived("DPHI_TOKENS_DBATCH"),
        "b_crit_r2": _derived("B_CRIT_R2"),
        "b_max": _derived("B_MAX"),
    }
    named |= {"u_r3": _derived("U_R3"), "v_r3": _derived("V_R3"), "subleading": _derived("SUBLEADING"), "phi_lead": _derived("PHI_LEAD")}
    for regime, exprs in _derived("LEADING").items():
        for name, expr in zip(("lr", "alpha", "batch", "bound"), exprs, strict=True):
            if expr is not None:
                named[f"{regime}_{name}"] = expr
    return named


_ARGS = ("eta", "alpha", "B", "K", "T", "Delta", "L", "sigma", "A0", "A1", "A2", "A3")


def evaluate(name: str, **values) -> np.ndarray | float:
    """Evaluate a named expression (``phi``, ``phi_r1``, ``eta_r1``, ``b_crit_r2``, ``b_corner_r2``,
    ``b_max``, ``u_r3``, ``v_r3``, ``subleading``, ``phi_lead``, ``R4_batch``, ...) at keyword values;
    ``constants=(A0, A1, A2, A3)`` may replace the four A's (default :data:`CANONICAL`).

    Reference: docs/papers/lmo.md §5 (the regimes' closed forms).

    Args:
        name: the expression name.
        values: keyword values of its symbols (and optionally ``constants``).

    Returns:
        The value (an array when the inputs are arrays).
    """
    constants = values.pop("constants", None)
    if constants is not None or not {"A0", "A1", "A2", "A3"} & set(values):
        values |= dict(zip(("A0", "A1", "A2", "A3"), check_constants(constants or CANONICAL), strict=True))
    expressions = _named_expressions()
    if name not in expressions:
        raise ValueError(f"name must be one of {sorted(expressions)}, got {name!r}")
    free = {symbol.name for symbol in expressions[name].free_symbols}
    needed = tuple(a for a in _ARGS if a in free)
    missing = [a for a in needed if a not in values]
    if missing:
        raise ValueError(f"{name} needs values for {missing}")
    return _lambdified(name, needed)(*(values[a] for a in needed))


def bound(lr, momentum, batch, steps, *, delta, L, sigma, constants=CANONICAL):
    """Phi(eta, beta, B; K) of §4.1 (arrays broadcast).

    Reference: docs/papers/lmo.md §4.1.

    Args:
        lr: eta > 0.
        momentum: beta in [0, 1).
        batch: B >= 1.
        steps: K >= 1.
        delta: f(x_0) - f* > 0.
        L: smoothness > 0.
        sigma: noise >= 0.
        constants: (A0, A1, A2, A3).

    Returns:
        Phi (broadcast shape).
    """
    checks = (
        ("lr", lr, lambda v: v > 0, "finite reals > 0"),
        ("momentum", momentum, lambda v: (v >= 0) & (v < 1), "finite reals in [0, 1)"),
        ("batch", batch, lambda v: v >= 1, "finite reals >= 1"),
        ("steps", steps, lambda v: v >= 1, "finite reals >= 1"),
        ("delta", delta, lambda v: v > 0, "a finite real > 0"),
        ("L", L, lambda v: v > 0, "a finite real > 0"),
        ("sigma", sigma, lambda v: v >= 0, "a finite real >= 0"),
    )
    for name, value, valid, allowed in checks:
        _real_array(name, value, valid, allowed)
    return evaluate(
        "phi", eta=lr, alpha=1.0 - np.asarray(momentum, dtype=float), B=batch, K=steps, Delta=delta, L=L, sigma=sigma, constants=constants
    )


def _real_array(name, value, valid, allowed) -> None:
    """A ValueError naming ``name`` unless ``value`` is real (no bool, string or complex), finite and valid."""
    try:
        array = np.asarray(value)
        ok = array.dtype.kind in "fiu" and array.size > 0 and bool(np.all(np.isfinite(array))) and bool(np.all(valid(array)))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")


# ------------------------------------------------------------------------------------------------
# exact optimum of the full Phi


def _minimize_log(fn, slope, lo: float, hi: float, *, points: int = 49) -> float:
    """argmin of fn(s) over s in [lo, hi]: a vectorised coarse grid brackets the minimum, then
    Brent's root finder solves slope(s) = dfn/ds = 0 inside the bracket. Roots of the derivative
    are accurate to rounding, where minimising fn itself resolves only sqrt(eps) of a flat
    landscape (the R4 batch, §9.6). An endpoint is returned when the slope there points outward
    (the corners alpha = 1 and B = 1 are exact)."""
    grid = np.linspace(lo, hi, points)
    i = int(np.nanargmin(fn(grid)))
    left, right = grid[max(i - 1, 0)], grid[min(i + 1, points - 1)]
    if i == 0 and slope(lo) >= 0:
        return lo
    if i == points - 1 and slope(hi) <= 0:
        return hi
    if slope(left) >= 0:  # the grid minimum sits on the left edge of its bracket
        return left
    if slope(right) <= 0:
        return right
    return brentq(slope, left, right, xtol=1e-15, rtol=4 * np.finfo(float).eps)


@dataclasses.dataclass(frozen=True)
class _Problem:
    delta: float
    L: float
    sigma: float
    constants: tuple[float, float, float, float]

    @property
    def values(self):
        """The bound's constants as the symbol values of :func:`evaluate` (Delta, L, sigma, A0-A3)."""
        return dict(Delta=self.delta, L=self.L, sigma=self.sigma) | dict(zip(("A0", "A1", "A2", "A3"), self.constants, strict=True))

    def phi_r1(self, alpha_, batch, steps):
        """Phi with eta eliminated (docs/papers/lmo.md §4.2): the bound at its optimal eta for (alpha, B, K)."""
        return evaluate("phi_r1", alpha=alpha_, B=batch, K=steps, **self.values)

    def eta_r1(self, alpha_, steps):
        """eta*(alpha, K) = sqrt(Delta / (K L (A2/alpha + A3))), the minimiser of Phi in eta (§4.2)."""
        return float(evaluate("eta_r1", alpha=alpha_, K=steps, **self.values))

    def best_alpha(self, batch, steps) -> float:
        """alpha*(B, K) of Phi with eta eliminated, searched in log alpha in [-40, 0]."""

        def slope(s):  # dPhi/dlog(alpha)
            return float(np.exp(s) * evaluate("dphi_r1_dalpha", alpha=np.exp(s), B=batch, K=steps, **self.values))

        return math.exp(_minimize_log(lambda s: self.phi_r1(np.exp(s), batch, steps), slope, -40.0, 0.0))

    def profile_slope(self, log_batch, budget) -> float:
        """d/dlog(B) of min_alpha Phi(alpha, B, K = T/B) (envelope theorem: the partial derivative at alpha*)."""
        batch = math.exp(log_batch)
        a = self.best_alpha(batch, budget / batch)
        return float(batch * evaluate("dphi_tokens_dbatch", alpha=a, B=batch, T=budget, **self.values))


def _numeric_optimum(regime, budget, problem: _Problem, batch, alpha_):
    if regime in ("R1", "R2"):
        steps = budget
        if regime == "R2":
            alpha_ = problem.best_alpha(batch, steps)
    elif regime == "R3":

        def phi(s):
            return problem.phi_r1(alpha_, np.exp(s), budget / np.exp(s))

        def slope(s):
            return float(np.exp(s) * evaluate("dphi_tokens_dbatch", alpha=alpha_, B=np.exp(s), T=budget, **problem.values))

        batch = math.exp(_minimize_log(phi, slope, 0.0, math.log(budget)))
        steps = budget / batch
    else:

        def profile(log_batch):
            return np.array(
                [
                    problem.phi_r1(problem.best_alpha(math.exp(s), budget / math.exp(s)), math.exp(s), budget / math.exp(s))
                    for s in log_batch
                ]
            )

        batch = math.exp(_minimize_log(profile, lambda s: problem.profile_slope(s, budget), 0.0, math.log(budget), points=33))
        steps = budget / batch
        alpha_ = problem.best_alpha(batch, steps)
    value = float(problem.phi_r1(alpha_, batch, steps))
    return {"lr": problem.eta_r1(alpha_, steps), "momentum": 1.0 - alpha_, "batch": float(batch), "bound": value}


def _leading_optimum(regime, budget, problem: _Problem, batch, alpha_):
    a0, _, _, a3 = problem.constants
    if regime == "R4" and not (a0 > 0 and a3 > 0):
        raise ValueError(f"the R4 closed form needs A0 > 0 and A3 > 0 (§4.4), got A0={a0:g}, A3={a3:g}; use exact=True")
    values = dict(Delta=problem.delta, L=problem.L, sigma=problem.sigma, constants=problem.constants, B=batch, alpha=alpha_)
    values[str(_BUDGET[regime])] = budget
    out = {}
    for name, expr in zip(("lr", "alpha", "batch", "bound"), _derived("LEADING")[regime], strict=True):
        out[name] = float(evaluate(f"{regime}_{name}", **values)) if expr is not None else values["alpha" if name == "alpha" else "B"]
    if out["alpha"] > 1.0:
        crit = evaluate("b_crit_r2", **{k: v for k, v in values.items() if k not in ("B", "alpha")}) if regime == "R2" else None
        where = f"batch {batch:g} > B_crit(K) = {crit:.4g}" if crit is not None else "budget below the validity threshold (§5.5)"
        raise ValueError(f"leading-order closed form has 1 - beta = {out['alpha']:.4g} > 1 ({where}); use exact=True")
    return {"lr": out["lr"], "momentum": 1.0 - out["alpha"], "batch": float(out["batch"]), "bound": out["bound"]}


def optimal_hyperparameters(
    regime: str,
    *,
    budget: float,
    delta: float,
    L: float,
    sigma: float,
    constants=CANONICAL,
    batch: float | None = None,
    momentum: float | None = None,
    exact: bool = True,
) -> dict[str, float]:
    """Minimise the bound Phi of §4.1 in one tuning regime of §5.

    ``regime``: ``"R1"`` (lr; batch and momentum fixed; budget K = steps), ``"R2"`` (lr and momentum;
    batch fixed; budget K), ``"R3"`` (lr and batch; momentum fixed; budget T = samples),
    ``"R4"`` (all three; budget T). ``exact=True`` minimises the full Phi numerically (eta
    eliminated in closed form, log-space searches, corners alpha = 1 and B = 1 exact; B is
    continuous); ``exact=False`` returns the leading-order closed form derived by sympy.

    Args:
        regime: ``"R1"`` .. ``"R4"``.
        budget: K (R1, R2) or T (R3, R4), > 0.
        delta: f(x_0) - f* > 0.
        L: smoothness > 0.
        sigma: noise >= 0.
        constants: (A0, A1, A2, A3).
        batch: the fixed batch (R1, R2).
        momentum: the fixed momentum (R1, R3).
        exact: the exact minimum (True) or the leading-order closed form.

    Returns:
        ``{"lr": eta*, "momentum": beta*, "batch": B*, "bound": Phi*}``; steps are ``budget`` (R1, R2)
        or ``budget / batch`` (R3, R4).
    """
    _check_regime(regime)
    budget = _positive("budget", budget, minimum=1.0, inclusive=True)
    problem = _Problem(_positive("delta", delta), _positive("L", L), _positive("sigma", sigma), check_constants(constants))
    needs_batch, needs_momentum = regime in ("R1", "R2"), regime in ("R1", "R3")
    for name, value, needed in (("batch", batch, needs_batch), ("momentum", momentum, needs_momentum)):
        if needed and value is None:
            raise ValueError(f"{name} must be given in regime {regime} (it is held fixed there)")
        if not needed and value is not None:
            raise ValueError(f"{name} must be None in regime {regime} (it is tuned there), got {value!r}")
    if batch is not None:
        batch = _positive("batch", batch, minimum=1.0, inclusive=True)
    alpha_ = None
    if momentum is not None:
        if not (isinstance(momentum, int | float) and 0.0 <= momentum < 1.0):
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        alpha_ = 1.0 - float(momentum)
    solver = _numeric_optimum if exact or regime == "R1" else _leading_optimum
    return solver(regime, budget, problem, batch, alpha_)


def transfer(regime: str, tuned: dict, from_budget: float, to_budget: float) -> dict[str, float]:
    """Budget transfer rules of §5.8: hyperparameters tuned at ``from_budget`` moved to ``to_budget``
    with the constant-free exponents of :func:`transfer_exponents`; 1 - beta is clamped to <= 1 and
    the batch to >= 1. ``tuned`` needs ``lr``, ``momentum``, ``batch``; other keys are dropped.

    Args:
        regime: ``"R1"`` .. ``"R4"``.
        tuned: the tuned hyperparameters.
        from_budget: the budget they were tuned at.
        to_budget: the new budget.

    Returns:
        ``{"lr": ..., "momentum": ..., "batch": ...}`` at ``to_budget``.
    """
    _check_regime(regime)
    ratio = _positive("to_budget", to_budget) / _positive("from_budget", from_budget)
    missing = {"lr", "momentum", "batch"} - set(tuned)
    if missing:
        raise ValueError(f"tuned must have keys lr, momentum, batch; missing {sorted(missing)}")
    exps = transfer_exponents(regime)
    alpha_ = (1.0 - tuned["momentum"]) * ratio ** float(exps.get("alpha", 0))
    return {
        "lr": tuned["lr"] * ratio ** float(exps["lr"]),
        "momentum": 1.0 - min(alpha_, 1.0),
        "batch": max(tuned["batch"] * ratio ** float(exps.get("batch", 0)), 1.0),
    }


def r2_corner_batch(steps: float, *, delta: float, L: float, sigma: float, constants=CANONICAL) -> float:
    """Smallest batch at which the exact R2 optimum of the full Phi sits at alpha = 1 (no momentum):
    the root in B of dPhi_R1/dalpha at alpha = 1 (the critical batch of §5.3, C8).

    Args:
        steps: K >= 1.
        delta: f(x_0) - f* > 0.
        L: smoothness > 0.
        sigma: noise > 0.
        constants: (A0, A1, A2, A3).

    Returns:
        The batch.
    """
    values = dict(
        alpha=1.0, K=_positive("steps", steps), Delta=_positive("delta", delta), L=_positive("L", L), sigma=_positive("sigma", sigma)
    )
    values["constants"] = check_constants(constants)

    def slope_at_one(log_batch):  # dPhi/dalpha at alpha = 1 changes sign from + (momentum helps) to -
        return float(evaluate("dphi_r1_dalpha", B=math.exp(log_batch), **values))

    return math.exp(brentq(slope_at_one, -10.0, math.log(steps) + 30.0, xtol=1e-14, rtol=1e-14))
