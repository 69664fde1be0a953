"""Property tests of every paper's central statements over random draws, written with the public
kit (:mod:`checks.strategies`, :mod:`checks.assertions`)."""

import math

import jax
import numpy as np
from conftest import examples
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from checks.assertions import assert_agrees, assert_below, assert_identity
from checks.strategies import averagings, lr_schedules, power_law_spectra, problems, source_capacity, stable_hyperparameters
from sims.linreg import exact_risk, monte_carlo_risk
from sims.momentum import contraction_gap
from theory import anytime as anytime_theory
from theory import momentum as momentum_theory

SMALL = power_law_spectra(dim=(2, 8), capacity=(0.5, 2.5))


@settings(max_examples=examples(6))
@given(data=st.data())
def test_linreg_exact_equals_monte_carlo(data):
    """Random stable problem, method, batch and schedule: exact == Monte Carlo within 4 SE."""
    problem = data.draw(problems(spectrum=SMALL))
    method, hyper, batch = data.draw(stable_hyperparameters(problem.eigenvalues, margin=(0.05, 0.5)))
    _, schedule = data.draw(lr_schedules(base=hyper.pop("lr"), horizon=30))
    kw = dict(lr=schedule, **hyper, batch=batch, steps=30, record=np.array([5, 15, 30]))
    exact = exact_risk(problem, method, **kw)
    mc = monte_carlo_risk(problem, method, **kw, seeds=3000, key=jax.random.key(data.draw(st.integers(0, 2**31 - 1))))
    assert_agrees(exact.risk, mc.mean, mc.se, context=f"{method} B={batch}")


@settings(max_examples=examples(10))
@given(data=st.data())
def test_linreg_jensen_and_batch_monotonicity(data):
    """Random stable draws: E L_t(B) >= L_t(inf) and E L_t(2B) <= E L_t(B) at every step."""
    problem = data.draw(problems(spectrum=SMALL))
    method, hyper, batch = data.draw(stable_hyperparameters(problem.eigenvalues))
    risk = {b: exact_risk(problem, method, **hyper, batch=b, steps=200).risk for b in (batch, 2 * batch, math.inf)}
    assert_below(risk[math.inf], 0.0, risk[batch] * (1 + 1e-12), context="Jensen")
    assert_below(risk[2 * batch], 0.0, risk[batch] * (1 + 1e-12), context="batch monotonicity")


@given(data=st.data())
def test_momentum_gaps_respect_the_bounds(data):
    """Random stable (eta, beta) at random B: g_SGD <= min(4 B mu/tr H, 4/kappa) and
    g_HB <= min(8 B mu/tr H, 4/sqrt(kappa)) (hb_asgd.md §5.2-5.3)."""
    lam = data.draw(power_law_spectra(dim=(2, 32)))
    method, hyper, batch = data.draw(stable_hyperparameters(lam, methods=("sgd", "hb")))
    mu, trace, kappa = lam.min(), lam.sum(), lam.max() / lam.min()
    gap = contraction_gap(lam, method, batch=batch, **hyper)
    bound = (momentum_theory.sgd_gap_upper_bound if method == "sgd" else momentum_theory.hb_gap_upper_bound)(batch, mu, trace, kappa)
    assert_below(gap, 0.0, bound, context=f"{method} {hyper} B={batch}")


@settings(max_examples=examples(8))
@given(data=st.data())
def test_momentum_secular_radius_is_the_late_decay_rate(data):
    """The secular-equation radius equals the late-time per-step ratio of the exact recursion."""
    lam = data.draw(power_law_spectra(dim=(2, 12)))
    method, hyper, batch = data.draw(stable_hyperparameters(lam, margin=(0.2, 0.9)))
    gap = float(contraction_gap(lam, method, batch=batch, **hyper))
    assume(gap > 3e-3)
    # as many steps as float64 allows (rho^steps > 1e-260): subdominant eigenvalues can lie within
    # 5 % of rho, so a window of a few e-folds is not enough
    steps = int(600 / -math.log1p(-gap))
    problem = problems(spectrum=st.just(lam), noise=False)
    curve = exact_risk(data.draw(problem), method, **hyper, batch=batch, steps=steps, record=np.array([steps // 2, steps]))
    ratio = (curve.risk[1] / curve.risk[0]) ** (1.0 / (steps - steps // 2))
    assert abs(ratio - (1 - gap)) <= 1e-4, (ratio, 1 - gap)


@settings(max_examples=examples(6))
@given(data=st.data())
def test_anytime_schedules_and_averages(data):
    """Random schedules and averaging windows on power-law problems: exact == Monte Carlo, and the
    averaged risk is finite and non-negative."""
    problem = data.draw(problems(spectrum=SMALL))
    _, hyper, _ = data.draw(stable_hyperparameters(problem.eigenvalues, methods=("sgd",), batch=1, margin=(0.05, 0.5)))
    _, schedule = data.draw(lr_schedules(base=hyper["lr"], horizon=40))
    averaging = data.draw(averagings())
    kw = dict(lr=schedule, batch=1, steps=40, averaging=averaging, record=np.array([10, 20, 40]))
    exact = exact_risk(problem, "sgd", **kw)
    assert not exact.diverged and np.all(np.isfinite(exact.risk)) and np.all(exact.risk >= 0)
    mc = monte_carlo_risk(problem, "sgd", **kw, seeds=3000, key=jax.random.key(data.draw(st.integers(0, 2**31 - 1))))
    assert_agrees(exact.risk, mc.mean, mc.se, context=averaging)


@given(pair=source_capacity())
def test_anytime_gamma_star_balances_bias_and_variance(pair):
    """For random a, b with b >= a, e_B(gamma*) = e_V(gamma*) = 1 - 1/b (numerically and symbolically)."""
    a, b = pair
    assume(b >= a)
    g = anytime_theory.gamma_star(a, b)
    for name in ("bias", "variance"):
        assert abs(anytime_theory.exponent(name, a, b, g) - anytime_theory.exponent("rate", a, b)) < 1e-12
    assert_identity(anytime_theory.BIAS.subs(anytime_theory.gamma, 1 - anytime_theory.a / anytime_theory.b) - anytime_theory.RATE)
