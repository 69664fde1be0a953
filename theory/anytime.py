"""Anytime learning-rate schedules with weight averaging on power-law linear regression: the
symbolic side (docs/papers/anytime.md §4, §7 check 18).

Setting: lambda_i ~ i^-a (capacity a > 1), lambda_i w*_i^2 ~ i^-b (source b > 1), one-pass SGD
with eta_t = eta / t^gamma and an averaged iterate; excess risk R - sigma^2 ~ N^-e.

Exponents (docs/papers/anytime.md §4.2, §4.6; reconstructed from the paper's Theorem 1 and Corollary 1):

* bias           e_B(gamma) = (1 - gamma)(b - 1)/a      (T_eff = eta sum_t t^-gamma ~ N^(1-gamma))
* variance       e_V(gamma) = 1 - (1 - gamma)/a
* early noise    e_F(gamma) = (1 - gamma)(2a - 1)/a     (binds only for gamma > 1/2)
* predicted      e(gamma) = min(e_B, e_V, e_F); the paper's gamma* = max(1 - a/b, 0) balances
  e_B = e_V and gives the rate (sigma^2/N)^(1 - 1/b) for b >= a.
* last iterate without averaging: min(gamma, (1 - gamma)(b - 1)/a), best at
  gamma = (b - 1)/(a + b - 1).
* WSD (Theorem 2, a in (1, 2)): min((b - 1)/a, 1 - 1/a).

Everything is a sympy expression in (a, b, gamma) so that the identities of check 18 are proved
by simplification, and :func:`exponent` evaluates them numerically for the claims.
"""

from __future__ import annotations

import functools
import numbers

import sympy as sp

__all__ = [
    "BIAS",
    "EARLY_NOISE",
    "GAMMA_STAR",
    "LAST_ITERATE",
    "LAST_ITERATE_BEST_GAMMA",
    "NOISELESS_CONSTANT",
    "PREDICTED",
    "RATE",
    "VARIANCE",
    "WSD_RATE",
    "critical_constant_step",
    "equivalent_decaying_schedule",
    "exponent",
    "gamma_star",
    "identities",
    "identity_failures",
]

a, b, gamma = sp.symbols("a b gamma", positive=True)
sigma2, N, u = sp.symbols("sigma2 N u", positive=True)

BIAS = (1 - gamma) * (b - 1) / a
VARIANCE = 1 - (1 - gamma) / a
EARLY_NOISE = (1 - gamma) * (2 * a - 1) / a
PREDICTED = sp.Min(BIAS, VARIANCE, EARLY_NOISE)
GAMMA_STAR = sp.Max(1 - a / b, 0)
RATE = 1 - 1 / b
LAST_ITERATE = sp.Min(gamma, (1 - gamma) * (b - 1) / a)
LAST_ITERATE_BEST_GAMMA = (b - 1) / (a + b - 1)
WSD_RATE = sp.Min((b - 1) / a, 1 - 1 / a)
NOISELESS_CONSTANT = sp.Min((b - 1) / a, (2 * a - 1) / a)

_EXPRESSIONS = {
    "bias": BIAS,
    "variance": VARIANCE,
    "early_noise": EARLY_NOISE,
    "predicted": PREDICTED,
    "gamma_star": GAMMA_STAR,
    "rate": RATE,
    "last_iterate": LAST_ITERATE,
    "last_iterate_best_gamma": LAST_ITERATE_BEST_GAMMA,
    "wsd": WSD_RATE,
    "noiseless_constant": NOISELESS_CONSTANT,
}


@functools.cache
def _numeric(name: str):
    return sp.lambdify((a, b, gamma), _EXPRESSIONS[name], modules="math")


def exponent(name: str, capacity: float, source: float, decay: float = 0.0) -> float:
    """Evaluate a named exponent (module docstring) at (a, b, gamma).

    Names: ``bias``, ``variance``, ``early_noise``, ``predicted`` (min of the three),
    ``gamma_star``, ``rate``, ``last_iterate``, ``last_iterate_best_gamma``, ``wsd``,
    ``noiseless_constant``. Risk ~ N^-exponent.

    Reference: docs/papers/anytime.md §4.6 (the rate table), §4.2-4.5.

    Args:
        name: one of the names above.
        capacity: a > 1.
        source: b > 1.
        decay: gamma in [0, 1] (for the gamma-dependent exponents).

    Returns:
        The exponent.
    """
    if name not in _EXPRESSIONS:
        raise ValueError(f"name must be one of {sorted(_EXPRESSIONS)}, got {name!r}")
    if not (capacity > 1 and source > 1):
        raise ValueError(f"capacity and source must be > 1, got a={capacity!r}, b={source!r}")
    if not 0 <= decay < 1:
        raise ValueError(f"decay (gamma) must be in [0, 1), got {decay!r}")
    return float(_numeric(name)(capacity, source, decay))


def gamma_star(capacity: float, source: float) -> float:
    """The paper's anytime decay exponent gamma* = max(1 - a/b, 0) (Corollary 1).

    Reference: docs/papers/anytime.md §4.3.

    Args:
        capacity: a > 1.
        source: b > 1.

    Returns:
        gamma*.
    """
    return exponent("gamma_star", capacity, source)


def identities() -> dict[str, sp.Expr | bool]:
    """The identities of docs/papers/anytime.md §7 check 18, each simplified (0 or True when it holds).

    (i) e_B(gamma*) = e_V(gamma*) = 1 - 1/b at gamma* = 1 - a/b (for b >= a);
    (ii) gamma* in [0, 1/2] iff a <= b <= 2a;
    (iii) argmax_gamma min(gamma, (1 - gamma)(b - 1)/a) = (b - 1)/(a + b - 1);
    (iv) minimising u^-((b-1)/a) + sigma^2 u^(1/a)/N over u = eta N gives u* ~ (N/sigma^2)^(a/b)
         and value ~ (sigma^2/N)^(1 - 1/b);
    (v) d/dgamma of min(e_B, e_V, e_F) changes sign at gamma* for b <= 2a and at 1/2 for b > 2a;
    (vi) with r = (b - 1)/(2a): 2ra/(2ra + 1) = 1 - 1/b, and 2r + 1/a >= 1 iff b >= a.

    Returns:
        ``{identity name: simplified residual}``.
    """
    g_star = 1 - a / b
    out: dict[str, sp.Expr | bool] = {}
    out["(i) e_B(g*) - (1 - 1/b)"] = sp.simplify(BIAS.subs(gamma, g_star) - RATE)
    out["(i) e_V(g*) - (1 - 1/b)"] = sp.simplify(VARIANCE.subs(gamma, g_star) - RATE)
    # (ii) in the ratio t = b/a > 0: gamma* = 1 - 1/t
    t = sp.symbols("t", positive=True)
    g_ratio = g_star.subs(b, t * a)
    out["(ii) g* >= 0 <=> b >= a"] = _same_region(g_ratio >= 0, t >= 1, t)
    out["(ii) g* <= 1/2 <=> b <= 2a"] = _same_region(g_ratio <= sp.Rational(1, 2), t <= 2, t)
    # (iii) the two branches cross at the maximiser
    crossing = sp.solve(sp.Eq(gamma, (1 - gamma) * (b - 1) / a), gamma)
    out["(iii) argmax - (b-1)/(a+b-1)"] = sp.simplify(crossing[0] - LAST_ITERATE_BEST_GAMMA)
    # (iv) stationary point of the bias + variance trade-off in u = eta N
    objective = u ** (-(b - 1) / a) + sigma2 * u ** (1 / a) / N
    (u_star,) = sp.solve(sp.diff(objective, u), u)
    out["(iv) u* / (N/sigma^2)^(a/b) constant"] = sp.simplify(sp.diff(sp.log(u_star / (N / sigma2) ** (a / b)), N)) == 0
    value_ratio = sp.simplify(objective.subs(u, u_star) / (sigma2 / N) ** (1 - 1 / b))
    out["(iv) value / (sigma^2/N)^(1-1/b) constant"] = sp.simplify(sp.diff(sp.log(value_ratio), N)) == 0
    # (v) slopes of the active branches on either side of the kink
    out["(v) d e_B/d gamma < 0"] = sp.simplify(sp.diff(BIAS, gamma)) == -(b - 1) / a
    out["(v) d e_V/d gamma > 0"] = sp.simplify(sp.diff(VARIANCE, gamma)) == 1 / a
    out["(v) e_V = e_F at gamma = 1/2"] = sp.simplify((VARIANCE - EARLY_NOISE).subs(gamma, sp.Rational(1, 2))) == 0
    out["(v) e_B <= e_F iff b <= 2a"] = sp.simplify(EARLY_NOISE - BIAS - (1 - gamma) * (2 * a - b) / a) == 0
    # (vi) source-condition mapping
    r = (b - 1) / (2 * a)
    out["(vi) 2ra/(2ra+1) - (1 - 1/b)"] = sp.simplify(2 * r * a / (2 * r * a + 1) - RATE)
    out["(vi) 2r + 1/a - 1 = (b - a)/a"] = sp.simplify(2 * r + 1 / a - 1 - (b - a) / a)
    return out


def _same_region(first, second, variable) -> bool:
    """Two univariate inequalities describe the same set of positive ``variable``."""
    region = functools.partial(sp.solve_univariate_inequality, gen=variable, relational=False, domain=sp.Interval.open(0, sp.oo))
    return region(sp.simplify(first)) == region(second)


def identity_failures() -> list[str]:
    """Names of the check-18 identities that do not simplify to 0 / True.

    Reference: docs/papers/anytime.md §7 check 18.

    Returns:
        The failing names (empty when all hold).
    """
    return [name for name, value in identities().items() if not (value is True or value == 0)]


def critical_constant_step(eigenvalues) -> float:
    """eta_c solving sum_i eta lambda_i / (2 (1 - eta lambda_i)) = 1 (docs/papers/anytime.md §5.1): the
    largest stable constant step of batch-1 SGD on Gaussian data (the secular condition of
    docs/papers/momentum.md §4.3 at B = 1).

    Args:
        eigenvalues: lambda_i > 0.

    Returns:
        eta_c.
    """
    import numpy as np
    from scipy.optimize import brentq

    lam = np.asarray(eigenvalues, dtype=float)
    top = 1.0 / lam.max()

    def excess(step):
        return float(np.sum(step * lam / (2.0 * (1.0 - step * lam)))) - 1.0

    return float(brentq(excess, 1e-12 * top, top * (1 - 1e-12), xtol=1e-16, rtol=1e-15))


_MAX_HORIZON = 10**7


def equivalent_decaying_schedule(step: float, horizon: int) -> list[float]:
    """The horizon-dependent schedule whose last iterate equals the uniform average of
    constant-step iterates in 1-D mean estimation (docs/papers/anytime.md §4.5):
    a~_k = (1 - (1 - eta)^(N - k))/N, eta_k = a~_k / (1 - sum_{j > k} a~_j), k = 0..N-1.

    Args:
        step: the constant step eta in (0, 1).
        horizon: N >= 1.

    Returns:
        eta_0 .. eta_{N-1}.
    """
    if not 0.0 < step < 1.0:
        raise ValueError(f"step must be a finite real in (0, 1), got {step!r}")
    if isinstance(horizon, bool) or not isinstance(horizon, numbers.Integral) or not 1 <= horizon <= _MAX_HORIZON:
        raise ValueError(f"horizon must be an integer in [1, {_MAX_HORIZON}] (a Python list per step), got {horizon!r}")
    weights = [(1.0 - (1.0 - step) ** (horizon - k)) / horizon for k in range(horizon)]
    schedule, tail = [0.0] * horizon, 0.0
    for k in range(horizon - 1, -1, -1):
        schedule[k] = weights[k] / (1.0 - tail)
        tail += weights[k]
    return schedule
