"""Plain NumPy references for the engine: independent implementations used by the checks and the
benchmarks, never by the toolkit's own computations.

* :func:`dense_operator_risk` is the basis-free matrix recursion of hb_asgd.md §4.1 on a full
  (rotated, non-diagonal) covariance H, with 2d x 2d state covariance. It shares no code with
  :mod:`sims.linreg` beyond the method table, and checks the eigenbasis reduction and the
  diagonal closure.
* :func:`diagonal_loop_risk` is the per-eigendirection recursion as a researcher would write it
  in NumPy, one vectorised step per iteration; the benchmark's baseline.
"""

from __future__ import annotations

import numpy as np


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
    """Heavy-ball exact risk with a NumPy step per iteration (hb_asgd.md §4.2 written out):
    a' = r^2 a - 2 beta r c + beta^2 b + eta^2 n, c' = r a - beta c, b' = a, r = 1 + beta - eta lambda."""
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
