"""Sabotage: a broken closed form, a broken simulator or a too-good simulator must make the claim that
watches it FAIL (every claim can fail; docs/deeplinear.md §6)."""

import numpy as np
import pytest
import sympy as sp

from paperchecks.checks.catalog import verdict
from paperchecks.checks.registry import Verdict
from paperchecks_deeplinear import sims, theory


def test_wrong_exponent_in_the_solution_fails_the_derivation(monkeypatch):
    wrong = theory.s * sp.exp(theory.s * theory.t / theory.tau) / (sp.exp(theory.s * theory.t / theory.tau) - 1 + theory.s / theory.u0)
    monkeypatch.setattr(theory, "SPEC_MODE_STRENGTH", wrong)
    assert verdict("deeplinear.logistic_solution_derived") is Verdict.FAIL


def test_wrong_constant_in_the_closed_form_fails_the_reference_values(monkeypatch):
    right = theory.mode_strength
    monkeypatch.setattr(
        theory, "mode_strength", lambda time, strength, start, time_constant=1.0: right(time, strength, start, 1.01 * time_constant)
    )
    assert verdict("deeplinear.reference_values") is Verdict.FAIL


def test_wrong_learning_time_constant_fails_stage_learning(monkeypatch):
    right = theory.learning_time
    monkeypatch.setattr(theory, "learning_time", lambda *args, **kwargs: 1.05 * right(*args, **kwargs))
    assert verdict("deeplinear.stronger_modes_learned_first") is Verdict.FAIL


def test_second_order_error_fails_the_first_order_claim(monkeypatch):
    """A simulator whose error were second order in eta (here: the run repeated at eta/2, twice
    as accurate, reported as the run at eta) must not pass as first order."""
    right = sims.gradient_descent

    def richardson(weights, target, u_basis, v_basis, *, lr, steps, record=1, time_constant=1.0):
        coarse = right(weights, target, u_basis, v_basis, lr=lr, steps=steps, record=record)
        fine = right(weights, target, u_basis, v_basis, lr=lr / 2, steps=2 * steps, record=2 * record)
        return sims.ModeCurves(coarse.time, 2 * fine.strengths - coarse.strengths, coarse.off_diagonal, False)

    monkeypatch.setattr(sims, "gradient_descent", richardson)
    assert verdict("deeplinear.gradient_descent_error_is_first_order") is Verdict.FAIL


def test_overshooting_simulator_fails_the_bound_and_a_stuck_one_fails_its_companion(monkeypatch):
    right = sims.gradient_descent

    def scaled(factor):
        def run(*args, **kwargs):
            r = right(*args, **kwargs)
            return sims.ModeCurves(r.time, factor * r.strengths, r.off_diagonal, r.diverged)

        return run

    monkeypatch.setattr(sims, "gradient_descent", scaled(1.001))
    assert verdict("deeplinear.modes_never_overshoot") is Verdict.FAIL
    monkeypatch.setattr(sims, "gradient_descent", scaled(0.99))
    assert verdict("deeplinear.modes_never_overshoot") is Verdict.PASS
    assert verdict("deeplinear.modes_reach_their_strength") is Verdict.FAIL


def test_a_simulator_that_never_decouples_fails_the_random_start_finding(monkeypatch):
    """Off-diagonal mass frozen at its starting ratio: the modes never decouple."""
    right = sims.gradient_descent

    def frozen(*args, **kwargs):
        r = right(*args, **kwargs)
        return sims.ModeCurves(r.time, r.strengths, np.full_like(r.off_diagonal, r.off_diagonal[0]), r.diverged)

    monkeypatch.setattr(sims, "gradient_descent", frozen)
    assert verdict("deeplinear.random_start_decouples") is Verdict.FAIL


def test_a_diverged_run_is_reported_as_diverged(monkeypatch):
    """A run that blows up (NaN strengths, diverged flag) is DIVERGED, never a PASS hidden by max()."""
    right = sims.gradient_descent

    def blown(*args, **kwargs):
        r = right(*args, **kwargs)
        strengths = r.strengths.copy()
        strengths[-1] = np.nan
        return sims.ModeCurves(r.time, strengths, r.off_diagonal, True)

    monkeypatch.setattr(sims, "gradient_descent", blown)
    assert verdict("deeplinear.modes_never_overshoot") is Verdict.DIVERGED
    assert verdict("deeplinear.random_start_decouples") is Verdict.DIVERGED


def test_wrong_depth_limit_fails_the_depth_claim(monkeypatch):
    monkeypatch.setattr(theory, "DEPTH_LIMIT", theory.DEPTH_LIMIT.subs(theory.s**2, theory.s))
    assert verdict("deeplinear.depth_scaled_learning_time_is_finite") is Verdict.FAIL


def test_wrong_depth_exponent_fails_the_depth_claim(monkeypatch):
    """The quadrature with u^(1/D - 2) instead of u^(2/D - 2) (a wrong layer-count exponent)."""
    right = theory.depth_scaled_time
    monkeypatch.setattr(theory, "depth_scaled_time", lambda depth, *args: right(2 * depth, *args) if depth > 2 else right(depth, *args))
    assert verdict("deeplinear.depth_scaled_learning_time_is_finite") is Verdict.FAIL


@pytest.mark.parametrize("bad", [{"lr": 0.0}, {"lr": float("nan")}, {"steps": 0}, {"record": 3}])
def test_bad_input_names_the_parameter(bad):
    target, u_basis, v_basis = sims.correlation((1.0,))
    kwargs = {"lr": 0.1, "steps": 10, "record": 1} | bad
    with pytest.raises(ValueError, match=next(iter(bad)) if "record" not in bad else "steps must be a multiple"):
        sims.gradient_descent(sims.balanced_start(u_basis, v_basis, 1e-3), target, u_basis, v_basis, **kwargs)
    with pytest.raises(ValueError, match="start"):
        theory.mode_strength(1.0, 2.0, 3.0)
    assert np.isfinite(theory.learning_time(2.0, 1e-3, 1.0))
