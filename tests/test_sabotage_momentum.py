"""Deliberately broken formulas must turn the momentum paper's claims to FAIL (docs/design.md: a check
that cannot fail is a defect). Each test breaks one ingredient the way a derivation error would."""

import jax.numpy as jnp
import pytest

import paperchecks.checks.momentum as claims_module
import paperchecks.sims.momentum as secular
import paperchecks.sims.stability as stability
from paperchecks.checks.catalog import verdict
from paperchecks.checks.registry import Verdict
from paperchecks.theory import momentum as theory


@pytest.fixture
def fresh_caches(clear_caches):
    """The claims cache tuned sweeps; a sabotage must not see (or leave) results of the real code."""
    clear_caches(secular.tuned_sweep)


def _phi_without_coupling(parts, scale, edge, g):
    """Drops the rank-one tr(H A) H coupling: the radius becomes that of the worst single block."""
    numerator, denominator = stability._response_fraction(parts, g)
    u = scale * numerator / denominator
    valid = (g < edge) & jnp.all((u >= 0.0) & (u < 1.0))
    return jnp.where(valid, jnp.max(u / jnp.where(u < 1.0, 1.0 - u, 1.0)) - 1.0, jnp.inf)


def test_dropping_rank_one_coupling_fails_radius(monkeypatch, fresh_caches):
    monkeypatch.setattr(stability, "_phi", _phi_without_coupling)
    assert verdict("momentum.radius_three_ways") == Verdict.FAIL


def test_kappa_instead_of_sqrt_kappa_fails_hb_bound(monkeypatch, fresh_caches):
    """4/kappa where 4/sqrt(kappa) belongs in the HB gap bound (docs/papers/momentum.md §5.3)."""
    monkeypatch.setattr(theory, "hb_gap_upper_bound", lambda batch, mu, trace, kappa: min(8.0 * batch * mu / trace, 4.0 / kappa))
    assert verdict("momentum.hb_gap_bound") == Verdict.FAIL


def test_asgd_tuned_without_small_alpha_fails_table_b(monkeypatch, fresh_caches):
    """ASGD tuned without alpha = 0 and without alpha near 0 (alpha lambda_1 >= 1e-2): at large B,
    where HB-like settings are best, g*_ASGD falls 8 % below Table B (B = 1024: 1.28 x HB, not 1.42 x)."""
    original = secular.tuned_gap
    kidambi_like = secular.TuningGrid(alpha=(1e-2, 10.0))
    monkeypatch.setattr(
        secular,
        "tuned_gap",
        lambda lam, method, batch, include_hb=True, grid=None: original(lam, method, batch, include_hb=False, grid=kidambi_like),
    )
    assert verdict("momentum.table_b_gaps") == Verdict.FAIL


def test_wrong_heuristic_exponent_fails(monkeypatch, fresh_caches):
    """-a^2/(2a) instead of -a^2/(2a - 1) for ASGD's small-batch exponent."""
    monkeypatch.setattr(theory, "asgd_small_batch_exponents", lambda a: {"asgd": -a / 2.0, "hb": -a, "ratio": a / 2.0, "batch": 0.5})
    assert verdict("momentum.asgd_small_batch_exponents") == Verdict.FAIL


def test_wrong_full_batch_constant_fails_limits(monkeypatch, fresh_caches):
    """2 sqrt(kappa)/(sqrt(kappa)+1)^2: the modulus gap instead of the squared one."""
    original = theory.deterministic_gap_value
    monkeypatch.setattr(theory, "deterministic_gap_value", lambda m, k: original(m, k) / 2.0 if m != "sgd" else original(m, k))
    assert verdict("momentum.deterministic_limits") == Verdict.FAIL


def test_wrong_kidambi_map_fails_equivalence(monkeypatch, fresh_caches):
    """zeta alpha_K swapped for alpha_K in the momentum coefficient of the §3.4 map."""
    original = claims_module.kidambi_to_momentum

    def swapped(lr, kappa=1000.0, xi=10.0, c=0.7):
        mapped = original(lr, kappa=kappa, xi=xi, c=c)
        return {**mapped, "momentum": 1.0 - c * c * xi / kappa}

    monkeypatch.setattr(claims_module, "kidambi_to_momentum", swapped)
    assert verdict("momentum.kidambi_momentum_equivalence") == Verdict.FAIL


def test_wrong_stein_response_fails_closed_forms(monkeypatch, fresh_caches):
    """A transition matrix with the momentum entry of the wrong sign."""
    original = theory.transition_matrix

    def wrong(method):
        T, q = original(method)
        return (T.subs(theory.beta, -theory.beta) if method == "hb" else T), q

    monkeypatch.setattr(theory, "transition_matrix", wrong)
    theory.noise_response.cache_clear()
    try:
        assert verdict("momentum.closed_forms_match_stein") == Verdict.FAIL
    finally:
        theory.noise_response.cache_clear()


def test_halved_fourth_moment_in_the_engine_fails_radius(monkeypatch, fresh_caches):
    """The issue's hand sabotage: the engine's Gaussian fourth-moment term 2 H A H at half weight. The
    secular and dense routes do not use the engine, so its late-time ratio must disagree at 1e-9."""
    import paperchecks.sims.linreg as engine

    original = engine.gradient_noise_coefficients

    def halved(lam, inv_batch):
        g_a, g_tr, g_sigma = original(lam, inv_batch)
        return 0.5 * g_a, g_tr, g_sigma

    monkeypatch.setattr(engine, "gradient_noise_coefficients", halved)
    assert verdict("momentum.radius_three_ways") == Verdict.FAIL
