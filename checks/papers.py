"""Papers, discovered by entry point: every paper the toolkit knows (the built-in ones included)
registers a :class:`Paper` under the entry-point group ``paperchecks.papers``.

A paper pack (``paperchecks new`` writes one; ``docs/adding-a-paper.md`` walks through it) declares,
in its ``pyproject.toml``::

    [project.entry-points."paperchecks.papers"]
    deeplinear = "paperchecks_deeplinear:PAPER"

and ``PAPER = Paper(id="deeplinear", title=..., arxiv=..., claims=("paperchecks_deeplinear.claims",),
figures=(...))``. Discovery only reads the installed distributions' metadata and imports the module
holding ``PAPER`` (keep it light: no JAX); the claim and figure modules are imported when a claim or
figure is asked for. ``list``, ``check``, ``figures``, ``reproduce`` and the report see every installed
pack; two distributions registering the same id are an error naming both.

Reference: docs/adding-a-paper.md; docs/design.md, "Layout".
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from collections.abc import Iterable
from importlib import metadata

__all__ = ["ENTRY_POINT_GROUP", "ID_PATTERN", "Paper", "PaperConflict", "UnknownName", "close_matches", "discover", "known_paper", "papers"]

#: the entry-point group under which a paper registers its :class:`Paper`
ENTRY_POINT_GROUP = "paperchecks.papers"

#: a paper id: lower case, starting with a letter, letters / digits / underscores, 2 to 32 characters
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{1,31}")


class UnknownName(ValueError):
    """An unknown paper or claim name; the message lists the valid ones.

    Reference: README.md, "Command line".
    """


class PaperConflict(RuntimeError):
    """Two installed distributions register the same paper id, or a registration is malformed.

    Reference: docs/adding-a-paper.md, "Registering the pack".
    """


@dataclasses.dataclass(frozen=True)
class Paper:
    """One paper the toolkit checks: what the report, the CLI and the figure writer need to know.

    Reference: docs/adding-a-paper.md, "Registering the pack".

    Attributes:
        id: the paper id (``[a-z][a-z0-9_]{1,31}``), the prefix of its claim ids (``id.name``).
        title: authors and title, as the report's section heading shows it.
        arxiv: the arXiv identifier (``""`` when there is none).
        claims: modules whose ``@claim(paper=id, ...)`` functions are the paper's claims.
        figures: modules with a ``make(*, quick, seed) -> Figure`` function, in gallery order.
        distribution: the installed distribution that registered the paper (filled by discovery).
    """

    id: str
    title: str
    arxiv: str = ""
    claims: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    distribution: str = ""

    def __post_init__(self):
        if not isinstance(self.id, str) or not ID_PATTERN.fullmatch(self.id):
            raise ValueError(f"id must match [a-z][a-z0-9_]{{1,31}} (lower case, a letter first), got {self.id!r}")
        if not self.title:
            raise ValueError("title must be a non-empty string")
        for field in ("claims", "figures"):
            value = getattr(self, field)
            if isinstance(value, str) or not all(isinstance(m, str) and m for m in value):
                raise ValueError(f"{field} must be a tuple of module names, got {value!r}")
            object.__setattr__(self, field, tuple(value))

    @property
    def heading(self) -> str:
        """The title with its arXiv id, as the report prints it."""
        return f"{self.title} (arXiv {self.arxiv})" if self.arxiv else self.title


def discover(entry_points: Iterable[metadata.EntryPoint] | None = None) -> dict[str, Paper]:
    """Load every registered :class:`Paper`: the built-in papers first, then the other distributions'
    by distribution name; by paper id within a distribution.

    Reference: docs/adding-a-paper.md, "Registering the pack".

    Args:
        entry_points: the entry points to load (default: the group ``paperchecks.papers`` of the
            installed distributions).

    Returns:
        paper id -> :class:`Paper`, with ``distribution`` filled in.

    Raises:
        PaperConflict: two distributions register the same id; an entry point's name differs from
            its paper's id or does not load a :class:`Paper`; nothing is registered at all.
    """
    found = list(metadata.entry_points(group=ENTRY_POINT_GROUP) if entry_points is None else entry_points)
    if not found:
        raise PaperConflict(
            f"no paper is registered under the entry-point group {ENTRY_POINT_GROUP!r}: reinstall paperchecks "
            "(`pip install -e .` in a checkout) so that its entry points are written"
        )

    def distribution(ep) -> str:
        return ep.dist.name if getattr(ep, "dist", None) is not None else "unknown distribution"

    found.sort(key=lambda ep: (distribution(ep) != "paperchecks", distribution(ep), ep.name))
    result: dict[str, Paper] = {}
    for ep in found:
        owner = distribution(ep)
        if ep.name in result:
            raise PaperConflict(
                f"paper id {ep.name!r} is registered twice: by {result[ep.name].distribution!r} ({result[ep.name].id}) "
                f"and by {owner!r} ({ep.value}); uninstall one of them"
            )
        try:
            paper = ep.load()
        except Exception as err:  # a broken pack is named, not a bare traceback
            raise PaperConflict(f"the paper entry point {ep.name} = {ep.value!r} of {owner!r} does not load: {err}") from err
        if not isinstance(paper, Paper):
            raise PaperConflict(
                f"the paper entry point {ep.name} = {ep.value!r} of {owner!r} must name a Paper, got {type(paper).__name__}"
            )
        if paper.id != ep.name:
            raise PaperConflict(f"the paper entry point {ep.name!r} of {owner!r} names the paper {paper.id!r}; they must agree")
        result[paper.id] = dataclasses.replace(paper, distribution=owner)
    return result


@functools.cache
def papers() -> dict[str, Paper]:
    """The installed papers (discovered once per process).

    Reference: docs/adding-a-paper.md.

    Returns:
        paper id -> :class:`Paper`.
    """
    return discover()


def close_matches(name: str, valid) -> str:
    """ "; did you mean X or Y?" for the closest valid names (difflib), or "".

    Reference: README.md, "Command line" (close-match suggestions for unknown names).

    Args:
        name: the name asked for.
        valid: the valid names, or a mapping from the names compared to the names shown.

    Returns:
        The suggestion, or "".
    """
    shown = valid if isinstance(valid, dict) else {v: v for v in valid}
    matches = list(dict.fromkeys(shown[m] for m in difflib.get_close_matches(name, list(shown), n=3, cutoff=0.6)))
    return f"; did you mean {' or '.join(matches)}?" if matches else ""


def known_paper(paper: str) -> Paper:
    """The installed paper ``paper``; anything else is :class:`UnknownName` with the close matches and
    the installed ids (no claim or figure module is imported).

    Reference: docs/adding-a-paper.md, "Registering the pack".

    Args:
        paper: a paper id.

    Returns:
        Its :class:`Paper`.

    Raises:
        UnknownName: ``paper`` is not installed.
    """
    known = papers()
    if paper not in known:
        raise UnknownName(f"unknown paper {paper!r}{close_matches(paper, list(known))}; valid papers: {', '.join(known)}")
    return known[paper]
