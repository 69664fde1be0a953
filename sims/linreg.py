"""The shared Gaussian linear-regression engine: exact expected risk and its Monte Carlo twin.

Exact second-moment recursion (docs/papers/momentum.md §4.1-4.2, docs/papers/anytime.md §5). Per eigendirection i the
state S_i = E z_i z_i^T of the method's 2-state (see :mod:`sims.methods`) evolves as

    S_{t+1,i} = T_i S_{t,i} T_i^T + q q^T n_{t,i},
    n_{t,i} = (1/B) (lambda_i^2 a_{t,i} + lambda_i (sum_j lambda_j a_{t,j} + sigma^2)),

with a_{t,i} = E e_{t,i}^2 (the (1,1) entry). The lambda_i^2 a_i / B term is the (1 + 1/B)
correction of the Gaussian fourth moment E[x x^T A x x^T] = 2 H A H + tr(H A) H; the
lambda_i tr(H A) / B term is the rank-one coupling between directions; sigma^2 enters through
the label noise (docs/papers/anytime.md §5.1). The recursion is exact for Gaussian features: off-diagonal
covariances never feed back into the diagonal blocks.

Averaged iterates (docs/papers/anytime.md §5.2, generalised to two states): with
w_bar_t = (1 - rho_t) w_bar_{t-1} + rho_t w_t, keep A_t = E e_bar_t^2 and C_t = E[e_bar_t z_t]
(a 2-vector per direction). Since E[z_t | past] = T z_{t-1},

    D_t = T C_{t-1},   A_t = (1-rho)^2 A_{t-1} + rho^2 a_t + 2 rho (1-rho) D_{t,0},
    C_t = (1-rho) D_t + rho (S_t)_{0,:}.

Excess risk (noise floor excluded) is 1/2 sum_i lambda_i a_{t,i}, or with A for the average.
Memory is O(d + records); all arithmetic is float64.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims import _sgd_kernel, schedules, sweep
from paperchecks.sims.averaging import Averaging, parse_averaging
from paperchecks.sims.divergence import DIVERGENCE_FACTOR, blow_up_cut
from paperchecks.sims.gaussian import standard_normal
from paperchecks.sims.methods import check_hyperparameters, check_lr, initial_second_state, transition
from paperchecks.sims.precision import in_float64
from paperchecks.sims.problem import Problem
from paperchecks.sims.recording import record_steps, write_if_recorded
from paperchecks.sims.stability import second_moment_expands
from paperchecks.sims.validation import MAX_STEPS, check_bytes, fail, in_range, is_traced, positive_int, real_array

Schedule = Callable[[jax.Array], jax.Array]

# the CPU kernel's per-step tables (step sizes, averaging weights) stay under 32 MB each
_KERNEL_MAX_STEPS = 1 << 22

__all__ = [
    "MonteCarloCurve",
    "Problem",
    "RiskCurve",
    "exact_risk",
    "exact_risk_grid",
    "iterations_to_target",
    "monte_carlo_risk",
]


@jax.tree_util.register_dataclass
@dataclasses.dataclass(frozen=True)
class RiskCurve:
    """Exact expected excess risk at recorded steps, cut before a blow-up; ``diverged`` follows the
    one rule of :mod:`sims.divergence` (a blow-up, or rho* > 1 at the last step's hyperparameters).

    A pytree: under ``jax.grad`` / ``jax.vmap`` (where shapes are static) the curve is not cut,
    ``risk`` holds every recorded value and ``diverged`` is a traced boolean.

    Reference: docs/papers/momentum.md §4.2, docs/papers/anytime.md §5 (the exact second-moment recursion).
    """

    steps: np.ndarray
    risk: np.ndarray
    diverged: bool


@dataclasses.dataclass(frozen=True)
class MonteCarloCurve:
    """Seed mean and its standard error of the excess risk at recorded steps.

    Reference: docs/papers/momentum.md §4.4; ``diverged`` as in :class:`RiskCurve`.
    """

    steps: np.ndarray
    mean: np.ndarray
    se: np.ndarray
    diverged: bool
    seeds: int


@dataclasses.dataclass(frozen=True)
class _Run:
    """A validated run configuration (static parts hashable for ``jax.jit``).

    ``tabulated``: the step size of update k is ``scale * table[k]`` (a per-step array or a
    tabulated schedule, :func:`sims.schedules.table`); otherwise it is the constant ``scale``.
    """

    method: str
    tabulated: bool
    averaging: Averaging
    steps: int
    record: np.ndarray
    momentum: float
    alpha: float
    inv_batch: float


def _step_table(lr, steps: int, alpha: float):
    """The per-step table of an array or schedule ``lr`` (None for a constant), checked when concrete."""
    if callable(lr):
        values = schedules.table(lr, steps, name="lr")
        allowed = "a schedule step -> value with finite values >= 0 (>= -alpha for 'asgd') at every step"
    elif is_traced(lr) and jnp.ndim(lr) == 1:
        values = lr
    elif isinstance(lr, np.ndarray | jax.Array | list | tuple) and np.ndim(lr) >= 1:
        allowed = f"a 1-D array of {steps} per-step values, finite and >= 0 (>= -alpha for 'asgd')"
        values = real_array("lr", lr, allowed)
    else:
        return None
    if is_traced(values):
        if values.shape != (steps,):
            fail("lr", f"a 1-D array of {steps} per-step values", f"shape {values.shape}")
        return values
    if values.shape != (steps,) or not np.all(np.isfinite(values)) or not np.all(values + alpha >= 0):
        bad = "" if values.shape != (steps,) else f" (first bad step {int(np.argmax(~(np.isfinite(values) & (values + alpha >= 0))))})"
        fail("lr", allowed, f"shape {values.shape}{bad}")
    return values


def _validate_run(problem, method, lr, momentum, alpha, batch, steps, averaging, record):
    """(run, scale, table): the validated configuration and the traced step-size arguments."""
    if not isinstance(problem, Problem):
        fail("problem", "a paperchecks.Problem", type(problem).__name__)
    momentum, alpha, inv_batch = check_hyperparameters(method, momentum=momentum, alpha=alpha, batch=batch)
    steps = positive_int("steps", steps, maximum=MAX_STEPS)
    rec = record_steps(steps, record)
    avg = parse_averaging(averaging, steps)
    table = _step_table(lr, steps, 0.0 if is_traced(alpha) else alpha)
    scale = 1.0 if table is not None else check_lr(method, lr, alpha)
    run = _Run(method, table is not None, avg, steps, rec, momentum, alpha, inv_batch)
    return run, scale, table


def gradient_noise_coefficients(lam, inv_batch):
    """Per-direction variance of the minibatch gradient noise (docs/papers/momentum.md §4.1, docs/papers/anytime.md §5.1),

    n_i = (1/B) (lambda_i^2 a_i + lambda_i tr(H A) + lambda_i sigma^2),

    from the Gaussian fourth moment E[x x^T A x x^T] = 2 H A H + tr(H A) H and the label noise,
    returned as the coefficients (of a_i, of tr(H A), of sigma^2).

    Args:
        lam: the eigenvalues lambda_i.
        inv_batch: 1 / B (0 for the full batch).

    Returns:
        ``(lambda^2 / B, lambda / B, lambda / B)``, the three coefficient arrays.
    """
    g = inv_batch * lam
    return g * lam, g, g


def _is_const(x, value: float) -> bool:
    return isinstance(x, float) and x == value


def _mul(*factors):
    """Product that keeps structural Python zeros and ones out of the compiled program."""
    if any(_is_const(f, 0.0) for f in factors):
        return 0.0
    kept = [f for f in factors if not _is_const(f, 1.0)]
    return functools.reduce(lambda x, y: x * y, kept) if kept else 1.0


def _add(*terms):
    kept = [t for t in terms if not _is_const(t, 0.0)]
    return functools.reduce(lambda x, y: x + y, kept) if kept else 0.0


def _affine_map(method, lam, eta, beta, alpha, inv_batch):
    """The second-moment step S -> T S T^T + q q^T n as an affine map of (s11, s12, s22, tr(HA), sigma^2).

    Returns ``(rows, T)``: for each entry (11, 12, 22) of the new S, the coefficients of
    s11, s12, s22, tr(H A) and sigma^2 (entry (x, y) of T S T^T + q q^T n). Structural zeros and
    ones of the method's T and q stay Python floats, so e.g. heavy ball's s22' = s11 compiles to a
    copy. Computed once outside the time loop for a constant step (docs/design.md: per-direction
    coefficients out of the loop), inside it for a schedule.
    """
    (t00, t01, t10, t11), (q0, q1) = transition(method, lam, eta, beta, alpha)
    g_a, g_tr, g_sigma = gradient_noise_coefficients(lam, inv_batch)
    T_rows, q = ((t00, t01), (t10, t11)), (q0, q1)
    entries = ((0, 0),) if method == "sgd" else ((0, 0), (0, 1), (1, 1))
    rows = []
    for x, y in entries:
        (xa, xb), (ya, yb), pq = T_rows[x], T_rows[y], _mul(q[x], q[y])
        rows.append(
            (
                _add(_mul(xa, ya), _mul(pq, g_a)),
                _add(_mul(xa, yb), _mul(xb, ya)),
                _mul(xb, yb),
                _mul(pq, g_tr),
                _mul(pq, g_sigma),
            )
        )
    return tuple(rows), (t00, t01, t10, t11)


def _apply_row(row, s11, s12, s22, trace, noise_var):
    c11, c12, c22, c_tr, c_sigma = row
    return _add(_mul(c11, s11), _mul(c12, s12), _mul(c22, s22), _mul(c_tr, trace), _mul(c_sigma, noise_var))


def _second_moment_step(lam, state, rows, noise_var):
    """Apply the affine map; returns the new state (s11, s12, s22, tr(H A))."""
    s11, s12, s22, trace = state
    n11, n12, n22 = (*(_apply_row(row, s11, s12, s22, trace, noise_var) for row in rows), None, None)[:3]
    return (n11, n12, n22, jnp.dot(lam, n11))


def _average_step(rho, avg_state, T, new_state):
    """Cross-moment update of the averaged iterate (module docstring)."""
    a_bar, c0, c1 = avg_state
    t00, t01, t10, t11 = T
    n11, n12 = new_state[0], new_state[1]
    d0 = _add(_mul(t00, c0), _mul(t01, c1))  # SGD: t01 is a structural 0.0, so c1 (None) drops out
    a_bar = (1.0 - rho) ** 2 * a_bar + rho * rho * n11 + 2.0 * rho * (1.0 - rho) * d0
    c0_new = (1.0 - rho) * d0 + rho * n11
    c1_new = None if c1 is None else (1.0 - rho) * _add(_mul(t10, c0), _mul(t11, c1)) + rho * n12
    return a_bar, c0_new, c1_new


@functools.partial(jax.jit, static_argnames=("run_static", "unroll"))
def _exact_core(problem, lr_scale, table, momentum, alpha, inv_batch, record, *, run_static, unroll):
    method, tabulated, avg, steps = run_static
    lam, s0, noise_var = problem.eigenvalues, problem.init_sq, problem.noise_var
    two_state = method != "sgd"
    s12_0, s22_0 = initial_second_state(method, s0) if two_state else (None, None)
    state = (s0, s12_0, s22_0, jnp.dot(lam, s0))
    avg_state = (s0, s0, s12_0) if avg.active else None
    buffer = jnp.zeros(record.shape, dtype=jnp.float64)
    buffer, pointer = write_if_recorded(buffer, jnp.int32(0), record, 0, 0.5 * state[3])
    constant_map = None if tabulated else _affine_map(method, lam, lr_scale, momentum, alpha, inv_batch)

    def body(carry, _):
        state, avg_state, buffer, pointer, k = carry
        if constant_map is None:
            rows, T = _affine_map(method, lam, lr_scale * table[k], momentum, alpha, inv_batch)
        else:
            rows, T = constant_map
        state = _second_moment_step(lam, state, rows, noise_var)
        if avg_state is None:
            risk = 0.5 * state[3]
        else:
            avg_state = _average_step(avg.weight(k + 1), avg_state, T, state)
            a_bar = avg_state[0]

            def risk():  # an extra pass over the state: only at recorded steps
                return 0.5 * jnp.dot(lam, a_bar)

        buffer, pointer = write_if_recorded(buffer, pointer, record, k + 1, risk)
        return (state, avg_state, buffer, pointer, k + 1), None

    # the step index is carried, not scanned over: memory stays O(d + records), flat in steps
    carry = (state, avg_state, buffer, pointer, jnp.int32(0))
    (_, _, buffer, _, _), _ = jax.lax.scan(body, carry, None, length=steps, unroll=unroll)
    return buffer


def _unroll(dim: int) -> int:
    """Scan unroll factor for one configuration (measured on a 2-core CPU: 2 is best from
    d = 100 to d = 10^4; larger factors spill registers)."""
    return 2


def _grid_chunk(dim: int) -> int:
    """Configurations advanced together (vmapped) inside a grid's ``lax.map``: enough to
    amortise the per-step loop overhead while a chunk's state (~24 d bytes per
    configuration) stays near 200 KB of cache. d = 1000 gives 8 (measured best, 0.79 vs
    0.42 G mode-steps/s for 1)."""
    return int(max(1, min(16, 8000 // dim)))


def _curve(record: np.ndarray, values, reference: float, expanding) -> RiskCurve:
    """The recorded curve cut and flagged by the divergence rule of :mod:`sims.divergence`:
    blow-up (cut there) or an operator that still expands at the last step (``expanding``)."""
    if is_traced(values) or is_traced(expanding):  # under grad / vmap shapes are static: the whole curve
        diverged = jnp.any(~jnp.isfinite(values) | (values > DIVERGENCE_FACTOR * reference)) | expanding
        return RiskCurve(record.copy(), values, diverged)
    values = np.asarray(values)
    cut = blow_up_cut(values, reference)
    return RiskCurve(record[:cut].copy(), values[:cut].copy(), bool(cut < values.shape[0] or expanding))


def _late_expansion(problem: Problem, method: str, eta, momentum, alpha, inv_batch):
    """Whether the second-moment operator at the last step's hyperparameters expands (rho* > 1,
    rule 2 of :mod:`sims.divergence`), one flag per configuration (the arguments broadcast).

    The spectrum is padded to the next power of two (padding copies of lambda_1 with weight 0)
    and so is the number of configurations, so one compiled program serves every d and grid size
    in a bucket. No gradient flows through the flag. Concrete arguments are padded in NumPy (no
    small eager programs to compile for every new length)."""
    values = (problem.eigenvalues, eta, momentum, alpha, inv_batch)
    xp = jnp if any(is_traced(v) for v in values) else np
    lam = xp.asarray(problem.eigenvalues, dtype=np.float64)
    dim = lam.shape[0]
    size = 1 << (dim - 1).bit_length()
    weight = xp.concatenate([xp.ones(dim), xp.zeros(size - dim)])
    lam = xp.concatenate([lam, xp.full(size - dim, lam[0])])
    rows = xp.broadcast_arrays(*(xp.ravel(xp.asarray(v, dtype=np.float64)) for v in (eta, 1.0 - momentum, alpha, inv_batch)))
    count = rows[0].shape[0]
    padded = 1 << (count - 1).bit_length()
    hold = jax.lax.stop_gradient if xp is jnp else np.asarray
    rows = [hold(xp.concatenate([r, xp.full(padded - count, r[-1])])) for r in rows]
    flags = _late_expansion_rows(hold(lam), weight, *rows, method=method)
    return (flags if xp is jnp else np.asarray(flags))[:count]


@functools.partial(jax.jit, static_argnames=("method",))
def _late_expansion_rows(lam, weight, eta, s, alpha, inv_batch, *, method):
    return jax.vmap(lambda *row: second_moment_expands(method, lam, *row, weight))(eta, s, alpha, inv_batch)


def _last_lr(scale, table):
    """The step size of the last update: ``scale`` times the table's last entry (if tabulated)."""
    return scale if table is None else scale * table[-1]


def _reference_risk(problem: Problem) -> float:
    return max(problem.initial_risk(), float(problem.noise_var), np.finfo(np.float64).tiny)


@in_float64
def exact_risk(
    problem: Problem,
    method: str,
    *,
    lr: float | Schedule,
    momentum: float = 0.0,
    alpha: float = 0.0,
    batch: int | float = 1,
    steps: int,
    averaging: str = "none",
    record=None,
) -> RiskCurve:
    """Exact expected excess risk 1/2 sum_i lambda_i E e_{t,i}^2 of SGD / HB / ASGD.

    Args:
        problem: the :class:`Problem` (spectrum, initial error, label noise).
        method: ``"sgd"``, ``"hb"`` or ``"asgd"`` (momentum form, docs/papers/momentum.md §3.4).
        lr: a constant step eta, a schedule ``k -> eta_k`` called with the update index
            k = 0, 1, ... (optax convention; traced by JAX), or a 1-D array of the ``steps``
            values eta_0 .. eta_{T-1} (traced: new values of the same length do not recompile).
        momentum: beta in [0, 1) (HB and ASGD).
        alpha: ASGD current-gradient weight >= 0 (alpha = 0 is HB).
        batch: batch size B >= 1, or ``math.inf`` for the full-batch (deterministic) recursion.
        steps: number of updates T >= 1.
        averaging: see :mod:`sims.averaging`.
        record: steps to record (default: all up to 10 000, ~200 log-spaced beyond).

    Returns:
        :class:`RiskCurve`; ``diverged`` is True when the risk blows up (non-finite or above
        1e12 x max(initial risk, sigma^2); the curve is cut there) or when the second-moment
        operator at the last step's hyperparameters expands (rho* > 1), the rule of
        :mod:`sims.divergence`.
    """
    run, args, static = _exact_arguments(problem, method, lr, momentum, alpha, batch, steps, averaging, record)
    expanding = _late_expansion(problem, run.method, _last_lr(args[1], args[2]), run.momentum, run.alpha, run.inv_batch)[0]
    values = _kernel_rows(problem, run, [args[1]], args[2])
    values = _exact_core(*args, **static) if values is None else values[0]
    return _curve(run.record, values, _reference_risk(problem), expanding)


def _kernel_rows(problem: Problem, run: _Run, scales, table) -> list[np.ndarray] | None:
    """The recorded risks of SGD runs from the optional CPU kernel (:mod:`sims._sgd_kernel`), one
    per step scale (the step of update k is ``scale`` or ``scale * table[k]``); None where the
    kernel does not apply: another method, traced arguments, a long table, or
    :func:`sims._sgd_kernel.kernel_enabled` says no (no numba, not a CPU, small d)."""
    concrete = not any(is_traced(x) for x in (problem.eigenvalues, problem.init_sq, problem.noise_var, table, *scales))
    if run.method != "sgd" or not concrete or run.steps > _KERNEL_MAX_STEPS or not _sgd_kernel.kernel_enabled(problem.dim):
        return None
    base = np.ones(run.steps) if table is None else np.asarray(table, dtype=np.float64)
    rho = np.asarray(run.averaging.weight(jnp.arange(1, run.steps + 1))) if run.averaging.active else None
    args = (problem.eigenvalues, problem.init_sq, float(problem.noise_var))
    return [_sgd_kernel.sgd_recorded_risk(*args, float(scale) * base, rho, run.inv_batch, run.record) for scale in scales]


def _exact_arguments(problem, method, lr, momentum, alpha, batch, steps, averaging, record):
    run, scale, table = _validate_run(problem, method, lr, momentum, alpha, batch, steps, averaging, record)
    args = (_as_device(problem), scale, table, run.momentum, run.alpha, run.inv_batch, jnp.asarray(run.record))
    return run, args, {"run_static": (run.method, run.tabulated, run.averaging, run.steps), "unroll": _unroll(problem.dim)}


@in_float64
def compiled_exact_risk(
    problem: Problem,
    method: str,
    *,
    lr: float | Schedule,
    momentum: float = 0.0,
    alpha: float = 0.0,
    batch: int | float = 1,
    steps: int,
    averaging: str = "none",
    record=None,
) -> jax.stages.Compiled:
    """The compiled XLA program :func:`exact_risk` runs for these arguments, without running it:
    its ``memory_analysis()`` gives the bytes it allocates (O(d + records), flat in ``steps``;
    the benchmark's scaling run records it) and ``cost_analysis()`` XLA's operation counts.

    Reference: docs/design.md, Conventions (memory O(d + records)); docs/performance.md.

    Args:
        problem: as :func:`exact_risk`.
        method: as :func:`exact_risk`.
        lr: as :func:`exact_risk`.
        momentum: as :func:`exact_risk`.
        alpha: as :func:`exact_risk`.
        batch: as :func:`exact_risk`.
        steps: as :func:`exact_risk`.
        averaging: as :func:`exact_risk`.
        record: as :func:`exact_risk`.

    Returns:
        The :class:`jax.stages.Compiled` program.
    """
    _, args, static = _exact_arguments(problem, method, lr, momentum, alpha, batch, steps, averaging, record)
    return _exact_core.lower(*args, **static).compile()


def _config_grid(lr, momentum, alpha) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Broadcast (lr, momentum, alpha) to one 1-D grid of configurations."""
    arrays = [
        np.atleast_1d(real_array(n, v, "a scalar or a non-empty 1-D array of finite reals"))
        for n, v in (("lr", lr), ("momentum", momentum), ("alpha", alpha))
    ]
    try:
        lrs, betas, alphas = np.broadcast_arrays(*arrays)
    except ValueError as err:
        fail("lr/momentum/alpha", "arrays broadcastable to one 1-D grid", str(err))
    if lrs.ndim != 1:
        fail("lr", "a scalar or 1-D array", lrs.shape)
    return lrs, betas, alphas


@in_float64
def exact_risk_grid(
    problem: Problem,
    method: str,
    *,
    lr,
    momentum=0.0,
    alpha=0.0,
    batch: int | float = 1,
    steps: int,
    averaging: str = "none",
    record=None,
    schedule: Schedule | None = None,
) -> list[RiskCurve]:
    """:func:`exact_risk` over a grid of configurations, one compiled program for the grid.

    ``lr``, ``momentum`` and ``alpha`` broadcast against each other to the grid shape (1-D);
    with ``schedule`` the step at update k is ``lr * schedule(k)`` (a multiplier grid).
    Configurations run one after another inside the program (``lax.map``), so each keeps its
    O(d) state in cache; this was 2.3x faster than ``vmap`` on a 2-core CPU (foundation issue).
    The grid is split across devices by :func:`sims.sweep.grid_map`.

    Returns:
        One :class:`RiskCurve` per configuration, in grid order.

    Reference: docs/papers/momentum.md §4.2, docs/papers/anytime.md §5; docs/design.md, Conventions (scale-out).

    Args:
        problem: the :class:`Problem`.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        lr: step sizes (or schedule multipliers with ``schedule``), a scalar or a 1-D array.
        momentum: beta values in [0, 1), broadcast with ``lr``.
        alpha: ASGD weights >= 0, broadcast with ``lr``.
        batch: the batch size B >= 1 (or ``math.inf``), shared by the grid.
        steps: the number of updates T >= 1.
        averaging: see :mod:`sims.averaging`.
        record: the steps to record (default as in :func:`exact_risk`).
        schedule: an optional ``k -> multiplier`` schedule shared by the grid.
    """
    lrs, betas, alphas = _config_grid(lr, momentum, alpha)
    runs = [
        _validate_run(problem, method, float(a) if schedule is None else 1.0, float(b), float(c), batch, steps, averaging, record)[0]
        for a, b, c in zip(lrs, betas, alphas, strict=True)
    ]
    for scale, al in zip(lrs, alphas, strict=True):
        check_lr(method, scale, al) if schedule is None else check_lr("sgd", scale, 0.0, name="lr (multiplier)")
    run = runs[0]
    table = None if schedule is None else _step_table(schedule, run.steps, 0.0)
    values = _kernel_rows(problem, run, lrs, table)
    if values is None:
        chunk = _grid_chunk(problem.dim)
        values = sweep.grid_map(
            _grid_rows,
            (lrs, betas, alphas),
            _as_device(problem),
            table,
            run.inv_batch,
            run.record,
            run_static=(run.method, table is not None, run.averaging, run.steps),
            chunk=chunk,
            unroll=1 if chunk > 1 else _unroll(problem.dim),
        )
    reference = _reference_risk(problem)
    expanding = np.asarray(_late_expansion(problem, run.method, _last_lr(lrs, table), betas, alphas, run.inv_batch))
    return [_curve(run.record, row, reference, flag) for row, flag in zip(values, expanding, strict=True)]


@in_float64
def iterations_to_target(
    problem: Problem,
    method: str,
    *,
    lr,
    momentum=0.0,
    alpha=0.0,
    batch: int | float = 1,
    target: float,
    max_steps: int,
) -> np.ndarray:
    """T_eps: the first step t with E L(w_t) <= ``target`` * E L(w_0), per configuration
    (docs/papers/momentum.md §2.3, serial runtime), from the exact recursion of the module docstring.

    ``lr``, ``momentum`` and ``alpha`` broadcast to one 1-D grid of constant-step configurations
    (as in :func:`exact_risk_grid`). Each configuration stops at its first passage or after
    ``max_steps`` updates; the grid costs the slowest configuration's steps.

    Args:
        problem: the :class:`Problem`.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        lr: constant steps, a scalar or a 1-D array.
        momentum: beta values, broadcast with ``lr``.
        alpha: ASGD weights, broadcast with ``lr``.
        batch: the batch size B >= 1 (or ``math.inf``).
        target: eps in (0, 1), relative to the initial excess risk.
        max_steps: the largest T examined, >= 1.

    Returns:
        float array of T_eps (``inf`` where the target is not reached within ``max_steps``).
    """
    target = in_range("target", target, low=0.0, high=1.0, low_open=True, high_open=True)
    max_steps = positive_int("max_steps", max_steps, maximum=MAX_STEPS - 1)
    lrs, betas, alphas = _config_grid(lr, momentum, alpha)
    inv_batch = 0.0
    for a, b, c in zip(lrs, betas, alphas, strict=True):
        _, _, inv_batch = check_hyperparameters(method, momentum=float(b), alpha=float(c), batch=batch)
        check_lr(method, float(a), float(c))
    steps = sweep.grid_map(
        _first_passage_rows,
        (lrs, betas, alphas),
        _as_device(problem),
        inv_batch,
        target * problem.initial_risk(),
        max_steps,
        method=method,
        chunk=_grid_chunk(problem.dim),
    )
    steps = np.asarray(steps, dtype=np.float64)
    return np.where(steps > max_steps, np.inf, steps)


def _first_passage_rows(configs, problem, inv_batch, threshold, max_steps, *, method, chunk):
    """Grid block of :func:`iterations_to_target` (rows: (eta, beta, alpha))."""
    lam, s0, noise_var = problem.eigenvalues, problem.init_sq, problem.noise_var

    def one(config):
        eta, beta, alpha = config
        rows, _ = _affine_map(method, lam, eta, beta, alpha, inv_batch)
        s12_0, s22_0 = initial_second_state(method, s0) if method != "sgd" else (None, None)

        def running(carry):
            state, k = carry
            return (0.5 * state[3] > threshold) & (k <= max_steps) & jnp.isfinite(state[3])

        def step(carry):
            state, k = carry
            return _second_moment_step(lam, state, rows, noise_var), k + 1

        (state, k) = jax.lax.while_loop(running, step, ((s0, s12_0, s22_0, jnp.dot(lam, s0)), jnp.int32(0)))
        return jnp.where(jnp.isfinite(state[3]), k, max_steps + 1)

    return jax.lax.map(one, configs, batch_size=chunk)


def _grid_rows(configs, problem, table, inv_batch, record, *, run_static, chunk, unroll):
    """Grid block of :func:`exact_risk_grid` (rows: (lr, beta, alpha)); configurations run one
    chunk after another (``lax.map``) on each device."""

    def one(config):
        scale, beta, alpha = config
        return _exact_core(problem, scale, table, beta, alpha, inv_batch, record, run_static=run_static, unroll=unroll)

    return jax.lax.map(one, configs, batch_size=chunk)


def _as_device(problem: Problem) -> Problem:
    return Problem.unchecked(
        jnp.asarray(problem.eigenvalues), jnp.asarray(problem.init_sq), jnp.asarray(problem.noise_var, dtype=jnp.float64)
    )


def _mc_update(method, e, aux, grad, eta, beta, alpha):
    """One stochastic update of the actual iterates (docs/papers/momentum.md §3)."""
    if method == "sgd":
        return e - eta * grad, aux
    if method == "hb":
        return e - eta * grad + beta * (e - aux), e
    m = beta * aux + grad
    return e - eta * m - alpha * grad, m


#: Monte Carlo rows per device and call: about 2^19 feature entries (seeds x batch x d), 4 MB of draws,
#: so that threefry's working arrays stay in cache (docs/performance.md, "Monte Carlo draws")
_MC_BLOCK_ENTRIES = 1 << 19


def _mc_rows(keys, problem, lr_scale, table, momentum, alpha, record, *, run_static, batch):
    """Grid block of :func:`monte_carlo_risk` (rows: seeds' keys), vmapped over seeds."""
    method, tabulated, avg, steps = run_static
    lam, noise_var = problem.eigenvalues, problem.noise_var
    sqrt_lam = jnp.sqrt(lam)
    e0 = jnp.sqrt(problem.init_sq)

    def one_seed(key):
        def draw(k):
            key_x, key_noise = jax.random.split(jax.random.fold_in(key, k))
            return standard_normal(key_x, (batch, e0.shape[0])) * sqrt_lam, jnp.sqrt(noise_var) * standard_normal(key_noise, (batch,))

        aux = e0 if method == "hb" else jnp.zeros_like(e0)
        buffer = jnp.zeros(record.shape, dtype=jnp.float64)
        buffer, pointer = write_if_recorded(buffer, jnp.int32(0), record, 0, 0.5 * jnp.dot(lam, e0 * e0))

        def body(carry, _):
            e, aux, e_bar, buffer, pointer, k, x, eps = carry
            # step k's batch was drawn in step k - 1 and carried: a carried draw is stored once, while
            # XLA would otherwise recompute the Gaussian transform inside each of its two consumers
            next_x, next_eps = draw(k + 1)
            grad = x.T @ (x @ e - eps) / batch
            eta = lr_scale * table[k] if tabulated else lr_scale
            e, aux = _mc_update(method, e, aux, grad, eta, momentum, alpha)
            if avg.active:
                rho = avg.weight(k + 1)
                e_bar = (1.0 - rho) * e_bar + rho * e
                out = e_bar
            else:
                out = e
            buffer, pointer = write_if_recorded(buffer, pointer, record, k + 1, 0.5 * jnp.dot(lam, out * out))
            return (e, aux, e_bar, buffer, pointer, k + 1, next_x, next_eps), None

        carry = (e0, aux, e0, buffer, pointer, jnp.int32(0), *draw(0))
        return jax.lax.scan(body, carry, None, length=steps)[0][3]

    return jax.vmap(one_seed)(keys)


@in_float64
def monte_carlo_risk(
    problem: Problem,
    method: str,
    *,
    lr: float | Schedule,
    momentum: float = 0.0,
    alpha: float = 0.0,
    batch: int = 1,
    steps: int,
    averaging: str = "none",
    record=None,
    seeds: int,
    key: jax.Array,
) -> MonteCarloCurve:
    """Monte Carlo estimate of the quantity :func:`exact_risk` computes exactly.

    Simulates the stochastic updates with x = sqrt(lambda) * z, z ~ N(0, I_d), eps ~ N(0, sigma^2),
    a fresh batch every step, from the deterministic e_0 = sqrt(init_sq) (so E e_0^2 = init_sq),
    and averages the population excess risk 1/2 sum_i lambda_i e_i^2 over ``seeds`` runs
    (vmap over seeds, split across devices by :func:`sims.sweep.grid_map` in calls of about 2^19
    feature entries per device; seed j uses ``split(key, seeds)[j]`` folded with the step index, so
    results do not depend on how the seeds are batched). Draws: :func:`sims.gaussian.standard_normal`.

    Reference: docs/papers/momentum.md §4.4 (the Monte Carlo counterpart of §4.2), docs/papers/anytime.md §5.

    Args:
        problem: the :class:`Problem`.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        lr: a constant step or a schedule ``k -> eta_k`` (as in :func:`exact_risk`).
        momentum: beta in [0, 1).
        alpha: the ASGD current-gradient weight >= 0.
        batch: the batch size, a finite integer >= 1.
        steps: the number of updates T >= 1.
        averaging: see :mod:`sims.averaging`.
        record: the steps to record (default as in :func:`exact_risk`).
        seeds: the number of independent runs, >= 2.
        key: the PRNG key of the run.

    Returns:
        :class:`MonteCarloCurve` with the mean and standard error (sample std / sqrt(seeds)).
    """
    if isinstance(batch, float) and math.isinf(batch):
        fail("batch", "a finite integer >= 1 for Monte Carlo", batch)
    batch = positive_int("batch", batch)
    seeds = positive_int("seeds", seeds, minimum=2, maximum=MAX_STEPS)
    check_bytes("batch", batch, 8.0 * seeds * batch * (problem.dim + 1), "one step's features for every seed (seeds x batch x d)")
    if not isinstance(key, jax.Array):
        fail("key", "a jax.random key (jax.random.key(seed))", key)
    run, scale, table = _validate_run(problem, method, lr, momentum, alpha, batch, steps, averaging, record)
    keys = jax.random.split(key, seeds)
    values = sweep.grid_map(
        _mc_rows,
        keys,
        _as_device(problem),
        scale,
        table,
        run.momentum,
        run.alpha,
        run.record,
        run_static=(run.method, run.tabulated, run.averaging, run.steps),
        per_device=min(-(-seeds // len(sweep.devices())), max(1, _MC_BLOCK_ENTRIES // (batch * problem.dim))),
        batch=batch,
    )
    with np.errstate(invalid="ignore", over="ignore"):
        mean = values.mean(axis=0)
        se = values.std(axis=0, ddof=1) / math.sqrt(seeds)
    cut = blow_up_cut(mean, _reference_risk(problem))
    expanding = bool(_late_expansion(problem, run.method, _last_lr(scale, table), run.momentum, run.alpha, run.inv_batch)[0])
    return MonteCarloCurve(run.record[:cut].copy(), mean[:cut], se[:cut], cut < mean.shape[0] or expanding, seeds)
