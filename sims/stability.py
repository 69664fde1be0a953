"""Spectral radius of the exact second-moment operator of SGD / HB / ASGD (docs/papers/momentum.md §4.3).

The exact second-moment operator of SGD / HB / ASGD on Gaussian linear regression is block
diagonal (one 2x2-covariance block per eigendirection) plus one rank-one coupling from
tr(H A) H (§4.2). By Sherman-Morrison its spectral radius rho* is the largest root of the
secular equation

    F(rho) = sum_i u_i(rho) / (1 - u_i(rho)) = 1,   u_i(rho) = (lambda_i^2 / B) G_i(rho),

with G_i the noise response of :func:`theory.momentum.noise_response`. Each u_i is a positive
combination of rho^-(k+1), so F is convex and decreasing on (rho_0, inf). In the gap
g = 1 - rho, Phi(g) = F(1 - g) - 1 is convex and increasing, and Newton's method started at any
point with Phi > 0 converges monotonically to the root from above without leaving the region
where the expansion is valid. :func:`spectral_radius` brackets the root by a bisection in
log(distance to the pole), then polishes it with those monotone Newton steps; it never evaluates
F past a pole, so unstable grid points are safe (they return rho* >= 1).
"""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import sympy as sp

from paperchecks.sims.precision import in_float64
from paperchecks.theory import momentum as theory

__all__ = ["second_moment_expands", "second_moment_gap", "slow_mode_gap"]

_BRACKET_RATIO = 1.5  # geometric bisection stops when the distance-to-pole bracket is this tight
_MAX_ITERATIONS = 200
_EDGE_FLOOR = 1e-200  # |edge| below this counts as 1e-200 when the bracket's near end is set


@functools.cache
def _response_coefficients(method: str):
    """lambda^2 G(1 - g) = N(g) / prod_k D_k(g) from the sympy derivation, in its factored form: a
    JAX function of (s, x, y) returning the coefficient lists (highest power of g first) of N and
    of each denominator factor D_k. They depend on the configuration and the direction only, so
    :func:`_secular` computes them once and every evaluation of the secular function inside the
    root search is a few Horner steps per direction (ASGD's expression has 184 operations, its
    Horner form 11)."""
    numerator, denominator = sp.fraction(theory.scaled_noise_response(method))
    constant, factors = sp.factor_list(denominator)
    polys = [sp.Poly(numerator / constant, theory.gap)] + [sp.Poly(f, theory.gap) for f, k in factors for _ in range(k)]
    args = (theory.s_mom, theory.x_lr, theory.y_alpha)
    return sp.lambdify(args, [p.all_coeffs() for p in polys], modules="jax", cse=True)


def _horner(coefficients, g):
    value = coefficients[0]
    for c in coefficients[1:]:
        value = value * g + c
    return value


def _response_fraction(parts, g):
    """(N(g), prod_k D_k(g)) per direction: lambda_i^2 G_i(1 - g) = N / D, from the coefficients of
    :func:`_response_coefficients`."""
    numerator, *factors = parts
    return _horner(numerator, g), math.prod(_horner(f, g) for f in factors)


@functools.cache
def _characteristic(method: str):
    terms = theory.characteristic_terms(method)
    args = (theory.s_mom, theory.x_lr, theory.y_alpha)
    return {name: sp.lambdify(args, expr, modules="jax") for name, expr in terms.items()}


@in_float64
def slow_mode_gap(method: str, x, s, y):
    """1 - |r_max|^2 per direction, with r_max the largest-modulus root of the noise-free map
    (x = eta lambda, s = 1 - beta, y = alpha lambda). Written through p(1) and p(-1) of the
    characteristic polynomial so that gaps near 0 keep their relative precision.

    Reference: docs/papers/momentum.md §4.3 (spectral radius in closed form).

    Args:
        method: one of :data:`sims.methods.METHODS`.
        x: eta lambda.
        s: 1 - beta.
        y: alpha lambda.

    Returns:
        The gap per direction.
    """
    if method == "sgd":
        return x * (2.0 - x)
    terms = {name: fn(s, x, y) for name, fn in _characteristic(method).items()}
    tr = 2.0 - terms["two_minus_trace"]
    disc = tr * tr - 4.0 * (1.0 - terms["one_minus_det"])
    root = jnp.sqrt(jnp.maximum(disc, 0.0))
    positive_branch = terms["two_minus_trace"] + root
    one_minus_r_pos = jnp.where(
        positive_branch > 0,
        2.0 * terms["p_one"] / jnp.where(positive_branch > 0, positive_branch, 1.0),
        (terms["two_minus_trace"] - root) / 2.0,
    )
    one_minus_r_neg = (2.0 + tr - root) / 2.0
    one_minus_r = jnp.where(tr >= 0, one_minus_r_pos, one_minus_r_neg)
    real_gap = one_minus_r * (2.0 - one_minus_r)
    return jnp.where(disc < 0, terms["one_minus_det"], real_gap)


def _phi(parts, scale, edge, g):
    """Phi(g) = F(1 - g) - 1 with u_i = scale lambda_i^2 G_i(1 - g) = top_i / D_i (scale = weight / B),
    each term u / (1 - u) = top / (D - top) with one division; +inf where the expansion is invalid
    (g >= edge or some u_i outside [0, 1), decided by signs; a negative u_i is a rounding artefact
    next to a pole)."""
    numerator, denominator = _response_fraction(parts, g)
    top = scale * numerator
    rest = denominator - top  # (1 - u) D
    inside = (top * denominator >= 0.0) & (rest * denominator > 0.0)  # 0 <= u < 1
    value = jnp.sum(top / jnp.where(inside, rest, 1.0)) - 1.0
    return jnp.where((g < edge) & jnp.all(inside), value, jnp.inf)


def _bounded_while(still_open, step, state, *, cap: int):
    """``lax.while_loop(still_open, step, state)`` for at most ``cap`` steps, terminating under vmap.

    The open/closed decision is computed once per iteration, at the end of the body, and carried.
    Under ``vmap`` JAX evaluates a loop condition twice (once to continue the loop, once per lane to
    choose which lanes advance) and XLA may compile the two copies differently; a condition on a
    rounding boundary (Phi next to the pole: an unstable ASGD configuration at B = inf) then said
    "go on" to the loop and "stop" to every lane, so no lane's counter advanced and the loop never
    ended (issue 21). Carrying the decision makes both uses read one value.
    """

    def body(carry):
        state, k, _ = carry
        state = step(state)
        return state, k + 1, still_open(state) & (k + 1 < cap)

    final, _, _ = jax.lax.while_loop(lambda carry: carry[2], body, (state, jnp.int32(0), still_open(state) & (cap > 0)))
    return final


def _secular(method, lam, eta, s, alpha, inv_batch, weight):
    """(edge, Phi) of one configuration: the slow-mode gap min_i (1 - |r_max,i|^2) of the
    noise-free map, which bounds g* from above, and Phi(g) = F(1 - g) - 1 as a function of g (the
    response's coefficients computed once, outside the root search)."""
    x, y = eta * lam, alpha * lam
    edge = jnp.min(slow_mode_gap(method, x, s, y))
    return edge, functools.partial(_phi, _response_coefficients(method)(s, x, y), weight * inv_batch, edge)


def second_moment_gap(method: str, lam, eta, s, alpha, inv_batch, weight=1.0):
    """g = 1 - rho* for one configuration: the largest root of Phi (module docstring), negative
    when the operator expands (rho* > 1). A JAX function of traced arguments: it terminates under
    ``vmap`` (every loop is capped, :func:`_bounded_while`) and is what
    :func:`sims.momentum.contraction_gap` evaluates (the divergence rule needs only its sign:
    :func:`second_moment_expands`).

    Reference: docs/papers/momentum.md §4.3.

    Args:
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        lam: the eigenvalues lambda_i > 0.
        eta: the step size.
        s: 1 - beta.
        alpha: the ASGD weight (0 for SGD and HB).
        inv_batch: 1/B (0 for the full batch).
        weight: 1 per direction, or 0 for a padding copy of a real eigenvalue (it then changes
            neither the slow-mode edge nor F): padding lets one compiled program serve every d
            up to a bucket size.

    Returns:
        The gap, a float64 scalar.
    """
    edge, phi = _secular(method, lam, eta, s, alpha, inv_batch, weight)

    # 1. a point below the root: distance to the pole squared (from 2) until Phi <= 0; rho* of
    #    very unstable grid points can be 2^14 and more, reached in 4 squarings (cap 2^256).
    width_max = _bounded_while(lambda width: phi(edge - width) > 0, lambda width: width * width, jnp.float64(2.0), cap=9)
    # Closer to the pole than 1e-12 |edge| the rational G_i lose their sign to rounding; a root
    # that close is reported as edge - width_min (relative error <= 1e-12). The floor keeps
    # width_min a normal number: XLA on CPU flushes subnormals to zero, and a zero end stalls the
    # geometric bisection (edge = 0 exactly, e.g. ASGD at eta lambda_1 = alpha lambda_1 = 1, beta = 0,
    # came back as g = 0 instead of its root g* = -8.40 after 200 idle iterations).
    width_min = jnp.minimum(1e-12 * jnp.maximum(jnp.abs(edge), _EDGE_FLOOR), 0.5 * width_max)

    # 2. bisection in log(distance to the pole) until the bracket is tight and its upper-g end valid.
    def loose(state):
        lo, hi = state  # distances: Phi(edge - hi) <= 0 < Phi(edge - lo)
        return (hi / lo > _BRACKET_RATIO) | ~jnp.isfinite(phi(edge - lo))

    def halve(state):
        lo, hi = state
        mid = jnp.sqrt(lo) * jnp.sqrt(hi)
        above = phi(edge - mid) > 0
        return jnp.where(above, mid, lo), jnp.where(above, hi, mid)

    near, _ = _bounded_while(loose, halve, (width_min, width_max), cap=_MAX_ITERATIONS)
    g_start = edge - near

    # 3. monotone Newton from above (Phi convex increasing): g decreases to g*. One jvp per
    #    iteration gives the value and slope at the new point.
    def value_and_slope(g):
        return jax.jvp(phi, (g,), (jnp.ones_like(g),))

    def newton_open(state):
        g, value, _, step = state
        return (value > 0) & jnp.isfinite(value) & (step > 4e-16 * jnp.abs(g))

    def newton(state):
        g, value, slope, _ = state
        step = jnp.where(slope > 0, value / slope, 0.0)
        return (g - step, *value_and_slope(g - step), step)

    phi_start, slope_start = value_and_slope(g_start)
    g_star, _, _, _ = _bounded_while(newton_open, newton, (g_start, phi_start, slope_start, jnp.float64(jnp.inf)), cap=_MAX_ITERATIONS)
    # B = inf (no noise): Phi = -1 everywhere and the radius is the slow mode's.
    return jnp.where(inv_batch == 0.0, edge, jnp.where(jnp.isfinite(phi_start), g_star, edge - near))


def second_moment_expands(method: str, lam, eta, s, alpha, inv_batch, weight=1.0):
    """Whether rho* > 1, i.e. the sign of :func:`second_moment_gap` without finding its root: one
    pass over the spectrum instead of a root search, which is what the divergence rule of
    :mod:`sims.divergence` needs after every run.

    Phi(g) = F(1 - g) - 1 is increasing on (-inf, edge) with its root at g*, and edge (the slow-mode
    gap of the noise-free map) bounds g* from above. So edge < 0 means the noise-free map already
    expands; for edge > 0, g* < 0 exactly when Phi(0) = F(1) - 1 > 0 (+inf past a pole). edge = 0
    (rho* = 1, e.g. eta = 0 for SGD) is marginal, not expanding.

    Reference: docs/papers/momentum.md §4.3 (the secular equation F(rho) = 1).

    Args:
        method, lam, eta, s, alpha, inv_batch, weight: as in :func:`second_moment_gap`.

    Returns:
        A boolean scalar.
    """
    edge, phi = _secular(method, lam, eta, s, alpha, inv_batch, weight)
    noisy = (inv_batch > 0) & (phi(jnp.zeros_like(edge)) > 0)
    return (edge < 0) | ((edge > 0) & noisy)
