"""The claims of every installed paper: the papers come from the entry-point group
``paperchecks.papers`` (:mod:`paperchecks.checks.papers`), their claim modules are imported on the
first call of :func:`claims`.

Adding a paper: ``paperchecks new ID`` writes a pack that registers itself (docs/adding-a-paper.md).
"""

from __future__ import annotations

import functools
import importlib

from paperchecks.checks.papers import UnknownName, close_matches, known_paper, papers
from paperchecks.checks.registry import Claim, Size, Verdict, registered, run_claim

__all__ = ["UnknownName", "claims", "verdict"]


@functools.cache
def _import_claim_modules() -> None:
    """Import every installed paper's claim modules (once per process)."""
    for paper in papers().values():
        for module in paper.claims:
            importlib.import_module(module)


def _load_claims() -> tuple[Claim, ...]:
    """The registered claims, grouped by paper in the papers' order. A claim registered for a paper
    that no installed pack declares is an error."""
    _import_claim_modules()
    known = papers()
    everything = registered()
    strays = sorted({c.id for c in everything if c.paper not in known})
    if strays:
        raise UnknownName(f"claims registered for papers that no installed pack declares: {', '.join(strays)}")
    return tuple(c for paper in known for c in everything if c.paper == paper)


def claims(paper: str | None = None, claim_id: str | None = None) -> list[Claim]:
    """Registered claims, optionally restricted to one paper or one claim id (``paper.name``).

    Reference: docs/design.md, "A claim"; docs/adding-a-paper.md.

    Args:
        paper: an installed paper id (:func:`paperchecks.checks.papers.papers`; None: all).
        claim_id: ``paper.name`` (None: all).

    Returns:
        The :class:`Claim` entries, in registration order.

    Raises:
        UnknownName: for an unknown paper or claim.
    """
    if paper is not None:
        known_paper(paper)
    everything = _load_claims()
    selected = [c for c in everything if paper is None or c.paper == paper]
    if claim_id is not None:
        matches = [c for c in selected if claim_id in (c.id, c.name)]
        if not matches:
            close = close_matches(claim_id, {key: c.id for c in selected for key in (c.id, c.name)})
            prefix = claim_id.partition(".")[0]
            if prefix in papers():  # name the claims of the paper the id starts with, not all of them
                listing = f"claims of {prefix}: {', '.join(c.id for c in selected if c.paper == prefix)}"
            else:
                listing = "`paperchecks list` shows every claim"
            raise UnknownName(f"unknown claim {claim_id!r}{close}; {listing}")
        selected = matches
    return selected


def verdict(claim_id: str, size: Size | None = None) -> Verdict:
    """Run one claim (``paper.name``) and return its verdict (quick size by default): the one-liner
    behind every sabotage test.

    Reference: docs/design.md, "A claim" (every claim can fail).

    Args:
        claim_id: ``paper.name``.
        size: the :class:`Size` (default quick, seed 0).

    Returns:
        The :class:`Verdict`.
    """
    (selected,) = claims(claim_id=claim_id)
    return run_claim(selected, size or Size("quick")).verdict
