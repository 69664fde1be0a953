"""Deliberately broken formulas must turn the lion paper's claims to FAIL (docs/design.md; issue 6)."""

import paperchecks.sims.lion as lion_sims
from paperchecks.checks.catalog import verdict
from paperchecks.checks.registry import Verdict
from paperchecks.theory import lion as theory


def test_swapped_lyapunov_coefficient_fails_the_derivative_identity(monkeypatch, fresh_jit):
    """c = (1 - eps lambda)/(1 + eps gamma) instead of (1 - eps gamma)/(1 + eps lambda)."""
    monkeypatch.setattr(theory, "lyapunov_c", lambda gamma_, lam_, eps_: (1.0 - eps_ * lam_) / (1.0 + eps_ * gamma_))
    assert verdict("lion.continuous_derivative_is_minus_delta") == Verdict.FAIL


def test_weight_decay_inside_the_sign_fails_the_box_claim(monkeypatch, fresh_jit):
    """Coupled L2 (lambda x added to the gradient before the sign, no decoupled decay): Lion then no
    longer solves the box-constrained problem."""
    original = lion_sims.lion_update

    def coupled(x, m, g, row, *, lr, beta1, beta2, weight_decay, wd_mode="explicit", xp=lion_sims.jnp):
        return original(x, m, g + weight_decay * x, row, lr=lr, beta1=beta1, beta2=beta2, weight_decay=0.0, wd_mode=wd_mode, xp=xp)

    monkeypatch.setattr(lion_sims, "lion_update", coupled)
    assert verdict("lion.lion_solves_box_constrained_problem") == Verdict.FAIL


def test_momentum_with_the_optax_sign_fails_the_optax_claim(monkeypatch, fresh_jit):
    """The paper's momentum is -mu_optax; keeping +gradient momentum with the paper's update ascends."""
    original = lion_sims.lion_update

    def wrong_sign(x, m, g, row, **kw):
        return original(x, m, -g, row, **kw)

    monkeypatch.setattr(lion_sims, "lion_update", wrong_sign)
    assert verdict("lion.optax_lion_matches") == Verdict.FAIL


def test_wrong_discrete_coefficient_fails_the_discrete_inequality(monkeypatch):
    """a = eta beta1/(1 - beta2) (the eta lambda (1 - beta1) term dropped) in H_d."""
    original = theory.discrete_constants

    def wrong(lr, beta1, beta2, lam_):
        _, k1, k2 = original(lr, beta1, beta2, lam_)
        return lr * beta1 / (1 - beta2), k1, k2

    monkeypatch.setattr(theory, "discrete_constants", wrong)
    assert verdict("lion.discrete_lyapunov_inequality") == Verdict.FAIL


def test_interpolation_with_beta2_fails_the_optax_claim(monkeypatch, fresh_jit):
    """The issue's hand sabotage: m~ = beta2 m - (1 - beta2) g (beta1 never used). On the old F1 run of
    200 steps sign(m~) never depended on beta1; the claim now runs where it does."""
    original = lion_sims.lion_update

    def beta2_interpolation(x, m, g, row, *, lr, beta1, beta2, weight_decay, wd_mode="explicit", xp=lion_sims.jnp):
        return original(x, m, g, row, lr=lr, beta1=beta2, beta2=beta2, weight_decay=weight_decay, wd_mode=wd_mode, xp=xp)

    monkeypatch.setattr(lion_sims, "lion_update", beta2_interpolation)
    assert verdict("lion.optax_lion_matches") == Verdict.FAIL
