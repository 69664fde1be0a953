"""Every installed paper's figures (the ``figures`` of its :class:`~paperchecks.checks.papers.Paper`),
and the writer used by ``paperchecks figures``."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType

import matplotlib
import matplotlib.collections
import matplotlib.image
import matplotlib.lines
import matplotlib.ticker
import numpy as np

from paperchecks.sims.precision import float64

matplotlib.use("Agg")

from paperchecks.checks.papers import known_paper, papers  # noqa: E402

__all__ = ["caption_of", "figure_modules", "non_finite_artists", "plain_log_ticks", "save_figure", "write_figures"]


def figure_modules(paper: str | None = None) -> dict[str, list[ModuleType]]:
    """The figure modules of every installed paper (or of one), imported on demand, in gallery order.

    Reference: docs/adding-a-paper.md, "Figures".

    Args:
        paper: an installed paper id (None: all).

    Returns:
        paper id -> its figure modules (each with ``make(*, quick, seed) -> Figure``); papers without
        figures are left out.

    Raises:
        UnknownName: (a ``ValueError``) for a paper id that no installed pack declares.
    """
    selected = papers() if paper is None else {paper: known_paper(paper)}
    return {key: [importlib.import_module(name) for name in entry.figures] for key, entry in selected.items() if entry.figures}


def non_finite_artists(fig) -> list[str]:
    """The plotted data of ``fig`` that is NaN or infinite (docs/design.md, Conventions: a diverging
    simulation is reported as diverged, never as NaN numbers), checked before a figure is saved.

    Looks at every line's (x, y) data, every collection's offsets and mapped values (scatter
    points, contour levels, meshes) and every image's pixels; masked entries count as non-finite
    too, since they are how matplotlib hides NaN. ``fill_between`` drops NaN points itself, so an
    error band is checked through the mean curve drawn with it.

    Args:
        fig: a :class:`matplotlib.figure.Figure`.

    Returns:
        One ``"<panel title>: <artist>"`` entry per offending artist (empty when all is finite).
    """
    bad = []
    for ax in fig.axes:
        for artist in ax.get_children():
            arrays = []
            if isinstance(artist, matplotlib.lines.Line2D):
                arrays.append(artist.get_xydata())
            elif isinstance(artist, matplotlib.collections.Collection):
                arrays += [artist.get_offsets(), artist.get_array()]
            elif isinstance(artist, matplotlib.image.AxesImage):
                arrays.append(artist.get_array())
            for data in arrays:
                if data is None or np.size(data) == 0:
                    continue
                data = np.ma.asarray(data, dtype=float)
                if np.ma.count_masked(data) or not np.isfinite(data.compressed()).all():
                    label = artist.get_label()
                    bad.append(f"{ax.get_title() or 'untitled panel'}: {type(artist).__name__} {label!r}")
                    break
    return bad


def write_figures(paper: str | None, out: Path, *, quick: bool, seed: int = 0, write: bool = True) -> list[Path]:
    """Render the figures of ``paper`` (all papers if None) as PNG (README) and PDF (papers).

    With ``write=False`` (the processes other than 0 of a multi-host run) the figures are computed,
    so that every process takes part in their sharded grids, but not saved; nothing is returned.

    Reference: docs/design.md, Layout (``figures/``: PNG for the README, PDF for papers); README.md, "Figures".

    Args:
        paper: an installed paper id (None: all).
        out: the output folder (created).
        quick: the reduced grids (seconds) instead of the reproduce run's.
        seed: the base seed passed to every figure.
        write: save the files (False on the processes other than 0).

    Returns:
        The written paths (PNG, PDF and the caption sidecar ``<stem>.caption.md`` per figure).
    """
    selected = figure_modules(paper)
    if write:
        out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, modules in selected.items():
        for module in modules:
            with float64():
                fig = module.make(quick=quick, seed=seed)
            stem = module.__name__.rsplit(".", 1)[-1]
            written += save_figure(fig, out, stem, write=write)
            if write:  # the caption sidecar: what the figure shows, where it comes from
                caption = out / f"{stem}.caption.md"
                caption.write_text(f"**{stem}** (paper `{name}`): {caption_of(module)}\n")
                written.append(caption)
    return written


def caption_of(module) -> str:
    """A figure's caption: the first paragraph of its module docstring (what it shows, and the spec
    figure or claim it comes from), on one line.

    Reference: docs/design.md, Layout (``figures/``); issue 23 (a caption per figure).

    Args:
        module: a figure module (:func:`figure_modules`).

    Returns:
        The caption.
    """
    return " ".join((module.__doc__ or module.__name__).split("\n\n")[0].split())


class _PlainLogFormatter(matplotlib.ticker.LogFormatter):
    """matplotlib's choice of which log ticks to label, written as plain numbers (``0.1``, ``30``)."""

    def _num_to_string(self, x, vmin, vmax):
        return f"{x:g}"


def plain_log_ticks(fig) -> None:
    """On log axes spanning numbers between 1e-3 and 1e4, label ticks as plain numbers (``30``,
    ``0.02``) instead of ``3 x 10^1``: the scientific labels of minor ticks collided on axes spanning
    about one decade. Wider or more extreme axes keep matplotlib's labels, and an axis whose ticks the
    figure labelled itself (``set_xticks(ticks, labels)``) is left alone.

    Reference: README.md, "Figures" (figures fit for a paper: no colliding tick labels); issue 23.

    Args:
        fig: a :class:`matplotlib.figure.Figure` (changed in place).
    """
    for ax in fig.axes:
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            low, high = sorted(axis.get_view_interval())
            if isinstance(axis.get_major_formatter(), matplotlib.ticker.FixedFormatter | matplotlib.ticker.FuncFormatter):
                continue  # the figure labelled its ticks itself
            if scale == "log" and low >= 1e-3 and high <= 1e4:
                axis.set_major_formatter(_PlainLogFormatter(labelOnlyBase=False))
                axis.set_minor_formatter(_PlainLogFormatter(labelOnlyBase=False, minor_thresholds=(1.2, 0.5)))


def save_figure(fig, out: Path, stem: str, *, write: bool = True, dpi: int = 130) -> list[Path]:
    """Check a figure for non-finite data (:func:`non_finite_artists`), save it as ``stem.png`` and
    ``stem.pdf`` through temporary files renamed when complete (an interrupt leaves no half file),
    with fixed metadata (re-running does not change committed files needlessly), and close it.

    Reference: docs/design.md, Layout (``figures/``); docs/design.md, Conventions (divergence is never drawn as NaN).

    Args:
        fig: the :class:`matplotlib.figure.Figure`.
        out: the output folder (it must exist when ``write``).
        stem: the file name without extension.
        write: save the files (False: check and close only).
        dpi: the PNG resolution.

    Returns:
        The written paths.

    Raises:
        RuntimeError: when the figure would plot NaN or inf.
    """
    if bad := non_finite_artists(fig):
        matplotlib.pyplot.close(fig)
        raise RuntimeError(
            f"figure {stem} would plot non-finite values ({'; '.join(bad)}): a diverged run must be cut "
            "and labelled as diverged, never drawn as NaN or inf"
        )
    plain_log_ticks(fig)
    written = []
    for ext in ("png", "pdf") if write else ():
        path = out / f"{stem}.{ext}"
        partial = out / f".{stem}.{ext}.partial"
        fig.savefig(
            partial,
            format=ext,
            dpi=dpi,
            metadata={"Software": None} if ext == "png" else {"Creator": None, "Producer": None, "CreationDate": None},
        )
        os.replace(partial, path)
        written.append(path)
    matplotlib.pyplot.close(fig)
    return written
