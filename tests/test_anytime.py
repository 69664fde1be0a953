"""Unit tests of the shared schedules and the anytime theory."""

import math

import numpy as np
import pytest

from paperchecks.sims import schedules
from paperchecks.theory import anytime as theory


def test_schedules_follow_the_paper_indexing():
    """optax convention: step k is the paper's t = k + 1."""
    assert schedules.inverse_power(1.0, 0.5)(0) == pytest.approx(1.0)
    assert schedules.inverse_power(1.0, 0.5)(3) == pytest.approx(0.5)
    assert schedules.inverse_power(2.0, 0.5, offset=100.0, normalize_offset=True)(0) == pytest.approx(2.0 * math.sqrt(100 / 101))
    cos = schedules.cosine(1.0, 100)
    assert float(cos(0)) == pytest.approx(1.0) and float(cos(100)) == pytest.approx(0.0, abs=1e-15)
    wsd = schedules.wsd(1.0, 10, 0.8)
    values = np.array([float(wsd(k)) for k in range(10)])
    np.testing.assert_allclose(values, [1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.0])
    assert float(schedules.wsd(1.0, 10, 0.8, cooldown="sqrt")(8)) == pytest.approx(1 - math.sqrt(0.5))
    np.testing.assert_allclose(np.asarray(schedules.linear_decay(1.0, 4)(np.arange(5))), [1, 0.75, 0.5, 0.25, 0])


@pytest.mark.parametrize(
    ("factory", "kwargs", "name"),
    [
        (schedules.constant, {"value": 0.0}, "value"),
        (schedules.inverse_power, {"value": 1.0, "decay": 1.5}, "decay"),
        (schedules.inverse_power, {"value": 1.0, "decay": 0.5, "offset": 0.0, "normalize_offset": True}, "offset"),
        (schedules.cosine, {"value": 1.0, "horizon": 0}, "horizon"),
        (schedules.wsd, {"value": 1.0, "horizon": 10, "cooldown": "cubic"}, "cooldown"),
        (schedules.wsd, {"value": 1.0, "horizon": 10, "stable_fraction": 1.0}, "stable_fraction"),
    ],
)
def test_bad_schedule_arguments(factory, kwargs, name):
    with pytest.raises(ValueError, match=name):
        factory(**kwargs)


def test_gamma_star_and_exponents():
    assert theory.gamma_star(2.0, 3.0) == pytest.approx(1 / 3)
    assert theory.gamma_star(2.0, 1.5) == 0.0
    assert theory.exponent("predicted", 1.5, 4.5, 2 / 3) == pytest.approx(4 / 9)
    with pytest.raises(ValueError, match="capacity"):
        theory.exponent("rate", 0.5, 2.0)
    with pytest.raises(ValueError, match="name"):
        theory.exponent("nonsense", 2.0, 3.0)


def test_critical_step_and_equivalent_schedule():
    lam = np.arange(1, 20001) ** -2.0
    assert theory.critical_constant_step(lam) * lam.sum() == pytest.approx(1.005, abs=2e-3)
    schedule = theory.equivalent_decaying_schedule(0.3, 10)
    assert schedule[0] == pytest.approx(0.3) and schedule[-1] == pytest.approx(0.03)


def test_noise_floor_and_tuned_minimum_refuse_bad_input_by_name():
    """sims.anytime.additive_noise_floor and tuned_minimum: ValueError naming the parameter; the floor
    at step 0 is 0 (e_0 carries no label noise)."""
    from paperchecks.sims.anytime import additive_noise_floor, tuned_minimum
    from paperchecks.sims.problem import Problem

    p = Problem.power_law(10, capacity=1.5, source=2.0, noise_var=1.0)
    for kwargs, name in (
        ({"lr": -0.1, "horizon": 10, "record": [10]}, "lr"),
        ({"lr": float("nan"), "horizon": 10, "record": [10]}, "lr"),
        ({"lr": 0.1, "horizon": 0, "record": [1]}, "horizon"),
        ({"lr": 0.1, "horizon": 10, "record": [20]}, "record"),
        ({"lr": 0.1, "horizon": 10, "record": [10], "averaging": "poly:0"}, "averaging"),
    ):
        with pytest.raises(ValueError, match=f"^{name} must be"):
            additive_noise_floor(p, **kwargs)
    with pytest.raises(ValueError, match="^p must be"):
        additive_noise_floor("problem", 0.1, 10, [10])
    assert additive_noise_floor(p, 0.1, 10, [0, 10])[0] == 0.0
    with pytest.raises(ValueError, match="^log2_grid must bracket"):
        tuned_minimum(lambda m: m, np.arange(-3.0, 0.1, 0.5))
