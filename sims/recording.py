"""Which steps a simulation records, and how a recorded value is written into a fixed buffer.

Recording writes one scalar per recorded step into a fixed buffer carried through the scan,
so memory is O(records), never O(steps) (docs/design.md: exact recursions record on a log-spaced grid).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims.validation import fail

__all__ = ["DENSE_UNTIL", "LOG_POINTS", "record_steps", "write_if_recorded"]

DENSE_UNTIL = 10_000
LOG_POINTS = 200


def record_steps(steps: int, record=None) -> np.ndarray:
    """Sorted unique int64 steps in [0, steps] to record.

    ``record=None`` records every step up to 10 000 and about 200 log-spaced steps beyond, always
    including 0 and ``steps``. An explicit array must hold unique integers in [0, steps], sorted.

    docs/design.md, Conventions: exact recursions record on a log-spaced step grid (memory O(d + records)).

    Args:
        steps: the number of updates T >= 1.
        record: ``None`` or an explicit array of steps.

    Returns:
        The steps to record.
    """
    if record is None:
        dense = np.arange(min(steps, DENSE_UNTIL) + 1)
        if steps <= DENSE_UNTIL:
            return dense.astype(np.int64)
        sparse = np.geomspace(DENSE_UNTIL, steps, LOG_POINTS).round().astype(np.int64)
        return np.unique(np.concatenate([dense, sparse, [steps]])).astype(np.int64)
    allowed = f"a non-empty sorted 1-D array of unique integers in [0, {steps}]"
    arr = np.asarray(record)
    integral = arr.dtype.kind in "iu" or (arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)))
    if arr.ndim != 1 or arr.size == 0 or not integral:
        fail("record", allowed, record)
    arr = arr.astype(np.int64)
    if arr[0] < 0 or arr[-1] > steps or np.any(np.diff(arr) <= 0):
        fail("record", allowed, record)
    return arr


def write_if_recorded(buffer, pointer, record, step, value):
    """Store ``value`` at ``buffer[pointer]`` when ``step == record[pointer]``; advance the pointer.

    ``value`` may be a zero-argument callable: it is then evaluated (``lax.cond``) only at recorded
    steps, which saves a pass over the state when the recorded quantity is not needed by the
    recursion itself (the averaged iterate's risk). Traced-safe: the pointer is clamped so it never
    indexes past the buffer.

    Reference: docs/design.md, Conventions (memory O(d + records)).

    Args:
        buffer: the (records,) output buffer.
        pointer: index of the next record.
        record: the recorded steps (:func:`record_steps`).
        step: the current step.
        value: the value to store, or a callable computing it.

    Returns:
        ``(buffer, pointer)`` updated.
    """
    last = record.shape[0] - 1
    slot = jnp.minimum(pointer, last)
    hit = (step == record[slot]) & (pointer <= last)
    if callable(value):
        value = jax.lax.cond(hit, value, lambda: buffer[slot])
    buffer = buffer.at[slot].set(jnp.where(hit, value, buffer[slot]))
    return buffer, pointer + hit.astype(pointer.dtype)
