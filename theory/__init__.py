"""Closed forms of the supported papers, derived with sympy and lambdified to numpy.

This layer never imports JAX or ``sims``; it holds the small numeric helpers (slope fits) that
both the simulators and the checks need.
"""
