"""Subprocess side of the fuzz harness (tests/test_fuzz.py, issue 21).

``python tests/fuzz_worker.py ENTRY[,ENTRY...] CALLS SEED [SKIP]`` calls each entry point of
:data:`test_bad_input.ENTRIES` ``CALLS`` times, each time with one parameter replaced by a value
drawn from that parameter's bad values or from a pool of extreme ones (huge counts, 1e308,
subnormals, NaN, complex, numpy scalars). Before each call it prints ``start <entry> <i>``, after
it one JSON line with the outcome, flushed, so that the parent can name the call in flight when
the process hangs or aborts. ``SKIP`` resumes after a call that hung or aborted. The heap is limited to ``MEMORY_LIMIT``.

Outcomes: ``value_error`` (a ValueError naming the parameter), ``returned`` (finite results, or
non-finite ones flagged ``diverged``), ``silent_non_finite``, ``other_exception``.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import os
import resource
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

#: a request the size checks let through must not take the machine down: past this much heap a
#: call fails (MemoryError, reported as an exception of another type) instead of swapping
MEMORY_LIMIT = 6 * 2**30
resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))

import hypothesis  # noqa: E402
import jax  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_bad_input import ALIASES, ENTRIES  # noqa: E402

#: values no parameter should turn into a hang, an abort or a silent NaN
EXTREME = [
    0,
    -1,
    1,
    2,
    2**31 + 10,
    2**62,
    10**12,
    1e308,
    -1e308,
    1e-308,
    5e-324,
    math.nan,
    math.inf,
    -math.inf,
    1j,
    True,
    "x",
    None,
    np.int64(5),
    np.float32(0.5),
    np.array([1e308, 1.0]),
]

#: results whose +inf is a documented value, not a failure: iterations_to_target's "never
#: reached", and a batch size echoed back (B = inf is the full batch)
INF_ALLOWED_ENTRIES = {"iterations_to_target"}
INF_ALLOWED_FIELDS = {"batch"}


def _leaves(value, name=""):
    """(field name, array) for every float leaf of a result (dataclasses, named tuples, dicts, lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    elif isinstance(value, tuple) and hasattr(value, "_fields"):
        value = value._asdict()
    if isinstance(value, dict):
        for key, v in value.items():
            yield from _leaves(v, str(key))
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _leaves(v, name)
    elif isinstance(value, np.ndarray | jax.Array | float | np.floating):
        yield name, np.asarray(value)


def _flagged(value) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(bool(np.any(getattr(v, "diverged", False))) for v in items)


def classify(entry: str, param: str, value) -> tuple[str, str]:
    """(outcome, detail): the outcome class and, for an exception, its type and message."""
    call, _ = ENTRIES[entry]
    try:
        out = call(**{param: value})
    except ValueError as err:
        name = ALIASES.get((entry, param), param)
        return ("value_error" if name in str(err) and "must be" in str(err) else "value_error_without_name"), str(err)[:200]
    except Exception as err:  # noqa: BLE001 - the outcome being measured
        return "other_exception", f"{type(err).__name__}: {str(err)[:200]}"
    bad = False
    for field, leaf in _leaves(out):
        if leaf.dtype.kind in "fc":
            inf_ok = entry in INF_ALLOWED_ENTRIES or field in INF_ALLOWED_FIELDS
            with np.errstate(invalid="ignore"):
                finite = np.isfinite(leaf) | ((leaf == np.inf) if inf_ok else False)
            bad |= not bool(np.all(finite))
    return ("silent_non_finite" if bad and not _flagged(out) else "returned"), ""


def fuzz(entry: str, calls: int, seed: int, skip: int = -1) -> None:
    """Up to ``calls`` calls of ``entry`` (reproducible: hypothesis seeded with ``seed``)."""
    params = ENTRIES[entry][1]
    counter = itertools.count()

    @hypothesis.seed(seed)
    @settings(max_examples=calls, database=None, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def run(data):
        i = next(counter)
        param = data.draw(st.sampled_from(sorted(params)))
        value = data.draw(st.one_of(st.sampled_from(EXTREME), params[param]))
        if i <= skip:
            return
        shown = " ".join(repr(value).split())[:80]
        print(f"start {entry} {i} {param}={shown}", flush=True)
        outcome, detail = classify(entry, param, value)
        print(json.dumps({"entry": entry, "i": i, "param": param, "value": shown, "outcome": outcome, "detail": detail}), flush=True)

    run()


if __name__ == "__main__":
    names, count, seed_value = sys.argv[1].split(","), int(sys.argv[2]), int(sys.argv[3])
    for name in names:
        fuzz(name, count, seed_value, int(sys.argv[4]) if len(sys.argv) > 4 else -1)
