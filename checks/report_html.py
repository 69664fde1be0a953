"""Render ``paper_checks.html``: the report as one self-contained page that opens from disk offline.

The same rows as ``paper_checks.md`` (:mod:`paperchecks.checks.report`), with every predicted closed
form as MathML (converted from the claim's LaTeX by ``latex2mathml``; browsers render MathML natively,
with no script and no network), each paper's figures embedded beside its claims (PNG as data URIs),
and verdict filters (a few lines of inline script: tick a verdict to show or hide its rows).

Reference: docs/design.md, Layout (``paper_checks.md``); issue 23 (a report with rendered formulas).
"""

from __future__ import annotations

import base64
import datetime
import html
from pathlib import Path

from paperchecks.checks.papers import papers
from paperchecks.checks.registry import Outcome, Size, Verdict
from paperchecks.checks.report import COLUMNS, claim_note, format_value, header, summary_line

__all__ = ["mathml", "render_html"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 1500px; color: #222; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.88em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; }
th { background: #f2f2f2; }
tr.PASS td.verdict { color: #1a7f37; font-weight: bold; }
tr.REFUTED td.verdict { color: #8250df; font-weight: bold; }
tr.FAIL td.verdict, tr.ERROR td.verdict, tr.DIVERGED td.verdict, tr.UNEXPECTED td.verdict { color: #cf222e; font-weight: bold; }
tr.INCONCLUSIVE td.verdict { color: #9a6700; font-weight: bold; }
figure { display: inline-block; margin: 0.5em; max-width: 48%; vertical-align: top; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.8em; color: #555; }
.filters label { margin-right: 1em; }
math { font-size: 1.2em; }
"""

_SCRIPT = """
function applyFilters() {
  const shown = new Set(Array.from(document.querySelectorAll('.filters input:checked')).map(b => b.value));
  document.querySelectorAll('tr.claim').forEach(r => { r.style.display = shown.has(r.dataset.verdict) ? '' : 'none'; });
}
document.querySelectorAll('.filters input').forEach(b => b.addEventListener('change', applyFilters));
"""


def mathml(latex: str) -> str:
    """``latex`` as inline MathML (``<math>...</math>``), or as escaped code if it cannot be converted.

    Reference: docs/design.md, Layout (``paper_checks.md``); issue 23 (maths rendered natively by the browser, offline).

    Args:
        latex: a LaTeX formula (as ``sympy.latex`` writes it).

    Returns:
        The HTML fragment.
    """
    try:
        from latex2mathml.converter import convert

        return convert(latex)
    except Exception:  # noqa: BLE001 - an unconvertible formula is shown as source, never dropped
        return f"<code>{html.escape(latex)}</code>"


def _inline(text: str) -> str:
    """Markdown's `code` spans as <code>, the rest escaped."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


def _header_html(lines: list[str]) -> list[str]:
    """The Markdown header as HTML: "- " lines as one list, wrapped lines joined into paragraphs."""
    out, items, paragraph = [], [], []
    for line in [*lines, ""]:
        text = line.strip()
        if text.startswith("- "):
            items.append(f"<li>{_inline(text[2:])}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if text:
            paragraph.append(text)
        elif paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph = []
    return out


def _cell(text: str, cls: str = "") -> str:
    return f"<td{f' class={cls!r}' if cls else ''}>{text}</td>"


def _figures(paper: str, figures: Path | None) -> str:
    """The paper's PNG figures as embedded images (the catalog's order), with their names."""
    if figures is None:
        return ""
    from paperchecks.figures.catalog import caption_of, figure_modules

    parts = []
    for module in figure_modules(paper).get(paper, []):
        name = module.__name__.rsplit(".", 1)[1]
        png = figures / f"{name}.png"
        if png.is_file():
            data = base64.b64encode(png.read_bytes()).decode()
            caption = html.escape(caption_of(module))
            parts.append(
                f'<figure><img alt="{name}" src="data:image/png;base64,{data}"><figcaption>{name}: {caption}</figcaption></figure>'
            )
    return "\n".join(parts)


def render_html(outcomes: list[Outcome], size: Size, figures: Path | None = None, date: str | None = None) -> str:
    """The full HTML report: header, verdict filters, one section per paper with its claims table
    (MathML formulas), notes, evidence tables, deviations and figures.

    Reference: docs/design.md, Layout (``paper_checks.md``: one row per claim); issue 23.

    Args:
        outcomes: the :class:`Outcome` list.
        size: the :class:`Size`.
        figures: the folder holding ``fig_*.png`` (None: no figures).
        date: the date (default now).

    Returns:
        The HTML text (UTF-8, no external resource).
    """
    date = date or datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = ["<h1>paperchecks: claims and verdicts</h1>"]
    body += _header_html(header(size, date)[1:])
    body.append(f"<p><b>Summary:</b> {html.escape(summary_line(outcomes))}.</p>")
    present = [v.value for v in Verdict if any(o.verdict is v for o in outcomes)]
    boxes = "".join(f'<label><input type="checkbox" value="{v}" checked> {v}</label>' for v in present)
    body.append(f'<p class="filters"><b>Show:</b> {boxes}</p>')
    for paper, entry in papers().items():
        rows = [o for o in outcomes if o.claim.paper == paper]
        if not rows:
            continue
        body.append(f'<h2 id="{paper}">{html.escape(paper)}: {html.escape(entry.heading)}</h2>')
        body.append("<table><tr>" + "".join(f"<th>{c}</th>" for c in COLUMNS) + "</tr>")
        notes, tables = [], []
        for o in rows:
            ev = o.evidence
            predicted = ""
            if ev is not None:
                value = html.escape(format_value(ev.predicted, markdown=False))
                number = isinstance(ev.predicted, int | float)
                predicted = (mathml(ev.formula) + (f" = {value}" if number else "")) if ev.formula else value
            cells = [
                _cell(f"<code>{html.escape(o.claim.name)}</code>"),
                _cell(html.escape(o.claim.statement)),
                _cell(html.escape(o.claim.source)),
                _cell(o.claim.provenance + ("+" if o.claim.deviations else "")),
                _cell(predicted, "predicted"),
                _cell(html.escape(format_value(ev.measured, markdown=False)) if ev else ""),
                _cell(html.escape(format_value(ev.tolerance, markdown=False)) if ev else ""),
                _cell(o.verdict.value, "verdict"),
                _cell(f"{o.seconds:.1f}"),
            ]
            body.append(f'<tr class="claim {o.verdict.value.split()[0]}" data-verdict="{o.verdict.value}">{"".join(cells)}</tr>')
            detail = claim_note(o)
            if detail:
                notes.append(f"<li><code>{html.escape(o.claim.name)}</code>: {html.escape(detail)}</li>")
            if ev is not None and ev.table:
                head, *table = ev.table
                tables.append(
                    f"<p><code>{html.escape(o.claim.name)}</code>:</p><table><tr>"
                    + "".join(f"<th>{html.escape(str(c))}</th>" for c in head)
                    + "</tr>"
                    + "".join(
                        "<tr>" + "".join(f"<td>{html.escape(format_value(c, markdown=False))}</td>" for c in r) + "</tr>" for r in table
                    )
                    + "</table>"
                )
        body.append("</table>")
        if notes:
            body.append("<ul>" + "".join(notes) + "</ul>")
        body += tables
        deviations = [f"<li><code>{html.escape(o.claim.name)}</code>: {html.escape(str(d))}</li>" for o in rows for d in o.claim.deviations]
        if deviations:
            body.append("<p>Deviations from the spec (what: value used (spec: value); why):</p><ul>" + "".join(deviations) + "</ul>")
        body.append(_figures(paper, figures))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>paperchecks report</title>'
        f"<style>{_STYLE}</style></head><body>\n" + "\n".join(body) + f"\n<script>{_SCRIPT}</script>\n</body></html>\n"
    )
