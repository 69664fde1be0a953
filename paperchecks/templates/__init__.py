"""The template of a paper pack, written by ``paperchecks new`` (:mod:`paperchecks.scaffold`).

The files under ``pack/`` end in ``.tmpl``; ``{{id}}``, ``{{package}}``, ``{{distribution}}``,
``{{title}}`` (``{{title_py}}``, ``{{title_toml}}``: quoted for Python / TOML), ``{{arxiv}}`` and
``{{arxiv_py}}`` are replaced, and a path component ``__package__`` becomes the package name.

Reference: docs/adding-a-paper.md.
"""
