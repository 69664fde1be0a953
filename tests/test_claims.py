"""Every registered claim, in quick size, as its own test (outcomes kept in ``QUICK_OUTCOMES`` for
tests/test_determinism.py, which compares them with another process's run)."""

import pytest

from paperchecks.checks.catalog import claims
from paperchecks.checks.registry import Size, run_claim

QUICK_OUTCOMES: dict = {}


@pytest.mark.parametrize("claim", claims(), ids=lambda c: c.id)
def test_claim_quick(claim):
    outcome = QUICK_OUTCOMES[claim.id] = run_claim(claim, Size("quick"))
    assert outcome.verdict.ok, f"{claim.id}: {outcome.verdict.value} {outcome.evidence} {outcome.error}"
