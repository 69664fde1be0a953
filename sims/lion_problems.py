"""Test problems for Lion-K (docs/papers/lion.md §7.2, §8): quadratics with known constrained optima
and the nonconvex examples, as JAX-traceable (f, grad f) pairs. Each problem object is created once
and reused, so :func:`sims.lion.run_discrete` compiles once per problem."""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims.precision import in_float64

__all__ = [
    "Objective",
    "TRIDIAGONAL",
    "TRIDIAGONAL_CENTER",
    "cosine_bowl",
    "plane_quadratic",
    "quadratic",
    "rosenbrock",
    "tridiagonal_quadratic",
]


class Objective(NamedTuple):
    """f and grad f as JAX functions of x; ``smoothness`` is L = max |eigenvalue of the Hessian|
    where known (quadratics).

    Reference: docs/papers/lion.md §7.2 (the objectives of the figures).
    """

    f: object
    grad: object
    smoothness: float


@in_float64
def quadratic(hessian, center) -> Objective:
    """f(x) = 1/2 (x - c)^T A (x - c).

    f and grad are :class:`jax.tree_util.Partial` objects holding A and c: callables like any other,
    and pytrees whose arrays :func:`sims.lion.solve_continuous` passes as traced arguments, so every
    quadratic of one dimension shares one compiled ODE solver.

    Reference: docs/papers/lion.md §7.2.

    Args:
        hessian: A, symmetric positive semidefinite.
        center: c.

    Returns:
        The :class:`Objective` with L = max |eig A|.
    """
    a = jnp.asarray(hessian, dtype=jnp.float64)
    c = jnp.asarray(center, dtype=jnp.float64)
    f, grad = (jax.tree_util.Partial(fn, a, c) for fn in (_quadratic_value, _quadratic_grad))
    return Objective(f, grad, float(np.max(np.abs(np.linalg.eigvalsh(np.asarray(a))))))


def _quadratic_value(a, c, x):
    return 0.5 * (x - c) @ a @ (x - c)


def _quadratic_grad(a, c, x):
    return a @ (x - c)


PLANE_HESSIAN, PLANE_CENTER = ((2.0, 0.6), (0.6, 1.0)), (3.0, -2.0)
TRIDIAGONAL = 2.0 * np.eye(6) + 0.6 * (np.eye(6, k=1) + np.eye(6, k=-1))
"""§8 checks 14-15 leave A open for d = 6: the SPD tridiagonal matrix with 2 on the diagonal and
0.6 beside it (eigenvalues in [0.92, 3.08])."""
TRIDIAGONAL_CENTER = (3.0, -2.5, 0.2, -0.3, 0.1, 1.5)


@functools.cache
@in_float64
def plane_quadratic() -> Objective:
    """§7.2 F1: A = [[2, 0.6], [0.6, 1]], c = (3, -2); the unconstrained optimum lies outside the box."""
    return quadratic(PLANE_HESSIAN, PLANE_CENTER)


@functools.cache
@in_float64
def tridiagonal_quadratic() -> Objective:
    """§8 checks 14-15: f = 1/2 (x - c)^T A (x - c) with A = :data:`TRIDIAGONAL`, c = (3, -2.5, 0.2, -0.3, 0.1, 1.5)."""
    return quadratic(TRIDIAGONAL, TRIDIAGONAL_CENTER)


@functools.cache
@in_float64
def rosenbrock() -> Objective:
    """Scaled Rosenbrock f = (1 - x1)^2 + 10 (x2 - x1^2)^2 (§7.2 F1, nonconvex)."""

    def f(x):
        return (1 - x[0]) ** 2 + 10 * (x[1] - x[0] ** 2) ** 2

    return Objective(f, jax.grad(f), float("nan"))


@functools.cache
@in_float64
def cosine_bowl(dim: int = 4) -> Objective:
    """f = sum cos(2 x_i) + 1/4 ||x||^2 (nonconvex, bounded below; §8 check 5)."""

    def f(x):
        return jnp.sum(jnp.cos(2 * x)) + 0.25 * jnp.sum(x * x)

    return Objective(f, jax.grad(f), 4.5)
