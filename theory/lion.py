"""Lion-K as constrained / composite optimisation: the Lyapunov functions and the K table
(docs/papers/lion.md §2-§6).

Paper convention (§2.2): the momentum carries the *negative* gradient,

    m_{t+1} = beta2 m_t - (1 - beta2) grad f(x_t),   m~_{t+1} = beta1 m_t - (1 - beta1) grad f(x_t),
    x_{t+1} = x_t + eta (grad K(m~_{t+1}) - lambda x_t)          (explicit weight decay; implicit:
    x_{t+1} = (x_t + eta grad K(m~_{t+1}))/(1 + eta lambda)),

and its continuous-time limit (§2.4) m' = -alpha grad f - gamma m, m~ = m - eps (alpha grad f +
gamma m), x' = grad K(m~) - lambda x, which minimises F(x) = alpha f(x) + (gamma/lambda) K*(lambda x).

* Continuous Lyapunov function (§3.1): H = F + c D with the Fenchel-Young gap
  D(x, m) = K(m) + K*(lambda x) - lambda <m, x> >= 0; the coefficient c = (1 - eps gamma)/(1 + eps lambda)
  is *derived* below as the unique value that makes dH/dt + Delta vanish identically.
* Discrete Lyapunov function (§6.2): H_d = f + (1/lambda) K* + a D with a = eta beta1/(eta lambda
  (1 - beta1) + 1 - beta2), and H_d(t+1) - H_d(t) <= -eta Delta_t + (L/2)||x_{t+1} - x_t||^2 for
  beta1 <= beta2 (implicit weight decay).
* The K table (§5) with K, grad K, K*, a subgradient of K* and the proximal map of
  s (1/lambda) K*(lambda x) that defines each row's constrained or composite problem.

Array functions take ``xp`` (numpy by default; the simulator passes ``jax.numpy``) so the table
lives once; nothing here imports JAX.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable

import numpy as np
import sympy as sp

__all__ = [
    "C_LYAPUNOV",
    "C_SWAPPED",
    "KRow",
    "K_TABLE",
    "box_kkt_residual",
    "coefficient",
    "composite_minimizer",
    "continuous_lyapunov",
    "continuous_residual",
    "discrete_constants",
    "discrete_lyapunov",
    "discrete_step_terms",
    "euler_map",
    "fenchel_young_gap",
    "k_row",
    "lyapunov_c",
    "lyapunov_coefficient",
]

# ------------------------------------------------------------------------------------------------
# continuous time: dH/dt = -Delta (§3.1)

alpha, gamma, lam, eps = sp.symbols("alpha gamma lambda epsilon", positive=True)
coefficient = sp.Symbol("c")


def _vector(name: str, dim: int):
    return sp.Matrix(sp.symbols(f"{name}1:{dim + 1}", real=True))


def continuous_residual(c, dim: int = 2) -> sp.Expr:
    """dH/dt + Delta along the ODE, with H = F + c D, as a polynomial in symbols standing for the
    values g = grad f(x), grad K(m), grad K(m~), grad K*(lambda x) (§3.1 "sympy recipe"); it is
    identically 0 exactly for the right c. ``dim`` is the dimension of x and m.

    Reference: docs/papers/lion.md §3.1.

    Args:
        c: the coefficient of D (a sympy expression).
        dim: the dimension.

    Returns:
        The expanded residual.
    """
    x, m, g = _vector("x", dim), _vector("m", dim), _vector("g", dim)
    k_m, k_mt, ks_lx = _vector("Km", dim), _vector("Kmt", dim), _vector("Ks", dim)
    m_dot = -alpha * g - gamma * m
    m_tilde = m + eps * m_dot
    x_dot = k_mt - lam * x
    grad_x = alpha * g + (gamma + c * lam) * ks_lx - c * lam * m
    grad_m = c * (k_m - lam * x)
    delta = (lam + gamma) / (1 + eps * lam) * (ks_lx - m_tilde).dot(lam * x - k_mt) + (1 - eps * gamma) / (1 + eps * lam) * (
        alpha * g + gamma * m
    ).dot(k_m - k_mt)
    return sp.expand(sp.together(grad_x.dot(x_dot) + grad_m.dot(m_dot) + delta))


@functools.cache
def lyapunov_coefficient() -> sp.Expr:
    """Solve for the c that cancels every coefficient of the residual (the value is forced)."""
    residual = sp.numer(sp.together(continuous_residual(coefficient, 1)))
    free = sorted(residual.free_symbols - {coefficient, alpha, gamma, lam, eps}, key=str)
    equations = sp.Poly(residual, *free).coeffs()
    (solution,) = sp.solve(equations, coefficient, dict=True)
    return sp.simplify(solution[coefficient])


C_LYAPUNOV = (1 - eps * gamma) / (1 + eps * lam)
C_SWAPPED = (1 - eps * lam) / (1 + eps * gamma)
"""The negative control of §3.1 / §8 check 1: gamma and lambda exchanged."""


def lyapunov_c(gamma_: float, lam_: float, eps_: float) -> float:
    """c = (1 - eps gamma)/(1 + eps lambda), numerically.

    Reference: docs/papers/lion.md §3.1.

    Args:
        gamma_: gamma > 0.
        lam_: lambda > 0.
        eps_: epsilon in [0, 1].

    Returns:
        c.
    """
    return (1.0 - eps_ * gamma_) / (1.0 + eps_ * lam_)


# ------------------------------------------------------------------------------------------------
# the K table (§5)


def _soft_threshold(v, t, xp):
    return xp.sign(v) * xp.maximum(xp.abs(v) - t, 0.0)


def _project_l2_ball(v, radius, xp):
    n = xp.sqrt(xp.sum(v * v))
    return v * xp.minimum(1.0, radius / xp.maximum(n, 1e-300))


def _project_l1_ball(v, radius, xp):
    """Euclidean projection onto {||x||_1 <= radius} (Duchi et al. 2008), numpy only."""
    v = np.asarray(v)
    if np.sum(np.abs(v)) <= radius:
        return v
    u = np.sort(np.abs(v))[::-1]
    css = np.cumsum(u)
    k = np.nonzero(u * np.arange(1, v.size + 1) > css - radius)[0][-1]
    theta = (css[k] - radius) / (k + 1.0)
    return np.sign(v) * np.maximum(np.abs(v) - theta, 0.0)


def _entropy_terms(y, xp):
    """(1 + y) ln(1 + y) + (1 - y) ln(1 - y), continuous up to |y| = 1 (value 2 ln 2 there)."""
    inside = xp.abs(y) < 1
    z = xp.where(inside, y, 0.0)
    return xp.where(inside, (1 + z) * xp.log1p(z) + (1 - z) * xp.log1p(-z), 2 * math.log(2.0))


def _inside(y, bound, xp, tol=1e-12):
    return xp.where(bound <= 1.0 + tol, 0.0, xp.inf)


@dataclasses.dataclass(frozen=True)
class KRow:
    """One row of the K table: K, a (sub)gradient grad K (the update direction), the conjugate K*
    (+inf outside its domain), a subgradient of K* inside the domain, and the proximal map
    prox(v, s, lam) = argmin_x ||x - v||^2/(2 s) + (1/lam) K*(lam x) (None where no closed form).
    ``problem`` names what Lion-K with this K solves (alpha = gamma): min f + (1/lam) K*(lam x).

    Reference: docs/papers/lion.md §5 (the table of K choices).
    """

    name: str
    problem: str
    value: Callable
    grad: Callable
    conj: Callable
    conj_grad: Callable
    prox: Callable | None
    smooth: bool
    separable: bool = True


def _rows(e: float = 0.3, delta: float = 0.05, p: float = 3.0) -> dict[str, KRow]:
    q = p / (p - 1.0)

    def box(y, xp=np):
        return _inside(y, xp.max(xp.abs(y)), xp)

    rows = [
        KRow("l1", "min f s.t. ||x||_inf <= 1/lam (Lion)",
             lambda m, xp=np: xp.sum(xp.abs(m)), lambda m, xp=np: xp.sign(m), box,
             lambda y, xp=np: 0.0 * y, lambda v, s, lam, xp=np: xp.clip(v, -1 / lam, 1 / lam), False),
        KRow("l2", "min f s.t. ||x||_2 <= 1/lam",
             lambda m, xp=np: xp.sqrt(xp.sum(m * m)),
             lambda m, xp=np: m / xp.maximum(xp.sqrt(xp.sum(m * m)), 1e-300),
             lambda y, xp=np: _inside(y, xp.sqrt(xp.sum(y * y)), xp),
             lambda y, xp=np: 0.0 * y, lambda v, s, lam, xp=np: _project_l2_ball(v, 1 / lam, xp), False, False),
        KRow(f"l{p:g}", f"min f s.t. ||x||_{q:g} <= 1/lam",
             lambda m, xp=np: xp.sum(xp.abs(m) ** p) ** (1 / p),
             lambda m, xp=np: xp.sign(m) * xp.abs(m) ** (p - 1) / xp.maximum(xp.sum(xp.abs(m) ** p) ** ((p - 1) / p), 1e-300),
             lambda y, xp=np: _inside(y, xp.sum(xp.abs(y) ** q) ** (1 / q), xp),
             lambda y, xp=np: 0.0 * y, None, False, False),
        KRow("linf", "min f s.t. ||x||_1 <= 1/lam (sparse)",
             lambda m, xp=np: xp.max(xp.abs(m)),
             lambda m, xp=np: xp.sign(m) * (xp.arange(m.shape[-1]) == xp.argmax(xp.abs(m))),
             lambda y, xp=np: _inside(y, xp.sum(xp.abs(y)), xp),
             lambda y, xp=np: 0.0 * y, lambda v, s, lam, xp=np: _project_l1_ball(v, 1 / lam, xp), False, False),
        KRow("quad", "min f + (lam/2)||x||^2 (ridge: ordinary weight decay)",
             lambda m, xp=np: 0.5 * xp.sum(m * m), lambda m, xp=np: m, lambda y, xp=np: 0.5 * xp.sum(y * y),
             lambda y, xp=np: y, lambda v, s, lam, xp=np: v / (1 + s * lam), True),
        KRow(f"huber{e:g}", f"min f + ({e:g} lam/2)||x||^2 s.t. ||x||_inf <= 1/lam",
             lambda m, xp=np: xp.sum(xp.where(xp.abs(m) <= e, m * m / (2 * e), xp.abs(m) - e / 2)),
             lambda m, xp=np: xp.clip(m / e, -1.0, 1.0),
             lambda y, xp=np: 0.5 * e * xp.sum(y * y) + box(y, xp), lambda y, xp=np: e * y,
             lambda v, s, lam, xp=np: xp.clip(v / (1 + s * e * lam), -1 / lam, 1 / lam), False),
        KRow(f"deadzone{e:g}", f"min f + {e:g}||x||_1 s.t. ||x||_inf <= 1/lam (lasso in a box)",
             lambda m, xp=np: xp.sum(xp.maximum(xp.abs(m) - e, 0.0)),
             lambda m, xp=np: xp.sign(m) * (xp.abs(m) > e),
             lambda y, xp=np: e * xp.sum(xp.abs(y)) + box(y, xp), lambda y, xp=np: e * xp.sign(y),
             lambda v, s, lam, xp=np: xp.clip(_soft_threshold(v, s * e, xp), -1 / lam, 1 / lam), False),
        KRow(f"l1+l2sq{e:g}", f"min f + (1/(2 {e:g} lam)) sum (lam|x_i| - 1)_+^2 (soft box)",
             lambda m, xp=np: xp.sum(xp.abs(m)) + 0.5 * e * xp.sum(m * m), lambda m, xp=np: xp.sign(m) + e * m,
             lambda y, xp=np: xp.sum(xp.maximum(xp.abs(y) - 1, 0.0) ** 2) / (2 * e),
             lambda y, xp=np: xp.sign(y) * xp.maximum(xp.abs(y) - 1, 0.0) / e, None, False),
        KRow("relu", "min f s.t. 0 <= x <= 1/lam",
             lambda m, xp=np: xp.sum(xp.maximum(m, 0.0)), lambda m, xp=np: 1.0 * (m > 0),
             lambda y, xp=np: _inside(y, xp.maximum(xp.max(y), 1.0 - xp.min(y)), xp),
             lambda y, xp=np: 0.0 * y, lambda v, s, lam, xp=np: xp.clip(v, 0.0, 1 / lam), False),
        KRow(f"logcosh{delta:g}", f"min f + box + entropic term (<= {delta:g} d ln2/lam)",
             lambda m, xp=np: delta * xp.sum(xp.logaddexp(m / delta, -m / delta) - math.log(2.0)),
             lambda m, xp=np: xp.tanh(m / delta),
             lambda y, xp=np: xp.where(xp.max(xp.abs(y)) <= 1.0, 0.5 * delta * xp.sum(_entropy_terms(y, xp)), xp.inf),
             lambda y, xp=np: delta * xp.arctanh(xp.clip(y, -1 + 1e-15, 1 - 1e-15)), None, True),
        KRow(f"pseudohuber{delta:g}", "min f + box + small convex term",
             lambda m, xp=np: xp.sum(xp.sqrt(m * m + delta**2)), lambda m, xp=np: m / xp.sqrt(m * m + delta**2),
             lambda y, xp=np: xp.where(xp.max(xp.abs(y)) <= 1.0, -delta * xp.sum(xp.sqrt(xp.maximum(1 - y * y, 0.0))), xp.inf),
             lambda y, xp=np: delta * y / xp.sqrt(xp.maximum(1 - y * y, 1e-300)), None, True),
        KRow(f"l2smooth{delta:g}", "min f + ball ||x||_2 <= 1/lam + small convex term (smooth l2)",
             lambda m, xp=np: xp.sqrt(xp.sum(m * m) + delta**2), lambda m, xp=np: m / xp.sqrt(xp.sum(m * m) + delta**2),
             lambda y, xp=np: xp.where(xp.sum(y * y) <= 1.0, -delta * xp.sqrt(xp.maximum(1 - xp.sum(y * y), 0.0)), xp.inf),
             lambda y, xp=np: delta * y / xp.sqrt(xp.maximum(1 - xp.sum(y * y), 1e-300)), None, True, False),
        KRow("nuclear", "min f s.t. ||X||_op <= 1/lam (Muon)",
             lambda m, xp=np: xp.sum(xp.linalg.svd(m, compute_uv=False)),
             lambda m, xp=np: _polar(m, xp),
             lambda y, xp=np: _inside(y, xp.linalg.svd(y, compute_uv=False)[0], xp),
             lambda y, xp=np: 0.0 * y, None, False, False),
    ]  # fmt: skip
    return {row.name: row for row in rows}


def _polar(m, xp):
    u, _, vt = xp.linalg.svd(m, full_matrices=False)
    return u @ vt


K_TABLE = _rows()
"""Rows 1-12 of docs/papers/lion.md §5 with e = 0.3 (Huber, dead zone, l1 + l2^2), delta = 0.05
(log-cosh, pseudo-Huber) and p = 3, plus the smoothed l2 row of §8 check 8."""


def k_row(name: str, **params) -> KRow:
    """A row of the K table by name (``l1``, ``l2``, ``l3``, ``linf``, ``quad``, ``huber0.3``,
    ``deadzone0.3``, ``l1+l2sq0.3``, ``relu``, ``logcosh0.05``, ``pseudohuber0.05``,
    ``l2smooth0.05``, ``nuclear``); keyword ``e``, ``delta`` or ``p`` rebuild the parametrised rows.

    Reference: docs/papers/lion.md §5.

    Args:
        name: the row name.
        params: ``e``, ``delta`` or ``p`` of a parametrised row.

    Returns:
        The :class:`KRow`.
    """
    table = _rows(**params) if params else K_TABLE
    if name not in table:
        raise ValueError(f"K must be one of {sorted(table)}, got {name!r}")
    return table[name]


# ------------------------------------------------------------------------------------------------
# Lyapunov functions as numbers (xp: numpy or jax.numpy)


def fenchel_young_gap(row: KRow, x, m, lam_: float, xp=np):
    """D(x, m) = K(m) + K*(lam x) - lam <m, x> >= 0 (+inf when lam x is outside dom K*).

    Reference: docs/papers/lion.md §3.1 (the D term of H).

    Args:
        row: the :class:`KRow`.
        x: x.
        m: m.
        lam_: lambda > 0.
        xp: the array module.

    Returns:
        D(x, m).
    """
    return row.value(m, xp) + row.conj(lam_ * x, xp) - lam_ * xp.sum(m * x)


def continuous_lyapunov(row: KRow, fx, gx, x, m, *, alpha_, gamma_, lam_, eps_, xp=np):
    """(H, Delta) of §3.1 at a state: H = alpha f + (gamma/lam) K*(lam x) + c D and
    Delta = (lam+gamma)/(1+eps lam) <grad K*(lam x) - m~, lam x - grad K(m~)>
          + c <alpha grad f + gamma m, grad K(m) - grad K(m~)>  (dH/dt = -Delta along the ODE).

    Reference: docs/papers/lion.md §3.1.

    Args:
        row: the :class:`KRow`.
        fx: f(x).
        gx: grad f(x).
        x: x.
        m: m.
        alpha_: alpha.
        gamma_: gamma.
        lam_: lambda.
        eps_: epsilon.
        xp: the array module.

    Returns:
        ``(H, Delta)``.
    """
    c = lyapunov_c(gamma_, lam_, eps_)
    y = lam_ * x
    m_tilde = m - eps_ * (alpha_ * gx + gamma_ * m)
    k_mt = row.grad(m_tilde, xp)
    h = alpha_ * fx + gamma_ / lam_ * row.conj(y, xp) + c * fenchel_young_gap(row, x, m, lam_, xp)
    delta = (lam_ + gamma_) / (1 + eps_ * lam_) * xp.sum((row.conj_grad(y, xp) - m_tilde) * (y - k_mt))
    delta = delta + c * xp.sum((alpha_ * gx + gamma_ * m) * (row.grad(m, xp) - k_mt))
    return h, delta


def discrete_constants(lr: float, beta1: float, beta2: float, lam_: float) -> tuple[float, float, float]:
    """(a, kappa1, kappa2) of §6.2: a = eta beta1/D, kappa1 = (eta lam + 1 - beta2)/D,
    kappa2 = beta1 (1 - beta2)/D with D = eta lam (1 - beta1) + 1 - beta2.

    Reference: docs/papers/lion.md §6.2.

    Args:
        lr: eta.
        beta1: beta_1.
        beta2: beta_2.
        lam_: lambda.

    Returns:
        ``(a, kappa1, kappa2)``.
    """
    d = lr * lam_ * (1 - beta1) + 1 - beta2
    return lr * beta1 / d, (lr * lam_ + 1 - beta2) / d, beta1 * (1 - beta2) / d


def discrete_lyapunov(row: KRow, fx, x, m, *, lr, beta1, beta2, lam_, xp=np):
    """H_d(x, m) = f(x) + (1/lam) K*(lam x) + a D(x, m) (§6.2).

    Reference: docs/papers/lion.md §6.2.

    Args:
        row: the :class:`KRow`.
        fx: f(x).
        x: x.
        m: m.
        lr: eta.
        beta1: beta_1.
        beta2: beta_2.
        lam_: lambda.
        xp: the array module.

    Returns:
        H_d.
    """
    a, _, _ = discrete_constants(lr, beta1, beta2, lam_)
    return fx + row.conj(lam_ * x, xp) / lam_ + a * fenchel_young_gap(row, x, m, lam_, xp)


def discrete_step_terms(row: KRow, x_next, m, m_next, m_tilde, g, *, lr, beta1, beta2, lam_, xp=np):
    """Delta_t of §6.2 for one step (g = grad f(x_t)):
    kappa1 <m~ - s, grad K(m~) - lam x_{t+1}> + kappa2 <grad K(m_{t+1}) - grad K(m~), m_t + g>.

    Reference: docs/papers/lion.md §6.2.

    Args:
        row: the :class:`KRow`.
        x_next: x_{t+1}.
        m: m_t.
        m_next: m_{t+1}.
        m_tilde: m~_{t+1}.
        g: grad f(x_t).
        lr: eta.
        beta1: beta_1.
        beta2: beta_2.
        lam_: lambda.
        xp: the array module.

    Returns:
        Delta_t.
    """
    _, k1, k2 = discrete_constants(lr, beta1, beta2, lam_)
    u = row.grad(m_tilde, xp)
    s = row.conj_grad(lam_ * x_next, xp)
    return k1 * xp.sum((m_tilde - s) * (u - lam_ * x_next)) + k2 * xp.sum((row.grad(m_next, xp) - u) * (m + g))


# ------------------------------------------------------------------------------------------------
# parameter maps and stationarity


def euler_map(lr: float, beta1: float, beta2: float) -> dict[str, float]:
    """Discrete (eta, beta1, beta2) -> ODE (alpha, gamma, eps) with continuous time t = k eta (§2.4):
    alpha = gamma = (1 - beta2)/eta, eps = (1 - beta1)/gamma; the limit eta -> 0 holds beta1 fixed
    and beta2 = 1 - gamma eta -> 1.

    Reference: docs/papers/lion.md §2.4.

    Args:
        lr: eta > 0.
        beta1: beta_1 in [0, 1).
        beta2: beta_2 in [0, 1).

    Returns:
        ``{"alpha": ..., "gamma": ..., "eps": ...}``.
    """
    g = (1.0 - beta2) / lr
    return {"alpha": g, "gamma": g, "eps": (1.0 - beta1) / g}


def box_kkt_residual(x, grad, lam_: float) -> float:
    """||x - P_box(x - grad f(x))||_inf for the box [-1/lam, 1/lam]^d (§3.3): 0 iff KKT.

    Reference: docs/papers/lion.md §3.3.

    Args:
        x: the point.
        grad: grad f(x).
        lam_: lambda > 0.

    Returns:
        The residual.
    """
    x = np.asarray(x)
    return float(np.max(np.abs(x - np.clip(x - np.asarray(grad), -1 / lam_, 1 / lam_))))


def composite_minimizer(hessian, center, row: KRow, lam_: float, *, iterations: int = 200_000, tol: float = 1e-15) -> np.ndarray:
    """Reference solution of min 1/2 (x-c)^T A (x-c) + (1/lam) K*(lam x) by proximal gradient with
    step 1/lambda_max(A) (linear convergence for SPD A; stops when an iteration moves < tol).

    Reference: docs/papers/lion.md §3.3, §5 (the problem Lion-K solves).

    Args:
        hessian: A, symmetric positive definite.
        center: c.
        row: the :class:`KRow` (needs a ``prox``).
        lam_: lambda > 0.
        iterations: the iteration cap.
        tol: the stopping tolerance.

    Returns:
        The minimiser.
    """
    if row.prox is None:
        raise ValueError(f"K row {row.name!r} has no closed-form proximal map")
    a, c = np.asarray(hessian, float), np.asarray(center, float)
    step = 1.0 / np.linalg.eigvalsh(a)[-1]
    x = np.zeros_like(c)
    for _ in range(iterations):
        x_new = row.prox(x - step * a @ (x - c), step, lam_)
        if np.max(np.abs(x_new - x)) < tol:
            return x_new
        x = x_new
    return x
