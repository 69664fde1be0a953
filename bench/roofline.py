"""The memory-bandwidth floor, measured by the benchmark itself at the workload's working-set size.

A memory-bound recursion cannot run faster than ``bytes it must move per step / bandwidth``.
The bandwidth is that of a NumPy triad z = x + s*y over arrays whose total size equals the
working set (so it is the L2/L3/DRAM bandwidth that applies to the workload), best of several
repeats. Below 64 KiB the triad is dominated by call overhead and no floor is reported.
"""

from __future__ import annotations

import time

import numpy as np

__all__ = ["MIN_WORKING_SET", "streaming_bandwidth"]

MIN_WORKING_SET = 64 * 1024


def streaming_bandwidth(working_set_bytes: int, repeats: int = 5, min_seconds: float = 0.05) -> float | None:
    """Bytes per second of a triad over ``working_set_bytes`` (3 arrays), or None if too small.

    Reference: DESIGN.md, Conventions (performance: the bandwidth floor).

    Args:
        working_set_bytes: the bytes of the three arrays together.
        repeats: the timed repeats.
        min_seconds: the shortest timing that counts.

    Returns:
        The bandwidth in bytes per second, or None.
    """
    if working_set_bytes < MIN_WORKING_SET:
        return None
    n = max(1, working_set_bytes // (3 * 8))
    x, y, z = np.ones(n), np.full(n, 2.0), np.empty(n)
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            np.multiply(y, 1.0001, out=z)
            np.add(x, z, out=z)
        if time.perf_counter() - start >= min_seconds:
            break
        calls *= 2
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            np.multiply(y, 1.0001, out=z)
            np.add(x, z, out=z)
        best = min(best, time.perf_counter() - start)
    # multiply reads y, writes z; add reads x and z, writes z: 5 array passes per call
    return 5 * n * 8 * calls / best
