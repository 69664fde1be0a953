"""Sharded sweeps (sims/sweep.py): the same numbers on 1 and 4 devices, padding, bad input."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import sweep_workload

from paperchecks.sims import sweep

WORKLOAD = Path(__file__).with_name("sweep_workload.py")


def _run_workload(devices: int, path: Path) -> dict:
    env = dict(os.environ, XLA_FLAGS=f"--xla_force_host_platform_device_count={devices}", JAX_PLATFORMS="cpu")
    subprocess.run([sys.executable, str(WORKLOAD), str(path)], check=True, env=env, cwd=WORKLOAD.parent.parent, timeout=600)
    return dict(np.load(path))


@pytest.fixture(scope="module")
def one_and_four(tmp_path_factory):
    """The workload on one device of this process, and in a subprocess with 4 CPU devices."""
    try:
        sweep.configure(1)
        one = sweep_workload.results()
    finally:
        sweep.configure("all")
    return one, _run_workload(4, tmp_path_factory.mktemp("sweep") / "four.npz")


def test_workload_ran_on_one_and_four_devices(one_and_four):
    one, four = one_and_four
    assert int(one["devices"]) == 1 and int(four["devices"]) == 4


def test_float64_grids_are_bit_identical_across_device_counts(one_and_four):
    """Exact recursions (risk grids, first passage, secular gaps, tuned gaps) and Monte Carlo with
    the same keys (linear regression; LMO in every geometry) do not depend on the split."""
    one, four = one_and_four
    names = [k for k in one if not k.startswith("spt_") and k != "devices"]
    assert len(names) >= 12
    for name in names:
        np.testing.assert_array_equal(one[name], four[name], err_msg=name)


def test_two_processes_gather_the_numbers_of_one(one_and_four, tmp_path):
    """A multi-host run on one machine (jax.distributed, 2 processes x 2 CPU devices, gloo): every
    process ends with the full results of the gather subset (exact grid, first passage, Monte Carlo,
    LMO), bit-identical (float64) to the single-device run."""
    one, _ = one_and_four
    port = _free_port()
    env = dict(os.environ, JAX_PLATFORMS="cpu")
    env.pop("XLA_FLAGS", None)
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKLOAD), str(tmp_path / f"p{i}.npz"), f"localhost:{port}", "2", str(i)],
            env=env,
            cwd=WORKLOAD.parent.parent,
        )
        for i in range(2)
    ]
    assert [p.wait(timeout=600) for p in procs] == [0, 0]
    for i in range(2):
        got = dict(np.load(tmp_path / f"p{i}.npz"))
        assert int(got["devices"]) == 4 and len(got) >= 7
        for name in (k for k in got if k != "devices"):
            np.testing.assert_array_equal(got[name], one[name], err_msg=f"process {i}: {name}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_float32_training_agrees_across_device_counts(one_and_four):
    """SPT training (float32): XLA's CPU kernels split float32 reductions by the device's thread
    pool, so runs agree to float32 rounding, not bitwise (documented in sims/sweep.py)."""
    one, four = one_and_four
    for name in ("spt_distance", "spt_wq"):
        np.testing.assert_allclose(one[name], four[name], rtol=1e-4, atol=1e-6, err_msg=name)


def _rows(grid, shift, *, scale):
    a, b = grid
    return {"sum": scale * (a + b) + shift, "square": a * a}


def test_grid_map_pads_and_trims_any_grid_size():
    for n in (1, 5, 33):
        a, b = np.arange(n, dtype=np.float64), np.ones(n)
        for per_device in (None, 2, 64):
            out = sweep.grid_map(_rows, (a, b), 0.5, scale=2.0, per_device=per_device)
            np.testing.assert_array_equal(out["sum"], 2.0 * (a + 1.0) + 0.5)
            np.testing.assert_array_equal(out["square"], a * a)


def test_grid_map_keeps_the_dtypes_jnp_asarray_gives():
    """Host grids are padded in NumPy (no eager programs); the block still sees what ``jnp.asarray``
    gave: a NumPy float64 grid is float64 under x64, and a shared Python scalar stays weakly typed,
    so it does not promote a float32 block to float64."""
    from paperchecks.sims.precision import float64

    with float64():
        wide = sweep.grid_map(lambda rows, c: rows * c, np.arange(5, dtype=np.float64) / 3, 0.1)
        narrow = sweep.grid_map(lambda rows, c: rows * c, np.arange(5, dtype=np.float32) / 3, 0.1)
    assert wide.dtype == np.float64 and narrow.dtype == np.float32
    np.testing.assert_array_equal(narrow, (np.arange(5, dtype=np.float32) / 3) * np.float32(0.1))


def test_grid_map_keeps_prng_keys():
    keys = jax.random.split(jax.random.key(0), 3)
    out = sweep.grid_map(lambda k: (k, jax.vmap(lambda x: jax.random.normal(x))(k)), keys)
    assert jnp.issubdtype(out[0].dtype, jax.dtypes.prng_key)
    np.testing.assert_array_equal(jax.random.key_data(out[0]), jax.random.key_data(keys))


def test_grid_map_rejects_bad_grids():
    with pytest.raises(ValueError, match="grid"):
        sweep.grid_map(_rows, (), 0.0, scale=1.0)
    with pytest.raises(ValueError, match="leading axis"):
        sweep.grid_map(_rows, (np.zeros(3), np.zeros(4)), 0.0, scale=1.0)
    with pytest.raises(ValueError, match="per_device"):
        sweep.grid_map(_rows, (np.zeros(3), np.zeros(3)), 0.0, scale=1.0, per_device=0)


def test_configure_names_the_allowed_range():
    available = len(jax.devices())
    for bad in (0, -1, "x", "1.5", True):
        with pytest.raises(ValueError, match="devices must be 'all' or an integer"):
            sweep.configure(bad)
    with pytest.raises(ValueError, match=rf"\[1, {available}\]"):
        sweep.configure(available + 1)
    try:
        assert sweep.configure(1) == 1 and len(sweep.devices()) == 1
    finally:
        assert sweep.configure("all") == available


def test_side_by_side_equals_the_plain_loop_on_every_device():
    """Single exact curves (one-device programs) run one per device at a time: the same bits as a
    plain loop, in item order, with the caller's float64 setting; every device takes part."""
    from paperchecks.sims.linreg import exact_risk
    from paperchecks.sims.precision import float64
    from paperchecks.sims.problem import Problem

    p = Problem.power_law(300, capacity=2.0, source=3.0, noise_var=0.1)

    def curve(lr):
        risk = exact_risk(p, "sgd", lr=lr, batch=1, steps=200, averaging="poly:4", record=[50, 200]).risk
        return np.asarray(risk), jax.config.jax_enable_x64, next(iter(jnp.zeros(()).devices()))

    lrs = [0.05, 0.1, 0.2, 0.3, 0.4]
    with float64():
        plain = [curve(lr) for lr in lrs]
        together = sweep.side_by_side(curve, lrs)
    for (a, _, _), (b, wide, _) in zip(plain, together, strict=True):
        np.testing.assert_array_equal(a, b)
        assert wide
    assert len({device for _, _, device in together}) == min(len(sweep.devices()), len(lrs))


def test_side_by_side_raises_the_first_error_and_nests():
    def fails_on_three(i):
        if i == 3:
            raise ValueError("item 3 is bad")
        return sweep.side_by_side(lambda j: i * j, range(3))  # inside a worker: a plain loop

    assert sweep.side_by_side(fails_on_three, [1, 2]) == [[0, 1, 2], [0, 2, 4]]
    with pytest.raises(ValueError, match="item 3 is bad"):
        sweep.side_by_side(fails_on_three, range(6))
    assert sweep.side_by_side(str, []) == []
