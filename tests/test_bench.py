"""The benchmark's own machinery (bench/): the plain-scan baseline computes the engine's curve,
timings keep the median and the spread, peak memory is per workload, the device triad runs."""

import numpy as np

from paperchecks.bench.baselines import plain_scan_averaged_sgd
from paperchecks.bench.roofline import device_bandwidth
from paperchecks.bench.timing import PeakMemory, Timing, time_calls
from paperchecks.sims.linreg import Problem, exact_risk

PROBLEM = Problem.power_law(300, capacity=1.5, source=3.0, noise_var=0.01, normalize=True)
LR = 0.5 / float(np.sum(PROBLEM.eigenvalues))


def test_the_benchmarks_plain_scan_baseline_computes_the_same_curve():
    baseline = plain_scan_averaged_sgd(PROBLEM.eigenvalues, PROBLEM.init_sq, lr=LR, noise_var=0.01, steps=200)
    engine = exact_risk(PROBLEM, "sgd", lr=LR, steps=200, averaging="uniform", record=np.arange(1, 201))
    np.testing.assert_allclose(baseline, engine.risk, rtol=1e-12, atol=0)


def test_the_device_triad_measures_a_positive_bandwidth():
    """bench.roofline.device_bandwidth (the floor on a GPU) runs on any backend."""
    assert 1e6 < device_bandwidth(3 * 8 * 100_000, repeats=1) < 1e15


def test_timings_keep_the_median_and_add_and_scale_with_their_spread():
    calls = []
    timing = time_calls(lambda: calls.append(1), repeats=3)
    assert len(calls) == 4 and timing.repeats == 3  # one untimed call first
    assert timing.low <= timing.median <= timing.high
    total = 0.0 + Timing(1.0, 0.5, 2.0, 3) + Timing(2.0, 1.0, 3.0, 1)
    assert total == Timing(3.0, 1.5, 5.0, 1)
    assert Timing(1.0, 0.5, 2.0, 3) * 4 == Timing(4.0, 2.0, 8.0, 3)


def test_peak_memory_is_the_workloads_own():
    with PeakMemory() as big:
        block = np.ones(40_000_000)  # 320 MB
        block[::4096] = 2.0
        del block
    with PeakMemory() as small:
        np.ones(1000).sum()
    if big.scope == "workload":
        assert big.added_mb > 250 and small.added_mb < 50 and small.mb < big.mb
    else:  # no /proc: the process's peak so far
        assert small.mb >= big.mb > 250
