"""paper_checks.md: verdicts, cells and errors as rendered (determinism: tests/test_determinism.py)."""

import dataclasses
import re

from paperchecks.checks.registry import Claim, Evidence, Outcome, Size, Verdict, run_claim, verdict_for
from paperchecks.checks.report import COLUMNS, render


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


def test_non_finite_measured_value_is_diverged_never_a_nan_row():
    """A claim whose simulation produced NaN or inf shows DIVERGED, and the report prints no NaN."""
    for bad in (float("nan"), float("inf"), [1.0, float("nan")]):
        evidence = Evidence("p", bad, 1e-12, True)
        assert verdict_for(_claim("holds"), evidence) == Verdict.DIVERGED
        assert verdict_for(_claim("refuted"), evidence) == Verdict.DIVERGED
    outcome = Outcome(_claim("holds"), Verdict.DIVERGED, Evidence("p", float("nan"), 1e-12, True), 0.1)
    row = next(line for line in render([outcome], Size("quick", seed=0)).splitlines() if line.startswith("| `x`"))
    assert "nan" not in row.lower() and "diverged (non-finite)" in row and "DIVERGED" in row


def test_deviations_are_marked_in_the_row_and_listed_under_the_table():
    """A claim with a deviation from its spec shows ``provenance+`` and the deviation (what, used,
    spec, why) below its paper's table; a blank deviation is refused."""
    import pytest

    from paperchecks.checks.registry import Deviation

    moved = Deviation("sigma^2", "0.01", "1", "the slope window is variance-limited only at sigma^2 = 1")
    claim_ = dataclasses.replace(_claim("holds"), deviations=(moved,), fn=lambda s: Evidence(1, 1, 0, True))
    text = render([run_claim(claim_, Size())], Size())
    row = next(line for line in text.splitlines() if line.startswith("| `x`"))
    assert "| paper+ |" in row
    assert "- `x`: sigma^2: 1 (spec: 0.01); the slope window" in text.split("Deviations from the spec")[1]
    with pytest.raises(ValueError, match="Deviation.why"):
        Deviation("sigma^2", "0.01", "1", " ")


def test_an_evidence_table_is_printed_under_the_notes():
    """A claim's table (header first) appears as a Markdown table in its paper's section."""
    table = (("constant", "exponent"), ("A0 x2", "-0.7504"))
    claim_ = dataclasses.replace(_claim("holds"), fn=lambda s: Evidence(1, 1, 0, True, table=table))
    text = render([run_claim(claim_, Size())], Size())
    assert "| constant | exponent |\n|---|---|\n| A0 x2 | -0.7504 |" in text
