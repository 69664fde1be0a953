"""The exact worst case of SGD's last iterate by performance estimation (PEP; docs/papers/refinement.md §5).

Over every convex f whose subgradients at the queried points have norm <= G, and every start with
||x_1 - x*|| <= D, the largest f(x_T) - f* after the T - 1 steps x_{t+1} = x_t - eta_t g_t is the value
of a semidefinite program (Drori and Teboulle, arXiv 1206.3209; Taylor, Hendrickx and Glineur,
arXiv 1502.05666), which PEPit builds and an open conic solver (Clarabel) solves. The optional extra
``pip install 'paperchecks[pep]'`` provides both; without it :func:`worst_case_last_iterate` raises
an ImportError that says so.

Index convention (docs/papers/refinement.md §5): the steps use eta_1 .. eta_{T-1}, the ones the bound
Omega_T weighs; one public script steps with eta_2 .. eta_T instead, which changes the worst case.
"""

from __future__ import annotations

import numpy as np

from paperchecks.sims.validation import in_range, real_array

__all__ = ["MAX_PEP_STEPS", "worst_case_last_iterate"]

MAX_PEP_STEPS = 200  # the SDP has O(T^2) constraints: ~40 s at T = 60 on one core


def worst_case_last_iterate(lr, *, distance: float = 1.0, lipschitz: float = 1.0) -> float:
    """max f(x_T) - f* over convex G-Lipschitz f and ||x_1 - x*|| <= D, for x_{t+1} = x_t - eta_t g_t
    with eta_1 .. eta_{T-1} (the last entry of ``lr``, eta_T, takes no step).

    Reference: docs/papers/refinement.md §5 (PEP of the subgradient method, arXiv 1502.05666).

    Args:
        lr: eta_1 .. eta_T (1-D, >= 0, 2 <= T <= :data:`MAX_PEP_STEPS`).
        distance: D > 0.
        lipschitz: G > 0.

    Returns:
        The worst-case f(x_T) - f* (the SDP's optimal value, to the solver's accuracy ~1e-8).

    Raises:
        ImportError: without the ``pep`` extra (PEPit and Clarabel).
    """
    table = real_array(
        "lr",
        lr,
        f"a 1-D array of 2 to {MAX_PEP_STEPS} step sizes >= 0",
        lambda a: a.ndim == 1 and 2 <= a.size <= MAX_PEP_STEPS and np.all(a >= 0),
    )
    distance = in_range("distance", distance, low=0.0, low_open=True)
    lipschitz = in_range("lipschitz", lipschitz, low=0.0, low_open=True)
    try:
        from PEPit import PEP
        from PEPit.functions import ConvexLipschitzFunction
    except ImportError as err:
        raise ImportError("the worst case needs the pep extra: pip install 'paperchecks[pep]' (PEPit and Clarabel)") from err
    problem = PEP()
    f = problem.declare_function(ConvexLipschitzFunction, M=lipschitz)
    optimum = f.stationary_point()
    x = problem.set_initial_point()
    problem.set_initial_condition((x - optimum) ** 2 <= distance**2)
    for eta in table[:-1]:
        x = x - float(eta) * f.subgradient(x)
    problem.set_performance_metric(f(x) - f(optimum))
    return float(problem.solve(wrapper="cvxpy", solver="CLARABEL", verbose=0))
