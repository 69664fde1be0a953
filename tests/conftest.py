"""Shared test configuration: hypothesis profiles (``PAPERCHECKS_HYPOTHESIS=thorough`` for a long
local run; ``quick`` is the default and keeps the suite under 10 minutes on 2 cores)."""

import os

import jax
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("quick", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("PAPERCHECKS_HYPOTHESIS", "quick"))


@pytest.fixture
def fresh_jit():
    """Sabotage tests monkeypatch engine internals: drop compiled programs before and after."""
    jax.clear_caches()
    yield
    jax.clear_caches()
