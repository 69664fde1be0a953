"""Claims of Defazio, Cutkosky, Mehta, Mishchenko, "When, Why and How Much? Adaptive Learning Rate
Scheduling by Refinement" (arXiv 2310.07831, Theorem 10), as restated by Schaipp et al. (arXiv
2501.18965, Theorem 1); paper id ``refinement``; docs/papers/refinement.md.

Provenance: the bound, its constant-step form and the refinement rule are ``paper`` (the bound as
restated in the second paper's code and README); "linear decay is the worst-case-optimal choice" and
"refined schedules show warm-up and annealing" are ``relayed`` (known from the abstract); the
mean-field prediction of the Monte Carlo problem is ``reconstructed``; the exponent of linear decay's
excess and the bound-to-worst-case factor are ``heuristic`` (set after seeing results, recorded as
deviations).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import scipy.optimize
import sympy as sp

from paperchecks.checks.exponents import trend_evidence
from paperchecks.checks.registry import Deviation, Evidence, Size, claim
from paperchecks.sims import refinement as sims
from paperchecks.sims.statistics import Z_LIMIT, mean_and_se, z_scores
from paperchecks.sims.worst_case import worst_case_last_iterate
from paperchecks.theory import refinement as theory

__all__ = [
    "COMMON_SHAPES",
    "MC_DIM",
    "bound_within_factor_of_worst_case",
    "constant_step_closed_form",
    "linear_excess_vanishes",
    "linear_is_omega_optimal",
    "linear_tops_the_common_shapes",
    "monte_carlo_below_bound",
    "monte_carlo_matches_mean_field",
    "reference_values",
    "refined_beats_linear_reference",
    "refined_between_optimal_and_linear",
    "refined_shows_warmup_and_annealing",
    "refinement_with_constant_norms_is_linear",
    "tuned_base_step",
    "worst_case_below_bound",
    "worst_case_reference_values",
]

COMMON_SHAPES = ("linear", "cosine", "constant", "wsd:0.2", "inverse_power:0.5")
MC_DIM = 100  # f(x) = E|a^T (x - x*)| in d = 100: the Monte Carlo ratio to Omega is largest near d ~ 16-100
_SOURCE = "docs/papers/refinement.md"
_BOUND_LATEX = r"\mathbb{E} f(x_T) - f_\star \le \Omega_T = " + sp.latex(theory.BOUND)
_TUNED_LATEX = r"c_\star = " + sp.latex(theory.TUNED_STEP) + r", \quad \Omega^\star = " + sp.latex(theory.TUNED_BOUND)


def _tuned(shape, grad_norms=1.0) -> tuple[float, float]:
    bound, base = sims.tuned_last_iterate_bound(shape, grad_norms=grad_norms)
    return float(bound), float(base)


@functools.cache
def _optimal(steps: int) -> sims.OptimalSchedule:
    """The Omega-optimal schedule for G = D = 1 (memoised: several claims read it)."""
    return sims.optimal_schedule(steps)


# ---------------------------------------------------------------------------------------------
# the bound and its closed forms


@claim(paper="refinement", source=f"{_SOURCE} §1 (Theorem 10 of arXiv 2310.07831)", provenance="paper", kind="identity")
def constant_step_closed_form(size: Size) -> Evidence:
    """For a constant step gamma the bound is D^2/(2 gamma T) + gamma G^2/2 + (gamma G^2/2) H_{T-1}
    (derived by symbolic summation of the tails, not typed), its three terms at gamma = 1/2,
    D = G = 1, T = 10 are 0.1, 0.25 and 0.7072420634920634, and the array bound agrees with the
    closed form to 1e-12 for drawn gamma, D, G and T <= 2000."""
    gamma = sp.Symbol("gamma", positive=True)
    d, g, t = theory.distance, theory.grad_norm, theory.horizon
    typed = d**2 / (2 * gamma * t) + gamma * g**2 / 2 + gamma * g**2 * sp.harmonic(t - 1) / 2
    symbolic = sp.simplify(theory.CONSTANT_STEP_BOUND - typed) == 0
    at = {gamma: sp.Rational(1, 2), d: 1, g: 1, t: 10}
    terms = sorted(float(sp.N(term.subs(at), 30)) for term in sp.Add.make_args(theory.CONSTANT_STEP_BOUND))
    reference = sorted([0.1, 0.25, 0.7072420634920634])
    term_error = max(abs(a - b) for a, b in zip(terms, reference, strict=True))
    rng = size.rng("refinement-constant")
    worst = 0.0
    closed = sp.lambdify((gamma, d, g, t), theory.CONSTANT_STEP_BOUND, modules=["mpmath"])
    for _ in range(size.pick(20, 60)):
        steps = int(rng.integers(1, 2001))
        lr, dist, norm = 10 ** rng.uniform(-3, 0), 10 ** rng.uniform(-1, 1), 10 ** rng.uniform(-1, 1)
        array = float(sims.last_iterate_bound(np.full(steps, lr), grad_norms=norm, distance=dist))
        exact = float(closed(lr, dist, norm, steps))
        worst = max(worst, abs(array - exact) / exact)
    passed = symbolic and term_error <= 1e-15 and worst <= 1e-12
    return Evidence(
        "D^2/(2 gamma T) + gamma G^2 (1 + H_{T-1})/2",
        f"terms {', '.join(f'{x:.16g}' for x in terms)}; array vs closed form {worst:.1e}",
        "symbolic; 1e-15; 1e-12",
        passed,
        f"derived: {theory.CONSTANT_STEP_BOUND}; matches the typed form: {symbolic}",
        formula=r"\Omega_T = " + sp.latex(theory.CONSTANT_STEP_BOUND),
    )


@claim(paper="refinement", source=f"{_SOURCE} §1 (base-step tuning)", provenance="paper", kind="identity")
def tuned_base_step(size: Size) -> Evidence:
    """Scaling a schedule by c gives Omega = A/c + c B, so the tuned base step is c* = sqrt(A/B) and
    Omega* = 2 sqrt(A B) (derived by sympy); a direct minimisation over c agrees for drawn shapes
    (1e-10 in Omega*, 1e-4 in c*), and for the constant step Omega* = D G sqrt((1 + H_{T-1})/T)."""
    c_ok = sp.simplify(theory.TUNED_STEP - sp.sqrt(sp.Symbol("A", positive=True) / sp.Symbol("B", positive=True))) == 0
    bound_ok = sp.simplify(theory.TUNED_BOUND - 2 * sp.sqrt(sp.Symbol("A", positive=True) * sp.Symbol("B", positive=True))) == 0
    typed_constant = theory.distance * theory.grad_norm * sp.sqrt((1 + sp.harmonic(theory.horizon - 1)) / theory.horizon)
    constant_ok = sp.simplify(theory.CONSTANT_STEP_TUNED - typed_constant) == 0
    rng = size.rng("refinement-tuning")
    bound_error = step_error = 0.0
    for _ in range(size.pick(6, 30)):
        steps = int(rng.integers(2, 300))
        shape = np.exp(rng.normal(size=steps))
        norms = np.exp(0.5 * rng.normal(size=steps))
        found = scipy.optimize.minimize_scalar(
            lambda log_c, s=shape, g=norms: float(sims.last_iterate_bound(math.exp(log_c) * s, grad_norms=g)),
            bracket=(-20.0, 0.0, 20.0),
            tol=1e-12,
        )
        omega, base = _tuned(shape, norms)
        bound_error = max(bound_error, abs(found.fun - omega) / omega)
        step_error = max(step_error, abs(math.exp(found.x) - base) / base)
    passed = c_ok and bound_ok and constant_ok and bound_error <= 1e-10 and step_error <= 1e-4
    return Evidence(
        "c* = sqrt(A/B), Omega* = 2 sqrt(AB)",
        f"direct minimisation: Omega* {bound_error:.1e}, c* {step_error:.1e}",
        "1e-10; 1e-4",
        passed,
        f"derived c* = {theory.TUNED_STEP}, Omega* = {theory.TUNED_BOUND}; constant step: {theory.CONSTANT_STEP_TUNED}",
        formula=_TUNED_LATEX,
    )


@claim(paper="refinement", source=f"{_SOURCE} §2 (reference values)", provenance="paper", kind="equality")
def reference_values(size: Size) -> Evidence:
    """At the tuned base step (D = G = 1): linear decay Omega* = 0.2648088366 (T = 60) and
    0.2036084162 (T = 100), the constant step 0.3072242326 (T = 60) and 0.2485433064 with
    c* = 0.0402344370 (T = 100), to 1e-10."""
    reference = {
        ("linear", 60): 0.2648088366,
        ("constant", 60): 0.3072242326,
        ("linear", 100): 0.2036084162,
        ("constant", 100): 0.2485433064,
    }
    rows = [("schedule", "T", "Omega* (reference)", "Omega* (measured)")]
    worst = 0.0
    for (name, steps), value in reference.items():
        omega, _ = _tuned(sims.schedule_shape(name, steps))
        worst = max(worst, abs(omega - value))
        rows.append((name, str(steps), f"{value:.10f}", f"{omega:.10f}"))
    _, base = _tuned(sims.schedule_shape("constant", 100))
    worst = max(worst, abs(base - 0.0402344370))
    return Evidence(
        "spec values",
        f"max error {worst:.1e}",
        "1e-10",
        worst <= 1e-10,
        f"constant T = 100: c* = {base:.10f}",
        table=tuple(rows),
        formula=_TUNED_LATEX,
    )


# ---------------------------------------------------------------------------------------------
# refinement


@claim(paper="refinement", source=f"{_SOURCE} §3 (refinement)", provenance="paper", kind="identity")
def refinement_with_constant_norms_is_linear(size: Size) -> Evidence:
    """With a constant gradient norm the refined schedule is linear decay: for a profile of length
    T + 1, w_t = (T + 1 - t)/T after scaling to max 1 (to the rounding bound (T + 1) u of its cumulative sum), the length-(T + 1) linear table
    ending at 0, for every horizon tried and every value of G."""
    worst = 0.0  # in units of the rounding bound of a sum of T + 1 terms, (T + 1) u with u = 2^-53
    for steps in size.pick((2, 10, 60, 1000), (2, 10, 60, 1000, 100_000)):
        for norm in (0.1, 1.0, 7.0):
            w = sims.refined_schedule(np.full(steps + 1, norm))  # w_1 .. w_{T+1}, w_{T+1} = 0
            error = max(float(np.max(np.abs(w[:steps] - sims.schedule_shape("linear", steps)))), abs(float(w[steps])))
            worst = max(worst, error / ((steps + 1) * 2.0**-53))
    return Evidence(
        "linear decay",
        f"max |w - linear| = {worst:.2f} (T + 1) u",
        "(T + 1) u",
        worst <= 1.0,
        formula=r"w_t = " + sp.latex(theory.REFINED_WEIGHT),
    )


@claim(paper="refinement", source=f"{_SOURCE} §3 (reference values)", provenance="paper", kind="equality")
def refined_beats_linear_reference(size: Size) -> Evidence:
    """For the gradient norms G_t = 1 (t <= (T + 1)/2) and 2 after, T = 100, the refined schedule's
    tuned bound is 0.25775 against linear decay's 0.32495 (5 digits, as the reference gives them)."""
    norms = sims.gradient_profile("step", 101)  # G_t = 1 for t <= (T + 1)/2, 2 after, t = 1 .. T + 1
    refined, _ = _tuned(sims.refined_schedule(norms)[:100], norms[:100])
    linear, _ = _tuned(sims.schedule_shape("linear", 100), norms[:100])
    error = max(abs(refined - 0.25775), abs(linear - 0.32495))
    return Evidence("0.25775 vs 0.32495", f"{refined:.7f} vs {linear:.7f}", "5e-6", error <= 5e-6)


@claim(
    paper="refinement",
    source=f"{_SOURCE} §3",
    provenance="relayed",
    kind="inequality",
    tightness="two-sided: refined >= the Omega-optimal schedule's bound, checked on the same draws",
)
def refined_between_optimal_and_linear(size: Size) -> Evidence:
    """Refinement pays when gradient norms vary: for drawn log-normal gradient-norm profiles the
    refined schedule's tuned bound is below linear decay's, and never below the Omega-optimal
    schedule's (which bounds every schedule from below)."""
    rng = size.rng("refinement-profiles")
    steps = size.pick(40, 100)
    rows = [("draw", "refined / linear", "optimal / refined")]
    ok = True
    for i in range(size.pick(4, 12)):
        norms = np.exp(0.5 * rng.normal(size=steps + 1))
        refined, _ = _tuned(sims.refined_schedule(norms)[:steps], norms[:steps])
        linear, _ = _tuned(sims.schedule_shape("linear", steps), norms[:steps])
        optimal = sims.optimal_schedule(steps, grad_norms=norms[:steps]).bound
        ok &= refined < linear and optimal <= refined * (1 + 1e-12)
        rows.append((str(i), f"{refined / linear:.4f}", f"{optimal / refined:.4f}"))
    ratios = [float(r[1]) for r in rows[1:]]
    return Evidence("refined < linear", f"refined/linear in [{min(ratios):.3f}, {max(ratios):.3f}]", "strict", ok, table=tuple(rows))


@claim(paper="refinement", source=f"{_SOURCE} §3 (the abstract's statement)", provenance="relayed", kind="qualitative")
def refined_shows_warmup_and_annealing(size: Size) -> Evidence:
    """For decreasing gradient-norm profiles G_t = t^-p (p = 1/4, 1/2, 1) the refined schedule warms
    up (its peak lies after the first fifth of training and w_1 < w_peak / 2 for p >= 1/2, rising
    monotonically to the peak) and anneals to 0 at the end (w_T = 0, falling over the last tenth)."""
    steps = size.pick(100, 1000)
    rows = [("p", "peak at t/T", "w_1 / w_peak", "rises to peak", "falls in last 10 %")]
    ok = True
    for p in (0.25, 0.5, 1.0):
        w = sims.refined_schedule(sims.gradient_profile(f"t^-{p:g}", steps + 1))
        peak = int(np.argmax(w))
        rises = bool(np.all(np.diff(w[: peak + 1]) > 0))
        tail = w[-(steps // 10) :]
        falls = bool(np.all(np.diff(tail) < 0)) and tail[-1] == 0.0
        warm = peak > steps / 5 and (p < 0.5 or w[0] < 0.5 * w[peak])
        ok &= rises and falls and warm
        rows.append((f"{p:g}", f"{peak / steps:.2f}", f"{w[0] / w[peak]:.3g}", str(rises), str(falls)))
    return Evidence("warm-up and annealing", "see table", "qualitative", ok, table=tuple(rows))


# ---------------------------------------------------------------------------------------------
# how far linear decay is from the best schedule for the bound


def _linear_excess(steps: int) -> float:
    linear, _ = _tuned(sims.schedule_shape("linear", steps))
    return linear / _optimal(steps).bound - 1.0


@claim(
    paper="refinement",
    source=f"{_SOURCE} §4 (the abstract's statement)",
    provenance="relayed",
    kind="equality",
    expect="refuted",
    reason=(
        "the Omega_T-optimal schedule (L-BFGS over log eta, its bound re-evaluated directly) lies 2.9 % below linear decay at "
        "T = 60 and 1.7 % at T = 100; linear decay minimises a simplified bound (refinement with constant G), not Omega_T "
        "itself, and its excess vanishes as 1/T (refinement.linear_excess_vanishes)"
    ),
)
def linear_is_omega_optimal(size: Size) -> Evidence:
    """Worst-case analysis predicts linear decay as the best schedule: no schedule has a smaller
    tuned bound Omega_T than linear decay (D = G = 1, T = 60 and 100; relative excess <= 1e-9)."""
    rows = [("T", "linear Omega*", "optimal Omega*", "excess")]
    worst = 0.0
    for steps in (60, 100):
        best = _optimal(steps)
        direct, _ = _tuned(best.shape)  # re-evaluated from the schedule, not read from the optimiser
        linear, _ = _tuned(sims.schedule_shape("linear", steps))
        worst = max(worst, linear / direct - 1.0)
        rows.append((str(steps), f"{linear:.7f}", f"{direct:.7f}", f"{linear / direct - 1:.2%}"))
    return Evidence("excess 0", f"excess {worst:.2%}", "1e-9", worst <= 1e-9, table=tuple(rows))


@claim(
    paper="refinement",
    source=f"{_SOURCE} §4",
    provenance="heuristic",
    kind="exponent",
    deviations=(
        Deviation(
            "the exponent -1",
            "none (the spec asks whether the gap vanishes)",
            "excess ~ T^-1, +- 0.05",
            "read off the local slopes (-0.95 at T = 15-30 rising to -0.995 at T = 480-960) before it was written down",
        ),
    ),
)
def linear_excess_vanishes(size: Size) -> Evidence:
    """Linear decay is asymptotically optimal for the bound: its excess over the Omega-optimal
    schedule, Omega*_linear / Omega*_opt - 1, falls as T^-1 (local slopes over T = 15 .. 240, to
    1920 in the reproduce run; -1 +- 0.05)."""
    horizons = 15 * 2 ** np.arange(size.pick(5, 8))
    excess = np.array([_linear_excess(int(t)) for t in horizons])
    details = "excess " + ", ".join(f"T={t}: {e:.2e}" for t, e in zip(horizons, excess, strict=True))
    return trend_evidence(horizons, excess, -1.0, 0.05, details)


@claim(paper="refinement", source=f"{_SOURCE} §2, §4", provenance="relayed", kind="qualitative")
def linear_tops_the_common_shapes(size: Size) -> Evidence:
    """Among the common shapes at their own tuned base steps, linear decay has the smallest bound:
    cosine's and WSD's (20 % cooldown) Omega* exceed linear's at every T from 15 to 960 (the constant
    step's from T = 30 on; at T = 15 it is below), and the constant step's ratio grows with T (the
    table adds 1/sqrt(t), below linear decay at the smallest horizons)."""
    horizons = [15, 30, 60, 120, 240, 480, 960]
    rows = [("T", "cosine / linear", "WSD 20 % / linear", "constant / linear", "1/sqrt(t) / linear (not claimed)")]
    ok, constant_ratios = True, []
    for steps in horizons:
        linear, _ = _tuned(sims.schedule_shape("linear", steps))
        ratios = [_tuned(sims.schedule_shape(name, steps))[0] / linear for name in ("cosine", "wsd:0.2", "constant", "inverse_power:0.5")]
        ok &= ratios[0] > 1 and ratios[1] > 1 and (steps < 30 or ratios[2] > 1)
        constant_ratios.append(ratios[2])
        rows.append((str(steps), *(f"{r:.4f}" for r in ratios)))
    ok &= bool(np.all(np.diff(constant_ratios) > 0))
    return Evidence("linear smallest", "see table", "qualitative", ok, table=tuple(rows))


# ---------------------------------------------------------------------------------------------
# Monte Carlo


def _drawn_schedules(size: Size, steps: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The common shapes and three drawn positive schedules, each at its tuned base step: names,
    step sizes (schedules, T) and the bounds Omega* (schedules,)."""
    rng = size.rng("refinement-drawn")
    shapes = {name: sims.schedule_shape(name, steps) for name in COMMON_SHAPES}
    for i in range(3):
        shapes[f"drawn {i}"] = np.exp(rng.normal(size=steps))
    tuned = [_tuned(s) for s in shapes.values()]
    lr = np.stack([base * s for s, (_, base) in zip(shapes.values(), tuned, strict=True)])
    return list(shapes), lr, np.array([bound for bound, _ in tuned])


@functools.cache
def _monte_carlo(size: Size) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Names, step sizes, Omega*, and the seed mean and SE of f(x_T) - f* (shared by two claims)."""
    steps = size.pick(30, 100)
    names, lr, bounds = _drawn_schedules(size, steps)
    samples = sims.monte_carlo_suboptimality(size.key("refinement-mc"), lr, dim=MC_DIM, seeds=size.pick(2000, 20_000))
    mean, se = mean_and_se(samples)
    return names, lr, bounds, mean, se


@claim(
    paper="refinement",
    source=f"{_SOURCE} §6 (Theorem 10 of arXiv 2310.07831)",
    provenance="paper",
    kind="inequality",
    tightness="refinement.monte_carlo_matches_mean_field",
)
def monte_carlo_below_bound(size: Size) -> Evidence:
    """SGD on f(x) = E|a^T (x - x*)| (a ~ N(0, I/d), d = 100, G = D = 1) stays below the bound: for
    the common shapes and three drawn schedules at their tuned base steps, the seed mean of
    f(x_T) - f* is at most Omega_T (one-sided, z <= 4; T = 30, 2000 seeds; T = 100, 20 000 seeds in
    the reproduce run)."""
    names, _, bounds, mean, se = _monte_carlo(size)
    z = z_scores(mean, se, bounds, side="below")
    ratio = mean / bounds
    rows = [("schedule", "Omega*", "Monte Carlo mean", "ratio")]
    rows += [(n, f"{b:.4f}", f"{m:.5f} +- {s:.1e}", f"{r:.3f}") for n, b, m, s, r in zip(names, bounds, mean, se, ratio, strict=True)]
    return Evidence(
        "mean <= Omega_T",
        f"max z {z.max():.1f}; mean/Omega in [{ratio.min():.3f}, {ratio.max():.3f}]",
        f"z <= {Z_LIMIT:g}",
        bool(np.all(z <= Z_LIMIT)),
        table=tuple(rows),
        formula=_BOUND_LATEX,
    )


@claim(
    paper="refinement",
    source=f"{_SOURCE} §6",
    provenance="reconstructed",
    kind="equality",
    deviations=(
        Deviation(
            "the resolution",
            "none (a claim of this project)",
            "|mean - prediction| <= 4 SE + 1 % of the prediction",
            "the mean-field limit neglects fluctuations of relative size O(1/d); 1 % was set after seeing gaps of 0.1 % at d = 100",
        ),
    ),
)
def monte_carlo_matches_mean_field(size: Size) -> Evidence:
    """The Monte Carlo suboptimality agrees with its large-d limit, the deterministic recursion
    r_{t+1}^2 = r_t^2 - 2 eta_t sqrt(2/pi) r_t / sqrt(d) + eta_t^2 (so a simulator that makes SGD too
    good fails here), for the same schedules and seeds as monte_carlo_below_bound."""
    names, lr, _, mean, se = _monte_carlo(size)
    predicted = sims.mean_field_suboptimality(lr, dim=MC_DIM)
    z = z_scores(mean, se, predicted, resolution=0.01)
    gap = np.abs(mean / predicted - 1)
    return Evidence(
        "mean-field limit", f"max z {z.max():.2f}; max relative gap {gap.max():.2%}", f"z <= {Z_LIMIT:g} (+1 %)", bool(np.all(z <= Z_LIMIT))
    )


# ---------------------------------------------------------------------------------------------
# the exact worst case (PEP)


@functools.cache
def _worst_cases(size: Size) -> tuple[tuple[str, int, float, float], ...]:
    """(shape, T, Omega*, PEP worst case) for the common shapes at their own tuned base steps."""
    rows = []
    for name in COMMON_SHAPES:
        for steps in size.pick((4, 8, 12), (4, 8, 12, 16, 21)):
            shape = sims.schedule_shape(name, steps)
            bound, base = _tuned(shape)
            rows.append((name, steps, bound, worst_case_last_iterate(base * shape)))
    return tuple(rows)


def _worst_case_table(rows) -> tuple:
    header = ("schedule", "T", "Omega*", "worst case (PEP)", "Omega / worst")
    return (header, *((n, str(t), f"{b:.6f}", f"{w:.6f}", f"{b / w:.3f}") for n, t, b, w in rows))


@claim(
    paper="refinement",
    source=f"{_SOURCE} §5 (Theorem 10 of arXiv 2310.07831; PEP, arXiv 1502.05666)",
    provenance="paper",
    kind="inequality",
    tightness="refinement.bound_within_factor_of_worst_case",
)
def worst_case_below_bound(size: Size) -> Evidence:
    """The exact worst case of the last iterate over convex 1-Lipschitz functions (performance
    estimation, solved by Clarabel) is at most Omega_T for the common shapes at their tuned base steps,
    T = 4, 8, 12 (to 21 in the reproduce run); the solver's accuracy allows 1e-6 relative."""
    rows = _worst_cases(size)
    excess = max(w / b - 1 for _, _, b, w in rows)
    return Evidence(
        "worst <= Omega", f"max worst/Omega - 1 = {excess:.3f}", "1e-6", excess <= 1e-6, table=_worst_case_table(rows), formula=_BOUND_LATEX
    )


@claim(
    paper="refinement",
    source=f"{_SOURCE} §5",
    provenance="heuristic",
    kind="inequality",
    tightness="refinement.worst_case_below_bound",
    deviations=(
        Deviation(
            "the factor 2.5",
            "none (the spec reports ratios of 1.70 to 2.23 for t <= 21, convention unstated)",
            "Omega / worst case <= 2.5",
            "set after seeing a maximum of 2.39 (cosine, T = 4) with the base step tuned for each T; the spec's 1.70-2.23 "
            "could not be reproduced (with the base step tuned for T = 60 and truncated to t <= 21 the ratios span 1.70-4.93)",
        ),
    ),
)
def bound_within_factor_of_worst_case(size: Size) -> Evidence:
    """The bound is tight up to a small factor: Omega_T is at most 2.5 times the exact worst case
    for every common shape and T of worst_case_below_bound."""
    rows = _worst_cases(size)
    ratio = max(b / w for _, _, b, w in rows)
    return Evidence("Omega / worst <= 2.5", f"max {ratio:.3f}", "2.5", ratio <= 2.5, f"min {min(b / w for _, _, b, w in rows):.3f}")


@claim(paper="refinement", source=f"{_SOURCE} §5 (reference values)", provenance="paper", kind="equality")
def worst_case_reference_values(size: Size) -> Evidence:
    """With the base step tuned for T = 60, the 1/sqrt(t) schedule's worst case at t = 6 is 0.432685
    with the bound's indices (eta_1..eta_5) and 0.459273 with the shifted ones (eta_2..eta_6); linear
    decay tuned for T = 60 has worst case 0.1294468 at t = 60 (reproduce run only: ~40 s), each to
    2e-6 relative (the references' 6-7 digits)."""
    shape = sims.schedule_shape("inverse_power:0.5", 60)
    _, base = _tuned(shape)
    values = {"1/sqrt(t), t = 6": (worst_case_last_iterate(base * shape[:6]), 0.432685)}
    values["shifted indices"] = (worst_case_last_iterate(base * shape[1:7]), 0.459273)
    if not size.quick:
        linear = sims.schedule_shape("linear", 60)
        values["linear, t = 60"] = (worst_case_last_iterate(_tuned(linear)[1] * linear), 0.1294468)
    error = max(abs(m / r - 1) for m, r in values.values())
    measured = "; ".join(f"{k}: {m:.7f} (ref {r})" for k, (m, r) in values.items())
    return Evidence("spec values", measured, "2e-6", error <= 2e-6, f"max relative error {error:.1e}")
