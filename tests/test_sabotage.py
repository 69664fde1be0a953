"""Deliberately broken formulas must turn the engine's claims to FAIL (docs/design.md: a check that
cannot fail is a defect)."""

import pytest

import paperchecks.sims.linreg as engine
from paperchecks.checks.catalog import verdict
from paperchecks.checks.registry import Verdict


def _no_coupling(lam, inv_batch):
    """Drops the rank-one tr(H A) H coupling between directions."""
    g = inv_batch * lam
    return g * lam, 0.0, g


def _no_fourth_moment_correction(lam, inv_batch):
    """(1 + 1/B) -> 1 in the fourth moment: drops lambda^2 a / B."""
    g = inv_batch * lam
    return 0.0, g, g


def _averaging_without_cross_moments(rho, avg_state, T, new_state):
    """Treats the averaged iterate as uncorrelated with the current one (D_t = 0)."""
    a_bar, c0, c1 = avg_state
    a_bar = (1.0 - rho) ** 2 * a_bar + rho * rho * new_state[0]
    return a_bar, c0, c1


@pytest.mark.parametrize(
    ("target", "replacement", "claim_id"),
    [
        ("gradient_noise_coefficients", _no_coupling, "linreg.monte_carlo_agrees_with_exact"),
        ("gradient_noise_coefficients", _no_fourth_moment_correction, "linreg.monte_carlo_agrees_with_exact"),
        ("gradient_noise_coefficients", _no_coupling, "linreg.exact_matches_dense_operator"),
        ("gradient_noise_coefficients", _no_fourth_moment_correction, "linreg.exact_matches_reference_values"),
        ("_average_step", _averaging_without_cross_moments, "linreg.monte_carlo_agrees_with_exact"),
    ],
    ids=["no-coupling-mc", "no-1/B-mc", "no-coupling-dense", "no-1/B-reference", "no-cross-moment-mc"],
)
def test_sabotaged_engine_fails_claim(monkeypatch, fresh_jit, target, replacement, claim_id):
    monkeypatch.setattr(engine, target, replacement)
    assert verdict(claim_id) == Verdict.FAIL


def test_wrong_hb_initial_velocity_fails_reference(monkeypatch, fresh_jit):
    """HB started from e_{-1} = 0 (w_{-1} = w*) instead of w_{-1} = w_0: a wrong initial condition."""
    from paperchecks.sims import methods

    original = methods.initial_second_state
    monkeypatch.setattr(engine, "initial_second_state", lambda method, s0: (0.0 * s0, 0.0 * s0) if method == "hb" else original(method, s0))
    assert verdict("linreg.exact_matches_reference_values") == Verdict.FAIL
