"""Anytime-paper workloads (issue 4, "Performance"; issues 9 and 22): averaged-iterate curves in the
authors' figure configuration, (a, b) = (1.5, 3.0), d = 500 000, N = 2000 and N = 5 x 10^4,
sigma^2 = 0.01, uniform averaging, and the authors' 18-multiplier sweep, against two baselines
timed in the same process: the authors' approach as a plain ``lax.scan``
(:func:`bench.baselines.plain_scan_averaged_sgd`) and the NumPy loop of
:func:`sims.reference.averaged_sgd_loop_risk`.

Floor: per step the recursion must read s, A, C and lambda and write s, A, C: 7 x 8 d bytes.
"""

from __future__ import annotations

import numpy as np

from paperchecks.bench.baselines import plain_scan_averaged_sgd
from paperchecks.bench.linreg import BYTES_PER_MODE_STEP
from paperchecks.bench.timing import time_calls
from paperchecks.sims.linreg import Problem, exact_risk, exact_risk_grid
from paperchecks.sims.reference import averaged_sgd_loop_risk

__all__ = ["averaged_curve", "multiplier_sweep", "workloads"]


def _configuration(d: int):
    problem = Problem.power_law(d, capacity=1.5, source=3.0, noise_var=0.01, normalize=True)
    return problem, 0.5 / float(np.sum(problem.eigenvalues))


def averaged_curve(d: int, steps: int, numpy_steps: int | None = None, every_step: bool = False) -> dict:
    """One averaged-SGD curve (uniform average) at dimension d and N = steps: paperchecks against the
    plain-scan baseline (which records every step) and the NumPy loop.

    Reference: docs/papers/anytime.md §5.2 (the averaged-iterate recursion).

    Args:
        d: the dimension.
        steps: N.
        numpy_steps: the NumPy loop's steps (timed and scaled to N; None: N).
        every_step: paperchecks records every step too (default: only step N).

    Returns:
        ``{"jax_s", "numpy_s", "scan_s", ...}``: the seconds of paperchecks, the NumPy loop and the
        plain scan, and the workload's other measures (the suite adds the ratios).
    """
    problem, lr = _configuration(d)
    numpy_steps = numpy_steps or steps
    record = np.arange(1, steps + 1) if every_step else [steps]
    repeats = 1 if steps > 10_000 else 3
    jax_s = time_calls(lambda: exact_risk(problem, "sgd", lr=lr, batch=1, steps=steps, averaging="uniform", record=record), repeats=repeats)
    scan_s = time_calls(
        lambda: plain_scan_averaged_sgd(problem.eigenvalues, problem.init_sq, lr=lr, noise_var=0.01, steps=steps), repeats=repeats
    )
    numpy_s = time_calls(
        lambda: averaged_sgd_loop_risk(problem.eigenvalues, problem.init_sq, lr=lr, noise_var=0.01, steps=numpy_steps), repeats=1
    ) * (steps / numpy_steps)
    return {
        "workload": f"averaged SGD curve d={d} N={steps}" + (" all steps" if every_step else ""),
        "configs": 1,
        "mode_steps": d * steps,
        "jax_s": jax_s,
        "numpy_s": numpy_s,
        "scan_s": scan_s,
        "numpy_note": "" if numpy_steps == steps else f"NumPy timed on {numpy_steps} steps and scaled",
        "bytes_per_step": BYTES_PER_MODE_STEP * d,  # 7 x 8 d, the same count as the HB state
    }


def multiplier_sweep(d: int, steps: int, count: int, numpy_steps: int) -> dict:
    """The authors' learning-rate sweep: ``count`` stable constant steps eta = m / (2 tr H),
    m = 2^-8.5 .. 2^0 in factors of sqrt(2) (18 of them), every step recorded; paperchecks runs
    them as one :func:`sims.linreg.exact_risk_grid`, the baselines once per multiplier.

    Reference: docs/papers/anytime.md §5.2; issue 22 (the 18-multiplier sweep).

    Args:
        d: the dimension.
        steps: N.
        count: the number of multipliers (the largest ``count`` of the list).
        numpy_steps: the NumPy loop's steps per multiplier (timed and scaled to N).

    Returns:
        As :func:`averaged_curve`, for the whole sweep.
    """
    problem, lr = _configuration(d)
    lrs = lr * 2.0 ** np.arange(-8.5, 0.01, 0.5)[-count:]
    record = np.arange(1, steps + 1)
    jax_s = time_calls(lambda: exact_risk_grid(problem, "sgd", lr=lrs, batch=1, steps=steps, averaging="uniform", record=record), repeats=1)
    scan_s = time_calls(
        lambda: [plain_scan_averaged_sgd(problem.eigenvalues, problem.init_sq, lr=float(x), noise_var=0.01, steps=steps) for x in lrs],
        repeats=1,
    )
    numpy_s = (
        time_calls(
            lambda: averaged_sgd_loop_risk(problem.eigenvalues, problem.init_sq, lr=float(lrs[0]), noise_var=0.01, steps=numpy_steps),
            repeats=1,
        )
        * (steps / numpy_steps)
        * len(lrs)
    )
    return {
        "workload": f"averaged SGD sweep {len(lrs)} lr d={d} N={steps}",
        "configs": len(lrs),
        "mode_steps": d * steps * len(lrs),
        "jax_s": jax_s,
        "numpy_s": numpy_s,
        "scan_s": scan_s,
        "numpy_note": f"NumPy timed on {numpy_steps} steps of one multiplier and scaled",
        "bytes_per_step": BYTES_PER_MODE_STEP * d,
    }


def workloads(quick: bool):
    """Issue 22's targets, against the plain-scan baseline of :mod:`bench.baselines` run in the same
    process: one averaged curve at d = 5 x 10^5, N = 2000 at >= 2x the scan and >= 50 % of the
    bandwidth floor; the same recording every step >= 2x; the 18-multiplier sweep >= 2x; and
    issue 9's >= 40 % of the floor at N = 5 x 10^4.

    Reference: docs/performance.md (the targets); docs/design.md, Conventions (performance).

    Args:
        quick: smaller sizes (a smoke run; targets are not judged).

    Returns:
        ``[(function, kwargs, targets)]``.
    """
    if quick:
        return [
            (averaged_curve, {"d": 50_000, "steps": 200}, {"scan_ratio": 1.0}),
            (multiplier_sweep, {"d": 20_000, "steps": 100, "count": 3, "numpy_steps": 100}, {"scan_ratio": 1.0}),
        ]
    return [
        (averaged_curve, {"d": 500_000, "steps": 2000}, {"scan_ratio": 2.0, "roofline": 0.5}),
        (averaged_curve, {"d": 500_000, "steps": 2000, "every_step": True}, {"scan_ratio": 2.0}),
        (multiplier_sweep, {"d": 500_000, "steps": 2000, "count": 18, "numpy_steps": 200}, {"scan_ratio": 2.0}),
        (averaged_curve, {"d": 500_000, "steps": 50_000, "numpy_steps": 2000}, {"ratio": 3.0, "roofline": 0.4}),
    ]
