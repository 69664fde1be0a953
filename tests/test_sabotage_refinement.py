"""Deliberately broken formulas must turn the refinement paper's claims to FAIL (docs/design.md: every
paper keeps sabotage tests; docs/papers/refinement.md)."""

import functools

import jax.numpy as jnp
import numpy as np

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
    s_tail = theory._reversed_cumsum(lr, xp)
    q_tail = theory._reversed_cumsum(lr * grad_norms**2, xp)
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


def test_tuned_step_without_the_square_root_fails_its_identity(monkeypatch):
    """Wrong exponent: c* = A/B instead of sqrt(A/B) (the direct minimisation disagrees)."""
    original = sims.tuned_last_iterate_bound

    def squared(shape, **kw):
        bound, base = original(shape, **kw)
        return bound, base**2

    monkeypatch.setattr(sims, "tuned_last_iterate_bound", squared)
    assert verdict("refinement.tuned_base_step") == Verdict.FAIL


def test_refinement_summing_from_t_itself_fails_the_linear_identity(monkeypatch):
    """w_t = G_t^-2 sum_{p >= t} G_p^-2 (the step's own norm included): no zero at the end, not linear."""
    monkeypatch.setattr(
        theory, "refined_weights", lambda grad_norms, xp=None: grad_norms**-2.0 * theory._reversed_cumsum(grad_norms**-2.0, xp or np)
    )
    assert verdict("refinement.refinement_with_constant_norms_is_linear") == Verdict.FAIL


def test_refinement_with_inverted_norms_fails_the_improvement_and_the_warm_up(monkeypatch, clear_caches):
    """w_t = G_t^2 sum_{p>t} G_p^2 (large steps where the gradients are large)."""
    original = theory.refined_weights
    monkeypatch.setattr(theory, "refined_weights", lambda grad_norms, xp=None: original(1.0 / grad_norms))
    assert verdict("refinement.refined_between_optimal_and_linear") == Verdict.FAIL
    assert verdict("refinement.refined_shows_warmup_and_annealing") == Verdict.FAIL


def test_an_optimiser_that_returns_linear_decay_turns_the_refutation_into_an_unexpected_pass(monkeypatch, clear_caches):
    """The refuted statement can flip: with the "optimum" replaced by linear decay, linear decay
    looks optimal and the expected refutation becomes UNEXPECTED PASS (a failure)."""
    clear_caches(claims._optimal)
    monkeypatch.setattr(
        sims, "optimal_schedule", lambda steps, **kw: sims.OptimalSchedule(0.0, 0.0, sims.schedule_shape("linear", steps), 0)
    )
    assert verdict("refinement.linear_is_omega_optimal") == Verdict.UNEXPECTED_PASS


def test_bound_without_the_middle_sum_fails_the_excess_exponent_and_the_shape_ranking(monkeypatch, clear_caches):
    """Omega = D^2/(2 S_1) + Q_1/(2 S_1) (the sum over k dropped): the constant step becomes optimal and
    linear decay's excess stays near sqrt(4/3) - 1 instead of falling as 1/T."""
    original = theory.bound_parts
    clear_caches(claims._optimal)

    def no_middle(lr, grad_norms=1.0, dist=1.0, xp=None):
        a, _ = original(lr, grad_norms, dist, xp)
        q_tail = theory._reversed_cumsum(lr**2 * grad_norms**2, xp)
        s_tail = theory._reversed_cumsum(lr, xp)
        return a, q_tail[..., 0] / (2.0 * s_tail[..., 0])

    _patch_bound(monkeypatch, no_middle)
    assert verdict("refinement.linear_excess_vanishes") == Verdict.FAIL
    assert verdict("refinement.linear_tops_the_common_shapes") == Verdict.FAIL


def test_monte_carlo_reported_ten_times_too_high_fails_the_bound(monkeypatch, clear_caches):
    """The other direction of the companion pair: a simulator that makes SGD look worse than it is."""
    original = sims._suboptimality_rows
    clear_caches(claims._monte_carlo)
    monkeypatch.setattr(sims, "_suboptimality_rows", lambda *a, **k: 10.0 * original(*a, **k))
    assert verdict("refinement.monte_carlo_below_bound") == Verdict.FAIL


def test_pep_with_the_wrong_constants_fails_the_worst_case_pair(monkeypatch, clear_caches):
    """G = 2 in the PEP doubles the worst case above the bound; D = 1/2 halves it below 2.5x."""
    original = worst_case.worst_case_last_iterate
    clear_caches(claims._worst_cases)
    monkeypatch.setattr(claims, "worst_case_last_iterate", lambda lr, **kw: original(lr, lipschitz=2.0))
    assert verdict("refinement.worst_case_below_bound") == Verdict.FAIL
    claims._worst_cases.cache_clear()
    monkeypatch.setattr(claims, "worst_case_last_iterate", lambda lr, **kw: original(lr, distance=0.5))
    assert verdict("refinement.bound_within_factor_of_worst_case") == Verdict.FAIL
