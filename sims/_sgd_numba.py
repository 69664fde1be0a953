"""The numba pass behind :mod:`sims._sgd_kernel` (imported only when numba is installed).

One step is one parallel pass over fixed blocks of ``BLOCK`` directions; the per-block partial
sums of lambda . s and lambda . A are added in block order, so the numbers do not depend on the
thread count. Reassociation (``fastmath={"reassoc", "contract"}``) lets the two reductions
vectorise; without the nnan / ninf flags a blow-up still propagates inf and NaN as the XLA program
does (:mod:`sims.divergence` reads them).

Reference: :mod:`sims._sgd_kernel` (the recursion); docs/papers/anytime.md §5.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["BLOCK", "sgd_pass"]

BLOCK = 4096


@numba.njit(parallel=True, fastmath={"reassoc", "contract"}, cache=True, nogil=True)
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
            acc_s = 0.0
            acc_a = 0.0
            for i in range(lo, hi):
                li = lam[i]
                el = lr * li
                m = 1.0 - el
                sn = (m * m + inv_batch * el * el) * s[i] + li * drive
                s[i] = sn
                acc_s += li * sn
                if averaged:
                    dn = m * cross[i]
                    an = keep * avg[i] + new * sn + mix * dn
                    cross[i] = (1.0 - r) * dn + r * sn
                    avg[i] = an
                    acc_a += li * an
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
