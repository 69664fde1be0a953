"""Learning-rate schedules as ``step -> value`` callables (optax convention: ``step`` = k counts
updates from 0, so the paper's t = k + 1). Every schedule here works on Python ints, NumPy arrays
and traced JAX integers, and can be passed to :func:`sims.linreg.exact_risk` as ``lr`` or to
``optax`` as a learning rate.

Horizon-free (anytime.md §3.2): :func:`constant`, :func:`inverse_power` (eta/(t + t0)^gamma, and its
offset form eta sqrt(t0/(t + t0)) through ``normalize_offset``). Horizon-dependent baselines
(anytime.md §3.4): :func:`cosine`, :func:`linear_decay`, :func:`wsd` (linear or 1 - sqrt cooldown).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from sims.validation import fail, in_range, positive_int


def _t(step):
    """The paper's t = k + 1 as float64."""
    return jnp.asarray(step, dtype=jnp.float64) + 1.0


def constant(value: float):
    """eta_t = eta.

    Reference: anytime.md §3.4 (the constant baseline); DESIGN.md, Conventions (schedules).

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
    """eta_t = eta / (t + t0)^gamma with t = k + 1 (anytime.md §3.2).

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

    Reference: anytime.md §3.4 (baselines).

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
        k = jnp.minimum(jnp.asarray(step, dtype=jnp.float64), horizon)
        return value * (floor + (1.0 - floor) * 0.5 * (1.0 + jnp.cos(jnp.pi * k / horizon)))

    return schedule


def linear_decay(value: float, horizon: int, floor: float = 0.0):
    """Linear decay from eta at k = 0 to ``floor`` * eta at k = horizon.

    Reference: anytime.md §3.4 (baselines).

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
        k = jnp.minimum(jnp.asarray(step, dtype=jnp.float64), horizon)
        return value * (1.0 - (1.0 - floor) * k / horizon)

    return schedule


def wsd(value: float, horizon: int, stable_fraction: float = 0.8, cooldown: str = "linear"):
    """Warmup-free warmup-stable-decay (anytime.md §3.4, Theorem 2 of §4.4): eta until
    t0 = round(p N), then decay to 0 at N, linearly (eta (1 - s)) or as 1 - sqrt (eta (1 - sqrt(s))),
    s = (t - t0)/(N - t0), t = k + 1, so the update at t = N has step 0 (anytime.md §4.4).

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
    if cooldown not in ("linear", "sqrt"):
        fail("cooldown", "'linear' or 'sqrt'", cooldown)
    start = min(round(stable_fraction * horizon), horizon - 1)

    def schedule(step):
        s = jnp.clip((jnp.asarray(step, dtype=jnp.float64) + 1.0 - start) / (horizon - start), 0.0, 1.0)
        return value * (1.0 - (jnp.sqrt(s) if cooldown == "sqrt" else s))

    return schedule


def table(schedule, steps: int) -> np.ndarray:
    """eta_0 .. eta_{steps-1} of a ``step -> value`` schedule as a float64 array (the engine's
    per-step ``lr`` tables; evaluated by JAX, as the engine evaluates a schedule).

    Reference: DESIGN.md, Conventions (schedules are ``step -> value`` callables).

    Args:
        schedule: a ``step -> value`` callable.
        steps: the number of values, >= 1.

    Returns:
        The (steps,) array.
    """
    steps = positive_int("steps", steps)
    return np.asarray(jax.vmap(schedule)(np.arange(steps)), dtype=np.float64)
