"""The claims registry: one function per claim, returning its evidence (docs/design.md, "A claim").

A claim pairs a closed form (or a reference value, or a symbolic identity) with a simulation::

    @claim(paper="linreg", source="docs/papers/momentum.md §4.2", provenance="reconstructed", kind="equality")
    def exact_matches_reference(size: Size) -> Evidence:
        '''The exact recursion reproduces the d = 2 reference values to 1e-8 relative.'''

Paper modules register their claims on import; :mod:`checks.catalog` lists those modules
explicitly (no import-everything magic).
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import time
import traceback
import zlib
from collections.abc import Callable

import jax
import numpy as np

from paperchecks.sims.precision import float64
from paperchecks.sims.statistics import tagged_key

__all__ = [
    "Claim",
    "Deviation",
    "EXPECTATIONS",
    "Evidence",
    "KINDS",
    "Outcome",
    "PROVENANCES",
    "Size",
    "Verdict",
    "claim",
    "registered",
    "run_claim",
    "verdict_for",
]

PROVENANCES = ("paper", "relayed", "reconstructed", "heuristic")
KINDS = ("identity", "equality", "inequality", "exponent", "qualitative")
EXPECTATIONS = ("holds", "refuted")


class Verdict(enum.StrEnum):
    """A claim's outcome in the report (``ok``: not a failure).

    Reference: docs/design.md, "A claim"; README.md, "Claims and how they are verified".
    """

    PASS = "PASS"
    FAIL = "FAIL"
    REFUTED = "REFUTED"
    UNEXPECTED_PASS = "UNEXPECTED PASS"
    INCONCLUSIVE = "INCONCLUSIVE"
    DIVERGED = "DIVERGED"
    ERROR = "ERROR"

    @property
    def ok(self) -> bool:
        """PASS and REFUTED (an expected negative finding) do not fail a run."""
        return self in (Verdict.PASS, Verdict.REFUTED)


@dataclasses.dataclass(frozen=True)
class Size:
    """How big a claim's computation is (``quick``: seconds, for tests; ``full``: the
    reproduce run) and the run's base seed.

    Reference: docs/design.md, "A claim" (``size``).
    """

    name: str = "quick"
    seed: int = 0

    def __post_init__(self):
        if self.name not in ("quick", "full"):
            raise ValueError(f"size must be one of 'quick', 'full', got {self.name!r}")

    @property
    def quick(self) -> bool:
        """Whether this is the ``quick`` size (the tests)."""
        return self.name == "quick"

    def pick(self, quick, full):
        """``quick`` or ``full`` according to the size.

        Reference: docs/design.md, "A claim".

        Args:
            quick: the value for ``quick``.
            full: the value for ``full``.

        Returns:
            One of them.
        """
        return quick if self.quick else full

    def key(self, tag: str) -> jax.Array:
        """A PRNG key derived from the base seed and a fixed tag (stable across runs).

        Reference: docs/design.md, Conventions (explicit PRNG keys).

        Args:
            tag: the tag (a claim's name).

        Returns:
            The key.
        """
        return tagged_key(self.seed, tag)

    def rng(self, tag: str):
        """A NumPy generator derived from the base seed and a fixed tag (for drawing configurations).

        Reference: docs/design.md, Conventions.

        Args:
            tag: the tag.

        Returns:
            The :class:`numpy.random.Generator`.
        """
        import numpy as np

        return np.random.default_rng([self.seed, zlib.crc32(tag.encode())])


@dataclasses.dataclass(frozen=True)
class Evidence:
    """What a claim measured, next to what theory predicts (PEPit style).

    ``predicted``/``measured``/``tolerance`` are numbers or short strings for the report;
    ``passed`` is the check's outcome; ``diverged`` marks a simulation that blew up;
    ``undecided`` marks evidence that cannot decide either way (an exponent whose local slopes
    have not settled: :func:`paperchecks.sims.fitting.slope_trend`), reported INCONCLUSIVE, never
    as a refutation; ``trends`` holds the ``(label, SlopeTrend)`` pairs an exponent verdict rests
    on (drawn in the local-slope figure of the reproduce run, docs/verdicts.md); ``table`` is an
    optional table (header row first) that the report prints under the paper's notes; ``formula``
    is the predicted closed form in LaTeX, generated from its sympy expression (``sympy.latex``)
    where one exists, rendered as maths in ``paper_checks.md`` and ``paper_checks.html``.

    Reference: docs/design.md, "A claim".
    """

    predicted: float | str
    measured: float | str
    tolerance: float | str
    passed: bool
    details: str = ""
    diverged: bool = False
    undecided: bool = False
    trends: tuple = ()
    table: tuple[tuple[str, ...], ...] = ()
    formula: str = ""


@dataclasses.dataclass(frozen=True)
class Deviation:
    """A parameter or threshold of a claim that differs from its spec, or that was set after a
    result was seen: what it is, the spec's value, the value used, and why.

    The report lists every deviation under its paper's table, so that a reader can tell a
    prediction fixed in advance from one adjusted to the evidence.

    Reference: docs/design.md, "A claim"; README.md, "Claims and how they are verified".
    """

    what: str
    spec: str
    used: str
    why: str

    def __post_init__(self):
        for field in ("what", "spec", "used", "why"):
            if not isinstance(getattr(self, field), str) or not getattr(self, field).strip():
                raise ValueError(f"Deviation.{field} must be a non-empty string")

    def __str__(self) -> str:
        return f"{self.what}: {self.used} (spec: {self.spec}); {self.why}"


@dataclasses.dataclass(frozen=True)
class Claim:
    """A registered claim: metadata plus the function computing its evidence.

    Reference: docs/design.md, "A claim".
    """

    paper: str
    name: str
    statement: str
    source: str
    provenance: str
    kind: str
    expect: str
    reason: str
    fn: Callable[[Size], Evidence]
    deviations: tuple[Deviation, ...] = ()
    tightness: str = ""

    @property
    def id(self) -> str:
        """``paper.name``, the claim's identifier on the command line and in the report."""
        return f"{self.paper}.{self.name}"


@dataclasses.dataclass(frozen=True)
class Outcome:
    """A claim's verdict after running it.

    Reference: docs/design.md, "A claim".
    """

    claim: Claim
    verdict: Verdict
    evidence: Evidence | None
    seconds: float
    error: str = ""


_REGISTRY: dict[str, Claim] = {}


def claim(
    *,
    paper: str,
    source: str,
    provenance: str,
    kind: str,
    expect: str = "holds",
    reason: str = "",
    deviations: tuple[Deviation, ...] = (),
    tightness: str = "",
):
    """Register the decorated ``fn(size) -> Evidence``; its docstring's first sentence is the
    statement. ``expect="refuted"`` (with a ``reason``) marks a paper statement that the
    toolkit's evidence contradicts: its verdict is REFUTED when the check fails and
    UNEXPECTED PASS (a failure) when it holds.

    Reference: docs/design.md, "A claim".

    Args:
        paper: the paper id (a :class:`~paperchecks.checks.papers.Paper` registered under ``paperchecks.papers``).
        source: the spec section, e.g. ``"docs/papers/momentum.md §4.2"``.
        provenance: where the statement comes from: ``"paper"`` (stated in the paper),
            ``"relayed"`` (known only from a secondary source: an abstract digest, a blog post,
            documentation), ``"reconstructed"`` (derived for this project from the paper's setting;
            any claim whose predicted value comes from our reconstruction) or ``"heuristic"`` (a
            scaling heuristic, or a threshold calibrated on a run).
        kind: one of :data:`KINDS`.
        expect: ``"holds"`` or ``"refuted"``.
        reason: why the paper's statement is refuted (required with ``expect="refuted"``).
        deviations: every :class:`Deviation` from the spec, or threshold set after seeing a result.
        tightness: for an ``inequality`` claim, what makes it fail in the other direction: the id of
            its companion claim (``paper.name``, checked to exist by tests/test_claims.py) or
            ``"two-sided: ..."`` saying which side the claim itself checks (docs/verdicts.md).

    Returns:
        The decorator.
    """
    for field, value, allowed in (("provenance", provenance, PROVENANCES), ("kind", kind, KINDS), ("expect", expect, EXPECTATIONS)):
        if value not in allowed:
            raise ValueError(f"{field} must be one of {allowed}, got {value!r}")
    if expect == "refuted" and not reason:
        raise ValueError("reason must be given when expect='refuted'")
    deviations = tuple(deviations)
    if not all(isinstance(d, Deviation) for d in deviations):
        raise ValueError("deviations must be a tuple of Deviation")

    def register(fn: Callable[[Size], Evidence]) -> Callable[[Size], Evidence]:
        doc = inspect.getdoc(fn)
        if not doc:
            raise ValueError(f"claim {fn.__name__} needs a docstring stating the claim")
        entry = Claim(
            paper, fn.__name__, " ".join(doc.split("\n\n")[0].split()), source, provenance, kind, expect, reason, fn, deviations, tightness
        )
        if "Args:" not in doc:
            fn.__doc__ = doc + _claim_doc_sections(entry)
        if entry.id in _REGISTRY and _REGISTRY[entry.id].fn is not fn:
            raise ValueError(f"claim {entry.id} is registered twice")
        _REGISTRY[entry.id] = entry
        return fn

    return register


def _claim_doc_sections(entry: Claim) -> str:
    """The Args, Returns and Reference sections every claim function shares (appended to its
    docstring on registration, so that ``help(claim_fn)`` shows where the claim comes from)."""
    expectation = f" Expected REFUTED: {entry.reason}" if entry.expect == "refuted" else ""
    return (
        "\n\nArgs:\n    size: the run :class:`Size` (``quick`` for the tests, ``full`` for the reproduce run)"
        " and its base seed.\n\nReturns:\n    :class:`Evidence`: the predicted value next to the measured one,"
        " the tolerance and whether the check passed.\n\n"
        f"Reference: paper ``{entry.paper}`` (docs/adding-a-paper.md), spec ``{entry.source}``;"
        f" provenance ``{entry.provenance}``, a {entry.kind} claim.{expectation}"
    )


def registered() -> list[Claim]:
    """All registered claims in registration order.

    Reference: docs/design.md, "A claim".

    Returns:
        The :class:`Claim` list.
    """
    return list(_REGISTRY.values())


def _non_finite(value) -> bool:
    """True for a NaN or infinite number (or an array holding one); strings are never non-finite."""
    if isinstance(value, str):
        return False
    try:
        return not bool(np.all(np.isfinite(np.asarray(value, dtype=np.float64))))
    except (TypeError, ValueError):
        return False


def verdict_for(claim_: Claim, evidence: Evidence) -> Verdict:
    """Map evidence to a verdict, honouring ``expect``. A blown-up simulation (``diverged``) or a
    NaN / infinite measured value is DIVERGED: a verdict never rests on a NaN. Evidence that
    cannot decide (``undecided``) is INCONCLUSIVE: REFUTED needs decisive evidence.

    Reference: docs/design.md, Conventions (divergence is reported, never NaN).

    Args:
        claim_: the :class:`Claim`.
        evidence: its :class:`Evidence`.

    Returns:
        The :class:`Verdict`.
    """
    if evidence.diverged or _non_finite(evidence.measured):
        return Verdict.DIVERGED
    if evidence.undecided and not evidence.passed:
        return Verdict.INCONCLUSIVE
    if claim_.expect == "refuted":
        return Verdict.UNEXPECTED_PASS if evidence.passed else Verdict.REFUTED
    return Verdict.PASS if evidence.passed else Verdict.FAIL


def run_claim(claim_: Claim, size: Size) -> Outcome:
    """Run one claim; an exception becomes an ERROR verdict with its message.

    Reference: docs/design.md, "A claim".

    Args:
        claim_: the :class:`Claim`.
        size: the :class:`Size`.

    Returns:
        The :class:`Outcome`.
    """
    start = time.perf_counter()
    try:
        with float64():  # a claim's numbers are float64 whatever the caller set (sims.precision)
            evidence = claim_.fn(size)
    except Exception as err:  # a claim that crashes is reported, never hidden
        message = f"{type(err).__name__}: {err}"
        return Outcome(claim_, Verdict.ERROR, None, time.perf_counter() - start, message + "\n" + traceback.format_exc(limit=3))
    return Outcome(claim_, verdict_for(claim_, evidence), evidence, time.perf_counter() - start)
