"""Hypothesis strategies for property-testing bounds against the simulators (issue 11).

Requires ``hypothesis`` (the ``test`` extra). Every strategy draws inside the assumptions of the
results it serves: hyperparameters come from the mean-square stable region computed from the
stability condition (hb_asgd.md §4.3), not from rejection sampling.

    from hypothesis import given
    from checks.strategies import problems, stable_hyperparameters

    @given(data=st.data())
    def test_my_bound(data):
        problem = data.draw(problems())
        method, hyper, batch = data.draw(stable_hyperparameters(problem.eigenvalues))
        ...
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from sims import schedules as schedule_lib
from sims.linreg import Problem
from sims.momentum import contraction_gap

METHODS = ("sgd", "hb", "asgd")


@st.composite
def power_law_spectra(draw, *, dim=(2, 48), capacity=(0.5, 3.0)):
    """lambda_i = i^-a with d and a drawn from the given ranges."""
    d = draw(st.integers(*dim))
    a = draw(st.floats(*capacity))
    return np.arange(1, d + 1, dtype=np.float64) ** -a


@st.composite
def two_level_spectra(draw, *, dim=(3, 48), kappa=(1.0, 1e4)):
    """hb_asgd.md Table A family: lambda_1 = 1, a bulk, lambda_d = 1/kappa."""
    d = draw(st.integers(*dim))
    k = draw(st.floats(*kappa))
    bulk = draw(st.floats(1.0 / k, 1.0))
    return np.asarray(Problem.two_level(d, k, bulk=bulk).eigenvalues)


def spectra():
    """Power-law or two-level spectra."""
    return st.one_of(power_law_spectra(), two_level_spectra())


@st.composite
def problems(draw, *, noise=True, spectrum=None):
    """A :class:`sims.linreg.Problem`: a drawn spectrum, initial error E e_0^2 = lambda^-s (s in
    [-1, 1]) and label noise sigma^2 in [0, 1] (0 when ``noise`` is False)."""
    lam = draw(spectrum if spectrum is not None else spectra())
    s = draw(st.floats(-1.0, 1.0))
    sigma2 = draw(st.floats(0.0, 1.0)) if noise else 0.0
    return Problem.create(lam, lam**-s, sigma2)


def stability_limit(eigenvalues, method: str, *, momentum: float, alpha_ratio: float, batch: float) -> float:
    """Largest step eta such that (eta, momentum, alpha = alpha_ratio eta) is mean-square stable at
    ``batch``: bisection on the sign of the contraction gap 1 - rho* of
    :func:`sims.momentum.contraction_gap`, which is positive exactly when the noise-free map is
    stable and the secular condition F(1) < 1 holds (hb_asgd.md §4.3)."""
    lam = np.asarray(eigenvalues, dtype=float)

    def stable(eta):
        return float(contraction_gap(lam, method, lr=eta, momentum=momentum, alpha=alpha_ratio * eta, batch=batch)) > 0.0

    low, high = 0.0, 4.0 / lam.max()
    while stable(high):
        high *= 2.0
    for _ in range(50):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if stable(mid) else (low, mid)
    return low


@st.composite
def stable_hyperparameters(draw, eigenvalues, *, methods=METHODS, batch=None, margin=(0.05, 0.9)):
    """(method, {"lr", "momentum", "alpha"}, batch) strictly inside the stable region: eta is a
    drawn fraction of :func:`stability_limit`."""
    method = draw(st.sampled_from(methods))
    b = draw(st.sampled_from((1, 2, 4, 16, 64))) if batch is None else batch
    momentum = draw(st.floats(0.0, 0.95)) if method != "sgd" else 0.0
    alpha_ratio = draw(st.floats(0.0, 2.0)) if method == "asgd" else 0.0
    limit = stability_limit(eigenvalues, method, momentum=momentum, alpha_ratio=alpha_ratio, batch=b)
    eta = draw(st.floats(*margin)) * limit
    hyper = {"lr": eta}
    if method != "sgd":
        hyper["momentum"] = momentum
    if method == "asgd":
        hyper["alpha"] = alpha_ratio * eta
    return method, hyper, b


@st.composite
def lr_schedules(draw, *, base: float, horizon: int):
    """A schedule of each family (constant, inverse power with offset, cosine, linear, WSD) with
    peak step ``base``; returns (name, schedule)."""
    family = draw(st.sampled_from(("constant", "inverse_power", "cosine", "linear", "wsd")))
    if family == "constant":
        return family, schedule_lib.constant(base)
    if family == "inverse_power":
        gamma = draw(st.floats(0.0, 1.0))
        offset = draw(st.floats(1.0, 1000.0))
        return f"inverse_power(gamma={gamma:.3f}, t0={offset:.1f})", schedule_lib.inverse_power(base, gamma, offset, normalize_offset=True)
    if family == "cosine":
        return family, schedule_lib.cosine(base, horizon)
    if family == "linear":
        return family, schedule_lib.linear_decay(base, horizon)
    fraction = draw(st.floats(0.1, 0.9))
    return f"wsd(p={fraction:.2f})", schedule_lib.wsd(base, horizon, fraction, cooldown=draw(st.sampled_from(("linear", "sqrt"))))


def averagings():
    """Averaging rules of :mod:`sims.averaging`."""
    return st.one_of(
        st.just("none"),
        st.just("uniform"),
        st.floats(0.1, 1.0).map(lambda f: f"tail:{f:.3f}"),
        st.floats(1.0, 16.0).map(lambda c: f"poly:{c:.3f}"),
        st.floats(1.0, 100.0).map(lambda f: f"ema:{f:.3f}"),
    )


@st.composite
def source_capacity(draw, *, capacity=(1.2, 3.0), source=(1.2, 6.0)):
    """(a, b) for the anytime paper's source/capacity conditions, a, b > 1."""
    return draw(st.floats(*capacity)), draw(st.floats(*source))


__all__ = [
    "averagings",
    "lr_schedules",
    "power_law_spectra",
    "problems",
    "source_capacity",
    "spectra",
    "stability_limit",
    "stable_hyperparameters",
    "two_level_spectra",
]
