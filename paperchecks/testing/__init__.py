"""The property-testing kit: Hypothesis strategies that draw inside each paper's assumptions and
assertions that know about Monte Carlo error (README.md, "Property-test your own bound").

Importing the kit registers two Hypothesis profiles and loads none (your own profile stays in
force): ``paperchecks-quick`` (25 examples, derandomised, no deadline) and
``paperchecks-thorough`` (500 examples, no deadline); load one with
``hypothesis.settings.load_profile("paperchecks-quick")``. Simulation-backed properties compile
a program per drawn shape, far beyond Hypothesis' 200 ms default deadline, so decorate them with
:func:`simulation_settings` (``deadline=None`` and the slow-data health checks off).

Reference: docs/design.md, "Layout" (``paperchecks/testing``); README.md, "Property-test your own bound".
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from paperchecks.testing.assertions import assert_above, assert_agrees, assert_below, assert_identity, assert_slope
from paperchecks.testing.claims import claim_tests, describe_outcome
from paperchecks.testing.strategies import (
    attention_problems,
    averagings,
    last_iterate_schedules,
    lion_cases,
    lmo_budgets,
    lmo_constants,
    lmo_optimal_hyperparameters,
    lmo_settings,
    lr_schedules,
    power_law_spectra,
    problems,
    source_capacity,
    spectra,
    stability_limit,
    stable_hyperparameters,
    two_level_spectra,
)

__all__ = [
    "PROFILES",
    "assert_above",
    "assert_agrees",
    "assert_below",
    "assert_identity",
    "assert_slope",
    "attention_problems",
    "averagings",
    "claim_tests",
    "describe_outcome",
    "last_iterate_schedules",
    "lion_cases",
    "lmo_budgets",
    "lmo_constants",
    "lmo_optimal_hyperparameters",
    "lmo_settings",
    "lr_schedules",
    "power_law_spectra",
    "problems",
    "simulation_settings",
    "source_capacity",
    "spectra",
    "stability_limit",
    "stable_hyperparameters",
    "two_level_spectra",
]  # a re-export list: ruff needs it literal

_SLOW_DATA = (HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much)

#: the registered profile names, by size
PROFILES = {"quick": "paperchecks-quick", "thorough": "paperchecks-thorough"}
settings.register_profile(PROFILES["quick"], max_examples=25, deadline=None, derandomize=True, suppress_health_check=_SLOW_DATA)
settings.register_profile(PROFILES["thorough"], max_examples=500, deadline=None, suppress_health_check=_SLOW_DATA)


def simulation_settings(**overrides) -> settings:
    """Hypothesis settings for a simulation-backed property: no deadline (each new shape compiles
    a program) and the slow-data health checks off; other settings come from the loaded profile.

    Reference: README.md, "Property-test your own bound".

    Args:
        overrides: further ``hypothesis.settings`` fields (``max_examples=25``, say).

    Returns:
        The settings, usable as a decorator.
    """
    return settings(deadline=None, suppress_health_check=_SLOW_DATA, **overrides)
