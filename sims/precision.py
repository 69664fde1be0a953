"""Float64 without a global switch: the simulators compute in float64 whatever the caller set.

The exact recursions reach risks of 1e-12 and gaps of 1e-7, which float32 cannot resolve (specs
docs/papers/momentum.md §8, docs/papers/anytime.md §5.3), so every simulator of :mod:`paperchecks.sims` computes in
float64. Importing paperchecks never changes ``jax_enable_x64``; instead

* a call with concrete arguments while ``jax_enable_x64`` is off runs inside
  ``jax.enable_x64(True)`` for that call only (:func:`float64`), and returns float64 results;
* a call under a JAX transformation (``jax.grad``, ``jax.vmap``, ``jax.jit`` of the caller's own
  code) while ``jax_enable_x64`` is off raises :class:`Float64Required`: the caller's trace is
  float32, and a float64 result cannot be handed back to it without losing the precision the
  toolkit promises. Turn float64 on for the program first::

      jax.config.update("jax_enable_x64", True)

With ``jax_enable_x64`` on, every call runs as it is.

Reference: docs/design.md, Conventions (float64 for exact recursions and fits; no side effects on
import); README.md, "Using paperchecks as a library".
"""

from __future__ import annotations

import contextlib
import contextvars
import functools

import jax

__all__ = ["Float64Required", "float64", "in_float64", "require_concrete_or_x64"]

_SCOPED = contextvars.ContextVar("paperchecks_float64_scope", default=False)


class Float64Required(RuntimeError):
    """A float64 simulator was transformed (grad, vmap, jit) while ``jax_enable_x64`` is off.

    Reference: module docstring; docs/design.md, Conventions.
    """


@contextlib.contextmanager
def float64():
    """Run the enclosed code with ``jax_enable_x64`` on, restoring the caller's setting after.

    Reference: docs/design.md, Conventions (float64; no side effects on import); module docstring.

    Returns:
        A context manager.
    """
    if jax.config.jax_enable_x64:
        yield
        return
    token = _SCOPED.set(True)
    try:
        with jax.enable_x64(True):
            yield
    finally:
        _SCOPED.reset(token)


def _message(name: str) -> str:
    return (
        f"{name} computes in float64, and it was called under a JAX transformation (grad, vmap, jit) "
        "while jax_enable_x64 is off; paperchecks never changes that setting for you. "
        "Call jax.config.update('jax_enable_x64', True) at the start of your program."
    )


def require_concrete_or_x64(name: str, *values) -> None:
    """Raise :class:`Float64Required` if a value is a tracer of the caller's float32 trace.

    Call it on values computed eagerly from user input inside a :func:`float64` scope (a schedule
    closing over a traced multiplier, say): a tracer there belongs to the caller's float32 trace.
    With ``jax_enable_x64`` on globally tracers are fine.

    Reference: docs/design.md, Conventions (float64; no side effects on import); module docstring.

    Args:
        name: the function or parameter to name in the message.
        values: the values to inspect (pytrees).

    Raises:
        Float64Required: see above.
    """
    if _SCOPED.get() and _has_tracer(values):
        raise Float64Required(_message(name))


def _has_tracer(tree) -> bool:
    return any(isinstance(leaf, jax.core.Tracer) for leaf in jax.tree_util.tree_leaves(tree))


def in_float64(fn):
    """Decorator: run ``fn`` in float64 (module docstring) and refuse float32 transformations.

    Calls nested inside a scope (one simulator calling another, or a function traced by the
    toolkit's own ``jit``) run as they are.

    Reference: docs/design.md, Conventions (float64; no side effects on import); module docstring.

    Args:
        fn: a function of :mod:`paperchecks.sims`.

    Returns:
        The wrapped function (same signature and docstring).
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if _SCOPED.get() or jax.config.jax_enable_x64:
            return fn(*args, **kwargs)
        if _has_tracer((args, kwargs)):
            raise Float64Required(_message(fn.__name__))
        with float64():
            return fn(*args, **kwargs)

    return wrapper
