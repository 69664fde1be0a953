"""Claims of Morwani, Meterez, Nair, Kakade, "Compute Efficiency and Serial Runtime Tradeoffs for
Stochastic Momentum Methods" (arXiv 2606.19179), paper id ``momentum``; spec docs/papers/momentum.md.

One claim per falsifiable check of docs/papers/momentum.md §7 (checks 1-19; checks 2 and 18 reuse the engine's
evidence builders on this paper's noiseless problems) plus the reference tables A, B, C and D.
Provenance: the abstract's statements (§5.1 C1-C4) are ``paper``; bounds and exact dynamics
derived in the spec are ``reconstructed``; the ASGD exponents of Heuristic B are ``heuristic``.

Conventions (docs/papers/momentum.md §2.3, §8): CE(B) is measured as g*(B)/B, the asymptotic compute
efficiency up to the common factor 1/log(1/eps) (the spec's reference tables use it);
``t_eps_matches_gap`` checks that T*_eps g*/log(1/eps) is within 20 % of 1 for eps = 1e-6 and a
risk-isotropic start, which is what licenses the substitution. T*_eps uses eps relative to the
initial risk.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import sympy as sp

from paperchecks.checks.engine_evidence import (
    batch_monotonicity_violation,
    jensen_violation,
    monte_carlo_agreement,
    random_stable_configs,
    second_half_growth,
)
from paperchecks.checks.exponents import trends_evidence
from paperchecks.checks.registry import Deviation, Evidence, Size, claim
from paperchecks.sims.fitting import slope_trend
from paperchecks.sims.linreg import Problem, exact_risk
from paperchecks.sims.methods import kidambi_to_momentum
from paperchecks.sims.momentum import contraction_gap, describe, half_ce_batch, power_law, spectrum, tuned_iterations, two_level
from paperchecks.sims.momentum import tuned_sweep as tuned
from paperchecks.sims.reference import kidambi_exact_risk, kidambi_iterates, momentum_form_iterates, second_moment_operator
from paperchecks.sims.statistics import Z_LIMIT, mean_and_se, z_scores
from paperchecks.theory import momentum as theory

__all__ = [
    "EPS",
    "POWERS_OF_TWO",
    "TABLE_A",
    "TABLE_A_CRITICAL",
    "TABLE_B",
    "TABLE_C",
    "TABLE_D",
    "TABLE_RESOLUTION",
    "asgd_overlaps_hb_on_slow_decay",
    "asgd_small_batch_exponents",
    "asgd_small_batch_gain_on_fast_decay",
    "asgd_trades_ce_for_serial_runtime",
    "batch_monotonicity_noiseless",
    "closed_forms_match_stein",
    "deterministic_limits",
    "exact_agrees_with_monte_carlo",
    "fourth_moment_identity",
    "gap_grows_linearly_below_critical_batch",
    "hb_does_not_beat_sgd_frontier",
    "hb_gap_bound",
    "hb_keeps_ce_longer",
    "hb_window_scales_as_sqrt_kappa",
    "jensen_lower_bound_noiseless",
    "kidambi_momentum_equivalence",
    "radius_three_ways",
    "sgd_gap_bounds",
    "sgd_stability_boundary",
    "t_eps_matches_gap",
    "table_a_critical_batches",
    "table_a_gaps",
    "table_b_gaps",
    "table_c_gaps",
    "table_d_gaps",
    "tuned_gaps_nest",
]

POWERS_OF_TWO = tuple(2.0**k for k in range(17))
TABLE_RESOLUTION = 0.03  # the spec's tables come from grid searches: 1-3 % relative (docs/papers/momentum.md §0)
EPS = 1e-6

# docs/papers/momentum.md §5.3 Table A: two-level spectrum, d = 50; (kappa, B) -> (g*_SGD, g*_HB)
TABLE_A = {
    (1e2, 1): (1.776e-3, 1.798e-3),
    (1e2, 32): (3.251e-2, 4.782e-2),
    (1e2, 256): (3.885e-2, 1.817e-1),
    (1e2, 65536): (3.920e-2, 3.252e-1),
    (1e3, 1): (1.869e-4, 1.901e-4),
    (1e3, 64): (3.813e-3, 1.081e-2),
    (1e3, 1024): (3.984e-3, 6.893e-2),
    (1e4, 1): (1.891e-5, 1.927e-5),
    (1e4, 256): (3.966e-4, 4.260e-3),
    (1e4, 65536): (3.998e-4, 3.656e-2),
}
# Table A, half-CE critical batches: kappa -> (B_SGD, B_HB)
TABLE_A_CRITICAL = {1e2: (37.9, 160.0), 1e3: (37.0, 540.2), 1e4: (36.8, 1724.0)}
# docs/papers/momentum.md §5.4 Table B: lambda_i = i^-a, d = 100; (a, B) -> (g*_SGD, g*_HB, g*_ASGD)
TABLE_B = {
    (0.5, 1): (8.28e-3, 8.29e-3, 8.42e-3),
    (0.5, 64): (2.75e-1, 3.15e-1, 3.18e-1),
    (1.0, 1): (4.45e-3, 4.56e-3, 5.67e-3),
    (1.0, 64): (3.78e-2, 1.47e-1, 1.70e-1),
    (1.5, 1): (1.00e-3, 1.18e-3, 3.15e-3),
    (1.5, 64): (3.87e-3, 4.00e-2, 7.07e-2),
    (2.0, 1): (1.21e-4, 1.62e-4, 1.48e-3),
    (2.0, 4): (2.60e-4, 6.38e-4, 5.18e-3),
    (2.0, 16): (3.54e-4, 2.35e-3, 1.41e-2),
    (2.0, 64): (3.88e-4, 7.25e-3, 2.57e-2),
    (2.0, 256): (3.97e-4, 1.60e-2, 3.31e-2),
    (2.0, 1024): (3.99e-4, 2.50e-2, 3.48e-2),
}
# Table C: B = 1; (a, d) -> (g*_HB, g*_ASGD)
TABLE_C = {
    (2, 25): (2.45e-3, 8.94e-3),
    (2, 50): (6.38e-4, 3.65e-3),
    (2, 100): (1.62e-4, 1.48e-3),
    (2, 200): (4.12e-5, 5.98e-4),
    (3, 25): (1.19e-4, 2.49e-3),
    (3, 50): (1.51e-5, 7.59e-4),
    (3, 100): (1.89e-6, 2.27e-4),
    (3, 200): (2.37e-7, 6.69e-5),
}
# Table D: a = 2, d = 400; B -> (g*_HB, g*_ASGD)
TABLE_D = {
    1: (1.03e-5, 2.41e-4),
    2: (2.06e-5, 4.64e-4),
    4: (4.12e-5, 8.67e-4),
    8: (8.18e-5, 1.55e-3),
    16: (1.61e-4, 2.60e-3),
    32: (3.13e-4, 4.00e-3),
    64: (5.94e-4, 5.55e-3),
    128: (1.07e-3, 6.94e-3),
}


def _spectral_facts(key: tuple) -> tuple[float, float, float, float]:
    lam = spectrum(key)
    return float(lam.max()), float(lam.min()), float(lam.sum()), float(lam.max() / lam.min())


#: the engine cross-check of a table row: its decay rate at the tuned hyperparameters agrees with the
#: secular gap to this relative tolerance (the late-window estimate is accurate to about 1e-3 even where
#: tuning leaves complex modes of equal modulus: worst 6.6e-4 measured on Table A, after which 1 % was
#: chosen, recorded as a deviation of the table claims); rows with gaps below ENGINE_MIN_GAP (runs of
#: more than 300 / gap steps) are checked through the secular equation only
ENGINE_RESOLUTION = 0.01
ENGINE_MIN_GAP = 1e-3
_ENGINE_CHECK = Deviation(
    "the engine cross-check",
    "none (added by this project: the tables were checked through the secular equation only)",
    "the engine's decay rate at the tuned point within 1 % of the secular gap, for gaps >= 1e-3",
    "1 % chosen after seeing 6.6e-4 on Table A; a half-weight fourth moment moves it by more (Table C, B = 1)",
)


def _engine_gap(key: tuple, method: str, batch: float) -> tuple[float, float] | None:
    """(secular tuned gap, 1 - the exact engine's late per-step risk ratio at the tuned hyperparameters),
    or ``None`` for a gap below ENGINE_MIN_GAP (a run too long to check)."""
    best = tuned(key, method, (float(batch),))
    gap = float(best.gap[0])
    if gap < ENGINE_MIN_GAP:
        return None
    hyper = {"lr": float(best.lr[0]), "momentum": float(best.momentum[0])} | ({"alpha": float(best.alpha[0])} if method == "asgd" else {})
    lam = spectrum(key)
    steps = int(300.0 / -math.log1p(-gap))  # the risk falls by about e^-300: no underflow, subdominant modes gone
    return gap, 1.0 - second_half_growth(Problem.create(lam, np.ones_like(lam)), method=method, **hyper, batch=float(batch), steps=steps)


def _table_check(rows: list[tuple[str, float, float]], engine: list[tuple[str, tuple, str, float]] = ()) -> Evidence:
    """Worst |measured/reference - 1| over (label, measured, reference) rows, against 3 %; and for each
    ``engine`` row (label, spectrum key, method, batch) with a tuned gap >= ENGINE_MIN_GAP, the exact
    engine's decay rate at the tuned hyperparameters against the secular gap, to 1 %."""
    worst, where = 0.0, ""
    for label, measured, reference in rows:
        err = abs(measured / reference - 1.0)
        if err > worst:
            worst, where = err, label
    engine_worst, engine_rows = 0.0, []
    for label, key, method, batch in engine:
        if (gaps := _engine_gap(key, method, batch)) is not None:
            secular, measured = gaps
            engine_worst = max(engine_worst, abs(measured / secular - 1.0))
            engine_rows.append(f"{label}: {measured:.5g}")
    details = f"worst {where}; " + "; ".join(f"{label}: {m:.4g} vs {r:.4g}" for label, m, r in rows)
    if engine:
        details += f". Engine decay rate at the tuned point vs the secular gap: worst {engine_worst:.1e} over {len(engine_rows)} rows ({'; '.join(engine_rows)})"
    passed = worst <= TABLE_RESOLUTION and engine_worst <= ENGINE_RESOLUTION
    predicted = f"spec table within {TABLE_RESOLUTION:g}" + (f"; engine within {ENGINE_RESOLUTION:g}" if engine else "")
    return Evidence(predicted, worst, TABLE_RESOLUTION, passed, details)


# ---------------------------------------------------------------------------------------------
# §7 checks 1-5: the exact dynamics


@claim(paper="momentum", source="docs/papers/momentum.md §4.1, §7 check 1", provenance="reconstructed", kind="equality")
def fourth_moment_identity(size: Size) -> Evidence:
    """E[x x^T A x x^T] = 2HAH + tr(HA)H for Gaussian x (sympy, by Isserlis, for a general 3x3 H),
    and Monte Carlo of it and of its batch version (1 + 1/B)HAH + tr(HA)H/B agrees within 4 SE
    per entry and 1 % in Frobenius norm (d = 4, random A)."""
    import jax
    import jax.numpy as jnp
    import sympy as sp

    d_sym = 3
    Hs = sp.Matrix(d_sym, d_sym, lambda i, j: sp.Symbol(f"h{min(i, j)}{max(i, j)}"))
    As = sp.Matrix(d_sym, d_sym, lambda i, j: sp.Symbol(f"a{min(i, j)}{max(i, j)}"))
    isserlis = sp.Matrix(
        d_sym,
        d_sym,
        lambda i, m: sum(
            As[j, k] * (Hs[i, j] * Hs[k, m] + Hs[i, k] * Hs[j, m] + Hs[i, m] * Hs[j, k]) for j in range(d_sym) for k in range(d_sym)
        ),
    )
    symbolic = sp.simplify(isserlis - (2 * Hs * As * Hs + (Hs * As).trace() * Hs))
    symbolic_ok = symbolic == sp.zeros(d_sym, d_sym)

    rng = size.rng("fourth-moment")
    d, batch = 4, 3
    root = rng.standard_normal((d, d))
    H = root @ root.T / d + 0.1 * np.eye(d)
    A = rng.standard_normal((d, d))
    A = (A + A.T) / 2
    samples = size.pick(200_000, 1_000_000)
    chol = jnp.asarray(np.linalg.cholesky(H))
    worst_z, worst_rel = 0.0, 0.0
    for b in (1, batch):
        x = jax.random.normal(size.key(f"fourth-moment-{b}"), (samples, b, d), dtype=jnp.float64) @ chol.T
        Hhat = jnp.einsum("nbi,nbj->nij", x, x) / b
        product = np.asarray(jnp.einsum("nij,jk,nkl->nil", Hhat, jnp.asarray(A), Hhat))
        mean, se = mean_and_se(product, axis=0)
        predicted = (1 + 1 / b) * H @ A @ H + np.trace(H @ A) * H / b
        worst_z = max(worst_z, float(np.max(z_scores(mean, se, predicted))))
        worst_rel = max(worst_rel, float(np.linalg.norm(mean - predicted) / np.linalg.norm(predicted)))
    passed = symbolic_ok and worst_z <= Z_LIMIT and worst_rel <= 0.01
    details = f"sympy residual {'0' if symbolic_ok else symbolic}; MC {samples} samples, B in (1, {batch}): max |z| {worst_z:.2f}, relative Frobenius error {worst_rel:.2e}"
    return Evidence("2HAH + tr(HA)H", worst_z, f"{Z_LIMIT:g} SE and 1 %", passed, details)


def _check2_problem() -> Problem:
    lam = np.arange(1, 17, dtype=np.float64) ** -1.5
    return Problem.create(lam, np.ones(16))


@claim(paper="momentum", source="docs/papers/momentum.md §4.4, §7 check 2", provenance="reconstructed", kind="equality")
def exact_agrees_with_monte_carlo(size: Size) -> Evidence:
    """On noiseless d = 16, lambda_i = i^-1.5 regression the Monte Carlo mean risk of SGD, HB and
    ASGD (momentum form and Kidambi's parameters through the §3.4 map) agrees with the exact
    recursion within 4 SE at t = 10, 50, 100."""
    problem = _check2_problem()
    configs = random_stable_configs(size, "momentum-mc", problem)[:3]
    configs.append(("asgd", kidambi_to_momentum(0.1, kappa=20.0, xi=4.0, c=0.7)))
    return monte_carlo_agreement(
        size,
        "momentum-mc",
        problem,
        configs,
        batches=size.pick((4,), (1, 4, 32)),
        averagings=("none",),
        steps=100,
        seeds=size.pick(4000, 20000),
        record=np.array([10, 50, 100]),
    )


@claim(paper="momentum", source="docs/papers/momentum.md §3.3-3.4, §7 check 3", provenance="reconstructed", kind="equality")
def kidambi_momentum_equivalence(size: Size) -> Evidence:
    """Kidambi et al.'s ASGD and its momentum form (map of §3.4, derived by sympy and equal to the
    printed one) produce identical iterates on the same samples and identical exact risk curves,
    to 1e-12 relative over 100 steps."""
    residuals = theory.kidambi_map_residuals()
    symbolic_ok = all(r == 0 for r in residuals.values())
    rng = size.rng("kidambi")
    d, batch, steps = 16, 4, 100
    lam = np.arange(1, d + 1, dtype=np.float64) ** -1.5
    e0 = rng.standard_normal(d)
    X = rng.standard_normal((steps, batch, d)) * np.sqrt(lam)
    worst_iter, worst_risk = 0.0, 0.0
    for delta, kappa_k, xi in ((0.1, 20.0, 4.0), (0.3, 100.0, 3.0), (0.05, 1000.0, 10.0)):
        mapped = kidambi_to_momentum(delta, kappa=kappa_k, xi=xi, c=0.7)
        ek = kidambi_iterates(X, e0, lr=delta, kappa=kappa_k, xi=xi)
        em = momentum_form_iterates(X, e0, **mapped)
        scale = np.maximum(np.linalg.norm(em, axis=1), 1e-300)
        worst_iter = max(worst_iter, float(np.max(np.linalg.norm(ek - em, axis=1) / scale)))
        problem = Problem.create(lam, e0 * e0)
        exact_k = kidambi_exact_risk(lam, e0 * e0, lr=delta, kappa=kappa_k, xi=xi, batch=batch, steps=steps)
        exact_m = exact_risk(problem, "asgd", **mapped, batch=batch, steps=steps, record=np.arange(steps + 1)).risk
        worst_risk = max(worst_risk, float(np.max(np.abs(exact_k - exact_m) / exact_k)) if exact_m.shape == exact_k.shape else math.inf)
    worst = max(worst_iter, worst_risk)
    details = f"map residuals {residuals}; iterates {worst_iter:.1e}, exact risk {worst_risk:.1e} (3 Kidambi settings, B = {batch})"
    return Evidence("identical", worst, 1e-12, symbolic_ok and worst <= 1e-12, details)


@claim(paper="momentum", source="docs/papers/momentum.md §4.3, §7 check 4", provenance="reconstructed", kind="equality")
def radius_three_ways(size: Size) -> Evidence:
    """The spectral radius from the secular equation equals the largest |eigenvalue| of the dense
    3d x 3d operator to 1e-8 and the late-time per-step risk ratio of the exact recursion to 1e-9,
    for random stable SGD, HB and ASGD hyperparameters (the engine route achieves about 1e-11; a
    looser tolerance passed an engine with half its fourth-moment term)."""
    problem = Problem.create(np.arange(1, 21, dtype=np.float64) ** -1.0, np.ones(20))
    lam = np.asarray(problem.eigenvalues)
    configs = random_stable_configs(size, "radius", problem)
    worst_dense, worst_ratio, rows = 0.0, 0.0, []
    for method, hyper in configs:
        for batch in (1, 4):
            rho = _radius(lam, method, hyper, batch)
            dense = float(np.max(np.abs(np.linalg.eigvals(second_moment_operator(lam, method, batch=batch, **hyper)))))
            steps = int(min(2e5, 600.0 / -math.log(rho)))  # subdominant modes: see tests/test_properties.py
            ratio = second_half_growth(problem, method=method, **hyper, batch=batch, steps=steps)
            worst_dense = max(worst_dense, abs(rho - dense))
            worst_ratio = max(worst_ratio, abs(rho - ratio))
            rows.append(f"{method} B={batch}: rho={rho:.10f}")
    passed = bool(worst_dense <= 1e-8 and worst_ratio <= 1e-9)
    details = f"|secular - dense| max {worst_dense:.1e} (tol 1e-8); |secular - late ratio| max {worst_ratio:.1e} (tol 1e-9); " + "; ".join(
        rows
    )
    return Evidence("three routes agree", f"{worst_dense:.1e} / {worst_ratio:.1e}", "1e-8 / 1e-9", passed, details)


def _radius(lam, method, hyper, batch) -> float:
    return 1.0 - float(contraction_gap(lam, method, batch=batch, **hyper))


@claim(paper="momentum", source="docs/papers/momentum.md §3.4, §4.3, §5.2-5.3, §7 check 5", provenance="reconstructed", kind="identity")
def closed_forms_match_stein(size: Size) -> Evidence:
    """The Stein-equation noise response G(rho) equals the printed SGD and HB closed forms, HB's
    u(1) and ASGD's G(1); ASGD with alpha = 0 is HB and with beta = 0 is SGD with step eta + alpha;
    the full-batch tuned gaps are 4 kappa/(kappa+1)^2 and 4 sqrt(kappa)/(sqrt(kappa)+1)^2."""
    import sympy as sp

    residuals = theory.closed_form_residuals()
    k = theory.kappa
    residuals["sgd full-batch gap"] = sp.simplify(theory.deterministic_gap("sgd") - 4 * k / (k + 1) ** 2)
    residuals["hb full-batch gap"] = sp.simplify(theory.deterministic_gap("hb") - 4 * sp.sqrt(k) / (sp.sqrt(k) + 1) ** 2)
    nonzero = [name for name, r in residuals.items() if r != 0]
    formula = r"G_{\mathrm{HB}}(\rho) = " + sp.latex(theory.noise_response("hb"))
    return Evidence(
        "all residuals 0", f"{len(nonzero)} nonzero", 0, not nonzero, "; ".join(f"{n}: {r}" for n, r in residuals.items()), formula=formula
    )


# ---------------------------------------------------------------------------------------------
# checks 6-9: stability, limits, bounds


@claim(paper="momentum", source="docs/papers/momentum.md §4.3, §7 check 6", provenance="reconstructed", kind="equality")
def sgd_stability_boundary(size: Size) -> Evidence:
    """For SGD on lambda_i = 1/i, d = 100, the largest stable step is 0.33692 (B = 1), 1.47669
    (B = 8), 1.93691 (B = 64); the exact recursion decays 1 % below it and grows 1 % above."""
    lam = 1.0 / np.arange(1, 101, dtype=np.float64)
    problem = Problem.create(lam, np.ones(100))
    reference = {1: "0.33692", 8: "1.47669", 64: "1.93691"}
    worst, rows, behaved = 0.0, [], True
    for batch, printed in reference.items():
        limit = theory.sgd_stability_limit(lam, batch)
        resolution = 0.5 * 10.0 ** -(len(printed.split(".")[1]))
        worst = max(worst, abs(limit - float(printed)) / resolution)
        growth = {}
        for factor in (0.99, 1.01):
            rho = _radius(lam, "sgd", {"lr": factor * limit}, batch)
            steps = int(min(2e5, 40.0 / abs(1.0 - rho)))
            growth[factor] = second_half_growth(problem, lr=factor * limit, batch=batch, steps=steps)
        behaved &= growth[0.99] < 1.0 < growth[1.01]
        rows.append(
            f"B={batch}: eta_max {limit:.6f} (spec {printed}); per-step growth {growth[0.99]:.6f} at -1 %, {growth[1.01]:.6f} at +1 %"
        )
    formula = r"\eta_{\max}: \ \sum_i u_i(1) = 1, \quad u_i(1) = " + sp.latex(theory.stability_terms("sgd")).replace(
        r"\lambda", r"\lambda_i"
    )
    return Evidence("spec values", worst, "half a printed unit", worst <= 1.0 and behaved, "; ".join(rows), formula=formula)


@claim(paper="momentum", source="docs/papers/momentum.md §5.2-5.3, §7 check 7", provenance="reconstructed", kind="equality")
def deterministic_limits(size: Size) -> Evidence:
    """At B = 1e7 the tuned gaps approach the full-batch values 4 kappa/(kappa+1)^2 (SGD) and
    4 sqrt(kappa)/(sqrt(kappa)+1)^2 (HB, ASGD) within 1 % (Table A spectra, kappa = 1e2, 1e3)."""
    worst, rows = 0.0, []
    for kappa in size.pick((1e2,), (1e2, 1e3)):
        for method in ("sgd", "hb", "asgd"):
            measured = float(tuned(two_level(kappa), method, (1e7,)).gap[0])
            predicted = theory.deterministic_gap_value(method, kappa)
            err = abs(measured / predicted - 1.0)
            worst = max(worst, err)
            rows.append(f"{method} kappa={kappa:g}: {measured:.5g} vs {predicted:.5g}")
    formula = (
        r"g^\star_{\mathrm{SGD}}(\infty) = "
        + sp.latex(theory.deterministic_gap("sgd"))
        + r", \quad g^\star_{\mathrm{HB}}(\infty) = "
        + sp.latex(theory.deterministic_gap("hb"))
    )
    return Evidence("full-batch gap", worst, 0.01, worst <= 0.01, "; ".join(rows), formula=formula)


def _bound_spectra(size: Size) -> list[tuple]:
    return size.pick(
        [two_level(1e3), power_law(2.0, 100)],
        [
            two_level(1e2),
            two_level(1e3),
            two_level(1e4),
            power_law(0.5, 100),
            power_law(1.0, 100),
            power_law(1.5, 100),
            power_law(2.0, 100),
        ],
    )


@claim(
    paper="momentum",
    source="docs/papers/momentum.md §5.2, §7 check 8",
    provenance="reconstructed",
    kind="inequality",
    tightness="two-sided: the step B/(tr H + (B+1) lambda_1) attains B mu/(tr H + (B+1) lambda_1)",
)
def sgd_gap_bounds(size: Size) -> Evidence:
    """For every step on a 400-point log grid and B = 2^0..2^16, the SGD gap is at most
    min(4 B mu/tr H, 4/kappa); the step B/(tr H + (B+1) lambda_1) achieves at least
    B mu/(tr H + (B+1) lambda_1)."""
    batches = np.array(size.pick(POWERS_OF_TWO[::4], POWERS_OF_TWO))
    worst_upper, worst_lower, rows = 0.0, math.inf, []
    for key in _bound_spectra(size):
        lam1, mu, trace, kappa = _spectral_facts(key)
        lam = spectrum(key)
        steps = np.logspace(-4, math.log10(4.0), size.pick(100, 400)) / lam1
        gaps = contraction_gap(lam, "sgd", lr=steps[None, :], batch=batches[:, None])
        upper = np.array([theory.sgd_gap_upper_bound(b, mu, trace, kappa) for b in batches])
        ratio_up = float(np.max(gaps / upper[:, None]))
        achieving = batches / (trace + (batches + 1) * lam1)
        achieved = contraction_gap(lam, "sgd", lr=achieving, batch=batches)
        lower = np.array([theory.sgd_gap_achievable(b, mu, trace, lam1) for b in batches])
        ratio_low = float(np.min(achieved / lower))
        worst_upper, worst_lower = max(worst_upper, ratio_up), min(worst_lower, ratio_low)
        rows.append(f"{describe(key)}: max g/upper {ratio_up:.3f}, min g(eta_ach)/lower {ratio_low:.3f}")
    passed = worst_upper <= 1.0 and worst_lower >= 1.0
    formula = (
        r"g_{\mathrm{SGD}} \le \min\left(\frac{4 B \mu}{\operatorname{tr} H}, \frac{4}{\kappa}\right), \quad "
        r"g\left(\eta = \frac{B}{\operatorname{tr} H + (B+1)\lambda_1}\right) \ge \frac{B \mu}{\operatorname{tr} H + (B+1)\lambda_1}"
    )
    return Evidence(
        "g/upper <= 1 <= g(eta_ach)/lower", f"{worst_upper:.4f} / {worst_lower:.4f}", "1", passed, "; ".join(rows), formula=formula
    )


def _hb_grid(lambda_max: float, points: int) -> tuple[np.ndarray, np.ndarray]:
    """(lr, momentum) on a points x points log grid of (eta_eff lambda_1, 1 - beta)."""
    one_minus = np.logspace(-4, 0, points)
    effective = np.logspace(-3, 3, points) / lambda_max
    S, E = np.meshgrid(one_minus, effective, indexing="ij")
    return (E * S).ravel(), (1.0 - S).ravel()


@claim(
    paper="momentum",
    source="docs/papers/momentum.md §5.3, §7 check 9",
    provenance="reconstructed",
    kind="inequality",
    tightness="momentum.table_a_gaps",
)
def hb_gap_bound(size: Size) -> Evidence:
    """Every (eta, beta) on a 40 x 40 grid, B = 2^0..2^16, Table A and B spectra has
    g_HB <= min(8 B mu/tr H, 4/sqrt(kappa)); and the grid-minimal T*_eps >= log(1/eps) /
    min(8 B mu/tr H, 4/sqrt(kappa)) (eps = 1e-6, kappa = 1e3, B = 4, 64, 1024, start on the
    lambda_d direction and risk-isotropic)."""
    batches = np.array(size.pick(POWERS_OF_TWO[::4], POWERS_OF_TWO))
    worst, rows = 0.0, []
    for key in _bound_spectra(size):
        lam1, mu, trace, kappa = _spectral_facts(key)
        lr, momentum = _hb_grid(lam1, 40)
        gaps = contraction_gap(spectrum(key), "hb", lr=lr[None, :], momentum=momentum[None, :], batch=batches[:, None])
        bound = np.array([theory.hb_gap_upper_bound(b, mu, trace, kappa) for b in batches])
        ratio = float(np.max(gaps / bound[:, None]))
        worst = max(worst, ratio)
        rows.append(f"{describe(key)}: max g/bound {ratio:.3f}")
    lam = spectrum(two_level(1e3))
    lam1, mu, trace, kappa = _spectral_facts(two_level(1e3))
    lr, momentum = _hb_grid(lam1, 40)
    smallest = math.inf
    for init_name, init_sq in (("lambda_d", np.eye(lam.size)[-1]), ("risk-isotropic", 1.0 / lam)):
        problem = Problem.create(lam, init_sq)
        for batch in size.pick((64, 1024), (4, 64, 1024)):
            best = tuned(two_level(1e3), "hb", (float(batch),))
            T, _ = tuned_iterations(
                problem, "hb", batch, target=EPS, lr=np.append(lr, best.lr), momentum=np.append(momentum, best.momentum)
            )
            ratio = T * theory.hb_gap_upper_bound(batch, mu, trace, kappa) / math.log(1 / EPS)
            smallest = min(smallest, ratio)
            rows.append(f"T* {init_name} B={batch}: {T:.0f} ({ratio:.2f} x bound)")
    passed = worst <= 1.0 and smallest >= 1.0
    formula = (
        r"g_{\mathrm{HB}} \le \min\left(\frac{8 B \mu}{\operatorname{tr} H}, \frac{4}{\sqrt{\kappa}}\right), \quad "
        r"T^*_\varepsilon \ge \frac{\log(1/\varepsilon)}{\min\left(8 B \mu / \operatorname{tr} H,\ 4/\sqrt{\kappa}\right)}"
    )
    return Evidence("g/bound <= 1 <= T* bound/log(1/eps)", f"{worst:.4f} / {smallest:.3f}", "1", passed, "; ".join(rows), formula=formula)


# ---------------------------------------------------------------------------------------------
# checks 10-13: HB versus SGD compute efficiency


def _ce_curves(key: tuple, batches: tuple):
    sgd, hb = tuned(key, "sgd", batches), tuned(key, "hb", batches)
    b = np.asarray(batches)
    return sgd.gap / b, hb.gap / b


@claim(
    paper="momentum",
    source="abstract (C2); docs/papers/momentum.md §5.1, §7 check 10",
    provenance="paper",
    kind="inequality",
    deviations=(
        Deviation(
            "the power-law limit",
            "1.5, fixed by the spec next to its reference ratio 1.34",
            "1.5",
            "a post-hoc constant: the paper says 'up to a constant'; the measured ratio is in the details",
        ),
    ),
    tightness="momentum.tuned_gaps_nest",
)
def hb_does_not_beat_sgd_frontier(size: Size) -> Evidence:
    """HB's best compute efficiency is no better than SGD's up to a constant: max_B CE_HB /
    max_B CE_SGD <= 1.1 on Table A spectra and <= 1.5 on power laws a = 0.5, 1, 1.5, 2 (d = 100)."""
    batches = size.pick(POWERS_OF_TWO[:9], POWERS_OF_TWO)
    families = size.pick(
        [([two_level(1e2)], 1.1), ([power_law(2.0, 100)], 1.5)],
        [([two_level(1e2), two_level(1e3), two_level(1e4)], 1.1), ([power_law(a, 100) for a in (0.5, 1.0, 1.5, 2.0)], 1.5)],
    )
    excess, rows = -math.inf, []
    for keys, limit in families:
        for key in keys:
            ce_sgd, ce_hb = _ce_curves(key, batches)
            ratio = float(ce_hb.max() / ce_sgd.max())
            excess = max(excess, ratio / limit)
            rows.append(f"{describe(key)}: {ratio:.3f} (limit {limit})")
    return Evidence("ratio <= 1.1 / 1.5", f"{excess:.3f} of limit", 1.0, excess <= 1.0, "; ".join(rows))


@claim(paper="momentum", source="abstract (C2); docs/papers/momentum.md §5.3, §7 check 11", provenance="paper", kind="qualitative")
def hb_keeps_ce_longer(size: Size) -> Evidence:
    """On Table A spectra HB keeps half its small-batch CE for all B <= 0.5 tr H/sqrt(lambda_1 mu),
    while SGD has lost half of its CE for all B >= 4 tr H/lambda_1."""
    batches = POWERS_OF_TWO
    ok, rows = True, []
    for kappa in size.pick((1e3,), (1e2, 1e3, 1e4)):
        key = two_level(kappa)
        lam1, mu, trace, _ = _spectral_facts(key)
        ce_sgd, ce_hb = _ce_curves(key, batches)
        b = np.asarray(batches)
        hb_window = b <= 0.5 * theory.hb_critical_batch(trace, lam1, mu)
        sgd_beyond = b >= 4 * theory.sgd_critical_batch(trace, lam1)
        hb_min = float(np.min(ce_hb[hb_window] / ce_hb[0]))
        sgd_max = float(np.max(ce_sgd[sgd_beyond] / ce_sgd[0]))
        ok &= hb_min >= 0.5 and sgd_max < 0.5
        rows.append(
            f"kappa={kappa:g}: HB CE/CE(1) >= {hb_min:.3f} for B <= {0.5 * theory.hb_critical_batch(trace, lam1, mu):.0f}; SGD <= {sgd_max:.3f} for B >= {4 * theory.sgd_critical_batch(trace, lam1):.0f}"
        )
    return Evidence("HB >= 0.5, SGD < 0.5", "see details", "0.5", ok, "; ".join(rows))


def _critical_batches(kappa: float) -> tuple[float, float]:
    ce_sgd, ce_hb = _ce_curves(two_level(kappa), POWERS_OF_TWO)
    b = np.asarray(POWERS_OF_TWO)
    return half_ce_batch(b, ce_sgd * b), half_ce_batch(b, ce_hb * b)


@claim(
    paper="momentum",
    source="abstract (C2, 'up to sqrt(kappa)'); docs/papers/momentum.md §5.3, §7 check 12",
    provenance="paper",
    kind="exponent",
)
def hb_window_scales_as_sqrt_kappa(size: Size) -> Evidence:
    """The ratio of HB's to SGD's half-CE critical batch grows like sqrt(kappa): local log-log slopes
    (decade by decade) settle at 0.5 +- 0.1 over kappa = 1e2..1e5 on Table A spectra, with
    B_HB/B_SGD/sqrt(kappa) in [0.3, 0.6]."""
    kappas = size.pick((1e2, 1e3, 1e4), (1e2, 1e3, 1e4, 1e5))
    ratios = []
    for kappa in kappas:
        b_sgd, b_hb = _critical_batches(kappa)
        ratios.append(b_hb / b_sgd)
    prefactors = np.array(ratios) / np.sqrt(kappas)
    details = "; ".join(
        f"kappa={k:g}: B_HB/B_SGD {r:.2f} ({p:.2f} sqrt(kappa))" for k, r, p in zip(kappas, ratios, prefactors, strict=True)
    )
    evidence = trends_evidence({"B_HB/B_SGD vs kappa": slope_trend(kappas, ratios, 0.5, 0.1)}, details)
    return dataclasses.replace(evidence, passed=evidence.passed and bool(np.all((prefactors >= 0.3) & (prefactors <= 0.6))))


@claim(
    paper="momentum",
    source="abstract (C1); docs/papers/momentum.md §2.3, §7 check 13",
    provenance="reconstructed",
    kind="inequality",
    tightness="momentum.sgd_gap_bounds",
)
def gap_grows_linearly_below_critical_batch(size: Size) -> Evidence:
    """Below a sixteenth of their critical batches the tuned gaps of HB and SGD grow linearly:
    g*(2B)/g*(B) >= 1.75 (Table A spectra)."""
    worst, rows = math.inf, []
    b = np.asarray(POWERS_OF_TWO)
    for kappa in size.pick((1e3,), (1e2, 1e3, 1e4)):
        key = two_level(kappa)
        lam1, mu, trace, _ = _spectral_facts(key)
        for method, critical in (("sgd", theory.sgd_critical_batch(trace, lam1)), ("hb", theory.hb_critical_batch(trace, lam1, mu))):
            gaps = tuned(key, method, POWERS_OF_TWO).gap
            window = b[1:] <= critical / 16
            if not window.any():
                continue
            ratio = float(np.min(gaps[1:][window] / gaps[:-1][window]))
            worst = min(worst, ratio)
            rows.append(f"{method} kappa={kappa:g}: min g*(2B)/g*(B) {ratio:.3f} for 2B <= {critical / 16:.1f}")
    return Evidence(">= 1.75", worst, 1.75, worst >= 1.75, "; ".join(rows))


# ---------------------------------------------------------------------------------------------
# checks 14-17: ASGD


@claim(paper="momentum", source="abstract (C4); docs/papers/momentum.md §5.4, §7 check 14", provenance="paper", kind="equality")
def asgd_overlaps_hb_on_slow_decay(size: Size) -> Evidence:
    """For the slowly decaying power law a = 0.5 (d = 100) tuned ASGD and HB nearly coincide,
    |g*_ASGD/g*_HB - 1| <= 0.05 for all B, and HB equals SGD at B = 1 within 5 %."""
    batches = size.pick((1.0, 16.0, 256.0), POWERS_OF_TWO[:13])
    key = power_law(0.5, 100)
    asgd, hb, sgd = (tuned(key, m, batches).gap for m in ("asgd", "hb", "sgd"))
    gap_asgd = float(np.max(np.abs(asgd / hb - 1.0)))
    gap_sgd = abs(hb[0] / sgd[0] - 1.0)
    worst = max(gap_asgd, gap_sgd)
    details = f"max |ASGD/HB - 1| = {gap_asgd:.4f} over B in {batches[0]:g}..{batches[-1]:g}; |HB/SGD - 1| at B=1: {gap_sgd:.4f}"
    return Evidence("<= 0.05", worst, 0.05, worst <= 0.05, details)


def _table_c(size: Size) -> dict:
    return {k: v for k, v in TABLE_C.items() if not size.quick or (k[0] == 2 and k[1] <= 100)}


@claim(
    paper="momentum",
    source="abstract (C3); docs/papers/momentum.md §5.4, §7 check 15",
    provenance="paper",
    kind="inequality",
    tightness="momentum.table_c_gaps",
)
def asgd_small_batch_gain_on_fast_decay(size: Size) -> Evidence:
    """For the rapidly decaying power law a = 2 (d = 100) ASGD's small-batch compute efficiency
    beats HB's: g*_ASGD(1)/g*_HB(1) >= 5."""
    key = power_law(2.0, 100)
    ratio = float(tuned(key, "asgd", (1.0,)).gap[0] / tuned(key, "hb", (1.0,)).gap[0])
    return Evidence(">= 5", ratio, 5.0, ratio >= 5.0, f"g*_ASGD(1) / g*_HB(1) = {ratio:.2f} (spec reference 9.1)")


@claim(paper="momentum", source="docs/papers/momentum.md §5.4 Heuristic B, §7 check 15", provenance="heuristic", kind="exponent")
def asgd_small_batch_exponents(size: Size) -> Evidence:
    """At B = 1 on lambda_i = i^-a, g*_ASGD ~ d^(-a^2/(2a-1)) and g*_HB ~ d^(-a): local slopes
    (octave by octave) over d = 25..200 within 0.15 (ASGD, a = 2), 0.2 (ASGD, a = 3) and 0.1 (HB) of
    the prediction."""
    trends = {}
    table = _table_c(size)
    for a in sorted({k[0] for k in table}):
        dims = [d for (aa, d) in table if aa == a]
        predicted = theory.asgd_small_batch_exponents(a)
        for method, tol in (("hb", 0.1), ("asgd", 0.15 if a == 2 else 0.2)):
            gaps = [tuned(power_law(a, d), method, (1.0,)).gap[0] for d in dims]
            trends[f"{method} a={a}"] = slope_trend(dims, gaps, predicted[method], tol)
    return trends_evidence(trends)


@claim(
    paper="momentum",
    source="abstract (C3, C4); docs/papers/momentum.md §5.4 (Tables B, D), §7 check 16",
    provenance="paper",
    kind="qualitative",
)
def asgd_trades_ce_for_serial_runtime(size: Size) -> Evidence:
    """On a = 2 power laws ASGD gives up its CE edge as B grows while its gap keeps rising: over
    B in [4, 256] CE_ASGD decreases and g*_ASGD increases, the local slope d log g*/d log B lies in
    [0.4, 0.9] somewhere in [4, 64] and decreases, CE_ASGD/CE_HB decreases towards 1, and HB stays
    linear (within 10 % of B g*_HB(1) for B <= 32 at d = 400)."""
    rows, ok = [], True
    for d in size.pick((100,), (100, 400)):
        key = power_law(2.0, d)
        batches = size.pick((1.0, 4.0, 16.0, 64.0, 256.0), tuple(2.0**k for k in range(0, 9)))
        asgd, hb = tuned(key, "asgd", batches).gap, tuned(key, "hb", batches).gap
        b = np.asarray(batches)
        trade = (b >= 4) & (b <= 256)
        ce = asgd / b
        local = np.diff(np.log(asgd)) / np.diff(np.log(b))  # slope between B_k and B_{k+1}
        mid = (b[:-1] >= 4) & (b[1:] <= 64)
        advantage = asgd / hb
        checks = {
            "CE decreasing": bool(np.all(np.diff(ce[trade]) < 0)),
            "gap increasing": bool(np.all(np.diff(asgd[trade]) > 0)),
            "slope in [0.4, 0.9] in [4, 64]": bool(np.any((local[mid] >= 0.4) & (local[mid] <= 0.9))),
            "slope decreasing": bool(np.all(np.diff(local[b[:-1] >= 4]) < 0)),
            "CE ratio decreasing to >= 1": bool(np.all(np.diff(advantage) < 0) and advantage[-1] >= 1.0),
        }
        if d == 400:
            linear = b <= 32
            checks["HB linear (10 %)"] = bool(np.all(np.abs(hb[linear] / (b[linear] * hb[0]) - 1.0) <= 0.1))
        ok &= all(checks.values())
        failed = [name for name, good in checks.items() if not good]
        rows.append(
            f"d={d}: local slopes {np.array2string(local, precision=2)}; CE_ASGD/CE_HB {np.array2string(advantage, precision=2)}; "
            + ("all hold" if not failed else "FAILED: " + ", ".join(failed))
        )
    return Evidence("all orderings hold", "see details", "-", ok, "; ".join(rows))


@claim(
    paper="momentum",
    source="docs/papers/momentum.md §3.4-3.5, §8, §7 check 17",
    provenance="reconstructed",
    kind="inequality",
    tightness="momentum.table_b_gaps",
)
def tuned_gaps_nest(size: Size) -> Evidence:
    """Tuned gaps nest as the method families do: ASGD (its alpha > 0 search alone, without the
    alpha = 0 fallback) >= HB >= SGD for every B, within 1e-3 relative."""
    batches = size.pick((1.0, 64.0), (1.0, 4.0, 16.0, 64.0, 256.0, 1024.0))
    keys = size.pick([power_law(2.0, 100)], [power_law(a, 100) for a in (0.5, 1.0, 1.5, 2.0)])
    worst, rows = -math.inf, []
    for key in keys:
        asgd = tuned(key, "asgd", batches, include_hb=False).gap
        hb, sgd = tuned(key, "hb", batches).gap, tuned(key, "sgd", batches).gap
        shortfall = max(float(np.max(1.0 - asgd / hb)), float(np.max(1.0 - hb / sgd)))
        worst = max(worst, shortfall)
        rows.append(f"{describe(key)}: min ASGD/HB {np.min(asgd / hb):.4f}, min HB/SGD {np.min(hb / sgd):.4f}")
    return Evidence("ASGD >= HB >= SGD", worst, 1e-3, worst <= 1e-3, "; ".join(rows))


# ---------------------------------------------------------------------------------------------
# checks 18-19


def _noiseless_power_law() -> Problem:
    return Problem.create(np.arange(1, 17, dtype=np.float64) ** -1.5, np.ones(16))


@claim(
    paper="momentum",
    source="docs/papers/momentum.md §5.5, §7 check 18 (Jensen)",
    provenance="reconstructed",
    kind="inequality",
    tightness="momentum.exact_agrees_with_monte_carlo",
)
def jensen_lower_bound_noiseless(size: Size) -> Evidence:
    """For random stable hyperparameters on noiseless regression the exact expected risk at any B
    is at least the full-batch risk at every step."""
    problem = _noiseless_power_law()
    configs = random_stable_configs(size, "momentum-jensen", problem)
    return jensen_violation(problem, configs, batches=(1, 4, 32), steps=size.pick(300, 3000))


@claim(
    paper="momentum",
    source="docs/papers/momentum.md §5.5, §7 check 18 (batch monotonicity)",
    provenance="reconstructed",
    kind="inequality",
    tightness="momentum.exact_agrees_with_monte_carlo",
)
def batch_monotonicity_noiseless(size: Size) -> Evidence:
    """For random stable hyperparameters on noiseless regression the exact expected risk is
    non-increasing in B at every step."""
    problem = _noiseless_power_law()
    configs = random_stable_configs(size, "momentum-monotonicity", problem)
    return batch_monotonicity_violation(problem, configs, steps=size.pick(300, 3000))


@claim(paper="momentum", source="abstract (C1); docs/papers/momentum.md §2.3, §8, §7 check 19", provenance="reconstructed", kind="equality")
def t_eps_matches_gap(size: Size) -> Evidence:
    """With a risk-isotropic start and eps = 1e-6 the grid-minimal iteration count satisfies
    T*_eps(B) g*(B)/log(1/eps) in [0.8, 1.2] (HB, Table A kappa = 1e3, B = 4, 64, 1024), so
    CE(B) is g*(B)/(B log(1/eps)) up to 20 %; isotropic starts are reported for contrast."""
    key = two_level(1e3)
    lam = spectrum(key)
    lr, momentum = _hb_grid(lam.max(), 40)
    values, rows = [], []
    for batch in size.pick((64, 1024), (4, 64, 1024)):
        best = tuned(key, "hb", (float(batch),))
        for init_name, init_sq in (("risk-isotropic", 1.0 / lam), ("isotropic", np.ones_like(lam))):
            T, _ = tuned_iterations(
                Problem.create(lam, init_sq),
                "hb",
                batch,
                target=EPS,
                lr=np.append(lr, best.lr),
                momentum=np.append(momentum, best.momentum),
            )
            value = T * best.gap[0] / math.log(1 / EPS)
            if init_name == "risk-isotropic":
                values.append(value)
            rows.append(f"B={batch} {init_name}: T*={T:.0f}, T* g*/log(1/eps) = {value:.3f}")
    worst = float(max(abs(v - 1.0) for v in values))
    formula = r"T^*_\varepsilon \approx \frac{\log(1/\varepsilon)}{g^*}"
    return Evidence("1 +- 0.2", f"{min(values):.3f}..{max(values):.3f}", 0.2, worst <= 0.2, "; ".join(rows), formula=formula)


# ---------------------------------------------------------------------------------------------
# reference tables


@claim(
    paper="momentum",
    source="docs/papers/momentum.md §5.3 Table A (gaps)",
    provenance="reconstructed",
    kind="equality",
    deviations=(_ENGINE_CHECK,),
)
def table_a_gaps(size: Size) -> Evidence:
    """Tuned SGD and HB gaps on the two-level spectra reproduce Table A within 3 %."""
    table = {k: v for k, v in TABLE_A.items() if not size.quick or k[0] == 1e2}
    rows, engine = [], []
    for (kappa, batch), (sgd, hb) in table.items():
        for method, reference in (("sgd", sgd), ("hb", hb)):
            label = f"{method} kappa={kappa:g} B={batch}"
            rows.append((label, float(tuned(two_level(kappa), method, (float(batch),)).gap[0]), reference))
            engine.append((label, two_level(kappa), method, float(batch)))
    return _table_check(rows, engine)


@claim(
    paper="momentum", source="docs/papers/momentum.md §5.3 Table A (half-CE critical batches)", provenance="reconstructed", kind="equality"
)
def table_a_critical_batches(size: Size) -> Evidence:
    """Half-CE critical batches B_SGD and B_HB (log-log interpolated on B = 2^0..2^16) reproduce
    Table A within 3 %."""
    rows = []
    for kappa, (b_sgd, b_hb) in TABLE_A_CRITICAL.items():
        if size.quick and kappa != 1e3:
            continue
        m_sgd, m_hb = _critical_batches(kappa)
        rows += [(f"B_SGD kappa={kappa:g}", m_sgd, b_sgd), (f"B_HB kappa={kappa:g}", m_hb, b_hb)]
    return _table_check(rows)


@claim(
    paper="momentum",
    source="docs/papers/momentum.md §5.4 Table B",
    provenance="reconstructed",
    kind="equality",
    deviations=(_ENGINE_CHECK,),
)
def table_b_gaps(size: Size) -> Evidence:
    """Tuned SGD, HB and ASGD gaps on power laws (d = 100) reproduce Table B within 3 %."""
    table = {k: v for k, v in TABLE_B.items() if not size.quick or k in ((2.0, 1), (2.0, 64), (2.0, 1024))}
    rows, engine = [], []
    for a in sorted({k[0] for k in table}):
        batches = tuple(float(b) for (aa, b) in table if aa == a)
        for m_index, method in enumerate(("sgd", "hb", "asgd")):
            gaps = tuned(power_law(a, 100), method, batches).gap
            rows += [(f"{method} a={a:g} B={b:g}", float(g), table[(a, int(b))][m_index]) for b, g in zip(batches, gaps, strict=True)]
            engine += [(f"{method} a={a:g} B={b:g}", power_law(a, 100), method, b) for b in batches]
    return _table_check(rows, engine)


@claim(
    paper="momentum",
    source="docs/papers/momentum.md §5.4 Table C",
    provenance="reconstructed",
    kind="equality",
    deviations=(_ENGINE_CHECK,),
)
def table_c_gaps(size: Size) -> Evidence:
    """Tuned HB and ASGD gaps at B = 1 on power laws a = 2, 3, d = 25..200 reproduce Table C within 3 %."""
    rows, engine = [], []
    for (a, d), (hb, asgd) in _table_c(size).items():
        rows.append((f"hb a={a} d={d}", float(tuned(power_law(a, d), "hb", (1.0,)).gap[0]), hb))
        rows.append((f"asgd a={a} d={d}", float(tuned(power_law(a, d), "asgd", (1.0,)).gap[0]), asgd))
        engine += [(f"{method} a={a} d={d}", power_law(a, d), method, 1.0) for method in ("hb", "asgd")]
    return _table_check(rows, engine)


@claim(
    paper="momentum",
    source="docs/papers/momentum.md §5.4 Table D",
    provenance="reconstructed",
    kind="equality",
    deviations=(_ENGINE_CHECK,),
)
def table_d_gaps(size: Size) -> Evidence:
    """Tuned HB and ASGD gaps on the a = 2, d = 400 power law, B = 1..128, reproduce Table D within 3 %."""
    d = 400
    table = {b: v for b, v in TABLE_D.items() if not size.quick or b == 1}
    batches = tuple(float(b) for b in table)
    hb, asgd = tuned(power_law(2.0, d), "hb", batches).gap, tuned(power_law(2.0, d), "asgd", batches).gap
    rows = []
    for k, b in enumerate(table):
        rows += [(f"hb B={b}", float(hb[k]), table[b][0]), (f"asgd B={b}", float(asgd[k]), table[b][1])]
    engine = [(f"{method} B={b}", power_law(2.0, d), method, float(b)) for b in table for method in ("hb", "asgd")]
    return _table_check(rows, engine)
