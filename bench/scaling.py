"""Scaling run (issue 9): time of the exact heavy-ball recursion (:func:`sims.linreg.exact_risk`,
batch 4, one recorded step) for d in {10^3, 10^4, 10^5} and T in {10^4, 10^5}, the least-squares
exponent p of time ~ (d T)^p (target 1.0 +- 0.1: cost linear in d T), and the bytes the compiled
program allocates (XLA's memory analysis: arguments + outputs + temporaries; flat in T).
"""

from __future__ import annotations

import numpy as np

from paperchecks.bench.timing import time_calls
from paperchecks.sims.linreg import Problem, compiled_exact_risk, exact_risk

__all__ = ["print_scaling", "scaling_run"]

TARGET, TOLERANCE = 1.0, 0.1


def scaling_run(dims=(1000, 10_000, 100_000), horizons=(10_000, 100_000), repeats: int = 2) -> dict:
    """Time and program bytes of the exact HB recursion over dims x horizons; fitted exponent of time in d T.

    Reference: docs/design.md, Conventions (memory O(d + records)); docs/performance.md.

    Args:
        dims: the dimensions d.
        horizons: the horizons T.
        repeats: timed repeats per point.

    Returns:
        ``{"rows", "exponent", ...}``: the timings and program bytes per (d, T) and the fitted exponent.
    """
    rows = []
    for d in dims:
        problem = Problem.power_law(d, capacity=1.5, source=2.5)
        kwargs = {"lr": 0.3 / float(problem.eigenvalues.sum()), "momentum": 0.5, "batch": 4}
        for steps in horizons:
            seconds = time_calls(
                lambda p=problem, t=steps, kw=kwargs: exact_risk(p, "hb", steps=t, record=[t], **kw), repeats=repeats
            ).median
            memory = compiled_exact_risk(problem, "hb", steps=steps, record=[steps], **kwargs).memory_analysis()
            allocated = memory.argument_size_in_bytes + memory.output_size_in_bytes + memory.temp_size_in_bytes
            rows.append(
                {"d": d, "steps": steps, "seconds": seconds, "gmode_steps_per_s": d * steps / seconds / 1e9, "program_bytes": allocated}
            )
    work = np.log([r["d"] * r["steps"] for r in rows])
    exponent = float(np.polyfit(work, np.log([r["seconds"] for r in rows]), 1)[0])
    flat = all(len({r["program_bytes"] for r in rows if r["d"] == d}) == 1 for d in dims)  # the same bytes at every horizon of a dimension
    return {
        "rows": rows,
        "exponent": exponent,
        "target": f"{TARGET} +- {TOLERANCE}",
        "met": abs(exponent - TARGET) <= TOLERANCE,
        "memory_flat_in_steps": flat,
    }


def print_scaling(result: dict, quick: bool = False) -> None:
    """Print the scaling run's rows, fitted exponent and memory verdict.

    Reference: docs/performance.md.

    Args:
        result: the dict of :func:`scaling_run`.
        quick: a smoke run (the targets are not judged).
    """
    print("scaling run: exact HB recursion, time vs d T", flush=True)
    for r in result["rows"]:
        print(
            f"    d={r['d']:<7} T={r['steps']:<7} {r['seconds']:8.3f}s  {r['gmode_steps_per_s']:.3f} G mode-steps/s  "
            f"program {r['program_bytes'] / 1e6:.2f} MB",
            flush=True,
        )
    verdict = "not judged in a --quick run (small d: per-step overhead)" if quick else ("met" if result["met"] else "MISSED")
    flat = "flat in T" if result["memory_flat_in_steps"] else "NOT flat in T"
    print(f"    fitted exponent of time in d T: {result['exponent']:.3f} (target {result['target']}: {verdict}); program memory {flat}")
