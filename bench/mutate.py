"""A measured mutation score: do the claims notice when the code that computes results is wrong?

Each :class:`Mutation` changes one line of ``sims/`` or ``theory/`` (an operator, a constant, an index,
swapped arguments, a dropped term). For each, the import root is copied to a temporary folder, the
mutation applied there, and the affected papers' quick claims run in a fresh process on that copy
(never on the working tree), in registration order until one of them is not ok: the mutant is
*killed* (by a FAIL, ERROR, DIVERGED, INCONCLUSIVE or UNEXPECTED PASS verdict, or by the time limit)
or it *survives* (every claim still ok). A survivor is a gap in the checks, or an equivalent mutant
(one that does not change what any claim computes); each survivor is explained in the README.

Run it (not part of the CI test run; about an hour on the 2-core machine)::

    python -m paperchecks.bench.mutate [--only SUBSTRING] [--json mutation.json]

Reference: docs/verdicts.md, "Mutation score"; docs/findings.md, "Mutation score".
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["MUTATIONS", "Mutation", "apply", "main", "run_mutation"]

#: the folders that make up the ``paperchecks`` import root, relative to the repository
_PACKAGES = {"paperchecks": "paperchecks", "theory": "paperchecks/theory", "sims": "paperchecks/sims", "checks": "paperchecks/checks"}


@dataclasses.dataclass(frozen=True)
class Mutation:
    """One deliberate bug: ``old`` (which must occur exactly once in ``path``) becomes ``new``; the
    claims of ``papers`` are run against it.

    Reference: docs/verdicts.md, "Mutation score".
    """

    path: str
    old: str
    new: str
    description: str
    papers: tuple[str, ...]

    @property
    def name(self) -> str:
        """``path: description``."""
        return f"{self.path}: {self.description}"


def _m(path, old, new, description, *papers):
    return Mutation(path, old, new, description, tuple(papers))


MUTATIONS = (
    # the shared linear-regression engine (docs/papers/momentum.md §4, docs/papers/anytime.md §5)
    _m("sims/linreg.py", "return g * lam, g, g", "return 0.5 * g * lam, g, g", "fourth-moment term halved", "linreg", "momentum"),
    _m("sims/linreg.py", "return g * lam, g, g", "return g * lam, g, 0.5 * g", "label-noise term halved", "linreg", "anytime"),
    _m("sims/linreg.py", "return g * lam, g, g", "return g * lam, 0.0 * g, g", "trace term tr(HA) dropped", "linreg", "momentum"),
    _m(
        "sims/linreg.py",
        "rho * rho * n11 + 2.0 * rho * (1.0 - rho) * d0",
        "rho * rho * n11 + rho * (1.0 - rho) * d0",
        "averaging cross moment at half weight",
        "anytime",
        "linreg",
    ),
    _m(
        "sims/methods.py",
        "return (1.0 - eta * lam, 0.0, 0.0, 0.0), (eta, 0.0)",
        "return (1.0 - 2.0 * eta * lam, 0.0, 0.0, 0.0), (eta, 0.0)",
        "SGD contraction with 2 eta",
        "linreg",
    ),
    _m(
        "sims/methods.py",
        "return (1.0 + beta - eta * lam, -beta, 1.0, 0.0), (eta, 0.0)",
        "return (1.0 + beta - eta * lam, beta, 1.0, 0.0), (eta, 0.0)",
        "heavy-ball momentum sign flipped",
        "momentum",
    ),
    _m("sims/methods.py", "step = eta + alpha", "step = eta - alpha", "ASGD current-gradient weight subtracted", "momentum"),
    _m("sims/methods.py", "(-step, 1.0)", "(-eta, 1.0)", "ASGD noise injection without alpha", "momentum"),
    _m(
        "sims/gaussian.py",
        "return math.sqrt(2.0) * _erf_inv(u)",
        "return _erf_inv(u)",
        "Monte Carlo draws of variance 1/2",
        "linreg",
        "momentum",
        "anytime",
    ),
    _m("sims/gaussian.py", "w = -_log1p(-u * u)", "w = -_log1p(-u)", "erfinv evaluated at log1p(-u)", "linreg", "momentum", "anytime"),
    # averaging and schedules (docs/papers/anytime.md §3)
    _m(
        "sims/averaging.py",
        "return jnp.minimum(self.param, t) / t",
        "return jnp.minimum(self.param, t) / (t + 1.0)",
        "poly averaging weight off by one",
        "anytime",
    ),
    _m("sims/averaging.py", "return 1.0 - 0.5 ** (self.param / t)", "return 0.5 ** (self.param / t)", "EMA weight complemented", "anytime"),
    _m(
        "sims/averaging.py",
        "            return 1.0 / t\n",
        "            return 1.0 / (t + 1.0)\n",
        "uniform averaging weight off by one",
        "anytime",
        "linreg",
    ),
    _m(
        "sims/schedules.py",
        "return value * scale / (_t(step) + offset) ** decay",
        "return value * scale / (_t(step) + offset + 1.0) ** decay",
        "inverse-power schedule index shifted",
        "anytime",
    ),
    _m(
        "sims/schedules.py",
        'cooldown == "sqrt" else s))',
        'cooldown == "sqrt" else s * s))',
        "WSD linear cooldown made quadratic",
        "anytime",
    ),
    # anytime exponents (docs/papers/anytime.md §4.6)
    _m(
        "theory/anytime.py", "BIAS = (1 - gamma) * (b - 1) / a", "BIAS = (1 - gamma) * (b - 1) / (2 * a)", "bias exponent halved", "anytime"
    ),
    _m("theory/anytime.py", "VARIANCE = 1 - (1 - gamma) / a", "VARIANCE = 1 - (1 - gamma) / (2 * a)", "variance exponent wrong", "anytime"),
    _m(
        "theory/anytime.py",
        "EARLY_NOISE = (1 - gamma) * (2 * a - 1) / a",
        "EARLY_NOISE = (1 - gamma) * (2 * a + 1) / a",
        "early-noise exponent 2a + 1",
        "anytime",
    ),
    _m("theory/anytime.py", "GAMMA_STAR = sp.Max(1 - a / b, 0)", "GAMMA_STAR = sp.Max(1 - a / (2 * b), 0)", "gamma* with 2b", "anytime"),
    _m("theory/anytime.py", "RATE = 1 - 1 / b", "RATE = 1 - 1 / (2 * b)", "minimax rate with 2b", "anytime"),
    _m(
        "theory/anytime.py",
        "LAST_ITERATE_BEST_GAMMA = (b - 1) / (a + b - 1)",
        "LAST_ITERATE_BEST_GAMMA = (b - 1) / (a + b)",
        "best last-iterate gamma off by one",
        "anytime",
    ),
    _m(
        "theory/anytime.py",
        "WSD_RATE = sp.Min((b - 1) / a, 1 - 1 / a)",
        "WSD_RATE = sp.Min((b - 1) / a, 1 - 1 / (2 * a))",
        "WSD variance exponent wrong",
        "anytime",
    ),
    _m(
        "theory/anytime.py",
        "sp.Min((b - 1) / a, (2 * a - 1) / a)",
        "sp.Min((b - 1) / a, (2 * a - 1) / (2 * a))",
        "noiseless floor exponent halved",
        "anytime",
    ),
    _m(
        "sims/anytime.py",
        "new_ee = c**2 * s_ee + eta**2 * noise",
        "new_ee = c * s_ee + eta**2 * noise",
        "noise floor with c instead of c^2",
        "anytime",
    ),
    _m("sims/anytime.py", "vertex = float(x[1] - 0.5", "vertex = float(x[1] + 0.5", "tuned minimum's parabola vertex mirrored", "anytime"),
    # momentum secular equation (docs/papers/momentum.md §4.3)
    _m(
        "sims/stability.py",
        "value = jnp.sum(top / jnp.where(inside, rest, 1.0)) - 1.0",
        "value = jnp.sum(top / jnp.where(inside, rest, 1.0)) - 0.5",
        "secular equation F = 1/2",
        "momentum",
    ),
    _m(
        "sims/stability.py",
        "top = scale * numerator",
        "top = 0.5 * scale * numerator",
        "secular noise response halved",
        "momentum",
    ),
    # LMO bound and simulator (docs/papers/lmo.md §2-§4)
    _m(
        "sims/lmo.py",
        "problem.noise * z / jnp.sqrt(x.size * batch)",
        "problem.noise * z / jnp.sqrt(x.size * batch * batch)",
        "minibatch noise scaled 1/B",
        "lmo",
    ),
    _m(
        "sims/lmo.py",
        "return jnp.where(norm > 0, -m / jnp.where(norm > 0, norm, 1.0), 0.0)",
        "return jnp.where(norm > 0, m / jnp.where(norm > 0, norm, 1.0), 0.0)",
        "l2 LMO ascends",
        "lmo",
    ),
    _m("sims/lmo.py", "return jnp.sum(jnp.abs(g))", "return jnp.max(jnp.abs(g))", "l1 dual norm replaced by l-inf", "lmo"),
    _m("sims/lmo.py", "(1 - alpha) * m + alpha * g)", "(1 - alpha) * m + alpha * grad)", "momentum fed the exact gradient", "lmo"),
    _m("sims/lmo.py", '{"matched": g, "exact": grad', '{"matched": grad, "exact": grad', "matched init uses the exact gradient", "lmo"),
    _m(
        "theory/lmo.py",
        "+ A1 * sigma * sp.sqrt(alpha) / sp.sqrt(B)",
        "+ A1 * sigma * alpha / sp.sqrt(B)",
        "Phi noise term alpha instead of sqrt(alpha)",
        "lmo",
    ),
    _m("theory/lmo.py", "+ A2 * L * eta / alpha", "+ A2 * L * eta / sp.sqrt(alpha)", "Phi drift term over sqrt(alpha)", "lmo"),
    _m("theory/lmo.py", "    Delta / (eta * K)\n", "    Delta / (eta * sp.sqrt(K))\n", "Phi descent term over sqrt(K)", "lmo"),
    # Lion-K (docs/papers/lion.md §2-§5)
    _m(
        "sims/lion.py", "m_tilde = beta1 * m - (1 - beta1) * g", "m_tilde = beta2 * m - (1 - beta2) * g", "interpolation with beta2", "lion"
    ),
    _m(
        "sims/lion.py",
        "m_next = beta2 * m - (1 - beta2) * g",
        "m_next = beta2 * m - (1 - beta1) * g",
        "momentum update with 1 - beta1",
        "lion",
    ),
    _m("sims/lion.py", "(x + lr * u) / (1 + lr * weight_decay)", "(x + lr * u) / (1 + weight_decay)", "implicit decay without eta", "lion"),
    _m(
        "theory/lion.py",
        "return (1.0 - eps_ * gamma_) / (1.0 + eps_ * lam_)",
        "return (1.0 - eps_ * gamma_) / (1.0 - eps_ * lam_)",
        "Lyapunov coefficient sign",
        "lion",
    ),
    _m(
        "theory/lion.py",
        "return xp.sign(v) * xp.maximum(xp.abs(v) - t, 0.0)",
        "return xp.sign(v) * xp.maximum(xp.abs(v) - 2 * t, 0.0)",
        "soft threshold at 2t",
        "lion",
    ),
    _m(
        "theory/lion.py",
        "return row.value(m, xp) + row.conj(lam_ * x, xp) - lam_ * xp.sum(m * x)",
        "return row.value(m, xp) + row.conj(lam_ * x, xp) + lam_ * xp.sum(m * x)",
        "Fenchel-Young gap sign",
        "lion",
    ),
    _m(
        "theory/lion.py",
        "return lr * beta1 / d, (lr * lam_ + 1 - beta2) / d",
        "return lr * beta2 / d, (lr * lam_ + 1 - beta2) / d",
        "discrete Lyapunov coefficient with beta2",
        "lion",
    ),
    # self-pretraining attention (docs/papers/spt.md §2-§3)
    _m(
        "sims/attention.py",
        'mixed = jnp.einsum("ij,njd->nid", attention, values)',
        'mixed = jnp.einsum("ji,njd->nid", attention, values)',
        "attention applied transposed",
        "spt",
    ),
    _m(
        "sims/attention.py",
        "mixed = mixed + tokens @ params.residual_in",
        "mixed = mixed - tokens @ params.residual_in",
        "residual path subtracted",
        "spt",
    ),
    _m(
        "theory/spt.py",
        "return float(2.0 / kappa.size * np.sum((kappa - kappa.mean()) * b))",
        "return float(1.0 / kappa.size * np.sum((kappa - kappa.mean()) * b))",
        "masked slope at half",
        "spt",
    ),
    _m(
        "theory/spt.py",
        "return float(2.0 / kappa.size * np.sum((kappa - kappa.mean()) * b))",
        "return float(2.0 / kappa.size * np.sum(kappa * b))",
        "masked slope without centring",
        "spt",
    ),
    # the last-iterate bound and refinement (docs/papers/refinement.md)
    _m(
        "theory/refinement.py",
        "a = dist**2 / (2.0 * s_tail[..., 0])",
        "a = dist**2 / s_tail[..., 0]",
        "distance term without the half",
        "refinement",
    ),
    _m("theory/refinement.py", "q = lr**2 * grad_norms**2", "q = lr * grad_norms**2", "step sizes not squared in Q", "refinement"),
    _m(
        "theory/refinement.py",
        "middle = xp.sum(lr[..., :-1] / s_tail[..., 1:] * q_tail[..., :-1] / s_tail[..., :-1], axis=-1)",
        "middle = xp.sum(lr[..., :-1] / s_tail[..., :-1] * q_tail[..., :-1] / s_tail[..., :-1], axis=-1)",
        "S_k in place of S_(k+1)",
        "refinement",
    ),
    _m("theory/refinement.py", "inverse = grad_norms**-2.0", "inverse = grad_norms**-1.0", "refinement with G^-1", "refinement"),
    _m(
        "sims/refinement.py",
        "return (e - eta * jnp.sign(a @ e) * a, draw(t + 1)), None",
        "return (e - eta * a, draw(t + 1)), None",
        "subgradient without the sign",
        "refinement",
    ),
    _m("sims/worst_case.py", "for eta in table[:-1]:", "for eta in table[1:]:", "PEP steps with eta_2..eta_T", "refinement"),
    # shared fitting (docs/design.md, "A claim")
    _m("sims/fitting.py", "np.log(y[keep]), 1)[0])", "np.log(y[keep]), 1)[1])", "log-log fit returns the intercept", "anytime", "momentum"),
    _m(
        "sims/fitting.py",
        "return np.sqrt(x[1:] * x[:-1]), np.diff(ly) / np.diff(lx)",
        "return np.sqrt(x[1:] * x[:-1]), np.diff(ly) / np.diff(x)",
        "local slopes against x, not log x",
        "anytime",
    ),
    _m(
        "sims/statistics.py",
        "return samples.mean(axis=axis), samples.std(axis=axis, ddof=1) / math.sqrt(count)",
        "return samples.mean(axis=axis), samples.std(axis=axis, ddof=1) / count",
        "standard error over n, not sqrt(n)",
        "lmo",
        "linreg",
    ),
)

_RUNNER = """
import sys
from paperchecks.checks.catalog import claims
from paperchecks.checks.registry import Size, run_claim
import paperchecks
assert paperchecks.__file__.startswith(sys.argv[1]), paperchecks.__file__
for paper in sys.argv[2:]:
    for c in claims(paper):
        o = run_claim(c, Size("quick"))
        if not o.verdict.ok:
            print("KILLED", c.id, o.verdict.value, flush=True)
            sys.exit(0)
print("SURVIVED", flush=True)
"""


def _repository() -> Path:
    return Path(__file__).resolve().parent.parent


def apply(mutation: Mutation, root: Path) -> Path:
    """Copy the import root of the repository to ``root/paperchecks`` and apply ``mutation`` there.

    Reference: docs/verdicts.md, "Mutation score".

    Args:
        mutation: the :class:`Mutation`.
        root: an empty folder.

    Returns:
        The mutated file.

    Raises:
        ValueError: when ``mutation.old`` does not occur exactly once in its file.
    """
    repo = _repository()
    for source, target in _PACKAGES.items():
        shutil.copytree(repo / source, root / target, ignore=shutil.ignore_patterns("__pycache__", "out"))
    folder, _, name = mutation.path.partition("/")
    path = root / _PACKAGES[folder] / name
    text = path.read_text()
    if text.count(mutation.old) != 1:
        raise ValueError(
            f"mutation {mutation.name!r}: its text must occur exactly once in {mutation.path}, found {text.count(mutation.old)}"
        )
    path.write_text(text.replace(mutation.old, mutation.new))
    return path


def run_mutation(mutation: Mutation, timeout: float = 1200.0) -> dict:
    """Apply one mutation in a temporary copy and run its papers' quick claims against it.

    Reference: docs/verdicts.md, "Mutation score".

    Args:
        mutation: the :class:`Mutation`.
        timeout: seconds before the mutant counts as killed by the time limit.

    Returns:
        ``{"mutation", "papers", "outcome" ("killed" or "survived"), "by", "seconds"}``.
    """
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="paperchecks-mutant-") as tmp:
        apply(mutation, Path(tmp))
        env = {**os.environ, "PYTHONPATH": tmp, "PAPERCHECKS_KERNEL": "xla", "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _RUNNER, tmp, *mutation.papers], capture_output=True, text=True, timeout=timeout, env=env, cwd=tmp
            )
            lines = [line for line in proc.stdout.splitlines() if line.startswith(("KILLED", "SURVIVED"))]
            if lines and lines[-1].startswith("SURVIVED"):
                outcome, by = "survived", ""
            elif lines:
                outcome, by = "killed", lines[-1].split(" ", 1)[1]
            else:
                outcome, by = "killed", f"crash: {(proc.stderr.strip().splitlines() or ['?'])[-1][:200]}"
        except subprocess.TimeoutExpired:
            outcome, by = "killed", f"time limit {timeout:g} s"
    return {
        "mutation": mutation.name,
        "papers": list(mutation.papers),
        "outcome": outcome,
        "by": by,
        "seconds": round(time.perf_counter() - start, 1),
    }


def main(argv=None) -> int:
    """Run the mutations (or those whose name contains ``--only``), print one line each and the score
    per paper, and write the JSON record.

    Reference: docs/verdicts.md, "Mutation score".

    Args:
        argv: the command-line arguments (default ``sys.argv[1:]``).

    Returns:
        0.
    """
    parser = argparse.ArgumentParser(prog="python -m paperchecks.bench.mutate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="run the mutations whose name contains this text")
    parser.add_argument("--json", default="mutation.json", help="where to write the results")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds per mutant")
    parser.add_argument("--start", type=int, default=0, help="index of the first mutation to run (to split a run across processes)")
    parser.add_argument("--stop", type=int, default=len(MUTATIONS), help="index after the last mutation to run")
    args = parser.parse_args(argv)
    results = []
    for mutation in (m for m in MUTATIONS[args.start : args.stop] if args.only in m.name):
        result = run_mutation(mutation, args.timeout)
        results.append(result)
        print(f"{result['outcome']:<9} {result['seconds']:>7.1f} s  {mutation.name}  {result['by']}", flush=True)
    by_paper: dict[str, list[int]] = {}
    for result in results:
        paper = result["papers"][0]
        by_paper.setdefault(paper, [0, 0])[result["outcome"] == "survived"] += 1
    print("\n| paper | killed | survived |\n|---|---|---|")
    for paper, (killed, survived) in by_paper.items():
        print(f"| {paper} | {killed} | {survived} |")
    killed = sum(r["outcome"] == "killed" for r in results)
    print(f"\nmutation score: {killed}/{len(results)} killed ({killed / max(len(results), 1):.0%})")
    Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
