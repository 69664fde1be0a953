"""Gaussian linear-regression problems in the eigenbasis of the covariance.

Data model (docs/papers/momentum.md §2.1, docs/papers/anytime.md §2.1): x ~ N(0, H), H = diag(lambda), y = <w*, x> + eps,
eps ~ N(0, sigma^2). Every method of the toolkit is rotation invariant, so a problem is fully
described by the spectrum ``lambda``, the initial error second moments
``init_sq_i = E e_{0,i}^2`` (e = w - w*) and the label-noise variance ``sigma^2``.
"""

from __future__ import annotations

import dataclasses

import jax
import numpy as np

from paperchecks.sims.validation import MAX_STEPS, check_bytes, fail, in_range, is_traced, positive_int, real_vector

__all__ = ["Problem"]


@dataclasses.dataclass(frozen=True)
class Problem:
    """A frozen pytree ``(eigenvalues, init_sq, noise_var)``.

    Attributes:
        eigenvalues: lambda_i > 0, shape (d,).
        init_sq: E e_{0,i}^2 >= 0 per eigendirection, shape (d,).
        noise_var: sigma^2 >= 0, the label-noise variance.

    The plain constructor validates concrete values (and stores them as float64 NumPy arrays), as
    :meth:`create` does; traced leaves are let through unchecked (equinox's ``__check_init__``
    pattern), and JAX rebuilds the pytree without calling the constructor. The named
    constructors :meth:`power_law` and :meth:`two_level` build the papers' spectra.

    Reference: docs/papers/momentum.md §2.1 (Gaussian linear regression in the eigenbasis of H), docs/papers/anytime.md §2.2.
    """

    eigenvalues: jax.Array | np.ndarray
    init_sq: jax.Array | np.ndarray
    noise_var: float | jax.Array = 0.0

    def __post_init__(self):
        if any(is_traced(leaf) for leaf in (self.eigenvalues, self.init_sq, self.noise_var)):
            return
        lam = real_vector("eigenvalues", self.eigenvalues, positive=True)
        m = real_vector("init_sq", self.init_sq, nonnegative=True)
        if m.shape != lam.shape:
            fail("init_sq", f"a 1-D array of the same length as eigenvalues ({lam.size})", m.shape)
        object.__setattr__(self, "eigenvalues", lam)
        object.__setattr__(self, "init_sq", m)
        object.__setattr__(self, "noise_var", in_range("noise_var", self.noise_var, low=0.0))

    @classmethod
    def unchecked(cls, eigenvalues, init_sq, noise_var) -> Problem:
        """A problem from arrays known to be valid (device arrays inside the engine), unchecked.

        Reference: docs/papers/momentum.md §2.1.

        Args:
            eigenvalues: lambda_i > 0.
            init_sq: E e_{0,i}^2 >= 0.
            noise_var: sigma^2 >= 0.

        Returns:
            The :class:`Problem`, its leaves as given.
        """
        problem = object.__new__(cls)
        for name, value in (("eigenvalues", eigenvalues), ("init_sq", init_sq), ("noise_var", noise_var)):
            object.__setattr__(problem, name, value)
        return problem

    @classmethod
    def create(cls, eigenvalues, init_sq, noise_var: float = 0.0) -> Problem:
        """The validated constructor, the same as ``Problem(eigenvalues, init_sq, noise_var)``.

        Reference: docs/papers/momentum.md §2.1.

        Args:
            eigenvalues: lambda_i > 0, finite, a 1-D array.
            init_sq: E e_{0,i}^2 >= 0, the same shape.
            noise_var: sigma^2 >= 0.

        Returns:
            The :class:`Problem` as float64 arrays.
        """
        return cls(eigenvalues, init_sq, noise_var)

    @classmethod
    def power_law(
        cls,
        d: int,
        capacity: float,
        source: float,
        noise_var: float = 0.0,
        scale: float = 1.0,
        normalize: bool = False,
    ) -> Problem:
        """Source/capacity problem (docs/papers/anytime.md §2.2): lambda_i = scale * i^(-a), w*_i^2 = i^(a - b).

        With w_0 = 0 the initial error is e_0 = -w*, so init_sq_i = i^(a-b) and
        lambda_i * init_sq_i = scale * i^(-b). ``normalize=True`` rescales to ||w*||_2 = 1 (the
        authors' ``sim_recursion.py`` and their committed figure-3 outputs).

        Args:
            d: dimension, >= 1.
            capacity: a > 0 (the theory needs a > 1 for a finite trace as d -> inf).
            source: b, any real (b > 1 for a finite ||w*||_H^2 as d -> inf).
            noise_var: sigma^2 >= 0.
            scale: lambda_1 > 0.
            normalize: rescale init_sq to sum 1.

        Returns:
            The :class:`Problem`.
        """
        d = positive_int("d", d, maximum=MAX_STEPS)
        check_bytes("d", d, 24.0 * d, "the spectrum and initial error (a few float64 vectors of length d)")
        a = in_range("capacity", capacity, low=0.0, low_open=True)
        b = real_vector("source", [source])[0]
        scale = in_range("scale", scale, low=0.0, low_open=True)
        i = np.arange(1, d + 1, dtype=np.float64)
        with np.errstate(over="ignore", under="ignore"):
            eigenvalues, init_sq = scale * i**-a, i ** (a - b)
        if not np.all((eigenvalues > 0) & np.isfinite(eigenvalues)):
            fail("capacity", f"small enough that scale * i^-capacity is a positive float64 for i <= d = {d}", capacity)
        if not np.all(np.isfinite(init_sq)) or (normalize and not np.isfinite(init_sq.sum())):
            fail("source", f"such that i^(capacity - source) is finite in float64 for i <= d = {d}", source)
        if normalize:
            init_sq = init_sq / init_sq.sum()
        return cls.create(eigenvalues, init_sq, noise_var)

    @classmethod
    def two_level(
        cls,
        d: int,
        kappa: float,
        bulk: float = 0.4,
        init: str = "isotropic",
        noise_var: float = 0.0,
    ) -> Problem:
        """docs/papers/momentum.md §5.3 Table A spectrum: lambda_1 = 1, d - 2 eigenvalues ``bulk``, lambda_d = 1/kappa.

        Args:
            d: dimension, >= 3.
            kappa: condition number lambda_1 / lambda_d, >= 1.
            bulk: the middle eigenvalue, in (1/kappa, 1].
            init: ``"isotropic"`` (E e_0^2 = 1 in every direction) or ``"risk-isotropic"``
                (lambda_i E e_{0,i}^2 equal, the convention of docs/papers/momentum.md §7 check 19).
            noise_var: sigma^2 >= 0.

        Returns:
            The :class:`Problem`.
        """
        d = positive_int("d", d, minimum=3)
        kappa = in_range("kappa", kappa, low=1.0)
        bulk = in_range("bulk", bulk, low=1.0 / kappa, high=1.0)
        lam = np.full(d, bulk)
        lam[0], lam[-1] = 1.0, 1.0 / kappa
        if init == "isotropic":
            init_sq = np.ones(d)
        elif init == "risk-isotropic":
            init_sq = 1.0 / lam
        else:
            fail("init", "one of 'isotropic', 'risk-isotropic'", init)
        return cls.create(lam, init_sq, noise_var)

    @property
    def dim(self) -> int:
        """Number of eigendirections d."""
        return int(np.shape(self.eigenvalues)[0])

    def initial_risk(self) -> float:
        """Excess risk at w_0: 1/2 sum_i lambda_i E e_{0,i}^2.

        Reference: docs/papers/momentum.md §2.1.

        Returns:
            The risk as a Python float.
        """
        return 0.5 * float(np.dot(np.asarray(self.eigenvalues), np.asarray(self.init_sq)))

    def replace(self, **changes) -> Problem:
        """A validated copy with some fields changed (e.g. ``noise_var=0`` for the bias run).

        Reference: docs/papers/momentum.md §2.1.

        Args:
            changes: new values of ``eigenvalues``, ``init_sq`` or ``noise_var``.

        Returns:
            The new :class:`Problem` (checked like :meth:`create`).
        """
        fields = {"eigenvalues": self.eigenvalues, "init_sq": self.init_sq, "noise_var": self.noise_var}
        fields.update(changes)
        return Problem.create(**fields)


jax.tree_util.register_pytree_node(
    Problem,
    lambda p: ((p.eigenvalues, p.init_sq, p.noise_var), None),
    lambda _, leaves: Problem.unchecked(*leaves),
)
