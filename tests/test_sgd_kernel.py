"""The optional CPU kernel for exact SGD (sims._sgd_kernel) against the XLA program, to 1e-12.

The kernel is switched on below its size threshold (``MIN_DIM`` patched to 0) so that small
problems exercise it; ``PAPERCHECKS_KERNEL=xla`` gives the XLA program for the same call.
"""

import math
import os
import subprocess
import sys

import numpy as np
import pytest

from paperchecks.sims import _sgd_kernel
from paperchecks.sims.linreg import Problem, exact_risk, exact_risk_grid

pytest.importorskip("numba")

PROBLEM = Problem.power_law(300, capacity=1.5, source=3.0, noise_var=0.01, normalize=True)
LR = 0.5 / float(np.sum(PROBLEM.eigenvalues))


@pytest.fixture
def both_paths(monkeypatch):
    """Call ``fn`` once through the kernel and once through the XLA program."""
    monkeypatch.setattr(_sgd_kernel, "MIN_DIM", 0)

    def run(fn):
        monkeypatch.setenv("PAPERCHECKS_KERNEL", "auto")
        assert _sgd_kernel.kernel_enabled(PROBLEM.dim)
        kernel = fn()
        monkeypatch.setenv("PAPERCHECKS_KERNEL", "xla")
        assert not _sgd_kernel.kernel_enabled(PROBLEM.dim)
        return kernel, fn()

    return run


def _assert_same_curve(kernel, xla):
    np.testing.assert_array_equal(kernel.steps, xla.steps)
    np.testing.assert_allclose(kernel.risk, xla.risk, rtol=1e-12, atol=0)
    assert kernel.diverged == xla.diverged


@pytest.mark.parametrize("averaging", ["none", "uniform", "poly:3", "ema:2", "tail:0.5"])
@pytest.mark.parametrize("batch", [1, 4, math.inf])
def test_kernel_matches_the_xla_program(both_paths, averaging, batch):
    kernel, xla = both_paths(
        lambda: exact_risk(
            PROBLEM, "sgd", lr=lambda k: LR / (1.0 + k) ** 0.3, batch=batch, steps=400, averaging=averaging, record=[0, 1, 7, 399, 400]
        )
    )
    _assert_same_curve(kernel, xla)


def test_kernel_matches_on_a_multiplier_grid_recording_every_step(both_paths):
    def grid():
        return exact_risk_grid(
            PROBLEM, "sgd", lr=[0.25, 0.5, 1.0], steps=300, averaging="uniform", schedule=lambda k: LR / (1.0 + k) ** 0.5
        )

    for kernel, xla in zip(*both_paths(grid), strict=True):
        _assert_same_curve(kernel, xla)


def test_kernel_reports_a_blow_up_as_the_xla_program_does(both_paths):
    kernel, xla = both_paths(lambda: exact_risk(PROBLEM, "sgd", lr=4.0 * LR * PROBLEM.dim, steps=2000, record=np.arange(2001)))
    assert kernel.diverged and xla.diverged
    assert kernel.steps.shape == xla.steps.shape and kernel.steps.shape[0] < 2001
    np.testing.assert_allclose(kernel.risk, xla.risk, rtol=1e-12)


def test_the_numbers_do_not_depend_on_the_thread_count(monkeypatch):
    numba = pytest.importorskip("numba")
    monkeypatch.setattr(_sgd_kernel, "MIN_DIM", 0)
    problem = Problem.power_law(3 * 4096 + 5, capacity=1.5, source=3.0, noise_var=0.01, normalize=True)
    lr = 0.5 / float(np.sum(problem.eigenvalues))
    before = numba.get_num_threads()
    runs = []
    try:
        for threads in sorted({1, numba.config.NUMBA_NUM_THREADS}):
            numba.set_num_threads(threads)
            runs.append(exact_risk(problem, "sgd", lr=lr, steps=200, averaging="uniform", record=np.arange(201)).risk)
    finally:
        numba.set_num_threads(before)
    assert all(np.array_equal(runs[0], run) for run in runs)


def test_without_numba_the_xla_program_runs(monkeypatch):
    monkeypatch.setattr(_sgd_kernel, "MIN_DIM", 0)
    monkeypatch.setattr(_sgd_kernel, "_compiled", lambda: None)
    assert not _sgd_kernel.kernel_enabled(PROBLEM.dim)
    curve = exact_risk(PROBLEM, "sgd", lr=LR, steps=50, averaging="uniform")
    assert curve.risk.shape == (51,) and not curve.diverged


_ONE_PASS = """
import sys
import numpy as np
from paperchecks.sims._sgd_numba import sgd_pass
d, n = 200_000, 50
lam = 1.0 / np.arange(1, d + 1) ** 1.5
s = np.random.default_rng(0).random(d) * 1e-3
out = np.zeros(6)
sgd_pass(lam, s, s.copy(), s.copy(), np.full(n, 0.5 / lam.sum()), 1.0 / np.arange(1, n + 1), 1.0, 0.01, np.arange(0, n + 1, 10), out, True)
np.save(sys.argv[1], out)
"""


def test_a_second_process_gets_the_same_bits(tmp_path):
    """Same input, same numbers across runs on a machine: numba's on-disk cache once handed the
    second process a kernel that rounded differently (2.2e-16) from the first's fresh compile,
    which moved a report line between two reproduce runs. Two processes sharing a numba cache
    folder must agree bit for bit."""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba"))
    for name in ("first", "second"):
        subprocess.run([sys.executable, "-c", _ONE_PASS, str(tmp_path / f"{name}.npy")], check=True, env=env, timeout=300)
    np.testing.assert_array_equal(np.load(tmp_path / "first.npy"), np.load(tmp_path / "second.npy"))
