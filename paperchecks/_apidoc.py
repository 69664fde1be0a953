"""Render ``docs/api.md`` from the docstrings of the public API (:data:`paperchecks.__all__`).

``python -m paperchecks._apidoc > docs/api.md`` rewrites it; ``tests/test_api_doc.py`` fails when
the file and the docstrings disagree.
"""

from __future__ import annotations

import importlib
import inspect

import paperchecks

_HEADER = """# paperchecks: public API

Generated from the docstrings by `python -m paperchecks._apidoc > docs/api.md` (checked by
`tests/test_api_doc.py`). Everything below is importable from the root: `import paperchecks as pc;
pc.exact_risk(...)`. Sub-packages: `paperchecks.theory` (sympy closed forms), `paperchecks.sims`
(JAX simulators), `paperchecks.checks` (claims, report), `paperchecks.testing` (property-testing
kit), `paperchecks.figures`, `paperchecks.explorer`, `paperchecks.bench`, `paperchecks.cli`.
"""


def _summary(obj) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.split("\n\n")[0].replace("\n", " ").strip()


def _entry(name: str) -> str:
    obj = getattr(paperchecks, name)
    if inspect.ismodule(obj):
        return f"### `{name}` (module `{obj.__name__}`)\n\n{_summary(obj)}\n"
    if name == "__version__":
        return f"### `__version__`\n\nThe package version, `{obj}`.\n"
    if not callable(obj):
        return f"### `{name}`\n\n`{obj!r}` (from `{paperchecks._EXPORTS[name]}`).\n"
    try:
        signature = str(inspect.signature(obj))
    except (TypeError, ValueError):
        signature = "(...)"
    kind = "class" if inspect.isclass(obj) else "function"
    return f"### `{name}{signature}`\n\n{kind} in `{paperchecks._EXPORTS[name]}`. {_summary(obj)}\n"


def render() -> str:
    """The text of ``docs/api.md``: each public name, its signature and its docstring's first paragraph.

    Reference: README.md, "Using paperchecks as a library".

    Returns:
        The Markdown text.
    """
    importlib.import_module("paperchecks.checks.catalog")  # claims complete their docstrings on registration
    return "\n".join([_HEADER, *(_entry(name) for name in paperchecks.__all__)])


if __name__ == "__main__":
    print(render(), end="")
