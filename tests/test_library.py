"""paperchecks as a library (README, "Using paperchecks as a library"): one import root, no side
effects on import, float64 whatever the caller set, and an engine that composes with jax.grad,
jax.vmap and jit caches."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import paperchecks
from paperchecks import Problem, exact_risk, schedules
from paperchecks.sims import linreg
from paperchecks.sims.precision import Float64Required
from paperchecks.testing import assert_above, assert_agrees, assert_below

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("theory", "sims", "checks", "figures", "explorer", "bench")
SOURCES = sorted(p for folder in (*FOLDERS, "paperchecks", "tests") for p in (ROOT / folder).rglob("*.py"))


def _bare_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in FOLDERS]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.split(".")[0] in FOLDERS:
            found.append(node.module)
    return found


def test_every_import_goes_through_paperchecks():
    bare = {str(p.relative_to(ROOT)): names for p in SOURCES if (names := _bare_imports(p))}
    assert not bare, f"bare imports (use paperchecks.*): {bare}"


def _run(code: str, cwd: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ, **env}
    )


def test_wheel_holds_only_paperchecks_and_imports_outside_the_checkout(tmp_path):
    """The wheel has one top-level package; installed alone, `import sims` fails and the engine runs."""
    wheels, source = tmp_path / "wheels", tmp_path / "source"  # a copy: setuptools writes build/ into the tree
    for name in (*FOLDERS, "paperchecks"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "out"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", wheels, source],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("paperchecks-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist() if not name.split("/")[0].endswith(".dist-info")}
        names = archive.namelist()
    assert tops == {"paperchecks"}, tops
    assert {f"paperchecks/{f}/__init__.py" for f in FOLDERS} <= set(names)
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "checks.py").write_text("# a user's own module named like one of our old top-level packages\n")
    proc = _run(
        """
        import importlib.util, jax
        import paperchecks
        import os
        assert paperchecks.__file__.startswith(os.environ["PYTHONPATH"]), paperchecks.__file__
        assert importlib.util.find_spec("sims") is None
        before = jax.config.jax_enable_x64
        curve = paperchecks.exact_risk(paperchecks.Problem([1.0, 0.5], [1.0, 1.0]), "sgd", lr=0.5, steps=10)
        assert curve.risk.dtype == "float64" and jax.config.jax_enable_x64 == before
        import checks  # the user's module is not shadowed by ours
        print("ok")
        """,
        work,
        PYTHONPATH=str(site),
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


@pytest.mark.parametrize("x64", [False, True])
def test_import_leaves_jax_config_alone_and_results_are_float64(tmp_path, x64):
    """Both settings of jax_enable_x64: unchanged by importing every module, float64 results, and
    under x32 a transformation gets Float64Required (README, "float64")."""
    proc = _run(
        f"""
        import importlib, pkgutil, jax
        jax.config.update("jax_enable_x64", {x64})
        import paperchecks
        for package in ("theory", "sims", "checks", "figures", "explorer", "bench", "testing"):
            pkg = importlib.import_module("paperchecks." + package)
            for info in pkgutil.iter_modules(pkg.__path__):
                importlib.import_module(pkg.__name__ + "." + info.name)
        importlib.import_module("paperchecks.cli")
        assert jax.config.jax_enable_x64 is {x64}, "an import changed jax_enable_x64"
        p = paperchecks.Problem.power_law(20, capacity=1.5, source=2.0, noise_var=0.1)
        curve = paperchecks.exact_risk(p, "hb", lr=0.3, momentum=0.5, steps=50)
        assert curve.risk.dtype == "float64", curve.risk.dtype
        assert jax.config.jax_enable_x64 is {x64}, "a call changed jax_enable_x64"
        grad = lambda: jax.grad(lambda lr: paperchecks.exact_risk(p, "sgd", lr=lr, steps=50).risk[-1])(0.3)
        if {x64}:
            assert grad().dtype == "float64"
        else:
            try:
                grad()
            except paperchecks.sims.precision.Float64Required as err:
                assert "jax_enable_x64" in str(err)
            else:
                raise AssertionError("a float32 transformation must be refused")
        print("ok")
        """,
        tmp_path,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


PROBLEM = Problem.power_law(30, capacity=1.5, source=2.0, noise_var=0.05)


def _final(lr, method="sgd", **kw):
    return exact_risk(PROBLEM, method, lr=lr, steps=200, **kw).risk[-1]


def _central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize(
    "f",
    [
        lambda lr: _final(lr),
        lambda lr: _final(lr, "hb", momentum=0.5),
        lambda m: _final(lambda k: m * schedules.inverse_power(0.5, 0.5)(k)),
        lambda m: exact_risk(PROBLEM, "sgd", lr=lambda k: m * schedules.cosine(0.6, 200)(k), steps=200, averaging="uniform").risk[-1],
    ],
    ids=["constant", "heavy-ball", "schedule-multiplier", "averaged-cosine"],
)
def test_grad_matches_central_difference(f):
    with jax.enable_x64(True):
        x = 0.4 if f.__code__.co_varnames[0] == "lr" else 0.9
        grad = float(jax.grad(f)(x))
        fd = float(_central_difference(f, x))
    assert grad == pytest.approx(fd, rel=1e-6), (grad, fd)


def test_vmap_over_lr_and_lists_accepted():
    lrs = [0.1, 0.3, 0.5]
    with jax.enable_x64(True):
        batched = jax.vmap(lambda lr: exact_risk(PROBLEM, "sgd", lr=lr, steps=100))(jnp.asarray(lrs))
    assert isinstance(batched, linreg.RiskCurve) and batched.risk.shape == (3, 101)
    for row, lr in zip(np.asarray(batched.risk), lrs, strict=True):
        np.testing.assert_allclose(row, exact_risk(PROBLEM, "sgd", lr=lr, steps=100).risk, rtol=1e-13)  # vmapped: other rounding
    listed = exact_risk(Problem([1.0, 0.5], [1.0, 1.0]), "sgd", lr=[0.1] * 5, steps=5, record=[1, 5])
    arrayed = exact_risk(Problem(np.array([1.0, 0.5]), np.ones(2)), "sgd", lr=np.full(5, 0.1), steps=5, record=np.array([1, 5]))
    np.testing.assert_array_equal(listed.risk, arrayed.risk)


def test_a_new_schedule_closure_does_not_recompile():
    exact_risk(PROBLEM, "sgd", lr=schedules.inverse_power(0.4, 0.5), steps=300)
    compiled = linreg._exact_core._cache_size()
    for gamma in (0.3, 0.6, 0.9):
        exact_risk(PROBLEM, "sgd", lr=schedules.inverse_power(0.4, gamma), steps=300)
        exact_risk(PROBLEM, "sgd", lr=lambda k, g=gamma: 0.4 / (k + 1.0) ** g, steps=300)
    assert linreg._exact_core._cache_size() == compiled


def test_schedule_and_table_give_the_same_curve():
    schedule = schedules.wsd(0.5, 120)
    from_callable = exact_risk(PROBLEM, "sgd", lr=schedule, steps=120)
    from_table = exact_risk(PROBLEM, "sgd", lr=schedules.table(schedule, 120), steps=120)
    np.testing.assert_array_equal(from_callable.risk, from_table.risk)


def test_python_branching_schedule_names_lr_and_the_fix():
    with pytest.raises(ValueError, match=r"^lr must be .*jnp\.where"):
        exact_risk(PROBLEM, "sgd", lr=lambda k: 0.1 if k < 5 else 0.01, steps=20)


@pytest.mark.parametrize("bad", [-5.0, float("nan")])
def test_a_bad_schedule_value_at_an_unrecorded_step_is_refused(bad):
    with pytest.raises(ValueError, match="^lr must be"):
        exact_risk(PROBLEM, "sgd", lr=lambda k: jnp.where(k == 7, bad, 0.1), steps=20, record=[20])


@pytest.mark.parametrize(
    ("args", "name"),
    [(([1.0, -1.0], [1.0, 1.0]), "eigenvalues"), (([1.0, 0.5], [1.0]), "init_sq"), (([1.0], [1.0], -0.1), "noise_var")],
)
def test_plain_problem_constructor_validates(args, name):
    with pytest.raises(ValueError, match=f"^{name} must be"):
        Problem(*args)


def test_problem_is_a_pytree_with_traced_leaves():
    problems = jax.vmap(lambda s: Problem(PROBLEM.eigenvalues, PROBLEM.init_sq * s, 0.0))(jnp.arange(1.0, 4.0))
    assert problems.init_sq.shape == (3, PROBLEM.dim)
    leaves, tree = jax.tree_util.tree_flatten(PROBLEM)
    rebuilt = jax.tree_util.tree_unflatten(tree, leaves)
    assert len(leaves) == 3 and isinstance(rebuilt, Problem) and rebuilt.eigenvalues is PROBLEM.eigenvalues


def test_public_api_is_declared():
    assert set(paperchecks.__all__) >= {"Problem", "exact_risk", "exact_risk_grid", "monte_carlo_risk", "claim", "Evidence", "schedules"}
    for name in paperchecks.__all__:
        assert getattr(paperchecks, name) is not None
    with pytest.raises(AttributeError):
        paperchecks.not_a_name  # noqa: B018
    modules = [p for p in SOURCES if p.parent.name != "tests" and p.name != "__init__.py" and not p.name.startswith("_")]
    missing = [str(p.relative_to(ROOT)) for p in modules if "__all__" not in p.read_text()]
    assert not missing, f"modules without __all__: {missing}"


def test_assertions_fail_on_nan_and_respect_rtol():
    for kwargs in (
        {"mean": np.nan, "se": 0.0, "bound": 1.0},
        {"mean": 0.5, "se": np.nan, "bound": 1.0},
        {"mean": 0.5, "se": 0.0, "bound": np.nan},
    ):
        with pytest.raises(AssertionError, match="NaN"):
            assert_below(**kwargs)
        with pytest.raises(AssertionError, match="NaN"):
            assert_above(**kwargs)
    with pytest.raises(AssertionError, match="NaN"):
        assert_below(0.5, 0.0, 1.0, z=np.nan)
    with pytest.raises(AssertionError, match="NaN"):
        assert_agrees(1.0, 1.0, 0.1, rtol=np.nan)
    tight = 1.0 / 3.0
    with pytest.raises(AssertionError):
        assert_below(tight * (1 + 1e-15), 0.0, tight)
    assert_below(tight * (1 + 1e-15), 0.0, tight, rtol=1e-12)
    assert_above(tight * (1 - 1e-15), 0.0, tight, rtol=1e-12)
    with pytest.raises(AssertionError, match="falls below"):
        assert_above(0.5, 0.1, 1.0)
    assert_above(0.7, 0.1, 1.0)  # 0.7 + 4 * 0.1 >= 1


def test_readme_property_example_runs_outside_the_checkout(tmp_path):
    """The README's "Property-test your own bound" example, verbatim, from a temporary folder:
    Hypothesis finds the counterexample and shrinks it to d = 2."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Property-test your own bound") :]
    code = section[section.index("```python\n") + len("```python\n") :]
    (tmp_path / "test_my_bound.py").write_text(code[: code.index("```")])
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_my_bound.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "bound violated" in proc.stdout and "DeadlineExceeded" not in proc.stdout
    assert "Problem(eigenvalues=array([1. , 0.5])" in proc.stdout, proc.stdout[-3000:]


def test_float64_required_is_raised_for_a_float32_transformation():
    assert not jax.config.jax_enable_x64, "the suite runs with jax_enable_x64 off, as a user's process"
    with pytest.raises(Float64Required, match="jax_enable_x64"):
        jax.grad(lambda lr: _final(lr))(0.3)
    with pytest.raises(Float64Required):
        jax.vmap(lambda lr: _final(lr))(jnp.asarray([0.1, 0.2]))
