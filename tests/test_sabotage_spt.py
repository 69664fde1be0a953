"""Deliberately broken models must turn the spt paper's claims to FAIL (docs/design.md; issue 7)."""

import dataclasses

import paperchecks.checks.spt as claims_module
import paperchecks.sims.attention as attention
import paperchecks.sims.spt_arms as spt_arms
from paperchecks.checks.catalog import verdict
from paperchecks.checks.registry import Verdict


def test_residual_path_fails_exact_blindness(monkeypatch, clear_caches):
    """A residual path H_i = phi(x_i W_in + y_i) in the label model: queries are no longer equivalent."""
    clear_caches(claims_module._label_grad)
    monkeypatch.setattr(claims_module, "_label_model_kwargs", lambda: {"residual": True, "pooling": "mean"})
    assert verdict("spt.label_gradient_blind_at_uniform_attention") == Verdict.FAIL


def test_last_token_pooling_fails_exact_blindness(monkeypatch, clear_caches):
    """Reading one query row (last-token pooling) instead of the mean over queries."""
    clear_caches(claims_module._label_grad)
    monkeypatch.setattr(claims_module, "_label_model_kwargs", lambda: {"residual": False, "pooling": "last"})
    assert verdict("spt.label_gradient_blind_at_uniform_attention") == Verdict.FAIL


def test_band_direction_fails_exact_blindness(monkeypatch):
    """A band (non-periodic) proximity direction in place of the circulant one leaks through the boundary."""
    monkeypatch.setattr(attention, "circulant_direction", lambda length, scale=2.0, normalize=True: attention.band_direction(length))
    assert verdict("spt.label_gradient_blind_at_uniform_attention") == Verdict.FAIL


def test_curvature_formula_without_the_softmax_factor_fails(monkeypatch):
    """delta_i = sum_j (D_ij - Dbar) V_j, dropping the 1/T of the softmax Jacobian at S = 0 (Corollary C-b)."""
    original = attention.label_curvature_closed_form

    def no_factor(params, tokens, labels, direction, *, phi):
        return original(params, tokens, labels, direction * direction.shape[0], phi=phi)

    monkeypatch.setattr(attention, "label_curvature_closed_form", no_factor)
    assert verdict("spt.label_curvature_formula") == Verdict.FAIL


def test_anti_proximity_prior_fails_the_prior_claim(monkeypatch):
    """The prior with the wrong sign, +0.3 |i - j| (attend far away): it must not match
    self-pretraining. Only this arm is retrained; the others are memoised from the quick claims."""
    monkeypatch.setattr(spt_arms, "QUICK", dataclasses.replace(spt_arms.QUICK, prior_strength=-0.3))
    assert verdict("spt.proximity_prior_matches_self_pretraining") == Verdict.FAIL


def test_a_normalised_readout_fails_the_leak_scaling(monkeypatch, clear_caches):
    """A label model whose readout is rescaled to unit norm cannot see the readout's scale: the leak
    ratio stops growing with it."""
    clear_caches(claims_module._label_grad, claims_module.residual_slopes)
    original = attention.label_logits

    def normalised(scores, params, tokens, **kw):
        return original(scores, params._replace(readout=params.readout / attention.jnp.linalg.norm(params.readout)), tokens, **kw)

    monkeypatch.setattr(attention, "label_logits", normalised)
    assert verdict("spt.residual_leak_scales_with_readout") == Verdict.FAIL
