"""paperchecks: theory verification and simulation for deep-learning optimization theory.

One import root. The sub-packages are

* :mod:`paperchecks.theory` - closed forms derived with sympy (numpy only, no JAX);
* :mod:`paperchecks.sims` - JAX simulators (the shared linear-regression engine, momentum,
  anytime schedules, LMO, Lion-K, self-pretraining attention, the last-iterate bound);
* :mod:`paperchecks.checks` - the claims registry, one module per paper, the report;
* :mod:`paperchecks.testing` - the property-testing kit (Hypothesis strategies and
  Monte-Carlo-aware assertions);
* :mod:`paperchecks.figures`, :mod:`paperchecks.explorer`, :mod:`paperchecks.bench`, and the
  command line :mod:`paperchecks.cli`.

The names below are the public API a researcher uses most (``docs/api.md`` lists them with their
signatures). They are imported lazily (PEP 562), so ``import paperchecks`` is cheap and has no side
effect: JAX's configuration (``jax_enable_x64`` included) is left as the caller set it; every
float64 simulator turns float64 on for its own call only (:func:`paperchecks.sims.precision.float64`).

    >>> import paperchecks as pc
    >>> p = pc.Problem.power_law(100, capacity=1.5, source=1.0)
    >>> pc.exact_risk(p, "sgd", lr=0.5, steps=100).risk[-1]  # doctest: +SKIP

Reference: docs/design.md, "Layout"; README.md, "Using paperchecks as a library".
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    # the shared linear-regression engine (docs/papers/momentum.md §4, docs/papers/anytime.md §5)
    "Problem": "paperchecks.sims.problem",
    "RiskCurve": "paperchecks.sims.linreg",
    "MonteCarloCurve": "paperchecks.sims.linreg",
    "exact_risk": "paperchecks.sims.linreg",
    "exact_risk_grid": "paperchecks.sims.linreg",
    "monte_carlo_risk": "paperchecks.sims.linreg",
    "iterations_to_target": "paperchecks.sims.linreg",
    "METHODS": "paperchecks.sims.methods",
    "float64": "paperchecks.sims.precision",
    # heavy ball / ASGD (docs/papers/momentum.md §4.3, §5)
    "spectral_radius": "paperchecks.sims.momentum",
    "contraction_gap": "paperchecks.sims.momentum",
    "tuned_gap": "paperchecks.sims.momentum",
    # LMO bound (docs/papers/lmo.md §3-§5)
    "optimal_hyperparameters": "paperchecks.theory.lmo",
    # the last-iterate bound for any schedule (docs/papers/refinement.md)
    "last_iterate_bound": "paperchecks.sims.refinement",
    "tuned_last_iterate_bound": "paperchecks.sims.refinement",
    "refined_schedule": "paperchecks.sims.refinement",
    # sharded sweeps (docs/design.md, scale-out)
    "grid_map": "paperchecks.sims.sweep",
    # claims (docs/design.md, "A claim")
    "claim": "paperchecks.checks.registry",
    "Evidence": "paperchecks.checks.registry",
    "Deviation": "paperchecks.checks.registry",
    "Size": "paperchecks.checks.registry",
    "Verdict": "paperchecks.checks.registry",
    "run_claim": "paperchecks.checks.registry",
    "claims": "paperchecks.checks.catalog",
    # paper packs (docs/adding-a-paper.md)
    "Paper": "paperchecks.checks.papers",
}

#: public sub-modules reachable as attributes: name -> module
_MODULES = {"schedules": "paperchecks.sims.schedules"}

__all__ = sorted([*_EXPORTS, *_MODULES, "__version__"])


def __getattr__(name: str):
    """Import a public name on first use (PEP 562)."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(_MODULES[name])
    else:
        raise AttributeError(f"module 'paperchecks' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
