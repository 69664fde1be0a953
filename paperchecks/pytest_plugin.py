"""The pytest plugin (registered under ``pytest11``): ``pytest --paperchecks`` runs every installed
paper's claims as test items, ``--paperchecks=PAPER[,PAPER]`` only those papers'.

PASS and REFUTED pass; any other verdict fails with the evidence in the report
(:func:`paperchecks.testing.claims.describe_outcome`). ``--paperchecks-size full`` runs the
reproduce run's size. Without the option the plugin adds nothing and imports nothing heavy.

Reference: docs/adding-a-paper.md, "Claims in your own test suite".
"""

from __future__ import annotations

import pytest

__all__ = ["ClaimItem"]


class _ClaimNotOk(Exception):
    """A claim whose verdict is not PASS or REFUTED."""


class ClaimItem(pytest.Item):
    """One claim as a test item.

    Reference: docs/adding-a-paper.md, "Claims in your own test suite".
    """

    def __init__(self, *, claim, size, **kwargs):
        super().__init__(**kwargs)
        self.claim = claim
        self.size = size
        self.add_marker(pytest.mark.paperchecks)

    def runtest(self) -> None:
        """Run the claim; a verdict other than PASS or REFUTED raises with the evidence."""
        from paperchecks.checks.registry import run_claim
        from paperchecks.testing.claims import describe_outcome

        outcome = run_claim(self.claim, self.size)
        self.user_properties.append(("verdict", outcome.verdict.value))
        if not outcome.verdict.ok:
            raise _ClaimNotOk(describe_outcome(outcome))

    def repr_failure(self, excinfo, style=None):
        """The evidence, not a traceback, for a claim that is not ok."""
        if isinstance(excinfo.value, _ClaimNotOk):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, None, f"paperchecks claim {self.claim.id}"


def pytest_addoption(parser) -> None:
    group = parser.getgroup("paperchecks", "paperchecks claims as tests")
    group.addoption(
        "--paperchecks",
        nargs="?",
        const="",
        default=None,
        metavar="PAPER[,PAPER]",
        help="run the installed papers' claims as test items (all papers, or the comma-separated ids given)",
    )
    group.addoption("--paperchecks-size", choices=("quick", "full"), default="quick", help="claim size (default quick)")
    group.addoption("--paperchecks-seed", type=int, default=0, help="base seed of every PRNG key (default 0)")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "paperchecks: a paperchecks claim collected by --paperchecks")


@pytest.hookimpl(tryfirst=True)  # before -k / -m deselection, which then applies to the claims too
def pytest_collection_modifyitems(session, config, items) -> None:
    wanted = config.getoption("paperchecks")
    if wanted is None:
        return
    from paperchecks.checks.catalog import claims
    from paperchecks.checks.registry import Size

    size = Size(config.getoption("paperchecks_size"), config.getoption("paperchecks_seed"))
    ids = [p.strip() for p in wanted.split(",") if p.strip()] or [None]
    try:
        selected = [c for paper in ids for c in claims(paper)]
    except ValueError as err:
        raise pytest.UsageError(f"--paperchecks: {err}") from None
    items.extend(ClaimItem.from_parent(session, name=c.id, claim=c, size=size) for c in selected)
