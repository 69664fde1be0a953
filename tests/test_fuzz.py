"""The fuzz harness (issue 21): every entry point of ``test_bad_input.ENTRIES`` is called in a
subprocess (tests/fuzz_worker.py) with bad and extreme values, under a time limit per call, so
that a hang or a process abort is caught and named instead of stalling or killing the suite.

Quick profile (CI): a few calls per entry, all entries in one process. Thorough profile
(``PAPERCHECKS_HYPOTHESIS=thorough``): ``THOROUGH_CALLS`` calls per entry, one process per entry,
resumed after a hang or an abort; the counts are printed (``pytest -s``) and recorded in README.md.
A pass means: 0 hangs, 0 aborts, 0 silent non-finite outputs, 0 exceptions other than a
ValueError naming the parameter.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import subprocess
import sys
import threading
import time

import pytest
from conftest import PROFILE
from test_bad_input import ENTRIES

WORKER = os.path.join(os.path.dirname(__file__), "fuzz_worker.py")
QUICK_CALLS = 5
THOROUGH_CALLS = 300
CALL_LIMIT_S = 120.0  # one call may compile; none may take longer than this
GOOD = {"value_error", "returned"}


def _run(entries: list[str], calls: int, seed: int, skip: int = -1) -> tuple[list[dict], str | None]:
    """Run the worker; returns the outcome records and, if the process hung or aborted, a record
    of the call in flight (``outcome`` "hang" or "abort")."""
    env = {**os.environ, "JAX_PLATFORMS": "cpu", "PYTHONUNBUFFERED": "1"}
    args = [sys.executable, WORKER, ",".join(entries), str(calls), str(seed), str(skip)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout] + [lines.put(None)], daemon=True).start()
    records, in_flight, deadline = [], None, time.monotonic() + CALL_LIMIT_S
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            proc.kill()
            proc.wait()
            return records, {**in_flight, "outcome": "hang"} if in_flight else {"outcome": "hang", "entry": entries[0], "i": -1}
        if line is None:
            break
        if line.startswith("start "):
            _, entry, i, call = line.rstrip("\n").split(" ", 3)
            in_flight, deadline = {"entry": entry, "i": int(i), "value": call}, time.monotonic() + CALL_LIMIT_S
        elif line.startswith("{"):
            records.append(json.loads(line))
            in_flight = None
    code = proc.wait()
    if code != 0:
        where = in_flight or {"entry": entries[0], "i": -1, "value": "(import)"}
        return records, {**where, "outcome": "abort", "code": code}
    return records, None


def _fuzz(entries: list[str], calls: int, seed: int) -> list[dict]:
    """All outcomes, resuming after each hang or abort (which is itself recorded)."""
    records, skip = [], -1
    for _ in range(calls + 1):
        done, failure = _run(entries, calls, seed, skip)
        records += done
        if failure is None:
            return records
        records.append(failure)
        if len(entries) > 1 or failure["i"] < 0:
            return records
        skip = failure["i"]
    return records


def _check(records: list[dict]) -> None:
    counts = collections.Counter(r["outcome"] for r in records)
    print(f"\nfuzz ({PROFILE}): {sum(counts.values())} calls over {len(ENTRIES)} entry points: {dict(counts)}")
    bad = [r for r in records if r["outcome"] not in GOOD]
    assert not bad, "\n".join(
        f"{r['entry']}[{r['i']}] {r.get('param', '')}={r.get('value')}: {r['outcome']} {r.get('detail', '')}" for r in bad
    )


@pytest.mark.skipif(PROFILE != "quick", reason="the thorough profile runs test_fuzz_thorough")
def test_fuzz_quick():
    _check(_fuzz(sorted(ENTRIES), QUICK_CALLS, seed=0))


@pytest.mark.skipif(PROFILE == "quick", reason="PAPERCHECKS_HYPOTHESIS=thorough")
def test_fuzz_thorough():
    records = []
    for entry in sorted(ENTRIES):
        records += _fuzz([entry], THOROUGH_CALLS, seed=1)
    _check(records)
