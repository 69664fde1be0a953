"""Figures regenerated from theory + sims: one module ``fig_<paper>_<name>.py`` per figure, each
with ``make(quick: bool, seed: int = 0) -> matplotlib.figure.Figure``."""
