"""``paperchecks new``: scaffold an installable paper pack from the template in
``paperchecks/templates/pack`` (a pyproject registering the paper under ``paperchecks.papers``, a
sympy closed form, a JAX simulator, an equality claim, an inequality claim with its tightness
companion, a figure, a sabotage test, a property test, the paper's docs page and a README).

Fresh from the generator, ``pip install -e`` of the pack and ``pytest`` in it pass, and
``paperchecks check --paper ID`` runs its claims (tests/test_packs.py does all three).

Reference: docs/adding-a-paper.md.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from paperchecks.checks.papers import ID_PATTERN, PaperConflict, papers

__all__ = ["new_pack"]

_SUFFIX = ".tmpl"


def _template_files():
    """(relative path parts, text) of every template file."""
    root = resources.files("paperchecks.templates") / "pack"

    def walk(node, parts):
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                yield from walk(child, (*parts, child.name))
            elif child.name.endswith(_SUFFIX):
                yield (*parts, child.name[: -len(_SUFFIX)]), child.read_text(encoding="utf-8")

    yield from walk(root, ())


def new_pack(paper_id: str, directory: str | Path | None = None, *, title: str = "", arxiv: str = "") -> list[Path]:
    """Write a new paper pack for ``paper_id``.

    Reference: docs/adding-a-paper.md, "Scaffolding".

    Args:
        paper_id: the paper id, ``[a-z][a-z0-9_]{1,31}``, not an installed paper's.
        directory: where to write the pack (created; it must not exist). Default ``./<paper_id>``.
        title: authors and title (default: a placeholder naming the id).
        arxiv: the arXiv identifier, e.g. ``"1312.6120"`` (optional).

    Returns:
        The written files.

    Raises:
        ValueError: an invalid or already installed id, or an existing ``directory``.
    """
    if not isinstance(paper_id, str) or not ID_PATTERN.fullmatch(paper_id):
        raise ValueError(f"the paper id must match [a-z][a-z0-9_]{{1,31}} (lower case, a letter first), got {paper_id!r}")
    try:
        installed = papers()
    except PaperConflict:
        installed = {}
    if paper_id in installed:
        raise ValueError(f"the paper id {paper_id!r} is already installed (by {installed[paper_id].distribution!r}); choose another id")
    target = Path(directory if directory is not None else paper_id)
    if target.exists():
        raise ValueError(f"the pack folder {str(target)!r} exists already: choose another --dir")
    if any(c in (title + arxiv) for c in "\n\r\\") or '"""' in title:
        raise ValueError("title and arxiv must be single lines without backslashes or triple quotes (they go into docstrings)")
    title = title.strip() or f"The {paper_id} paper (title to be filled in)"
    package = f"paperchecks_{paper_id}"
    values = {
        "{{id}}": paper_id,
        "{{package}}": package,
        "{{distribution}}": f"paperchecks-{paper_id.replace('_', '-')}",
        "{{title}}": title,
        "{{title_py}}": json.dumps(title, ensure_ascii=False),  # a Python string literal in double quotes
        "{{title_toml}}": json.dumps(title, ensure_ascii=False),
        "{{arxiv}}": arxiv,
        "{{arxiv_py}}": json.dumps(arxiv, ensure_ascii=False),
        "{{arxiv_note}}": f" (arXiv {arxiv})" if arxiv else "",
        "{{arxiv_line}}": f"arXiv {arxiv}: https://arxiv.org/abs/{arxiv}" if arxiv else "arXiv: none given.",
    }
    written = []
    for parts, text in _template_files():
        path = target.joinpath(*(part.replace("__package__", package).replace("__id__", paper_id) for part in parts))
        for token, value in values.items():
            text = text.replace(token, value)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
