"""Determinism (issue 10): same seed, same numbers, bit for bit, within a process and across
processes; the report of two quick runs is identical apart from the date and the seconds."""

import json
import re
import subprocess
import sys

import jax
import numpy as np
from test_claims import QUICK_OUTCOMES

from paperchecks.checks.catalog import claims
from paperchecks.checks.registry import Size, run_claim
from paperchecks.checks.report import COLUMNS, render
from paperchecks.cli import _outcome_json
from paperchecks.sims import lion, lmo, spt_task
from paperchecks.sims.linreg import Problem, exact_risk, monte_carlo_risk


def _normalise(text: str) -> str:
    text = re.sub(r"^- date: .*$", "- date: <date>", text, flags=re.M)
    return re.sub(r"\| [0-9.]+ \|$", "| <seconds> |", text, flags=re.M)


def _simulations(seed: int) -> list[np.ndarray]:
    """One run of every stochastic simulator (and the exact engine) from ``seed``."""
    key = jax.random.key(seed)
    p = Problem.power_law(64, capacity=1.5, source=2.5, noise_var=0.01)
    mc = monte_carlo_risk(p, "hb", lr=0.1, momentum=0.5, batch=2, steps=50, seeds=9, key=key, averaging="uniform")
    q = lmo.NoisyQuadratic.diagonal([0.2, 1.0], start=1.0)
    run = lmo.simulate(q, "linf", lr=[0.01, 0.03], momentum=0.9, batch=2, steps=30, seeds=3, key=key)
    trained = spt_task.train(spt_task.init_seeds([seed, seed + 1]), "mlm", 10, seeds=[seed, seed + 1], eval_every=5)
    lion_run = lion.run_discrete(lambda x: x - 3.0, np.zeros(3), lr=0.01, beta1=0.9, beta2=0.99, weight_decay=0.5, steps=20)
    exact = exact_risk(p, "asgd", lr=0.1, momentum=0.5, alpha=0.02, batch=3, steps=100, averaging="tail:0.5")
    return [
        mc.mean,
        mc.se,
        run.mean_dual_grad,
        run.final,
        trained.distance,
        np.asarray(trained.params["Wq"]),
        np.asarray(lion_run.x),
        exact.risk,
    ]


def test_same_seed_bit_identical_within_a_process():
    first, second = _simulations(3), _simulations(3)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], _simulations(4)[0])  # the seed matters


def test_two_quick_runs_identical_across_processes():
    """Determinism: the linreg outcomes of a quick run in this process and of ``paperchecks check
    --size quick --paper linreg --json`` in another process agree in every field but the seconds
    (Monte Carlo claims included: explicit keys from the seed); the report is rendered from exactly
    these fields, so two reports differ only in the date and the seconds."""
    size = Size("quick", seed=0)
    # the outcomes of tests/test_claims.py when it ran earlier in this session, else a fresh run
    here = [QUICK_OUTCOMES.get(c.id) or run_claim(c, size) for c in claims("linreg")]
    argv = ["check", "--size", "quick", "--paper", "linreg", "--json"]
    proc = subprocess.run([sys.executable, "-m", "paperchecks.cli", *argv], check=True, capture_output=True, text=True, timeout=600)

    def without_seconds(rows):
        return [{k: v for k, v in row.items() if k != "seconds"} for row in rows]

    there = json.loads(proc.stdout)
    assert without_seconds(there) == without_seconds(json.loads(json.dumps([_outcome_json(o) for o in here], default=str)))
    first = render(here, size)
    header = "| " + " | ".join(COLUMNS) + " |"
    assert header in first
    assert first.count("**PASS**") == len(claims("linreg"))
