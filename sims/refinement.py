"""The last-iterate bound Omega_T for any schedule, the refined and the Omega-optimal schedules, and
a Monte Carlo SGD with a closed-form suboptimality (docs/papers/refinement.md).

Conventions (docs/papers/refinement.md §1-§2): a schedule is given by its T step sizes
eta_1 .. eta_T (the last axis of ``lr``); the iterate judged is x_T, reached after T - 1 steps with
eta_1 .. eta_{T-1}; eta_T enters the bound only. The common shapes are "schedules of length T + 1
ending at 0", s_0 .. s_T, of which the first T values are eta_1 .. eta_T (:func:`schedule_shape`).

The Monte Carlo problem (docs/papers/refinement.md §6): f(x) = E|a^T (x - x*)| with a ~ N(0, I/d),
a subgradient sign(a^T e) a (e = x - x*) has E||g||^2 = 1 (G = 1), and f(x) - f* =
sqrt(2/pi) ||e|| / sqrt(d). Its large-d limit (:func:`mean_field_suboptimality`) replaces ||e_t||^2 by
its conditional mean, r_{t+1}^2 = r_t^2 - 2 eta_t sqrt(2/pi) r_t / sqrt(d) + eta_t^2.
"""

from __future__ import annotations

import functools
import math
import typing

import jax
import jax.numpy as jnp
import numpy as np
import scipy.optimize

from paperchecks.sims import schedules, sweep
from paperchecks.sims.gaussian import standard_normal
from paperchecks.sims.precision import in_float64
from paperchecks.sims.validation import MAX_STEPS, check_bytes, choice, fail, in_range, is_traced, positive_int, real_array
from paperchecks.theory import refinement as theory

__all__ = [
    "GRADIENT_PROFILES",
    "SHAPES",
    "OptimalSchedule",
    "last_iterate_bound",
    "mean_field_suboptimality",
    "monte_carlo_suboptimality",
    "gradient_profile",
    "optimal_schedule",
    "refined_schedule",
    "schedule_shape",
    "tuned_last_iterate_bound",
]

_bound_parts = jax.jit(functools.partial(theory.bound_parts, xp=jnp))  # one program per shape, not one per operation
GRADIENT_PROFILES = ("constant", "step", "t^-0.25", "t^-0.5", "t^-1")
SHAPES = ("linear", "cosine", "constant", "wsd:<cooldown fraction>", "inverse_power:<decay>")
_HALF_NORMAL_MEAN = math.sqrt(2.0 / math.pi)  # E|z| for z ~ N(0, 1)


def gradient_profile(name: str, count: int) -> np.ndarray:
    """G_1 .. G_count of a named gradient-norm profile: ``constant`` 1, ``step`` 1 for
    t <= count/2 and 2 after, ``t^-p`` decreasing as t^-p. A refined schedule of length T + 1
    takes ``count = T + 1`` (docs/papers/refinement.md §3: the step profile's reference values).

    Reference: docs/papers/refinement.md §3.

    Args:
        name: one of :data:`GRADIENT_PROFILES`.
        count: the number of values, >= 2.

    Returns:
        The (count,) float64 profile.
    """
    choice("grad_profile", name, GRADIENT_PROFILES)
    count = positive_int("count", count, minimum=2, maximum=MAX_STEPS)
    t = np.arange(1, count + 1, dtype=np.float64)
    if name == "constant":
        return np.ones_like(t)
    if name == "step":
        return np.where(t <= count / 2, 1.0, 2.0)
    return t ** -float(name.removeprefix("t^-"))


def schedule_shape(name: str, steps: int) -> np.ndarray:
    """eta_1 .. eta_T of a common shape: the first T values of its length-(T + 1) table s_0 .. s_T.

    ``linear``: s_k = 1 - k/T; ``cosine``: (1 + cos(pi k/T))/2; ``constant``: 1;
    ``inverse_power:<g>``: (k + 1)^-g (``inverse_power:0.5`` is 1/sqrt(t)); ``wsd:<f>``: 1 up to
    k0 = floor((1 - f) T), then linear to 0 at k = T (the public code's WSD, whose cooldown of
    fraction f ends at s_T = 0; :func:`paperchecks.sims.schedules.wsd` is the anytime paper's, with
    the decay shifted by one step).

    Reference: docs/papers/refinement.md §2.

    Args:
        name: one of :data:`SHAPES`.
        steps: T >= 1.

    Returns:
        The (T,) float64 array of positive step sizes.
    """
    steps = positive_int("steps", steps, maximum=MAX_STEPS)
    check_bytes("steps", steps, 8.0 * steps, "the schedule table (8 bytes per step)")
    allowed = f"one of {', '.join(SHAPES)} (fraction in (0, 1], decay in [0, 1])"
    if not isinstance(name, str):
        fail("schedule", allowed, name)
    family, colon, parameter = name.partition(":")
    try:
        value = float(parameter) if colon else None
    except ValueError:
        fail("schedule", allowed, name)
    if family == "constant" and value is None:
        return np.ones(steps)
    if family == "linear" and value is None:
        return np.asarray(schedules.table(schedules.linear_decay(1.0, steps), steps), dtype=np.float64)
    if family == "cosine" and value is None:
        return np.asarray(schedules.table(schedules.cosine(1.0, steps), steps), dtype=np.float64)
    if family == "inverse_power" and value is not None and 0.0 <= value <= 1.0:
        return np.asarray(schedules.table(schedules.inverse_power(1.0, value), steps), dtype=np.float64)
    if family == "wsd" and value is not None and 0.0 < value <= 1.0:
        start = math.floor((1.0 - value) * steps)
        return np.minimum(1.0, (steps - np.arange(steps, dtype=np.float64)) / (steps - start))
    fail("schedule", allowed, name)


def _checked(lr, grad_norms, distance, name: str = "lr") -> tuple:
    """Validate concrete inputs (tracers pass as they are: the bound is differentiable)."""
    if not is_traced(lr):
        lr = real_array(
            name,
            lr,
            "an array of step sizes eta_1..eta_T >= 0 (last axis, T >= 1) whose last entry eta_T is > 0",
            lambda a: a.ndim >= 1 and np.all(a >= 0) and np.all(a[..., -1] > 0),
        )
    if not is_traced(grad_norms):
        grad_norms = real_array("grad_norms", grad_norms, "gradient-norm bounds G_t >= 0 (broadcast against lr)", lambda a: np.all(a >= 0))
    if not is_traced(distance):
        distance = real_array("distance", distance, "a distance D > 0 (broadcast against the batch axes)", lambda a: np.all(a > 0))
    if not any(is_traced(v) for v in (lr, grad_norms)):
        try:
            np.broadcast_shapes(np.shape(lr), np.shape(grad_norms))
        except ValueError:
            fail("grad_norms", f"an array broadcastable to {name}'s shape {np.shape(lr)}", f"shape {np.shape(grad_norms)}")
    return jnp.asarray(lr, dtype=float), jnp.asarray(grad_norms, dtype=float), jnp.asarray(distance, dtype=float)


@in_float64
def last_iterate_bound(lr, *, grad_norms=1.0, distance=1.0) -> jax.Array:
    """Omega_T = D^2/(2 S_1) + Q_1/(2 S_1) + 1/2 sum_{k<T} (eta_k/S_{k+1})(Q_k/S_k), the bound on
    E f(x_T) - f* of SGD with step sizes eta_1..eta_T (Theorem 10 of arXiv 2310.07831).

    Batched over any leading axes of ``lr`` and differentiable (``jax.grad`` with respect to the
    step sizes, under ``jax_enable_x64``). The tails S_k, Q_k are reversed cumulative sums.

    Reference: docs/papers/refinement.md §1.

    Args:
        lr: eta_1 .. eta_T along the last axis (>= 0, eta_T > 0).
        grad_norms: G_1 .. G_T (E||g_t||^2 <= G_t^2), broadcast against ``lr``.
        distance: D >= ||x_1 - x*||, broadcast against the batch axes.

    Returns:
        Omega_T with the batch shape of ``lr`` (float64).
    """
    lr, grad_norms, distance = _checked(lr, grad_norms, distance)
    a, b = _bound_parts(lr, grad_norms, distance)
    return a + b


@in_float64
def tuned_last_iterate_bound(shape, *, grad_norms=1.0, distance=1.0) -> tuple[jax.Array, jax.Array]:
    """The bound at the tuned base step: Omega(c eta) = A/c + c B is smallest at c* = sqrt(A/B),
    where it equals Omega* = 2 sqrt(A B) (the scale of ``shape`` does not matter).

    Reference: docs/papers/refinement.md §1 (base-step tuning).

    Args:
        shape: the schedule's shape eta_1 .. eta_T (last axis; >= 0, eta_T > 0).
        grad_norms: G_1 .. G_T, broadcast against ``shape``.
        distance: D, broadcast against the batch axes.

    Returns:
        ``(Omega*, c*)``, each with the batch shape of ``shape``; the tuned step sizes are c* shape.
    """
    shape, grad_norms, distance = _checked(shape, grad_norms, distance, "shape")
    a, b = _bound_parts(shape, grad_norms, distance)
    return 2.0 * jnp.sqrt(a * b), jnp.sqrt(a / b)


def refined_schedule(grad_norms) -> np.ndarray:
    """The refined schedule's shape w_t = G_t^-2 sum_{p>t} G_p^-2 (w_T = 0) for a gradient-norm
    profile G_1 .. G_T: linear decay when G is constant, warm-up where the norms fall early.

    A profile of length T + 1 gives a length-(T + 1) schedule ending at 0, whose first T values
    enter :func:`tuned_last_iterate_bound` with the first T norms (docs/papers/refinement.md §3).

    Reference: docs/papers/refinement.md §3 (arXiv 2310.07831, refinement).

    Args:
        grad_norms: the observed (or assumed) norms, > 0, along the last axis (length >= 2).

    Returns:
        w_1 .. w_T (float64, same shape), normalised so that max_t w_t = 1.
    """
    norms = real_array(
        "grad_norms",
        grad_norms,
        "gradient norms > 0 along the last axis (length >= 2)",
        lambda a: a.ndim >= 1 and a.shape[-1] >= 2 and np.all(a > 0),
    )
    weights = theory.refined_weights(norms)
    return weights / np.max(weights, axis=-1, keepdims=True)


class OptimalSchedule(typing.NamedTuple):
    """The Omega-optimal schedule found by :func:`optimal_schedule`.

    Reference: docs/papers/refinement.md §4.
    """

    bound: float  # Omega* of the schedule at its tuned base step
    base_step: float  # c*
    shape: np.ndarray  # eta_1 .. eta_T / max (tuned step sizes: base_step * max-scaled shape)
    iterations: int


@in_float64
def optimal_schedule(steps: int, *, grad_norms=1.0, distance=1.0, start=None) -> OptimalSchedule:
    """The schedule minimising Omega_T: L-BFGS over z = log eta of log Omega*(exp z), with the
    gradient from JAX (Omega* is scale free, so the base step is tuned in closed form and the
    optimiser moves only the shape).

    Reference: docs/papers/refinement.md §4.

    Args:
        steps: T >= 2.
        grad_norms: G_1 .. G_T (> 0), a scalar or a (T,) array.
        distance: D > 0.
        start: the starting shape (T,) > 0 (default: linear decay s_k = 1 - k/(T + 1)).

    Returns:
        The :class:`OptimalSchedule`.
    """
    steps = positive_int("steps", steps, minimum=2, maximum=100_000)
    norms = np.broadcast_to(
        real_array(
            "grad_norms", grad_norms, "gradient norms G_t > 0 (a scalar or T values)", lambda a: np.all(a > 0) and a.size in (1, steps)
        ),
        (steps,),
    )
    distance = in_range("distance", distance, low=0.0, low_open=True)
    if start is None:
        start = 1.0 - np.arange(steps) / (steps + 1.0)
    start = real_array("start", start, f"a shape of {steps} step sizes > 0", lambda a: a.shape == (steps,) and np.all(a > 0))

    def log_bound(z):
        a, b = theory.bound_parts(jnp.exp(z), jnp.asarray(norms), distance, xp=jnp)
        return 0.5 * jnp.log(4.0 * a * b)

    value_and_grad = jax.jit(jax.value_and_grad(log_bound))

    def objective(z):
        value, grad = value_and_grad(jnp.asarray(z))
        return float(value), np.asarray(grad, dtype=np.float64)

    result = scipy.optimize.minimize(
        objective, np.log(start), jac=True, method="L-BFGS-B", options={"maxiter": 20_000, "ftol": 1e-15, "gtol": 1e-11}
    )
    shape = np.exp(result.x - np.max(result.x))
    bound, base = tuned_last_iterate_bound(shape, grad_norms=norms, distance=distance)
    return OptimalSchedule(float(bound), float(base), shape, int(result.nit))


def _final_distance(key, lr, start, dim: int):
    """||x_T - x*|| of one SGD run on f(x) = E|a^T(x - x*)| from x_1 - x* = start (T - 1 steps)."""

    def draw(t):
        return standard_normal(jax.random.fold_in(key, t), (dim,)) / jnp.sqrt(dim)

    def step(carry, inputs):
        # a_t was drawn in step t - 1 and carried (stored once; see sims.linreg's Monte Carlo)
        (e, a), (t, eta) = carry, inputs
        return (e - eta * jnp.sign(a @ e) * a, draw(t + 1)), None

    steps = lr.shape[-1] - 1
    (e, _), _ = jax.lax.scan(step, (start, draw(0)), (jnp.arange(steps), lr[:steps]))
    return jnp.linalg.norm(e)


def _suboptimality_rows(rows, table, start, dim: int):
    """f(x_T) - f* for each grid row (seed key, schedule index)."""
    keys, index = rows
    distance = jax.vmap(lambda key, i: _final_distance(key, table[i], start, dim))(keys, index)
    return _HALF_NORMAL_MEAN * distance / math.sqrt(dim)


@in_float64
def monte_carlo_suboptimality(key, lr, *, dim: int, seeds: int, distance: float = 1.0) -> np.ndarray:
    """E f(x_T) - f* sampled: SGD x_{t+1} = x_t - eta_t sign(a_t^T e_t) a_t, a_t ~ N(0, I/d), on
    f(x) = E|a^T (x - x*)| (G = 1, f(x) - f* = sqrt(2/pi)||x - x*||/sqrt(d)) from ||x_1 - x*|| = D.

    Seed j draws a_t from ``fold_in(fold_in(key, j), t)``; every schedule sees the same draws
    (common random numbers). Rows run through :func:`paperchecks.sims.sweep.grid_map`.

    Reference: docs/papers/refinement.md §6.

    Args:
        key: a JAX PRNG key.
        lr: step sizes eta_1 .. eta_T, shape (T,) or (schedules, T) (>= 0; x_T uses eta_1..eta_{T-1}).
        dim: d >= 1.
        seeds: the number of independent runs per schedule, >= 2.
        distance: D = ||x_1 - x*|| > 0.

    Returns:
        f(x_T) - f*, shape (schedules, seeds) (or (seeds,) for a 1-D ``lr``), float64.
    """
    table = real_array("lr", lr, "step sizes >= 0, shape (T,) or (schedules, T) with T >= 1", lambda a: a.ndim in (1, 2) and np.all(a >= 0))
    dim = positive_int("dim", dim, maximum=1_000_000)
    seeds = positive_int("seeds", seeds, minimum=2, maximum=10_000_000)
    distance = in_range("distance", distance, low=0.0, low_open=True)
    batch = np.atleast_2d(table)
    count = batch.shape[0]
    check_bytes("seeds", seeds, 8.0 * dim * seeds * count, "the iterates of every run")
    seed_keys = jax.vmap(lambda j: jax.random.fold_in(key, j))(jnp.arange(seeds))
    keys = jnp.tile(seed_keys, count)
    index = jnp.repeat(jnp.arange(count), seeds)
    start = jnp.zeros(dim).at[0].set(distance)
    values = sweep.grid_map(_suboptimality_rows, (keys, index), jnp.asarray(batch), start, dim=dim)
    values = np.asarray(values, dtype=np.float64).reshape(count, seeds)
    return values if table.ndim == 2 else values[0]


def mean_field_suboptimality(lr, *, dim: int, distance: float = 1.0) -> np.ndarray:
    """The large-d limit of :func:`monte_carlo_suboptimality`: r_{t+1}^2 = r_t^2 - 2 eta_t
    sqrt(2/pi) r_t/sqrt(d) + eta_t^2 (||e_t||^2's conditional mean, the fluctuations neglected,
    relative error O(1/d)), r_1 = D, and f(x_T) - f* ~ sqrt(2/pi) r_T / sqrt(d).

    Reference: docs/papers/refinement.md §6 (a reconstruction of this toolkit, not the paper's).

    Args:
        lr: eta_1 .. eta_T, shape (T,) or (schedules, T), >= 0.
        dim: d >= 1.
        distance: D > 0.

    Returns:
        The prediction per schedule (float64, shape ``lr.shape[:-1]``).
    """
    table = real_array("lr", lr, "step sizes >= 0, shape (T,) or (schedules, T)", lambda a: a.ndim in (1, 2) and np.all(a >= 0))
    dim = positive_int("dim", dim, maximum=1_000_000)
    distance = in_range("distance", distance, low=0.0, low_open=True)
    radius = np.full(table.shape[:-1], distance)
    drift = 2.0 * _HALF_NORMAL_MEAN / math.sqrt(dim)
    for t in range(table.shape[-1] - 1):
        eta = table[..., t]
        radius = np.sqrt(np.maximum(radius**2 - drift * eta * radius + eta**2, 0.0))
    return _HALF_NORMAL_MEAN * radius / math.sqrt(dim)
