"""Weight averaging of the iterates, w_bar_t = (1 - rho_t) w_bar_{t-1} + rho_t w_t (docs/papers/anytime.md §3.3).

``t`` counts updates (w_1 is the iterate after the first step) and w_bar_0 = w_0. Variants:

* ``"none"``: the last iterate.
* ``"uniform"``: rho_t = 1/t, the average of w_1..w_t (horizon-free).
* ``"poly:c"``: rho_t = min(c, t)/t, c >= 1; about the last t/c of the run (authors' synthetic code).
* ``"ema:f"``: rho_t = 1 - 0.5^(f/t), f > 0; half-life t/f steps (authors' OLMo EMA).
* ``"tail:f"``: f in (0, 1]; the uniform average of the last ceil(f * steps) iterates of the run,
  i.e. rho_t = 1/(t - s + 1) for t >= s = steps - ceil(f * steps) + 1 (the theorem's tail
  average). Before the window starts the reported value is the last iterate.
"""

from __future__ import annotations

import dataclasses
import math

import jax.numpy as jnp

from paperchecks.sims.validation import fail

__all__ = ["Averaging", "parse_averaging"]

_ALLOWED = "'none', 'uniform', 'tail:<f in (0, 1]>', 'poly:<c >= 1>' or 'ema:<f > 0>'"


@dataclasses.dataclass(frozen=True)
class Averaging:
    """A parsed averaging rule; ``kind`` is static, ``param`` and ``tail_start`` are numbers.

    See docs/papers/anytime.md §3.3 (weight averaging: polynomial ``poly:c``, uniform and tail averages).
    """

    kind: str
    param: float = 0.0
    tail_start: int = 0

    @property
    def active(self) -> bool:
        """Whether an average is kept (every rule except ``none``)."""
        return self.kind != "none"

    def weight(self, t):
        """rho_t for update count t >= 1 (a JAX scalar when t is traced).

        The iterate average is  w_bar_t = (1 - rho_t) w_bar_{t-1} + rho_t w_t  (docs/papers/anytime.md §3.3).

        Args:
            t: the update count t >= 1 (a Python number or a traced JAX scalar).

        Returns:
            rho_t in [0, 1].
        """
        t = jnp.asarray(t, dtype=jnp.float64)
        if self.kind == "uniform":
            return 1.0 / t
        if self.kind == "poly":
            return jnp.minimum(self.param, t) / t
        if self.kind == "ema":
            return 1.0 - 0.5 ** (self.param / t)
        if self.kind == "tail":
            return jnp.where(t >= self.tail_start, 1.0 / jnp.maximum(t - self.tail_start + 1.0, 1.0), 1.0)
        raise AssertionError(self.kind)


def parse_averaging(spec, steps: int) -> Averaging:
    """Parse an averaging string for a run of ``steps`` updates; ``ValueError`` on bad input.

    Reference: docs/papers/anytime.md §3.3 (the four averaging variants).

    Args:
        spec: ``"none"``, ``"uniform"``, ``"poly:c"`` (c >= 1), ``"ema:f"`` (f > 0) or ``"tail:f"``
            (the last fraction f in (0, 1] of the updates).
        steps: the number of updates of the run, >= 1.

    Returns:
        The :class:`Averaging`.
    """
    if not isinstance(spec, str):
        fail("averaging", _ALLOWED, spec)
    if spec in ("none", "uniform"):
        return Averaging(spec)
    kind, _, raw = spec.partition(":")
    try:
        value = float(raw)
    except ValueError:
        fail("averaging", _ALLOWED, spec)
    if not math.isfinite(value):
        fail("averaging", _ALLOWED, spec)
    if kind == "poly" and value >= 1:
        return Averaging("poly", value)
    if kind == "ema" and value > 0:
        return Averaging("ema", value)
    if kind == "tail" and 0 < value <= 1:
        window = math.ceil(value * steps)
        return Averaging("tail", value, steps - window + 1)
    fail("averaging", _ALLOWED, spec)
