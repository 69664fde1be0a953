"""Learning-rate schedules as ``step -> value`` callables (optax convention: ``step`` = k counts
updates from 0, so the paper's t = k + 1). Every schedule here works on Python ints, NumPy arrays
and traced JAX integers, and can be passed to :func:`sims.linreg.exact_risk` as ``lr`` or to
``optax`` as a learning rate.

Horizon-free (docs/papers/anytime.md §3.2): :func:`constant`, :func:`inverse_power` (eta/(t + t0)^gamma, and its
offset form eta sqrt(t0/(t + t0)) through ``normalize_offset``). Horizon-dependent baselines
(docs/papers/anytime.md §3.4): :func:`cosine`, :func:`linear_decay`, :func:`wsd` (linear or 1 - sqrt cooldown).
"""

from __future__ import annotations

import weakref

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims.precision import in_float64, require_concrete_or_x64
from paperchecks.sims.validation import MAX_STEPS, check_bytes, fail, in_range, is_traced, positive_int

__all__ = ["constant", "cosine", "inverse_power", "linear_decay", "table", "wsd"]


def _t(step):
    """The paper's t = k + 1 in the default float type (float64 inside the engine, float32 in a float32 caller: optax-compatible)."""
    return jnp.asarray(step, dtype=float) + 1.0


def constant(value: float):
    """eta_t = eta.

    Reference: docs/papers/anytime.md §3.4 (the constant baseline); docs/design.md, Conventions (schedules).

    Args:
        value: eta.

    Returns:
        The schedule ``k -> eta``.
    """
    value = in_range("value", value, low=0.0, low_open=True)

    def schedule(step):
        return value + 0.0 * _t(step)

    return schedule


def inverse_power(value: float, decay: float, offset: float = 0.0, normalize_offset: bool = False):
    """eta_t = eta / (t + t0)^gamma with t = k + 1 (docs/papers/anytime.md §3.2).

    ``normalize_offset=True`` gives the practical form eta (t0 / (t + t0))^gamma (so eta_t ~ eta
    for t << t0; gamma = 1/2 is the paper's "1/sqrt(t)" with offset alpha = t0).

    Args:
        value: eta > 0. decay: gamma in [0, 1]. offset: t0 >= 0 (> 0 with ``normalize_offset``).

    Returns:
        The schedule ``k -> eta_k``.
    """
    value = in_range("value", value, low=0.0, low_open=True)
    decay = in_range("decay", decay, low=0.0, high=1.0)
    offset = in_range("offset", offset, low=0.0, low_open=normalize_offset)
    scale = offset**decay if normalize_offset else 1.0

    def schedule(step):
        return value * scale / (_t(step) + offset) ** decay

    return schedule


def cosine(value: float, horizon: int, floor: float = 0.0):
    """Cosine decay from eta to ``floor`` * eta over ``horizon`` updates (no warmup):
    eta_k = eta_min + (eta - eta_min)(1 + cos(pi k / horizon)) / 2.

    Reference: docs/papers/anytime.md §3.4 (baselines).

    Args:
        value: the peak eta > 0.
        horizon: the number of updates N >= 1.
        floor: eta_min / eta in [0, 1].

    Returns:
        The schedule ``k -> eta_k`` (eta_min for k >= horizon).
    """
    value = in_range("value", value, low=0.0, low_open=True)
    horizon = positive_int("horizon", horizon)
    floor = in_range("floor", floor, low=0.0, high=1.0)

    def schedule(step):
        k = jnp.minimum(jnp.asarray(step, dtype=float), horizon)
        return value * (floor + (1.0 - floor) * 0.5 * (1.0 + jnp.cos(jnp.pi * k / horizon)))

    return schedule


def linear_decay(value: float, horizon: int, floor: float = 0.0):
    """Linear decay from eta at k = 0 to ``floor`` * eta at k = horizon.

    Reference: docs/papers/anytime.md §3.4 (baselines).

    Args:
        value: the peak eta > 0.
        horizon: the number of updates N >= 1.
        floor: the final fraction in [0, 1].

    Returns:
        The schedule ``k -> eta_k``.
    """
    value = in_range("value", value, low=0.0, low_open=True)
    horizon = positive_int("horizon", horizon)
    floor = in_range("floor", floor, low=0.0, high=1.0)

    def schedule(step):
        k = jnp.minimum(jnp.asarray(step, dtype=float), horizon)
        return value * (1.0 - (1.0 - floor) * k / horizon)

    return schedule


def wsd(value: float, horizon: int, stable_fraction: float = 0.8, cooldown: str = "linear"):
    """Warmup-free warmup-stable-decay (docs/papers/anytime.md §3.4, Theorem 2 of §4.4): eta until
    t0 = round(p N), then decay to 0 at N, linearly (eta (1 - s)) or as 1 - sqrt (eta (1 - sqrt(s))),
    s = (t - t0)/(N - t0), t = k + 1, so the update at t = N has step 0 (docs/papers/anytime.md §4.4).

    Args:
        value: eta > 0.
        horizon: N >= 1.
        stable_fraction: p in [0, 1].
        cooldown: ``"linear"`` or ``"sqrt"``.

    Returns:
        The schedule ``k -> eta_k``.
    """
    value = in_range("value", value, low=0.0, low_open=True)
    horizon = positive_int("horizon", horizon, minimum=2)
    stable_fraction = in_range("stable_fraction", stable_fraction, low=0.0, high=1.0, high_open=True)
    if not isinstance(cooldown, str) or cooldown not in ("linear", "sqrt"):
        fail("cooldown", "'linear' or 'sqrt'", cooldown)
    start = min(round(stable_fraction * horizon), horizon - 1)

    def schedule(step):
        s = jnp.clip((jnp.asarray(step, dtype=float) + 1.0 - start) / (horizon - start), 0.0, 1.0)
        return value * (1.0 - (jnp.sqrt(s) if cooldown == "sqrt" else s))

    return schedule


_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@in_float64
def table(schedule, steps: int, *, name: str = "lr") -> np.ndarray | jax.Array:
    """eta_0 .. eta_{steps-1} of a ``step -> value`` schedule as a float64 array: the form in which
    the engine consumes every schedule (docs/design.md, Conventions: the engine tabulates a schedule once).

    The table is the schedule vmapped over ``k = 0 .. steps-1`` and is cached per (schedule,
    steps), so calling the engine again with the same schedule costs nothing, and the engine's
    compiled program takes the table as a traced argument: a new closure of the same length
    reuses it. A schedule that closes over a JAX tracer (``jax.grad`` with respect to a
    multiplier) gives a traced table, which is not cached. A table costs 8 bytes per step.

    Reference: docs/design.md, Conventions (schedules are ``step -> value`` callables).

    Args:
        schedule: a ``step -> value`` callable written with ``jax.numpy`` (it is called with
            a traced integer array; branch with ``jnp.where``, not ``if``).
        steps: the number of values, >= 1.
        name: the parameter name used in error messages.

    Returns:
        The (steps,) float64 array (a NumPy array, or a tracer under a transformation).
    """
    steps = positive_int("steps", steps, maximum=MAX_STEPS)
    check_bytes("steps", steps, 8.0 * steps, "the schedule's table (8 bytes per step)")
    if not callable(schedule):
        fail(name, "a schedule step -> value (a callable)", schedule)
    try:
        cached = _TABLES.get(schedule, {})
    except TypeError:  # not weak-referenceable (a functools.partial of a builtin, say): no cache
        cached = None
    if cached is not None and steps in cached:
        return cached[steps]
    try:
        values = jax.vmap(schedule)(jnp.arange(steps))
    except jax.errors.ConcretizationTypeError as err:
        fail(
            name,
            "a schedule written with jax.numpy: it is evaluated on traced steps, so branch with "
            "jnp.where(k < 5, 0.1, 0.01) instead of `0.1 if k < 5 else 0.01`",
            f"{schedule!r} ({type(err).__name__})",
        )
    require_concrete_or_x64(name, values)
    if not jnp.issubdtype(values.dtype, jnp.floating) and not jnp.issubdtype(values.dtype, jnp.integer):
        fail(name, "a schedule returning real values (float or int)", f"{schedule!r} returning {values.dtype}")
    if is_traced(values):
        return jnp.asarray(values, dtype=jnp.float64).reshape(steps)
    values = np.asarray(values, dtype=np.float64)
    if values.shape != (steps,):
        fail(name, "a schedule returning one scalar per step", f"shape {values.shape[1:]} per step")
    if cached is not None:
        values.setflags(write=False)
        _TABLES.setdefault(schedule, {})[steps] = values
    return values
