"""paper_checks.html (issue 23): one self-contained page with MathML formulas, the figures embedded
beside their paper's claims and verdict filters; opened from disk in Chromium (headless)."""

import dataclasses
import re
import shutil

import pytest
from matplotlib.figure import Figure

from paperchecks.checks.catalog import claims
from paperchecks.checks.registry import Size, Verdict, run_claim
from paperchecks.checks.report import predicted_markdown, render
from paperchecks.checks.report_html import render_html

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """Two real refinement claims, one of them also as a (synthetic) FAIL row, and one figure."""
    size = Size("quick")
    outcomes = [
        run_claim(c, size) for c in claims("refinement") if c.name in ("reference_values", "refinement_with_constant_norms_is_linear")
    ]
    failed = dataclasses.replace(outcomes[0], verdict=Verdict.FAIL)
    outcomes.append(dataclasses.replace(failed, claim=dataclasses.replace(outcomes[0].claim, name="a_failed_copy")))
    folder = tmp_path_factory.mktemp("report")
    fig = Figure(figsize=(2, 2))
    fig.add_subplot().plot([0, 1], [1, 0])
    fig.savefig(folder / "fig_refinement_refined.png")
    html_path = folder / "paper_checks.html"
    html_path.write_text(render_html(outcomes, size, folder))
    return outcomes, html_path


def test_formulas_are_latex_in_markdown_and_mathml_in_html(page):
    outcomes, html_path = page
    markdown = render(outcomes, Size("quick"))
    assert r"$c_\star = \frac{\sqrt{A}}{\sqrt{B}}" in markdown
    assert predicted_markdown(outcomes[1].evidence).startswith("$w_t = ")
    text = html_path.read_text()
    assert text.count("<math") >= 2 and "data:image/png;base64," in text
    assert not re.search(r"""(src|href)=["']https?:""", text)  # nothing fetched from the network


@pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason="Chromium not found: install it with `sudo apt-get install chromium` (Debian/Ubuntu)"
)
def test_the_page_opens_offline_with_rendered_maths_figures_and_filters(page):
    playwright = pytest.importorskip("playwright.sync_api")
    _, html_path = page
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=flags)
        tab = browser.new_page()
        errors = []
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.goto(html_path.as_uri())
        widths = tab.evaluate("() => Array.from(document.querySelectorAll('math')).map(m => m.getBoundingClientRect().width)")
        assert widths and min(widths) > 20  # MathML laid out, not raw text
        assert tab.evaluate("() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        rows = tab.locator("tr.claim")
        assert rows.count() == 3
        tab.locator(".filters input[value='PASS']").uncheck()
        visible = tab.evaluate(
            "() => Array.from(document.querySelectorAll('tr.claim')).filter(r => r.style.display !== 'none').map(r => r.dataset.verdict)"
        )
        assert visible == ["FAIL"]
        browser.close()
    assert not errors, errors
