"""Every registered claim, in quick size, as its own test."""

import pytest

from checks.catalog import claims
from checks.registry import Size, run_claim


@pytest.mark.parametrize("claim", claims(), ids=lambda c: c.id)
def test_claim_quick(claim):
    outcome = run_claim(claim, Size("quick"))
    assert outcome.verdict.ok, f"{claim.id}: {outcome.verdict.value} {outcome.evidence} {outcome.error}"
