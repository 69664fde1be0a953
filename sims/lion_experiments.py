"""Lion-K experiments shared by the claims and the figures (docs/papers/lion.md §7.2, §8): the
Lyapunov function along trajectories, the uphill run of F3, the averaged limits of checks 14-15
and the discrete-to-continuous errors of check 13."""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims.lion import lion_update, run_discrete, solve_continuous
from paperchecks.sims.lion_problems import Objective, plane_quadratic, tridiagonal_quadratic
from paperchecks.sims.precision import in_float64
from paperchecks.theory import lion as theory

__all__ = ["EULER_LRS", "averaged_limit", "continuous_h", "domain_point", "euler_errors", "lyapunov_step_terms", "uphill_run"]


@in_float64
def continuous_h(row, objective: Objective, *, alpha_, gamma_, lam_, eps_):
    """(H, Delta) of §3.1 along a trajectory: a jitted, vmapped map of (x_t, m_t).

    Args:
        row: the :class:`theory.lion.KRow`.
        objective: the :class:`Objective`.
        alpha_: alpha.
        gamma_: gamma.
        lam_: lambda.
        eps_: epsilon.

    Returns:
        A function ``(xs, ms) -> (H, Delta)`` over a trajectory.
    """

    def h(x, m):
        return theory.continuous_lyapunov(
            row, objective.f(x), objective.grad(x), x, m, alpha_=alpha_, gamma_=gamma_, lam_=lam_, eps_=eps_, xp=jnp
        )

    return jax.jit(jax.vmap(h))


@functools.cache
@in_float64
def uphill_run():
    """§7.2 F3: log-cosh K (delta = 0.05), the plane quadratic, alpha = gamma = 1, lambda = 0.5,
    eps = 0.5, x_0 = (0.5, 0.5), m_0 = 20 grad f(x_0)/||grad f(x_0)||_inf (uphill), t in [0, 20]."""
    objective = plane_quadratic()
    row = theory.k_row("logcosh0.05")
    x0 = np.array([0.5, 0.5])
    g0 = np.asarray(objective.grad(jnp.asarray(x0)))
    ts = np.linspace(0.0, 20.0, 20_001)
    sol = solve_continuous(objective.grad, x0, 20 * g0 / np.max(np.abs(g0)), alpha=1.0, gamma=1.0, weight_decay=0.5, eps=0.5, K=row, ts=ts)
    h, _ = continuous_h(row, objective, alpha_=1.0, gamma_=1.0, lam_=0.5, eps_=0.5)(sol.x, sol.m)
    return ts, np.asarray(jax.vmap(objective.f)(sol.x)), np.asarray(h)


@in_float64
def averaged_limit(row_name: str, lr: float, *, lam_: float = 1.0, objective: Objective | None = None, x0=None, wd_mode="explicit"):
    """Average of the last 5/eta iterates of an 80/eta-step Lion-K run (beta = (0.9, 0.99)).

    Reference: docs/papers/lion.md §4 (phase behaviour: the iterates settle in the constraint set), §8.

    Args:
        row_name: a row of :data:`theory.lion.K_TABLE`.
        lr: eta > 0.
        lam_: the weight decay lambda > 0.
        objective: the :class:`Objective` (default the module's quadratic).
        x0: the start (default the module's).
        wd_mode: ``"explicit"`` or ``"implicit"``.

    Returns:
        The averaged iterate.
    """
    objective = objective or tridiagonal_quadratic()
    steps, tail = int(round(80 / lr)), int(round(5 / lr))
    x0 = np.zeros(6) if x0 is None else x0
    tr = run_discrete(objective.grad, x0, lr=lr, beta1=0.9, beta2=0.99, weight_decay=lam_, steps=steps, K=row_name, wd_mode=wd_mode)
    return np.asarray(tr.x[-tail:]).mean(axis=0)


@in_float64
def euler_errors(lrs, *, fixed_beta2: float | None = None):
    """sup_k ||x_k - x(k eta)||_inf for discrete Lion-K (log-cosh delta = 1, explicit decay) with
    beta2 = 1 - gamma eta, beta1 = 1 - eps gamma (the §2.4 map; gamma = 2, eps = 0.3, lambda = 0.7,
    T = 5, plane quadratic) against the ODE; ``fixed_beta2`` holds beta2 fixed instead (wrong map).

    Reference: docs/papers/lion.md §2.4 (the discretisation map), §8.

    Args:
        lrs: the step sizes eta.
        fixed_beta2: hold beta2 at this value (the sabotaged map).

    Returns:
        The errors, one per step size.
    """
    objective = plane_quadratic()
    row = theory.k_row("logcosh1", delta=1.0)
    gamma_, eps_, lam_, horizon = 2.0, 0.3, 0.7, 5.0
    x0, m0 = np.array([0.5, -0.5]), np.array([0.3, 0.2])
    errors = []
    for lr in lrs:
        steps = int(round(horizon / lr))
        ts = np.arange(steps + 1) * lr
        ode = solve_continuous(
            objective.grad, x0, m0, alpha=gamma_, gamma=gamma_, weight_decay=lam_, eps=eps_, K=row, ts=ts, rtol=1e-12, atol=1e-14
        )
        beta2 = 1 - gamma_ * lr if fixed_beta2 is None else fixed_beta2
        tr = run_discrete(objective.grad, x0, lr=lr, beta1=1 - eps_ * gamma_, beta2=beta2, weight_decay=lam_, steps=steps, K=row, m0=m0)
        errors.append(float(np.max(np.abs(np.asarray(tr.x) - np.asarray(ode.x)))))
    return np.array(errors)


EULER_LRS = (0.05, 0.025, 0.0125, 0.00625, 0.003125)


@in_float64
def domain_point(rng, row: theory.KRow, shape) -> np.ndarray:
    """A point y = lambda x strictly inside dom K* (§8 checks 2, 4, 10).

    Args:
        rng: a NumPy generator.
        row: the :class:`theory.lion.KRow`.
        shape: the point's shape.

    Returns:
        The point.
    """
    y = rng.uniform(-0.98, 0.98, size=shape)
    if row.name in ("l2", "l2smooth0.05"):
        y /= max(1.0, np.sqrt(np.sum(y * y)) / 0.98)
    elif row.name == "l3":  # dual norm l_{3/2}
        y /= max(1.0, np.sum(np.abs(y) ** 1.5) ** (2 / 3) / 0.98)
    elif row.name == "linf":
        y /= max(1.0, np.sum(np.abs(y)) / 0.98)
    elif row.name == "nuclear":  # dual norm: the operator norm
        y /= max(1.0, np.linalg.norm(y, 2) / 0.98)
    elif row.name == "relu":
        y = np.abs(y)
    elif row.name in ("quad", "l1+l2sq0.3"):
        y *= 3.0
    return y


@in_float64
def lyapunov_step_terms(row: theory.KRow, hessian, b, x, m, *, lr, beta1, beta2, lam_) -> tuple[float, float, float]:
    """One implicit-decay Lion-K step on f(x) = <x, H x>/2 + <b, x> from (x, m): the terms of the
    discrete Lyapunov inequality (docs/papers/lion.md §6.2), (lhs, rhs, Delta_t) with
    lhs = H_d(t+1) - H_d(t) and rhs = -eta Delta_t + (L/2)||x_{t+1} - x_t||^2, L = max |eig H|.
    x, m and b are vectors, or matrices (H acts on the first axis; Frobenius inner product) for
    the nuclear-norm row.

    Args:
        row: the :class:`theory.lion.KRow`.
        hessian: H.
        b: the linear term.
        x: x_t.
        m: m_t.
        lr: eta.
        beta1: beta_1.
        beta2: beta_2.
        lam_: lambda.

    Returns:
        ``(lhs, rhs, Delta_t)``.
    """
    smoothness = float(np.max(np.abs(np.linalg.eigvalsh(hessian))))

    def f(z):
        return 0.5 * np.sum(z * (hessian @ z)) + np.sum(b * z)

    g = hessian @ x + b
    x1, m1, mt = lion_update(x, m, g, row, lr=lr, beta1=beta1, beta2=beta2, weight_decay=lam_, wd_mode="implicit", xp=np)
    kw = dict(lr=lr, beta1=beta1, beta2=beta2, lam_=lam_)
    lhs = theory.discrete_lyapunov(row, f(x1), x1, m1, **kw) - theory.discrete_lyapunov(row, f(x), x, m, **kw)
    delta = theory.discrete_step_terms(row, x1, m, m1, mt, g, **kw)
    rhs = -lr * delta + 0.5 * smoothness * np.sum((x1 - x) ** 2)
    return float(lhs), float(rhs), float(delta)
