"""The built-in papers' registrations: each is a :class:`~paperchecks.checks.papers.Paper` that
``pyproject.toml`` lists under the entry-point group ``paperchecks.papers``, exactly as a paper pack
registers its own (no special path for the built-in papers).

Reference: docs/adding-a-paper.md, "Registering the pack"; docs/papers/*.md.
"""

from __future__ import annotations

from paperchecks.checks.papers import Paper

__all__ = ["ANYTIME", "LINREG", "LION", "LMO", "MOMENTUM", "REFINEMENT", "SPT"]


def _figures(*stems: str) -> tuple[str, ...]:
    return tuple(f"paperchecks.figures.{stem}" for stem in stems)


LINREG = Paper(
    id="linreg",
    title="Shared Gaussian linear-regression engine (docs/papers/momentum.md §4, docs/papers/anytime.md §5)",
    claims=("paperchecks.checks.linreg",),
    figures=_figures("fig_linreg_exact_vs_mc"),
)
ANYTIME = Paper(
    id="anytime",
    title="Meterez, Nair, Morwani, Pehlevan, Kakade: anytime pretraining, horizon-free schedules with weight averaging",
    arxiv="2602.03702",
    claims=("paperchecks.checks.anytime",),
    figures=_figures("fig_anytime_synthetic", "fig_anytime_slope_map", "fig_anytime_envelope", "fig_anytime_beyond_2a"),
)
LION = Paper(
    id="lion",
    title="Chen, Liu, Liang, Liu: Lion secretly solves constrained optimization, as Lyapunov predicts (ICLR 2024)",
    arxiv="2310.05898",
    claims=("paperchecks.checks.lion",),
    figures=_figures("fig_lion_trajectories", "fig_lion_phase_one", "fig_lion_lyapunov", "fig_lion_k_family", "fig_lion_euler"),
)
LMO = Paper(
    id="lmo",
    title="Shulgin, von Rütte, Zhang, Ajroldi, Schölkopf, Orvieto: hyperparameter scaling laws from LMO convergence bounds",
    arxiv="2603.15958",
    claims=("paperchecks.checks.lmo",),
    figures=_figures("fig_lmo_contours", "fig_lmo_regimes", "fig_lmo_iso_token", "fig_lmo_critical_batch", "fig_lmo_bound_tightness"),
)
SPT = Paper(
    id="spt",
    title="Coser, Zollo, Soda, Orvieto: towards understanding self-pretraining for sequence classification",
    arxiv="2605.21070",
    claims=("paperchecks.checks.spt",),
    figures=_figures(
        "fig_spt_attention_maps", "fig_spt_training_curves", "fig_spt_theory_slopes", "fig_spt_w_spectrum", "fig_spt_boundary_leak"
    ),
)
MOMENTUM = Paper(
    id="momentum",
    title="Morwani, Meterez, Nair, Kakade: compute efficiency and serial runtime of stochastic momentum",
    arxiv="2606.19179",
    claims=("paperchecks.checks.momentum",),
    figures=_figures(
        "fig_momentum_serial_runtime",
        "fig_momentum_compute",
        "fig_momentum_frontier",
        "fig_momentum_window",
        "fig_momentum_exact_vs_mc",
        "fig_momentum_asgd_exponents",
    ),
)
REFINEMENT = Paper(
    id="refinement",
    title=(
        "Defazio, Cutkosky, Mehta, Mishchenko: when, why and how much? Adaptive learning-rate scheduling by refinement; "
        "a last-iterate bound for any schedule"
    ),
    arxiv="2310.07831",
    claims=("paperchecks.checks.refinement",),
    figures=_figures("fig_refinement_shapes", "fig_refinement_refined", "fig_refinement_worst_case"),
)
