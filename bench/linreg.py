"""Engine workloads (foundation issue §8): the exact heavy-ball recursion at d = 100 and 10^4
(T = 10^5) and a grid of 256 learning rates at d = 1000, T = 5000, each against a plain NumPy
per-step loop of the same recursion (:func:`sims.reference.diagonal_loop_risk`) timed here.

Floor: per step the HB recursion must read its state (a, c, b) and lambda and write (a, c, b):
7 x 8 d bytes.
"""

from __future__ import annotations

import numpy as np

from paperchecks.bench.timing import time_calls
from paperchecks.sims.linreg import Problem, exact_risk, exact_risk_grid
from paperchecks.sims.reference import diagonal_loop_risk

__all__ = ["BYTES_PER_MODE_STEP", "lr_grid", "single_run", "workloads"]

BYTES_PER_MODE_STEP = 7 * 8


def _problem(d: int) -> Problem:
    return Problem.power_law(d, capacity=1.5, source=2.5)


def single_run(d: int, steps: int) -> dict:
    """One exact heavy-ball run (batch 4) against the NumPy per-step loop.

    Reference: docs/papers/momentum.md §4.2; docs/performance.md.

    Args:
        d: the dimension.
        steps: T.

    Returns:
        ``{"jax_s", "numpy_s", "ratio", ...}``: the JAX and NumPy seconds and the workload's other measures (the suite adds the ratio).
    """
    problem = _problem(d)
    lr = 0.3 / float(problem.eigenvalues.sum())
    jax_s = time_calls(lambda: exact_risk(problem, "hb", lr=lr, momentum=0.5, batch=4, steps=steps))
    numpy_steps = min(steps, 20_000)
    numpy_s = time_calls(
        lambda: diagonal_loop_risk(problem.eigenvalues, problem.init_sq, lr=lr, momentum=0.5, batch=4, steps=numpy_steps),
        repeats=1,
    ) * (steps / numpy_steps)
    return {
        "workload": f"exact HB d={d} T={steps}",
        "configs": 1,
        "mode_steps": d * steps,
        "jax_s": jax_s,
        "numpy_s": numpy_s,
        "numpy_note": "" if numpy_steps == steps else f"NumPy timed on {numpy_steps} steps, scaled",
        "bytes_per_step": BYTES_PER_MODE_STEP * d,
    }


def lr_grid(d: int, steps: int, configs: int, numpy_configs: int) -> dict:
    """A grid of ``configs`` learning rates in one compiled program against a NumPy loop per configuration.

    Reference: docs/papers/momentum.md §4.2; docs/performance.md.

    Args:
        d: the dimension.
        steps: T.
        configs: the number of learning rates.
        numpy_configs: the NumPy loop's configurations (timed and scaled).

    Returns:
        ``{"jax_s", "numpy_s", "ratio", ...}``: the JAX and NumPy seconds and the workload's other measures (the suite adds the ratio).
    """
    problem = _problem(d)
    trace = float(problem.eigenvalues.sum())
    lrs = np.geomspace(0.01, 0.9, configs) / trace
    jax_s = time_calls(lambda: exact_risk_grid(problem, "hb", lr=lrs, momentum=0.5, batch=4, steps=steps))

    def numpy_loop():
        for lr in lrs[:numpy_configs]:
            diagonal_loop_risk(problem.eigenvalues, problem.init_sq, lr=lr, momentum=0.5, batch=4, steps=steps)

    numpy_s = time_calls(numpy_loop, repeats=1) * (configs / numpy_configs)
    return {
        "workload": f"HB lr grid {configs} x d={d} T={steps}",
        "configs": configs,
        "mode_steps": d * steps * configs,
        "jax_s": jax_s,
        "numpy_s": numpy_s,
        "numpy_note": f"NumPy loop per configuration, timed on {numpy_configs} and scaled",
        # configurations advance in cache-sized chunks; the floor is per configuration-step
        "bytes_per_step": BYTES_PER_MODE_STEP * d * 8,
    }


def workloads(quick: bool):
    """(function, kwargs, targets) of each engine workload.

    Reference: docs/performance.md (the targets); docs/design.md, Conventions (performance).

    Args:
        quick: smaller sizes (a smoke run; targets are not judged).

    Returns:
        ``[(function, kwargs, targets)]`` for the exact engine: single heavy-ball runs at d = 100 and 10^4 and a 256-rate grid; targets: ratio >= 8 / 2.5 / 10, roofline >= 25 %, >= 0.6 G mode-steps/s.
    """
    scale = 10 if quick else 1
    return [
        (single_run, {"d": 100, "steps": 100_000 // scale}, {"ratio": 8.0}),
        (single_run, {"d": 10_000, "steps": 100_000 // scale}, {"ratio": 2.5, "roofline": 0.25}),
        (lr_grid, {"d": 1000, "steps": 5000 // scale, "configs": 256, "numpy_configs": 32}, {"ratio": 10.0, "gmode": 0.6}),
    ]
