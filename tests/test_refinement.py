"""The refinement paper's toolkit face: the bound's conventions and numerics, the refined and optimal
schedules, the Monte Carlo problem, the PEP worst case, the CLI and the explorer's bound
(docs/papers/refinement.md)."""

import json

import jax
import numpy as np
import pytest

from paperchecks import cli
from paperchecks.explorer import compute
from paperchecks.sims import refinement
from paperchecks.sims.worst_case import worst_case_last_iterate
from paperchecks.theory import refinement as theory


def test_constant_step_reference_terms_and_harmonic_closed_form():
    lr = np.full(10, 0.5)
    a, b = theory.bound_parts(lr)
    assert a == pytest.approx(0.1, abs=1e-16)
    assert b == pytest.approx(0.25 + 0.7072420634920634, abs=1e-15)
    assert float(refinement.last_iterate_bound(lr)) == pytest.approx(1.0572420634920634, abs=1e-15)


def test_bound_batches_over_schedules_and_matches_one_at_a_time():
    rng = np.random.default_rng(0)
    lr = np.exp(rng.normal(size=(3, 4, 25)))
    batched = np.asarray(refinement.last_iterate_bound(lr, grad_norms=np.linspace(1, 2, 25), distance=2.0))
    assert batched.shape == (3, 4) and batched.dtype == np.float64
    one = float(refinement.last_iterate_bound(lr[1, 2], grad_norms=np.linspace(1, 2, 25), distance=2.0))
    assert batched[1, 2] == one


def test_reversed_cumulative_tails_beat_total_minus_cumsum():
    """Spec §1: S_k computed as total - cumsum loses ~1e-12 on cosine; the reversed sums do not."""
    shape = refinement.schedule_shape("cosine", 4000)
    exact = np.array([sum(map(float, shape[k:].tolist()[::-1])) for k in range(0, 4000, 400)])
    tails = np.cumsum(shape[::-1])[::-1][::400]
    assert np.max(np.abs(tails - exact) / exact) < 1e-13


def test_bound_is_differentiable_and_tuned_step_is_stationary():
    with jax.enable_x64(True):
        shape = refinement.schedule_shape("linear", 30)
        bound, base = refinement.tuned_last_iterate_bound(shape)
        derivative = jax.grad(lambda c: refinement.last_iterate_bound(c * shape))(float(base))
        assert abs(float(derivative)) < 1e-10
        gradient = jax.grad(lambda lr: refinement.last_iterate_bound(lr))(float(base) * shape)
        assert gradient.shape == (30,) and np.all(np.isfinite(gradient))


def test_float32_transformations_are_refused():
    from paperchecks.sims.precision import Float64Required

    with pytest.raises(Float64Required):
        jax.grad(lambda lr: refinement.last_iterate_bound(lr))(np.ones(5, dtype=np.float32))


def test_shapes_follow_the_length_t_plus_one_convention():
    np.testing.assert_allclose(refinement.schedule_shape("linear", 4), [1.0, 0.75, 0.5, 0.25])
    np.testing.assert_allclose(refinement.schedule_shape("wsd:0.5", 4), [1.0, 1.0, 1.0, 0.5])
    np.testing.assert_allclose(refinement.schedule_shape("inverse_power:0.5", 4), 1 / np.sqrt([1, 2, 3, 4]))
    np.testing.assert_allclose(refinement.schedule_shape("cosine", 2), [1.0, 0.5], atol=1e-16)


def test_refined_schedule_ends_at_zero_and_warms_up_for_falling_norms():
    w = refinement.refined_schedule(np.arange(1, 52) ** -1.0)
    assert w[-1] == 0.0 and np.argmax(w) > 10 and w.max() == 1.0


def test_optimal_schedule_beats_linear_and_is_scale_free():
    best = refinement.optimal_schedule(20)
    linear, _ = refinement.tuned_last_iterate_bound(refinement.schedule_shape("linear", 20))
    assert best.bound < float(linear)
    again, _ = refinement.tuned_last_iterate_bound(7.0 * best.shape)
    assert float(again) == pytest.approx(best.bound, rel=1e-12)


def test_monte_carlo_is_deterministic_and_uses_common_draws():
    lr = np.stack([np.full(6, 0.2), np.full(6, 0.1)])
    one = refinement.monte_carlo_suboptimality(jax.random.key(3), lr, dim=4, seeds=16)
    two = refinement.monte_carlo_suboptimality(jax.random.key(3), lr, dim=4, seeds=16)
    assert one.shape == (2, 16) and np.array_equal(one, two)
    first = refinement.monte_carlo_suboptimality(jax.random.key(3), lr[0], dim=4, seeds=16)
    np.testing.assert_array_equal(first, one[0])


def test_monte_carlo_without_steps_is_the_start():
    start = refinement.monte_carlo_suboptimality(jax.random.key(0), np.array([0.3]), dim=9, seeds=4, distance=2.0)
    np.testing.assert_allclose(start, np.sqrt(2 / np.pi) * 2.0 / 3.0)


def test_worst_case_reads_the_bounds_index_convention():
    """Spec §5: eta_1..eta_{T-1} step; the last entry takes no step."""
    shape = refinement.schedule_shape("inverse_power:0.5", 60)
    _, base = refinement.tuned_last_iterate_bound(shape)
    lr = float(base) * shape
    assert worst_case_last_iterate(lr[:6]) == pytest.approx(0.432685, rel=2e-6)
    assert worst_case_last_iterate(np.append(lr[:5], 123.0)) == pytest.approx(0.432685, rel=2e-6)


def test_cli_bound_json_matches_the_library(capsys):
    assert cli.main(["schedule", "bound", "--schedule", "linear", "--steps", "60", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["bound"] == pytest.approx(0.2648088366, abs=1e-10)
    assert result["refined"]["bound"] == pytest.approx(result["bound"], rel=1e-12)  # constant norms: refinement is linear


def test_cli_reads_a_csv_column_and_names_a_bad_line(tmp_path, capsys):
    good = tmp_path / "norms.csv"
    good.write_text("step,gnorm\n" + "".join(f"{t},{1.0 if t <= 50 else 2.0}\n" for t in range(1, 102)))
    assert cli.main(["schedule", "bound", "--steps", "100", "--grad-norms", str(good), "--column", "gnorm", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["refined"]["bound"] == pytest.approx(0.25775, abs=5e-6)
    assert result["bound"] == pytest.approx(0.32495, abs=5e-6)
    bad = tmp_path / "bad.txt"
    bad.write_text("1.0\n0.5\n\nnan\n")
    assert cli.main(["schedule", "bound", "--steps", "3", "--grad-norms", str(bad)]) == 2
    assert "line 4" in capsys.readouterr().err


def test_explorer_shows_the_bound_of_any_family():
    for family in compute.FAMILIES:
        view = compute.bound_view(compute.Controls(family=family, horizon=1000))
        assert 0 < view.refined_bound <= view.bound * (1 + 1e-12) and view.base_step > 0
    linear = compute.bound_view(compute.Controls(family="linear", horizon=1000))
    assert linear.bound == pytest.approx(
        float(refinement.tuned_last_iterate_bound(refinement.schedule_shape("linear", 1000))[0]), rel=1e-12
    )
    falling = compute.bound_view(compute.Controls(family="linear", horizon=1000, grad_profile="t^-0.5"))
    assert falling.refined_bound < 0.9 * falling.bound
