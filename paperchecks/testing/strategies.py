"""Hypothesis strategies for property-testing bounds against the simulators (issue 11).

Requires ``hypothesis`` (the ``test`` extra). Every strategy draws inside the assumptions of the
results it serves: hyperparameters come from the mean-square stable region computed from the
stability condition (docs/papers/momentum.md §4.3), not from rejection sampling.

    from hypothesis import given
    from paperchecks.testing.strategies import problems, stable_hyperparameters

    @given(data=st.data())
    def test_my_bound(data):
        problem = data.draw(problems())
        method, hyper, batch = data.draw(stable_hyperparameters(problem.eigenvalues))
        ...
"""

from __future__ import annotations

import functools

import jax
import numpy as np
from hypothesis import strategies as st

from paperchecks.sims import attention, refinement
from paperchecks.sims import schedules as schedule_lib
from paperchecks.sims.linreg import Problem
from paperchecks.sims.lion_experiments import domain_point
from paperchecks.sims.lmo import GEOMETRIES, NoisyQuadratic
from paperchecks.sims.momentum import contraction_gap
from paperchecks.theory import lion as lion_theory
from paperchecks.theory import lmo as lmo_theory
from paperchecks.theory.conventions import METHODS


@st.composite
def power_law_spectra(draw, *, dim=(2, 48), capacity=(0.5, 3.0)):
    """lambda_i = i^-a with d and a drawn from the given ranges.

    Reference: docs/papers/momentum.md §2.2, docs/papers/anytime.md §2.2.

    Args:
        dim: the (low, high) range of d.
        capacity: the (low, high) range of a.

    Returns:
        A strategy of eigenvalue arrays.
    """
    d = draw(st.integers(*dim))
    a = draw(st.floats(*capacity))
    return np.arange(1, d + 1, dtype=np.float64) ** -a


@st.composite
def two_level_spectra(draw, *, dim=(3, 48), kappa=(1.0, 1e4)):
    """docs/papers/momentum.md Table A family: lambda_1 = 1, a bulk, lambda_d = 1/kappa.

    Args:
        dim: the (low, high) range of d.
        kappa: the (low, high) range of kappa.

    Returns:
        A strategy of eigenvalue arrays.
    """
    d = draw(st.integers(*dim))
    k = draw(st.floats(*kappa))
    bulk = draw(st.floats(1.0 / k, 1.0))
    return np.asarray(Problem.two_level(d, k, bulk=bulk).eigenvalues)


def spectra():
    """Power-law or two-level spectra.

    Reference: docs/papers/momentum.md §2.2, §5.3.

    Returns:
        A strategy of eigenvalue arrays.
    """
    return st.one_of(power_law_spectra(), two_level_spectra())


@st.composite
def problems(draw, *, noise=True, spectrum=None):
    """A :class:`sims.linreg.Problem`: a drawn spectrum, initial error E e_0^2 = lambda^-s (s in
    [-1, 1]) and label noise sigma^2 in [0, 1] (0 when ``noise`` is False).

    Reference: docs/papers/momentum.md §2.1.

    Args:
        noise: draw a label noise.
        spectrum: a spectrum strategy (default :func:`spectra`).

    Returns:
        A strategy of :class:`sims.problem.Problem`.
    """
    lam = draw(spectrum if spectrum is not None else spectra())
    s = draw(st.floats(-1.0, 1.0))
    sigma2 = draw(st.floats(0.0, 1.0)) if noise else 0.0
    return Problem.create(lam, lam**-s, sigma2)


def stability_limit(eigenvalues, method: str, *, momentum: float, alpha_ratio: float, batch: float) -> float:
    """Largest step eta such that (eta, momentum, alpha = alpha_ratio eta) is mean-square stable at
    ``batch``: bisection on the sign of the contraction gap 1 - rho* of
    :func:`sims.momentum.contraction_gap`, which is positive exactly when the noise-free map is
    stable and the secular condition F(1) < 1 holds (docs/papers/momentum.md §4.3).

    Args:
        eigenvalues: lambda_i > 0.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        momentum: beta.
        alpha_ratio: alpha / eta.
        batch: B.

    Returns:
        The limit step.
    """
    lam = np.asarray(eigenvalues, dtype=float)
    return _stability_limit(tuple(lam.tolist()), method, float(momentum), float(alpha_ratio), float(batch))


_MAX_DOUBLINGS = 64


@functools.lru_cache(maxsize=4096)
def _stability_limit(eigenvalues: tuple, method: str, momentum: float, alpha_ratio: float, batch: float) -> float:
    """:func:`stability_limit`, cached: shrinking re-draws the same problem many times."""
    lam = np.asarray(eigenvalues)

    def stable(eta):
        return float(contraction_gap(lam, method, lr=eta, momentum=momentum, alpha=alpha_ratio * eta, batch=batch)) > 0.0

    low, high = 0.0, 4.0 / lam.max()
    for _ in range(_MAX_DOUBLINGS):  # large eta makes the noise-free map unstable; capped all the same
        if not stable(high):
            break
        high *= 2.0
    else:
        raise ValueError(
            f"no stability limit below eta = {high:g} for {method} (momentum {momentum}, batch {batch}): the method looks stable for every step size"
        )
    for _ in range(50):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if stable(mid) else (low, mid)
    return low


@st.composite
def stable_hyperparameters(draw, eigenvalues, *, methods=METHODS, batch=None, margin=(0.05, 0.9)):
    """(method, {"lr", "momentum", "alpha"}, batch) strictly inside the stable region: eta is a
    drawn fraction of :func:`stability_limit`.

    Reference: docs/papers/momentum.md §4.3 (the stability region).

    Args:
        eigenvalues: lambda_i > 0.
        methods: the methods to draw from.
        batch: a fixed batch (None: drawn).
        margin: the (low, high) fraction of the limit step.

    Returns:
        A strategy of ``(method, hyperparameters, batch)``.
    """
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
    peak step ``base``; returns (name, schedule).

    Reference: docs/papers/anytime.md §3.2-3.4 (the anytime schedule and the baselines).

    Args:
        base: the peak step.
        horizon: the horizon of the horizon-aware families.

    Returns:
        A strategy of ``(name, schedule)``.
    """
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


@st.composite
def last_iterate_schedules(draw, *, steps=(2, 40)):
    """A schedule eta_1 .. eta_T for the last-iterate bound: a common shape (linear, cosine,
    constant, WSD with a drawn cooldown, inverse power) or log-normal positive step sizes, with T
    drawn in ``steps``; returns (name, the (T,) float64 shape), to be tuned by
    :func:`paperchecks.sims.refinement.tuned_last_iterate_bound`.

    Reference: docs/papers/refinement.md §2.

    Args:
        steps: the (low, high) range of T.

    Returns:
        A strategy of ``(name, shape)``.
    """
    horizon = draw(st.integers(*steps))
    family = draw(st.sampled_from(("linear", "cosine", "constant", "wsd", "inverse_power", "drawn")))
    if family == "wsd":
        family = f"wsd:{draw(st.floats(0.05, 1.0)):.3f}"
    elif family == "inverse_power":
        family = f"inverse_power:{draw(st.floats(0.0, 1.0)):.3f}"
    if family == "drawn":
        logs = draw(st.lists(st.floats(-3.0, 3.0), min_size=horizon, max_size=horizon))
        return family, np.exp(np.array(logs))
    return family, refinement.schedule_shape(family, horizon)


def averagings():
    """Averaging rules of :mod:`sims.averaging`.

    Reference: docs/papers/anytime.md §3.3.

    Returns:
        A strategy of averaging strings.
    """
    return st.one_of(
        st.just("none"),
        st.just("uniform"),
        st.floats(0.1, 1.0).map(lambda f: f"tail:{f:.3f}"),
        st.floats(1.0, 16.0).map(lambda c: f"poly:{c:.3f}"),
        st.floats(1.0, 100.0).map(lambda f: f"ema:{f:.3f}"),
    )


@st.composite
def source_capacity(draw, *, capacity=(1.2, 3.0), source=(1.2, 6.0)):
    """(a, b) for the anytime paper's source/capacity conditions, a, b > 1.

    Reference: docs/papers/anytime.md §2.2.

    Args:
        capacity: the (low, high) range of a.
        source: the (low, high) range of b.

    Returns:
        A strategy of ``(a, b)``.
    """
    return draw(st.floats(*capacity)), draw(st.floats(*source))


@st.composite
def lmo_constants(draw):
    """Bound constants (A0, A1, A2, A3) of docs/papers/lmo.md §4.1: A0, A1, A2 > 0, A3 >= 0.

    Returns:
        A strategy of 4-tuples.
    """
    return tuple(draw(st.floats(0.1, 4.0)) for _ in range(3)) + (draw(st.floats(0.0, 2.0)),)


@st.composite
def lmo_settings(draw, *, steps=(250, 500)):
    """(geometry, problem, eta, beta, B, K) inside the bound's assumptions (eta > 0, beta in [0, 1),
    B >= 1): a quadratic with random curvatures (vector for l2 / l-inf, row-scaled 6 x 4 matrix for
    the spectral geometry) and K from ``steps`` (few values: each K is one compiled program).

    Reference: docs/papers/lmo.md §2-4 (the bound's assumptions).

    Args:
        steps: the values of K.

    Returns:
        A strategy of ``(geometry, problem, eta, beta, B, K)``.
    """
    geometry = draw(st.sampled_from(GEOMETRIES))
    low = draw(st.floats(0.05, 0.5))
    if geometry == "spectral":
        problem = NoisyQuadratic.row_scaled(np.linspace(low, 1.0, 6), 4, draw(st.floats(0.5, 3.0)), draw(st.floats(0.2, 2.0)))
    else:
        problem = NoisyQuadratic.diagonal(np.linspace(low, 1.0, 24), draw(st.floats(0.5, 3.0)), draw(st.floats(0.2, 2.0)))
    lr = 10 ** draw(st.floats(-3.0, -1.0))
    alpha = 10 ** draw(st.floats(-2.0, 0.0))
    return geometry, problem, lr, 1.0 - alpha, float(draw(st.sampled_from((1, 2, 4, 16)))), draw(st.sampled_from(steps))


@st.composite
def lmo_budgets(draw, *, regimes=("R1", "R2", "R3", "R4")):
    """(regime, budget, fixed) for :func:`theory.lmo.optimal_hyperparameters`: the budget is K
    (R1, R2) or T (R3, R4) in [1e3, 1e12]; ``fixed`` holds the batch (R1, R2) and momentum (R1, R3).

    Reference: docs/papers/lmo.md §5 (regimes R1-R4).

    Args:
        regimes: the regimes to draw from.

    Returns:
        A strategy of ``(regime, budget, fixed)``.
    """
    regime = draw(st.sampled_from(regimes))
    fixed = {}
    if regime in ("R1", "R2"):
        fixed["batch"] = float(draw(st.sampled_from((1, 8, 64, 512))))
    if regime in ("R1", "R3"):
        fixed["momentum"] = 1.0 - 10 ** draw(st.floats(-3.0, 0.0, exclude_max=True))
    return regime, 10 ** draw(st.floats(3.0, 12.0)), fixed


@st.composite
def lmo_optimal_hyperparameters(draw, *, regimes=("R1", "R2", "R3", "R4")):
    """The LMO-bound-optimal (eta, beta, B) at a drawn regime and budget (docs/papers/lmo.md §5; unit
    Delta, L, sigma and drawn constants): returns (regime, budget, constants, optimum dict).

    Args:
        regimes: the regimes to draw from.

    Returns:
        A strategy of ``(regime, budget, constants, optimum)``.
    """
    regime, budget, fixed = draw(lmo_budgets(regimes=regimes))
    constants = draw(lmo_constants())
    best = lmo_theory.optimal_hyperparameters(regime, budget=budget, delta=1.0, L=1.0, sigma=1.0, constants=constants, **fixed)
    return regime, budget, constants, best


@st.composite
def lion_cases(draw, *, rows=None, beta_order="valid", dim=5):
    """One implicit-decay Lion-K step setting (docs/papers/lion.md §6.2): a K-table row (every row; the
    nuclear norm gets d x 3 matrix states), a PSD or indefinite quadratic f = <x, H x>/2 + <b, x>,
    a state x with lambda x strictly inside dom K*,
    a momentum m at scale 10^[-2, 1], eta, lambda, and (beta1, beta2) with beta1 <= beta2
    (``beta_order="valid"``, the theorem's assumption) or beta1 > beta2 (``"reversed"``).
    Returns a dict with keys row, hessian, b, x, m, lr, beta1, beta2, lam.

    Args:
        rows: the K-table row names (None: every row).
        beta_order: ``"valid"`` or ``"reversed"``.
        dim: the dimension of x.

    Returns:
        A strategy of setting dicts.
    """
    row = lion_theory.k_row(draw(st.sampled_from(rows or list(lion_theory.K_TABLE))))
    shape = (dim, 3) if row.name == "nuclear" else (dim,)  # the nuclear norm acts on matrices
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    q = rng.normal(size=(dim, dim))
    hessian = q @ q.T / dim if draw(st.booleans()) else (q + q.T) / 2
    lam_ = 10 ** draw(st.floats(-1.0, 1.0))
    small, large = sorted((draw(st.floats(0.0, 0.999)), draw(st.floats(0.0, 0.999))))
    if beta_order == "reversed":
        large = max(large, small + 1e-3)
        small, large = large, small
    elif beta_order != "valid":
        raise ValueError(f"beta_order must be 'valid' or 'reversed', got {beta_order!r}")
    return {
        "row": row,
        "hessian": hessian,
        "b": rng.normal(size=shape),
        "x": domain_point(rng, row, shape) / lam_,
        "m": rng.normal(size=shape) * 10 ** draw(st.floats(-2.0, 1.0)),
        "lr": 10 ** draw(st.floats(-3.0, 0.0)),
        "beta1": small,
        "beta2": large,
        "lam": lam_,
    }


@st.composite
def attention_problems(draw, *, lengths=(8, 16, 32), count=128):
    """An SPT label-model problem (docs/papers/spt.md §2.3): activation phi, sequence length T,
    AR(1)-vs-shuffled scalar sequences and random non-attention parameters.

    Args:
        lengths: the sequence lengths T to draw from.
        count: the number of sequences.

    Returns:
        A strategy of ``(phi, T, params, tokens, labels)``.
    """
    phi = draw(st.sampled_from(("id", "tanh", "square", "relu")))
    length = draw(st.sampled_from(lengths))
    seed = draw(st.integers(0, 2**31 - 1))
    params, tokens, labels = attention.label_problem(np.random.default_rng(seed), jax.random.key(seed), length, count)
    return phi, length, params, tokens, labels


__all__ = [
    "attention_problems",
    "averagings",
    "lion_cases",
    "lmo_budgets",
    "lmo_constants",
    "lmo_optimal_hyperparameters",
    "lmo_settings",
    "lr_schedules",
    "power_law_spectra",
    "problems",
    "source_capacity",
    "spectra",
    "stability_limit",
    "stable_hyperparameters",
    "two_level_spectra",
]
