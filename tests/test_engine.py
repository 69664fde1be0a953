"""Unit and property tests of the linear-regression engine: validation, divergence, recording."""

import math

import jax
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperchecks.sims.linreg import Problem, exact_risk, exact_risk_grid, monte_carlo_risk
from paperchecks.sims.methods import kidambi_to_momentum
from paperchecks.sims.recording import record_steps

PROBLEM = Problem.power_law(8, capacity=1.5, source=2.5, noise_var=0.01)
TRACE = float(np.sum(PROBLEM.eigenvalues))


def _message_names(err, name):
    assert name in str(err.value), str(err.value)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"lr": 0.0}, "lr"),
        ({"lr": -0.1}, "lr"),
        ({"lr": math.nan}, "lr"),
        ({"lr": "0.1"}, "lr"),
        ({"lr": 0.1, "momentum": 1.0}, "momentum"),
        ({"lr": 0.1, "momentum": -0.1}, "momentum"),
        ({"lr": 0.1, "batch": 0}, "batch"),
        ({"lr": 0.1, "batch": 2.5}, "batch"),
        ({"lr": 0.1, "batch": True}, "batch"),
        ({"lr": 0.1, "steps": 0}, "steps"),
        ({"lr": 0.1, "steps": 10.0}, "steps"),
        ({"lr": 0.1, "averaging": "tail:1.5"}, "averaging"),
        ({"lr": 0.1, "averaging": "poly:0.5"}, "averaging"),
        ({"lr": 0.1, "averaging": "median"}, "averaging"),
        ({"lr": 0.1, "record": [5, 3]}, "record"),
        ({"lr": 0.1, "record": [0, 11]}, "record"),
        ({"lr": lambda k: -0.1 + 0.0 * k}, "lr"),
    ],
)
def test_bad_run_arguments_name_the_parameter(kwargs, name):
    kw = {"steps": 10, **kwargs}
    with pytest.raises(ValueError) as err:
        exact_risk(PROBLEM, "sgd", **kw)
    _message_names(err, name)


@pytest.mark.parametrize(
    ("builder", "name"),
    [
        (lambda: Problem.create([1.0, -1.0], [1.0, 1.0]), "eigenvalues"),
        (lambda: Problem.create([1.0, math.inf], [1.0, 1.0]), "eigenvalues"),
        (lambda: Problem.create([[1.0]], [1.0]), "eigenvalues"),
        (lambda: Problem.create([1.0, 0.5], [1.0]), "init_sq"),
        (lambda: Problem.create([1.0, 0.5], [1.0, -1.0]), "init_sq"),
        (lambda: Problem.create([1.0], [1.0], noise_var=-1.0), "noise_var"),
        (lambda: Problem.power_law(0, 1.5, 2.0), "d"),
        (lambda: Problem.power_law(10, -1.0, 2.0), "capacity"),
        (lambda: Problem.two_level(10, 0.5), "kappa"),
        (lambda: Problem.two_level(10, 100.0, init="random"), "init"),
        (lambda: exact_risk(PROBLEM, "adam", lr=0.1, steps=3), "method"),
        (lambda: exact_risk(PROBLEM, "sgd", lr=0.1, momentum=0.5, steps=3), "momentum"),
        (lambda: exact_risk(PROBLEM, "hb", lr=0.1, alpha=0.5, steps=3), "alpha"),
        (lambda: exact_risk(PROBLEM, "asgd", lr=-0.2, alpha=0.1, momentum=0.5, steps=3), "lr"),
        (lambda: exact_risk("problem", "sgd", lr=0.1, steps=3), "problem"),
        (lambda: monte_carlo_risk(PROBLEM, "sgd", lr=0.1, steps=3, seeds=1, key=jax.random.key(0)), "seeds"),
        (lambda: monte_carlo_risk(PROBLEM, "sgd", lr=0.1, steps=3, seeds=4, key=0), "key"),
        (lambda: monte_carlo_risk(PROBLEM, "sgd", lr=0.1, batch=math.inf, steps=3, seeds=4, key=jax.random.key(0)), "batch"),
        (lambda: kidambi_to_momentum(0.1, kappa=0.5), "kappa"),
        (lambda: exact_risk_grid(PROBLEM, "sgd", lr=[0.1, -0.1], steps=3), "lr"),
    ],
)
def test_bad_inputs_name_the_parameter(builder, name):
    with pytest.raises(ValueError) as err:
        builder()
    _message_names(err, name)


bad_scalars = st.one_of(
    st.floats(max_value=0.0),
    st.just(math.nan),
    st.just(math.inf),
    st.text(max_size=3),
    st.none(),
    st.lists(st.floats(0.01, 0.1), min_size=2, max_size=3),
)


@given(lr=bad_scalars)
def test_random_bad_learning_rates_raise(lr):
    with pytest.raises(ValueError) as err:
        exact_risk(PROBLEM, "hb", lr=lr, momentum=0.5, steps=5)
    _message_names(err, "lr")


@given(momentum=st.one_of(st.floats(min_value=1.0), st.floats(max_value=-1e-9), st.just(math.nan), st.text(max_size=2)))
def test_random_bad_momenta_raise(momentum):
    with pytest.raises(ValueError) as err:
        exact_risk(PROBLEM, "hb", lr=0.1, momentum=momentum, steps=5)
    _message_names(err, "momentum")


@given(
    eigenvalues=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=6).filter(
        lambda v: not all(math.isfinite(x) and x > 0 for x in v)
    )
)
def test_random_bad_spectra_raise(eigenvalues):
    with pytest.raises(ValueError) as err:
        Problem.create(eigenvalues, np.ones(len(eigenvalues)))
    _message_names(err, "eigenvalues")


@given(
    method=st.sampled_from(["sgd", "hb", "asgd"]),
    eff=st.floats(0.025, 0.45),
    beta=st.floats(0.0, 0.9),
    share=st.floats(0.0, 1.0),
    batch=st.sampled_from([1, 2, 7, 64, math.inf]),
    averaging=st.sampled_from(["none", "uniform", "tail:0.3", "poly:2", "ema:4"]),
)
def test_random_stable_configurations_give_finite_nonnegative_risk(method, eff, beta, share, batch, averaging):
    """eta_eff tr(H) <= 0.9 keeps F(1) = sum_i u_i(1) < 1 (docs/papers/momentum.md §4.3) for every method here.

    (eta_eff < 2B/tr(H) is only necessary: hypothesis found SGD at eta tr(H) = 1.5, B = 1 diverging.)
    """
    step = eff * 2.0 / TRACE
    if method == "sgd":  # the closed-form SGD stability condition of docs/papers/momentum.md §4.3, B = 1
        lam = np.asarray(PROBLEM.eigenvalues)
        assert np.sum(step * lam / (2.0 - 2.0 * step * lam)) < 1.0
    if method == "sgd":
        hyper = {"lr": step}
    elif method == "hb":
        hyper = {"lr": step * (1 - beta), "momentum": beta}
    else:
        hyper = {"lr": step * (1 - share) * (1 - beta), "momentum": beta, "alpha": step * share * (1 - beta) + 1e-6}
    curve = exact_risk(PROBLEM, method, **hyper, batch=batch, steps=200, averaging=averaging)
    assert not curve.diverged
    assert curve.risk.shape == (201,)
    assert np.all(np.isfinite(curve.risk)) and np.all(curve.risk >= 0)


def test_divergence_is_reported_and_cut():
    curve = exact_risk(PROBLEM, "sgd", lr=5.0 / TRACE, steps=2000)
    assert curve.diverged
    assert np.all(np.isfinite(curve.risk))
    assert curve.risk[-1] <= 1e12 * PROBLEM.initial_risk()
    assert curve.steps.shape == curve.risk.shape and curve.steps[-1] < 2000


def test_default_record_grid():
    assert np.array_equal(record_steps(50), np.arange(51))
    grid = record_steps(10**6)
    assert grid[0] == 0 and grid[-1] == 10**6 and np.all(np.diff(grid) > 0)
    assert np.array_equal(grid[:10001], np.arange(10001))
    assert 150 <= grid.size - 10001 <= 200


def test_grid_equals_single_runs():
    lrs = [0.1 / TRACE, 0.5 / TRACE, 0.9 / TRACE]
    grid = exact_risk_grid(PROBLEM, "hb", lr=lrs, momentum=0.4, batch=2, steps=300, averaging="uniform")
    for lr, curve in zip(lrs, grid, strict=True):
        single = exact_risk(PROBLEM, "hb", lr=lr, momentum=0.4, batch=2, steps=300, averaging="uniform")
        np.testing.assert_allclose(curve.risk, single.risk, rtol=1e-13)


def test_schedule_grid_scales_the_schedule():
    schedule = lambda k: 1.0 / (k + 1.0) ** 0.5  # noqa: E731
    (curve,) = exact_risk_grid(PROBLEM, "sgd", lr=[0.5 / TRACE], schedule=schedule, steps=100)
    single = exact_risk(PROBLEM, "sgd", lr=lambda k: 0.5 / TRACE / (k + 1.0) ** 0.5, steps=100)
    np.testing.assert_allclose(curve.risk, single.risk, rtol=1e-13)


def test_monte_carlo_is_deterministic_given_the_key():
    kw = dict(lr=0.2, batch=2, steps=20, seeds=64, key=jax.random.key(3))
    a = monte_carlo_risk(PROBLEM, "sgd", **kw)
    b = monte_carlo_risk(PROBLEM, "sgd", **kw)
    assert np.array_equal(a.mean, b.mean) and np.array_equal(a.se, b.se)


def test_kidambi_map_matches_spec_formulae():
    """docs/papers/momentum.md §3.4: eta = delta beta_K (c xi - 1)/(c + beta_K), beta = c(1 - beta_K)/(c + beta_K)."""
    delta, kappa, xi, c = 0.3, 20.0, 4.0, 0.7
    beta_k = c * c * xi / kappa
    out = kidambi_to_momentum(delta, kappa=kappa, xi=xi, c=c)
    assert out["alpha"] == delta
    assert out["lr"] == pytest.approx(delta * beta_k * (c * xi - 1) / (c + beta_k), rel=1e-14)
    assert out["momentum"] == pytest.approx(c * (1 - beta_k) / (c + beta_k), rel=1e-14)


def test_power_law_problem_follows_source_condition():
    p = Problem.power_law(100, capacity=2.0, source=3.0, scale=2.0)
    i = np.arange(1, 101)
    np.testing.assert_allclose(p.eigenvalues, 2.0 * i**-2.0)
    np.testing.assert_allclose(p.eigenvalues * p.init_sq, 2.0 * i**-3.0)
    assert Problem.power_law(100, 2.0, 3.0, normalize=True).init_sq.sum() == pytest.approx(1.0)
