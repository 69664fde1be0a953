"""Contraction gaps of SGD / HB / ASGD over hyperparameter grids, and their tuning (docs/papers/momentum.md §4.3, §5).

The gap g = 1 - rho* of the exact second-moment operator is solved per configuration by
:func:`sims.stability.second_moment_gap` (the secular equation and its root finder are documented
there); this module validates grids, splits them across devices and tunes (eta, beta, alpha) for the
best gap at each batch size.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims import sweep
from paperchecks.sims.linreg import Problem, _config_grid, iterations_to_target
from paperchecks.sims.methods import check_method
from paperchecks.sims.precision import in_float64
from paperchecks.sims.stability import second_moment_gap, slow_mode_gap
from paperchecks.sims.validation import fail, positive_int, real_array, real_vector

__all__ = [
    "TunedGap",
    "TuningGrid",
    "contraction_gap",
    "describe",
    "half_ce_batch",
    "power_law",
    "slow_mode_gap",
    "spectral_radius",
    "spectrum",
    "tuned_gap",
    "tuned_iterations",
    "tuned_sweep",
    "two_level",
]


def _gap_rows(config, lam, *, method, chunk):
    """Grid block of :func:`contraction_gap` (rows: (eta, 1 - beta, alpha, 1/B)), vmapped
    ``chunk`` rows at a time."""
    return jax.lax.map(lambda row: second_moment_gap(method, lam, *row), config, batch_size=chunk)


_CALL_ROWS = 512  # configurations per device and call in large grids


def _block_size(dim: int) -> int:
    """Configurations vmapped together: 64 KB per per-direction array, so that the root search's
    dozen coefficient and temporary arrays of a block stay in the core's L2 cache. Measured on the
    tuned-gap sweep (d = 1000, 2 cores, 2026-12-06): 8 configurations per block took 7.9 s, 16 took
    8.2 s, 32 took 9.8 s and 128 took 18 s."""
    return int(max(1, min(512, 8192 // dim)))


def _in_blocks(block, columns: list[np.ndarray], *shared, dim: int, **static):
    """:func:`sims.sweep.grid_map` of a block over configuration columns, in calls of a fixed
    number of rows per device, each device vmapping :func:`_block_size` rows at a time.

    Two call sizes only: about ``_CALL_ROWS`` rows (whole blocks) per device for large grids and
    one block of at most 32 rows for small ones (the last call padded by repeating the final
    configuration). Every grid thus reuses two compiled programs per (method, d): compilation, not
    arithmetic, dominated small sweeps, and dispatching one block per call dominated large ones.
    """
    block_rows = _block_size(dim)
    call_rows = block_rows * max(1, _CALL_ROWS // block_rows)
    if columns[0].size >= call_rows:
        chunk, per_device = block_rows, call_rows
    else:
        chunk = per_device = min(32, block_rows)
    return sweep.grid_map(block, tuple(columns), *shared, per_device=per_device, chunk=chunk, **static)


#: eta lambda_1, alpha lambda_1 and lambda_1 past this are refused: the secular equation raises them
#: to the fourth power, which overflows float64 near 1e77 (rho* would come back as a capped -1e154)
_MAX_SCALE = 1e50


def _check_grid(method, eigenvalues, lr, momentum, alpha, batch):
    check_method(method)
    lam = real_vector("eigenvalues", eigenvalues, positive=True)
    arrays = {}
    for name, value in (("lr", lr), ("momentum", momentum), ("alpha", alpha), ("batch", batch)):
        if name == "batch":  # may be inf (full batch)
            arrays[name] = real_array(name, value, "integers >= 1 or inf", allow_inf=True)
        else:
            arrays[name] = real_array(name, value, "finite real numbers")
    if np.any(lam > _MAX_SCALE):
        fail("eigenvalues", f"<= {_MAX_SCALE:g}", eigenvalues)
    for name in ("lr", "alpha"):  # eta lambda and alpha lambda enter to the fourth power
        if np.any(arrays[name] * lam.max() > _MAX_SCALE):
            fail(name, f"at most {_MAX_SCALE:g} / max(eigenvalues) = {_MAX_SCALE / lam.max():.3g}", arrays[name])
    if np.any(arrays["lr"] <= 0):
        fail("lr", "> 0", lr)
    if np.any((arrays["momentum"] < 0) | (arrays["momentum"] >= 1)):
        fail("momentum", "in [0, 1)", momentum)
    if np.any(arrays["alpha"] < 0):
        fail("alpha", ">= 0", alpha)
    if np.any((arrays["batch"] < 1) | ((arrays["batch"] != np.round(arrays["batch"])) & np.isfinite(arrays["batch"]))):
        fail("batch", "integers >= 1 or inf", batch)
    if method == "sgd" and np.any(arrays["momentum"] != 0):
        fail("momentum", "0 for method 'sgd'", momentum)
    if method != "asgd" and np.any(arrays["alpha"] != 0):
        fail("alpha", f"0 for method {method!r}", alpha)
    try:
        shaped = np.broadcast_arrays(*arrays.values())
    except ValueError:
        fail("lr/momentum/alpha/batch", "arrays broadcastable to one shape", tuple(a.shape for a in arrays.values()))
    return lam, shaped


@in_float64
def contraction_gap(eigenvalues, method: str, *, lr, momentum=0.0, alpha=0.0, batch=1):
    """g = 1 - rho*, the per-step contraction gap of the expected risk (docs/papers/momentum.md §2.3, §4.3).

    Same arguments as :func:`spectral_radius`; computing the gap directly keeps its relative
    precision when rho* is within 1e-7 of 1.

    Args:
        eigenvalues: lambda_i > 0.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        lr: step sizes, a scalar or an array (a grid, broadcast with the others).
        momentum: beta values in [0, 1).
        alpha: ASGD weights >= 0.
        batch: batch sizes B >= 1 (or ``math.inf``).

    Returns:
        The gap per configuration (a float for scalar inputs); negative where the method is
        mean-square unstable (rho* > 1: the expected risk then grows by rho* per step).
    """
    lam, (eta, beta, al, b) = _check_grid(method, eigenvalues, lr, momentum, alpha, batch)
    shape = eta.shape
    gaps = _in_blocks(_gap_rows, [np.ravel(v) for v in (eta, 1.0 - beta, al, 1.0 / b)], lam, dim=lam.size, method=method)
    out = gaps.reshape(shape)
    return out if shape else float(out)


@in_float64
def spectral_radius(eigenvalues, method: str, *, lr, momentum=0.0, alpha=0.0, batch=1):
    """Spectral radius rho* of the exact second-moment operator (docs/papers/momentum.md §4.3).

    rho* is the per-step contraction factor of E L(w_t): the method is mean-square stable iff
    rho* < 1. Solved from the secular equation F(rho) = 1 (module docstring), vectorised over
    hyperparameter grids: ``lr``, ``momentum``, ``alpha`` and ``batch`` broadcast together.

    Args:
        eigenvalues: the spectrum lambda_i > 0 of H.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"`` (momentum form of §3.4).
        lr: eta > 0. momentum: beta in [0, 1). alpha: ASGD's current-gradient weight >= 0.
        batch: B >= 1, or ``math.inf`` for the deterministic (full-batch) method.

    Returns:
        rho* with the broadcast shape (a float for scalar inputs).
    """
    gaps = contraction_gap(eigenvalues, method, lr=lr, momentum=momentum, alpha=alpha, batch=batch)
    return 1.0 - gaps


class TunedGap(NamedTuple):
    """g*(B) and its maximiser, one entry per batch size (docs/papers/momentum.md §2.3)."""

    batch: np.ndarray
    gap: np.ndarray
    lr: np.ndarray
    momentum: np.ndarray
    alpha: np.ndarray


class TuningGrid(NamedTuple):
    """How :func:`tuned_gap` searches (docs/papers/momentum.md §6, reorganised as explained here).

    Axes, in units of 1/lambda_1 so that the search is scale free: the effective step
    eta_eff lambda_1 = eta lambda_1 / (1 - beta) in ``lr``, 1 - beta in ``one_minus_momentum``,
    alpha lambda_1 in ``alpha``. At fixed (beta, alpha) the gap rises with eta_eff and then
    falls off a cliff where the gradient noise makes the method unstable, and the maximum sits
    at the cliff's edge: a log grid with 7 points per decade stalls 6 % below it (Table A,
    kappa = 1e2, B = 1, HB). So the step is profiled out by a golden-section search over the
    whole ``lr`` range (``golden_iterations`` steps, precision 9 decades x 0.618^48 ~ 1e-9
    decades), and the profile is maximised over the remaining axes (1 - beta for HB, plus alpha
    for ASGD) by a log grid of ``points`` per axis, then ``zoom_rounds`` rounds of a
    ``zoom_points``-per-axis local grid around each of the ``starts`` best local maxima of the
    coarse grid, each round shrinking the span by ``zoom_factor``. ASGD always includes
    alpha = 0 (tuned HB).
    """

    lr: tuple[float, float] = (1e-5, 1e4)
    one_minus_momentum: tuple[float, float] = (1e-6, 1.0)
    alpha: tuple[float, float] = (1e-5, 10.0)
    golden_iterations: int = 48
    points: tuple[int, int] = (48, 12)
    starts: int = 3
    zoom_points: int = 5
    zoom_rounds: int = 10
    zoom_factor: float = 1.6


def _check_tuning_grid(grid) -> TuningGrid:
    """The grid's ranges are increasing positive intervals (1 - beta within (0, 1]) and its counts >= 1."""
    if not isinstance(grid, TuningGrid):
        fail("grid", "a TuningGrid", type(grid).__name__)
    for name, high in (("lr", None), ("one_minus_momentum", 1.0), ("alpha", None)):
        low_, high_ = real_array(
            f"grid.{name}",
            grid._asdict()[name],
            "an increasing pair of finite reals > 0",
            lambda v: v.shape == (2,) and v[0] > 0 and v[1] > v[0],
        )
        if high is not None and high_ > high:
            fail(f"grid.{name}", f"an increasing pair in (0, {high:g}]", grid._asdict()[name])
    for name in ("golden_iterations", "starts", "zoom_points", "zoom_rounds"):
        positive_int(f"grid.{name}", grid._asdict()[name])
    for count in grid.points:
        positive_int("grid.points", count)
    real_array("grid.zoom_factor", grid.zoom_factor, "a finite real > 1", lambda v: v.ndim == 0 and v > 1)
    return grid


_INV_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def _profile_one(method, lam, s, alpha, inv_batch, bounds, iterations):
    """max over log10(eta_eff lambda_1) in ``bounds`` of the gap at fixed (s, alpha lambda_1):
    golden-section search (the gap is unimodal in the step, rising then falling off the
    noise-stability cliff). Returns (gap, log10(eta_eff lambda_1))."""
    lam1 = jnp.max(lam)

    def gap_at(t):
        return second_moment_gap(method, lam, 10.0**t * s / lam1, s, alpha / lam1, inv_batch)

    a, b = bounds
    c, d = b - _INV_GOLDEN * (b - a), a + _INV_GOLDEN * (b - a)

    def body(_, state):
        a, b, c, d, fc, fd = state
        left = fc >= fd  # the maximum lies in [a, d]
        a, b = jnp.where(left, a, c), jnp.where(left, d, b)
        new = jnp.where(left, b - _INV_GOLDEN * (b - a), a + _INV_GOLDEN * (b - a))
        f_new = gap_at(new)
        c, d = jnp.where(left, new, d), jnp.where(left, c, new)
        fc, fd = jnp.where(left, f_new, fd), jnp.where(left, fc, f_new)
        return a, b, c, d, fc, fd

    _, _, c, d, fc, fd = jax.lax.fori_loop(0, iterations, body, (a, b, c, d, gap_at(c), gap_at(d)))
    return jnp.where(fc >= fd, fc, fd), jnp.where(fc >= fd, c, d)


def _profile_rows(config, lam, bounds, *, method, iterations, chunk):
    """Grid block of the profiled gap (rows: (1 - beta, alpha, 1/B)), vmapped ``chunk`` rows at
    a time."""
    return jax.lax.map(lambda row: _profile_one(method, lam, *row, bounds=bounds, iterations=iterations), config, batch_size=chunk)


def _axes(method: str) -> list[str]:
    return {"sgd": [], "hb": ["one_minus_momentum"], "asgd": ["one_minus_momentum", "alpha"]}[method]


def _profile_at(lam, method, coords, inv_batch, grid: TuningGrid):
    """Profiled gaps and log10 effective steps at coords (rows, configs, axes); row r at batch
    1/inv_batch[r]."""
    axes = _axes(method)
    values = {name: 10.0 ** coords[..., k] for k, name in enumerate(axes)}
    s = values.get("one_minus_momentum", np.ones(coords.shape[:2]))
    alpha = values.get("alpha", np.zeros(coords.shape[:2]))
    gaps, steps = _in_blocks(
        _profile_rows,
        [np.ravel(v) for v in (s, alpha, np.repeat(inv_batch, coords.shape[1]))],
        lam,
        jnp.log10(jnp.asarray(grid.lr)),
        dim=lam.size,
        method=method,
        iterations=grid.golden_iterations,
    )
    return gaps.reshape(coords.shape[:2]), steps.reshape(coords.shape[:2])


def _local_maxima(values: np.ndarray) -> np.ndarray:
    """Mask of grid points >= all their axis neighbours (axes 1..), per row of axis 0."""
    mask = np.ones(values.shape, dtype=bool)
    padded = np.pad(values, [(0, 0)] + [(1, 1)] * (values.ndim - 1), constant_values=-np.inf)
    for axis in range(1, values.ndim):
        for shift in (0, 2):
            index = [slice(None)] + [slice(1, -1)] * (values.ndim - 1)
            index[axis] = slice(shift, shift + values.shape[axis])
            mask &= values >= padded[tuple(index)]
    return mask


def _search(lam, method, inv_batch, grid: TuningGrid):
    """Best (gap, log-coordinates incl. the step as last entry) per batch."""
    axes = _axes(method)
    if not axes:
        gaps, steps = _profile_at(lam, method, np.zeros((inv_batch.size, 1, 0)), inv_batch, grid)
        return gaps[:, 0], steps[:, :1]
    bounds = np.log10(np.array([getattr(grid, name) for name in axes]))
    n = grid.points[len(axes) - 1]
    mesh = np.stack(np.meshgrid(*[np.linspace(lo, hi, n) for lo, hi in bounds], indexing="ij"), axis=-1).reshape(-1, len(axes))
    gaps, steps = _profile_at(lam, method, np.broadcast_to(mesh, (inv_batch.size, *mesh.shape)), inv_batch, grid)
    starts = min(grid.starts, mesh.shape[0])
    ranked = np.where(_local_maxima(gaps.reshape(-1, *[n] * len(axes))).reshape(gaps.shape), gaps, -np.inf)
    top = np.argsort(-ranked, axis=1, kind="stable")[:, :starts]  # (batches, starts): best local maxima
    rows = inv_batch.size * starts
    best = mesh[top].reshape(rows, -1)
    gap = np.take_along_axis(gaps, top, axis=1).reshape(rows)
    step = np.take_along_axis(steps, top, axis=1).reshape(rows)
    row_inv = np.repeat(inv_batch, starts)
    offsets = np.stack(np.meshgrid(*[np.linspace(-1.0, 1.0, grid.zoom_points)] * len(axes), indexing="ij"), axis=-1).reshape(-1, len(axes))
    span = (bounds[:, 1] - bounds[:, 0]) / (n - 1)
    for _ in range(grid.zoom_rounds):
        local = np.clip(best[:, None, :] + offsets[None] * span, bounds[:, 0], bounds[:, 1])
        local_gaps, local_steps = _profile_at(lam, method, local, row_inv, grid)
        k = np.argmax(local_gaps, axis=1)
        pick = np.arange(rows), k
        better = local_gaps[pick] > gap
        gap = np.where(better, local_gaps[pick], gap)
        best = np.where(better[:, None], local[pick], best)
        step = np.where(better, local_steps[pick], step)
        span = span / grid.zoom_factor
    gap, best = gap.reshape(inv_batch.size, starts), np.concatenate([best, step[:, None]], axis=1).reshape(inv_batch.size, starts, -1)
    winner = np.argmax(gap, axis=1)
    return _carry_across_batches(
        lam, method, inv_batch, gap[np.arange(inv_batch.size), winner], best[np.arange(inv_batch.size), winner], grid
    )


def _carry_across_batches(lam, method, inv_batch, gap, best, grid):
    """Warm start in batch order: the optimum at the next smaller batch, re-profiled at this
    batch, replaces this batch's optimum when it is better. The gap is nondecreasing in B at
    fixed hyperparameters (docs/papers/momentum.md §5.5), so this only repairs searches that stalled."""
    order = np.argsort(-inv_batch, kind="stable")  # increasing B
    for previous, current in zip(order[:-1], order[1:], strict=True):
        coords = best[previous][None, None, :-1]
        carried_gap, carried_step = _profile_at(lam, method, coords, inv_batch[current : current + 1], grid)
        if carried_gap[0, 0] > gap[current]:
            gap[current] = carried_gap[0, 0]
            best[current] = np.concatenate([best[previous][:-1], carried_step[0]])
    return gap, best


def _to_hyper(method, coords, lambda_max):
    """(lr, momentum, alpha) from log10-coordinates (..., axes + [step])."""
    values = {name: 10.0 ** coords[..., k] for k, name in enumerate(_axes(method))}
    s = values.get("one_minus_momentum", np.ones(coords.shape[:-1]))
    lr = 10.0 ** coords[..., -1] * s / lambda_max
    alpha = values["alpha"] / lambda_max if "alpha" in values else np.zeros_like(lr)
    return lr, np.where(s < 1.0, 1.0 - s, 0.0), alpha


@in_float64
def tuned_gap(eigenvalues, method: str, batch, *, grid: TuningGrid | None = None, include_hb: bool = True) -> TunedGap:
    """g*(B) = max over (lr, momentum[, alpha]) of 1 - rho*, per batch size (docs/papers/momentum.md §2.3, §6).

    See :class:`TuningGrid` for the search. For ASGD the result is the better of the 3-D
    search and tuned HB (alpha = 0 is always included: docs/papers/momentum.md §8, the Kidambi
    parameterisation cannot express it and zoomed grids otherwise get stuck below HB).

    Args:
        eigenvalues: spectrum lambda_i > 0.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        batch: a batch size or an array of them (>= 1, ``math.inf`` allowed).
        grid: search settings, default :class:`TuningGrid()`.
        include_hb: for ASGD, also take tuned HB (alpha = 0); ``False`` reports the alpha > 0
            search alone (used to check that it reaches HB, docs/papers/momentum.md §7 check 17).

    Returns:
        :class:`TunedGap` with one entry per batch size.
    """
    grid = _check_tuning_grid(grid or TuningGrid())
    allowed = "a batch size or a non-empty 1-D array of them (integers >= 1 or inf)"
    batches = np.atleast_1d(real_array("batch", batch, allowed, lambda a: a.ndim <= 1, allow_inf=True))
    lam, _ = _check_grid(method, eigenvalues, 1.0, 0.0, 0.0, batches)
    gap, best = _search(lam, method, 1.0 / batches, grid)
    result = TunedGap(batches, gap, *_to_hyper(method, best, lam.max()))
    if method == "asgd" and include_hb:
        hb = tuned_gap(lam, "hb", batches, grid=grid)
        use_hb = hb.gap >= result.gap
        result = TunedGap(batches, *(np.where(use_hb, h, a) for h, a in zip(hb[1:], result[1:], strict=True)))
    return result


def two_level(kappa: float) -> tuple:
    """Key of the docs/papers/momentum.md §5.3 Table A spectrum (d = 50, lambda_1 = 1, 48 eigenvalues 0.4,
    lambda_d = 1/kappa), for :func:`spectrum` and :func:`tuned_sweep`.

    Args:
        kappa: the condition number >= 1.

    Returns:
        The hashable key ``("two-level", kappa)``.
    """
    return ("two-level", float(kappa))


def power_law(a: float, d: int) -> tuple:
    """Key of the power-law spectrum lambda_i = i^-a, i = 1..d (docs/papers/momentum.md §2.2).

    Args:
        a: the capacity exponent a > 0.
        d: the dimension.

    Returns:
        The hashable key ``("power", a, d)``.
    """
    return ("power", float(a), int(d))


def spectrum(key: tuple) -> np.ndarray:
    """Eigenvalues for a key of :func:`two_level` or :func:`power_law`.

    Reference: docs/papers/momentum.md §2.2, §5.3.

    Args:
        key: a spectrum key.

    Returns:
        The float64 eigenvalues, largest first.
    """
    if key[0] == "two-level":
        return np.asarray(Problem.two_level(50, key[1]).eigenvalues)
    if key[0] == "power":
        return np.arange(1, key[2] + 1, dtype=np.float64) ** -key[1]
    fail("key", "a two_level(...) or power_law(...) key", key)


def describe(key: tuple) -> str:
    """A short legend label for a spectrum key.

    Reference: docs/papers/momentum.md §2.2, §5.3 (the spectra of the figures).

    Args:
        key: a key of :func:`two_level` or :func:`power_law`.

    Returns:
        The label, e.g. ``"two-level kappa=100"`` or ``"lambda_i = i^-2, d=1000"``.
    """
    return f"two-level kappa={key[1]:g}" if key[0] == "two-level" else f"lambda_i = i^-{key[1]:g}, d={key[2]}"


@functools.cache
@in_float64
def tuned_sweep(key: tuple, method: str, batches: tuple, include_hb: bool = True) -> TunedGap:
    """:func:`tuned_gap` on a named spectrum, memoised: the claims and the figures of the
    momentum paper share their sweeps within one process."""
    return tuned_gap(spectrum(key), method, np.asarray(batches, dtype=float), include_hb=include_hb)


def half_ce_batch(batches, gaps) -> float:
    """B_half: the batch at which CE(B) = g*(B)/B first drops to half of CE(B_0), log-log
    interpolated between grid points (docs/papers/momentum.md §2.3); ``inf`` if it never does.

    Args:
        batches: the increasing batch grid B_0 < B_1 < ...
        gaps: the tuned gaps g*(B) on that grid.

    Returns:
        B_half.
    """
    batches = real_array(
        "batches",
        batches,
        "an increasing 1-D array of batch sizes >= 1",
        lambda b: b.ndim == 1 and np.all(b >= 1) and np.all(np.diff(b) > 0),
    )
    gaps = real_array(
        "gaps",
        gaps,
        f"a 1-D array of {batches.size} finite gaps >= 0, the first > 0",
        lambda g: g.shape == batches.shape and np.all(g >= 0) and g[0] > 0,
    )
    ce = np.log(gaps / batches) - math.log(gaps[0] / batches[0])
    below = np.nonzero(ce <= math.log(0.5))[0]
    if below.size == 0:
        return math.inf
    k = below[0]
    if k == 0:
        return float(batches[0])
    x0, x1 = np.log(batches[k - 1]), np.log(batches[k])
    w = (math.log(0.5) - ce[k - 1]) / (ce[k] - ce[k - 1])
    return float(np.exp(x0 + w * (x1 - x0)))


@in_float64
def tuned_iterations(problem: Problem, method: str, batch, *, target: float, lr, momentum=0.0, alpha=0.0, max_steps: int = 10**7):
    """T*_eps(B): the fewest iterations to E L(w_t) <= ``target`` E L(w_0) over a grid of
    configurations (docs/papers/momentum.md §2.3), with the exact recursion of :mod:`sims.linreg`.

    Pruning (exact, not a heuristic): the configuration with the largest contraction gap is run
    first; its T bounds the search, so every other configuration stops at that many steps.

    Returns:
        ``(T*, index of the minimiser in the broadcast grid)``; T* is ``inf`` if no
        configuration reaches the target within ``max_steps``.

    Args:
        problem: the :class:`Problem`.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        batch: the batch size B.
        target: eps in (0, 1), relative to the initial risk.
        lr: the step-size grid.
        momentum: the momentum grid, broadcast with ``lr``.
        alpha: the ASGD weight grid, broadcast with ``lr``.
        max_steps: the largest T examined.
    """
    lrs, betas, alphas = _config_grid(lr, momentum, alpha)
    gaps = contraction_gap(problem.eigenvalues, method, lr=lrs, momentum=betas, alpha=alphas, batch=batch)
    first = int(np.argmax(gaps))
    kw = dict(batch=batch, target=target)
    bound = iterations_to_target(problem, method, lr=lrs[first], momentum=betas[first], alpha=alphas[first], max_steps=max_steps, **kw)[0]
    if not np.isfinite(bound):
        return math.inf, first
    steps = iterations_to_target(problem, method, lr=lrs, momentum=betas, alpha=alphas, max_steps=int(bound), **kw)
    best = int(np.argmin(steps))
    return float(steps[best]), best
