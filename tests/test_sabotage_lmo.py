"""Deliberately broken formulas must turn the lmo paper's claims to FAIL (docs/design.md; issue 5)."""

import functools

import pytest
import sympy as sp

import paperchecks.checks.lmo as claims_module
from paperchecks.checks.catalog import claims, verdict
from paperchecks.checks.registry import Size, Verdict, run_claim
from paperchecks.sims import lmo as lmo_sims
from paperchecks.theory import lmo as theory


@pytest.fixture
def fresh_caches(clear_caches):
    """Lambdified expressions, the simulated R2 optimum and the C4 grid runs are memoised; sabotage must not share them."""
    clear_caches(
        theory._named_expressions,
        theory._lambdified,
        theory.transfer_exponents,
        claims_module.simulated_r2_optimum,
        lmo_sims.bound_grid_run,
    )


def test_wrong_r4_batch_exponent_fails_closed_form_agreement(monkeypatch, fresh_caches):
    """B* ~ T^(1/4) instead of T^(1/6) in the R4 closed form (eta and alpha follow it on the family)."""
    wrong_b = theory.B_R4 * theory.T ** sp.Rational(1, 12)
    leading = dict(theory.LEADING)
    leading["R4"] = (theory.ETA_FAMILY.subs(theory.B, wrong_b), theory.ALPHA_FAMILY.subs(theory.B, wrong_b), wrong_b, theory.PHI_R4)
    monkeypatch.setattr(theory, "LEADING", leading)
    assert verdict("lmo.r4_joint_exponents") == Verdict.FAIL


def test_wrong_r4_transfer_exponent_fails_transfer_rules(monkeypatch, fresh_caches):
    """eta ~ T^(-1/2) in the R4 transfer rule instead of T^(-7/12)."""
    original = theory.transfer_exponents

    @functools.cache
    def wrong(regime):
        exps = dict(original(regime))
        if regime == "R4":
            exps["lr"] = sp.Rational(-1, 2)
        return exps

    monkeypatch.setattr(theory, "transfer_exponents", wrong)
    assert verdict("lmo.transfer_rules_constant_free") == Verdict.FAIL


def test_nonpositive_a3_fails_the_r4_exponents(monkeypatch, fresh_caches):
    """A3 = -3/2 (the 'tight' bound of §4.4): the token-optimal run loses its momentum and the
    Regime-D exponents disappear."""
    monkeypatch.setattr(theory, "CANONICAL", (2.0, 2.0, 2.0, -1.5))
    (selected,) = claims(claim_id="lmo.r4_joint_exponents")
    outcome = run_claim(selected, Size("quick"))
    assert outcome.verdict == Verdict.FAIL, outcome.error
    # it fails on the evidence, the exact optimum's exponents, not only on the refused closed form
    assert any(t.decision == "refuted" for _, t in outcome.evidence.trends), outcome.evidence.details


def test_bound_without_noise_terms_fails_the_main_bound(monkeypatch, fresh_caches):
    """Phi with the noise terms (b) and (c) dropped (A0 = A1 = 0) no longer bounds the simulations."""
    monkeypatch.setattr(theory, "CANONICAL", (0.0, 0.0, 2.0, 0.5))
    assert verdict("lmo.main_bound_holds") == Verdict.FAIL


def test_bound_without_drift_fails_the_momentum_error_lemma(monkeypatch, fresh_caches):
    """The momentum-error lemma without its staleness term (1 - alpha) L eta/alpha."""
    original = claims_module.momentum_error_bound

    def no_drift(problem, geometry, lr, beta, batch, steps):
        return original(problem, geometry, lr * 0.0 + 1e-300, beta, batch, steps)

    monkeypatch.setattr(claims_module, "momentum_error_bound", no_drift)
    assert verdict("lmo.momentum_error_lemma") == Verdict.FAIL


def test_r1_learning_rate_with_wrong_exponent_fails_sqrt_batch_rule(monkeypatch, fresh_caches):
    """eta*_R1 ~ K^(-1/4) instead of K^(-1/2): the sqrt(B) rule at fixed T becomes B^(1/4)."""
    monkeypatch.setattr(theory, "ETA_R1", theory.ETA_R1.subs(theory.K, sp.sqrt(theory.K)))
    assert verdict("lmo.sqrt_batch_lr_rule") == Verdict.FAIL


def test_noise_free_momentum_fails_the_two_sided_momentum_error(monkeypatch, fresh_caches):
    """The issue's hand sabotage: the momentum is fed the exact gradient (the noise dropped). Every
    upper bound (the lemma, the main bound, the pathwise descent inequality) still holds: a simulator
    that is too good passes them. The two-sided companion sees the missing noise floor."""
    import paperchecks.sims.lmo as lmo_sims

    monkeypatch.setattr(lmo_sims, "stochastic_gradient", lambda problem, x, batch, key: problem.curvature * x)
    assert verdict("lmo.momentum_error_matches_noise_recursion") == Verdict.FAIL


def test_an_optimum_that_ignores_the_constants_fails_the_sensitivity_claim(monkeypatch, fresh_caches):
    """The optimiser always uses the canonical A0..A3: the tuned values no longer move, so the table
    would claim robustness it never measured."""
    original, canonical = theory.optimal_hyperparameters, theory.CANONICAL
    monkeypatch.setattr(theory, "optimal_hyperparameters", lambda regime, **kw: original(regime, **{**kw, "constants": canonical}))
    assert verdict("lmo.exponents_robust_to_constants") == Verdict.FAIL
