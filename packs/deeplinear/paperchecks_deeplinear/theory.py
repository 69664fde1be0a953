"""Closed forms of the deep linear network's learning dynamics, derived with sympy
(docs/deeplinear.md §2-§4).

Setting (docs/deeplinear.md §1): y = W32 W21 x with whitened inputs, Sigma31 = U S V^T, and the balanced
decoupled start W21 = O diag(sqrt(u0)) V^T, W32 = U diag(sqrt(u0)) O^T. Every mode strength
u = (U^T W32 W21 V)_aa then follows the logistic equation

    tau du/dt = 2 u (s - u),

which :func:`_mode_strength` solves with ``sympy.dsolve``; the learning time from u0 to uf is the
solution of u(t) = uf (``sympy.solve``). For a balanced network of D weight matrices the same
reduction gives tau du/dt = D u^(2 - 2/D) (s - u) (§4); its depth-scaled learning time D t_D tends to
the finite limit :data:`DEPTH_LIMIT` as D -> infinity.

The two derived expressions, ``MODE_STRENGTH`` (u(t) by ``dsolve``, §2) and ``LEARNING_TIME``
(t(u0 -> uf) = (tau / 2s) ln[uf (s - u0) / (u0 (s - uf))] by ``solve``, §3), are module attributes
computed on first access and kept: the derivation takes seconds, and every process that lists the
installed papers imports this module (nothing slow happens on import).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp
from scipy import integrate

from paperchecks.sims.validation import in_range, positive_int, real_array

__all__ = [
    "DEPTH_LIMIT",
    "LEARNING_TIME",  # noqa: F822 (module __getattr__, derived on first access)
    "LOGISTIC_ODE",
    "MODE_STRENGTH",  # noqa: F822 (module __getattr__)
    "SPEC_MODE_STRENGTH",
    "depth_scaled_time",
    "depth_scaled_time_limit",
    "learning_time",
    "mode_strength",
]

t, tau, s, u0, uf = sp.symbols("t tau s u_0 u_f", positive=True)
u = sp.symbols("u", positive=True)
_u = sp.Function("u")

#: tau du/dt = 2 u (s - u): the mode-strength dynamics of the balanced decoupled start (§2)
LOGISTIC_ODE = sp.Eq(tau * _u(t).diff(t), 2 * _u(t) * (s - _u(t)))

#: the spec's statement of the solution, s e^{2st/tau} / (e^{2st/tau} - 1 + s/u0) (§2)
SPEC_MODE_STRENGTH = s * sp.exp(2 * s * t / tau) / (sp.exp(2 * s * t / tau) - 1 + s / u0)


# the statement the learning time is solved from, kept as imported (a test that patches
# SPEC_MODE_STRENGTH must not change the derivation for the rest of the process)
_STATED_SOLUTION = SPEC_MODE_STRENGTH


@functools.cache
def _mode_strength() -> sp.Expr:
    """u(t) solving :data:`LOGISTIC_ODE` with u(0) = u0 (``sympy.dsolve``), simplified."""
    solution = sp.dsolve(LOGISTIC_ODE, _u(t), ics={_u(0): u0})
    return sp.simplify(solution.rhs)


@functools.cache
def _learning_time() -> sp.Expr:
    """The t with u(t) = uf (``sympy.solve`` of the derived solution); of sympy's branches, the one
    that is real and positive for 0 < u0 < uf < s."""
    sample = {tau: 1, s: 3, u0: sp.Rational(1, 1000), uf: 2}
    for root in sp.solve(sp.Eq(_STATED_SOLUTION, uf), t):
        value = complex(root.subs(sample).evalf())
        if abs(value.imag) < 1e-12 and value.real > 0:
            return sp.simplify(root)
    raise RuntimeError("no real positive learning time among sympy's solutions")  # pragma: no cover


#: lim_{D -> inf} D t_D(u0 -> uf) / tau = int_{u0}^{uf} du / (u^2 (s - u)), in closed form (§4)
DEPTH_LIMIT = (1 / u0 - 1 / uf) / s + sp.log(uf * (s - u0) / (u0 * (s - uf))) / s**2

_DERIVED = {"MODE_STRENGTH": _mode_strength, "LEARNING_TIME": _learning_time}


def __getattr__(name: str) -> sp.Expr:
    """``MODE_STRENGTH`` and ``LEARNING_TIME``, derived on first access (module docstring)."""
    if name in _DERIVED:
        return _DERIVED[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_mode_strength_numeric = sp.lambdify((t, tau, s, u0), SPEC_MODE_STRENGTH, "numpy")
_depth_limit_numeric = sp.lambdify((s, u0, uf), DEPTH_LIMIT, "numpy")


@functools.cache
def _learning_time_numeric():
    return sp.lambdify((tau, s, u0, uf), _learning_time(), "numpy")


def _positive(name: str, value) -> np.ndarray:
    return real_array(name, value, "finite reals > 0", lambda a: np.all(a > 0))


def _interval(strength, start, target) -> tuple[float, float, float]:
    """s > 0 and 0 < u0 < uf < s (the learning-time integrals of §3-§4), as floats."""
    strength = in_range("strength", strength, low=0.0, low_open=True)
    target = in_range("target", target, low=0.0, high=strength, low_open=True, high_open=True)
    start = in_range("start", start, low=0.0, high=target, low_open=True, high_open=True)
    return strength, start, target


def mode_strength(time, strength, start: float, time_constant: float = 1.0):
    """u(t) = s e^{2st/tau} / (e^{2st/tau} - 1 + s/u0), the closed form of §2.

    Args:
        time: t >= 0 (a number or an array).
        strength: the singular value s > 0 (a number or an array broadcasting with ``time``).
        start: u0 in (0, s).
        time_constant: tau > 0.

    Returns:
        u(t), shaped like the broadcast of ``time`` and ``strength``.

    Raises:
        ValueError: a parameter outside its range.
    """
    time = real_array("time", time, "finite reals >= 0", lambda a: np.all(a >= 0))
    strength = _positive("strength", strength)
    start = in_range("start", start, low=0.0, high=float(np.min(strength)), low_open=True, high_open=True)
    time_constant = in_range("time_constant", time_constant, low=0.0, low_open=True)
    return _mode_strength_numeric(time, time_constant, strength, start)


def learning_time(strength, start: float, target, time_constant: float = 1.0):
    """t(u0 -> uf) = (tau / 2s) ln[uf (s - u0) / (u0 (s - uf))] (§3).

    Args:
        strength: s > 0 (a number or an array).
        start: u0 in (0, uf).
        target: uf in (u0, s) (a number or an array broadcasting with ``strength``).
        time_constant: tau > 0.

    Returns:
        The learning time.

    Raises:
        ValueError: a parameter outside its range.
    """
    strength = _positive("strength", strength)
    start = in_range("start", start, low=0.0, low_open=True)
    target = real_array("target", target, "finite reals in (start, strength)", lambda a: np.all((a > start) & (a < strength)))
    time_constant = in_range("time_constant", time_constant, low=0.0, low_open=True)
    return _learning_time_numeric()(time_constant, strength, start, target)


def depth_scaled_time(depth: int, strength: float, start: float, target: float) -> float:
    """D t_D / tau for a balanced network of ``depth`` weight matrices from total scale u0 to uf:
    int_{u0}^{uf} u^(2/D - 2) / (s - u) du (§4), by adaptive quadrature in log u.

    Args:
        depth: D >= 2.
        strength: s > 0.
        start: u0 in (0, uf).
        target: uf in (u0, s).

    Returns:
        The depth-scaled learning time.

    Raises:
        ValueError: a parameter outside its range.
    """
    depth = positive_int("depth", depth, minimum=2)
    strength, start, target = _interval(strength, start, target)
    # u = e^v: du / (u^(2 - 2/D) (s - u)) = e^{(2/D - 1) v} / (s - e^v) dv
    value, _ = integrate.quad(
        lambda v: math.exp((2.0 / depth - 1.0) * v) / (strength - math.exp(v)),
        math.log(start),
        math.log(target),
        epsabs=0.0,
        epsrel=1e-13,
        limit=200,
    )
    return value


def depth_scaled_time_limit(strength: float, start: float, target: float) -> float:
    """lim_{D -> inf} D t_D / tau = (1/u0 - 1/uf)/s + ln[uf (s - u0)/(u0 (s - uf))]/s^2 (§4).

    Args:
        strength: s > 0.
        start: u0 in (0, uf).
        target: uf in (u0, s).

    Returns:
        The limit.

    Raises:
        ValueError: a parameter outside its range.
    """
    return float(_depth_limit_numeric(*_interval(strength, start, target)))
