"""No figure is saved with NaN or infinite data (issue 10, "Divergence"): a diverged run is cut and
labelled, never drawn. :func:`figures.catalog.write_figures` checks every figure before saving."""

from __future__ import annotations

import types

import matplotlib.pyplot as plt
import numpy as np
import pytest

from paperchecks.figures import catalog


def _figure(kind: str, value: float):
    fig, ax = plt.subplots()
    ax.set_title("risk")
    data = np.array([1.0, 0.5, value])
    if kind == "line":
        ax.plot([1, 2, 3], data, label="hb")
    elif kind == "scatter":
        ax.scatter([1, 2, 3], data, label="points")
    elif kind == "band":
        ax.fill_between([1, 2, 3], data, 2 * np.abs(data), label="band")
    else:
        ax.imshow(np.outer(data, data))
    return fig


# fill_between drops NaN points itself (the band just ends), so a band is checked through the
# mean curve drawn with it, a line
@pytest.mark.parametrize("kind", ["line", "scatter", "image"])
@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_non_finite_data_is_found_and_named(kind, value):
    fig = _figure(kind, value)
    try:
        bad = catalog.non_finite_artists(fig)
    finally:
        plt.close(fig)
    assert len(bad) == 1 and bad[0].startswith("risk: ")


@pytest.mark.parametrize("kind", ["line", "scatter", "band", "image"])
def test_finite_figures_pass(kind):
    fig = _figure(kind, 0.25)
    try:
        assert catalog.non_finite_artists(fig) == []
    finally:
        plt.close(fig)


def test_a_figure_with_nan_is_not_written(tmp_path, monkeypatch):
    module = types.ModuleType("figures.fig_test_diverged")
    module.make = lambda quick, seed: _figure("line", np.nan)
    monkeypatch.setattr(catalog, "figure_modules", lambda paper=None: {"test": [module]})
    with pytest.raises(RuntimeError, match="fig_test_diverged would plot non-finite values .*risk: Line2D 'hb'"):
        catalog.write_figures("test", tmp_path, quick=True)
    assert not list(tmp_path.iterdir())


def test_one_colour_per_method_and_schedule():
    """The gallery palette (figures/style.py): no two methods or schedules share a colour, schedule
    specs map to their family, an unknown name is refused."""
    from paperchecks.figures.style import COLOURS, colour

    assert len(set(COLOURS.values())) == len(COLOURS)
    assert colour("wsd:0.2") == colour("wsd") and colour("inverse_power:0.5") == colour("inverse_sqrt")
    with pytest.raises(ValueError, match="name must be one of"):
        colour("adam")


def test_no_spec_section_numbers_in_figure_titles():
    """Titles say what a figure shows; where it comes from (spec sections, figure numbers) goes in the
    caption sidecar (issue 23)."""
    import re
    from pathlib import Path

    titles = re.compile(r"(finish\(fig, .*|set_title\(.*|suptitle\(.*|title=.*)")
    offenders = [
        f"{path.name}: {match.group(0)[:80]}"
        for path in sorted((Path(__file__).resolve().parents[1] / "figures").glob("fig_*.py"))
        for match in titles.finditer(path.read_text())
        if "§" in match.group(0) or re.search(r"\bspec\b", match.group(0))
    ]
    assert not offenders, offenders
