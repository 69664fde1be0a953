"""SPT blindness: model conventions and input validation of sims.attention and sims.spt_task."""

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from paperchecks.sims import attention, spt_arms, spt_task


def test_uniform_attention_averages_values():
    """At S = 0 every query sees the mean of the values (the identical-row point of Prop. 1)."""
    with jax.enable_x64(True):  # the expected value is float64 JAX arithmetic of the test itself
        params, tokens, labels = attention.label_problem(np.random.default_rng(0), jax.random.key(0), 8, 4)
        logits = attention.label_logits(jnp.zeros((8, 8)), params, tokens, phi="id")
        expected = (tokens.mean(axis=1) @ params.value) @ params.readout + params.bias
        np.testing.assert_allclose(logits, expected, rtol=1e-12)


def test_directions_have_the_advertised_structure():
    rng = np.random.default_rng(1)
    circulant = attention.circulant_direction(16)
    balanced = attention.balanced_direction(rng, 16)
    column = attention.column_direction(rng, 16)
    for d in (circulant, balanced, column, attention.band_direction(16)):
        assert np.linalg.norm(d) == pytest.approx(1.0)
    assert np.ptp(circulant.sum(axis=0)) < 1e-12 and np.ptp(balanced.sum(axis=0)) < 1e-12
    assert np.allclose(column, column[0]) and abs(column[0].sum()) < 1e-12


def test_fourier_pe_is_zero_mean_and_validated():
    assert np.max(np.abs(attention.fourier_pe(32, 4).sum(axis=0))) < 1e-12
    with pytest.raises(ValueError, match="frequencies must be in"):
        attention.fourier_pe(8, 4)


def test_bad_model_options_name_the_parameter():
    params, tokens, _ = attention.label_problem(np.random.default_rng(0), jax.random.key(0), 8, 4)
    with pytest.raises(ValueError, match="phi must be one of"):
        attention.label_logits(jnp.zeros((8, 8)), params, tokens, phi="gelu")
    with pytest.raises(ValueError, match="pooling must be one of"):
        attention.label_logits(jnp.zeros((8, 8)), params, tokens, pooling="cls")
    with pytest.raises(ValueError, match="kind must be 'cls' or 'mlm'"):
        spt_task.train(spt_task.init_seeds([0]), "lm", 1, seeds=[0])


def test_masked_positions_keep_their_position_encoding():
    """Masking replaces the content embedding only (§7 pitfall 8): two masked sequences with
    different contents give identical outputs."""
    p = spt_task.init_params(jax.random.key(0))
    x = jnp.stack([jnp.zeros(32), jnp.ones(32)])
    mask = jnp.ones((2, 32), bool)
    h, _ = spt_task.forward(p, x, mask)
    np.testing.assert_allclose(h[0], h[1], rtol=1e-6)
    assert float(jnp.std(h[0], axis=0).mean()) > 0.01  # positions still differ through the PE


def test_protocol_validation_names_the_parameter():
    q = spt_arms.QUICK
    with pytest.raises(ValueError, match="cls_steps must be a multiple of eval_every"):
        dataclasses.replace(q, cls_steps=300)
    with pytest.raises(ValueError, match="reset_seeds must be a subset of seeds"):
        dataclasses.replace(q, reset_seeds=(9,))
    with pytest.raises(ValueError, match="mlm_steps must be a positive integer"):
        dataclasses.replace(q, mlm_steps=0)
    with pytest.raises(ValueError, match="prior_strength must be a finite number"):
        dataclasses.replace(q, prior_strength=float("nan"))
    with pytest.raises(ValueError, match="arm must be one of"):
        spt_arms.arm(q, "warm_start")
    moved = spt_arms.FULL.shifted(10)
    assert moved.seeds == tuple(range(10, 17)) and moved.reset_seeds == (14, 15, 16)


def test_proximity_bias_is_minus_strength_times_distance():
    bias = np.asarray(spt_arms.proximity_bias(0.3))
    assert bias.shape == (32, 32) and bias[0, 0] == 0 and bias[3, 7] == pytest.approx(-1.2) and np.allclose(bias, bias.T)
