"""Every registered claim, in quick size, as its own test (outcomes kept in ``QUICK_OUTCOMES`` for
tests/test_determinism.py, which compares them with another process's run).

Each paper's claims form one test class, ``TestClaims_<paper>``: under pytest-xdist's ``--dist
loadscope`` (README, command 2) a class runs on one worker, so the runs a paper's claims share
(memoised: the SPT claims' eight trained arms, the anytime claims' official-figure curves) are
computed once. Every other test module goes to whichever worker is free."""

import pytest

from paperchecks.checks.catalog import claims
from paperchecks.checks.registry import Size, run_claim

QUICK_OUTCOMES: dict = {}


def _paper_class(paper: str) -> type:
    @pytest.mark.parametrize("claim", claims(paper), ids=lambda c: c.id)
    def test_claim_quick(self, claim):
        outcome = QUICK_OUTCOMES[claim.id] = run_claim(claim, Size("quick"))
        assert outcome.verdict.ok, f"{claim.id}: {outcome.verdict.value} {outcome.evidence} {outcome.error}"

    return type(f"TestClaims_{paper}", (), {"__doc__": f"The {paper} paper's claims, quick size.", "test_claim_quick": test_claim_quick})


for _paper in dict.fromkeys(c.paper for c in claims()):
    globals()[f"TestClaims_{_paper}"] = _paper_class(_paper)


def test_every_inequality_claim_can_fail_in_both_directions():
    """Each one-sided claim names its tightness companion (an existing claim) or says how it is
    two-sided itself (docs/verdicts.md, "Both directions"): a simulator that is too good must fail
    somewhere too."""
    ids = {c.id for c in claims()}
    for c in claims():
        if c.kind != "inequality":
            continue
        assert c.tightness, f"{c.id} has no tightness companion"
        assert c.tightness.startswith("two-sided: ") or c.tightness in ids, f"{c.id}: unknown companion {c.tightness!r}"
        assert c.tightness != c.id, f"{c.id} names itself"


def test_provenance_paper_never_rests_on_a_reconstruction():
    """A claim whose predicted value comes from the reconstructed LMO bound is not labelled ``paper``
    (docs/verdicts.md, "Provenance"); the statement relayed by secondary sources says so."""
    by_id = {c.id: c for c in claims()}
    for name in ("lmo.r2_exponents", "lmo.r4_joint_exponents", "lmo.transfer_rules_constant_free"):
        assert by_id[name].provenance == "reconstructed"
    assert by_id["anytime.gamma_star_minimax_beyond_2a"].provenance == "relayed"
