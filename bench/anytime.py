"""Anytime-paper workloads (issue 4, "Performance"; issue 9): one averaged-iterate curve in the
authors' figure configuration, (a, b) = (1.5, 3.0), d = 500 000, N = 2000 and N = 5 x 10^4,
sigma^2 = 0.01, uniform averaging,
against the NumPy loop of :func:`sims.reference.averaged_sgd_loop_risk` in the same process.

Floor: per step the recursion must read s, A, C and lambda and write s, A, C: 7 x 8 d bytes.
"""

from __future__ import annotations

import numpy as np

from paperchecks.bench.linreg import BYTES_PER_MODE_STEP, best_time
from paperchecks.sims.linreg import Problem, exact_risk
from paperchecks.sims.reference import averaged_sgd_loop_risk

__all__ = ["averaged_curve", "workloads"]


def averaged_curve(d: int, steps: int, numpy_steps: int | None = None) -> dict:
    """One averaged-SGD curve (uniform average) at dimension d and N = steps, JAX vs the NumPy loop.

    Reference: anytime.md §5.2 (the averaged-iterate recursion).

    Args:
        d: the dimension.
        steps: N.
        numpy_steps: the NumPy loop's steps (timed and scaled to N; None: N).

    Returns:
        ``{"jax_s", "numpy_s", "ratio", ...}``: the JAX and NumPy seconds and the workload's other measures (the suite adds the ratio).
    """
    problem = Problem.power_law(d, capacity=1.5, source=3.0, noise_var=0.01, normalize=True)
    lr = 0.5 / float(np.sum(problem.eigenvalues))
    numpy_steps = numpy_steps or steps
    jax_s = best_time(
        lambda: exact_risk(problem, "sgd", lr=lr, batch=1, steps=steps, averaging="uniform", record=[steps]),
        repeats=1 if steps > 10_000 else 3,
    )
    numpy_s = best_time(
        lambda: averaged_sgd_loop_risk(problem.eigenvalues, problem.init_sq, lr=lr, noise_var=0.01, steps=numpy_steps), repeats=1
    ) * (steps / numpy_steps)
    return {
        "workload": f"averaged SGD curve d={d} N={steps}",
        "configs": 1,
        "mode_steps": d * steps,
        "jax_s": jax_s,
        "numpy_s": numpy_s,
        "numpy_note": "" if numpy_steps == steps else f"NumPy timed on {numpy_steps} steps and scaled",
        "bytes_per_step": BYTES_PER_MODE_STEP * d,  # 7 x 8 d, the same count as the HB state
    }


def workloads(quick: bool):
    """Issue 4's target: <= 0.75 s at N = 2000 (2x faster than the authors' JAX simulator, ~1.5 s
    here); issue 9's: >= 40 % of the bandwidth floor at N = 5 x 10^4.

    Reference: README.md, "Performance" (the targets); DESIGN.md, Conventions (performance).

    Args:
        quick: smaller sizes (a smoke run; targets are not judged).

    Returns:
        ``[(function, kwargs, targets)]`` for the averaged anytime curve (uniform average) at N = 2000 and N = 5 x 10^4; targets: the issue-4 and issue-9 targets above.
    """
    if quick:
        return [(averaged_curve, {"d": 50_000, "steps": 200}, {"ratio": 1.0})]
    return [
        (averaged_curve, {"d": 500_000, "steps": 2000}, {"ratio": 3.0, "seconds": 0.75}),
        (averaged_curve, {"d": 500_000, "steps": 50_000, "numpy_steps": 2000}, {"ratio": 3.0, "roofline": 0.4}),
    ]
