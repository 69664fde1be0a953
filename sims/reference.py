"""Plain NumPy references for the engine: independent implementations used by the checks and the
benchmarks, never by the toolkit's own computations.

* :func:`dense_operator_risk` is the basis-free matrix recursion of docs/papers/momentum.md §4.1 on a full
  (rotated, non-diagonal) covariance H, with 2d x 2d state covariance. It shares no code with
  :mod:`sims.linreg` beyond the method table, and checks the eigenbasis reduction and the
  diagonal closure.
* :func:`diagonal_loop_risk` is the per-eigendirection recursion as a researcher would write it
  in NumPy, one vectorised step per iteration; the benchmark's baseline.
"""

from __future__ import annotations

import functools
import math

import numpy as np

__all__ = [
    "averaged_sgd_loop_risk",
    "dense_operator_risk",
    "diagonal_loop_risk",
    "kidambi_exact_risk",
    "kidambi_iterates",
    "momentum_form_iterates",
    "monte_carlo_sgd_loop_risk",
    "second_moment_operator",
    "secular_gap_bisection",
]


def _blocks(method: str, H: np.ndarray, eta: float, beta: float, alpha: float):
    """(T, Q) of z_{t+1} = T z_t + Q xi_t in R^{2d} (R^d for SGD), as matrices in H."""
    eye = np.eye(H.shape[0])
    if method == "sgd":
        return eye - eta * H, eta * eye
    zero = np.zeros_like(H)
    if method == "hb":
        T = np.block([[(1 + beta) * eye - eta * H, -beta * eye], [eye, zero]])
        return T, np.vstack([eta * eye, zero])
    T = np.block([[eye - (eta + alpha) * H, -eta * beta * eye], [H, beta * eye]])
    return T, np.vstack([-(eta + alpha) * eye, eye])


def dense_operator_risk(
    H: np.ndarray,
    e0: np.ndarray,
    method: str,
    *,
    lr: float,
    momentum: float = 0.0,
    alpha: float = 0.0,
    batch: float = 1,
    noise_var: float = 0.0,
    steps: int,
) -> np.ndarray:
    """Excess risk 1/2 tr(H A_t), t = 0..steps, from the full state covariance.

    Sigma_{t+1} = T Sigma_t T^T + Q N_t Q^T with
    N_t = (1/B)(H A_t H + tr(H A_t) H + sigma^2 H) and A_t the e-block of Sigma_t.
    HB starts from w_{-1} = w_0, ASGD from m_{-1} = 0.

    Reference: docs/papers/momentum.md §4.1-4.2 (the test's independent dense route).

    Args:
        H: the (d, d) covariance, any symmetric positive definite matrix.
        e0: the deterministic initial error.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        lr: the step eta.
        momentum: beta.
        alpha: the ASGD weight.
        batch: B.
        noise_var: sigma^2.
        steps: T.

    Returns:
        The (steps + 1,) risks.
    """
    d = H.shape[0]
    T, Q = _blocks(method, H, lr, momentum, alpha)
    outer = np.outer(e0, e0)
    if method == "sgd":
        sigma = outer
    elif method == "hb":
        sigma = np.block([[outer, outer], [outer, outer]])
    else:
        sigma = np.block([[outer, np.zeros((d, d))], [np.zeros((d, d)), np.zeros((d, d))]])
    risks = [0.5 * np.trace(H @ outer)]
    for _ in range(steps):
        A = sigma[:d, :d]
        trace = np.trace(H @ A)
        N = (H @ A @ H + (trace + noise_var) * H) / batch
        sigma = T @ sigma @ T.T + Q @ N @ Q.T
        risks.append(0.5 * np.trace(H @ sigma[:d, :d]))
    return np.array(risks)


def diagonal_loop_risk(
    eigenvalues: np.ndarray,
    init_sq: np.ndarray,
    *,
    lr: float,
    momentum: float,
    batch: int,
    steps: int,
    record_every: int = 1,
) -> np.ndarray:
    """Heavy-ball exact risk with a NumPy step per iteration (docs/papers/momentum.md §4.2 written out):
    a' = r^2 a - 2 beta r c + beta^2 b + eta^2 n, c' = r a - beta c, b' = a, r = 1 + beta - eta lambda.

    Args:
        eigenvalues: lambda_i.
        init_sq: E e_{0,i}^2.
        lr: eta.
        momentum: beta.
        batch: B.
        steps: T.
        record_every: record every this many steps.

    Returns:
        The recorded risks (t = 0, record_every, ...).
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    a = np.asarray(init_sq, dtype=np.float64).copy()
    c, b = a.copy(), a.copy()
    r = 1.0 + momentum - lr * lam
    r2, lam2 = r * r, lam * lam
    out = []
    for t in range(steps):
        n = (lam2 * a + lam * np.dot(lam, a)) / batch
        a, c, b = r2 * a - 2.0 * momentum * r * c + momentum**2 * b + lr * lr * n, r * a - momentum * c, a
        if (t + 1) % record_every == 0:
            out.append(0.5 * np.dot(lam, a))
    return np.array(out)


def second_moment_operator(
    eigenvalues: np.ndarray, method: str, *, lr: float, momentum: float = 0.0, alpha: float = 0.0, batch: float = 1
) -> np.ndarray:
    """The exact second-moment operator of docs/papers/momentum.md §4.2 as an explicit (3d x 3d) matrix
    (d x d for SGD), acting on (s11, s12, s22) per direction: 3x3 blocks
    D_i = [S -> T_i S T_i^T + (lambda_i^2/B) s11 q q^T] plus the rank-one coupling
    (1/B)(lambda (x) qq^T)(lambda (x) e_11)^T. Its largest |eigenvalue| is the spectral radius
    that :func:`sims.momentum.spectral_radius` finds from the secular equation (docs/papers/momentum.md §7
    check 4, the "dense" route).

    Args:
        eigenvalues: lambda_i.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        lr: eta.
        momentum: beta.
        alpha: the ASGD weight.
        batch: B.

    Returns:
        The dense operator matrix.
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    d = lam.size
    T, Q = _blocks(method, np.diag(lam), lr, momentum, alpha)
    k = 1 if method == "sgd" else 2
    pairs = [(0, 0)] if k == 1 else [(0, 0), (0, 1), (1, 1)]
    n = len(pairs)
    M = np.zeros((n * d, n * d))
    q_col = [np.diag(Q[x * d : (x + 1) * d]) for x in range(k)]  # q_x per direction
    for i in range(d):
        Ti = np.array([[T[x * d + i, y * d + i] for y in range(k)] for x in range(k)])
        for col, (c, e) in enumerate(pairs):
            unit = np.zeros((k, k))
            unit[c, e] = unit[e, c] = 1.0
            image = Ti @ unit @ Ti.T
            for row, (a, b) in enumerate(pairs):
                M[n * i + row, n * i + col] = image[a, b]
        for row, (a, b) in enumerate(pairs):
            qq = q_col[a][i] * q_col[b][i]
            M[n * i + row, n * i] += qq * lam[i] ** 2 / batch
            M[n * i + row, 0::n] += qq * lam[i] * lam / batch
    return M


def momentum_form_iterates(X: np.ndarray, e0: np.ndarray, *, lr: float, momentum: float, alpha: float) -> np.ndarray:
    """Errors e_t = w_t - w* of ASGD in momentum form (docs/papers/momentum.md §3.4) on given minibatches
    X[t] (B x d): m_t = beta m_{t-1} + g_t, w_{t+1} = w_t - eta m_t - alpha g_t, m_{-1} = 0.

    Args:
        X: minibatches, shape (T, B, d).
        e0: the initial error.
        lr: eta.
        momentum: beta.
        alpha: the current-gradient weight.

    Returns:
        The errors e_t, shape (T + 1, d).
    """
    e, m, out = e0.copy(), np.zeros_like(e0), [e0.copy()]
    for batch in X:
        g = batch.T @ (batch @ e) / batch.shape[0]
        m = momentum * m + g
        e = e - lr * m - alpha * g
        out.append(e.copy())
    return np.array(out)


def kidambi_iterates(X: np.ndarray, e0: np.ndarray, *, lr: float, kappa: float, xi: float, c: float = 0.7) -> np.ndarray:
    """Errors of Kidambi et al. (2018) ASGD, Algorithm 1 / ``AccSGD`` (docs/papers/momentum.md §3.3), on the
    same minibatches: w_bar' = alpha_K w_bar + beta_K (w - gamma_L g),
    w' = zeta (w - delta g) + (1 - zeta) w_bar', w_bar_0 = w_0.

    Args:
        X: minibatches, shape (T, B, d).
        e0: the initial error.
        lr: delta.
        kappa: kappa.
        xi: xi.
        c: Kidambi's constant.

    Returns:
        The errors e_t, shape (T + 1, d).
    """
    beta_k = c * c * xi / kappa
    alpha_k, gamma_long, zeta = 1.0 - beta_k, kappa * lr / c, c / (c + beta_k)
    e, e_bar, out = e0.copy(), e0.copy(), [e0.copy()]
    for batch in X:
        g = batch.T @ (batch @ e) / batch.shape[0]
        e_bar = alpha_k * e_bar + beta_k * (e - gamma_long * g)
        e = zeta * (e - lr * g) + (1.0 - zeta) * e_bar
        out.append(e.copy())
    return np.array(out)


def kidambi_exact_risk(
    eigenvalues: np.ndarray, init_sq: np.ndarray, *, lr: float, kappa: float, xi: float, c: float = 0.7, batch: float, steps: int
) -> np.ndarray:
    """Exact risk of Kidambi-form ASGD from its own 2-state table row (docs/papers/momentum.md §4.2, state
    (e_t, e_bar_t), S_0 = m [[1, 1], [1, 1]]), written out in NumPy, t = 0..steps.

    Args:
        eigenvalues: lambda_i.
        init_sq: E e_{0,i}^2.
        lr: Kidambi's step delta.
        kappa: Kidambi's long step parameter kappa.
        xi: Kidambi's statistical advantage parameter xi.
        c: Kidambi's constant (0.7 in ``AccSGD``).
        batch: B.
        steps: T.

    Returns:
        The (steps + 1,) risks.
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    beta_k = c * c * xi / kappa
    alpha_k, gamma_long, zeta = 1.0 - beta_k, kappa * lr / c, c / (c + beta_k)
    p11, p12 = zeta + (1 - zeta) * beta_k, (1 - zeta) * alpha_k
    q1, q2 = zeta * lr + (1 - zeta) * beta_k * gamma_long, beta_k * gamma_long
    t00, t01, t10, t11 = p11 - q1 * lam, p12, beta_k - q2 * lam, alpha_k
    s11 = np.asarray(init_sq, dtype=np.float64).copy()
    s12, s22 = s11.copy(), s11.copy()
    risks = [0.5 * lam @ s11]
    for _ in range(steps):
        n = (lam * lam * s11 + lam * (lam @ s11)) / batch
        s11, s12, s22 = (
            t00 * t00 * s11 + 2 * t00 * t01 * s12 + t01 * t01 * s22 + q1 * q1 * n,
            t00 * t10 * s11 + (t00 * t11 + t01 * t10) * s12 + t01 * t11 * s22 + q1 * q2 * n,
            t10 * t10 * s11 + 2 * t10 * t11 * s12 + t11 * t11 * s22 + q2 * q2 * n,
        )
        risks.append(0.5 * lam @ s11)
    return np.array(risks)


@functools.cache
def _numpy_response(method: str):
    import sympy as sp

    from paperchecks.theory import momentum as theory

    return sp.lambdify((theory.gap, theory.s_mom, theory.x_lr, theory.y_alpha), theory.scaled_noise_response(method), "numpy")


def secular_gap_bisection(
    eigenvalues: np.ndarray, method: str, *, lr: float, momentum: float = 0.0, alpha: float = 0.0, batch: float = 1, iterations: int = 60
) -> float:
    """The contraction gap 1 - rho* as a researcher would compute it in NumPy: plain bisection of
    the secular equation sum_i u_i / (1 - u_i) = 1 (docs/papers/momentum.md §4.3), vectorised over the
    eigenvalues, for one configuration. The benchmark's baseline for the tuned-gap sweep.

    Args:
        eigenvalues: lambda_i.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        lr: eta.
        momentum: beta.
        alpha: the ASGD weight.
        batch: B.
        iterations: bisection steps.

    Returns:
        The gap 1 - rho*.
    """
    response = _numpy_response(method)
    lam = np.asarray(eigenvalues, dtype=np.float64)
    x, y, s = lr * lam, alpha * lam, 1.0 - momentum
    if method == "sgd":
        radius_sq = (1.0 - x) ** 2
    else:
        trace = 2.0 - s - x - y if method == "asgd" else 2.0 - s - x
        det = momentum * (1.0 - y) if method == "asgd" else momentum
        root = np.sqrt(trace.astype(complex) ** 2 - 4.0 * det)
        radius_sq = np.maximum(np.abs((trace + root) / 2.0), np.abs((trace - root) / 2.0)) ** 2
    edge = float(np.min(1.0 - radius_sq))

    def below_root(g):
        u = response(g, s, x, y) / batch
        return g < edge and bool(np.all((u >= 0) & (u < 1))) and float(np.sum(u / (1.0 - u))) <= 1.0

    low = edge - 1.0
    while not below_root(low):
        low = edge - 2.0 * (edge - low)
    high = edge
    for _ in range(iterations):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if below_root(mid) else (low, mid)
    return low if batch != np.inf else edge


def averaged_sgd_loop_risk(eigenvalues: np.ndarray, init_sq: np.ndarray, *, lr: float, noise_var: float, steps: int) -> float:
    """1/2 E||e_bar_N||_H^2 of batch-1 SGD with a constant step and the uniform average, as the
    authors' NumPy simulator writes it (docs/papers/anytime.md §5.1-5.2), one vectorised step per iteration;
    the benchmark's baseline.

    Args:
        eigenvalues: lambda_i > 0.
        init_sq: E e_{0,i}^2.
        lr: the constant step.
        noise_var: sigma^2.
        steps: the number of updates N.

    Returns:
        The averaged iterate's risk after ``steps`` updates.
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    s = np.asarray(init_sq, dtype=np.float64).copy()
    A, C = s.copy(), s.copy()
    contraction = 1.0 - 2.0 * lr * lam + 2.0 * lr * lr * lam * lam
    mean_factor = 1.0 - lr * lam
    for t in range(1, steps + 1):
        s = contraction * s + lr * lr * lam * (lam @ s + noise_var)
        rho = 1.0 / t
        D = mean_factor * C
        A = (1 - rho) ** 2 * A + rho * rho * s + 2 * rho * (1 - rho) * D
        C = (1 - rho) * D + rho * s
    return 0.5 * float(lam @ A)


def monte_carlo_sgd_loop_risk(
    eigenvalues: np.ndarray, init_sq: np.ndarray, *, lr: float, noise_var: float, steps: int, seeds: int, rng: np.random.Generator
) -> np.ndarray:
    """1/2 sum_i lambda_i e_i^2 after ``steps`` batch-1 SGD updates with a constant step, for
    ``seeds`` independent runs advanced together (a NumPy loop over steps, vectorised over seeds
    and directions; x = sqrt(lambda) z, eps ~ N(0, sigma^2)); the Monte Carlo benchmark's baseline.

    Reference: docs/papers/momentum.md §4.4; docs/performance.md.

    Args:
        eigenvalues: lambda_i.
        init_sq: E e_{0,i}^2.
        lr: eta.
        noise_var: sigma^2.
        steps: T.
        seeds: the number of runs.
        rng: the NumPy generator.

    Returns:
        The (seeds,) final risks.
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    sqrt_lam, sigma = np.sqrt(lam), math.sqrt(noise_var)
    e = np.tile(np.sqrt(np.asarray(init_sq, dtype=np.float64)), (seeds, 1))
    for _ in range(steps):
        x = rng.standard_normal(e.shape) * sqrt_lam
        residual = np.einsum("ij,ij->i", x, e) - sigma * rng.standard_normal(seeds)
        e -= lr * x * residual[:, None]
    return 0.5 * (e * e) @ lam
