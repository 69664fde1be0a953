"""SGD, heavy ball and ASGD (momentum form) as per-eigendirection linear maps.

Every method is, per eigendirection i, z_{t+1,i} = T_i z_{t,i} + q xi_{t,i} with xi the gradient
noise (docs/papers/momentum.md §4.2). The first coordinate of z is the error e_t = w_t - w* at the gradient
point; the second is method specific:

========  ====================  ==========================================  =====================
method    z_t                   T_i                                         q
========  ====================  ==========================================  =====================
sgd       e_t (one state)       1 - eta lambda_i                            eta
hb        (e_t, e_{t-1})        [[1 + beta - eta lambda_i, -beta], [1, 0]]  (eta, 0)
asgd      (e_t, m_{t-1})        [[1 - (eta+alpha) lambda_i, -eta beta],     (-(eta+alpha), 1)
                                 [lambda_i, beta]]
========  ====================  ==========================================  =====================

ASGD is written in the momentum form of docs/papers/momentum.md §3.4, m_t = beta m_{t-1} + g_t,
w_{t+1} = w_t - eta m_t - alpha g_t, with :func:`kidambi_to_momentum` converting the
(delta, kappa, xi, c) parameters of Kidambi et al. (2018).
"""

from __future__ import annotations

import math

from paperchecks.sims.validation import fail, in_range, is_traced, real_scalar
from paperchecks.theory.conventions import METHODS

__all__ = ["check_hyperparameters", "check_lr", "check_method", "initial_second_state", "kidambi_to_momentum", "transition"]


def check_method(method) -> str:
    """Return ``method`` if it is one of :data:`METHODS`, else raise ``ValueError``.

    Reference: docs/papers/momentum.md §3 (SGD §3.1, HB §3.2, ASGD §3.4).

    Args:
        method: the method name.

    Returns:
        ``method``.
    """
    if not isinstance(method, str) or method not in METHODS:
        fail("method", f"one of {', '.join(repr(m) for m in METHODS)}", method)
    return method


def check_hyperparameters(method: str, *, momentum, alpha, batch) -> tuple[float, float, float]:
    """Validate the constant hyperparameters; return ``(momentum, alpha, 1/batch)``.

    ``batch`` may be ``math.inf`` (full batch: the deterministic recursion). Momentum must be 0
    and alpha must be 0 for SGD; alpha must be 0 for HB (use ``asgd`` for alpha > 0).

    Reference: docs/papers/momentum.md §3.5 (the unified 3-parameter family).

    Args:
        method: one of :data:`METHODS`.
        momentum: beta in [0, 1).
        alpha: the ASGD current-gradient weight >= 0.
        batch: B >= 1, an integer or ``math.inf``.

    Returns:
        ``(momentum, alpha, 1 / batch)`` as floats.
    """
    check_method(method)
    momentum = in_range("momentum", momentum, low=0.0, high=1.0, high_open=True)
    alpha = in_range("alpha", alpha, low=0.0)
    if isinstance(batch, bool) or not isinstance(batch, int | float):
        fail("batch", "an integer >= 1 or math.inf", batch)
    if batch != math.inf and (not float(batch).is_integer() or batch < 1):
        fail("batch", "an integer >= 1 or math.inf", batch)
    if method == "sgd" and not is_traced(momentum) and momentum != 0.0:
        fail("momentum", "0 for method 'sgd' (use 'hb' or 'asgd')", momentum)
    if method != "asgd" and not is_traced(alpha) and alpha != 0.0:
        fail("alpha", f"0 for method {method!r} (alpha is the ASGD current-gradient weight)", alpha)
    return momentum, alpha, 0.0 if batch == math.inf else 1.0 / float(batch)


def check_lr(method: str, lr: float, alpha: float, name: str = "lr") -> float:
    """A constant step size: > 0 for SGD and HB; for ASGD eta may be negative (Kidambi's map
    gives eta < 0 when c*xi < 1, docs/papers/momentum.md §3.4) but the total weight eta + alpha must be > 0.

    Args:
        method: one of :data:`METHODS`.
        lr: the step size eta.
        alpha: the ASGD current-gradient weight (0 for SGD and HB).
        name: the parameter name used in the error message.

    Returns:
        ``lr`` as a float (a tracer is returned as it is: checks apply to concrete values).
    """
    if is_traced(lr):
        return lr
    if method == "asgd":
        lr = real_scalar(name, lr, f"a finite real with {name} + alpha > 0")
        if lr + alpha <= 0:
            fail(name, f"a finite real with {name} + alpha > 0 (alpha = {alpha:g})", lr)
        return lr
    return in_range(name, lr, low=0.0, low_open=True)


def transition(method: str, lam, eta, beta, alpha):
    """Per-direction transition ``((t00, t01, t10, t11), (q0, q1))`` of the table above.

    Works elementwise on numpy or JAX arrays. For SGD the second state is absent and the
    entries t01 = t10 = t11 = q1 = 0 are returned as Python zeros.

    Reference: docs/papers/momentum.md §4.2 (the per-eigendirection 2-state template).

    Args:
        method: one of :data:`METHODS`.
        lam: the eigenvalues lambda_i.
        eta: the step size.
        beta: the momentum.
        alpha: the ASGD current-gradient weight.

    Returns:
        ``((t00, t01, t10, t11), (q0, q1))``.
    """
    if method == "sgd":
        return (1.0 - eta * lam, 0.0, 0.0, 0.0), (eta, 0.0)
    if method == "hb":
        return (1.0 + beta - eta * lam, -beta, 1.0, 0.0), (eta, 0.0)
    step = eta + alpha
    return (1.0 - step * lam, -eta * beta, lam, beta), (-step, 1.0)


def initial_second_state(method: str, init_sq):
    """(E z0 z1, E z1^2) at t = 0 given E e_0^2: HB starts with w_{-1} = w_0 (so z1 = e_0),
    ASGD with m_{-1} = 0 (so z1 = 0).

    Reference: docs/papers/momentum.md §4.2.

    Args:
        method: one of :data:`METHODS`.
        init_sq: E e_0^2 per direction.

    Returns:
        ``(E z0 z1, E z1^2)`` per direction.
    """
    if method == "hb":
        return init_sq, init_sq
    return 0.0 * init_sq, 0.0 * init_sq


def kidambi_to_momentum(lr: float, kappa: float = 1000.0, xi: float = 10.0, c: float = 0.7) -> dict:
    """Map Kidambi et al. (2018) ASGD parameters to the momentum form (docs/papers/momentum.md §3.4).

    With beta_K = c^2 xi / kappa, alpha_K = 1 - beta_K, gamma_L = kappa delta / c and
    zeta = c / (c + beta_K)::

        alpha = delta,  beta = zeta alpha_K,  eta = (1 - zeta)(beta_K gamma_L - delta).

    The two forms produce identical iterates from w_bar_0 = w_0 and m_{-1} = 0.

    Args:
        lr: the short step delta > 0.
        kappa: long-step parameter kappa_K >= 1.
        xi: statistical advantage parameter, 0 < xi <= kappa / c^2 (so beta_K <= 1).
        c: reparameterisation constant in (0, 1] (Kidambi's ``smallConst``).

    Returns:
        ``{"lr": eta, "momentum": beta, "alpha": alpha}`` for :func:`sims.linreg.exact_risk`.
    """
    delta = in_range("lr", lr, low=0.0, low_open=True)
    kappa = in_range("kappa", kappa, low=1.0)
    c = in_range("c", c, low=0.0, high=1.0, low_open=True)
    xi = in_range("xi", xi, low=0.0, high=kappa / c**2, low_open=True)
    beta_k = c * c * xi / kappa
    gamma_long = kappa * delta / c
    zeta = c / (c + beta_k)
    mapped = {
        "lr": (1.0 - zeta) * (beta_k * gamma_long - delta),
        "momentum": zeta * (1.0 - beta_k),
        "alpha": delta,
    }
    if not all(math.isfinite(v) for v in mapped.values()):
        fail("lr", f"small enough that kappa lr / c stays finite (the mapped step is {mapped['lr']!r})", lr)
    return mapped
