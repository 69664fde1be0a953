"""paper_checks.md: generated, deterministic apart from the date line and the seconds column."""

import dataclasses
import re

from checks.catalog import claims
from checks.registry import Claim, Evidence, Size, Verdict, run_claim, verdict_for
from checks.report import COLUMNS, render


def _normalise(text: str) -> str:
    text = re.sub(r"^- date: .*$", "- date: <date>", text, flags=re.M)
    return re.sub(r"\| [0-9.]+ \|$", "| <seconds> |", text, flags=re.M)


def test_two_quick_runs_give_identical_reports():
    size = Size("quick", seed=0)
    first = render([run_claim(c, size) for c in claims("linreg")], size)
    second = render([run_claim(c, size) for c in claims("linreg")], size)
    assert _normalise(first) == _normalise(second)
    header = "| " + " | ".join(COLUMNS) + " |"
    assert header in first
    assert first.count("**PASS**") == len(claims("linreg"))


def _claim(expect):
    return Claim("linreg", "x", "s", "src", "paper", "equality", expect, "reason" if expect == "refuted" else "", lambda s: None)


def test_refuted_claims_never_break_and_never_hide():
    held, broke = Evidence(1, 1, 0, True), Evidence(1, 2, 0, False)
    assert verdict_for(_claim("refuted"), broke) == Verdict.REFUTED and Verdict.REFUTED.ok
    assert verdict_for(_claim("refuted"), held) == Verdict.UNEXPECTED_PASS and not Verdict.UNEXPECTED_PASS.ok
    assert verdict_for(_claim("holds"), broke) == Verdict.FAIL
    assert verdict_for(_claim("holds"), Evidence(1, 2, 0, True, diverged=True)) == Verdict.DIVERGED


def test_crashing_claim_is_an_error_verdict():
    def crash(size):
        raise RuntimeError("boom")

    outcome = run_claim(Claim("linreg", "x", "s", "src", "paper", "equality", "holds", "", crash), Size())
    assert outcome.verdict == Verdict.ERROR and "boom" in outcome.error


def test_pipes_in_statements_do_not_break_the_table():
    """A statement such as ||x||_inf <= 1 or -0.3 |i - j| stays inside its cell."""
    statement = Claim("linreg", "x", "bias -0.3 |i - j| and ||x||_inf <= 1", "§1 | §2", "paper", "equality", "holds", "", None)
    outcome = run_claim(dataclasses.replace(statement, fn=lambda s: Evidence("|a|", 1, 0, True)), Size())
    row = next(line for line in render([outcome], Size()).splitlines() if line.startswith("| `x`"))
    assert len(re.findall(r"(?<!\\)\|", row)) == len(COLUMNS) + 1
