"""Lion-K: the public simulator signature (kept for outside checks), input validation, the K table."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from paperchecks.sims.lion import run_discrete, solve_continuous
from paperchecks.sims.lion_problems import plane_quadratic
from paperchecks.theory import lion as theory


def test_run_discrete_keeps_its_signature_and_paper_convention():
    with jax.enable_x64(True):  # the reference gradient is float64 JAX arithmetic of the test itself
        objective = plane_quadratic()
        tr = run_discrete(
            objective.grad,
            np.array([0.1, 0.2]),
            lr=1e-2,
            beta1=0.9,
            beta2=0.99,
            weight_decay=1.0,
            steps=3,
            K="l1",
            wd_mode="explicit",
            m0=None,
        )
        assert tr.x.shape == (4, 2) and tr.m.shape == (4, 2)
        g0 = np.asarray(objective.grad(jnp.array([0.1, 0.2])))
        np.testing.assert_allclose(tr.m[1], -(1 - 0.99) * g0)  # the paper's momentum carries -grad f
        np.testing.assert_allclose(tr.x[1], np.array([0.1, 0.2]) + 1e-2 * (np.sign(-g0) - np.array([0.1, 0.2])))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"lr": 0.0}, "lr must be a finite real in (0, inf)"),
        ({"beta1": 1.0}, "beta1 must be a finite real in [0, 1)"),
        ({"beta2": -0.1}, "beta2 must be a finite real in [0, 1)"),
        ({"weight_decay": -1.0}, "weight_decay must be a finite real in [0, inf)"),
        ({"steps": 0}, "steps must be an integer in [1, 2147483647]"),
        ({"wd_mode": "coupled"}, "wd_mode must be one of"),
        ({"K": "sign"}, "K must be one of"),
        ({"m0": np.zeros(3)}, "m0 must be an array of shape"),
    ],
)
def test_bad_input_names_the_parameter(kw, message):
    args = {"lr": 1e-2, "beta1": 0.9, "beta2": 0.99, "weight_decay": 1.0, "steps": 2} | kw
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace(")", r"\)").replace("(", r"\(")):
        run_discrete(plane_quadratic().grad, np.zeros(2), **args)


def test_continuous_solver_refuses_the_discontinuous_sign_ode():
    with pytest.raises(ValueError, match="K must be a smooth row"):
        solve_continuous(plane_quadratic().grad, np.zeros(2), np.zeros(2), alpha=1, gamma=1, weight_decay=1, eps=0.1, K="l1", ts=[0.0, 1.0])


def test_k_table_rows_are_conjugate_pairs_at_a_point():
    """Fenchel-Young equality D = 0 at lambda x = grad K(m) for every row (a fast smoke version of
    the fenchel_young_gap claim)."""
    rng = np.random.default_rng(0)
    for name, row in theory.K_TABLE.items():
        m = rng.normal(size=(3, 2) if name == "nuclear" else 4)
        assert abs(float(theory.fenchel_young_gap(row, row.grad(m) / 2.0, m, 2.0))) < 1e-12, name


def test_euler_map_and_discrete_constants():
    assert theory.euler_map(0.01, 0.9, 0.99) == pytest.approx({"alpha": 1.0, "gamma": 1.0, "eps": 0.1})
    a, k1, k2 = theory.discrete_constants(0.1, 0.9, 0.99, 2.0)
    d = 0.1 * 2.0 * 0.1 + 0.01
    assert (a, k1, k2) == pytest.approx((0.09 / d, (0.2 + 0.01) / d, 0.9 * 0.01 / d))
