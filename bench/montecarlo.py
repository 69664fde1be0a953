"""Monte Carlo workload (issue 9): batch-1 SGD on Gaussian linear regression, 4096 seeds,
d = 512, 4096 steps (:func:`sims.linreg.monte_carlo_risk`, seeds split across devices), against a
NumPy loop over steps vectorised over seeds and directions
(:func:`sims.reference.monte_carlo_sgd_loop_risk`) in the same process, timed on a prefix of the
steps and scaled (its cost per step is constant). Compute-bound (Gaussian draws), so no bandwidth
floor. Target: >= 1.5x the NumPy loop.
"""

from __future__ import annotations

import jax
import numpy as np

from paperchecks.bench.timing import time_calls
from paperchecks.sims.linreg import Problem, monte_carlo_risk
from paperchecks.sims.reference import monte_carlo_sgd_loop_risk

__all__ = ["sgd_seeds", "workloads"]


def sgd_seeds(d: int, steps: int, seeds: int, numpy_steps: int) -> dict:
    """Monte Carlo batch-1 SGD over ``seeds`` runs against the NumPy loop vectorised over seeds.

    Reference: docs/papers/momentum.md §4.4.

    Args:
        d: the dimension.
        steps: T.
        seeds: the number of runs.
        numpy_steps: the NumPy loop's steps (timed and scaled).

    Returns:
        ``{"jax_s", "numpy_s", "ratio", ...}``: the JAX and NumPy seconds and the workload's other measures (the suite adds the ratio).
    """
    problem = Problem.power_law(d, capacity=1.5, source=2.5, noise_var=0.01)
    lr = 0.5 / float(problem.eigenvalues.sum())

    def run():
        return monte_carlo_risk(problem, "sgd", lr=lr, batch=1, steps=steps, seeds=seeds, key=jax.random.key(0), record=[steps])

    jax_s = time_calls(run, repeats=1)  # once after a warm-up run (the step count is a compile-time constant)
    rng = np.random.default_rng(0)
    numpy_s = time_calls(
        lambda: monte_carlo_sgd_loop_risk(
            problem.eigenvalues, problem.init_sq, lr=lr, noise_var=0.01, steps=numpy_steps, seeds=seeds, rng=rng
        ),
        repeats=1,
    ) * (steps / numpy_steps)
    return {
        "workload": f"Monte Carlo SGD {seeds} seeds d={d} T={steps}",
        "configs": seeds,
        "mode_steps": d * steps * seeds,
        "jax_s": jax_s,
        "numpy_s": numpy_s,
        "numpy_note": f"JAX timed once after a warm-up run; NumPy timed on {numpy_steps} steps and scaled",
        "bytes_per_step": None,
    }


def workloads(quick: bool):
    """(function, kwargs, targets) of this workload: small sizes with ``quick``.

    Reference: docs/performance.md (the targets); docs/design.md, Conventions (performance).

    Args:
        quick: smaller sizes (a smoke run; targets are not judged).

    Returns:
        ``[(function, kwargs, targets)]`` for Monte Carlo SGD over 4096 seeds; targets: ratio >= 1.5.
    """
    if quick:
        return [(sgd_seeds, {"d": 64, "steps": 64, "seeds": 256, "numpy_steps": 64}, {"ratio": 1.0})]
    return [(sgd_seeds, {"d": 512, "steps": 4096, "seeds": 4096, "numpy_steps": 256}, {"ratio": 1.5})]
