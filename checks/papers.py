"""The supported papers' ids and titles, importable without loading any claim (the command line's
``--help`` and argument checks use it).

Reference: README.md, "Command line"; docs/design.md, "Layout".
"""

from __future__ import annotations

__all__ = ["PAPERS", "UnknownName"]

PAPERS = {
    "linreg": "Shared Gaussian linear-regression engine (docs/papers/momentum.md §4, docs/papers/anytime.md §5)",
    "anytime": "Meterez, Nair, Morwani, Pehlevan, Kakade: anytime pretraining, horizon-free schedules with weight averaging (arXiv 2602.03702)",
    "lion": "Chen, Liu, Liang, Liu: Lion secretly solves constrained optimization, as Lyapunov predicts (arXiv 2310.05898, ICLR 2024)",
    "lmo": "Shulgin, von Rütte, Zhang, Ajroldi, Schölkopf, Orvieto: hyperparameter scaling laws from LMO convergence bounds (arXiv 2603.15958)",
    "spt": "Coser, Zollo, Soda, Orvieto: towards understanding self-pretraining for sequence classification (arXiv 2605.21070)",
    "momentum": "Morwani, Meterez, Nair, Kakade: compute efficiency and serial runtime of stochastic momentum (arXiv 2606.19179)",
    "refinement": "Defazio, Cutkosky, Mehta, Mishchenko: when, why and how much? Adaptive learning-rate scheduling by refinement; a last-iterate bound for any schedule (arXiv 2310.07831)",
}


class UnknownName(ValueError):
    """An unknown paper or claim name; the message lists the valid ones.

    Reference: README.md, "Command line".
    """
