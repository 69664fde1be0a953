"""Reliability (issue 21, first part): sizes refused before anything is compiled, validation of
entry points that used to return NaN or a wrong answer silently, and a command line that shows no
traceback for a user error, an interrupt or an internal error."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from paperchecks import cli
from paperchecks.sims import anytime, attention, lion, lmo, momentum, spt_task
from paperchecks.sims.linreg import Problem, exact_risk, iterations_to_target, monte_carlo_risk
from paperchecks.sims.validation import MAX_STEPS
from paperchecks.theory import anytime as anytime_theory
from paperchecks.theory import lmo as lmo_theory

P = Problem([1.0], [1.0])


@pytest.mark.parametrize("steps", [2**31 + 10, 2**62, 10**12])
def test_step_counts_past_the_int32_counter_are_refused(steps):
    """exact_risk(steps = 2**31 + 10) returned 0.0 with diverged False (the counter wrapped)."""
    with pytest.raises(ValueError, match=rf"^steps must be an integer in \[1, {MAX_STEPS}\]"):
        exact_risk(P, "sgd", lr=0.1, batch=float("inf"), steps=steps)
    with pytest.raises(ValueError, match="^steps must be"):
        monte_carlo_risk(P, "sgd", lr=0.1, steps=steps, seeds=2, key=jax.random.key(0))
    with pytest.raises(ValueError, match="^max_steps must be"):
        iterations_to_target(P, "sgd", lr=0.1, target=0.5, max_steps=steps)


def test_allocations_that_cannot_fit_are_refused_before_compiling():
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"^batch must be small enough .* GiB"):
        monte_carlo_risk(P, "sgd", lr=0.1, batch=2**40, steps=2, seeds=2, key=jax.random.key(0))
    with pytest.raises(ValueError, match=r"^steps must be"):
        lion.run_discrete(lambda x: x, np.zeros(3), lr=0.1, beta1=0.9, beta2=0.99, weight_decay=0.0, steps=2**62)
    with pytest.raises(ValueError, match=r"^shape must be small enough"):
        attention.bernoulli_mask(jax.random.key(0), (2**62,), 0.25)
    with pytest.raises(ValueError, match=r"^horizon must be an integer in \[1, 10000000\]"):
        anytime_theory.equivalent_decaying_schedule(0.5, 2**62)
    assert time.perf_counter() - start < 30  # refused up front, not after an allocation attempt


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"batch": -4.0}, "batch"),
        ({"lr": -1.0}, "lr"),
        ({"lr": 0.0}, "lr"),
        ({"momentum": 1.0}, "momentum"),
        ({"steps": 0.5}, "steps"),
        ({"sigma": float("nan")}, "sigma"),
        ({"lr": 1 + 1j}, "lr"),
        ({"batch": "8"}, "batch"),
    ],
)
def test_lmo_bound_validates_its_arguments(kwargs, name):
    """theory.lmo.bound returned nan (batch -4), a negative bound (lr -1) or raised ZeroDivisionError."""
    args = {"lr": 1e-3, "momentum": 0.9, "batch": 8.0, "steps": 1e4, "delta": 1.0, "L": 1.0, "sigma": 1.0} | kwargs
    with pytest.raises(ValueError, match=f"^{name} must be"):
        lmo_theory.bound(args.pop("lr"), args.pop("momentum"), args.pop("batch"), args.pop("steps"), **args)


def test_unknown_tuned_kind_is_refused():
    """tuned_at(kind="Cosine") silently used linear decay."""
    with pytest.raises(ValueError, match="^kind must be one of"):
        anytime.tuned_at(Problem.power_law(10, capacity=2.0, source=3.0), 16, "Cosine", [0.5])


# --- the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["figures", "--paper", "lion", "--out", "/dev/null/figs"],
        ["reproduce", "--paper", "lion", "--report", "/tmp"],
        ["reproduce", "--paper", "lion", "--out", "/dev/null/figs"],
        ["check", "--paper", "lion", "--coordinator", "garbage", "--processes", "2", "--process-id", "0"],
        ["check", "--paper", "lion", "--coordinator", "host:99999", "--processes", "2", "--process-id", "0"],
    ],
    ids=["unwritable-out", "report-is-a-folder", "reproduce-unwritable-out", "coordinator-garbage", "coordinator-port"],
)
def test_bad_paths_and_coordinators_exit_2_before_any_work(argv, capsys):
    start = time.perf_counter()
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("paperchecks: error: --"), err
    assert time.perf_counter() - start < 10


def test_overflowing_schedule_constants_give_one_line(capsys):
    """`schedule ... --constants 1e308 ...` printed a 55-line OverflowError."""
    argv = ["schedule", "lmo", "--regime", "R4", "--tokens", "1e9", "--delta", "1", "--L", "1", "--sigma", "1", "--constants"]
    assert cli.main([*argv, *["1e308"] * 4]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("paperchecks: error: constants[0] (A0) must be"), err


def test_an_internal_error_prints_one_line_and_logs_the_traceback(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_cmd_list", broken)
    assert cli.main(["list"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("paperchecks: internal error: RuntimeError: boom (traceback in ")
    log = line.rsplit("traceback in ", 1)[1].rstrip(")")
    with open(log) as handle:
        assert "Traceback" in handle.read()
    os.remove(log)


def test_ctrl_c_inside_a_garbage_collection_callback_still_interrupts(monkeypatch, capsys):
    """Ctrl-C that lands in a gc callback (JAX runs one at every collection) was printed as
    "Exception ignored in ..." with a traceback and lost: the run went on and exited 0 (the Ctrl-C
    test below, on a loaded machine, 2026-12-06). It must end the command like any Ctrl-C."""
    fired = []

    def callback(phase, info):
        if not fired:
            fired.append(phase)
            raise KeyboardInterrupt

    def command(args):
        gc.callbacks.append(callback)
        try:
            gc.collect()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:  # the interrupt, delivered again, ends this loop
                time.sleep(0.01)
            return 0
        finally:
            gc.callbacks.remove(callback)

    monkeypatch.setattr(cli, "_cmd_list", command)
    # a suite started in the background (`cmd &`) runs with SIGINT ignored, and then
    # `_thread.interrupt_main` delivers nothing: Ctrl-C's handler as in a terminal
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert cli.main(["list"]) == 130
    finally:
        signal.signal(signal.SIGINT, previous)
    assert fired
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["paperchecks: interrupted"], err


def test_ctrl_c_prints_one_line_exits_130_and_leaves_no_partial_file(tmp_path):
    report = tmp_path / "paper_checks.md"
    argv = ["paperchecks", "reproduce", "--size", "quick", "--paper", "linreg", "--report", str(report), "--out", str(tmp_path)]
    # as from a terminal: a suite started in the background (`cmd &`) passes on an ignored SIGINT, and
    # Python then installs no KeyboardInterrupt handler, so the child installs it itself
    code = (
        "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        f"sys.argv = {argv!r}; runpy.run_module('paperchecks.cli', run_name='__main__')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    # past the imports, inside the claims: after the first claim's progress line (a fixed wait could
    # end during the imports on a loaded machine)
    for line in iter(proc.stderr.readline, ""):
        if line.startswith("[1/"):
            break
    else:
        pytest.fail(f"the command ended (exit {proc.wait()}) before its first progress line")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "paperchecks: interrupted" and "Traceback" not in err
    assert not report.exists() and not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: __import__("paperchecks").sims.methods.kidambi_to_momentum(1e308), "lr"),
        (lambda: attention.band_direction(8, width=-1), "width"),
        (lambda: attention.sinusoidal_pe(8, 4, base=0.0), "base"),
        (lambda: attention.sinusoidal_pe(8, 4, base=-2.0), "base"),
        (lambda: spt_task.init_params(jax.random.key(0), qk_scale=float("nan")), "qk_scale"),
        (lambda: spt_task.proximity_alignment(np.zeros((spt_task.LENGTH, spt_task.LENGTH))), "g"),
        (lambda: spt_task.score_gradient(_SPT_PARAMS, "cls", count=-3), "count"),
        (lambda: spt_task.score_gradient(_SPT_PARAMS, "cls", count=0), "count"),
        (lambda: spt_task.train(_SPT_PARAMS, "cls", 0, seeds=[0]), "steps"),
        (lambda: spt_task.train(_SPT_PARAMS, "cls", 2, seeds=[0], frozen=("Wqq",)), "frozen"),
        (lambda: momentum.half_ce_batch([1, 2, 4], [0.1, float("nan"), 0.05]), "gaps"),
        (lambda: momentum.tuned_iterations(P, "sgd", 1, target=0.5, lr=np.full((3, 2), 0.1)), "lr"),
        (lambda: exact_risk(P, "sgd", lr=lambda k: 0.1 + 1j * k, steps=5), "lr"),
        (lambda: exact_risk(P, "sgd", lr=np.full(5, 0.1 + 0.1j), steps=5), "lr"),
        (lambda: Problem.power_law(10, capacity=1e308, source=1.0), "capacity"),
        (
            lambda: lmo_theory.optimal_hyperparameters("R4", budget=1e9, delta=1, L=1, sigma=1, constants=(1e308,) * 4),
            r"constants\[0\] \(A0\)",
        ),
        (lambda: lmo_theory.optimal_hyperparameters("R4", budget=1e9, delta=1, L=1, sigma=1e308), "sigma"),
        (lambda: momentum.tuned_gap([1.0, 0.1], "sgd", 1, grid=momentum.TuningGrid(lr=(-1.0, 1.0))), r"grid\.lr"),
        (lambda: attention.label_loss(np.full((8, 8), np.nan), *_LABEL_PROBLEM), "scores"),
        (lambda: _solve(x0=[np.nan, 0.0]), "x0"),
        (lambda: _solve(m0=[np.inf, 0.0]), "m0"),
        (lambda: _solve(ts=[0.0, 1e308]), "ts"),
        (lambda: _solve(max_steps=1), "max_steps"),
        (lambda: _solve(max_steps=np.int64(5)), "max_steps"),
        (lambda: _solve(rtol=float("nan")), "rtol"),
        (lambda: _solve(rtol=0.0), "rtol"),
        (lambda: _solve(atol=-1.0), "atol"),
        (lambda: _solve(atol=float("inf")), "atol"),
        (lambda: _solve(gamma=1e12), "gamma"),
        (lambda: momentum.contraction_gap([1.0, 0.5], "sgd", lr=1e308), "lr"),
        (lambda: momentum.contraction_gap([1e308, 0.5], "sgd", lr=1e-300), "eigenvalues"),
        (lambda: lmo.simulate(_LMO_PROBLEM, "l2", lr=1e308, momentum=0.9, batch=2, steps=5, seeds=2, key=jax.random.key(0)), "lr"),
        (lambda: lmo.simulate(_LMO_PROBLEM, "l2", lr=0.1, momentum=0.9, batch=2, steps=5, seeds=2**62, key=jax.random.key(0)), "seeds"),
        (lambda: Problem.power_law(2**62, capacity=1.5, source=1.0), "d"),
        (lambda: lmo_theory.optimal_hyperparameters("R4", budget=1e9, delta=1, L=1, sigma=1, constants=0), "constants"),
        (lambda: lmo_theory.optimal_hyperparameters(np.array([1.0, 2.0]), budget=1e9, delta=1, L=1, sigma=1), "regime"),
        (lambda: exact_risk(P, np.array([1.0, 2.0]), lr=0.1, steps=5), "method"),
        (lambda: attention.label_problem(np.random.default_rng(0), jax.random.key(0), length=2**40, count=4), "length"),
    ],
    ids=[
        "kidambi-overflow",
        "band-width",
        "pe-base-0",
        "pe-base-negative",
        "qk-scale-nan",
        "alignment-of-zeros",
        "score-count-negative",
        "score-count-zero",
        "train-zero-steps",
        "train-unknown-frozen",
        "half-ce-nan-gap",
        "tuned-iterations-2d-grid",
        "complex-schedule",
        "complex-lr-table",
        "power-law-capacity-overflow",
        "lmo-constants-overflow",
        "lmo-sigma-overflow",
        "tuned-gap-negative-grid-lr",
        "label-loss-nan-scores",
        "ode-nan-x0",
        "ode-inf-m0",
        "ode-unreachable-horizon",
        "ode-one-step",
        "ode-numpy-int-steps",
        "ode-nan-rtol",
        "ode-zero-rtol",
        "ode-negative-atol",
        "ode-inf-atol",
        "ode-stiff-gamma",
        "gap-lr-overflow",
        "gap-eigenvalue-overflow",
        "lmo-lr-overflow",
        "lmo-seeds-huge",
        "power-law-d-huge",
        "lmo-constants-scalar",
        "lmo-regime-array",
        "method-array",
        "label-problem-length-huge",
    ],
)
def test_inputs_that_used_to_give_nan_or_a_wrong_answer_are_refused(call, name):
    with pytest.raises(ValueError, match=f"^{name} must be"):
        call()


_SPT_PARAMS = None
_LABEL_PROBLEM = attention.label_problem(np.random.default_rng(0), jax.random.key(0), 8, 4)
_LMO_PROBLEM = lmo.NoisyQuadratic.diagonal([0.5, 1.0], start=1.0)


def _solve(**changes):
    """solve_continuous on the plane quadratic with one argument changed."""
    from paperchecks.sims.lion_problems import plane_quadratic

    kw = dict(x0=[0.5, 0.5], m0=[0.0, 0.0], alpha=1.0, gamma=1.0, weight_decay=0.5, eps=0.5, K="logcosh0.05", ts=[0.0, 1.0]) | changes
    return lion.solve_continuous(plane_quadratic().grad, kw.pop("x0"), kw.pop("m0"), **kw)


@pytest.fixture(autouse=True, scope="module")
def _spt_params():
    global _SPT_PARAMS
    _SPT_PARAMS = spt_task.init_seeds([0])
    yield


def test_contraction_gap_terminates_where_its_loop_condition_sits_on_a_rounding_boundary():
    """This unstable ASGD configuration at B = inf never returned in the vmapped path (the loop
    condition and its per-lane copy disagreed); run in a subprocess so that a hang fails, not hangs."""
    code = (
        "from paperchecks.sims.momentum import contraction_gap\n"
        "kw = dict(momentum=0.4740352155798625, alpha=1.296506096414679, batch=float('inf'))\n"
        "one = contraction_gap([1, .5, .25], 'asgd', lr=1.0369748175144196, **kw)\n"
        "grid = contraction_gap([1, .5, .25], 'asgd', lr=[1.0369748175144196] * 3, **kw)\n"
        "assert abs(one + 5.205172938238377e-08) < 1e-15 and all(abs(g - one) < 1e-15 for g in grid), (one, grid)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


# --- one divergence rule (sims.divergence) -------------------------------------------------------

POWER = Problem.power_law(50, capacity=1.5, source=1.0, noise_var=1.0)


def stability_limit_for(lam, method, momentum, alpha_ratio, batch):
    from paperchecks.testing.strategies import stability_limit

    return stability_limit(lam, method, momentum=momentum, alpha_ratio=alpha_ratio, batch=batch)


def _limit(method, momentum=0.0, batch=1):
    return stability_limit_for(np.asarray(POWER.eigenvalues), method, momentum, 0.0, batch)


@pytest.mark.parametrize(
    ("method", "momentum", "batch", "factor", "diverged"),
    [
        ("sgd", 0.0, 1, 1.02, True),  # grew 2.2 -> 2.5e4 over 2000 steps unflagged (1e12 rule)
        ("hb", 0.9, 1, 1.2, True),  # reached 1.9e12, under 1e12 x the start, unflagged
        ("sgd", 0.0, 1, 0.98, False),  # noise lifts the risk 6x above its start, yet it is stable
        ("hb", 0.99, float("inf"), 0.99, False),  # a stable non-normal transient grows 4.5x in an octave
    ],
)
def test_exact_recursion_flags_expanding_configurations_and_only_those(method, momentum, batch, factor, diverged):
    curve = exact_risk(POWER, method, lr=factor * _limit(method, momentum, batch), momentum=momentum, batch=batch, steps=2000)
    assert curve.diverged is diverged
    assert np.all(np.isfinite(curve.risk))


@pytest.mark.parametrize("factor", [1.2, 0.9])
def test_exact_and_monte_carlo_agree_on_divergence(factor):
    """Monte Carlo SGD at 1.2x peaked at 2e11 and came back to 1.25e10 unflagged while the exact
    recursion said diverged; both now judge the configuration, not their sampled values."""
    lr = factor * _limit("sgd")
    exact = exact_risk(POWER, "sgd", lr=lr, steps=2000)
    mc = monte_carlo_risk(POWER, "sgd", lr=lr, steps=2000, seeds=16, key=jax.random.key(0))
    assert exact.diverged == mc.diverged == (factor > 1)
    assert np.all(np.isfinite(mc.mean)) and np.all(np.isfinite(mc.se))


@pytest.mark.parametrize("method", ["sgd", "hb", "asgd"])
def test_expansion_test_is_the_sign_of_the_contraction_gap(method):
    """The divergence rule reads rho* > 1 from one evaluation of the secular function; it must agree
    with the root finder's gap on every side of the stability limit, for finite and full batches."""
    from paperchecks.sims.stability import second_moment_expands

    lam = np.asarray(POWER.eigenvalues)
    rng = np.random.default_rng(0)
    for batch in (1, 8, float("inf")):
        beta = 0.0 if method == "sgd" else float(rng.uniform(0.3, 0.99))
        ratio = 0.0 if method != "asgd" else 0.2
        limit = stability_limit_for(lam, method, beta, ratio, batch)
        for factor in (0.3, 0.9, 0.999, 1.001, 1.1, 3.0):
            eta = factor * limit
            gap = momentum.contraction_gap(lam, method, lr=eta, momentum=beta, alpha=ratio * eta, batch=batch)
            with jax.enable_x64(True):
                expands = bool(second_moment_expands(method, jnp.asarray(lam), eta, 1.0 - beta, ratio * eta, 1.0 / batch))
            assert expands == (gap < 0), (batch, factor, gap)


def test_divergence_flag_is_the_same_under_vmap():
    limit = _limit("sgd")
    lrs = np.array([0.5, 0.98, 1.02, 1.2]) * limit
    with jax.enable_x64(True):
        traced = jax.vmap(lambda lr: exact_risk(POWER, "sgd", lr=lr, steps=500).diverged)(lrs)
    assert list(np.asarray(traced)) == [exact_risk(POWER, "sgd", lr=float(lr), steps=500).diverged for lr in lrs]


def test_contraction_gap_is_negative_where_unstable_and_gives_the_growth_rate():
    """The docstring said 0 where unstable; it is 1 - rho*, and rho* is the measured growth."""
    lam = np.asarray(POWER.eigenvalues)
    lr = 1.2 * _limit("sgd")
    gap = momentum.contraction_gap(lam, "sgd", lr=lr)
    noise_free = Problem(lam, POWER.init_sq, noise_var=0.0)
    risk = exact_risk(noise_free, "sgd", lr=lr, steps=200).risk
    assert gap < 0
    assert 1.0 - gap == pytest.approx(risk[-1] / risk[-2], rel=1e-6)


def test_lion_trajectories_are_cut_at_non_finite_rows_and_flagged():
    """run_discrete(lr = .1, weight_decay = 25) returned 257 of 2001 rows NaN/inf with no flag."""
    args = dict(lr=0.1, beta1=0.9, beta2=0.99, steps=2000)
    grown = lion.run_discrete(lambda x: x, np.ones(3), weight_decay=25.0, **args)
    assert grown.diverged and np.all(np.isfinite(grown.x)) and np.all(np.isfinite(grown.m))
    expanding = lion.run_discrete(lambda x: x, np.ones(3), weight_decay=25.0, **{**args, "steps": 10})
    assert expanding.diverged and expanding.x.shape[0] == 11  # eta lambda = 2.5 > 2: still finite, expanding
    nan = lion.run_discrete(lambda x: x * np.nan, np.ones(3), weight_decay=0.5, **args)
    assert nan.diverged and nan.x.shape[0] == 1
    healthy = lion.run_discrete(lambda x: x, np.ones(3), weight_decay=2.0, **args)
    assert not healthy.diverged and healthy.x.shape[0] == 2001
    implicit = lion.run_discrete(lambda x: x, np.ones(3), weight_decay=25.0, wd_mode="implicit", **args)
    assert not implicit.diverged


def test_lion_ode_reports_a_non_finite_field_as_divergence_not_as_a_step_budget():
    kw = dict(alpha=1.0, gamma=1.0, weight_decay=0.5, eps=0.1, K="logcosh0.05", ts=np.linspace(0.0, 5.0, 6))
    nan = lion.solve_continuous(lambda x: x * np.nan, np.ones(2), np.zeros(2), max_steps=10_000, **kw)
    assert nan.diverged and nan.x.shape[0] == 0
    with pytest.raises(ValueError, match="^max_steps must be"):
        lion.solve_continuous(lambda x: x, np.ones(2), np.zeros(2), max_steps=20, **kw)


def test_explorer_does_not_fit_a_slope_to_an_expanding_run():
    """The explorer fitted a slope of -1.05 to a growing curve at 1.01x the critical multiplier."""
    from paperchecks.explorer import compute
    from paperchecks.testing.strategies import stability_limit

    base = compute.Controls(dim=100, horizon=2000, gamma=0.0, averaging="none")
    lam = np.asarray(compute.problem(base).eigenvalues)
    critical = stability_limit(lam, "sgd", momentum=0.0, alpha_ratio=0.0, batch=1) * lam.sum()
    for factor, diverged in ((1.01, True), (0.9, False)):
        c = compute.Controls(dim=100, horizon=2000, gamma=0.0, averaging="none", multiplier=factor * critical)
        slopes = compute.slopes(c, compute.risk(c))
        assert (slopes.fitted is None) is diverged
        assert slopes.note.startswith("diverged") is diverged


def test_stability_search_is_capped(monkeypatch):
    """The doubling search of the testing kit ended only when a step turned unstable."""
    from paperchecks.testing import strategies

    monkeypatch.setattr(strategies, "contraction_gap", lambda *a, **k: 1.0)
    strategies._stability_limit.cache_clear()
    with pytest.raises(ValueError, match="no stability limit below"):
        strategies.stability_limit([1.0, 0.5], "sgd", momentum=0.0, alpha_ratio=0.0, batch=1)
    strategies._stability_limit.cache_clear()


def test_schedule_tables_past_the_step_counter_are_refused():
    from paperchecks.sims import schedules

    with pytest.raises(ValueError, match=r"^steps must be an integer in \[1, "):
        schedules.table(schedules.constant(0.1), 2**62)
