"""The JAX simulator: full-matrix gradient descent on a deep linear network (docs/deeplinear.md §1, §5).

y = W_D ... W_1 x with whitened inputs (E x x^T = I), so the squared error is, up to a constant,

    L(W) = 1/2 || Sigma31 - W_D ... W_1 ||_F^2,

and gradient descent W_l <- W_l - (eta / tau) dL/dW_l is the Euler discretisation of tau dW/dt = -dL/dW,
with time t = k eta. Every ``record`` steps the simulator writes the input-output map in the mode basis,
M = U^T W_D ... W_1 V: its diagonal are the mode strengths u_a, its off-diagonal part what is not yet
decoupled. One ``lax.scan`` in float64; a run that blows up is reported as divergence.

Bad input raises ``ValueError`` naming the parameter and its allowed range.
"""

from __future__ import annotations

import dataclasses
import functools
import math

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks import float64
from paperchecks.sims.validation import in_range, positive_int, real_vector

__all__ = ["ModeCurves", "balanced_start", "correlation", "gradient_descent", "half_times", "random_start"]


@dataclasses.dataclass(frozen=True)
class ModeCurves:
    """A run's record (docs/deeplinear.md §5).

    Attributes:
        time: t = k eta at the recorded steps (step 0 included).
        strengths: the diagonal of U^T W V, shape (records, modes).
        off_diagonal: ||offdiag(U^T W V)||_F / ||diag(U^T W V)||, per record.
        diverged: True if the weights stopped being finite.
    """

    time: np.ndarray
    strengths: np.ndarray
    off_diagonal: np.ndarray
    diverged: bool


def correlation(strengths, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sigma31 = U diag(s) V^T with random orthogonal U, V (square, one mode per singular value).

    Args:
        strengths: the singular values s_a > 0.
        seed: the seed of U and V.

    Returns:
        (Sigma31, U, V).

    Raises:
        ValueError: a strength that is not finite and positive.
    """
    s = real_vector("strengths", strengths, positive=True)
    rng = np.random.default_rng(seed)
    u_basis = np.linalg.qr(rng.standard_normal((s.size, s.size)))[0]
    v_basis = np.linalg.qr(rng.standard_normal((s.size, s.size)))[0]
    return u_basis @ np.diag(s) @ v_basis.T, u_basis, v_basis


def balanced_start(u_basis, v_basis, start: float, depth: int = 2, seed: int = 0) -> list[np.ndarray]:
    """The balanced decoupled start: W_1 = O_1 a V^T, W_l = O_l a O_{l-1}^T, W_D = U a O_{D-1}^T with
    a = start^(1/D) (so every mode strength starts at u0 = ``start``) and random orthogonal O_l.

    Args:
        u_basis: U (modes x modes, orthogonal).
        v_basis: V (modes x modes, orthogonal).
        start: u0 > 0.
        depth: D >= 2 weight matrices.
        seed: the seed of the O_l.

    Returns:
        [W_1, ..., W_D].

    Raises:
        ValueError: a parameter outside its range.
    """
    start = in_range("start", start, low=0.0, low_open=True)
    depth = positive_int("depth", depth, minimum=2)
    n = np.shape(u_basis)[0]
    rng = np.random.default_rng(seed)
    bases = [np.asarray(v_basis)] + [np.linalg.qr(rng.standard_normal((n, n)))[0] for _ in range(depth - 1)] + [np.asarray(u_basis)]
    scale = start ** (1.0 / depth)
    return [scale * bases[i + 1] @ bases[i].T for i in range(depth)]


def random_start(modes: int, scale: float, depth: int = 2, seed: int = 0) -> list[np.ndarray]:
    """A small random start: independent N(0, scale^2 / modes) entries in every W_l.

    Args:
        modes: the width (= input = output dimension).
        scale: the entries' scale, > 0.
        depth: D >= 2.
        seed: the seed.

    Returns:
        [W_1, ..., W_D].

    Raises:
        ValueError: a parameter outside its range.
    """
    scale = in_range("scale", scale, low=0.0, low_open=True)
    depth = positive_int("depth", depth, minimum=2)
    modes = positive_int("modes", modes)
    rng = np.random.default_rng(seed)
    return [scale / math.sqrt(modes) * rng.standard_normal((modes, modes)) for _ in range(depth)]


def _product(weights):
    out = weights[0]
    for w in weights[1:]:
        out = w @ out
    return out


@functools.partial(jax.jit, static_argnames=("steps", "record"))
def _run(weights, target, u_basis, v_basis, step, *, steps: int, record: int):
    def loss(ws):
        return 0.5 * jnp.sum((target - _product(ws)) ** 2)

    def observe(ws):
        modes = u_basis.T @ _product(ws) @ v_basis
        diagonal = jnp.diagonal(modes)
        off = jnp.linalg.norm(modes - jnp.diag(diagonal)) / jnp.linalg.norm(diagonal)
        return diagonal, off

    def block(ws, _):
        def one(ws, _):
            grads = jax.grad(loss)(ws)
            return [w - step * g for w, g in zip(ws, grads, strict=True)], None

        ws, _ = jax.lax.scan(one, ws, None, length=record)
        return ws, observe(ws)

    _, (diagonals, offs) = jax.lax.scan(block, weights, None, length=steps // record)
    first = observe(weights)
    return jnp.concatenate([first[0][None], diagonals]), jnp.concatenate([first[1][None], offs])


def gradient_descent(
    weights, target, u_basis, v_basis, *, lr: float, steps: int, record: int = 1, time_constant: float = 1.0
) -> ModeCurves:
    """Gradient descent on L(W) = 1/2 ||Sigma31 - W_D ... W_1||_F^2 from ``weights`` (§5).

    Args:
        weights: [W_1, ..., W_D] (square, modes x modes).
        target: Sigma31.
        u_basis: U of Sigma31 = U S V^T.
        v_basis: V.
        lr: the step eta > 0 (time t = k eta).
        steps: the number of steps, a multiple of ``record``, >= 1.
        record: record every ``record`` steps, >= 1.
        time_constant: tau > 0 (each step moves W by -(eta / tau) grad L).

    Returns:
        The :class:`ModeCurves`.

    Raises:
        ValueError: a parameter outside its range.
    """
    lr = in_range("lr", lr, low=0.0, low_open=True)
    time_constant = in_range("time_constant", time_constant, low=0.0, low_open=True)
    steps = positive_int("steps", steps)
    record = positive_int("record", record)
    if steps % record:
        raise ValueError(f"steps must be a multiple of record ({record}), got {steps}")
    if len(weights) < 2:
        raise ValueError(f"weights must hold at least 2 matrices, got {len(weights)}")
    with float64():
        strengths, off = _run(
            [jnp.asarray(w, jnp.float64) for w in weights],
            jnp.asarray(target, jnp.float64),
            jnp.asarray(u_basis, jnp.float64),
            jnp.asarray(v_basis, jnp.float64),
            lr / time_constant,
            steps=steps,
            record=record,
        )
        strengths, off = np.asarray(strengths), np.asarray(off)
    diverged = not (np.all(np.isfinite(strengths)) and np.all(np.isfinite(off)))
    time = lr * record * np.arange(strengths.shape[0])
    return ModeCurves(time, strengths, off, diverged)


def half_times(run: ModeCurves, strengths) -> np.ndarray:
    """The time at which each mode first reaches half its strength, interpolated linearly between the
    recorded steps (docs/deeplinear.md §3).

    Args:
        run: a :class:`ModeCurves` whose modes all start below s_a / 2 and reach it.
        strengths: the s_a, in the order of the run's modes.

    Returns:
        The half times, one per mode.

    Raises:
        ValueError: a mode that starts at or above half its strength, or never reaches it.
    """
    times = []
    for a, s in enumerate(strengths):
        reached = run.strengths[:, a] >= s / 2
        if reached[0] or not reached.any():
            raise ValueError(f"run must start below and reach half of every strength; mode {a} (s = {s:g}) does not")
        k = int(np.argmax(reached))
        u_low, u_high = run.strengths[k - 1, a], run.strengths[k, a]
        times.append(run.time[k - 1] + (s / 2 - u_low) / (u_high - u_low) * (run.time[k] - run.time[k - 1]))
    return np.array(times)
