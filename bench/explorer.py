"""Explorer workload (issue 8, "Performance"): one slider change of the decay exponent gamma on the
page's compute path (schedule table, exact averaged-SGD risk, slopes) for d = 1000 and 10^4 steps,
after warm-up, against the NumPy loop of :func:`sims.reference.averaged_sgd_loop_risk` (constant
step, same d and horizon) in the same process. Target: <= 0.2 s per change (Panel adds ~50 ms of
debounce on top in the browser)."""

from __future__ import annotations

import itertools

import numpy as np

from paperchecks.bench.linreg import BYTES_PER_MODE_STEP
from paperchecks.bench.timing import time_calls
from paperchecks.explorer import compute
from paperchecks.sims.reference import averaged_sgd_loop_risk

__all__ = ["slider_update", "workloads"]


def slider_update(d: int, steps: int) -> dict:
    """Time of one gamma change on the explorer's compute path, after warm-up.

    Reference: README.md, "Explore power-law schedules".

    Args:
        d: the explorer's dimension.
        steps: the horizon.

    Returns:
        ``{"jax_s", "numpy_s", "ratio", ...}``: the JAX and NumPy seconds and the workload's other measures (the suite adds the ratio).
    """
    gammas = itertools.cycle(np.linspace(0.2, 0.8, 7))

    def change():  # a new gamma every call: nothing is memoised between changes
        c = compute.Controls(dim=d, horizon=steps, gamma=float(next(gammas)))
        compute.slopes(c, compute.risk(c))

    problem = compute.problem(compute.Controls(dim=d, horizon=steps))
    lr = 0.5 / float(np.sum(problem.eigenvalues))
    numpy_s = time_calls(lambda: averaged_sgd_loop_risk(problem.eigenvalues, problem.init_sq, lr=lr, noise_var=0.1, steps=steps), repeats=1)
    return {
        "workload": f"explorer gamma change d={d} T={steps}",
        "configs": 1,
        "mode_steps": d * steps,
        "jax_s": time_calls(change),
        "numpy_s": numpy_s,
        "numpy_note": "",
        "bytes_per_step": BYTES_PER_MODE_STEP * d,
    }


def workloads(quick: bool):
    """(function, kwargs, targets) of this workload: small sizes with ``quick``.

    Reference: docs/performance.md (the targets); docs/design.md, Conventions (performance).

    Args:
        quick: smaller sizes (a smoke run; targets are not judged).

    Returns:
        ``[(function, kwargs, targets)]`` for one gamma change of the explorer; targets: <= 200 ms per change.
    """
    if quick:
        return [(slider_update, {"d": 100, "steps": 1000}, {"seconds": 0.2})]
    return [(slider_update, {"d": 1000, "steps": 10_000}, {"seconds": 0.2})]
