"""Lion ODE workload (issue 9): the continuous Lion-K ODE (docs/papers/lion.md §2.4, K = log-cosh,
delta = 0.05) on a d = 1000 diagonal quadratic, t in [0, 20], integrated by
:func:`sims.lion.solve_continuous` (diffrax Dopri5, PID control), against SciPy's ``solve_ivp``
with the same Dormand-Prince pair (RK45) and tolerances on the same right-hand side in NumPy, in the
same process. No target in the issue (recorded); compute-bound, no bandwidth floor.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from paperchecks.bench.timing import time_calls
from paperchecks.sims.lion import solve_continuous
from paperchecks.theory.lion import k_row

__all__ = ["PARAMETERS", "ode", "workloads"]

PARAMETERS = {"alpha": 1.0, "gamma": 1.0, "weight_decay": 0.5, "eps": 0.1}


def ode(d: int, horizon: float, rtol: float, atol: float) -> dict:
    """The Lion-K ODE on a diagonal quadratic: diffrax Dopri5 against SciPy RK45 (same tolerances).

    Reference: docs/papers/lion.md §2.4.

    Args:
        d: the dimension.
        horizon: the final time.
        rtol: the relative tolerance.
        atol: the absolute tolerance.

    Returns:
        ``{"jax_s", "numpy_s", "ratio", ...}``: the JAX and NumPy seconds and the workload's other measures (the suite adds the ratio).
    """
    rng = np.random.default_rng(0)
    curvature, centre = np.geomspace(1e-2, 1.0, d), rng.normal(size=d) * 3.0
    row = k_row("logcosh0.05")
    ts = np.linspace(0.0, horizon, 201)
    x0, m0 = np.zeros(d), np.zeros(d)
    grad = _Gradient(curvature, centre)

    def jax_run():
        return solve_continuous(grad, x0, m0, K=row, ts=ts, rtol=rtol, atol=atol, **PARAMETERS).x.block_until_ready()

    def rhs(_, y):
        x, m = y[:d], y[d:]
        drift = PARAMETERS["alpha"] * curvature * (x - centre) + PARAMETERS["gamma"] * m
        m_tilde = m - PARAMETERS["eps"] * drift
        return np.concatenate([row.grad(m_tilde, np) - PARAMETERS["weight_decay"] * x, -drift])

    def scipy_run():
        return solve_ivp(rhs, (0.0, horizon), np.concatenate([x0, m0]), method="RK45", t_eval=ts, rtol=rtol, atol=atol)

    reference = scipy_run()
    np.testing.assert_allclose(jax_run()[-1], reference.y[:d, -1], rtol=1e-5, atol=1e-6)  # the same ODE
    return {
        "workload": f"Lion ODE (log-cosh) d={d} t<={horizon:g} rtol={rtol:g}",
        "configs": 1,
        "mode_steps": 2 * d * reference.nfev,
        "jax_s": time_calls(jax_run),
        "numpy_s": time_calls(scipy_run, repeats=1),
        "numpy_note": f"SciPy solve_ivp RK45, {reference.nfev} right-hand-side evaluations",
        "bytes_per_step": None,
    }


class _Gradient:
    """grad f(x) = h (x - c) of the diagonal quadratic; hashable (a static argument of the solver)."""

    def __init__(self, curvature: np.ndarray, centre: np.ndarray):
        self.curvature, self.centre = curvature, centre

    def __call__(self, x):
        return self.curvature * (x - self.centre)


def workloads(quick: bool):
    """(function, kwargs, targets) of this workload: small sizes with ``quick``.

    Reference: docs/performance.md (the targets); docs/design.md, Conventions (performance).

    Args:
        quick: smaller sizes (a smoke run; targets are not judged).

    Returns:
        ``[(function, kwargs, targets)]`` for the Lion-K ODE at d = 1000; targets: none (the ratio is reported).
    """
    if quick:
        return [(ode, {"d": 100, "horizon": 5.0, "rtol": 1e-6, "atol": 1e-9}, {})]
    return [(ode, {"d": 1000, "horizon": 20.0, "rtol": 1e-8, "atol": 1e-10}, {})]
