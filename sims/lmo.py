"""Momentum LMO methods on noisy quadratics with known L and sigma (docs/papers/lmo.md §2, §3, §8).

The method (§3)::

    m_k = beta m_{k-1} + (1 - beta) g_k,   d_k = lmo(m_k) in argmin_{||d|| <= 1} <m_k, d>,
    x_{k+1} = x_k + eta d_k,

with ``init`` selecting m_0: ``"matched"`` (a fresh minibatch gradient at x_0, the spec's reading of
the paper's "matched initialization"), ``"exact"`` (the true gradient, term (b) of the bound
vanishes), ``"zero"`` (m_{-1} = 0, so m_0 = (1 - beta) g_0: optax's EMA convention).

Geometries (§3 table): ``l2`` (normalized SGD, lmo = -m/||m||_2, dual l2), ``linf`` (Signum,
lmo = -sign m, dual l1), ``spectral`` (Muon, lmo = -U V^T of the thin SVD, dual nuclear; or
``spectral_method="newton_schulz"``, Muon's quintic iteration, which is *not* an exact LMO).

Problems: f(x) = 1/2 sum h x^2 (x a vector, or a matrix whose rows share a curvature a_i), per-
sample gradients g = h x + z with E||z||_2^2 = sigma_2^2 (isotropic Gaussian), so a batch of B has
noise sigma_2/sqrt(B). The constants of the bound (§2): L = max h (l2), sum h (linf), min(m,n) max a
(spectral); sigma = rho sigma_2 with rho = 1, sqrt(d), sqrt(min(m,n)).

The measured quantity is (1/K) sum_{k<K} ||grad f(x_k)||_* per seed (§9.9: true gradient, dual norm).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims import schedules, sweep
from paperchecks.sims.precision import in_float64
from paperchecks.sims.statistics import mean_and_se, tagged_key
from paperchecks.sims.validation import MAX_STEPS, check_bytes, choice, fail, positive_int, real_array
from paperchecks.theory import lmo as theory

__all__ = [
    "C4_GRID",
    "GEOMETRIES",
    "INITS",
    "LMORun",
    "LMOSchedule",
    "MUON_COEFFICIENTS",
    "NoisyQuadratic",
    "SPECTRAL_METHODS",
    "bound_grid_run",
    "bound_problems",
    "dual_norm",
    "lmo",
    "lmo_schedule",
    "mean_and_se",
    "newton_schulz",
    "norm",
    "polar_factor",
    "simulate",
    "stochastic_gradient",
]

GEOMETRIES = ("l2", "linf", "spectral")
INITS = ("matched", "exact", "zero")
SPECTRAL_METHODS = ("svd", "newton_schulz")
MUON_COEFFICIENTS = (3.4445, -4.7750, 2.0315)
"""Keller Jordan's quintic Newton-Schulz coefficients (optax.contrib.muon's default)."""


# ------------------------------------------------------------------------------------------------
# norms and linear minimization oracles


@in_float64
def newton_schulz(m: jax.Array, steps: int = 5, coefficients=MUON_COEFFICIENTS) -> jax.Array:
    """Muon's orthogonalisation: X <- a X + (b A + c A^2) X with A = X X^T, from X = m/||m||_F.
    With (a, b, c) = (1.5, -0.5, 0) and enough steps it converges to the polar factor U V^T; the
    quintic default stops with singular values spread around 1 (not an exact LMO).

    Reference: docs/papers/lmo.md §3 (Muon).

    Args:
        m: the (p, q) matrix.
        steps: the number of iterations.
        coefficients: (a, b, c).

    Returns:
        The approximately orthogonal matrix.
    """
    a, b, c = coefficients
    tall = m.shape[0] > m.shape[1]
    x = m.T if tall else m
    x = x / (jnp.linalg.norm(x) + 1e-30)
    for _ in range(steps):
        gram = x @ x.T
        x = a * x + (b * gram + c * gram @ gram) @ x
    return x.T if tall else x


@in_float64
def polar_factor(m: jax.Array) -> jax.Array:
    """U V^T of the thin SVD m = U S V^T (the spectral-norm LMO up to sign).

    Reference: docs/papers/lmo.md §3.

    Args:
        m: the (p, q) matrix.

    Returns:
        U V^T.
    """
    u, _, vt = jnp.linalg.svd(m, full_matrices=False)
    return u @ vt


@in_float64
def lmo(m: jax.Array, geometry: str, spectral_method: str = "svd") -> jax.Array:
    """argmin_{||d|| <= 1} <m, d> for the geometry's norm; 0 for m = 0.

    Reference: docs/papers/lmo.md §3 (the linear minimisation oracles).

    Args:
        m: the momentum (vector or matrix).
        geometry: ``"l2"``, ``"linf"`` or ``"spectral"``.
        spectral_method: ``"svd"`` (exact polar factor) or ``"newton_schulz"`` (Muon's iteration).

    Returns:
        The direction d with ||d|| = 1.
    """
    if geometry == "l2":
        norm = jnp.linalg.norm(m)
        return jnp.where(norm > 0, -m / jnp.where(norm > 0, norm, 1.0), 0.0)
    if geometry == "linf":
        return -jnp.sign(m)
    if geometry == "spectral":
        return -(polar_factor(m) if spectral_method == "svd" else newton_schulz(m))
    fail("geometry", f"one of {GEOMETRIES}", geometry)


@in_float64
def norm(x: jax.Array, geometry: str) -> jax.Array:
    """The primal norm ||x||: l2, max-abs, or the largest singular value.

    Reference: docs/papers/lmo.md §2-3.

    Args:
        x: a vector or matrix.
        geometry: ``"l2"``, ``"linf"`` or ``"spectral"``.

    Returns:
        The norm.
    """
    if geometry == "l2":
        return jnp.linalg.norm(x)
    if geometry == "linf":
        return jnp.max(jnp.abs(x))
    return jnp.linalg.svd(x, compute_uv=False)[0]


@in_float64
def dual_norm(g: jax.Array, geometry: str) -> jax.Array:
    """The dual norm ||g||_*: l2, l1, or nuclear (sum of singular values).

    Reference: docs/papers/lmo.md §2-3.

    Args:
        g: a vector or matrix.
        geometry: ``"l2"``, ``"linf"`` or ``"spectral"``.

    Returns:
        The dual norm.
    """
    if geometry == "l2":
        return jnp.linalg.norm(g)
    if geometry == "linf":
        return jnp.sum(jnp.abs(g))
    return jnp.sum(jnp.linalg.svd(g, compute_uv=False))


# ------------------------------------------------------------------------------------------------
# problems


class NoisyQuadratic(NamedTuple):
    """f(x) = 1/2 sum h x^2 with per-sample gradient noise of total l2 standard deviation
    ``noise`` (sigma_2); ``curvature`` has the shape of x (rows share a value for matrices).

    Reference: docs/papers/lmo.md §2 (L-smooth objective, sigma-bounded noise), §8 C2-C4.
    """

    curvature: jax.Array
    start: jax.Array
    noise: float

    @classmethod
    @in_float64
    def diagonal(cls, curvature, start: float, noise: float = 1.0) -> NoisyQuadratic:
        """Vector problem x in R^d, x_0 = start * 1 (§8 C2: h = linspace(0.1, 1, 40), start 2).

        Args:
            curvature: h > 0, one per coordinate.
            start: the start value.
            noise: sigma_2 >= 0.

        Returns:
            The :class:`NoisyQuadratic`.
        """
        h = jnp.asarray(curvature, dtype=jnp.float64)
        _check_problem(h, noise)
        return cls(h, jnp.full_like(h, float(start)), float(noise))

    @classmethod
    @in_float64
    def row_scaled(cls, row_curvature, columns: int, start: float, noise: float = 1.0) -> NoisyQuadratic:
        """Matrix problem X in R^{m x n}, f = 1/2 sum_ij a_i X_ij^2, X_0 = start * ones.

        Reference: docs/papers/lmo.md §8 C2-C4 (the spectral-geometry problem).

        Args:
            row_curvature: a_i > 0, one per row.
            columns: n >= 1.
            start: the start value.
            noise: sigma_2 >= 0.

        Returns:
            The :class:`NoisyQuadratic`.
        """
        a = jnp.asarray(row_curvature, dtype=jnp.float64)
        if columns < 1:
            fail("columns", ">= 1", columns)
        h = jnp.broadcast_to(a[:, None], (a.shape[0], int(columns)))
        _check_problem(h, noise)
        return cls(h, jnp.full_like(h, float(start)), float(noise))

    @property
    @in_float64
    def suboptimality(self) -> float:
        """Delta = f(x_0) - f* (f* = 0)."""
        return float(0.5 * jnp.sum(self.curvature * self.start**2))

    def constants(self, geometry: str) -> tuple[float, float]:
        """(L, sigma) of the bound in this geometry (§2): smoothness w.r.t. (||.||, ||.||_*) and the
        dual-norm noise scale sigma = rho sigma_2.

        Args:
            geometry: ``"l2"``, ``"linf"`` or ``"spectral"``.

        Returns:
            ``(L, sigma)``.
        """
        h = np.asarray(self.curvature)
        if geometry == "l2":
            return float(h.max()), self.noise
        if geometry == "linf":
            if h.ndim != 1:
                fail("geometry", "'linf' on vector problems", geometry)
            return float(h.sum()), math.sqrt(h.size) * self.noise
        if geometry == "spectral":
            if h.ndim != 2 or not np.all(h == h[:, :1]):
                fail("geometry", "'spectral' on row-scaled matrix problems", geometry)
            k = min(h.shape)
            return k * float(h.max()), math.sqrt(k) * self.noise
        fail("geometry", f"one of {GEOMETRIES}", geometry)


def bound_problems(start: float = 2.0) -> dict[str, NoisyQuadratic]:
    """The problems of docs/papers/lmo.md §8 C2-C4 per geometry: h = linspace(0.1, 1, 40) for l2 and
    linf; an 8 x 5 matrix with row curvatures linspace(0.1, 1, 8) for spectral (Muon);
    x_0 = start * ones, sigma_2 = 1.

    Args:
        start: the start value.

    Returns:
        ``{geometry: NoisyQuadratic}``.
    """
    vector = NoisyQuadratic.diagonal(np.linspace(0.1, 1.0, 40), start)
    return {"l2": vector, "linf": vector, "spectral": NoisyQuadratic.row_scaled(np.linspace(0.1, 1.0, 8), 5, start)}


#: docs/papers/lmo.md §8 C4: the step sizes eta, the momentum complements alpha = 1 - beta, the batch sizes B
C4_GRID = ((3e-3, 1e-2, 3e-2), (0.03, 0.1, 1.0), (1.0, 4.0, 16.0))


@functools.cache
def bound_grid_run(geometry: str, steps: int, lrs: tuple, alphas: tuple, batches: tuple, *, seed: int):
    """The measurement behind the main bound (docs/papers/lmo.md §8 C4): the mean and standard
    error over 32 seeds of (1/K) sum_k ||grad f(x_k)||_* on ``bound_problems()[geometry]``, on the
    grid eta x alpha x B (``indexing="ij"``, beta = 1 - alpha; :data:`C4_GRID` or part of it), keys
    from ``tagged_key(seed, f"lmo-c4-{geometry}-{steps}")``. Memoised: in a reproduce run the claim
    ``lmo.main_bound_holds`` and ``fig_lmo_bound_tightness`` read one computation.

    Args:
        geometry: ``"l2"``, ``"linf"`` or ``"spectral"``.
        steps: K.
        lrs: the step sizes eta.
        alphas: the momentum complements 1 - beta.
        batches: the batch sizes B.
        seed: the base seed.

    Returns:
        ``(mean, se)``, arrays of shape (len(lrs), len(alphas), len(batches)) (do not modify them).
    """
    lr, alpha, batch = np.meshgrid(lrs, alphas, batches, indexing="ij")
    problem = bound_problems()[geometry]
    key = tagged_key(seed, f"lmo-c4-{geometry}-{steps}")
    run = simulate(problem, geometry, lr=lr, momentum=1 - alpha, batch=batch, steps=steps, seeds=32, key=key)
    return mean_and_se(run.mean_dual_grad)


def _check_problem(h, noise):
    if not bool(jnp.all(h > 0)) or not bool(jnp.all(jnp.isfinite(h))):
        fail("curvature", "finite and > 0", "a non-positive or non-finite entry")
    if not (math.isfinite(noise) and noise >= 0):
        fail("noise", "finite and >= 0", noise)


@in_float64
def stochastic_gradient(problem: NoisyQuadratic, x, batch, key):
    """grad f(x) + the mean of ``batch`` i.i.d. isotropic noises with E||z||^2 = sigma_2^2.

    Reference: docs/papers/lmo.md §2 (the noise assumption).

    Args:
        problem: the :class:`NoisyQuadratic`.
        x: the point.
        batch: B.
        key: the PRNG key of this step and seed.

    Returns:
        The stochastic gradient.
    """
    z = jax.random.normal(key, x.shape, dtype=x.dtype)
    return problem.curvature * x + problem.noise * z / jnp.sqrt(x.size * batch)


# ------------------------------------------------------------------------------------------------
# the simulator


class LMORun(NamedTuple):
    """Per configuration and seed: ``mean_dual_grad`` = (1/K) sum ||grad f(x_k)||_*,
    ``descent_violation`` = max_k of f(x_{k+1}) - [f(x_k) - eta ||grad f||_* + 2 eta ||eps_k||_* +
    L eta^2/2] (<= 0 when the one-step inequality of §4.2 holds), the last iterate ``final`` = x_K,
    and with ``trace=True``
    ``dual_grad``/``momentum_error`` per step (||grad f(x_k)||_*, ||m_k - grad f(x_k)||_*)."""

    mean_dual_grad: jax.Array
    descent_violation: jax.Array
    final: jax.Array
    dual_grad: jax.Array | None = None
    momentum_error: jax.Array | None = None


#: ||x_K - x_0|| <= eta K with K < 2^31: below this step the iterates and f stay far from overflow
_MAX_LR = 1e50


def _validate(lr, momentum, batch, steps, seeds, geometry, init, spectral_method):
    real_array("lr", lr, f"finite reals in (0, {_MAX_LR:g}]", lambda v: np.all((v > 0) & (v <= _MAX_LR)))
    real_array("momentum", momentum, "finite reals in [0, 1)", lambda v: np.all((v >= 0) & (v < 1)))
    real_array("batch", batch, "finite reals >= 1", lambda v: np.all(v >= 1))
    positive_int("steps", steps, maximum=MAX_STEPS)
    seeds = positive_int("seeds", seeds, maximum=MAX_STEPS)
    try:
        configs = np.broadcast_shapes(np.shape(lr), np.shape(momentum), np.shape(batch))
    except ValueError:
        fail("lr/momentum/batch", "arrays that broadcast to one grid", f"shapes {np.shape(lr)}, {np.shape(momentum)}, {np.shape(batch)}")
    check_bytes("seeds", seeds, 64.0 * seeds * math.prod(configs), "the per-seed keys and results of every configuration")
    choice("geometry", geometry, GEOMETRIES)
    choice("init", init, INITS)
    choice("spectral_method", spectral_method, SPECTRAL_METHODS)


@functools.partial(jax.jit, static_argnames=("geometry", "steps", "init", "trace", "spectral_method"))
def _run(problem, smoothness, lr, alpha, batch, key, *, geometry, steps, init, trace, spectral_method):
    """One configuration, one seed: lax.scan over K steps."""

    def f(x):
        return 0.5 * jnp.sum(problem.curvature * x * x)

    def step(carry, k):
        x, m, total, worst = carry
        grad = problem.curvature * x
        g = stochastic_gradient(problem, x, batch, jax.random.fold_in(key, k))
        first = {"matched": g, "exact": grad, "zero": alpha * g}[init]
        m = jnp.where(k == 0, first, (1 - alpha) * m + alpha * g)
        x_next = x + lr * lmo(m, geometry, spectral_method)
        grad_norm, error = dual_norm(grad, geometry), dual_norm(m - grad, geometry)
        slack = f(x_next) - (f(x) - lr * grad_norm + 2 * lr * error + 0.5 * smoothness * lr**2)
        out = (grad_norm, error) if trace else None
        return (x_next, m, total + grad_norm, jnp.maximum(worst, slack)), out

    init_carry = (problem.start, jnp.zeros_like(problem.start), jnp.zeros(()), jnp.full((), -jnp.inf))
    (final, _, total, worst), out = jax.lax.scan(step, init_carry, jnp.arange(steps))
    return LMORun(total / steps, worst, final, *(out if trace else (None, None)))


@in_float64
def simulate(
    problem: NoisyQuadratic,
    geometry: str,
    *,
    lr,
    momentum,
    batch,
    steps: int,
    seeds: int,
    key: jax.Array,
    init: str = "matched",
    trace: bool = False,
    spectral_method: str = "svd",
) -> LMORun:
    """Run the momentum LMO method for ``steps`` iterations on ``seeds`` independent noise streams.

    ``lr``, ``momentum`` and ``batch`` broadcast to a grid of configurations (any common shape);
    outputs have shape ``grid + (seeds,)`` (``+ (steps,)`` for traces, ``+ x.shape`` for ``final``).
    Seed i draws the step-k gradient noise from ``fold_in(fold_in(key, i), k)`` (see
    :func:`stochastic_gradient`), so a configuration's numbers do not depend on the rest of the grid.

    Reference: docs/papers/lmo.md §3 (the algorithm), §8 C2-C4.

    Args:
        problem: the :class:`NoisyQuadratic`.
        geometry: ``"l2"``, ``"linf"`` or ``"spectral"``.
        lr: eta > 0 (grid).
        momentum: beta in [0, 1) (grid).
        batch: B >= 1 (grid).
        steps: K >= 1.
        seeds: the number of noise streams >= 1.
        key: the PRNG key.
        init: m_0: ``"matched"`` (a minibatch gradient at x_0), ``"exact"`` (grad f(x_0)) or ``"zero"``.
        trace: record per-step dual gradient norms and momentum errors.
        spectral_method: ``"svd"`` or ``"newton_schulz"``.

    Returns:
        The :class:`LMORun`.
    """
    _validate(lr, momentum, batch, steps, seeds, geometry, init, spectral_method)
    smoothness, _ = problem.constants(geometry)
    lr, momentum, batch = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (lr, momentum, batch)))
    shape = lr.shape
    keys = jax.vmap(lambda i: jax.random.fold_in(key, i))(jnp.arange(seeds))
    configs = lr.size
    rows = (
        np.repeat(lr.ravel(), seeds),
        np.repeat(1.0 - momentum.ravel(), seeds),
        np.repeat(batch.ravel(), seeds),
        jnp.tile(keys, configs),
    )
    out = sweep.grid_map(
        _simulate_rows,
        rows,
        problem,
        smoothness,
        geometry=geometry,
        steps=int(steps),
        init=init,
        trace=trace,
        spectral_method=spectral_method,
    )
    return jax.tree.map(lambda a: np.asarray(a).reshape(shape + (seeds,) + a.shape[1:]), out)


def _simulate_rows(rows, problem, smoothness, **static):
    """Grid block of :func:`simulate` (rows: (configuration, seed) pairs), vmapped."""

    def one(row):
        return _run(problem, smoothness, *row, **static)

    # spectral: one row at a time, since batched SVDs and the reductions around them are not
    # bitwise independent of the batch size on CPU (a row's numbers must not depend on the split)
    return jax.lax.map(one, rows) if static["geometry"] == "spectral" else jax.vmap(one)(rows)


# ------------------------------------------------------------------------------------------------
# tuned hyperparameters for users


@dataclasses.dataclass(frozen=True)
class LMOSchedule:
    """Bound-optimal constant hyperparameters for one run (docs/papers/lmo.md §5; the theory assumes
    constant eta and beta, no warmup or decay). ``learning_rate`` and ``momentum_schedule`` are
    optax-compatible ``step -> value`` callables."""

    regime: str
    lr: float
    momentum: float
    batch: float
    steps: int
    bound: float
    samples: float

    @property
    def learning_rate(self):
        """The tuned eta as an optax-compatible ``step -> value`` callable (constant)."""
        return schedules.constant(self.lr)

    @property
    def momentum_schedule(self):
        """The tuned beta as a ``step -> value`` callable (0 when momentum is off)."""
        return schedules.constant(self.momentum) if self.momentum > 0 else (lambda step: 0.0 * jnp.asarray(step, jnp.float64))

    def table(self) -> str:
        """A small text table of the tuned run.

        Reference: docs/papers/lmo.md §5.

        Returns:
            The table.
        """
        rows = [
            ("regime", self.regime),
            ("learning rate eta", f"{self.lr:.6g}"),
            ("momentum beta", f"{self.momentum:.8g}"),
            ("1 - beta", f"{1 - self.momentum:.6g}"),
            ("batch size B", f"{self.batch:.6g}"),
            ("steps K", f"{self.steps:d}"),
            ("samples T = K B", f"{self.samples:.6g}"),
            ("bound Phi", f"{self.bound:.6g}"),
        ]
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def lmo_schedule(
    regime: str,
    *,
    budget: float,
    delta: float,
    L: float,
    sigma: float,
    constants=theory.CANONICAL,
    batch: float | None = None,
    momentum: float | None = None,
    exact: bool = True,
    integer_batch: bool = True,
) -> LMOSchedule:
    """Tune (eta, beta, B) by :func:`theory.lmo.optimal_hyperparameters` and package the run.

    With ``integer_batch`` (default) a tuned batch (R3, R4) is rounded to an integer >= 1,
    K = round(T/B), and the remaining free quantities are re-tuned at that batch and K (R4 -> R2,
    R3 -> R1), so the reported bound belongs to the run one would launch.

    Reference: docs/papers/lmo.md §5 (regimes R1-R4), §5.8.

    Args:
        regime: ``"R1"`` .. ``"R4"``.
        budget: the iteration budget K or token budget T.
        delta: f(x_0) - f* > 0.
        L: the smoothness constant > 0.
        sigma: the noise scale >= 0.
        constants: the bound's constants (A0, A1, A2, A3) of §4.1.
        batch: the fixed batch (R1, R2).
        momentum: the fixed momentum (R1, R3).
        exact: minimise the exact bound (True) or take the leading-order closed forms.
        integer_batch: round the batch and re-tune.

    Returns:
        The :class:`LMOSchedule`.
    """
    kw = dict(delta=delta, L=L, sigma=sigma, constants=constants)
    tuned = theory.optimal_hyperparameters(regime, budget=budget, batch=batch, momentum=momentum, exact=exact, **kw)
    if regime in ("R1", "R2"):
        steps = max(int(round(budget)), 1)
        return LMOSchedule(regime, tuned["lr"], tuned["momentum"], tuned["batch"], steps, tuned["bound"], steps * tuned["batch"])
    if not integer_batch:
        steps = max(int(round(budget / tuned["batch"])), 1)
        return LMOSchedule(regime, tuned["lr"], tuned["momentum"], tuned["batch"], steps, tuned["bound"], budget)
    b = float(max(round(tuned["batch"]), 1))
    steps = max(int(round(budget / b)), 1)
    fixed = {"momentum": tuned["momentum"]} if regime == "R3" else {}
    retuned = theory.optimal_hyperparameters("R1" if regime == "R3" else "R2", budget=steps, batch=b, **fixed, **kw)
    return LMOSchedule(regime, retuned["lr"], retuned["momentum"], b, steps, retuned["bound"], steps * b)
