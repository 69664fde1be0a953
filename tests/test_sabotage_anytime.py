"""Deliberately broken formulas must turn the anytime paper's claims to FAIL (docs/design.md)."""

import pytest

import paperchecks.checks.anytime as claims_module
import paperchecks.sims.anytime as anytime_sims
import paperchecks.sims.linreg as engine
from paperchecks.checks.catalog import verdict
from paperchecks.checks.registry import Verdict
from paperchecks.theory import anytime as theory


@pytest.fixture
def fresh_caches(clear_caches):
    """Claims memoise the envelope and WSD sweeps and the figure-3 curves; a sabotage must not share them."""
    clear_caches(
        anytime_sims.tuned_envelope,
        anytime_sims.figure_three_curves,
        claims_module._tuned_constant_multipliers,
        claims_module._wsd_fixed,
        claims_module._wsd_tuned,
        claims_module._probe_b_above_2a,
    )


def test_wrong_gamma_star_fails_minimax_slope(monkeypatch, fresh_caches):
    """gamma* = max(1 - a/(2b), 0) instead of max(1 - a/b, 0)."""
    monkeypatch.setattr(theory, "gamma_star", lambda a, b: max(1.0 - a / (2.0 * b), 0.0))
    assert verdict("anytime.optimal_gamma_reaches_minimax_slope") == Verdict.FAIL


def test_averaging_turned_off_fails_gamma_star_steepest(monkeypatch, fresh_caches):
    """The last iterate where the claim needs the averaged one. (Check 4 at sigma^2 = 0.01 would not
    notice: its slope over [2^14, 2^18] is bias dominated with or without averaging.)"""
    original = claims_module.fitted_slope
    monkeypatch.setattr(claims_module, "fitted_slope", lambda *args, **kw: original(*args, **{**kw, "averaging": "none"}))
    assert verdict("anytime.gamma_star_is_asymptotically_steepest") == Verdict.FAIL


def test_dropped_cross_moment_fails_official_numbers(monkeypatch, fresh_caches):
    """Averaged iterate treated as uncorrelated with the current one (D_t = 0 in docs/papers/anytime.md §5.2)."""

    def no_cross_moment(rho, avg_state, T, new_state):
        a_bar, c0, c1 = avg_state
        return (1.0 - rho) ** 2 * a_bar + rho * rho * new_state[0], c0, c1

    monkeypatch.setattr(engine, "_average_step", no_cross_moment)
    assert verdict("anytime.reproduces_official_figure_numbers") == Verdict.FAIL


def test_noiseless_bias_exponent_instead_of_floor_fails(monkeypatch, fresh_caches):
    """Predicting the noiseless constant-step slope from the bias alone, (b-1)/a, without the early-noise floor."""
    original = theory.exponent
    monkeypatch.setattr(
        theory, "exponent", lambda name, a, b, g=0.0: (b - 1) / a if name == "noiseless_constant" else original(name, a, b, g)
    )
    assert verdict("anytime.noiseless_early_noise_floor") == Verdict.FAIL


def test_wrong_theorem_two_exponent_fails(monkeypatch, fresh_caches):
    """Theorem 2's WSD rate written min((b-1)/a, 1-1/a) with a lost factor: (b-1)/(2a)."""
    original = theory.exponent
    monkeypatch.setattr(theory, "exponent", lambda name, a, b, g=0.0: (b - 1) / (2 * a) if name == "wsd" else original(name, a, b, g))
    assert verdict("anytime.wsd_matches_theorem_two") == Verdict.FAIL


def test_halved_label_noise_in_the_engine_fails_the_noise_floor(monkeypatch, fresh_caches):
    """The issue's hand sabotage: the engine injects sigma^2 / 2 instead of sigma^2 (every slope claim
    passed it). The proven lower bound is computed apart from the engine, so the averaged risk falls
    below it."""
    original = engine.gradient_noise_coefficients

    def halved(lam, inv_batch):
        g_a, g_tr, g_sigma = original(lam, inv_batch)
        return g_a, g_tr, 0.5 * g_sigma

    monkeypatch.setattr(engine, "gradient_noise_coefficients", halved)
    assert verdict("anytime.early_noise_floor_bounds_averaged_risk") == Verdict.FAIL


def test_floor_without_the_average_fails_its_tightness(monkeypatch, fresh_caches):
    """A floor computed for the last iterate instead of the averaged one is no longer tight (or no
    longer a lower bound): the inequality claim must notice."""
    original = claims_module.additive_noise_floor
    monkeypatch.setattr(claims_module, "additive_noise_floor", lambda *args, **kw: original(*args[:4], averaging="none"))
    assert verdict("anytime.early_noise_floor_bounds_averaged_risk") == Verdict.FAIL


def test_tuned_wsd_against_a_wrong_step_exponent_fails(monkeypatch, fresh_caches):
    """The tuned step predicted to shrink like N^-(1 - a/(2b)) instead of N^-(1 - a/b)."""
    monkeypatch.setattr(theory, "gamma_star", lambda a, b: max(1.0 - a / (2.0 * b), 0.0))
    assert verdict("anytime.wsd_tuned_reaches_minimax_rate") == Verdict.FAIL


def test_poly_weight_off_by_one_fails_the_averaging_definition(monkeypatch, fresh_caches):
    """rho_t = min(c, t)/(t + 1) for poly:c (the first mutation run's survivor)."""
    import jax.numpy as jnp

    from paperchecks.sims.averaging import Averaging

    original = Averaging.weight

    def shifted(self, t):
        return jnp.minimum(self.param, t) / (jnp.asarray(t, dtype=jnp.float64) + 1.0) if self.kind == "poly" else original(self, t)

    monkeypatch.setattr(Averaging, "weight", shifted)
    assert verdict("anytime.averaging_weights_match_definitions") == Verdict.FAIL


def test_quadratic_wsd_cooldown_fails_the_schedule_definitions(monkeypatch, fresh_caches):
    """WSD's linear cooldown replaced by the 1 - sqrt one (the first mutation run's survivor)."""
    from paperchecks.sims import schedules

    original = schedules.wsd
    monkeypatch.setattr(
        schedules, "wsd", lambda value, horizon, stable_fraction=0.8, cooldown="linear": original(value, horizon, stable_fraction, "sqrt")
    )
    assert verdict("anytime.schedules_match_definitions") == Verdict.FAIL
