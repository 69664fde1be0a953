"""``paperchecks bench``: run every workload, print the table, optionally write JSON.

Columns: paperchecks' time (median of 3 after compilation; the spread, fastest to slowest, in
brackets and in the JSON), the NumPy reference's and (anytime workloads) the plain-scan baseline's
times in the same process, their ratios, mode-steps per second (d x T x configurations / s), the fraction of the
memory-bandwidth floor (bytes the recursion must move per step / measured bandwidth, divided by
the measured time per step), the workload's own peak resident memory, and whether each target
is met. The JSON adds the machine and the library versions.
"""

from __future__ import annotations

import json
import os
import platform
import sys

import jax

from paperchecks.bench import anytime, explorer, linreg, lion, momentum, montecarlo, scaling
from paperchecks.bench.roofline import streaming_bandwidth
from paperchecks.bench.timing import PeakMemory, Timing
from paperchecks.sims import sweep

__all__ = ["run_benchmarks"]


def _measure(fn, kwargs, targets, bandwidths: dict) -> dict:
    """Run one workload and derive its ratios, roofline and targets; ``bandwidths`` keeps the best
    triad bandwidth measured so far per working-set size (a machine ceiling: on a shared machine
    a single triad can land in a slow moment and put the floor, and so the fraction, too low)."""
    with PeakMemory() as peak:
        row = fn(**kwargs)
    for program in ("jax", "numpy", "scan"):  # medians are the figures; the spread goes beside them
        timing = row.get(f"{program}_s")
        if isinstance(timing, Timing):
            row[f"{program}_s"] = timing.median
            row[f"{program}_spread_s"] = [timing.low, timing.high]
            row[f"{program}_repeats"] = timing.repeats
    row["ratio"] = row["numpy_s"] / row["jax_s"]
    row["scan_ratio"] = row["scan_s"] / row["jax_s"] if "scan_s" in row else None
    row["gmode_steps_per_s"] = row["mode_steps"] / row["jax_s"] / 1e9
    if row["bytes_per_step"] is None:  # compute-bound workload: no bandwidth floor
        row["bandwidth_gb_s"] = row["roofline"] = None
    else:
        measured = streaming_bandwidth(row["bytes_per_step"])
        if measured is not None:
            bandwidths[row["bytes_per_step"]] = max(measured, bandwidths.get(row["bytes_per_step"], 0.0))
        bandwidth = bandwidths.get(row["bytes_per_step"])
        steps = row["mode_steps"] / (row["bytes_per_step"] / linreg.BYTES_PER_MODE_STEP)
        row["bandwidth_gb_s"] = None if bandwidth is None else bandwidth / 1e9
        row["roofline"] = None if bandwidth is None else (row["bytes_per_step"] / bandwidth) / (row["jax_s"] / steps)
    row["peak_rss_mb"], row["peak_added_mb"], row["peak_rss_scope"] = peak.mb, peak.added_mb, peak.scope
    checks = {
        "ratio": row["ratio"],
        "scan_ratio": row["scan_ratio"],
        "roofline": row["roofline"],
        "gmode": row["gmode_steps_per_s"],
        "seconds": row["jax_s"],
    }
    row["targets"] = {}
    for name, goal in targets.items():
        value = checks[name]
        met = value is not None and (value <= goal if name == "seconds" else value >= goal)
        row["targets"][name] = {"target": goal, "value": value, "met": met, "kind": "<=" if name == "seconds" else ">="}
    return row


def _versions() -> dict:
    """Python, the operating system and the libraries the figures depend on."""
    from importlib import metadata

    versions = {"python": sys.version.split()[0], "platform": platform.platform()}
    for package in ("paperchecks", "jax", "jaxlib", "numpy", "scipy", "numba"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return versions


def _judge(met: bool, quick: bool) -> str:
    if quick:
        return "not judged (--quick sizes)"
    return "met" if met else "MISSED"


def _fmt(value, spec=".3g"):
    return "n/a" if value is None else format(value, spec)


def run_benchmarks(json_path: str | None = None, quick: bool = False) -> int:
    """Run every workload and the scaling run, print the table, optionally write JSON; returns 0.

    Reference: docs/performance.md.

    Args:
        json_path: where to write the JSON (None: no file).
        quick: the smoke sizes.

    Returns:
        The exit status 0.
    """
    used = sweep.devices()
    machine = (
        f"{platform.processor() or platform.machine()}, {len(used)} x {used[0].device_kind} (grids split across them), "
        f"{os.cpu_count()} cores, jax {jax.__version__}"
    )
    print(f"paperchecks bench ({'quick smoke run' if quick else 'full'}) on {machine}", flush=True)
    rows, bandwidths = [], {}
    suites = (linreg, momentum, anytime, montecarlo, lion, explorer)
    for fn, kwargs, targets in [w for module in suites for w in module.workloads(quick)]:
        row = _measure(fn, kwargs, targets, bandwidths)
        rows.append(row)
        verdicts = ", ".join(
            f"{k} {_fmt(v['value'])} vs {v['kind']} {v['target']:g}: {_judge(v['met'], quick)}" for k, v in row["targets"].items()
        )
        scan = "" if row["scan_ratio"] is None else f"scan {row['scan_s']:.3f}s  scan ratio {row['scan_ratio']:.1f}x  "
        print(
            f"{row['workload']:<36} jax {row['jax_s']:.3f}s  numpy {row['numpy_s']:.3f}s  ratio {row['ratio']:.1f}x  {scan}"
            f"{row['gmode_steps_per_s']:.3f} G mode-steps/s  roofline {_fmt(row['roofline'], '.0%')} "
            f"(bw {_fmt(row['bandwidth_gb_s'])} GB/s)  peak RSS {row['peak_rss_mb']:.0f} MB"
            + (f" (+{row['peak_added_mb']:.0f} MB)" if row["peak_rss_scope"] == "workload" else " (process)")
            + f"  [jax {row['jax_spread_s'][0]:.3f}-{row['jax_spread_s'][1]:.3f}s over {row['jax_repeats']}]",
            flush=True,
        )
        print(f"    targets: {verdicts}" + (f"; {row['numpy_note']}" if row["numpy_note"] else ""), flush=True)
    scaled = scaling.scaling_run(dims=(100, 1000), horizons=(1000, 10_000)) if quick else scaling.scaling_run()
    scaling.print_scaling(scaled, quick)
    if json_path:
        with open(json_path, "w") as f:
            json.dump({"machine": machine, "versions": _versions(), "rows": rows, "scaling": scaled}, f, indent=2)
        print(f"wrote {json_path}")
    return 0
