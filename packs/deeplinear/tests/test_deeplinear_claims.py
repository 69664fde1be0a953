"""Every claim of deeplinear as a test: PASS or REFUTED passes, anything else fails with its evidence."""

from paperchecks.testing import claim_tests

test_claims = claim_tests("deeplinear")
