"""Discrete Lion-K and its continuous-time ODE (docs/papers/lion.md §2), JAX, float64.

Discrete, paper convention (§2.2; the momentum carries the *negative* gradient, m_0 = 0 by default)::

    m~_{t+1} = beta1 m_t - (1 - beta1) g_t,   m_{t+1} = beta2 m_t - (1 - beta2) g_t,   g_t = grad f(x_t)
    explicit:  x_{t+1} = x_t + eta (grad K(m~_{t+1}) - lambda x_t)          (practical Lion, optax.lion)
    implicit:  x_{t+1} = (x_t + eta grad K(m~_{t+1})) / (1 + eta lambda)     (the discrete analysis, §2.3)

With K = l1 and explicit decay this is Lion: optax.lion(lr=eta, b1=beta1, b2=beta2,
weight_decay=lambda) with mu_optax = -m (claim ``optax_lion_matches``).

Continuous (§2.4), integrated with diffrax (Dopri5, PID step control)::

    m' = -alpha grad f(x) - gamma m,   m~ = m - eps (alpha grad f(x) + gamma m),   x' = grad K(m~) - lambda x.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import diffrax
import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims.divergence import finite_rows
from paperchecks.sims.precision import in_float64
from paperchecks.sims.validation import MAX_STEPS, check_bytes, choice, fail, in_range, positive_int, real_array
from paperchecks.theory.lion import KRow, k_row

__all__ = ["LionTrajectory", "WD_MODES", "lion_update", "ode_rhs", "run_discrete", "solve_continuous"]

WD_MODES = ("explicit", "implicit")


class LionTrajectory(NamedTuple):
    """x_t and m_t for t = 0..steps (paper convention), stacked along axis 0, cut before the first
    non-finite row; ``diverged`` by the rule of :mod:`sims.divergence` (a non-finite row, or
    explicit weight decay with eta lambda > 2, whose map expands).

    Reference: docs/papers/lion.md §2.2 (the paper's sign convention: m carries the negative gradient).
    """

    x: jax.Array
    m: jax.Array
    diverged: bool = False


def _cut(trajectory: LionTrajectory, expanding: bool = False) -> LionTrajectory:
    """The trajectory up to its first non-finite row, flagged (rule 1 and 2 of :mod:`sims.divergence`)."""
    rows = finite_rows(np.asarray(trajectory.x), np.asarray(trajectory.m))
    cut = rows < trajectory.x.shape[0]
    return LionTrajectory(trajectory.x[:rows], trajectory.m[:rows], bool(cut or expanding))


def _row(K) -> KRow:
    if isinstance(K, KRow):
        return K
    if not isinstance(K, str):
        fail("K", "a row name of theory.lion.K_TABLE or a KRow", K)
    return k_row(K)


@in_float64
def lion_update(x, m, g, row: KRow, *, lr, beta1, beta2, weight_decay, wd_mode="explicit", xp=jnp):
    """One Lion-K step from (x_t, m_t) with g = grad f(x_t): returns (x_{t+1}, m_{t+1}, m~_{t+1}).
    ``xp`` is jax.numpy or numpy (the claims test single random steps in NumPy).

    Reference: docs/papers/lion.md §2.1-2.3 (explicit and implicit weight decay).

    Args:
        x: the iterate x_t.
        m: the momentum m_t.
        g: grad f(x_t).
        row: the :class:`theory.lion.KRow` (grad K is the update direction).
        lr: eta > 0.
        beta1: beta_1 in [0, 1).
        beta2: beta_2 in [0, 1).
        weight_decay: lambda >= 0.
        wd_mode: ``"explicit"`` (x - eta(grad K + lambda x)) or ``"implicit"`` (§2.3).
        xp: the array module.

    Returns:
        ``(x_{t+1}, m_{t+1}, m~_{t+1})``.
    """
    m_tilde = beta1 * m - (1 - beta1) * g
    m_next = beta2 * m - (1 - beta2) * g
    u = row.grad(m_tilde, xp)
    x_next = x + lr * (u - weight_decay * x) if wd_mode == "explicit" else (x + lr * u) / (1 + lr * weight_decay)
    return x_next, m_next, m_tilde


@functools.partial(jax.jit, static_argnames=("grad_fn", "steps", "row", "wd_mode"))
def _scan(grad_fn, x0, m0, lr, beta1, beta2, weight_decay, *, steps, row, wd_mode):
    def step(carry, _):
        x, m = carry
        x_next, m_next, _ = lion_update(x, m, grad_fn(x), row, lr=lr, beta1=beta1, beta2=beta2, weight_decay=weight_decay, wd_mode=wd_mode)
        return (x_next, m_next), (x_next, m_next)

    _, (xs, ms) = jax.lax.scan(step, (x0, m0), None, length=steps)
    return LionTrajectory(jnp.concatenate([x0[None], xs]), jnp.concatenate([m0[None], ms]))


@in_float64
def run_discrete(grad_fn, x0, *, lr, beta1, beta2, weight_decay, steps, K="l1", wd_mode="explicit", m0=None) -> LionTrajectory:
    """Run discrete Lion-K for ``steps`` steps from x0 (m0 = 0 unless given), paper convention.

    ``grad_fn`` maps x to grad f(x) (a JAX-traceable function; pass the same object to reuse the
    compiled program); ``K`` is a row name of :data:`theory.lion.K_TABLE` or a :class:`KRow`.

    Reference: docs/papers/lion.md §2.1-2.3.

    Args:
        grad_fn: x -> grad f(x).
        x0: the initial iterate.
        lr: eta > 0.
        beta1: beta_1 in [0, 1).
        beta2: beta_2 in [0, 1).
        weight_decay: lambda >= 0.
        steps: the number of steps >= 1.
        K: the K row (default ``"l1"``: Lion).
        wd_mode: ``"explicit"`` or ``"implicit"``.
        m0: the initial momentum (default 0).

    Returns:
        The :class:`LionTrajectory` of t = 0..steps (cut before a non-finite row; ``diverged``
        also when explicit weight decay expands, eta lambda > 2).
    """
    lr = in_range("lr", lr, low=0.0, low_open=True)
    beta1 = in_range("beta1", beta1, low=0.0, high=1.0, high_open=True)
    beta2 = in_range("beta2", beta2, low=0.0, high=1.0, high_open=True)
    weight_decay = in_range("weight_decay", weight_decay, low=0.0)
    steps = positive_int("steps", steps, maximum=MAX_STEPS)
    check_bytes("steps", steps, 16.0 * (steps + 1) * np.size(x0), "the recorded trajectory (x and m at every step)")
    choice("wd_mode", wd_mode, WD_MODES)
    if not callable(grad_fn):
        fail("grad_fn", "a callable x -> grad f(x)", grad_fn)
    x0 = jnp.asarray(real_array("x0", x0, "a non-empty array of finite reals"))
    m0 = jnp.zeros_like(x0) if m0 is None else jnp.asarray(real_array("m0", m0, "an array of finite reals"))
    if m0.shape != x0.shape:
        fail("m0", f"an array of shape {x0.shape}", m0.shape)
    trajectory = _scan(
        grad_fn, x0, m0, float(lr), float(beta1), float(beta2), float(weight_decay), steps=int(steps), row=_row(K), wd_mode=wd_mode
    )
    return _cut(trajectory, expanding=wd_mode == "explicit" and lr * weight_decay > 2.0)


@in_float64
def ode_rhs(x, m, grad_fn, row: KRow, *, alpha, gamma, weight_decay, eps):
    """(x', m') of the continuous Lion-K ODE (§2.4).

    Reference: docs/papers/lion.md §2.4.

    Args:
        x: x(t).
        m: m(t).
        grad_fn: x -> grad f(x).
        row: the :class:`theory.lion.KRow`.
        alpha: the ODE's alpha > 0.
        gamma: the ODE's gamma > 0.
        weight_decay: lambda >= 0.
        eps: the ODE's epsilon >= 0.

    Returns:
        ``(dx/dt, dm/dt)``.
    """
    g = grad_fn(x)
    drift = alpha * g + gamma * m
    return row.grad(m - eps * drift, jnp) - weight_decay * x, -drift


@in_float64
def solve_continuous(
    grad_fn, x0, m0, *, alpha, gamma, weight_decay, eps, K, ts, rtol=1e-10, atol=1e-12, max_steps=2_000_000
) -> LionTrajectory:
    """Integrate the ODE from t = 0 to ts[-1] with diffrax's Dopri5 (adaptive, PID controller) and
    return (x, m) at the times ``ts``. ``K`` must be a smooth row (the sign ODE is discontinuous,
    §9: use log-cosh or pseudo-Huber stand-ins).

    Reference: docs/papers/lion.md §2.4.

    Args:
        grad_fn: x -> grad f(x).
        x0: x(0).
        m0: m(0).
        alpha: alpha > 0.
        gamma: gamma > 0.
        weight_decay: lambda > 0.
        eps: epsilon >= 0.
        K: a smooth row name or :class:`theory.lion.KRow`.
        ts: the increasing output times, ts[0] >= 0.
        rtol: the relative tolerance.
        atol: the absolute tolerance.
        max_steps: the solver's step budget.

    Returns:
        The :class:`LionTrajectory` at ``ts`` (cut before the first non-finite state and flagged
        ``diverged``, e.g. for a ``grad_fn`` that returns NaN).
    """
    row = _row(K)
    if not row.smooth:
        fail("K", "a smooth row (quad, logcosh, pseudohuber, l2smooth)", row.name)
    alpha, gamma, weight_decay = (
        in_range(n, v, low=0.0, low_open=True) for n, v in (("alpha", alpha), ("gamma", gamma), ("weight_decay", weight_decay))
    )
    eps = in_range("eps", eps, low=0.0)
    allowed = "a non-empty 1-D array of finite, non-decreasing times >= 0 ending after 0"
    times = real_array("ts", ts, allowed)
    if times.ndim != 1 or times[0] < 0 or times[-1] <= 0 or np.any(np.diff(times) < 0):
        fail("ts", allowed, ts)
    x0 = real_array("x0", x0, "a finite real array")
    m0 = real_array("m0", m0, f"a finite real array of the shape of x0 {x0.shape}", lambda a: a.shape == x0.shape)
    rtol = in_range("rtol", rtol, low=0.0, high=1.0, low_open=True, high_open=True)
    atol = in_range("atol", atol, low=0.0, low_open=True)
    max_steps = positive_int("max_steps", max_steps, maximum=10**9)
    # an explicit solver needs about (rate x horizon) steps: refuse a stiffness the budget cannot cover
    name, rate = max((("gamma", gamma), ("weight_decay", weight_decay)), key=lambda item: item[1])
    if times[-1] > max_steps:
        fail("ts", f"ending at most max_steps = {max_steps} (about one solver step per unit of time at the least)", ts)
    if rate * times[-1] > max_steps:
        fail(name, f"at most max_steps / ts[-1] = {max_steps / times[-1]:.3g} (a stiffer ODE needs more solver steps)", rate)
    ts = jnp.asarray(times)
    trajectory, out_of_steps = _solve(_as_pytree(grad_fn), jnp.asarray(x0), jnp.asarray(m0), alpha, gamma, weight_decay, eps, ts,
                                 row=row, rtol=rtol, atol=atol, max_steps=max_steps)  # fmt: skip
    trajectory = _cut(trajectory)
    if bool(out_of_steps):
        # a field that turned non-finite makes the step-size controller shrink forever: divergence,
        # not a small budget (rule 1 of sims.divergence)
        x_last, m_last = (trajectory.x[-1], trajectory.m[-1]) if trajectory.x.shape[0] else (x0, m0)
        field = ode_rhs(
            jnp.asarray(x_last), jnp.asarray(m_last), grad_fn, row, alpha=alpha, gamma=gamma, weight_decay=weight_decay, eps=eps
        )
        if all(np.all(np.isfinite(np.asarray(f))) for f in field):
            fail(
                "max_steps",
                f"large enough for Dopri5 to reach ts[-1] = {times[-1]:g} at rtol {rtol:g} (the solver stopped early)",
                max_steps,
            )
        return trajectory._replace(diverged=True)
    return trajectory


def _as_pytree(fn) -> jax.tree_util.Partial:
    """``fn`` as a jit argument: a :class:`jax.tree_util.Partial` passes its bound arrays as traced
    inputs (the quadratics of :func:`sims.lion_problems.quadratic` of one shape share one compiled
    solver, where 20 random quadratics used to trace diffrax 20 times); any other callable becomes a
    Partial without arrays, compiled once per function as a static argument would be."""
    return fn if isinstance(fn, jax.tree_util.Partial) else jax.tree_util.Partial(fn)


@functools.partial(jax.jit, static_argnames=("row", "rtol", "atol", "max_steps"))
def _solve(grad_fn, x0, m0, alpha, gamma, weight_decay, eps, ts, *, row, rtol, atol, max_steps):
    def field(t, y, args):
        return ode_rhs(*y, grad_fn, row, alpha=alpha, gamma=gamma, weight_decay=weight_decay, eps=eps)

    sol = diffrax.diffeqsolve(
        diffrax.ODETerm(field),
        diffrax.Dopri5(),
        t0=0.0,
        t1=ts[-1],
        dt0=1e-3,
        y0=(x0, m0),
        saveat=diffrax.SaveAt(ts=ts),
        stepsize_controller=diffrax.PIDController(rtol=rtol, atol=atol),
        max_steps=max_steps,
        throw=False,  # a step budget that runs out is reported by solve_continuous, not as a runtime crash
    )
    return LionTrajectory(*sol.ys), sol.result == diffrax.RESULTS.max_steps_reached
