"""The memory-bandwidth floor, measured by the benchmark itself at the workload's working-set size.

A memory-bound recursion cannot run faster than ``bytes it must move per step / bandwidth``.
The bandwidth is that of a triad z = x + s*y over arrays whose total size equals the working set
(so it is the L2/L3/DRAM bandwidth that applies to the workload), best of several repeats: NumPy
on the host when JAX computes on the CPU (one thread, and one slice per core in parallel, the
better of the two: the kernels of the exact SGD recursion use every core), a compiled JAX triad in the device's memory when it
computes on a GPU (so the fraction printed is of the device's bandwidth). Below 64 KiB the triad
is dominated by call overhead and no floor is reported.
"""

from __future__ import annotations

import concurrent.futures
import os
import time

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims.precision import float64

__all__ = ["MIN_WORKING_SET", "device_bandwidth", "streaming_bandwidth"]

MIN_WORKING_SET = 64 * 1024


def streaming_bandwidth(working_set_bytes: int, repeats: int = 9, min_seconds: float = 0.05) -> float | None:
    """Bytes per second of a triad over ``working_set_bytes`` (3 arrays), or None if too small.

    Reference: docs/design.md, Conventions (performance: the bandwidth floor).

    Args:
        working_set_bytes: the bytes of the three arrays together.
        repeats: the timed repeats.
        min_seconds: the shortest timing that counts.

    Returns:
        The bandwidth in bytes per second, or None.
    """
    if working_set_bytes < MIN_WORKING_SET:
        return None
    if jax.default_backend() != "cpu":
        return device_bandwidth(working_set_bytes, repeats)
    n = max(1, working_set_bytes // (3 * 8))
    x, y, z = np.ones(n), np.full(n, 2.0), np.empty(n)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    calls = 1
    while _triads(x, y, z, calls, 1) < min_seconds:
        calls *= 2
    best = min(min(_triads(x, y, z, calls, 1), _triads(x, y, z, calls, cores)) for _ in range(repeats))
    # multiply reads y, writes z; add reads x and z, writes z: 5 array passes per call
    return 5 * n * 8 * calls / best


def _triads(x, y, z, calls: int, threads: int) -> float:
    """Seconds for ``calls`` triads over the arrays, split into ``threads`` slices run in parallel
    (NumPy releases the GIL inside the ufuncs)."""
    bounds = np.linspace(0, x.shape[0], threads + 1).astype(int)

    def run(lo, hi):
        xs, ys, zs = x[lo:hi], y[lo:hi], z[lo:hi]
        for _ in range(calls):
            np.multiply(ys, 1.0001, out=zs)
            np.add(xs, zs, out=zs)

    start = time.perf_counter()
    if threads == 1:
        run(0, x.shape[0])
    else:
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            list(pool.map(run, bounds[:-1], bounds[1:]))
    return time.perf_counter() - start


def device_bandwidth(working_set_bytes: int, repeats: int = 5) -> float:
    """Bytes per second of a compiled float64 triad z <- x + s*z in JAX's default device memory
    (arrays of ``working_set_bytes`` together; one fused pass per triad: 2 reads, 1 write; the loop
    carries z, so no part of the triad can be hoisted out of it).

    Reference: docs/design.md, Conventions (performance: the bandwidth floor); docs/performance.md.

    Args:
        working_set_bytes: the bytes of the three arrays together.
        repeats: the timed repeats (100 triads each).

    Returns:
        The bandwidth in bytes per second.
    """
    n = max(1, working_set_bytes // (3 * 8))
    with float64():
        x = jnp.ones(n, jnp.float64)
        triads = jax.jit(lambda x: jax.lax.fori_loop(0, 100, lambda _, z: x + 1.0001 * z, jnp.zeros_like(x)))
        triads(x).block_until_ready()
        best = np.inf
        for _ in range(repeats):
            start = time.perf_counter()
            triads(x).block_until_ready()
            best = min(best, time.perf_counter() - start)
    return 3 * n * 8 * 100 / best
