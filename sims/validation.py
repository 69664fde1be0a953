"""Input checks shared by every simulator: each failure is a ``ValueError`` that names the
parameter and the range it must lie in (docs/design.md, Conventions)."""

from __future__ import annotations

import math
import numbers

import jax
import numpy as np

__all__ = [
    "MAX_BYTES",
    "MAX_STEPS",
    "check_bytes",
    "choice",
    "fail",
    "in_range",
    "is_traced",
    "positive_int",
    "real_array",
    "real_scalar",
    "real_vector",
]

#: the simulators carry their step counters as int32: more steps would wrap around silently
MAX_STEPS = 2**31 - 1
#: the largest array a simulator allocates on request (16 GiB): larger requests are refused up front
MAX_BYTES = 2**34


def is_traced(value) -> bool:
    """True for a JAX tracer (a value inside ``jax.grad``, ``jax.vmap`` or ``jax.jit``): validation
    checks concrete values only and lets tracers through, so the simulators stay differentiable and
    vmappable (docs/design.md, Conventions).

    Args:
        value: any value.

    Returns:
        Whether ``value`` is a tracer.
    """
    return isinstance(value, jax.core.Tracer)


def fail(name: str, allowed: str, value) -> None:
    """Raise the toolkit's standard error: ``<name> must be <allowed>, got <value>``.

    Reference: docs/design.md, Conventions (bad input).

    Args:
        name: the parameter name.
        allowed: the allowed range, in words.
        value: the offending value.
    """
    raise ValueError(f"{name} must be {allowed}, got {value!r}")


def real_scalar(name: str, value, allowed: str = "a finite real number") -> float:
    """Return ``value`` as a Python float, rejecting non-numbers, bools, arrays and non-finite values.

    Reference: docs/design.md, Conventions (bad input).

    Args:
        name: the parameter name.
        value: the value.
        allowed: the allowed values, in words.

    Returns:
        The float (a tracer is returned as it is).
    """
    if is_traced(value):
        return value
    zero_dim = isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "fiu"
    if isinstance(value, bool) or not (isinstance(value, numbers.Real | np.floating | np.integer) or zero_dim):
        fail(name, allowed, value)
    value = float(value)
    if not math.isfinite(value):
        fail(name, allowed, value)
    return value


def in_range(
    name: str,
    value,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """A finite real in the interval given by ``low``/``high`` (closed unless ``*_open``).

    Reference: docs/design.md, Conventions (bad input).

    Args:
        name: the parameter name.
        value: the value.
        low: the lower end (None: unbounded).
        high: the upper end (None: unbounded).
        low_open: exclude ``low``.
        high_open: exclude ``high``.

    Returns:
        ``value`` as a float (a tracer is returned as it is).
    """
    if is_traced(value):
        return value
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    allowed = f"a finite real in {'(' if low_open or low is None else '['}{lo}, {hi}{')' if high_open or high is None else ']'}"
    value = real_scalar(name, value, allowed)
    if low is not None and (value < low or (low_open and value == low)):
        fail(name, allowed, value)
    if high is not None and (value > high or (high_open and value == high)):
        fail(name, allowed, value)
    return value


def positive_int(name: str, value, *, minimum: int = 1, maximum: int | None = None) -> int:
    """An integer (not a bool) in [``minimum``, ``maximum``].

    Reference: docs/design.md, Conventions (bad input).

    Args:
        name: the parameter name.
        value: the value.
        minimum: the smallest allowed integer.
        maximum: the largest allowed integer (None: unbounded).

    Returns:
        ``value`` as an int.
    """
    allowed = f"an integer >= {minimum}" if maximum is None else f"an integer in [{minimum}, {maximum}]"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral | np.integer):
        fail(name, allowed, value)
    if value < minimum or (maximum is not None and value > maximum):
        fail(name, allowed, value)
    return int(value)


def check_bytes(name: str, value, nbytes: float, what: str) -> None:
    """Refuse a request whose ``what`` would need more than :data:`MAX_BYTES`, before anything is
    compiled or allocated (a ValueError naming the parameter and the limit).

    Reference: docs/design.md, Conventions (bad input: no hang, no abort).

    Args:
        name: the parameter that sets the size.
        value: its value.
        nbytes: the bytes the request needs.
        what: what would be allocated, in words.
    """
    if nbytes > MAX_BYTES:
        fail(name, f"small enough that {what} fits in {MAX_BYTES / 2**30:.0f} GiB (it needs {nbytes / 2**30:.3g} GiB)", value)


def real_vector(name: str, value, *, positive: bool = False, nonnegative: bool = False) -> np.ndarray:
    """A non-empty 1-D float64 array of finite entries (optionally > 0 or >= 0).

    Reference: docs/design.md, Conventions (bad input).

    Args:
        name: the parameter name.
        value: the value.
        positive: require entries > 0.
        nonnegative: require entries >= 0.

    Returns:
        The 1-D float64 array.
    """
    sign = " > 0" if positive else (" >= 0" if nonnegative else "")
    arr = real_array(
        name,
        value,
        f"a non-empty 1-D array of finite reals{sign}",
        lambda a: a.ndim == 1 and (not positive or np.all(a > 0)) and (not nonnegative or np.all(a >= 0)),
    )
    return arr


def real_array(name: str, value, allowed: str, valid=None, *, allow_inf: bool = False) -> np.ndarray:
    """``value`` as a non-empty float64 array (any shape, scalars included) of finite reals (or
    +-inf with ``allow_inf``; never NaN), rejecting strings, bools, None and objects;
    ``valid(array) -> bool`` adds a range condition.

    Reference: docs/design.md, Conventions (bad input).

    Args:
        name: the parameter name.
        value: the value.
        allowed: the allowed values, in words (for the error message).
        valid: an optional extra condition on the array.
        allow_inf: accept +-inf.

    Returns:
        The float64 array.
    """
    if value is None or isinstance(value, bool | str | bytes | dict):
        fail(name, allowed, value)
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        fail(name, allowed, value)
    if raw.dtype.kind not in "fiu":  # complex, bool, object, strings: refused before any conversion
        fail(name, allowed, value)
    arr = raw.astype(np.float64)
    finite = ~np.isnan(arr) if allow_inf else np.isfinite(arr)
    if arr.size == 0 or not np.all(finite) or (valid is not None and not valid(arr)):
        fail(name, allowed, value)
    return arr


def choice(name: str, value, options) -> str:
    """A string among ``options``.

    Reference: docs/design.md, Conventions (bad input raises a ValueError naming the parameter).

    Args:
        name: the parameter name for the error message.
        value: the value.
        options: the allowed strings.

    Returns:
        ``value``.
    """
    if not isinstance(value, str) or value not in options:
        fail(name, f"one of {', '.join(repr(o) for o in options)}", value)
    return value
