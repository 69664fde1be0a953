"""Shared test configuration: the kit's hypothesis profiles (``PAPERCHECKS_HYPOTHESIS=thorough`` for
a long local run; ``quick`` is the default and keeps the suite under 10 minutes on 2 cores), one
virtual CPU device per core, and a session-only XLA cache. JAX's ``jax_enable_x64`` is left off, as
a user's process has it: every simulator must deliver float64 by itself (sims.precision)."""

import atexit
import os
import shutil
import tempfile

import jax
import pytest
from hypothesis import settings

from paperchecks.sims import sweep
from paperchecks.testing import PROFILES

# As the CLI's default (--devices all): one virtual CPU device per core, so that every grid in the
# suite runs sharded (tests/test_sweep.py compares with one device in subprocesses).
sweep.configure("all")

PROFILE = os.environ.get("PAPERCHECKS_HYPOTHESIS", "quick")
settings.load_profile(PROFILES[PROFILE])

# A persistent XLA cache for this session only: programs recompiled after ``jax.clear_caches()``
# (sabotage tests) or from equal-but-new closures (schedules) are loaded instead of rebuilt, which
# saved about 70 s of the suite on 2 cores (measured 2026-11-24). Same program, same numbers; deleted at exit.
# PAPERCHECKS_XLA_CACHE=off turns it off.
if os.environ.get("PAPERCHECKS_XLA_CACHE", "on") != "off":
    _XLA_CACHE = tempfile.mkdtemp(prefix="paperchecks-xla-")
    atexit.register(shutil.rmtree, _XLA_CACHE, ignore_errors=True)
    jax.config.update("jax_compilation_cache_dir", _XLA_CACHE)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.1)
    # subprocesses (the CLI, the README example, the fuzz worker) share it: a program this process
    # compiled is loaded there instead of rebuilt (JAX reads these variables at start-up)
    os.environ["JAX_COMPILATION_CACHE_DIR"] = _XLA_CACHE
    os.environ["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"] = "0.1"


def examples(quick: int) -> int:
    """Examples for an expensive property (each draws a new shape, hence a compilation): ``quick``
    in the quick profile, 20x that in the thorough one."""
    return quick if PROFILE == "quick" else 20 * quick


@pytest.fixture
def fresh_jit(monkeypatch):
    """Sabotage tests monkeypatch engine internals: drop compiled programs before and after, and
    run exact SGD through the XLA program they patch, not the optional CPU kernel (which computes
    the same numbers to 1e-12, tests/test_sgd_kernel.py, and cannot be patched from Python)."""
    monkeypatch.setenv("PAPERCHECKS_KERNEL", "xla")
    jax.clear_caches()
    yield
    jax.clear_caches()


@pytest.fixture
def clear_caches(fresh_jit):
    """Sabotage tests call ``clear_caches(f, g, ...)`` on memoised sweeps so that a broken formula
    never reuses (or leaves behind) results computed with the correct one."""
    registered = []

    def clear(*caches):
        registered.extend(caches)
        for cache in caches:
            cache.cache_clear()

    yield clear
    for cache in registered:
        cache.cache_clear()
