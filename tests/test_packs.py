"""Paper packs (issue 25): discovery by entry point, the ``paperchecks new`` generator, claims as
pytest tests, and the deeplinear pack kept in the repository (docs/adding-a-paper.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from paperchecks.checks.papers import Paper, PaperConflict, discover, papers
from paperchecks.cli import main
from paperchecks.scaffold import new_pack

ROOT = Path(__file__).resolve().parents[1]
BUILT_IN = {"anytime", "linreg", "lion", "lmo", "momentum", "refinement", "spt"}


def _entry_point(name, value, distribution, loaded):
    return types.SimpleNamespace(name=name, value=value, dist=types.SimpleNamespace(name=distribution), load=lambda: loaded)


def test_built_in_papers_register_through_the_entry_point_group():
    installed = papers()
    assert set(installed) >= BUILT_IN
    assert {key for key, p in installed.items() if p.distribution == "paperchecks"} == BUILT_IN
    assert list(installed)[: len(BUILT_IN)] == sorted(BUILT_IN)  # built-in first, by id
    assert installed["deeplinear"].distribution == "paperchecks-deeplinear"  # both README commands install the pack


def test_two_distributions_with_one_id_are_an_error_naming_both():
    one = Paper(id="demo", title="A demo")
    with pytest.raises(PaperConflict, match="'demo' is registered twice: by 'pack-a'.*by 'pack-b'"):
        discover([_entry_point("demo", "a:PAPER", "pack-a", one), _entry_point("demo", "b:PAPER", "pack-b", one)])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_entry_point("demo", "a:PAPER", "pack-a", "not a paper"), "must name a Paper"),
        (_entry_point("other", "a:PAPER", "pack-a", Paper(id="demo", title="t")), "names the paper 'demo'"),
    ],
)
def test_malformed_registrations_are_named(entry, message):
    with pytest.raises(PaperConflict, match=message):
        discover([entry])
    with pytest.raises(PaperConflict, match="no paper is registered"):
        discover([])


@pytest.mark.parametrize(("field", "value"), [("id", "Demo"), ("id", "9demo"), ("id", "d"), ("title", ""), ("claims", "one.module")])
def test_paper_validates_its_fields(field, value):
    kwargs = {"id": "demo", "title": "t"} | {field: value}
    with pytest.raises(ValueError, match=field):
        Paper(**kwargs)


def test_new_refuses_an_existing_folder_an_invalid_id_and_an_installed_one(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    assert main(["new", "demo", "--dir", str(tmp_path / "taken")]) == 2
    assert main(["new", "Bad-Id", "--dir", str(tmp_path / "x")]) == 2
    assert main(["new", "lion", "--dir", str(tmp_path / "y")]) == 2
    assert main(["new", "demo", "--dir", str(tmp_path / "z"), "--title", "a \\ b"]) == 2
    err = capsys.readouterr().err
    assert "exists already" in err and "must match" in err and "already installed" in err and "backslashes" in err
    assert not any((tmp_path / name).exists() for name in "xyz")


def test_the_guide_names_every_file_the_generator_writes(tmp_path):
    guide = (ROOT / "docs" / "adding-a-paper.md").read_text()
    written = new_pack("demo", tmp_path / "demo", title="A demo")
    names = {p.relative_to(tmp_path / "demo").as_posix().replace("demo", "ID") for p in written}
    missing = [n for n in sorted(names) if n not in guide]
    assert not missing, missing


@pytest.mark.slow
def test_a_fresh_pack_installs_passes_its_own_tests_and_runs_its_claims(tmp_path):
    """`paperchecks new demo`, installed (into a target folder on PYTHONPATH, so this session's
    environment is untouched), then: pytest in the pack, `paperchecks check --paper demo`,
    `pytest --paperchecks=demo` in a researcher's empty project, and the same with a broken formula,
    which fails with the evidence."""
    pack, target, project = tmp_path / "demo", tmp_path / "site", tmp_path / "project"
    assert main(["new", "demo", "--dir", str(pack), "--title", 'Doe, Roe: a "demo" paper', "--arxiv", "2501.00001"]) == 0
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target), str(pack)]
    subprocess.run(install, check=True, capture_output=True, text=True)
    env = os.environ | {"PYTHONPATH": str(target)}

    def run(*args, cwd):
        return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)

    own = run("-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=pack)
    assert own.returncode == 0 and re.search(r"\b7 passed\b", own.stdout), own.stdout + own.stderr
    check = run("-m", "paperchecks.cli", "check", "--paper", "demo", cwd=tmp_path)
    assert check.returncode == 0 and "summary: 3 PASS" in check.stdout, check.stdout + check.stderr
    listing = run("-m", "paperchecks.cli", "list", "--papers", cwd=tmp_path)
    assert re.search(r"^demo\s+paperchecks-demo\s+Doe, Roe: a \"demo\" paper \(arXiv 2501.00001\)$", listing.stdout, re.M), listing.stdout

    project.mkdir()
    plugin = run("-m", "pytest", "-q", "-p", "no:cacheprovider", "--paperchecks=demo", cwd=project)
    assert plugin.returncode == 0 and "3 passed" in plugin.stdout, plugin.stdout + plugin.stderr
    (project / "conftest.py").write_text(
        "import numpy as np\nfrom paperchecks_demo import theory\n_right = theory.loss\n"
        "theory.loss = lambda lr, c, steps, start=1.0: _right(lr, c, np.asarray(steps) + 1, start)\n"
    )
    broken = run("-m", "pytest", "-q", "-p", "no:cacheprovider", "--paperchecks=demo", cwd=project)
    assert broken.returncode == 1 and "1 failed, 2 passed" in broken.stdout, broken.stdout
    assert "demo.simulation_matches_closed_form: FAIL" in broken.stdout and "predicted 0  measured" in broken.stdout
    unknown = run("-m", "pytest", "-q", "-p", "no:cacheprovider", "--paperchecks=dem", cwd=project)
    assert unknown.returncode != 0 and "did you mean demo?" in unknown.stderr


def test_claim_tests_parametrises_one_item_per_claim():
    from paperchecks.testing import claim_tests

    test = claim_tests("deeplinear")
    (mark,) = [m for m in test.pytestmark if m.name == "parametrize"]
    assert mark.args[0] == "claim_id" and set(mark.args[1]) == {c.id for c in __import__("paperchecks").claims("deeplinear")}
    with pytest.raises(ValueError, match="unknown paper 'deeplinar'; did you mean deeplinear"):
        claim_tests("deeplinar")
