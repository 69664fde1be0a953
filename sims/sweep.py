"""Sharded sweeps: one function that runs a row-independent block over a grid, split across devices.

Every hyperparameter or seed grid of the toolkit goes through :func:`grid_map`. A *block* is a pure
JAX function ``block(grid, *shared, **static)`` whose every output has a leading axis equal to the
grid's, and whose row i depends only on row i of ``grid`` (a vmap, a ``lax.map`` or a vmap over
seeds). ``grid_map`` pads the grid to a multiple of the device count by repeating its last row (a
valid configuration, so padding can neither fail nor diverge), places it on a 1-D
:class:`jax.sharding.Mesh` with axis ``"grid"`` (``NamedSharding(mesh, P("grid"))``), runs the block
under :func:`jax.shard_map` (each device runs the block on its contiguous slice, ``shared`` is
replicated), and returns the first n rows as NumPy arrays.

Because a row never sees another row, the result does not depend on the number of devices: the
float64 computations (exact recursions, Monte Carlo with the same keys, each seed's key being a row
of the grid) are bit-identical on 1 and 4 devices and across two processes (``tests/test_sweep.py``,
4 virtual CPU devices; a two-process ``jax.distributed`` run). Blocks whose batched kernels are not
bitwise independent of the batch size (SVDs in the LMO simulator) run their rows one at a time
(``lax.map``). Float32 training (SPT) agrees across device counts to float32 rounding only: XLA's
CPU kernels split float32 reductions by the thread pool a device gets.

Devices: all of :func:`jax.devices` by default; :func:`configure` (the CLI's ``--devices N|all``)
picks the first N, and on a CPU-only machine makes JAX expose one device per core. On several hosts, after ``jax.distributed.initialize()``, ``jax.devices()`` lists
every host's devices, the mesh spans them, each host computes its own slice, and the result is
gathered to every host (``multihost_utils.process_allgather``).

Independent computations that are not rows of one program (single curves of different schedules,
say) run side by side with :func:`side_by_side`: one worker thread per device, each with that device
as JAX's default, so that a loop of one-device programs uses every core. A program computes the
same bits on every device of a machine, so the results do not depend on which worker ran them.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import threading

import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental import multihost_utils
from jax.sharding import Mesh, NamedSharding
from jax.sharding import PartitionSpec as P

__all__ = ["configure", "devices", "grid_map", "side_by_side"]

_AXIS = "grid"
_requested: int | None = None  # None: every device


def configure(
    count: int | str = "all", *, coordinator: str | None = None, processes: int | None = None, process_id: int | None = None
) -> int:
    """Choose the devices grids are split across: the first ``count`` of :func:`jax.devices`, or
    ``"all"``.

    Called before JAX starts its backends (the CLI's ``--devices``), it also makes a CPU-only
    process expose ``count`` virtual CPU devices (``"all"``: one per core available to the
    process), each running on its own thread, so that grids use every core. On a GPU it picks
    among the GPUs. Once the backends have started it only selects among the existing devices.

    With ``coordinator`` (``"HOST:PORT"`` of process 0, or ``"auto"`` for SLURM / Open MPI
    detection) it first joins a multi-host run, ``jax.distributed.initialize(coordinator,
    processes, process_id)`` (CPU hosts exchange data through gloo): :func:`jax.devices` then
    lists every host's devices, and ``count`` is the number used on each process.

    Returns:
        The number of devices grids are split across (on all processes together).

    Raises:
        ValueError: ``count`` is not ``"all"`` or an integer in [1, number of this process's devices].

    Reference: docs/design.md, Conventions (scale-out); README.md, "Devices, GPUs and several hosts".

    Args:
        count: ``"all"`` or the number of devices per process.
        coordinator: ``"HOST:PORT"`` or ``"auto"`` for a multi-host run (None: one process).
        processes: the number of processes of a multi-host run.
        process_id: this process's index in [0, processes).
    """
    global _requested
    if not (isinstance(count, str) and count == "all"):
        count = _positive_count(count)
    if coordinator not in (None, "auto"):
        _check_coordinator(coordinator)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    with contextlib.suppress(RuntimeError):  # raised once the backends have started: keep them
        jax.config.update("jax_num_cpu_devices", cores if count == "all" else count)
    if coordinator is not None:
        jax.config.update("jax_cpu_collectives_implementation", "gloo")
        try:
            jax.distributed.initialize(
                None if coordinator == "auto" else coordinator, processes, process_id, initialization_timeout=COORDINATOR_TIMEOUT
            )
        except (RuntimeError, jax.errors.JaxRuntimeError) as err:
            raise ValueError(
                f"coordinator must answer within {COORDINATOR_TIMEOUT} s, got {coordinator!r} ({str(err).splitlines()[0]})"
            ) from None
    local = len(jax.local_devices())
    if count == "all":
        _requested = None
        return len(jax.devices())
    if count > local:
        raise ValueError(f"devices must be 'all' or an integer in [1, {local}] ({jax.devices()[0].platform}), got {count}")
    _requested = count
    return len(devices())


#: seconds a process waits for the coordinator (and the other processes) before giving up
COORDINATOR_TIMEOUT = 120


def _check_coordinator(coordinator) -> None:
    """``HOST:PORT`` with a non-empty host and a port in [1, 65535], or ValueError."""
    host, sep, port = str(coordinator).rpartition(":")
    if not (isinstance(coordinator, str) and sep and host and port.isdigit() and 1 <= int(port) <= 65535):
        raise ValueError(f"coordinator must be HOST:PORT (port in [1, 65535]) or 'auto', got {coordinator!r}")


def _positive_count(count) -> int:
    text = str(count).strip()
    if isinstance(count, bool) or not text.isdigit() or int(text) < 1:
        raise ValueError(f"devices must be 'all' or an integer >= 1, got {count!r}")
    return int(text)


def devices() -> list:
    """The devices grids are split across: every device, or the first ``count`` of each process
    (see :func:`configure`).

    Reference: docs/design.md, Conventions (scale-out).

    Returns:
        The list of :class:`jax.Device`.
    """
    available = jax.devices()
    if _requested is None:
        return available
    seen: dict[int, int] = {}
    chosen = []
    for device in available:
        rank = seen[device.process_index] = seen.get(device.process_index, -1) + 1
        if rank < _requested:
            chosen.append(device)
    return chosen


@functools.cache
def _sharded(block, static_items: tuple, n_shared: int, device_ids: tuple):
    """A jitted shard_map of ``block`` over the 1-D mesh of ``device_ids`` (compiled once per
    block, static arguments and device set)."""
    by_id = {d.id: d for d in jax.devices()}
    mesh = Mesh(np.array([by_id[i] for i in device_ids]), (_AXIS,))
    fn = functools.partial(block, **dict(static_items))
    mapped = jax.shard_map(fn, mesh=mesh, in_specs=(P(_AXIS),) + (P(),) * n_shared, out_specs=P(_AXIS), check_vma=False)
    return mesh, jax.jit(mapped)


def _host_or_device(leaf):
    """A JAX array stays one (keys, parameters already on a device) and a Python scalar becomes one
    (keeping JAX's weak type: a shared ``0.5`` does not promote a float32 block to float64);
    anything else becomes a NumPy array, so that padding and slicing it compile no small eager
    programs (one per shape and operation: about 10 s of the test suite, 2026-12-06). Device
    placement casts as ``jnp.asarray`` would (float64 stays float64 only where x64 is on)."""
    if isinstance(leaf, jax.Array):
        return leaf
    return jnp.asarray(leaf) if isinstance(leaf, bool | int | float | complex) else np.asarray(leaf)


def _pad(leaf, total: int):
    """``leaf`` with its last row repeated up to ``total`` rows."""
    leaf = _host_or_device(leaf)
    n = leaf.shape[0]
    if n == total:
        return leaf
    xp = _array_module(leaf)
    return xp.concatenate([leaf, xp.repeat(leaf[-1:], total - n, axis=0)])


def _array_module(leaf):
    """``jax.numpy`` for a JAX array (it stays on its device), ``numpy`` for a host array."""
    return jnp if isinstance(leaf, jax.Array) else np


def grid_map(block, grid, *shared, per_device: int | None = None, **static):
    """``block(grid, *shared, **static)`` with the grid's leading axis split across :func:`devices`.

    With ``per_device`` the grid runs in calls of ``per_device`` rows per device (the last call
    padded), so that grids of every size re-use one compiled program; without it, one call.

    Args:
        block: a pure function of (grid pytree with leading axis n, shared arrays) returning a
            pytree of arrays with leading axis n, row i depending only on grid row i.
        grid: a pytree of arrays (or JAX PRNG key arrays) sharing the leading axis n >= 1.
        shared: arrays every row sees (replicated on every device).
        per_device: rows per device per call (None: the whole grid in one call).
        static: hashable keyword arguments (compile-time constants of the block).

    Returns:
        The block's output pytree as NumPy arrays (keys stay JAX arrays), first n rows.

    Reference: docs/design.md, Conventions (scale-out).
    """
    leaves = jax.tree.leaves(grid)
    if not leaves:
        raise ValueError("grid must hold at least one array")
    n = leaves[0].shape[0]
    if n < 1 or any(leaf.shape[0] != n for leaf in leaves):
        raise ValueError(f"grid arrays must share a leading axis of length >= 1, got {[leaf.shape for leaf in leaves]}")
    if per_device is not None and (not isinstance(per_device, int) or per_device < 1):
        raise ValueError(f"per_device must be None or an integer >= 1, got {per_device!r}")
    chosen = devices()
    count = len(chosen)
    call = -(-n // count) * count if per_device is None else per_device * count
    total = -(-n // call) * call
    mesh, fn = _sharded(block, tuple(sorted(static.items())), len(shared), tuple(d.id for d in chosen))
    rows = NamedSharding(mesh, P(_AXIS))
    replicated = NamedSharding(mesh, P())
    grid = jax.tree.map(lambda leaf: _pad(leaf, total), grid)
    shared = tuple(jax.tree.map(lambda leaf: _place(_host_or_device(leaf), replicated), s) for s in shared)
    pieces = [
        jax.tree.map(
            _gather, fn(jax.tree.map(lambda leaf, a=start: _place(leaf if call == total else leaf[a : a + call], rows), grid), *shared)
        )
        for start in range(0, total, call)
    ]
    return jax.tree.map(lambda *parts: _concatenate(parts)[:n], *pieces)


def _concatenate(parts):
    return parts[0] if len(parts) == 1 else _array_module(parts[0]).concatenate(parts)


def _is_key(leaf) -> bool:
    return jax.dtypes.issubdtype(leaf.dtype, jax.dtypes.prng_key)


def _place(leaf, sharding):
    if jax.process_count() == 1:
        return jax.device_put(leaf, sharding)
    # every host holds the whole (small) grid; each contributes the rows of its own devices
    if _is_key(leaf):
        data = jax.random.key_data(leaf)
        placed = jax.make_array_from_callback(data.shape, sharding, lambda index: data[index])
        return jax.random.wrap_key_data(placed, impl=jax.random.key_impl(leaf))
    return jax.make_array_from_callback(leaf.shape, sharding, lambda index: leaf[index])


def _gather(leaf):
    """The whole output on this process: NumPy arrays (JAX arrays for PRNG keys)."""
    if jax.process_count() == 1:
        return leaf if _is_key(leaf) else np.asarray(leaf)
    if _is_key(leaf):
        data = multihost_utils.process_allgather(jax.random.key_data(leaf), tiled=True)
        return jax.random.wrap_key_data(jnp.asarray(data), impl=jax.random.key_impl(leaf))
    return np.asarray(multihost_utils.process_allgather(leaf, tiled=True))


_worker = threading.local()


def side_by_side(fn, items) -> list:
    """``[fn(item) for item in items]``, the items taken in order by one worker thread per device,
    each running with its device as JAX's default (:func:`jax.default_device`).

    For loops of independent one-device programs (a figure's curves, one per decay exponent): JAX
    runs a program on one core of a CPU device, so a plain loop leaves the other cores idle. Every
    device computes the same bits for a program, so the results equal the plain loop's (the caller's
    ``jax_enable_x64`` and context variables are carried into the workers). Runs as the plain loop
    with one device, on several hosts (every process must issue its sharded programs in the same
    order) and inside a worker. The first exception of ``fn`` is raised once the workers stop;
    Ctrl-C stops them after the items in progress.

    Reference: docs/design.md, Conventions (scale-out); docs/performance.md ("Side by side").

    Args:
        fn: a function of one item.
        items: the items.

    Returns:
        The results, in the order of ``items``.
    """
    items = list(items)
    chosen = devices()
    if len(chosen) < 2 or len(items) < 2 or jax.process_count() > 1 or getattr(_worker, "active", False):
        return [fn(item) for item in items]
    results: list = [None] * len(items)
    errors: list[BaseException] = []
    claim = iter(range(len(items)))
    lock, stop = threading.Lock(), threading.Event()
    wide = jax.config.jax_enable_x64

    def work(device):
        _worker.active = True
        with jax.default_device(device), jax.enable_x64(wide):
            while not stop.is_set():
                with lock:
                    index = next(claim, None)
                if index is None:
                    return
                try:
                    results[index] = fn(items[index])
                except BaseException as err:  # noqa: BLE001 - handed to the caller below
                    errors.append(err)
                    stop.set()

    threads = [threading.Thread(target=contextvars.copy_context().run, args=(work, device), daemon=True) for device in chosen[: len(items)]]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.1)
    except KeyboardInterrupt:
        stop.set()
        raise
    if errors:
        raise errors[0]
    return results
