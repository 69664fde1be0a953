"""Bad input (issue 10): every public entry point, fed random out-of-range, non-finite,
wrongly-shaped and wrongly-typed values for one parameter at a time, raises a ``ValueError`` that
names the parameter and its allowed range ("<name> must be ..."); the CLI exits 2 with a one-line
message. The outcomes are counted (``OUTCOMES``; printed with ``pytest -s``)."""

from __future__ import annotations

import collections
import dataclasses
import math

import jax
import numpy as np
import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from paperchecks import cli
from paperchecks.explorer import compute
from paperchecks.sims import attention, linreg, lion, lmo, momentum, refinement, schedules, sweep, worst_case
from paperchecks.theory import lmo as lmo_theory

OUTCOMES: collections.Counter = collections.Counter()

# --- bad values, by what the parameter accepts -------------------------------------------------

_WRONG_TYPES = st.sampled_from(["abc", None, [1.0, "x"], {"a": 1}, 1j, object()])
_NON_FINITE = st.sampled_from([math.nan, math.inf, -math.inf, np.float64("nan")])


def _reals(low=None, high=None, *, low_open=False, high_open=False):
    """Finite reals outside [low, high] (the allowed closed/open interval)."""
    parts = []
    if low is not None:
        below = st.floats(max_value=low, exclude_max=not low_open, allow_nan=False, allow_infinity=False)
        parts.append(below.filter(lambda v: v < low or (low_open and v == low)))
    if high is not None:
        above = st.floats(min_value=high, exclude_min=not high_open, allow_nan=False, allow_infinity=False)
        parts.append(above.filter(lambda v: v > high or (high_open and v == high)))
    return st.one_of(*parts) if parts else st.nothing()


def bad_real(low=None, high=None, **kw):
    shapes = st.sampled_from([np.ones((2, 2)), np.array([0.5, 0.5]), np.array([])])
    return st.one_of(_reals(low, high, **kw), _NON_FINITE, _WRONG_TYPES, shapes, st.just(True))


def bad_grid(low=None, high=None, **kw):
    """For parameters that take arrays (grids broadcast): bad values and types, no bad shapes."""
    return st.one_of(_reals(low, high, **kw), _NON_FINITE, _WRONG_TYPES, st.just(True), st.just(np.array([0.5, math.nan])))


def bad_int(minimum=1):
    return st.one_of(st.integers(max_value=minimum - 1), st.sampled_from([2.5, "3", math.nan, math.inf, True, None, np.ones(2), [3]]))


def bad_choice():
    return st.one_of(
        st.sampled_from(["nope", "", "SGD ", 3, None, 1.5, ["sgd"]]), st.text(max_size=5).filter(lambda s: s.strip() != s or s == "")
    )


def bad_vector():
    return st.sampled_from(
        [np.array([]), np.ones((2, 2)), np.array([1.0, math.nan]), np.array([1.0, -1.0]), "abc", None, [[1.0]], np.array([math.inf])]
    )


_BAD_SCHEDULES = st.sampled_from(
    [
        np.array([]),
        np.array([1.0, 0.0]),
        np.array([-1.0, 1.0]),
        np.array([math.nan]),
        np.array([1.0, math.inf]),
        "abc",
        None,
        0.5,
        [[1.0, "x"]],
    ]
)


# --- the entry points: valid arguments, and the parameters to break ---------------------------


def _explorer_controls() -> dict:
    """Every control of the explorer page, with bad values by its type."""
    out = {}
    for field in dataclasses.fields(compute.Controls):
        if field.type == "int":
            out[field.name] = bad_int()
        elif field.type.startswith("float"):  # every float control has a lower bound; None means "default"
            wrong = _WRONG_TYPES.filter(lambda v: v is not None) if "None" in field.type else _WRONG_TYPES
            out[field.name] = st.one_of(_NON_FINITE, wrong, st.just(True), st.just(-1e9))
        else:
            out[field.name] = bad_choice()
    return out


PROBLEM = linreg.Problem.power_law(8, capacity=1.5, source=2.5, noise_var=0.01)
LABEL_PROBLEM = attention.label_problem(np.random.default_rng(0), jax.random.key(0), length=8, count=4)
MASK = np.asarray(attention.bernoulli_mask(jax.random.key(1), (4, 8), 0.25))
LAM = PROBLEM.eigenvalues


def _engine(fn, **extra):
    return lambda **kw: fn(PROBLEM, kw.pop("method", "hb"), **{**{"lr": 0.1, "momentum": 0.5, "batch": 2, "steps": 20}, **extra, **kw})


ENTRIES = {
    "exact_risk": (
        _engine(linreg.exact_risk),
        {
            "method": bad_choice(),
            "lr": bad_real(0, low_open=True),
            "momentum": bad_real(0, 1, high_open=True),
            "batch": st.sampled_from([0, -1, 2.5, math.nan, "2", None, True]),
            "steps": bad_int(),
            "averaging": st.one_of(bad_choice(), st.sampled_from(["tail:0", "tail:2", "poly:0.5", "ema:-1", "ema:nan"])),
            "record": st.sampled_from([np.array([3, 1]), np.array([-1]), np.array([21]), np.array([1.5]), np.array([]), "abc"]),
        },
    ),
    "exact_risk_grid": (
        _engine(linreg.exact_risk_grid, lr=[0.1, 0.2]),
        {
            "lr": st.sampled_from([[0.1, -0.2], [math.nan], np.ones((2, 2)), "abc"]),
            "momentum": st.sampled_from([[0.5, 1.0], [-0.1]]),
            "steps": bad_int(),
        },
    ),
    "monte_carlo_risk": (
        _engine(linreg.monte_carlo_risk, seeds=4, key=jax.random.key(0)),
        {
            "seeds": bad_int(minimum=2),
            "key": st.sampled_from([0, None, "key", np.ones(2)]),
            "batch": st.sampled_from([math.inf, 0, 1.5]),
            "lr": bad_real(0, low_open=True),
        },
    ),
    "iterations_to_target": (
        lambda **kw: linreg.iterations_to_target(PROBLEM, "sgd", **{"lr": 0.1, "target": 0.1, "max_steps": 100, **kw}),
        {"target": bad_real(0, 1, low_open=True, high_open=True), "max_steps": bad_int(), "lr": bad_grid(0, low_open=True)},
    ),
    "Problem.power_law": (
        lambda **kw: linreg.Problem.power_law(**{"d": 8, "capacity": 1.5, "source": 2.5, **kw}),
        {"d": bad_int(), "capacity": bad_real(0, low_open=True), "noise_var": bad_real(0)},
    ),
    "Problem.create": (
        lambda **kw: linreg.Problem.create(**{"eigenvalues": LAM, "init_sq": np.ones(8), **kw}),
        {"eigenvalues": bad_vector(), "init_sq": st.sampled_from([np.ones(3), np.array([-1.0] * 8), None]), "noise_var": bad_real(0)},
    ),
    "spectral_radius": (
        lambda **kw: momentum.spectral_radius(
            kw.pop("eigenvalues", LAM), kw.pop("method", "hb"), **{"lr": 0.1, "momentum": 0.5, "batch": 2, **kw}
        ),
        {
            "eigenvalues": bad_vector(),
            "method": bad_choice(),
            "lr": bad_grid(0, low_open=True),
            "momentum": bad_grid(0, 1, high_open=True),
            "batch": st.sampled_from([0, 0.5, 2.5, -math.inf, math.nan, "2", None]),
        },
    ),
    "tuned_gap": (
        lambda **kw: momentum.tuned_gap(kw.pop("eigenvalues", LAM), kw.pop("method", "hb"), kw.pop("batch", [1, 2])),
        {"eigenvalues": bad_vector(), "method": bad_choice(), "batch": st.sampled_from([[0, 2], [1.5], [], "abc", None, [math.nan]])},
    ),
    "optimal_hyperparameters": (
        lambda **kw: lmo_theory.optimal_hyperparameters(
            kw.pop("regime", "R4"), **{"budget": 1e8, "delta": 1.0, "L": 1.0, "sigma": 1.0, **kw}
        ),
        {
            "regime": bad_choice(),
            "budget": bad_real(1),
            "delta": bad_real(0, low_open=True),
            "L": bad_real(0, low_open=True),
            "sigma": bad_real(0, low_open=True),
            "constants": st.sampled_from([(1.0, 2.0), (-1.0, 2.0, 2.0, 0.5), "abc", (math.nan, 1, 1, 1)]),
        },
    ),
    "lmo.simulate": (
        lambda **kw: lmo.simulate(
            lmo.NoisyQuadratic.diagonal([0.5, 1.0], start=1.0),
            kw.pop("geometry", "l2"),
            **{"lr": 0.01, "momentum": 0.9, "batch": 2, "steps": 5, "seeds": 2, "key": jax.random.key(0), **kw},
        ),
        {
            "geometry": bad_choice(),
            "lr": bad_grid(0, low_open=True),
            "momentum": bad_grid(0, 1, high_open=True),
            "batch": st.sampled_from([0, -2, math.nan, "2"]),
            "steps": bad_int(),
            "seeds": bad_int(),
            "init": bad_choice(),
        },
    ),
    "run_discrete": (
        lambda **kw: lion.run_discrete(
            kw.pop("grad_fn", _quadratic_grad),
            kw.pop("x0", np.zeros(2)),
            **{"lr": 0.01, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.1, "steps": 5, **kw},
        ),
        {
            "lr": bad_real(0, low_open=True),
            "beta1": bad_real(0, 1, high_open=True),
            "beta2": bad_real(0, 1, high_open=True),
            "weight_decay": bad_real(0),
            "steps": bad_int(),
            "K": bad_choice(),
            "wd_mode": bad_choice(),
            "x0": st.sampled_from(
                [np.array([]), np.array([1.0, math.nan]), "abc", None, np.array([math.inf]), {"x": 1}]
            ),  # any shape is a state
            "grad_fn": st.sampled_from([None, 3, "grad"]),
        },
    ),
    "schedules.inverse_power": (
        lambda **kw: schedules.inverse_power(**{"value": 0.1, "decay": 0.5, **kw}),
        {"value": bad_real(0, low_open=True), "decay": bad_real(0, 1), "offset": bad_real(0)},
    ),
    "schedules.wsd": (
        lambda **kw: schedules.wsd(**{"value": 0.1, "horizon": 100, **kw}),
        {
            "value": bad_real(0, low_open=True),
            "horizon": bad_int(),
            "stable_fraction": bad_real(0, 1, high_open=True),
            "cooldown": bad_choice(),
        },
    ),
    "schedules.cosine": (
        lambda **kw: schedules.cosine(**{"value": 0.1, "horizon": 100, **kw}),
        {"value": bad_real(0, low_open=True), "horizon": bad_int(), "floor": bad_real(0, 1)},
    ),
    "attention.label_problem": (
        lambda **kw: attention.label_problem(np.random.default_rng(0), jax.random.key(0), **{"length": 8, "count": 4, **kw}),
        {"length": bad_int(minimum=2), "count": bad_int()},
    ),
    "attention.circulant_direction": (
        lambda **kw: attention.circulant_direction(**{"length": 8, **kw}),
        {"length": bad_int(minimum=2), "scale": bad_real(0, low_open=True)},
    ),
    "attention.bernoulli_mask": (
        lambda **kw: attention.bernoulli_mask(jax.random.key(0), (2, 8), **{"rate": 0.25, **kw}),
        {"rate": bad_real(0, 1, low_open=True, high_open=True)},
    ),
    "contraction_gap": (
        lambda **kw: momentum.contraction_gap(
            kw.pop("eigenvalues", LAM), kw.pop("method", "asgd"), **{"lr": 0.1, "momentum": 0.5, "alpha": 0.01, **kw}
        ),
        {"eigenvalues": bad_vector(), "method": bad_choice(), "lr": bad_grid(0, low_open=True), "alpha": bad_grid(0)},
    ),
    "lmo_schedule": (
        lambda **kw: lmo.lmo_schedule(kw.pop("regime", "R4"), **{"budget": 1e8, "delta": 1.0, "L": 1.0, "sigma": 1.0, **kw}),
        {"regime": bad_choice(), "budget": bad_real(1), "sigma": bad_real(0, low_open=True)},
    ),
    "solve_continuous": (
        lambda **kw: lion.solve_continuous(
            _quadratic_grad,
            kw.pop("x0", np.zeros(2)),
            np.zeros(2),
            **{"alpha": 1.0, "gamma": 1.0, "weight_decay": 0.5, "eps": 0.1, "K": "logcosh0.05", "ts": np.linspace(0, 1, 3), **kw},
        ),
        {
            "alpha": bad_real(0, low_open=True),
            "gamma": bad_real(0, low_open=True),
            "weight_decay": bad_real(0, low_open=True),
            "eps": bad_real(0),
            "K": st.one_of(bad_choice(), st.just("l1")),  # l1 (sign) is not smooth: the ODE needs a smooth K
            "ts": st.sampled_from([np.array([]), np.array([1.0, 0.5]), np.array([0.0, math.nan]), "abc", np.ones((2, 2))]),
        },
    ),
    "schedules.constant": (lambda **kw: schedules.constant(**{"value": 0.1, **kw}), {"value": bad_real(0, low_open=True)}),
    "schedules.linear_decay": (
        lambda **kw: schedules.linear_decay(**{"value": 0.1, "horizon": 100, **kw}),
        {"value": bad_real(0, low_open=True), "horizon": bad_int(), "floor": bad_real(0, 1)},
    ),
    "attention.label_loss": (
        lambda **kw: attention.label_loss(kw.pop("scores", np.zeros((8, 8))), *LABEL_PROBLEM, **kw),
        {
            "scores": st.sampled_from([np.zeros((7, 7)), np.zeros(8), np.zeros((8, 8, 1)), "abc", None, [[0.0]]]),
            "phi": bad_choice(),
            "pooling": bad_choice(),
        },
    ),
    "attention.masked_loss": (
        lambda **kw: attention.masked_loss(kw.pop("scores", np.zeros((8, 8))), LABEL_PROBLEM[1][..., 0], kw.pop("mask", MASK)),
        {
            "scores": st.sampled_from([np.zeros((7, 7)), np.zeros(8), "abc", None]),
            "mask": st.sampled_from([MASK[:, :4], MASK[0], np.ones((3, 3), bool)]),
        },
    ),
    "sweep.configure": (lambda **kw: sweep.configure(kw["count"]), {"count": st.sampled_from([0, -1, "x", "1.5", True, None, 10**6])}),
    "explorer.Controls": (lambda **kw: compute.Controls(**kw), _explorer_controls()),
    "refinement.last_iterate_bound": (
        lambda **kw: refinement.last_iterate_bound(kw.pop("lr", np.ones(5)), **kw),
        {
            "lr": _BAD_SCHEDULES,
            "grad_norms": st.sampled_from([np.array([1.0, -1.0]), math.nan, "abc", None, np.ones(3)]),
            "distance": st.one_of(_reals(0, low_open=True), _NON_FINITE, _WRONG_TYPES),
        },
    ),
    "refinement.tuned_last_iterate_bound": (
        lambda **kw: refinement.tuned_last_iterate_bound(kw.pop("shape", np.ones(5)), **kw),
        {"shape": _BAD_SCHEDULES},
    ),
    "refinement.refined_schedule": (
        lambda **kw: refinement.refined_schedule(**kw),
        {"grad_norms": st.sampled_from([np.array([1.0]), np.array([1.0, 0.0]), np.array([1.0, math.inf]), "abc", None, 2.0])},
    ),
    "refinement.schedule_shape": (
        lambda **kw: refinement.schedule_shape(**{"name": "linear", "steps": 10, **kw}),
        {
            "name": st.one_of(bad_choice(), st.sampled_from(["wsd:0", "wsd:1.5", "wsd:x", "inverse_power:2", "linear:3", "cosine:"])),
            "steps": bad_int(),
        },
    ),
    "refinement.optimal_schedule": (
        lambda **kw: refinement.optimal_schedule(**{"steps": 5, **kw}),
        {
            "steps": st.sampled_from([1, 0, -3, 2.5, "5", None]),
            "grad_norms": st.sampled_from([np.ones(4), -1.0, math.nan, "abc"]),
            "distance": bad_real(0, low_open=True),
        },
    ),
    "refinement.monte_carlo_suboptimality": (
        lambda **kw: refinement.monte_carlo_suboptimality(jax.random.key(0), kw.pop("lr", np.full(4, 0.1)), **{"dim": 3, "seeds": 4, **kw}),
        {
            "dim": bad_int(),
            "seeds": bad_int(minimum=2),
            "distance": bad_real(0, low_open=True),
            "lr": st.sampled_from([np.array([-0.1, 0.1]), np.ones((2, 2, 2)), "abc", np.array([math.nan])]),
        },
    ),
    "worst_case_last_iterate": (
        lambda **kw: worst_case.worst_case_last_iterate(kw.pop("lr", np.full(3, 0.3)), **kw),
        {
            "lr": st.sampled_from([np.array([0.3]), np.ones(500), np.array([0.3, -0.1]), "abc"]),
            "distance": bad_real(0, low_open=True),
            "lipschitz": bad_real(0, low_open=True),
        },
    ),
}

#: the name a parameter goes by in messages, where the entry point renames it
ALIASES = {("sweep.configure", "count"): "devices", ("refinement.schedule_shape", "name"): "schedule"}


def _quadratic_grad(x):
    return x - 1.0


CASES = [(entry, param) for entry, (_, params) in ENTRIES.items() for param in params]


@pytest.mark.parametrize(("entry", "param"), CASES, ids=[f"{e}-{p}" for e, p in CASES])
@settings(max_examples=examples(6))
@given(data=st.data())
def test_bad_input_raises_value_error_naming_the_parameter(entry, param, data):
    call, params = ENTRIES[entry]
    value = data.draw(params[param], label=param)
    try:
        call(**{param: value})
    except ValueError as err:
        message = str(err)
        name = ALIASES.get((entry, param), param)
        OUTCOMES["ValueError naming the parameter" if name in message and "must be" in message else "ValueError without the name"] += 1
        assert name in message and "must be" in message, f"{entry}({param}={value!r}): {message}"
    except Exception as err:  # noqa: BLE001 - counted, then reported as the failure
        OUTCOMES[f"{type(err).__name__}"] += 1
        raise AssertionError(f"{entry}({param}={value!r}) raised {type(err).__name__}: {err}") from err
    else:
        OUTCOMES["accepted"] += 1
        raise AssertionError(f"{entry}({param}={value!r}) was accepted")


CLI_CASES = [
    ["check", "--size", "huge"],
    ["check", "--seed", "-1"],
    ["check", "--seed", "abc"],
    ["check", "--paper", "nope"],
    ["check", "--claim", "nope"],
    ["check", "--devices", "0"],
    ["check", "--devices", "many"],
    ["check", "--processes", "2"],
    ["check", "--coordinator", "h:1", "--processes", "2", "--process-id", "5"],
    ["figures", "--paper", "nope"],
    ["reproduce", "--size", "tiny"],
    ["list", "--paper", "nope"],
    ["schedule", "lmo", "--regime", "R9", "--tokens", "1e9", "--delta", "1", "--L", "1", "--sigma", "1"],
    ["schedule", "lmo", "--regime", "R4", "--tokens", "-1", "--delta", "1", "--L", "1", "--sigma", "1"],
    ["schedule", "lmo", "--regime", "R4", "--tokens", "1e9", "--delta", "nan", "--L", "1", "--sigma", "1"],
    ["schedule", "lmo", "--regime", "R4", "--steps", "1e9", "--delta", "1", "--L", "1", "--sigma", "1"],
    ["schedule", "lmo", "--regime", "R2", "--steps", "1e5", "--delta", "1", "--L", "1", "--sigma", "1", "--batch", "0"],
    ["explore", "--port", "70000"],
    ["explore", "--port", "x"],
    ["bench", "--devices", "-3"],
    ["reproduce", "--report", "/nonexistent-folder/paper_checks.md"],
    ["schedule", "lmo", "--regime", "R2", "--steps", "1e5", "--delta", "1", "--L", "1", "--sigma", "-1", "--batch", "8"],
    ["schedule", "lmo", "--regime", "R3", "--tokens", "1e9", "--delta", "1", "--L", "1", "--sigma", "1", "--momentum", "1.5"],
    ["schedule", "lmo", "--regime", "R4", "--tokens", "1e9", "--delta", "1", "--L", "1", "--sigma", "1", "--constants", "1", "2"],
    [
        "schedule",
        "lmo",
        "--regime",
        "R4",
        "--tokens",
        "1e9",
        "--delta",
        "1",
        "--L",
        "1",
        "--sigma",
        "1",
        "--constants",
        "-1",
        "2",
        "2",
        "0.5",
    ],
    ["schedule", "lmo", "--regime", "R4", "--tokens", "1e9", "--delta", "1", "--L", "0", "--sigma", "1"],
    ["schedule", "bound", "--steps", "0"],
    ["schedule", "bound", "--steps", "10", "--schedule", "cosine:2"],
    ["schedule", "bound", "--steps", "10", "--distance", "-1"],
    ["schedule", "bound", "--steps", "10", "--grad-norms", "/nonexistent/norms.txt"],
    ["schedule", "bound"],
    ["check", "--coordinator", "auto", "--process-id", "0"],
    ["figures", "--size", "medium"],
    ["list", "--json"],
    ["nope"],
]


@pytest.mark.parametrize("argv", CLI_CASES, ids=[" ".join(a) for a in CLI_CASES])
def test_cli_bad_options_exit_2_with_one_line(argv, capsys):
    try:
        code = cli.main(argv)
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    err = capsys.readouterr().err.strip().splitlines()
    OUTCOMES["CLI exit 2" if code == 2 else f"CLI exit {code}"] += 1
    assert code == 2, argv
    assert err and err[-1].startswith("paperchecks") and "error" in err[-1], err


def test_report_outcomes():
    """Runs last in this file: prints the counts (``pytest -s``) and checks nothing slipped."""
    print("\nbad-input outcomes:", dict(OUTCOMES))
    assert set(OUTCOMES) <= {"ValueError naming the parameter", "CLI exit 2"}, dict(OUTCOMES)
