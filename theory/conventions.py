"""Names shared by every layer (theory, sims, checks, figures, explorer), defined once.

Reference: docs/papers/momentum.md §3 (SGD §3.1, heavy ball §3.2, ASGD §3.4); docs/design.md, "Layout" (a helper
two layers need lives in the lowest one).
"""

__all__ = ["METHODS"]

#: the linear-regression methods of the shared engine: SGD, heavy ball, ASGD (momentum form)
METHODS = ("sgd", "hb", "asgd")
