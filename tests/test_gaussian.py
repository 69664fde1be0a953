"""The float64 Gaussian draws of the Monte Carlo simulators (sims/gaussian.py, docs/performance.md,
"Monte Carlo draws"): the draws of ``jax.random.normal`` to rounding, erfinv to a few ulp of
mpmath's, and a broken coefficient caught."""

import math

import jax
import jax.numpy as jnp
import mpmath
import numpy as np
import pytest

from paperchecks.sims import gaussian
from paperchecks.sims.gaussian import standard_normal
from paperchecks.sims.precision import in_float64

#: ulp of erfinv where the transform is well conditioned (|u| <= 0.99): the module's claim
ULP_LIMIT = 4.0


@in_float64
def _ours_and_jax(seed, shape):
    key = jax.random.key(seed)
    return np.asarray(standard_normal(key, shape)), np.asarray(jax.random.normal(key, shape, jnp.float64))


@pytest.mark.parametrize("shape", [(), (3, 5), (1, 512), (1 << 20,)])
def test_draws_are_jax_normal_draws_to_rounding(shape):
    ours, theirs = _ours_and_jax(11, shape)
    assert ours.dtype == np.float64 and ours.shape == shape
    assert np.all(np.isfinite(ours))
    scale = np.maximum(np.abs(theirs), 1e-300)
    assert np.max(np.abs(ours - theirs) / scale) <= 1e-13


def test_draws_are_standard_normal():
    """Mean, variance and the tail fraction of 2^20 draws within 4 standard errors of N(0, 1)'s."""
    z, _ = _ours_and_jax(5, (1 << 20,))
    n = z.size
    assert abs(z.mean()) <= 4 / math.sqrt(n)
    assert abs(z.var() - 1.0) <= 4 * math.sqrt(2.0 / n)
    tail = 2 * 0.5 * math.erfc(3 / math.sqrt(2))  # P(|Z| > 3)
    assert abs(np.mean(np.abs(z) > 3) - tail) <= 4 * math.sqrt(tail * (1 - tail) / n)


def _points():
    """u in (-1, 1): uniform, near 0, and on both sides of the two branch points w = 6.25 and 16."""
    rng = np.random.default_rng(0)
    edges = [math.sqrt(-math.expm1(-w)) for w in (6.25, 16.0)]
    near_edges = np.concatenate([e * (1 + rng.uniform(-1e-6, 1e-6, 50)) for e in edges])
    u = np.concatenate([rng.uniform(-0.99, 0.99, 400), 10 ** rng.uniform(-300, -1, 50), near_edges, [0.5, -0.25, 0.99]])
    return u[np.abs(u) < 1]


def _ulp_error(u, values):
    mpmath.mp.dps = 40
    exact = np.array([float(mpmath.erfinv(mpmath.mpf(float(x)))) for x in u])
    return np.abs(values - exact) / np.spacing(np.abs(exact))


@in_float64
def _erf_inv(u):
    return np.asarray(gaussian._erf_inv(jnp.asarray(u)))


def test_erf_inv_within_a_few_ulp_where_well_conditioned():
    u = _points()
    errors = _ulp_error(u, _erf_inv(u))
    conditioned = np.abs(u) <= 0.99
    assert errors[conditioned].max() <= ULP_LIMIT
    # beyond 0.99 the rounding of u^2 dominates (the transform's conditioning): no worse than XLA's
    xla = _ulp_error(u, np.asarray(in_float64(jax.lax.erf_inv)(jnp.asarray(u))))
    assert np.all(errors[~conditioned] <= xla[~conditioned] + 2)


def test_odd_and_finite_at_the_ends():
    u = np.array([np.nextafter(-1.0, 0.0), -0.5, 0.0, 0.5, np.nextafter(1.0, 0.0), 1e-300])
    values = _erf_inv(u)
    assert np.all(np.isfinite(values)) and values[2] == 0.0
    assert values[-1] == pytest.approx(math.sqrt(math.pi) / 2 * 1e-300, rel=1e-15)
    np.testing.assert_array_equal(_erf_inv(-u), -values)


def test_a_wrong_coefficient_is_caught(monkeypatch):
    """Sabotage: the central polynomial's constant term off by 1e-12 relative fails the ulp check."""
    broken = (*gaussian._CENTRAL[:-1], gaussian._CENTRAL[-1] * (1 + 1e-12))
    monkeypatch.setattr(gaussian, "_CENTRAL", broken)
    u = _points()
    errors = _ulp_error(u, _erf_inv(u))
    assert errors[np.abs(u) <= 0.99].max() > ULP_LIMIT
