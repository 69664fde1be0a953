"""A last-iterate bound for SGD under any schedule, and refinement (docs/papers/refinement.md).

Defazio, Cutkosky, Mehta, Mishchenko (arXiv 2310.07831, Theorem 10), restated as Theorem 1 of
Schaipp et al. (arXiv 2501.18965): SGD x_{t+1} = x_t - eta_t g_t on a convex f with
||x_1 - x*|| <= D and E||g_t||^2 <= G_t^2 satisfies, with the tails S_k = sum_{t=k}^{T} eta_t and
Q_k = sum_{t=k}^{T} eta_t^2 G_t^2,

    E f(x_T) - f* <= Omega_T = D^2/(2 S_1) + Q_1/(2 S_1) + 1/2 sum_{k=1}^{T-1} (eta_k / S_{k+1}) (Q_k / S_k).

x_T is the iterate after T - 1 steps (eta_1 .. eta_{T-1}); eta_T enters only through the weights
(docs/papers/refinement.md §1 pins this convention).

* Scaling the schedule by c turns Omega into A/c + c B (A = D^2/(2 S_1) at c = 1, B the rest); the
  tuned base step c* = sqrt(A/B) and Omega* = 2 sqrt(A B) are *derived* below (:data:`TUNED_STEP`,
  :data:`TUNED_BOUND`).
* The constant step's closed form Omega_T = D^2/(2 gamma T) + gamma G^2/2 + (gamma G^2/2) H_{T-1} is
  *derived* from the general bound by symbolic summation (:data:`CONSTANT_STEP_BOUND`), and its tuned
  value D G sqrt((1 + H_{T-1})/T) from the two above (:data:`CONSTANT_STEP_TUNED`).
* Refinement: w_t = G_t^-2 sum_{p > t} G_p^-2 (so w_T = 0), defined up to the scale c
  (:func:`refined_weights`).

Array functions take ``xp`` (NumPy by default; :mod:`paperchecks.sims.refinement` passes
``jax.numpy``), so the bound lives once; nothing here imports JAX.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

__all__ = [
    "BOUND",
    "CONSTANT_STEP_BOUND",
    "CONSTANT_STEP_TUNED",
    "TUNED_BOUND",
    "TUNED_STEP",
    "bound_parts",
    "distance",
    "grad_norm",
    "horizon",
    "REFINED_WEIGHT",
    "refined_weights",
    "symbolic_bound",
]

distance, grad_norm = sp.symbols("D G", positive=True)
horizon = sp.Symbol("T", integer=True, positive=True)
_t, _k, _j = sp.symbols("t k j", integer=True, positive=True)


def symbolic_bound(step_size, gradient_norm=grad_norm, dist=distance, steps=horizon) -> sp.Expr:
    """Omega_T for a symbolic schedule, by symbolic summation of the tails S_k and Q_k.

    The sum over k is re-indexed by j = T - k (the distance to the horizon) before summing, which
    lets sympy close sums such as sum_k 1/(T - k) as harmonic numbers.

    Reference: docs/papers/refinement.md §1 (Theorem 10 of arXiv 2310.07831).

    Args:
        step_size: eta_t as a sympy expression of the symbol ``t`` (``sympy.Symbol("t", integer=True,
            positive=True)``) or a constant.
        gradient_norm: G_t, an expression of ``t`` or a constant (default the symbol G).
        dist: D (default the symbol D).
        steps: T (default the symbol T).

    Returns:
        The sympy expression of Omega_T.
    """
    eta = sp.Lambda(_t, sp.sympify(step_size))
    gnorm = sp.Lambda(_t, sp.sympify(gradient_norm))

    def s_tail(k):
        return sp.summation(eta(_t), (_t, k, steps))

    def q_tail(k):
        return sp.summation(eta(_t) ** 2 * gnorm(_t) ** 2, (_t, k, steps))

    term = sp.simplify(eta(_k) / s_tail(_k + 1) * q_tail(_k) / s_tail(_k))
    middle = sp.summation(sp.simplify(term.subs(_k, steps - _j)), (_j, 1, steps - 1))
    return dist**2 / (2 * s_tail(1)) + q_tail(1) / (2 * s_tail(1)) + middle / 2


def _tuned() -> tuple[sp.Expr, sp.Expr]:
    """c* and Omega* of Omega(c) = A/c + c B: the stationary point of a convex function of c > 0."""
    c, a, b = sp.symbols("c A B", positive=True)
    omega = a / c + c * b
    (c_star,) = sp.solve(sp.diff(omega, c), c)
    return c_star, sp.simplify(omega.subs(c, c_star))


TUNED_STEP, TUNED_BOUND = _tuned()


def _display_forms() -> tuple[sp.Expr, sp.Expr]:
    """Omega_T and the refined weight w_t as unevaluated sums over indexed eta_t and G_t (what the
    report prints; the arrays below compute them)."""
    eta, gnorm = sp.IndexedBase("eta"), sp.IndexedBase("G")
    t, k, p = sp.symbols("t k p", integer=True, positive=True)

    def s_tail(start):
        return sp.Sum(eta[t], (t, start, horizon))

    def q_tail(start):
        return sp.Sum(eta[t] ** 2 * gnorm[t] ** 2, (t, start, horizon))

    bound = (
        distance**2 / (2 * s_tail(1))
        + q_tail(1) / (2 * s_tail(1))
        + sp.Sum(eta[k] * q_tail(k) / (s_tail(k + 1) * s_tail(k)), (k, 1, horizon - 1)) / 2
    )
    weight = gnorm[t] ** -2 * sp.Sum(gnorm[p] ** -2, (p, t + 1, horizon))
    return bound, weight


BOUND, REFINED_WEIGHT = _display_forms()
_gamma = sp.Symbol("gamma", positive=True)
CONSTANT_STEP_BOUND = sp.expand(symbolic_bound(_gamma))


def _constant_tuned() -> sp.Expr:
    """Omega* of the constant step: A and B read off Omega(gamma) = A/gamma + gamma B."""
    a = sp.simplify(CONSTANT_STEP_BOUND.coeff(_gamma, -1))
    b = sp.simplify(CONSTANT_STEP_BOUND.coeff(_gamma, 1))
    return sp.simplify(TUNED_BOUND.subs({sp.Symbol("A", positive=True): a, sp.Symbol("B", positive=True): b}))


CONSTANT_STEP_TUNED = _constant_tuned()


def _reversed_cumsum(x, xp):
    """sum_{t >= k} x_t along the last axis, summed from the end (total - cumsum loses ~1e-12)."""
    return xp.flip(xp.cumsum(xp.flip(x, axis=-1), axis=-1), axis=-1)


def bound_parts(lr, grad_norms=1.0, dist=1.0, xp=np):
    """A and B of Omega_T = A + B for the step sizes eta_1 .. eta_T (last axis): A = D^2/(2 S_1)
    scales as 1/c and B as c under eta -> c eta, so c* = sqrt(A/B) and Omega* = 2 sqrt(A B).

    Reference: docs/papers/refinement.md §1.

    Args:
        lr: eta_1 .. eta_T (positive; any leading batch axes).
        grad_norms: G_1 .. G_T, broadcast against ``lr``.
        dist: D, broadcast against the batch axes.
        xp: the array module (``numpy`` or ``jax.numpy``).

    Returns:
        ``(A, B)`` with the batch shape of ``lr``.
    """
    q = lr**2 * grad_norms**2
    s_tail = _reversed_cumsum(lr, xp)
    q_tail = _reversed_cumsum(q, xp)
    a = dist**2 / (2.0 * s_tail[..., 0])
    middle = xp.sum(lr[..., :-1] / s_tail[..., 1:] * q_tail[..., :-1] / s_tail[..., :-1], axis=-1)
    return a, q_tail[..., 0] / (2.0 * s_tail[..., 0]) + 0.5 * middle


def refined_weights(grad_norms, xp=np):
    """The refined schedule's shape w_t = G_t^-2 sum_{p > t} G_p^-2 (w_T = 0), up to the scale c.

    With a constant G this is linear decay (w_t proportional to T - t); a profile whose norms fall
    early gives small early weights (warm-up), and w_T = 0 is the final annealing.

    Reference: docs/papers/refinement.md §3 (arXiv 2310.07831, the refinement rule).

    Args:
        grad_norms: G_1 .. G_T (positive; last axis).
        xp: the array module.

    Returns:
        w_1 .. w_T, same shape.
    """
    inverse = grad_norms**-2.0
    tail = _reversed_cumsum(inverse, xp)  # sum over p >= t
    later = xp.concatenate([tail[..., 1:], xp.zeros_like(tail[..., :1])], axis=-1)
    return inverse * later
