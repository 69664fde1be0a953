"""Wall times of benchmark calls: the median over repeats with the spread, and peak memory per workload.

A :class:`Timing` keeps the median, the fastest and the slowest of the timed calls (after one
untimed call, which compiles). Timings of parts of a workload add up and scale (a baseline timed
on fewer steps and scaled to the full run), so a workload reports one Timing per program; the
suite writes the median as the figure and ``[low, high]`` as its spread.

Peak memory: Linux keeps a process's high-water mark of resident memory (``VmHWM``), which
``/proc/self/clear_refs`` resets; :class:`PeakMemory` resets it before a workload and reads it
after, so each row reports its own peak (and its rise above the memory already resident) rather
than the process's running maximum. Elsewhere it falls back to ``ru_maxrss`` and says so.

Reference: docs/performance.md; issue 22 (bench hygiene).
"""

from __future__ import annotations

import dataclasses
import resource
import statistics
import time

__all__ = ["PeakMemory", "Timing", "time_calls"]


@dataclasses.dataclass(frozen=True)
class Timing:
    """Seconds of one program: median of the timed calls, with the fastest and slowest.

    Reference: docs/performance.md; module docstring.
    """

    median: float
    low: float
    high: float
    repeats: int

    def __add__(self, other: Timing | float) -> Timing:
        if not isinstance(other, Timing):
            return Timing(self.median + other, self.low + other, self.high + other, self.repeats)
        return Timing(self.median + other.median, self.low + other.low, self.high + other.high, min(self.repeats, other.repeats))

    __radd__ = __add__

    def __mul__(self, factor: float) -> Timing:
        return Timing(self.median * factor, self.low * factor, self.high * factor, self.repeats)


def time_calls(fn, repeats: int = 3) -> Timing:
    """Wall times of ``fn()`` over ``repeats`` calls, after one untimed call (compilation).

    Reference: docs/performance.md (median of 3 after compilation, with the spread).

    Args:
        fn: the zero-argument callable (it must block until its result is ready).
        repeats: the timed calls.

    Returns:
        The :class:`Timing`.
    """
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return Timing(statistics.median(times), min(times), max(times), repeats)


class PeakMemory:
    """The peak resident memory of the code run inside ``with PeakMemory() as peak:``.

    ``peak.mb`` is the high-water mark of the process's resident memory while the block ran and
    ``peak.added_mb`` its rise above the resident memory at entry (what the block itself needed;
    the process keeps earlier workloads' compiled programs and caches resident). ``peak.scope`` is
    ``"workload"``, or ``"process"`` where the high-water mark cannot be reset (then ``mb`` is the
    process's peak so far and ``added_mb`` is None).

    Reference: docs/performance.md; module docstring.
    """

    def __enter__(self) -> PeakMemory:
        self.mb = self.added_mb = None
        try:
            with open("/proc/self/clear_refs", "w") as refs:
                refs.write("5")  # resets VmHWM to the current resident size
            self._start = _status_mb("VmRSS:")
            self.scope = "workload"
        except (OSError, StopIteration):
            self.scope = "process"
        return self

    def __exit__(self, *exc) -> None:
        if self.scope == "workload":
            try:
                self.mb = _status_mb("VmHWM:")
                self.added_mb = self.mb - self._start
                return
            except (OSError, StopIteration):
                self.scope = "process"
        self.mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith(field))
    return int(line.split()[1]) / 1024
