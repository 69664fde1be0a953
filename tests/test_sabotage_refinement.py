"""Deliberately broken formulas must turn the refinement paper's claims to FAIL (docs/design.md: every
paper keeps sabotage tests; docs/papers/refinement.md)."""

import functools

import jax.numpy as jnp

import paperchecks.checks.refinement as claims
import paperchecks.sims.refinement as sims
import paperchecks.sims.worst_case as worst_case
from paperchecks.checks.catalog import verdict
from paperchecks.checks.registry import Verdict
from paperchecks.theory import refinement as theory


def _patch_bound(monkeypatch, broken):
    """Route the simulator's jitted bound through a broken copy of theory.bound_parts."""
    monkeypatch.setattr(theory, "bound_parts", broken)
    monkeypatch.setattr(sims, "_bound_parts", functools.partial(broken, xp=jnp))


def test_step_sizes_not_squared_in_q_fail_the_reference_values(monkeypatch, clear_caches):
    """Wrong exponent: Q_k = sum eta_t G_t^2 instead of sum eta_t^2 G_t^2."""
    original = theory.bound_parts
    clear_caches(claims._optimal)
    _patch_bound(monkeypatch, lambda lr, grad_norms=1.0, dist=1.0, xp=None: _linear_q(original, lr, grad_norms, dist, xp))
    assert verdict("refinement.reference_values") == Verdict.FAIL


def _linear_q(original, lr, grad_norms, dist, xp):
    a, _ = original(lr, grad_norms, dist, xp)
    s_tail = xp.flip(xp.cumsum(xp.flip(lr, axis=-1), axis=-1), axis=-1)
    q_tail = xp.flip(xp.cumsum(xp.flip(lr * grad_norms**2, axis=-1), axis=-1), axis=-1)
    middle = xp.sum(lr[..., :-1] / s_tail[..., 1:] * q_tail[..., :-1] / s_tail[..., :-1], axis=-1)
    return a, q_tail[..., 0] / (2.0 * s_tail[..., 0]) + 0.5 * middle


def test_distance_term_without_the_half_fails_the_constant_step_closed_form(monkeypatch, fresh_jit):
    """Wrong constant: D^2 / S_1 instead of D^2 / (2 S_1) in the array bound."""
    original = theory.bound_parts

    def doubled(lr, grad_norms=1.0, dist=1.0, xp=None):
        a, b = original(lr, grad_norms, dist, xp)
        return 2.0 * a, b

    _patch_bound(monkeypatch, doubled)
    assert verdict("refinement.constant_step_closed_form") == Verdict.FAIL


def test_refinement_with_inverse_norms_fails_the_refined_reference(monkeypatch):
    """w_t = G_t^-1 sum_{p>t} G_p^-1 (the first power instead of the square)."""
    original = theory.refined_weights
    monkeypatch.setattr(theory, "refined_weights", lambda grad_norms, xp=None: original(grad_norms**0.5))
    assert verdict("refinement.refined_beats_linear_reference") == Verdict.FAIL


def test_too_good_monte_carlo_passes_the_bound_but_fails_its_companion(monkeypatch, clear_caches):
    """A simulator that reports 10 % too little suboptimality still sits below Omega_T; the
    mean-field companion catches it (docs/verdicts.md: every inequality has a tightness companion)."""
    original = sims._suboptimality_rows
    clear_caches(claims._monte_carlo)
    monkeypatch.setattr(sims, "_suboptimality_rows", lambda *a, **k: 0.9 * original(*a, **k))
    assert verdict("refinement.monte_carlo_below_bound") == Verdict.PASS
    assert verdict("refinement.monte_carlo_matches_mean_field") == Verdict.FAIL


def test_shifted_pep_indices_fail_the_worst_case_reference(monkeypatch, clear_caches):
    """The public script's pitfall: stepping with eta_2..eta_T instead of eta_1..eta_{T-1}."""
    original = worst_case.worst_case_last_iterate
    clear_caches(claims._worst_cases)
    monkeypatch.setattr(claims, "worst_case_last_iterate", lambda lr, **kw: original(list(lr[1:]) + [1.0], **kw))
    assert verdict("refinement.worst_case_reference_values") == Verdict.FAIL
