"""Evidence builders shared by the claims of every paper that runs on :mod:`sims.linreg`
(the engine's own claims, the momentum paper, the anytime paper): each takes the problem and the
configurations to check and returns :class:`~checks.registry.Evidence`."""

from __future__ import annotations

import math

import numpy as np

from paperchecks.checks.registry import Evidence, Size
from paperchecks.sims.linreg import Problem, exact_risk, monte_carlo_risk
from paperchecks.sims.statistics import Z_LIMIT, z_scores

__all__ = [
    "batch_monotonicity_violation",
    "bias_variance_split",
    "jensen_violation",
    "monte_carlo_agreement",
    "random_stable_configs",
    "relative_error",
    "second_half_growth",
]


def second_half_growth(problem: Problem, *, lr: float, batch, steps: int, method: str = "sgd", **hyper) -> float:
    """Per-step growth factor (L_T / L_{T/2})^(1/(T - T/2)) of the exact risk: below 1 where the
    recursion contracts, above 1 where it expands (inf if the run blew up before T/2); for a long
    enough run it is the spectral radius rho* of the second-moment operator. Measured on the
    recursion itself, not read from ``diverged``, whose expansion test is what the stability claims
    check.

    Reference: docs/papers/momentum.md §4.3, docs/papers/anytime.md §5.1 (the stability boundary).

    Args:
        problem: the problem.
        lr: the constant step.
        batch: the batch size.
        steps: T.
        method: ``"sgd"``, ``"hb"`` or ``"asgd"``.
        hyper: ``momentum`` and ``alpha`` of HB and ASGD.

    Returns:
        The per-step growth factor.
    """
    curve = exact_risk(problem, method, lr=lr, **hyper, batch=batch, steps=steps, record=np.array([steps // 2, steps]))
    return math.inf if curve.risk.size < 2 else (curve.risk[-1] / curve.risk[0]) ** (1.0 / (steps - steps // 2))


def relative_error(measured, predicted) -> float:
    """max |measured - predicted| / |predicted| (inf on a shape mismatch, e.g. a cut curve).

    Reference: docs/design.md, "A claim" (``equality`` claims, relative tolerance).

    Args:
        measured: the measured array.
        predicted: the predicted array.

    Returns:
        The relative error.
    """
    measured, predicted = np.asarray(measured, float), np.asarray(predicted, float)
    if measured.shape != predicted.shape:
        return math.inf
    return float(np.max(np.abs(measured - predicted) / np.maximum(np.abs(predicted), np.finfo(float).tiny)))


def random_stable_configs(size: Size, tag: str, problem: Problem):
    """Hyperparameters well inside the mean-square stable region of each method (B >= 1).

    eta_eff = eta/(1-beta) < 2B/tr(H) is necessary (docs/papers/momentum.md §5.2-5.3) but not sufficient;
    eta_eff tr(H) <= 0.9 keeps the secular stability condition F(1) < 1 (§4.3) for B = 1 on the
    power-law spectra used here, hence (batch monotonicity) for every B.

    Args:
        size: the run :class:`Size`.
        tag: the PRNG tag.
        problem: the problem.

    Returns:
        ``{method: (lr, momentum, alpha)}``.
    """
    rng = size.rng(tag)
    trace = float(np.sum(problem.eigenvalues))
    configs = []
    for _ in range(size.pick(2, 4)):
        eff = rng.uniform(0.05, 0.45) * 2.0 / trace
        beta = rng.uniform(0.2, 0.8)
        alpha = rng.uniform(0.0, 0.5) * eff
        configs += [
            ("sgd", {"lr": eff}),
            ("hb", {"lr": eff * (1 - beta), "momentum": beta}),
            ("asgd", {"lr": (eff - alpha) * (1 - beta), "momentum": beta, "alpha": alpha}),
        ]
    return configs


def monte_carlo_agreement(size: Size, tag: str, problem: Problem, configs, *, batches, averagings, steps, seeds, record) -> Evidence:
    """max |MC mean - exact| / SE over methods, batches, averagings and recorded steps <= 4.

    Reference: docs/papers/momentum.md §4.4 (the Monte Carlo counterpart), §7; docs/design.md, "A claim".

    Args:
        size: the run :class:`Size`.
        tag: the PRNG tag.
        problem: the problem.
        configs: ``{method: (lr, momentum, alpha)}``.
        batches: the batch sizes.
        averagings: the averaging rules.
        steps: T.
        seeds: the Monte Carlo seeds.
        record: the recorded steps.

    Returns:
        The :class:`Evidence`.
    """
    worst, where, diverged = 0.0, "", False
    for batch in batches:
        for method, hyper in configs:
            for averaging in averagings:
                kw = dict(batch=batch, steps=steps, averaging=averaging, record=record)
                exact = exact_risk(problem, method, **hyper, **kw)
                mc = monte_carlo_risk(problem, method, **hyper, **kw, seeds=seeds, key=size.key(f"{tag}-{method}-{batch}-{averaging}"))
                diverged |= exact.diverged or mc.diverged
                n = min(exact.risk.size, mc.mean.size)
                # float64 resolution floor for records where the seed spread vanishes
                z = z_scores(mc.mean[:n], mc.se[:n], exact.risk[:n], resolution=1e-12)
                if z.max() > worst:
                    worst, where = float(z.max()), f"{method} B={batch} {averaging} t={int(np.asarray(record)[int(z.argmax())])}"
    details = f"max |z| = {worst:.2f} at {where}; {seeds} seeds, {steps} steps, B in {tuple(batches)}"
    return Evidence(f"|z| <= {Z_LIMIT:g}", worst, f"{Z_LIMIT:g} SE", worst <= Z_LIMIT, details, diverged)


def jensen_violation(problem: Problem, configs, *, batches, steps) -> Evidence:
    """E L_t(B) >= L_t(full batch) at every step (docs/papers/momentum.md §5.5); measured = worst relative violation.

    Args:
        problem: the problem.
        configs: ``{method: (lr, momentum, alpha)}``.
        batches: the finite batch sizes.
        steps: T.

    Returns:
        The :class:`Evidence`.
    """
    worst, diverged = -math.inf, False
    for method, hyper in configs:
        full = exact_risk(problem, method, **hyper, batch=math.inf, steps=steps)
        for batch in batches:
            stochastic = exact_risk(problem, method, **hyper, batch=batch, steps=steps)
            diverged |= stochastic.diverged or full.diverged
            n = min(stochastic.risk.size, full.risk.size)
            worst = max(worst, float(np.max((full.risk[:n] - stochastic.risk[:n]) / full.risk[:n])))
    details = f"max relative violation {worst:.2e} over {len(configs)} configs x B in {tuple(batches)}"
    return Evidence("E L_t(B) >= L_t(inf)", worst, 1e-12, worst <= 1e-12, details, diverged)


def batch_monotonicity_violation(problem: Problem, configs, *, steps, batches=(1, 2, 4, 8, 16, 64, math.inf)) -> Evidence:
    """E L_t(B) non-increasing in B at fixed hyperparameters (docs/papers/momentum.md §5.5); measured = worst
    relative increase from one batch size to the next.

    Args:
        problem: the :class:`sims.problem.Problem`.
        configs: ``{method: (lr, momentum, alpha)}``.
        steps: T.
        batches: the increasing batch sizes.

    Returns:
        The :class:`Evidence`.
    """
    worst, diverged = -math.inf, False
    for method, hyper in configs:
        curves = [exact_risk(problem, method, **hyper, batch=b, steps=steps) for b in batches]
        diverged |= any(c.diverged for c in curves)
        for small, large in zip(curves, curves[1:], strict=False):
            n = min(small.risk.size, large.risk.size)
            worst = max(worst, float(np.max((large.risk[:n] - small.risk[:n]) / small.risk[:n])))
    details = f"max relative increase {worst:.2e}; B in {tuple(batches)}"
    return Evidence("E L_t(2B) <= E L_t(B)", worst, 1e-12, worst <= 1e-12, details, diverged)


def bias_variance_split(problem: Problem, runs, *, steps: int) -> Evidence:
    """total(sigma^2, e_0) = bias(sigma = 0, e_0) + variance(sigma^2, e_0 = 0) to 1e-12 relative
    (docs/papers/anytime.md §2.4: the error is linear in (e_0, noise) and the cross term has mean zero).
    ``runs`` holds (method, exact_risk keyword arguments) pairs, averaging included.

    Args:
        problem: the problem (with sigma^2 > 0).
        runs: the runs to split.
        steps: T.

    Returns:
        The :class:`Evidence`.
    """
    worst = 0.0
    for method, kw in runs:
        total = exact_risk(problem, method, **kw, steps=steps)
        bias = exact_risk(problem.replace(noise_var=0.0), method, **kw, steps=steps)
        var = exact_risk(problem.replace(init_sq=np.zeros(problem.dim)), method, **kw, steps=steps)
        worst = max(worst, relative_error(bias.risk + var.risk, total.risk))
    labels = sorted({f"{m}/{kw.get('averaging', 'none')}" for m, kw in runs})
    return Evidence("bias + variance = total", worst, 1e-12, worst <= 1e-12, ", ".join(labels))
