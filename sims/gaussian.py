"""Float64 standard normal draws for the Monte Carlo simulators (docs/performance.md, "Monte Carlo
draws").

A draw is z = sqrt(2) erfinv(u) with u = ``jax.random.uniform(key, shape, float64, nextafter(-1, 0), 1)``:
the uniforms of ``jax.random.normal(key, shape, float64)`` mapped by the same inverse CDF, so the two
agree to rounding (relative differences below 1e-13; tests/test_gaussian.py). On CPU, the ``log1p``
inside XLA's ``erf_inv`` costs about 4 ns per float64 (measured; the ``log`` below, 1.4 ns), and the
Gaussian transform about three times the threefry bits. Here every step is vectorisable arithmetic:

* w = -log1p(-u^2) with log1p(t) = log(1 + t) + (t - ((1 + t) - 1))/(1 + t) (the rounding of 1 + t
  corrected to first order) and log(v) = k ln 2 + log1p(f), v = 2^k (1 + f), 1 + f in
  [sqrt(2)/2, sqrt(2)), log1p(f) = 2 atanh(s) = f - (f^2/2 - s (f^2/2 + R(s^2))), s = f/(2 + f), R the
  degree-7 minimax series of fdlibm's ``e_log.c`` (error below 1 ulp; ln 2 split in a high part whose
  products with k are exact and a low part);
* erfinv(u) = u p(w) with Giles's double-precision polynomials (M. Giles, "Approximating the erfinv
  function", GPU Computing Gems Jade Edition, 2011): degree 22 in w - 3.125 for w < 6.25 (|u| below
  about 0.99903, all but 1e-3 of the draws), degree 18 in sqrt(w) - 3.25 for w < 16 and degree 16 in
  sqrt(w) - 5 beyond.

Measured against mpmath's erfinv at 40 digits: at most 4 ulp for |u| <= 0.99 (XLA's ``erf_inv``:
21 ulp). Closer to +-1 both inherit the rounding of u^2 (the transform's conditioning, not the
formulas).
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

__all__ = ["standard_normal"]

# fdlibm e_log.c: log1p(f) = f - (f^2/2 - s (f^2/2 + R)), R = sum_i LG[i] s^(2 i + 2)
_LG = (
    6.666666666666735130e-01,
    3.999999999940941908e-01,
    2.857142874366239149e-01,
    2.222219843214978396e-01,
    1.818357216161805012e-01,
    1.531383769920937332e-01,
    1.479819860511658591e-01,
)
_LN2_HIGH, _LN2_LOW = 6.93147180369123816490e-01, 1.90821492927058770002e-10

# Giles (2011), highest degree first: w < 6.25 in w - 3.125; w < 16 in sqrt(w) - 3.25; else sqrt(w) - 5
_CENTRAL = (
    -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17,
    -1.333171662854620906e-16, 2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14,
    -8.1519341976054721522e-14, 2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
    1.051212273321532285e-09, -4.1126339803469836976e-09, -2.9070369957882005086e-08, 4.2347877827932403518e-07,
    -1.3654692000834678645e-06, -1.3882523362786468719e-05, 0.0001867342080340571352, -0.00074070253416626697512,
    -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356,
)  # fmt: skip
_MIDDLE = (
    2.2137376921775787049e-09, 9.0756561938885390979e-08, -2.7517406297064545428e-07, 1.8239629214389227755e-08,
    1.5027403968909827627e-06, -4.013867526981545969e-06, 2.9234449089955446044e-06, 1.2475304481671778723e-05,
    -4.7318229009055733981e-05, 6.8284851459573175448e-05, 2.4031110387097893999e-05, -0.0003550375203628474796,
    0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066, -0.0037512085075692412107,
    0.005370914553590063617, 1.0052589676941592334, 3.0838856104922207635,
)  # fmt: skip
_TAIL = (
    -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-09, -3.7894654401267369937e-09,
    7.6157012080783393804e-09, -1.4960026627149240478e-08, 2.9147953450901080826e-08, -6.7711997758452339498e-08,
    2.2900482228026654717e-07, -9.9298272942317002539e-07, 4.5260625972231537039e-06, -1.9681778105531670567e-05,
    7.5995277030017761139e-05, -0.00021503011930044477347, -0.00013871931833623122026, 1.0103004648645343977,
    4.8499064014085844221,
)  # fmt: skip
_LOWEST = np.nextafter(-1.0, 0.0)


def standard_normal(key: jax.Array, shape: tuple[int, ...]) -> jax.Array:
    """Float64 N(0, 1) draws: sqrt(2) erfinv(u) of ``jax.random.normal``'s uniforms (module docstring).

    Reference: docs/performance.md ("Monte Carlo draws"); Giles (2011) for erfinv.

    Args:
        key: a JAX PRNG key.
        shape: the shape of the draw.

    Returns:
        A float64 array of ``shape``: the draws of ``jax.random.normal(key, shape, float64)`` to rounding.
    """
    u = jax.random.uniform(key, shape, jnp.float64, _LOWEST, 1.0)
    return math.sqrt(2.0) * _erf_inv(u)


def _erf_inv(u):
    """erfinv(u) for float64 u in (-1, 1): u p(w), w = -log1p(-u^2), Giles's three polynomials."""
    w = -_log1p(-u * u)
    root = jnp.sqrt(w)
    central = _horner(_CENTRAL, w - 3.125)
    middle = _horner(_MIDDLE, root - 3.25)
    tail = _horner(_TAIL, root - 5.0)
    return jnp.where(w < 6.25, central, jnp.where(w < 16.0, middle, tail)) * u


def _horner(coefficients, t):
    p = jnp.full_like(t, coefficients[0])
    for c in coefficients[1:]:
        p = p * t + c
    return p


def _log1p(t):
    """log(1 + t) for float64 t in (-1, 0]: log of the rounded 1 + t plus the first-order correction."""
    v = 1.0 + t
    return _log(v) + (t - (v - 1.0)) / v


def _log(v):
    """log(v) for normal positive float64 v: v = 2^k m, m in [sqrt(2)/2, sqrt(2)), fdlibm's series."""
    bits = jax.lax.bitcast_convert_type(v, jnp.int64)
    exponent = (bits >> 52) - 1023
    m = jax.lax.bitcast_convert_type((bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000, jnp.float64)
    high = m > math.sqrt(2.0)
    m = jnp.where(high, 0.5 * m, m)
    k = (exponent + high).astype(jnp.float64)
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    z2 = z * z
    r = z * (_LG[0] + z2 * (_LG[2] + z2 * (_LG[4] + z2 * _LG[6]))) + z2 * (_LG[1] + z2 * (_LG[3] + z2 * _LG[5]))
    half_square = 0.5 * f * f
    return k * _LN2_HIGH - ((half_square - (s * (half_square + r) + k * _LN2_LOW)) - f)
