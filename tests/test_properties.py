"""Property tests of every paper's central statements over random draws, written with the public
kit (:mod:`checks.strategies`, :mod:`checks.assertions`)."""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from conftest import PROFILE, examples
from hypothesis import assume, find, given, settings
from hypothesis import strategies as st

from paperchecks.sims import attention, refinement
from paperchecks.sims import lmo as lmo_sims
from paperchecks.sims.linreg import exact_risk, monte_carlo_risk
from paperchecks.sims.lion_experiments import lyapunov_step_terms
from paperchecks.sims.momentum import contraction_gap
from paperchecks.testing.assertions import assert_agrees, assert_below, assert_identity
from paperchecks.testing.strategies import (
    attention_problems,
    averagings,
    last_iterate_schedules,
    lion_cases,
    lmo_optimal_hyperparameters,
    lmo_settings,
    lr_schedules,
    power_law_spectra,
    problems,
    source_capacity,
    stable_hyperparameters,
)
from paperchecks.theory import anytime as anytime_theory
from paperchecks.theory import lmo as lmo_theory
from paperchecks.theory import momentum as momentum_theory

SMALL = power_law_spectra(dim=(2, 8), capacity=(0.5, 2.5))


@pytest.fixture(autouse=True)
def _drop_compiled_programs():
    """Every drawn schedule or shape compiles a new program; in the thorough profile thousands of
    them accumulate and the process segfaulted in the fifth property (with or without the
    persistent cache), so compiled programs are dropped after each property there."""
    yield
    if PROFILE == "thorough":
        jax.clear_caches()


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
    g_HB <= min(8 B mu/tr H, 4/sqrt(kappa)) (docs/papers/momentum.md §5.2-5.3)."""
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


@settings(max_examples=examples(4))
@given(setting=lmo_settings(steps=(250,)), seed=st.integers(0, 2**31 - 1))
def test_lmo_measured_gradient_norm_stays_below_the_bound(setting, seed):
    """docs/papers/lmo.md §4.1: (1/K) sum E||grad f(x_k)||_* <= Phi for random quadratics and (eta,
    beta, B, K), in each geometry (Monte Carlo over 32 seeds, 4 SE)."""
    geometry, problem, lr, momentum, batch, steps = setting
    run = lmo_sims.simulate(problem, geometry, lr=lr, momentum=momentum, batch=batch, steps=steps, seeds=32, key=jax.random.key(seed))
    mean, se = lmo_sims.mean_and_se(run.mean_dual_grad)
    smoothness, sigma = problem.constants(geometry)
    phi = lmo_theory.bound(lr, momentum, batch, steps, delta=problem.suboptimality, L=smoothness, sigma=sigma)
    assert_below(mean, se, phi, context=f"{geometry} eta={lr:.2e} beta={momentum:.3f} B={batch:g} K={steps}")


def _step_terms(case) -> tuple[float, float, float]:
    """(lhs, rhs, Delta_t) of one Lion-K step (docs/papers/lion.md §6.2)."""
    kw = {k: case[k] for k in ("lr", "beta1", "beta2")}
    return lyapunov_step_terms(case["row"], case["hessian"], case["b"], case["x"], case["m"], lam_=case["lam"], **kw)


@settings(max_examples=examples(40))
@given(case=lion_cases())
def test_lion_discrete_lyapunov_inequality_for_random_states(case):
    """beta1 <= beta2: H_d(t+1) - H_d(t) <= -eta Delta_t + (L/2)||x_{t+1} - x_t||^2 and Delta_t >= 0
    (to float64 rounding) for every K row, random states, steps and quadratics."""
    lhs, rhs, delta = _step_terms(case)
    slack = (lhs - rhs) / (1 + abs(lhs) + abs(rhs))
    assert slack <= 1e-10 and delta >= -1e-12, f"{case['row'].name}: slack {slack:.2e}, Delta {delta:.2e}"


def _lyapunov_rises(case) -> bool:
    """H_d(t+1) - H_d(t) > (L/2)||x_{t+1} - x_t||^2: the step is not a descent step of H_d."""
    lhs, rhs, delta = _step_terms(case)
    return lhs - (rhs + case["lr"] * delta) > 1e-12 * (1 + abs(lhs))


def test_lion_reversed_betas_have_a_counterexample():
    """beta1 > beta2 (outside the theorem): hypothesis finds a step on which H_d rises by more than
    the smoothness term (the negative control of docs/papers/lion.md §6.2)."""
    found = find(
        lion_cases(rows=["l1"], beta_order="reversed"), _lyapunov_rises, settings=settings(max_examples=examples(500), database=None)
    )
    assert found["beta1"] > found["beta2"]


@settings(max_examples=examples(8))
@given(problem=attention_problems(), mask_seed=st.integers(0, 2**31 - 1))
def test_spt_label_loss_is_blind_where_masked_reconstruction_is_not(problem, mask_seed):
    """docs/papers/spt.md §3.1, §3.4: at S = 0 the label slope along the unit circulant direction is 0
    to float64 precision for every phi, while the masked-reconstruction slope is not."""
    with jax.enable_x64(True):  # jax.grad of a float64 simulator needs x64 (sims.precision)
        phi, length, params, tokens, labels = problem
        zero, direction = jnp.zeros((length, length)), attention.circulant_direction(length)
        g = jax.grad(attention.label_loss)(zero, params, tokens, labels, phi=phi)
        assert abs(float(jnp.sum(g * direction))) <= 1e-12 * (1 + float(jnp.linalg.norm(g)))
        mask = attention.bernoulli_mask(jax.random.key(mask_seed), tokens.shape[:2], 0.25)
        masked = jax.grad(attention.masked_loss)(zero, tokens[..., 0], mask)
        assert abs(float(jnp.sum(masked * direction))) > 1e-6


@settings(max_examples=examples(15))
@given(tuned=lmo_optimal_hyperparameters(), factors=st.tuples(*(st.floats(0.5, 2.0) for _ in range(3))))
def test_lmo_optimum_is_not_beaten_by_nearby_hyperparameters(tuned, factors):
    """docs/papers/lmo.md §5: the exact optimum of Phi in each regime is at most Phi at the tuned
    quantities scaled by factors in [1/2, 2] (fixed quantities kept; 1 - beta <= 1, B >= 1)."""
    regime, budget, constants, best = tuned
    lr = best["lr"] * factors[0]
    alpha = min(1.0, (1 - best["momentum"]) * (factors[1] if regime in ("R2", "R4") else 1.0))
    batch = max(1.0, best["batch"] * (factors[2] if regime in ("R3", "R4") else 1.0))
    steps = budget / batch if regime in ("R3", "R4") else budget
    other = lmo_theory.bound(lr, 1 - alpha, batch, steps, delta=1.0, L=1.0, sigma=1.0, constants=constants)
    assert_below(best["bound"], 0.0, other * (1 + 1e-9), context=f"{regime} budget {budget:.3g}")


def test_slope_trend_decides_only_on_settled_slopes():
    """docs/verdicts.md, "Exponents": a power law with a decaying correction is judged by where its
    local slopes go, not by one window; a curve still moving fast is undecided, never refuted."""
    import numpy as np

    from paperchecks.sims.fitting import slope_trend

    x = 2.0 ** np.arange(9, 19)
    settling = x**-0.333 * (1 + 3 * x**-0.5)  # local slopes approach -1/3 from below
    assert slope_trend(x, settling, -1 / 3, 0.05).decision == "holds"
    assert slope_trend(x, settling, -0.5, 0.05).decision == "refuted"
    wandering = np.exp(np.cumsum(np.r_[0.0, [-0.1, -0.5, -0.2, -0.9, -0.1, -0.6, -0.3, -1.0, -0.2]]))
    assert slope_trend(x, wandering, -0.5, 0.05).decision == "undecided"
    with pytest.raises(ValueError, match="tol"):
        slope_trend(x, settling, -1 / 3, 0.0)


@given(drawn=last_iterate_schedules(steps=(2, 24)), dim=st.sampled_from([1, 4, 16]), seed=st.integers(0, 2**16))
@settings(max_examples=examples(6))
def test_refinement_monte_carlo_never_above_the_bound(drawn, dim, seed):
    """SGD on f(x) = E|a^T(x - x*)| stays below Omega_T for drawn schedules at their tuned base step
    (docs/papers/refinement.md §6): the seed mean, within 4 SE, is at most the bound."""
    name, shape = drawn
    bound, base = (float(v) for v in refinement.tuned_last_iterate_bound(shape))
    samples = refinement.monte_carlo_suboptimality(jax.random.key(seed), base * shape, dim=dim, seeds=400)
    assert_below(samples.mean(), samples.std(ddof=1) / math.sqrt(samples.size), bound, context=f"{name}, T = {shape.size}, d = {dim}")
