"""The explicit list of figures per paper, and the writer used by ``paperchecks figures``."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from figures import (  # noqa: E402
    fig_anytime_beyond_2a,
    fig_anytime_envelope,
    fig_anytime_slope_map,
    fig_anytime_synthetic,
    fig_linreg_exact_vs_mc,
    fig_lion_euler,
    fig_lion_k_family,
    fig_lion_lyapunov,
    fig_lion_phase_one,
    fig_lion_trajectories,
    fig_lmo_bound_tightness,
    fig_lmo_contours,
    fig_lmo_critical_batch,
    fig_lmo_iso_token,
    fig_lmo_regimes,
    fig_momentum_asgd_exponents,
    fig_momentum_compute,
    fig_momentum_exact_vs_mc,
    fig_momentum_frontier,
    fig_momentum_serial_runtime,
    fig_momentum_window,
    fig_spt_attention_maps,
    fig_spt_boundary_leak,
    fig_spt_theory_slopes,
    fig_spt_training_curves,
    fig_spt_w_spectrum,
)

FIGURES = {
    "linreg": [fig_linreg_exact_vs_mc],
    "anytime": [fig_anytime_synthetic, fig_anytime_slope_map, fig_anytime_envelope, fig_anytime_beyond_2a],
    "lion": [fig_lion_trajectories, fig_lion_phase_one, fig_lion_lyapunov, fig_lion_k_family, fig_lion_euler],
    "lmo": [fig_lmo_contours, fig_lmo_regimes, fig_lmo_iso_token, fig_lmo_critical_batch, fig_lmo_bound_tightness],
    "spt": [fig_spt_attention_maps, fig_spt_training_curves, fig_spt_theory_slopes, fig_spt_w_spectrum, fig_spt_boundary_leak],
    "momentum": [
        fig_momentum_serial_runtime,
        fig_momentum_compute,
        fig_momentum_frontier,
        fig_momentum_window,
        fig_momentum_exact_vs_mc,
        fig_momentum_asgd_exponents,
    ],
}


def write_figures(paper: str | None, out: Path, *, quick: bool, seed: int = 0, write: bool = True) -> list[Path]:
    """Render the figures of ``paper`` (all papers if None) as PNG (README) and PDF (papers).

    With ``write=False`` (the processes other than 0 of a multi-host run) the figures are computed,
    so that every process takes part in their sharded grids, but not saved; nothing is returned."""
    if paper is not None and paper not in FIGURES:
        raise ValueError(f"paper must be one of {', '.join(FIGURES)}, got {paper!r}")
    if write:
        out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, modules in FIGURES.items():
        if paper not in (None, name):
            continue
        for module in modules:
            fig = module.make(quick=quick, seed=seed)
            stem = module.__name__.rsplit(".", 1)[-1]
            for ext in ("png", "pdf") if write else ():
                path = out / f"{stem}.{ext}"
                # fixed metadata so that re-running does not change committed files needlessly
                fig.savefig(
                    path,
                    dpi=130,
                    metadata={"Software": None} if ext == "png" else {"Creator": None, "Producer": None, "CreationDate": None},
                )
                written.append(path)
            matplotlib.pyplot.close(fig)
    return written
