"""Shared test configuration: the kit's hypothesis profiles (``PAPERCHECKS_HYPOTHESIS=thorough`` for
a long local run; ``quick`` is the default and keeps the suite under 10 minutes on 2 cores), one
virtual CPU device per core, and the persistent XLA cache. JAX's ``jax_enable_x64`` is left off, as
a user's process has it: every simulator must deliver float64 by itself (sims.precision)."""

import os
import re

import jax
import pytest
from hypothesis import settings

from paperchecks.sims import compile_cache, sweep
from paperchecks.testing import PROFILES

# As the CLI's default (--devices all): one virtual CPU device per core, so that every grid in the
# suite runs sharded (tests/test_sweep.py compares with one device in subprocesses).
sweep.configure("all")

PROFILE = os.environ.get("PAPERCHECKS_HYPOTHESIS", "quick")
settings.load_profile(PROFILES[PROFILE])

# The persistent XLA cache the command line uses (sims/compile_cache.py): programs recompiled after
# ``jax.clear_caches()`` (sabotage tests), from equal-but-new closures (schedules), in subprocesses
# (the CLI, the README example, the fuzz worker) and by the previous run on this machine are loaded
# instead of rebuilt. Same program, same numbers. PAPERCHECKS_XLA_CACHE=off turns it off, a folder
# path moves it.
compile_cache.enable_compilation_cache()


# Two test workers (`pytest -n 2 --dist loadscope`, README): a paper's quick claims (the class
# TestClaims_<paper> in test_claims.py) and its sabotage tests (test_sabotage_<paper>.py) are one
# unit of work on one worker, so that runs the claims memoise (the SPT claims' eight trained arms)
# serve the sabotage tests too instead of being trained again on the other worker (162 s).
_PAPER_SCOPE = re.compile(r"tests/test_(?:claims\.py::TestClaims_(\w+)|sabotage_(\w+)\.py)::")


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope`` with one scope per paper for its claims and its sabotage tests."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class _PaperScopes(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            match = _PAPER_SCOPE.match(nodeid)
            return f"paper:{match.group(1) or match.group(2)}" if match else super()._split_scope(nodeid)

    return _PaperScopes(config, log)


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
