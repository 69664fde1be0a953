"""The batch sweeps behind the momentum paper's figures 1-3 (docs/papers/momentum.md §6): tuned gaps of SGD,
HB and ASGD on a slowly (a = 0.5) and a rapidly (a = 2) decaying power law, d = 100,
B = 2^0..2^16. Serial runtime is read as 1/g*(B) iterations per e-fold of the risk
(T*_eps ~ log(1/eps)/g*, checked by ``momentum.t_eps_matches_gap``)."""

from __future__ import annotations

from paperchecks.figures.style import colour
from paperchecks.sims.momentum import power_law, spectrum, tuned_sweep
from paperchecks.theory import momentum as theory

__all__ = ["METHOD_STYLES", "SPECTRA", "batches", "full_batch_runtimes", "log_axes", "sweep", "title"]

METHOD_STYLES = tuple((method, label, colour(method)) for method, label in (("sgd", "SGD"), ("hb", "heavy ball"), ("asgd", "ASGD")))
SPECTRA = (power_law(0.5, 100), power_law(2.0, 100))


def batches(quick: bool) -> tuple:
    """The batch grid of the momentum figures: the powers of 2 from 1 to 2^16 (every other one
    with ``quick``) (docs/papers/momentum.md §6 figures 1-3).

    Args:
        quick: the reduced grid.

    Returns:
        The batch sizes.
    """
    return tuple(2.0**k for k in range(0, 17, 2 if quick else 1))


def sweep(quick: bool) -> dict:
    """{spectrum key: {method: TunedGap}} (memoised by :func:`sims.momentum.tuned_sweep`).

    Reference: docs/papers/momentum.md §6 figures 1-3 (the spectra and batch grid of the figures).

    Args:
        quick: the reduced sweep.

    Returns:
        The tuned gaps.
    """
    return {key: {m: tuned_sweep(key, m, batches(quick)) for m, _, _ in METHOD_STYLES} for key in SPECTRA}


def full_batch_runtimes(key: tuple) -> dict:
    """1/g at B = inf for SGD and for HB/ASGD (the horizontal asymptotes of figure 1).

    Reference: docs/papers/momentum.md §5.2-5.3 (the deterministic rates), §6 figure 1.

    Args:
        key: a spectrum key of :mod:`sims.momentum`.

    Returns:
        ``{method: 1/g at B = inf}``.
    """
    lam = spectrum(key)
    kappa = float(lam.max() / lam.min())
    return {"sgd": 1.0 / theory.deterministic_gap_value("sgd", kappa), "hb": 1.0 / theory.deterministic_gap_value("hb", kappa)}


def title(key: tuple) -> str:
    """A panel title for a spectrum key: its legend label and whether the spectrum decays slowly or
    fast (docs/papers/momentum.md §5.3 Table A, §2.2 power laws).

    Args:
        key: a spectrum key of :mod:`sims.momentum`.

    Returns:
        The title.
    """
    spectrum = rf"two-level, $\kappa = {key[1]:g}$" if key[0] == "two-level" else rf"$\lambda_i = i^{{-{key[1]:g}}}$, $d = {key[2]}$"
    return f"{spectrum} ({'slow' if key[1] <= 1 else 'fast'} decay)"


def log_axes(ax, xlabel: str, ylabel: str) -> None:
    """Log-log axes with the given labels and a major and minor grid (docs/papers/momentum.md §6 figures).

    Args:
        ax: the matplotlib axes.
        xlabel: the x label.
        ylabel: the y label.
    """
    ax.set(xscale="log", yscale="log", xlabel=xlabel, ylabel=ylabel)
    ax.grid(True, which="both", alpha=0.3)
