"""LMO scaling laws: the public API of theory.lmo (signature kept for outside checks), the
simulator's conventions, the schedule helper and its CLI."""

import json
import math
import re

import jax
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperchecks.cli import main
from paperchecks.sims import lmo as sims
from paperchecks.theory import lmo as theory

UNIT = {"delta": 1.0, "L": 1.0, "sigma": 1.0}


def test_optimal_hyperparameters_returns_the_four_keys_at_the_reference_point():
    r = theory.optimal_hyperparameters("R4", budget=1e12, **UNIT)
    assert set(r) == {"lr", "momentum", "batch", "bound"}
    assert r["batch"] == pytest.approx(141.413, rel=1e-5)
    assert 1 - r["momentum"] == pytest.approx(2.00004e-4, rel=1e-5)


@pytest.mark.parametrize(
    ("regime", "kw", "message"),
    [
        ("R5", {}, "regime must be one of"),
        ("R1", {"batch": 8.0}, "momentum must be given"),
        ("R2", {"batch": 8.0, "momentum": 0.9}, "momentum must be None"),
        ("R3", {"momentum": 1.0}, "momentum must be in [0, 1)"),
        ("R4", {"batch": 4.0}, "batch must be None"),
        ("R2", {"batch": 0.5}, "batch must be a finite number >= 1"),
        ("R4", {"constants": (2, 2, 2, -2)}, "A2 + A3 > 0"),
        ("R4", {"constants": (2, 2, 2)}, "constants must be (A0, A1, A2, A3)"),
        ("R4", {"sigma": math.nan}, "sigma must be a finite number > 0"),
    ],
)
def test_bad_input_names_the_parameter(regime, kw, message):
    args = {**UNIT, "budget": 1e6} | kw
    with pytest.raises(ValueError, match=re.escape(message)):
        theory.optimal_hyperparameters(regime, **args)


def test_leading_order_refuses_beyond_the_critical_batch_and_without_a0_a3():
    with pytest.raises(ValueError, match="B_crit"):
        theory.optimal_hyperparameters("R2", budget=1e3, batch=1e4, exact=False, **UNIT)
    with pytest.raises(ValueError, match="A0 > 0 and A3 > 0"):
        theory.optimal_hyperparameters("R4", budget=1e12, exact=False, constants=(0, 2, 2, 0.5), **UNIT)


@given(st.floats(-1, 1), st.floats(-1, 1), st.floats(-1, 1), st.floats(9, 13))
def test_r4_exact_optimum_is_a_minimum_of_phi(log_delta, log_l, log_sigma, log_t):
    """No perturbation of (eta, beta, B) at fixed T lowers Phi below the reported optimum."""
    params = {"delta": 10**log_delta, "L": 10**log_l, "sigma": 10**log_sigma}
    tokens = 10**log_t
    r = theory.optimal_hyperparameters("R4", budget=tokens, **params)
    phi = theory.bound(r["lr"], r["momentum"], r["batch"], tokens / r["batch"], **params)
    assert phi == pytest.approx(r["bound"], rel=1e-12)
    for factors in ((1.01, 1, 1), (0.99, 1, 1), (1, 1.01, 1), (1, 0.99, 1), (1, 1, 1.05), (1, 1, 0.95)):
        lr, alpha, batch = r["lr"] * factors[0], min((1 - r["momentum"]) * factors[1], 1.0), max(r["batch"] * factors[2], 1.0)
        assert theory.bound(lr, 1 - alpha, batch, tokens / batch, **params) >= r["bound"] * (1 - 1e-13)


def test_transfer_applies_the_constant_free_rules_with_clamps():
    tuned = {"lr": 1e-3, "momentum": 0.9, "batch": 64.0}
    moved = theory.transfer("R4", tuned, 1e9, 64e9)
    assert moved["lr"] == pytest.approx(1e-3 * 64 ** (-7 / 12))
    assert 1 - moved["momentum"] == pytest.approx(0.1 * 64 ** (-1 / 3))
    assert moved["batch"] == pytest.approx(64 * 64 ** (1 / 6))
    assert theory.transfer("R2", tuned, 1e6, 1e2)["momentum"] == 0.0  # 1 - beta clamped at 1
    with pytest.raises(ValueError, match="missing"):
        theory.transfer("R2", {"lr": 1.0}, 1, 2)


def test_simulator_rejects_bad_hyperparameters():
    p = sims.NoisyQuadratic.diagonal(np.linspace(0.1, 1, 4), 1.0)
    key = jax.random.key(0)
    for kw, message in (({"lr": -1.0}, "lr must be"), ({"momentum": 1.0}, "momentum must be"), ({"batch": 0.0}, "batch must be")):
        args = {"lr": 0.1, "momentum": 0.5, "batch": 1.0} | kw
        with pytest.raises(ValueError, match=message):
            sims.simulate(p, "l2", steps=3, seeds=2, key=key, **args)
    with pytest.raises(ValueError, match="geometry must be"):
        sims.simulate(p, "l1", lr=0.1, momentum=0.5, batch=1.0, steps=3, seeds=2, key=key)
    with pytest.raises(ValueError, match="'spectral' on row-scaled matrix problems"):
        p.constants("spectral")


def test_simulation_is_deterministic_and_grid_independent():
    p = sims.bound_problems()["l2"]
    key = jax.random.key(3)
    one = sims.simulate(p, "l2", lr=1e-2, momentum=0.9, batch=4.0, steps=50, seeds=3, key=key)
    grid = sims.simulate(p, "l2", lr=[1e-3, 1e-2], momentum=0.9, batch=4.0, steps=50, seeds=3, key=key)
    np.testing.assert_array_equal(one.mean_dual_grad, grid.mean_dual_grad[1])


def test_init_modes_differ_only_in_the_first_momentum():
    """'exact' removes the initial momentum error; 'zero' scales the first direction, which an LMO
    ignores for l2 (so zero and matched coincide there)."""
    p = sims.bound_problems()["l2"]
    key = jax.random.key(1)
    runs = {
        init: sims.simulate(p, "l2", lr=1e-2, momentum=0.9, batch=1.0, steps=3, seeds=2, key=key, init=init, trace=True)
        for init in sims.INITS
    }
    assert np.all(runs["exact"].momentum_error[..., 0] == 0)
    np.testing.assert_allclose(runs["zero"].dual_grad[..., :2], runs["matched"].dual_grad[..., :2], rtol=1e-14)


def test_schedule_rounds_the_batch_and_retunes():
    with jax.enable_x64(True):  # the schedule follows the caller's dtype; exact equality needs float64
        run = sims.lmo_schedule("R4", budget=1e12, **UNIT)
        assert run.batch == 141.0 and run.steps == round(1e12 / 141)
        assert float(run.learning_rate(10)) == run.lr
        continuous = sims.lmo_schedule("R4", budget=1e12, integer_batch=False, **UNIT)
        assert run.bound >= continuous.bound * (1 - 1e-12)
        assert "momentum beta" in run.table()


def test_cli_schedule_prints_json_and_rejects_mixed_budgets(capsys):
    assert (
        main(["schedule", "lmo", "--regime", "R2", "--steps", "1e5", "--batch", "8", "--delta", "1", "--L", "1", "--sigma", "1", "--json"])
        == 0
    )
    row = json.loads(capsys.readouterr().out)
    assert row["lr"] == pytest.approx(2.52634e-4, rel=1e-5) and row["steps"] == 100000
    assert main(["schedule", "lmo", "--regime", "R4", "--steps", "1e5", "--delta", "1", "--L", "1", "--sigma", "1"]) == 2
    assert "--tokens" in capsys.readouterr().err
