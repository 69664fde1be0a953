"""An optional CPU kernel for the exact SGD recursion: one pass over memory per step (issue 22).

The exact recursion of :mod:`sims.linreg` for SGD (batch B, step eta_t) is, per direction i,

    s_{t+1,i} = ((1 - eta_t lambda_i)^2 + eta_t^2 lambda_i^2 / B) s_{t,i} + (eta_t^2 lambda_i / B) (tr_t + sigma^2),
    tr_{t+1} = sum_i lambda_i s_{t+1,i},

and with an average (weights rho_t, docs/papers/anytime.md §5.2; D = (1 - eta_t lambda_i) C)

    A_{t+1} = (1 - rho)^2 A_t + rho^2 s_{t+1} + 2 rho (1 - rho) D,   C_{t+1} = (1 - rho) D + rho s_{t+1}.

It is memory-bound: a step must read s, A, C and lambda and write s, A, C (7 x 8 d bytes). XLA on
CPU splits the step into about ten passes (the coefficient vectors are hoisted out of the loop and
re-read, the two dot products are separate reductions, the cross moment is copied), so a plain
``lax.scan`` runs at about a quarter of that floor. This kernel makes the floor reachable: each step
is one pass that recomputes the coefficients from lambda in registers and accumulates both
``lambda . s`` and ``lambda . A`` while it writes them, over fixed blocks of directions run in
parallel. The per-block partial sums are added in block order, so the result does not depend on
the number of threads: same input, same numbers.

It needs ``numba`` (the ``fast`` extra) and is never required: :func:`sims.linreg.exact_risk` and
:func:`sims.linreg.exact_risk_grid` use it for SGD with concrete arguments on a CPU backend when
``numba`` imports and ``d`` is at least :data:`MIN_DIM` (below that the state fits in cache and
the XLA program is as fast), and fall back to the XLA program otherwise. The two agree to 1e-12
(tests/test_sgd_kernel.py); ``PAPERCHECKS_KERNEL=xla`` turns the kernel off.

Reference: docs/papers/anytime.md §5 (the recursion); docs/performance.md; docs/design.md, Conventions
(performance: the bandwidth floor).
"""

from __future__ import annotations

import functools
import os
import threading

import jax
import numpy as np

__all__ = ["MIN_DIM", "kernel_enabled", "sgd_recorded_risk"]

MIN_DIM = 16_384

_ONE_AT_A_TIME = threading.Lock()


@functools.cache
def _compiled():
    """The numba-compiled pass (None when numba is missing); compiled once per process (not cached on
    disk: a cached kernel rounds differently from a fresh one, see sims/_sgd_numba.py)."""
    try:
        from paperchecks.sims import _sgd_numba
    except ImportError:  # numba is not installed
        return None
    return _sgd_numba.sgd_pass


def kernel_enabled(dim: int) -> bool:
    """Whether :func:`sgd_recorded_risk` will be used for a run of dimension ``dim``: numba
    imports, JAX's default backend is the CPU, ``dim >= MIN_DIM`` and ``PAPERCHECKS_KERNEL`` is not
    ``xla``.

    Reference: docs/performance.md; module docstring.

    Args:
        dim: d, the number of directions.

    Returns:
        True to use the kernel.
    """
    if os.environ.get("PAPERCHECKS_KERNEL", "auto") == "xla" or dim < MIN_DIM:
        return False
    return jax.default_backend() == "cpu" and _compiled() is not None


def sgd_recorded_risk(lam, init_sq, noise_var: float, lrs, rho, inv_batch: float, record) -> np.ndarray:
    """The exact SGD excess risk (of the average when ``rho`` is given) at the recorded steps.

    Reference: module docstring; docs/papers/anytime.md §5.

    Args:
        lam: the eigenvalues lambda_i (float64, length d).
        init_sq: E e_{0,i}^2.
        noise_var: sigma^2.
        lrs: the step size of every update, eta_0 .. eta_{T-1}.
        rho: the averaging weights rho_1 .. rho_T, or None for the last iterate.
        inv_batch: 1 / B.
        record: the sorted steps to record (0 .. T).

    Returns:
        float64 array of 1/2 sum_i lambda_i E e_{t,i}^2 (or E e_bar_{t,i}^2) at ``record``.
    """
    kernel = _compiled()
    # fresh writable copies: one compiled signature (numba types read-only arrays apart)
    lam = np.array(lam, dtype=np.float64)
    s = np.array(init_sq, dtype=np.float64)
    lrs = np.array(lrs, dtype=np.float64)
    averaged = rho is not None
    rho = np.array(rho if averaged else np.zeros(lrs.shape[0]), dtype=np.float64)
    out = np.zeros(len(record), dtype=np.float64)
    avg, cross = (s.copy(), s.copy()) if averaged else (s[:1].copy(), s[:1].copy())
    record = np.array(record, dtype=np.int64)
    # one pass at a time: it already uses every core, and numba's default threading layer must
    # not be entered from two threads at once (sims.sweep.side_by_side workers)
    with _ONE_AT_A_TIME, np.errstate(all="ignore"):
        kernel(lam, s, avg, cross, lrs, rho, float(inv_batch), float(noise_var), record, out, averaged)
    return out
