"""docs/api.md is generated from the docstrings of the public API and must match them."""

from pathlib import Path

from paperchecks._apidoc import render

API_DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_api_doc_matches_the_docstrings():
    assert API_DOC.read_text() == render(), "docs/api.md is stale: python -m paperchecks._apidoc > docs/api.md"
