"""Unit and property tests of the momentum paper's simulator (sims.momentum) and theory."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperchecks.sims.linreg import Problem, exact_risk, iterations_to_target
from paperchecks.sims.momentum import contraction_gap, half_ce_batch, spectral_radius, tuned_gap
from paperchecks.sims.reference import second_moment_operator, secular_gap_bisection
from paperchecks.theory import momentum as theory


@given(
    d=st.integers(2, 6),
    decay=st.floats(0.0, 2.0),
    method=st.sampled_from(["sgd", "hb", "asgd"]),
    eff=st.floats(0.01, 3.0),
    beta=st.floats(0.0, 0.95),
    alpha_frac=st.floats(0.0, 1.0),
    batch=st.integers(1, 64),
)
def test_secular_radius_equals_dense_eigenvalue(d, decay, method, eff, beta, alpha_frac, batch):
    """Any configuration, stable or not: the secular-equation root is the dense operator's
    spectral radius (docs/papers/momentum.md §4.3, §7 check 4)."""
    lam = np.arange(1, d + 1, dtype=float) ** -decay
    beta = 0.0 if method == "sgd" else beta
    alpha = alpha_frac * eff if method == "asgd" else 0.0
    lr = (eff - alpha) * (1 - beta) if method == "asgd" else eff * (1 - beta)
    if lr <= 0:
        lr, alpha = eff * (1 - beta), 0.0
    rho = spectral_radius(lam, method, lr=lr, momentum=beta, alpha=alpha, batch=batch)
    dense = np.max(np.abs(np.linalg.eigvals(second_moment_operator(lam, method, lr=lr, momentum=beta, alpha=alpha, batch=batch))))
    assert rho == pytest.approx(dense, rel=1e-8, abs=1e-10)


def test_grid_broadcasting_and_full_batch():
    lam = np.array([1.0, 0.1, 0.01])
    gaps = contraction_gap(lam, "hb", lr=np.array([0.1, 0.2])[:, None], momentum=0.5, batch=np.array([1, 4, math.inf]))
    assert gaps.shape == (2, 3)
    assert np.all(np.diff(gaps, axis=1) >= 0)  # batch monotonicity of the gap
    # B = inf: the deterministic slow-mode rate
    r = np.roots([1, -(1.5 - 0.1 * 0.01), 0.5])
    assert gaps[0, 2] == pytest.approx(1 - np.max(np.abs(r)) ** 2, rel=1e-10)


@pytest.mark.parametrize("batch", [1.0, 16.0, 65536.0])
@pytest.mark.parametrize(("method", "lr", "alpha"), [("asgd", 1.0, 1.0), ("sgd", 2.0, 0.0)])
def test_gap_where_the_slow_mode_sits_exactly_on_the_unit_circle(method, lr, alpha, batch):
    """edge = 0 exactly (ASGD with eta lambda_1 = alpha lambda_1 = 1 and beta = 0; SGD at eta lambda_1 = 2):
    the root search's near end must not be a subnormal (XLA on CPU flushes it to zero and the
    bisection stalled, returning g = 0 instead of the root, -8.40 at B = 1). The reference is the
    NumPy bisection of sims.reference."""
    lam = np.arange(1, 101, dtype=float) ** -1.5
    expected = secular_gap_bisection(lam, method, lr=lr, alpha=alpha, batch=batch)
    assert expected < 0
    assert contraction_gap(lam, method, lr=lr, alpha=alpha, batch=batch) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(method="adam", lr=0.1), "method"),
        (dict(method="sgd", lr=-0.1), "lr"),
        (dict(method="hb", lr=0.1, momentum=1.0), "momentum"),
        (dict(method="hb", lr=0.1, alpha=0.1), "alpha"),
        (dict(method="sgd", lr=0.1, batch=0.5), "batch"),
        (dict(method="sgd", lr=float("nan")), "lr"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    method = kwargs.pop("method")
    with pytest.raises(ValueError, match=name):
        spectral_radius([1.0, 0.1], method, **kwargs)


def test_tuned_gap_contains_hb_and_reports_maximiser():
    lam = np.arange(1, 21, dtype=float) ** -2.0
    hb, asgd = tuned_gap(lam, "hb", [1, 16]), tuned_gap(lam, "asgd", [1, 16])
    assert np.all(asgd.gap >= hb.gap)
    again = contraction_gap(lam, "asgd", lr=asgd.lr, momentum=asgd.momentum, alpha=asgd.alpha, batch=asgd.batch)
    np.testing.assert_allclose(again, asgd.gap, rtol=1e-12)


def test_half_ce_batch_interpolates_log_log():
    batches = np.array([1.0, 2.0, 4.0, 8.0])
    gaps = np.array([1.0, 2.0, 2.0, 2.0])  # CE = 1, 1, 0.5, 0.25
    assert half_ce_batch(batches, gaps) == pytest.approx(4.0)
    assert half_ce_batch(batches, batches) == math.inf


def test_iterations_to_target_is_the_first_crossing():
    problem = Problem.two_level(10, 100.0)
    T = iterations_to_target(problem, "hb", lr=0.05, momentum=0.8, batch=8, target=1e-3, max_steps=10**5)[0]
    curve = exact_risk(problem, "hb", lr=0.05, momentum=0.8, batch=8, steps=int(T), record=np.arange(int(T) + 1))
    assert curve.risk[-1] <= 1e-3 * curve.risk[0] < curve.risk[-2]


def test_sgd_stability_limit_solves_the_secular_condition():
    lam = 1.0 / np.arange(1, 51)
    limit = theory.sgd_stability_limit(lam, 4)
    assert theory.stability_function(lam, "sgd", lr=limit, batch=4) == pytest.approx(1.0, abs=1e-9)
    assert spectral_radius(lam, "sgd", lr=limit, batch=4) == pytest.approx(1.0, abs=1e-9)
