"""The mutation harness (bench/mutate.py) stays applicable: every mutation's text occurs exactly once
in its file, so a refactor cannot silently turn a mutation into a no-op. The mutation run itself is
not part of the CI test run (docs/findings.md, "Mutation score")."""

import pytest

from paperchecks.bench.mutate import MUTATIONS, _repository, apply
from paperchecks.checks.papers import papers


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_every_mutation_applies_once_and_names_real_papers(mutation):
    text = (_repository() / mutation.path).read_text()
    assert text.count(mutation.old) == 1, mutation.name
    assert mutation.old != mutation.new
    assert mutation.papers and set(mutation.papers) <= set(papers())


def test_a_mutation_changes_the_copy_never_the_working_tree(tmp_path):
    mutation = MUTATIONS[0]
    before = (_repository() / mutation.path).read_text()
    mutated = apply(mutation, tmp_path).read_text()
    assert mutation.new in mutated and (_repository() / mutation.path).read_text() == before


def test_at_least_forty_mutations_over_every_paper():
    assert len(MUTATIONS) >= 40
    assert {m.papers[0] for m in MUTATIONS} >= {"linreg", "momentum", "anytime", "lmo", "lion", "spt", "refinement"}
