"""Label-loss blindness vs masked reconstruction along attention-score directions: the symbolic
side and the closed forms (docs/papers/spt.md §3; a reconstruction for this project, not the paper's
theorem text).

* Corollary C-a / C-b (§3.2), T = 4 with sympy: along a circulant direction D (kernel symbols
  k0..k3) at S = 0 the pooled output z(eps) = (1/T) sum_i phi(sum_j softmax(eps D)_ij v_j) has
  dz/deps = 0 for a generic phi, softmax(eps D) has unit column sums for all eps, and the second
  derivative is (1/T) sum_i phi''(vbar) delta_i^2; a band (non-periodic) direction leaks through
  the boundary: dz/deps = (-v0 + v1 + v2 - v3)/32 for affine phi.
* Proposition 3 (§3.4): at S = 0 the expected masked-reconstruction score gradient is
  (2/T^2)(B(j - m) - Bbar) with B(0) = 0, B(tau) = C - a K(tau), a = (1 - rho)(1 + (1 - rho)/T),
  C = [(1 - rho) K0 + (1 - rho)^2 (sum K - K0)]/T; its slope along a circulant kernel kappa is
  (2/T) sum_tau (kappa(tau) - kappabar) B(tau); in W-space with Fourier PE the gradient is
  block-diagonal, -grad_W = blockdiag_k((a S_x(w_k) - c0) I_2)/(T sqrt(d_p)), c0 = a K0 - C.
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp

__all__ = [
    "SIZE",
    "band_first_derivative",
    "band_leak_expected",
    "band_symbolic",
    "circulant_column_sums",
    "circulant_first_derivative",
    "circulant_second_derivative",
    "circulant_second_derivative_expected",
    "circulant_symbolic",
    "eps",
    "masked_constants",
    "masked_slope",
    "masked_slope_leading",
    "masked_w_gradient_diagonal",
    "phi",
    "pooled_output",
    "power_spectrum",
]

SIZE = 4
eps = sp.Symbol("epsilon")
_v = sp.symbols(f"v0:{SIZE}")
_k = sp.symbols(f"k0:{SIZE}")
phi = sp.Function("phi")


def _softmax(direction: sp.Matrix) -> sp.Matrix:
    n = direction.shape[0]
    return sp.Matrix(n, n, lambda i, j: sp.exp(eps * direction[i, j]) / sum(sp.exp(eps * direction[i, col]) for col in range(n)))


def circulant_symbolic(size: int = SIZE) -> sp.Matrix:
    """D_ij = k_{(j - i) mod T}.

    Reference: docs/papers/spt.md §3.2.

    Args:
        size: T.

    Returns:
        The (T, T) circulant matrix with symbols k_0 .. k_{T-1}.
    """
    return sp.Matrix(size, size, lambda i, j: _k[(j - i) % size])


def band_symbolic(size: int = SIZE, width: int = 1) -> sp.Matrix:
    """D_ij = 1[|i - j| <= width].

    Reference: docs/papers/spt.md §3.5 (a banded, non-circulant direction).

    Args:
        size: T.
        width: the half-width.

    Returns:
        The (T, T) matrix.
    """
    return sp.Matrix(size, size, lambda i, j: 1 if abs(i - j) <= width else 0)


def pooled_output(direction: sp.Matrix, activation=phi) -> sp.Expr:
    """z(eps) = (1/T) sum_i activation(sum_j softmax(eps D)_ij v_j).

    Reference: docs/papers/spt.md §3.1-3.2.

    Args:
        direction: the symbolic (T, T) direction D.
        activation: phi (a sympy function).

    Returns:
        z(eps).
    """
    a = _softmax(direction)
    n = direction.shape[0]
    return sum(activation(sum(a[i, j] * _v[j] for j in range(n))) for i in range(n)) / n


@functools.cache
def circulant_first_derivative() -> sp.Expr:
    """dz/deps at 0 along a circulant D, generic phi (expected: 0)."""
    return sp.simplify(sp.diff(pooled_output(circulant_symbolic()), eps).subs(eps, 0).doit())


@functools.cache
def circulant_column_sums() -> tuple[sp.Expr, ...]:
    """Column sums of softmax(eps D) minus 1 for circulant D (expected: all 0 for every eps)."""
    a = _softmax(circulant_symbolic())
    return tuple(sp.simplify(sum(a[i, j] for i in range(SIZE)) - 1) for j in range(SIZE))


PHI1, PHI2 = sp.symbols("phi1 phi2")
"""phi'(vbar) and phi''(vbar) as opaque symbols."""


@functools.cache
def circulant_second_derivative() -> sp.Expr:
    """d^2z/deps^2 at 0 along a circulant D, generic phi, with phi'(vbar), phi''(vbar) as the
    symbols :data:`PHI1`, :data:`PHI2` (expected: no PHI1 term, PHI2 (1/T) sum_i delta_i^2)."""
    second = sp.diff(pooled_output(circulant_symbolic()), eps, 2).subs(eps, 0).doit()

    def opaque(e):
        order = e.expr.derivative_count if isinstance(e.expr, sp.Derivative) else 0
        return {1: PHI1, 2: PHI2}.get(order, e)

    return sp.expand(second.replace(lambda e: isinstance(e, sp.Subs), opaque))


def circulant_second_derivative_expected() -> sp.Expr:
    """(1/T) sum_i phi''(vbar) delta_i^2 with delta_i = (1/T) sum_j (D_ij - Dbar) v_j (§3.2, C-b).

    Returns:
        The expression.
    """
    d = circulant_symbolic()
    dbar = sum(_k) / SIZE
    deltas = [sum((d[i, j] - dbar) * _v[j] for j in range(SIZE)) / SIZE for i in range(SIZE)]
    return sp.expand(PHI2 * sum(x**2 for x in deltas) / SIZE)


@functools.cache
def band_first_derivative() -> sp.Expr:
    """dz/deps at 0 along the band D = 1[|i - j| <= 1], affine phi (expected (-v0 + v1 + v2 - v3)/32)."""
    return sp.simplify(sp.diff(pooled_output(band_symbolic(), activation=lambda t: t), eps).subs(eps, 0))


def band_leak_expected() -> sp.Expr:
    """The boundary leak (-v0 + v1 + v2 - v3)/32 of the band direction at T = 4 (docs/papers/spt.md §3.3).

    Returns:
        The expression.
    """
    v0, v1, v2, v3 = _v
    return (-v0 + v1 + v2 - v3) / 32


# ------------------------------------------------------------------------------------------------
# Proposition 3: masked reconstruction at S = 0 (numbers)


def masked_constants(covariance, rate: float) -> dict[str, float | np.ndarray]:
    """a, C, c0 and B(tau) of §3.4 for a stationary circular covariance K(tau), tau = 0..T-1, and
    mask rate rho.

    Args:
        covariance: K(tau), tau = 0..T-1.
        rate: rho in (0, 1).

    Returns:
        ``{"a": ..., "C": ..., "c0": ..., "B": ...}``.
    """
    k = np.asarray(covariance, dtype=float)
    length = k.size
    keep = 1.0 - rate
    a = keep * (1.0 + keep / length)
    c = (keep * k[0] + keep**2 * (k.sum() - k[0])) / length
    b = c - a * k
    b[0] = 0.0
    return {"a": a, "C": c, "c0": a * k[0] - c, "B": b}


def masked_slope(covariance, kernel, rate: float) -> float:
    """<E grad_S L_mlm, D> at S = 0 for the circulant D_ij = kernel((j - i) mod T):
    (2/T) sum_tau (kappa(tau) - kappabar) B(tau).

    Reference: docs/papers/spt.md §3.4 (Proposition 3).

    Args:
        covariance: K(tau), tau = 0..T-1.
        kernel: kappa(tau), tau = 0..T-1.
        rate: rho.

    Returns:
        The slope.
    """
    kappa = np.asarray(kernel, dtype=float)
    b = masked_constants(covariance, rate)["B"]
    return float(2.0 / kappa.size * np.sum((kappa - kappa.mean()) * b))


def masked_slope_leading(covariance, kernel, rate: float) -> float:
    """Leading order of :func:`masked_slope`: -(2(1 - rho)/T) sum_{tau != 0} (kappa - kappabar) K(tau).

    Reference: docs/papers/spt.md §3.4.

    Args:
        covariance: K(tau).
        kernel: kappa(tau).
        rate: rho.

    Returns:
        The leading-order slope.
    """
    kappa, k = np.asarray(kernel, dtype=float), np.asarray(covariance, dtype=float)
    return float(-2.0 * (1.0 - rate) / kappa.size * np.sum(((kappa - kappa.mean()) * k)[1:]))


def power_spectrum(covariance, frequencies) -> np.ndarray:
    """S_x(w) = sum_tau K(tau) cos(w tau).

    Reference: docs/papers/spt.md §3.4.

    Args:
        covariance: K(tau), tau = 0..T-1.
        frequencies: the frequencies w.

    Returns:
        S_x(w).
    """
    k = np.asarray(covariance, dtype=float)
    tau = np.arange(k.size)
    return np.array([np.sum(k * np.cos(w * tau)) for w in np.atleast_1d(frequencies)])


def masked_w_gradient_diagonal(covariance, rate: float, frequencies: int) -> np.ndarray:
    """Diagonal of -grad_W L_mlm at W = 0 with Fourier PE of K frequencies (cos and sin entries
    of frequency k share (a S_x(w_k) - c0)/(T sqrt(d_p))).

    Reference: docs/papers/spt.md §3.3-3.4.

    Args:
        covariance: K(tau).
        rate: rho.
        frequencies: K >= 1.

    Returns:
        The (2K,) diagonal.
    """
    k = np.asarray(covariance, dtype=float)
    length = k.size
    consts = masked_constants(k, rate)
    w = 2 * np.pi * np.arange(1, frequencies + 1) / length
    per_frequency = (consts["a"] * power_spectrum(k, w) - consts["c0"]) / (length * np.sqrt(2 * frequencies))
    return np.repeat(per_frequency, 2)
