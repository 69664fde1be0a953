"""Claims as pytest tests: :func:`claim_tests` turns an installed paper's claims into one
parametrised test, so a researcher's own CI checks them with one line.

PASS and REFUTED (an expected negative finding) pass; FAIL, UNEXPECTED PASS, INCONCLUSIVE, DIVERGED
and ERROR fail with the evidence (predicted, measured, tolerance, details) in the report. The same
items come from ``pytest --paperchecks[=PAPER]`` (:mod:`paperchecks.pytest_plugin`) without a test
file.

Reference: docs/adding-a-paper.md, "Claims in your own test suite".
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["claim_tests", "describe_outcome"]


def describe_outcome(outcome) -> str:
    """A failed claim's evidence for a test report: the verdict, the statement, predicted beside
    measured with the tolerance, and the notes (or the error).

    Reference: docs/adding-a-paper.md, "Claims in your own test suite".

    Args:
        outcome: the :class:`~paperchecks.checks.registry.Outcome`.

    Returns:
        The text.
    """
    from paperchecks.checks.report import claim_note, evidence_numbers

    c, ev = outcome.claim, outcome.evidence
    lines = [
        f"{c.id}: {outcome.verdict.value} ({c.kind} claim, provenance {c.provenance}, source {c.source})",
        f"  statement: {c.statement}",
    ]
    if ev is not None:
        lines.append("  " + evidence_numbers(ev))
    note = outcome.error if outcome.error else claim_note(outcome)
    if note:
        lines.append(f"  {note}")
    return "\n".join(lines)


def claim_tests(paper: str | None = None, *, size: str = "quick", seed: int = 0) -> Callable:
    """A pytest test parametrised over the claims of ``paper`` (all installed papers if None); bind it
    to a ``test_`` name in a test module::

        from paperchecks.testing import claim_tests

        test_claims = claim_tests("deeplinear")

    Reference: docs/adding-a-paper.md, "Claims in your own test suite".

    Args:
        paper: an installed paper id (None: every installed paper).
        size: ``"quick"`` (seconds per claim, the default) or ``"full"`` (the reproduce run's size).
        seed: the base seed of every PRNG key.

    Returns:
        The test function (one test item per claim id).

    Raises:
        ValueError: an unknown paper (the message lists the installed ones) or a bad ``size``.
    """
    import pytest

    from paperchecks.checks.catalog import claims
    from paperchecks.checks.registry import Size, run_claim

    run_size = Size(size, seed)  # validates size and seed
    selected = {c.id: c for c in claims(paper)}

    @pytest.mark.parametrize("claim_id", list(selected))
    def test_claim(claim_id: str) -> None:
        outcome = run_claim(selected[claim_id], run_size)
        if not outcome.verdict.ok:
            pytest.fail(describe_outcome(outcome), pytrace=False)

    test_claim.__doc__ = f"Every claim of {paper or 'every installed paper'} is PASS or REFUTED ({size} size)."
    return test_claim
