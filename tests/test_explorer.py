"""The explorer's compute layer and page logic without a browser (issue 8)."""

import jax
import numpy as np
import panel as pn
import pytest

from paperchecks.cli import main
from paperchecks.explorer import compute
from paperchecks.explorer.app import Explorer
from paperchecks.explorer.compute import Controls
from paperchecks.sims import linreg


def test_step_size_table_matches_the_schedule_callable():
    c = Controls(dim=200, horizon=500)
    table = linreg.exact_risk(compute.problem(c), "sgd", lr=compute.lr_table(c), steps=c.horizon, averaging="uniform")
    callable_ = linreg.exact_risk(compute.problem(c), "sgd", lr=compute.schedule(c), steps=c.horizon, averaging="uniform")
    np.testing.assert_allclose(table.risk, callable_.risk, rtol=1e-13)
    with pytest.raises(ValueError, match="lr must be a 1-D array of 500 per-step values"):
        linreg.exact_risk(compute.problem(c), "sgd", lr=compute.lr_table(c)[:10], steps=c.horizon)


def test_slider_changes_reuse_the_compiled_recursion():
    compute.risk(Controls(dim=150, horizon=400, gamma=0.3))
    compiled = linreg._exact_core._cache_size()
    for gamma, multiplier, capacity in ((0.5, 0.2, 1.5), (0.9, 1.0, 2.5)):
        compute.risk(Controls(dim=150, horizon=400, gamma=gamma, multiplier=multiplier, capacity=capacity))
    assert linreg._exact_core._cache_size() == compiled


def test_controls_round_trip_through_the_query_string_and_name_bad_values():
    c = Controls(gamma=0.25, method="hb", momentum=0.5, regime="R2", lr_exponent=-0.7)
    assert Controls.from_query(c.to_query()) == c
    assert Controls().to_query() == ""
    with pytest.raises(ValueError, match="query must be keys among"):
        Controls.from_query("learning_rate=1")
    with pytest.raises(ValueError, match="gamma must be"):
        Controls(gamma=1.5)
    with pytest.raises(ValueError, match="capacity/source must be a > 1 and b > 1"):
        Controls.from_query("capacity=0.5")
    with pytest.raises(ValueError, match="dim must be a int value"):
        Controls.from_query("dim=lots")


def test_predicted_slope_and_gamma_star_are_the_anytime_formulas():
    c = Controls(capacity=2.0, source=3.0, gamma=0.25, dim=300, horizon=2000)
    s = compute.slopes(c, compute.risk(c))
    assert s.predicted == pytest.approx(min(0.75 * 2 / 2, 1 - 0.75 / 2, 0.75 * 3 / 2))
    assert s.gamma_star == pytest.approx(1 - 2 / 3)
    assert np.isfinite(s.fitted)


@pytest.mark.parametrize("regime", compute.REGIMES)
def test_lmo_power_laws_never_beat_the_optimum_and_match_it_at_the_optimal_exponents(regime):
    c = Controls(regime=regime, momentum=0.9, batch=4)
    view = compute.lmo_view(c)
    assert np.all(view.chosen >= view.optimal * (1 - 1e-9))
    assert np.max(view.chosen / view.optimal) < 1.01  # leading-order exponents, exact optimum
    worse = compute.lmo_view(Controls(regime=regime, momentum=0.9, batch=4, lr_exponent=view.optimal_exponents["lr"] + 0.2))
    assert np.all(worse.chosen >= worse.optimal * (1 - 1e-9))
    if regime != "R1":  # R1 at fixed beta = 0.9 sits on the bound's noise floor: eta barely matters there
        assert worse.chosen[-1] > 1.1 * worse.optimal[-1]


def test_snippet_rebuilds_the_schedule():
    c = Controls(family="wsd", horizon=1000, stable_fraction=0.6)
    namespace = {}
    exec(compute.snippet(c), namespace)
    steps = np.arange(0, 1000, 37)
    with jax.enable_x64(True):  # a float64 caller gets the engine's values exactly
        np.testing.assert_allclose(jax.vmap(namespace["learning_rate"])(steps), compute.lr_table(c)[steps], rtol=1e-15)
    # a float32 caller (optax's default) gets the same schedule in float32
    np.testing.assert_allclose(jax.vmap(namespace["learning_rate"])(steps), compute.lr_table(c)[steps], rtol=1e-6)


def test_page_updates_and_keeps_the_last_curves_on_a_rejected_combination(monkeypatch):
    page = Explorer(Controls(dim=100, horizon=1000))
    before = np.array(page.risk_source.data["risk"])
    page.widgets["gamma"].value = 0.8
    after = np.array(page.risk_source.data["risk"])
    assert not np.allclose(before, after) and not page.message.visible

    def reject(c):
        raise ValueError("momentum must be in [0, 1)")

    monkeypatch.setattr(compute, "risk", reject)
    page.widgets["gamma"].value = 0.3
    assert page.message.visible and "momentum must be in [0, 1)" in page.message.object
    np.testing.assert_array_equal(page.risk_source.data["risk"], after)


def test_pins_and_downloads():
    page = Explorer(Controls(dim=100, horizon=1000))
    page._pin()
    page.widgets["gamma"].value = 0.9
    page._pin()
    assert len(page.pin_source.data["xs"]) == 2
    assert page._png().read(8) == b"\x89PNG\r\n\x1a\n"
    assert "learning_rate = schedules.inverse_power(" in page._snippet_file().read()
    page._clear_pins()
    assert page.pin_source.data["xs"] == []


def test_explore_rejects_a_bad_port(capsys):
    assert main(["explore", "--port", "70000", "--no-browser"]) == 2
    assert "--port must be in [1, 65535]" in capsys.readouterr().err


def test_a_diverging_run_is_reported_as_diverged_never_as_nan():
    page = Explorer(Controls(dim=100, horizon=1000, multiplier=2.5, gamma=0.0))
    assert page._curve.diverged and page.message.visible and "**Diverged** after step" in page.message.object
    assert "| fitted slope over [T/8, T] | diverged after step" in page.table.object
    assert "nan" not in page.table.object.lower() and "inf" not in page.table.object.lower()
    assert np.isfinite(page.risk_source.data["risk"]).all() and np.isfinite(page.slope_source.data["risk"]).all()
    s = compute.slopes(page.controls, page._curve)
    assert s.fitted is None and s.note.startswith("diverged")


def test_no_prediction_line_after_divergence_and_no_hidden_momentum_line_for_sgd():
    """Issue 23: the predicted-slope line was drawn from the blown-up point; in SGD mode the 1 - beta
    line hid under the batch line."""
    page = Explorer(Controls(dim=100, horizon=1000, multiplier=2.5, gamma=0.0))
    assert page._curve.diverged and len(page.slope_source.data["step"]) == 0
    sgd = Explorer(Controls(dim=100, horizon=1000))
    assert np.isnan(sgd.schedule_source.data["one_minus_beta"]).all()
    hb = Explorer(Controls(dim=100, horizon=1000, method="hb", momentum=0.5))
    assert np.allclose(hb.schedule_source.data["one_minus_beta"], 0.5)


def test_per_horizon_schedules_are_not_compared_with_one_runs_slope():
    c = Controls(family="cosine", dim=100, horizon=1000)
    s = compute.slopes(c, compute.risk(c))
    assert s.fitted is None and s.note.startswith("n/a")
    assert "| fitted slope over [T/8, T] | n/a" in Explorer(c).table.object


def test_a_bad_link_falls_back_to_the_defaults_with_a_notice():
    from paperchecks.explorer.app import app

    layout = app("?schedule=cosine")
    notices = [p for p in layout.select(pn.pane.Alert) if p.name == "url-notice"]
    assert notices and notices[0].visible and "schedule" in notices[0].object and "defaults" in notices[0].object
