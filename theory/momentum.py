"""SGD, heavy ball and ASGD on consistent Gaussian linear regression: the symbolic side.

Everything here follows docs/papers/momentum.md (§3-§5) and is derived with sympy rather than typed in:

* :func:`noise_response` solves the 2x2 Stein equation rho X - T X T^T = q q^T (§4.3) for each
  method's per-direction transition (T, q) of §4.2 and returns G(rho) = X_11, the "noise
  response" whose secular equation sum_i u_i / (1 - u_i) = 1, u_i = (lambda_i^2 / B) G_i(rho),
  gives the spectral radius of the exact second-moment operator.
* :func:`kidambi_momentum_map` derives the Kidambi et al. (2018) -> momentum-form map of §3.4 by
  matching the three-term recursions of §3.5 (Cayley-Hamilton on the 2x2 iteration matrix).
* :func:`deterministic_gap` derives the full-batch limits of §5.2-5.3 from the tuned
  deterministic rates.
* The bounds of §5.2-5.3 and the critical batch sizes are plain numeric functions (they are
  inequalities, not closed forms to derive); :mod:`checks.momentum` tests them against the
  simulator.

The spec's hand-written closed forms (``SPEC_CLOSED_FORMS``) are kept only as *comparison
targets*: the claim ``momentum.closed_forms_match_stein`` asserts that sympy simplifies the
difference between the derived and the printed expressions to zero.
"""

from __future__ import annotations

import functools
import math

import sympy as sp

from paperchecks.theory.conventions import METHODS

__all__ = [
    "SPEC_CLOSED_FORMS",
    "asgd_small_batch_exponents",
    "characteristic_terms",
    "closed_form_residuals",
    "deterministic_gap",
    "deterministic_gap_value",
    "hb_critical_batch",
    "hb_gap_upper_bound",
    "kappa",
    "kidambi_map_residuals",
    "kidambi_momentum_map",
    "noise_response",
    "noise_response_at_one",
    "scaled_noise_response",
    "sgd_critical_batch",
    "sgd_gap_achievable",
    "sgd_gap_upper_bound",
    "sgd_stability_limit",
    "stability_function",
    "stability_terms",
    "three_term_coefficients",
    "transition_matrix",
]

rho, lam, eta, beta, alpha, B = sp.symbols("rho lambda eta beta alpha B", positive=True)
kappa = sp.symbols("kappa", positive=True)


def transition_matrix(method: str) -> tuple[sp.Matrix, sp.Matrix]:
    """Per-direction (T, q) of docs/papers/momentum.md §4.2 as sympy matrices (SGD as a 1x1 system).

    Args:
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.

    Returns:
        ``(T, q)``.
    """
    if method == "sgd":
        return sp.Matrix([[1 - eta * lam]]), sp.Matrix([eta])
    if method == "hb":
        return sp.Matrix([[1 + beta - eta * lam, -beta], [1, 0]]), sp.Matrix([eta, 0])
    if method == "asgd":
        return sp.Matrix([[1 - (eta + alpha) * lam, -eta * beta], [lam, beta]]), sp.Matrix([-(eta + alpha), 1])
    raise ValueError(f"method must be one of {METHODS}, got {method!r}")


@functools.cache
def noise_response(method: str) -> sp.Expr:
    """G(rho) = X_11 where rho X - T X T^T = q q^T (docs/papers/momentum.md §4.3), as a rational function of
    (rho, lambda, eta, beta, alpha).

    Equivalently G(rho) = sum_{k>=0} rho^{-(k+1)} (e_1^T T^k q)^2 for rho above the squared
    spectral radius of T: the steady response of the first coordinate's second moment to a unit
    noise injection, discounted by rho per step.
    """
    T, q = transition_matrix(method)
    n = T.shape[0]
    X = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"x{min(i, j)}{max(i, j)}"))
    equations = list(rho * X - T * X * T.T - q * q.T)
    unknowns = sorted(X.free_symbols, key=str)
    (solution,) = sp.linsolve(equations, unknowns)
    return sp.factor(sp.cancel(dict(zip(unknowns, solution, strict=True))[sp.Symbol("x00")]))


gap, s_mom, x_lr, y_alpha = sp.symbols("g s x y")


@functools.cache
def scaled_noise_response(method: str) -> sp.Expr:
    """lambda^2 G(rho) in the small variables of the numerics: g = 1 - rho (the gap), s = 1 - beta,
    x = eta lambda, y = alpha lambda.

    In these variables the O(1) constants of the expanded numerator and denominator cancel
    symbolically, so the secular equation keeps full relative precision for gaps down to 1e-7
    (docs/papers/momentum.md §8: "gaps down to 1e-7 need float64"). u_i = (1/B) * this.
    """
    expr = (lam**2 * noise_response(method)).subs({rho: 1 - gap, beta: 1 - s_mom, eta: x_lr / lam, alpha: y_alpha / lam})
    return sp.factor(sp.cancel(expr))


@functools.cache
def characteristic_terms(method: str) -> dict[str, sp.Expr]:
    """Terms of the characteristic polynomial p(z) = z^2 - tr(T) z + det(T) of the noise-free
    two-state map, in (s, x, y), for the slow-mode modulus |r_max| (docs/papers/momentum.md §5.3):
    ``two_minus_trace`` = 2 - tr T, ``one_minus_det`` = 1 - det T, ``p_one`` = p(1),
    ``p_minus_one`` = p(-1). SGD (one state) has r = 1 - x."""
    T, _ = transition_matrix(method)
    if T.shape[0] == 1:
        raise ValueError("characteristic_terms needs a two-state method ('hb' or 'asgd')")
    T = T.subs({beta: 1 - s_mom, eta: x_lr / lam, alpha: y_alpha / lam})
    tr, det = T.trace(), T.det()
    return {
        "two_minus_trace": sp.expand(2 - tr),
        "one_minus_det": sp.expand(1 - det),
        "p_one": sp.expand(1 - tr + det),
        "p_minus_one": sp.expand(1 + tr + det),
    }


def noise_response_at_one(method: str) -> sp.Expr:
    """G(1): 2 lambda G(1) is the effective step seen by direction lambda (docs/papers/momentum.md §4.3).

    Args:
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.

    Returns:
        G(1) in the module's symbols.
    """
    return sp.factor(sp.cancel(noise_response(method).subs(rho, 1)))


def stability_terms(method: str) -> sp.Expr:
    """u(1) = (lambda^2 / B) G(1); mean-square stability is rho_0 < 1 and sum_i u_i(1) < 1.

    Reference: docs/papers/momentum.md §4.3.

    Args:
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.

    Returns:
        u(1) in the module's symbols.
    """
    return sp.factor(lam**2 / B * noise_response_at_one(method))


# docs/papers/momentum.md §4.3 as printed (comparison targets only, see the module docstring).
SPEC_CLOSED_FORMS = {
    "sgd G(rho)": eta**2 / (rho - (1 - eta * lam) ** 2),
    "hb G(rho)": eta**2 * rho * (rho + beta) / ((rho - beta) * ((rho + beta) ** 2 - rho * (1 + beta - eta * lam) ** 2)),
    "hb u(1)": eta * lam * (1 + beta) / (B * (1 - beta) * (2 * (1 + beta) - eta * lam)),
    "asgd G(1)": ((1 + beta) * (alpha * (1 - beta) + eta) + alpha * beta * lam * (alpha * (1 + beta) + eta))
    / (lam * (1 - beta + alpha * beta * lam) * (2 * (1 + beta) - lam * (alpha * (1 + beta) + eta))),
}


def closed_form_residuals() -> dict[str, sp.Expr]:
    """Derived minus printed, simplified, for every closed form of §4.3 and the special cases of
    §3.4/§5.5 (ASGD with alpha = 0 is HB; ASGD with beta = 0 is SGD with step eta + alpha).
    Every value is 0 when the spec and the derivation agree.

    Returns:
        ``{name: residual}``.
    """
    derived = {
        "sgd G(rho)": noise_response("sgd"),
        "hb G(rho)": noise_response("hb"),
        "hb u(1)": stability_terms("hb"),
        "asgd G(1)": noise_response_at_one("asgd"),
    }
    residuals = {name: sp.simplify(derived[name] - SPEC_CLOSED_FORMS[name]) for name in derived}
    residuals["asgd(alpha=0) == hb"] = sp.simplify(noise_response("asgd").subs(alpha, 0) - noise_response("hb"))
    residuals["asgd(beta=0) == sgd(eta+alpha)"] = sp.simplify(
        noise_response("asgd").subs(beta, 0) - noise_response("sgd").subs(eta, eta + alpha)
    )
    return residuals


def three_term_coefficients(P: sp.Matrix, q: sp.Matrix) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """(b, c0, c1) of y_{t+1} = (1 + b) y_t - b y_{t-1} - c0 g_t + c1 g_{t-1} (docs/papers/momentum.md §3.5)
    for a two-state method z_{t+1} = P z_t + q g_t whose first coordinate is y.

    Cayley-Hamilton, P^2 = tr(P) P - det(P) I, on the first coordinate gives
    1 + b = tr P, b = det P, c0 = -q_0, c1 = P_01 q_1 - P_11 q_0; consistency needs
    tr P = 1 + det P (a fixed point at y = 0 with zero gradient), which the caller checks.

    Args:
        P: the 2x2 state matrix.
        q: the 2x1 gradient column.

    Returns:
        ``(b, c0, c1)``.
    """
    return sp.simplify(P.det()), sp.simplify(-q[0]), sp.simplify(P[0, 1] * q[1] - P[1, 1] * q[0])


@functools.cache
def kidambi_momentum_map() -> dict[str, sp.Expr]:
    """The Kidambi et al. (2018) ASGD -> momentum-form map of docs/papers/momentum.md §3.4, derived.

    Kidambi's state (w, w_bar): w_bar' = alpha_K w_bar + beta_K (w - gamma_L g),
    w' = zeta (w - delta g) + (1 - zeta) w_bar'. The momentum form m' = beta m + g,
    w' = w - eta m' - alpha g has (b, c0, c1) = (beta, eta + alpha, alpha beta). Matching the
    three-term coefficients gives beta = b, alpha = c1 / b, eta = c0 - c1 / b.

    Returns ``{"lr", "momentum", "alpha"}`` as expressions in (delta, kappa_K, xi, c).
    """
    delta, kappa_k, xi, c = sp.symbols("delta kappa_K xi c", positive=True)
    beta_k = c**2 * xi / kappa_k
    alpha_k = 1 - beta_k
    gamma_long = kappa_k * delta / c
    zeta = c / (c + beta_k)
    P = sp.Matrix([[zeta + (1 - zeta) * beta_k, (1 - zeta) * alpha_k], [beta_k, alpha_k]])
    q = sp.Matrix([-(zeta * delta + (1 - zeta) * beta_k * gamma_long), -beta_k * gamma_long])
    if sp.simplify(P.trace() - 1 - P.det()) != 0:  # pragma: no cover - a derivation error
        raise AssertionError("Kidambi's iteration does not fix w = w*")
    b, c0, c1 = three_term_coefficients(P, q)
    return {"lr": sp.simplify(c0 - c1 / b), "momentum": sp.simplify(b), "alpha": sp.simplify(c1 / b)}


def kidambi_map_residuals() -> dict[str, sp.Expr]:
    """Derived Kidambi map minus the printed one of docs/papers/momentum.md §3.4 (all zero when they agree).

    Returns:
        ``{name: residual}``.
    """
    delta, kappa_k, xi, c = sp.symbols("delta kappa_K xi c", positive=True)
    beta_k = c**2 * xi / kappa_k
    printed = {
        "lr": delta * beta_k * (c * xi - 1) / (c + beta_k),
        "momentum": c * (1 - beta_k) / (c + beta_k),
        "alpha": delta,
    }
    derived = kidambi_momentum_map()
    return {name: sp.simplify(derived[name] - printed[name]) for name in printed}


@functools.cache
def deterministic_gap(method: str) -> sp.Expr:
    """Full-batch tuned gap 1 - rho as a function of kappa = lambda_1 / mu (docs/papers/momentum.md §5.2-5.3).

    rho is the squared per-step contraction of the mean. GD with eta = 2/(lambda_1 + mu)
    contracts by (kappa - 1)/(kappa + 1); HB (and ASGD, which contains it) with Polyak's
    eta = 4/(sqrt(lambda_1) + sqrt(mu))^2, beta = ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^2 has
    complex roots of modulus sqrt(beta).
    """
    if method == "sgd":
        contraction = (kappa - 1) / (kappa + 1)
    elif method in ("hb", "asgd"):
        contraction = (sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1)
    else:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return sp.factor(sp.simplify(1 - contraction**2))


def deterministic_gap_value(method: str, condition_number: float) -> float:
    """:func:`deterministic_gap` evaluated at kappa = ``condition_number``:
    4 kappa/(kappa+1)^2 (SGD), 4 sqrt(kappa)/(sqrt(kappa)+1)^2 (HB, ASGD).

    Reference: docs/papers/momentum.md §5.2-5.3 (the full-batch rates).

    Args:
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        condition_number: kappa >= 1.

    Returns:
        The gap.
    """
    return float(deterministic_gap(method).subs(kappa, condition_number))


def sgd_gap_upper_bound(batch, mu: float, trace: float, condition_number: float):
    """g_SGD(B) <= 2 eta mu < min(4 B mu / tr H, 4 / kappa) for every stable eta (docs/papers/momentum.md §5.2).

    Args:
        batch: B.
        mu: lambda_d.
        trace: tr H.
        condition_number: kappa.

    Returns:
        The bound.
    """
    return min(4.0 * batch * mu / trace, 4.0 / condition_number)


def sgd_gap_achievable(batch, mu: float, trace: float, lambda_max: float):
    """g*_SGD(B) >= B mu / (tr H + (B + 1) lambda_1), attained at eta = B / (tr H + (B+1) lambda_1)
    (docs/papers/momentum.md §5.2).

    Args:
        batch: B.
        mu: lambda_d.
        trace: tr H.
        lambda_max: lambda_1.

    Returns:
        The achievable gap.
    """
    return batch * mu / (trace + (batch + 1) * lambda_max)


def hb_gap_upper_bound(batch, mu: float, trace: float, condition_number: float):
    """g_HB(B) <= min(8 B mu / tr H, 4 / sqrt(kappa)) for every (eta, beta) (docs/papers/momentum.md §5.3).

    Args:
        batch: B (array or scalar).
        mu: lambda_d.
        trace: tr H.
        condition_number: kappa.

    Returns:
        The bound.
    """
    return min(8.0 * batch * mu / trace, 4.0 / math.sqrt(condition_number))


def sgd_critical_batch(trace: float, lambda_max: float) -> float:
    """B_SGD ~ tr(H) / lambda_1, the batch beyond which SGD's gap saturates (docs/papers/momentum.md §5.2).

    Args:
        trace: tr H.
        lambda_max: lambda_1.

    Returns:
        B_SGD.
    """
    return trace / lambda_max


def hb_critical_batch(trace: float, lambda_max: float, mu: float) -> float:
    """B_HB ~ tr(H) / sqrt(lambda_1 mu) = sqrt(kappa) B_SGD (docs/papers/momentum.md §5.3).

    Args:
        trace: tr H.
        lambda_max: lambda_1.
        mu: lambda_d.

    Returns:
        B_HB.
    """
    return trace / math.sqrt(lambda_max * mu)


def asgd_small_batch_exponents(capacity: float) -> dict[str, float]:
    """Heuristic B of docs/papers/momentum.md §5.4 for lambda_i = i^-a, a > 1, at B = 1: g*_ASGD ~ d^(-a^2/(2a-1)),
    g*_HB ~ d^(-a), so the ratio grows like d^(a(a-1)/(2a-1)); in regime II g*_ASGD ~ B^(a/(2a-1)).

    Args:
        capacity: a > 1.

    Returns:
        The named exponents.
    """
    a = capacity
    return {"asgd": -(a * a) / (2 * a - 1), "hb": -a, "ratio": a * (a - 1) / (2 * a - 1), "batch": a / (2 * a - 1)}


@functools.cache
def _stability_term_fn(method: str):
    return sp.lambdify((lam, eta, beta, alpha, B), stability_terms(method), modules="numpy")


def stability_function(eigenvalues, method: str, *, lr: float, momentum: float = 0.0, alpha_: float = 0.0, batch: float = 1) -> float:
    """F(1) = sum_i u_i(1) / (1 - u_i(1)) (docs/papers/momentum.md §4.3); mean-square stability needs F(1) < 1
    (and a stable noise-free map). ``inf`` once some u_i(1) leaves [0, 1).

    Args:
        eigenvalues: lambda_i > 0.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        lr: eta.
        momentum: beta.
        alpha_: the ASGD weight.
        batch: B.

    Returns:
        F(1).
    """
    import numpy as np

    u = _stability_term_fn(method)(np.asarray(eigenvalues, dtype=float), lr, momentum, alpha_, batch)
    if np.any((u < 0) | (u >= 1)):
        return math.inf
    return float(np.sum(u / (1.0 - u)))


def sgd_stability_limit(eigenvalues, batch: float) -> float:
    """Largest stable SGD step: the root of F(1) = 1, i.e.
    (eta/B) sum_i lambda_i / (2 - eta (1 + 1/B) lambda_i) = 1 (docs/papers/momentum.md §4.3), below the
    noise-free limit eta (1 + 1/B) lambda_1 < 2.

    Args:
        eigenvalues: lambda_i > 0.
        batch: B >= 1.

    Returns:
        The limit step.
    """
    import numpy as np
    from scipy.optimize import brentq

    lam_max = float(np.max(eigenvalues))
    top = 2.0 / ((1.0 + 1.0 / batch) * lam_max)

    def excess(step):
        return min(stability_function(eigenvalues, "sgd", lr=step, batch=batch), 1e300) - 1.0

    return float(brentq(excess, 1e-12 * top, top * (1 - 1e-15), xtol=1e-16, rtol=1e-15))
