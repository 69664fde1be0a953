"""Saxe, McClelland, Ganguli, "Exact solutions to the nonlinear dynamics of learning in deep linear
neural networks" (arXiv 1312.6120): a paperchecks paper pack (docs/deeplinear.md), written by
``paperchecks new deeplinear`` and then filled in (paperchecks' docs/adding-a-paper.md walks through it).

``PAPER`` is what the entry point ``paperchecks.papers`` names; keep this module light (no JAX): the
claim and figure modules are imported only when their claims or figures are asked for.
"""

from paperchecks import Paper

PAPER = Paper(
    id="deeplinear",
    title="Saxe, McClelland, Ganguli: exact solutions to the nonlinear dynamics of learning in deep linear neural networks",
    arxiv="1312.6120",
    claims=("paperchecks_deeplinear.claims",),
    figures=("paperchecks_deeplinear.fig_deeplinear_modes", "paperchecks_deeplinear.fig_deeplinear_learning_time"),
)
