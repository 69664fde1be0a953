"""The numba pass behind :mod:`sims._sgd_kernel` (imported only when numba is installed).

One step is one parallel pass over fixed blocks of ``BLOCK`` directions; the per-block partial
sums of lambda . s and lambda . A are added in block order, so the numbers do not depend on the
thread count. Reassociation (``fastmath={"reassoc", "contract"}``) lets the two reductions
vectorise; without the nnan / ninf flags a blow-up still propagates inf and NaN as the XLA program
does (:mod:`sims.divergence` reads them). A block is walked through slices indexed from 0: indexed
as ``lam[i]`` for i in ``range(lo, hi)``, numba wraps every index that might be negative and LLVM
vectorised nothing (d = 5 x 10^5, N = 2000, averaged, 2 threads: 1.23 s, now 0.27 s;
docs/performance.md, "The exact SGD kernel vectorised").

Reference: :mod:`sims._sgd_kernel` (the recursion); docs/papers/anytime.md §5.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["BLOCK", "sgd_pass"]

BLOCK = 4096


@numba.njit(fastmath={"reassoc", "contract"}, inline="always")
def _advance(li, si, lr, inv_batch, drive):
    """(1 - eta lambda_i, s_{t+1,i}) of one direction (the recursion of :mod:`sims._sgd_kernel`)."""
    el = lr * li
    m = 1.0 - el
    return m, (m * m + inv_batch * el * el) * si + li * drive


# no on-disk cache: a kernel loaded from numba's cache rounds differently from a freshly compiled one
# (2.2e-16 relative on the same input, measured 2026-12-07), so a second run on a machine gave other
# last bits than the first; compiling in every process (about 1.8 s) keeps same input, same numbers
# (tests/test_sgd_kernel.py: two processes sharing a cache folder)
@numba.njit(parallel=True, fastmath={"reassoc", "contract"}, nogil=True)
def sgd_pass(lam, s, avg, cross, lrs, rho, inv_batch, noise_var, record, out, averaged):
    """Advance the state ``lrs.shape[0]`` steps in place, writing the risk at ``record`` into ``out``
    (the average's when ``averaged``; ``avg`` and ``cross`` are then A and C)."""
    d = lam.shape[0]
    blocks = (d + BLOCK - 1) // BLOCK
    part_s = np.zeros(blocks)
    part_a = np.zeros(blocks)
    trace = 0.0
    for i in range(d):
        trace += lam[i] * s[i]
    pointer = 0
    while pointer < record.shape[0] and record[pointer] == 0:
        out[pointer] = 0.5 * trace
        pointer += 1
    for t in range(lrs.shape[0]):
        lr = lrs[t]
        r = rho[t]
        drive = inv_batch * lr * lr * (trace + noise_var)
        keep, new, mix = (1.0 - r) * (1.0 - r), r * r, 2.0 * r * (1.0 - r)
        for b in numba.prange(blocks):
            lo = b * BLOCK
            hi = min(d, lo + BLOCK)
            # slices indexed from 0: numba then drops its negative-index wraparound and LLVM vectorises
            lam_b, s_b = lam[lo:hi], s[lo:hi]
            acc_s = 0.0
            acc_a = 0.0
            if averaged:
                avg_b, cross_b = avg[lo:hi], cross[lo:hi]
                for i in range(hi - lo):
                    m, sn = _advance(lam_b[i], s_b[i], lr, inv_batch, drive)
                    s_b[i] = sn
                    acc_s += lam_b[i] * sn
                    dn = m * cross_b[i]
                    an = keep * avg_b[i] + new * sn + mix * dn
                    cross_b[i] = (1.0 - r) * dn + r * sn
                    avg_b[i] = an
                    acc_a += lam_b[i] * an
            else:
                for i in range(hi - lo):
                    sn = _advance(lam_b[i], s_b[i], lr, inv_batch, drive)[1]
                    s_b[i] = sn
                    acc_s += lam_b[i] * sn
            part_s[b] = acc_s
            part_a[b] = acc_a
        trace = 0.0
        risk = 0.0
        for b in range(blocks):
            trace += part_s[b]
            risk += part_a[b]
        if pointer < record.shape[0] and record[pointer] == t + 1:
            out[pointer] = 0.5 * (risk if averaged else trace)
            pointer += 1
