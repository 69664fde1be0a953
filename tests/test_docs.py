"""Every public function, method and class of the toolkit is documented (issue 10, "Docs"):
a docstring with an ``Args:`` section naming each parameter, a ``Returns:`` section (unless the
function is annotated ``-> None``) and a reference to the paper or the spec section it implements
(a spec file ``*.md`` with its section, an arXiv id, or a theorem / lemma / equation number).
Claim functions get their Args, Returns and Reference sections from :func:`paperchecks.checks.registry.claim`."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import paperchecks.checks.catalog  # noqa: F401  (registers the claims, which completes their docstrings)

PACKAGES = tuple(f"paperchecks.{name}" for name in ("sims", "theory", "checks", "figures", "explorer", "bench", "testing"))
REFERENCE = re.compile(r"\b\w+\.md\b|arXiv|§|\bTheorem\b|\bThm\b|\bLemma\b|\bProposition\b|\bCorollary\b|\bEq\.")
SECTION = re.compile(r"^(Args|Returns|Yields|Raises|Reference|Example|Examples):", re.M)


def _public_objects():
    """(qualified name, object) of every public function, class, method and property."""
    for package in PACKAGES:
        for info in pkgutil.iter_modules(importlib.import_module(package).__path__):
            module = importlib.import_module(f"{package}.{info.name}")
            for name, obj in vars(module).items():
                if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                    continue
                if inspect.isfunction(obj):
                    yield f"{module.__name__}.{name}", obj
                elif inspect.isclass(obj):
                    yield f"{module.__name__}.{name}", obj
                    for attr, member in vars(obj).items():
                        if attr.startswith("_"):
                            continue
                        member = member.__func__ if isinstance(member, staticmethod | classmethod) else member
                        if inspect.isfunction(member) or isinstance(member, property):
                            yield f"{module.__name__}.{name}.{attr}", member


def _section(doc: str, title: str) -> str | None:
    """The text of the ``title:`` section of a Google-style docstring (None if absent)."""
    match = re.search(rf"^{title}:\n?(.*?)(?=^\w+:\s*$|{SECTION.pattern}|\Z)", doc, re.M | re.S)
    return None if match is None else match.group(1)


def _problems(name: str, obj) -> list[str]:
    doc = (obj.__doc__ if isinstance(obj, property) else inspect.getdoc(obj)) or ""
    if not doc.strip():
        return ["no docstring"]
    if isinstance(obj, property):
        return []
    problems = [] if REFERENCE.search(doc) else ["no reference to a paper or spec section"]
    if inspect.isclass(obj):
        return problems
    signature = inspect.signature(obj)
    parameters = [p for p in signature.parameters if p not in ("self", "cls")]
    args = _section(doc, "Args")
    if parameters and args is None:
        problems.append("no Args section")
    elif parameters:
        missing = [p for p in parameters if not re.search(rf"(?<![\w.]){p}\b", args)]
        if missing:
            problems.append(f"Args does not name {missing}")
    if signature.return_annotation not in ("None", None) and _section(doc, "Returns") is None and _section(doc, "Yields") is None:
        problems.append("no Returns section")
    return problems


OBJECTS = dict(_public_objects())


def test_the_audit_sees_the_whole_toolkit():
    assert len(OBJECTS) > 400, len(OBJECTS)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_object_is_documented(package):
    failures = {n: p for n, o in OBJECTS.items() if n.startswith(package + ".") and (p := _problems(n, o))}
    assert not failures, "\n".join(f"{n}: {'; '.join(p)}" for n, p in sorted(failures.items()))


def test_nothing_points_outside_the_repository():
    """Docs, code, claims and the report cite ``docs/...`` in the repository, never the team's design
    folder next to the checkout, which a cloner does not have (issue 23)."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    needle = "../" + "shared"
    offenders = [
        name
        for name in tracked
        if name.endswith((".py", ".md", ".toml", ".txt", ".cfg")) and needle in (root / name).read_text(errors="ignore")
    ]
    assert not offenders, offenders


def test_every_claim_cites_a_document_in_the_repository():
    """Claims cite ``docs/papers/<paper>.md §n`` (issue 23): the files exist, and every cited section
    heading exists in its file."""
    from pathlib import Path

    from paperchecks.checks.catalog import claims
    from paperchecks.checks.papers import papers

    def project_root(paper: str) -> Path:
        """The built-in papers cite this repository's docs/, a pack its own project's docs/."""
        module = importlib.import_module(papers()[paper].claims[0])
        return Path(module.__file__).resolve().parents[1]  # checks/<paper>.py or <package>/claims.py

    missing = []
    for c in claims():
        root = project_root(c.paper)
        cited = re.findall(r"(docs/[\w/]+\.md)((?: §[\d.]+)?)", c.source)
        if not cited:
            missing.append(f"{c.id}: no docs/ reference in {c.source!r}")
        for path, section in cited:
            text = (root / path).read_text() if (root / path).is_file() else None
            if text is None:
                missing.append(f"{c.id}: {path} does not exist")
            elif section and not re.search(rf"^#+ {re.escape(section.strip())}(\s|$)", text, re.M):
                missing.append(f"{c.id}: {path} has no heading {section.strip()}")
    assert not missing, "\n".join(missing)


def test_cited_documents_exist():
    """Every ``docs/....md`` path named in the code or the docs is a file of the repository, or of a
    pack in ``packs/`` (whose files name their own docs/); ``docs/ID.md`` is the generator's
    placeholder for a new pack's page."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    roots = [root, *sorted(p for p in (root / "packs").iterdir() if (p / "pyproject.toml").is_file())]
    named = {
        m
        for name in tracked
        if name.endswith((".py", ".md"))
        for m in re.findall(r"\bdocs/[\w/-]+\.md\b", (root / name).read_text(errors="ignore"))
    }
    missing = [n for n in sorted(named - {"docs/ID.md"}) if not any((r / n).is_file() for r in roots)]
    assert named and not missing, missing
