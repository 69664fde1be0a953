"""The ``paperchecks`` command line: list, check, figures, reproduce, schedule, new, explore, bench.

Exit codes: 0 all verdicts fine; 1 some verdict is FAIL, UNEXPECTED PASS, DIVERGED or ERROR;
2 bad usage (unknown paper or claim, bad option value), with a one-line message.
"""

from __future__ import annotations

import _thread
import argparse
import contextlib
import json
import math
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

# Only the paper registry is imported up front (it loads nothing until asked): `paperchecks --help`
# must not pay for JAX, sympy or the claims (README, "Command line"); each command imports what it needs.
from paperchecks.checks.papers import PaperConflict, UnknownName, known_paper, papers

__all__ = ["main"]

if TYPE_CHECKING:
    from paperchecks.checks.registry import Outcome, Size


class _UsageError(ValueError):
    """Bad option values for a command (exit code 2, one-line message)."""


def _run(selected, size: Size) -> list[Outcome]:
    """Run the claims; one progress line per claim goes to stderr (``[3/15] paper.claim PASS 1.2 s``),
    above a progress bar when stderr is a terminal."""
    from tqdm import tqdm

    from paperchecks.checks.registry import run_claim

    outcomes = []
    terminal = sys.stderr.isatty()
    bar = tqdm(total=len(selected), desc=f"claims ({size.name})", unit="claim", file=sys.stderr, disable=not terminal)
    for i, c in enumerate(selected, 1):
        bar.set_postfix_str(c.id)
        outcome = run_claim(c, size)
        outcomes.append(outcome)
        line = f"[{i}/{len(selected)}] {c.id} {outcome.verdict.value} {outcome.seconds:.1f} s"
        if terminal:
            bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)
        bar.update()
    bar.close()
    return outcomes


def _print_table(outcomes: list[Outcome]) -> None:
    """One line per claim: verdict, id, predicted beside measured, the tolerance and the time."""
    from paperchecks.checks.report import evidence_numbers, summary_line

    width = max((len(o.claim.id) for o in outcomes), default=10)
    for o in outcomes:
        error = f"error: {o.error.splitlines()[0] if o.error else '-'}"
        numbers = error if o.evidence is None else evidence_numbers(o.evidence)
        print(f"{o.verdict.value:<16} {o.claim.id:<{width}}  {numbers}  ({o.seconds:.1f} s)")
    print(f"summary: {summary_line(outcomes)}")


def _json_value(value):
    """A number or string for strict JSON: NaN and +-inf become the strings "nan", "inf", "-inf"
    (their verdict is DIVERGED), so that ``--json`` output always parses."""
    return repr(float(value)) if isinstance(value, float) and not math.isfinite(value) else value


def _outcome_json(o: Outcome) -> dict:
    from paperchecks.checks.registry import Verdict

    ev = o.evidence
    return {
        "id": o.claim.id,
        "paper": o.claim.paper,
        "kind": o.claim.kind,
        "provenance": o.claim.provenance,
        "source": o.claim.source,
        "expect": o.claim.expect,
        "deviations": [str(d) for d in o.claim.deviations],
        "tightness": o.claim.tightness,
        "verdict": o.verdict.value,
        "predicted": _json_value(ev.predicted) if ev else None,
        "measured": _json_value(ev.measured) if ev else None,
        "tolerance": _json_value(ev.tolerance) if ev else None,
        "diverged": o.verdict is Verdict.DIVERGED,
        "details": ev.details if ev else o.error,
        "seconds": round(o.seconds, 3),
    }


def _cmd_list(args) -> int:
    """``paperchecks list``: every claim (id, kind, provenance, source), optionally of one paper;
    ``--papers``: the installed papers and the distribution that registered each."""
    from paperchecks.checks.catalog import claims

    if args.papers:
        selected = papers() if args.paper is None else {args.paper: known_paper(args.paper)}
        for key, paper in selected.items():
            print(f"{key:<12} {paper.distribution:<24} {paper.heading}")
        return 0
    for c in claims(args.paper):
        expect = " [expected refuted]" if c.expect == "refuted" else ""
        print(f"{c.id:<48} {c.kind:<12} {c.provenance:<14} {c.source}{expect}")
    return 0


def _cmd_check(args) -> int:
    """``paperchecks check``: run the selected claims; exit 1 if any verdict is not ok."""
    from paperchecks.checks.catalog import claims
    from paperchecks.checks.registry import Size

    outcomes = _run(claims(args.paper, args.claim), Size(args.size, args.seed))
    if args.json:
        print(json.dumps([_outcome_json(o) for o in outcomes], indent=2, default=str, allow_nan=False))
    else:
        _print_table(outcomes)
    return 0 if all(o.verdict.ok for o in outcomes) else 1


def _writable_folder(flag: str, folder) -> Path:
    """``folder`` created if needed and writable, else a usage error (before any work)."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise _UsageError(f"{flag} must be a writable folder, got {str(folder)!r} ({err.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise _UsageError(f"{flag} must be a writable folder, got {str(folder)!r}")
    return path


def _writable_file(flag: str, file) -> Path:
    """``file`` a path in an existing writable folder that is not itself a folder, else a usage error."""
    path = Path(file)
    parent = path.resolve().parent
    if path.is_dir() or not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise _UsageError(f"{flag} must be a writable file path in an existing folder, got {str(file)!r}")
    return path


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: an interrupt leaves the old file or the new one."""
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_text(text)
    os.replace(temporary, path)


def _cmd_figures(args) -> int:
    """``paperchecks figures``: render the figures (PNG and PDF) of one paper or of all."""
    from paperchecks.figures.catalog import write_figures

    entry = None if args.paper is None else known_paper(args.paper)
    _writable_folder("--out", args.out)
    if entry is not None and not entry.figures:
        print(f"paper {args.paper!r} has no figures yet")
        return 0
    paths = write_figures(args.paper, Path(args.out), quick=args.size == "quick", seed=args.seed, write=_writes_files())
    for path in paths:
        print(path)
    return 0


def _cmd_reproduce(args) -> int:
    """``paperchecks reproduce``: claims, then paper_checks.md, then figures, then paper_checks.html
    (the report with MathML formulas and the figures embedded; one paper or all)."""
    if args.paper is not None:
        known_paper(args.paper)
    report = _writable_file("--report", args.report)
    _writable_folder("--out", args.out)
    from paperchecks.checks.catalog import claims
    from paperchecks.checks.registry import Size
    from paperchecks.checks.report import render

    page = _writable_file("--report", report.with_suffix(".html"))
    size = Size(args.size, args.seed)
    outcomes = _run(claims(args.paper), size)
    _print_table(outcomes)
    if _writes_files():
        _write_atomically(report, render(outcomes, size))
        print(f"wrote {args.report}")
        _write_local_slopes(outcomes, Path(args.out))
    _cmd_figures(args)
    if _writes_files():  # after the figures, which the page embeds
        from paperchecks.checks.report_html import render_html

        _write_atomically(page, render_html(outcomes, size, Path(args.out)))
        print(f"wrote {page}")
    return 0 if all(o.verdict.ok for o in outcomes) else 1


def _write_local_slopes(outcomes, out: Path) -> None:
    """The local slopes of every exponent verdict against its prediction (docs/verdicts.md), next to
    the paper figures as ``fig_verdicts_local_slopes.{png,pdf}``."""
    from paperchecks.checks.exponents import local_slope_figure
    from paperchecks.figures.catalog import save_figure

    fig = local_slope_figure(outcomes)
    if fig is None:
        return
    out.mkdir(parents=True, exist_ok=True)
    for path in save_figure(fig, out, "fig_verdicts_local_slopes", dpi=150):
        print(path)


def _cmd_schedule(args) -> int:
    """``paperchecks schedule lmo``: the bound-optimal (eta, beta, B, K) of a regime (docs/papers/lmo.md §4)."""
    from paperchecks.sims.lmo import lmo_schedule

    budget_flag = "--steps" if args.regime in ("R1", "R2") else "--tokens"
    budget = args.steps if args.regime in ("R1", "R2") else args.tokens
    other = args.tokens if args.regime in ("R1", "R2") else args.steps
    if budget is None or other is not None:
        raise _UsageError(f"regime {args.regime} takes its budget from {budget_flag} (and only from it)")
    try:
        run = lmo_schedule(
            args.regime,
            budget=budget,
            delta=args.delta,
            L=args.L,
            sigma=args.sigma,
            constants=tuple(args.constants),
            batch=args.batch,
            momentum=args.momentum,
            exact=not args.leading_order,
            integer_batch=not args.continuous_batch,
        )
    except ValueError as err:
        raise _UsageError(str(err)) from None
    if args.json:
        print(
            json.dumps(
                {
                    "regime": run.regime,
                    "lr": run.lr,
                    "momentum": run.momentum,
                    "batch": run.batch,
                    "steps": run.steps,
                    "samples": run.samples,
                    "bound": run.bound,
                }
            )
        )
    else:
        print(run.table())
    return 0


def _read_grad_norms(path: Path, column: str | None):
    """Gradient norms from a file: one number per line, or one column of a CSV whose first line may
    be a header; blank lines and lines starting with # are skipped. A bad entry is a usage error
    naming its line (exit 2)."""
    import numpy as np

    try:
        lines = path.read_text().splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise _UsageError(f"--grad-norms must be a readable text file, got {str(path)!r} ({err})") from None
    rows = [
        (n, [cell.strip() for cell in line.split(",")])
        for n, line in enumerate(lines, 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    header = None
    if rows and not all(_is_number(cell) for cell in rows[0][1]):
        header, rows = rows[0][1], rows[1:]
    if not rows:
        raise _UsageError(f"--grad-norms {str(path)!r} holds no values")
    if column is None:
        index = -1
    elif column.lstrip("-").isdigit():
        index = int(column)
    elif header is not None and column in header:
        index = header.index(column)
    else:
        raise _UsageError(f"--column {column!r} is not a column of {str(path)!r} (header: {', '.join(header) if header else 'none'})")
    values = []
    for number, cells in rows:
        try:
            value = float(cells[index])
        except (IndexError, ValueError):
            raise _UsageError(
                f"--grad-norms {str(path)!r} line {number}: expected a number in column {index}, got {','.join(cells)!r}"
            ) from None
        if not (math.isfinite(value) and value > 0):
            raise _UsageError(f"--grad-norms {str(path)!r} line {number}: gradient norms must be finite and > 0, got {value!r}")
        values.append(value)
    return np.array(values)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cmd_schedule_bound(args) -> int:
    """``paperchecks schedule bound``: Omega*_T and c* of a schedule, and the refined schedule for the
    given gradient norms (docs/papers/refinement.md)."""
    import numpy as np

    from paperchecks.sims import refinement

    try:
        shape = refinement.schedule_shape(args.schedule, args.steps)
        if args.grad_norms is None:
            norms = np.ones(args.steps + 1)
        else:
            norms = _read_grad_norms(args.grad_norms, args.column)
            if norms.size < args.steps:
                raise _UsageError(f"--grad-norms holds {norms.size} values; --steps {args.steps} needs at least {args.steps}")
            norms = np.append(norms[: args.steps], norms[args.steps] if norms.size > args.steps else norms[args.steps - 1])
        bound, base = refinement.tuned_last_iterate_bound(shape, grad_norms=norms[:-1], distance=args.distance)
        refined = refinement.refined_schedule(norms)
        refined_bound, refined_base = refinement.tuned_last_iterate_bound(refined[:-1], grad_norms=norms[:-1], distance=args.distance)
    except ValueError as err:
        raise _UsageError(str(err)) from None
    result = {
        "schedule": args.schedule,
        "steps": args.steps,
        "distance": args.distance,
        "grad_norms": "constant 1" if args.grad_norms is None else str(args.grad_norms),
        "bound": float(bound),
        "base_step": float(base),
        "lr": (float(base) * shape).tolist(),
        "refined": {"bound": float(refined_bound), "base_step": float(refined_base), "lr": (float(refined_base) * refined[:-1]).tolist()},
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"schedule {args.schedule}, T = {args.steps}, D = {args.distance:g}, gradient norms: {result['grad_norms']}")
    print(f"  tuned base step c* = {float(base):.6g}    bound Omega*_T = {float(bound):.6g}")
    print(
        f"refined schedule (w_t = G_t^-2 sum_(p>t) G_p^-2, then tuned): c* = {float(refined_base):.6g}    Omega*_T = {float(refined_bound):.6g}"
    )
    picks = sorted({0, args.steps // 4, args.steps // 2, 3 * args.steps // 4, args.steps - 1})
    print("  step t: " + "  ".join(f"{t + 1:>9}" for t in picks))
    print("  eta_t:  " + "  ".join(f"{float(refined_base) * refined[t]:9.3g}" for t in picks))
    return 0


def _cmd_bench(args) -> int:
    """``paperchecks bench``: every benchmark workload and the scaling run."""
    from paperchecks.bench.suite import run_benchmarks

    return run_benchmarks(json_path=args.json, quick=args.quick)


def _cmd_explore(args) -> int:
    """``paperchecks explore``: serve the schedule explorer on 127.0.0.1 until Ctrl-C."""
    from paperchecks.explorer.app import serve

    if args.port is not None and not 1 <= args.port <= 65535:
        raise _UsageError(f"--port must be in [1, 65535], got {args.port}")
    serve(args.port, open_browser=not args.no_browser)  # blocks until Ctrl-C
    return 0


def _cmd_new(args) -> int:
    """``paperchecks new``: write a paper pack; an invalid or taken id or an existing folder exits 2."""
    from paperchecks.scaffold import new_pack

    try:
        written = new_pack(args.id, args.dir, title=args.title, arxiv=args.arxiv)
    except ValueError as err:
        raise _UsageError(str(err)) from None
    folder = Path(args.dir if args.dir is not None else args.id)
    for path in written:
        print(path)
    print(
        f"wrote the paper pack {args.id!r} in {folder} ({len(written)} files); next:\n"
        f"  pip install -e {folder}\n  (cd {folder} && python -m pytest)\n  paperchecks check --paper {args.id}"
    )
    return 0


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be an integer in [0, 2^31), got {text!r}") from None
    if not 0 <= value < 2**31:
        raise argparse.ArgumentTypeError(f"--seed must be an integer in [0, 2^31), got {text!r}")
    return value


def _build_parser() -> argparse.ArgumentParser:
    """The argparse parser of every subcommand and option."""
    parser = argparse.ArgumentParser(prog="paperchecks", description="Check optimization-theory papers' claims against simulations.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, default_size="quick"):
        p.add_argument("--size", choices=("quick", "full"), default=default_size, help=f"computation size (default {default_size})")
        p.add_argument("--seed", type=_seed, default=0, help="base seed of every PRNG key (default 0)")
        devices(p)

    def devices(p):
        p.add_argument(
            "--devices",
            default="all",
            metavar="N|all",
            help="split grids across the first N devices (default all: every GPU, or one CPU device per core)",
        )
        p.add_argument("--coordinator", metavar="HOST:PORT|auto", help="join a multi-host run (jax.distributed) coordinated by process 0")
        p.add_argument("--processes", type=int, metavar="N", help="number of processes of the multi-host run")
        p.add_argument("--process-id", type=int, metavar="I", help="this process's index in [0, N)")

    paper_help = "an installed paper's id (`paperchecks list --papers` lists them)"
    p = sub.add_parser("list", help="every claim with its kind, provenance and source")
    p.add_argument("--paper", help=paper_help)
    p.add_argument("--papers", action="store_true", help="list the installed papers (id, distribution, title) instead of claims")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("check", help="run claims and print their verdicts")
    p.add_argument("--paper", help=paper_help)
    p.add_argument("--claim", help="a claim id (paper.name) or name")
    p.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    common(p)
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("figures", help="write PNG and PDF figures")
    p.add_argument("--paper", help=paper_help)
    p.add_argument("--out", default="figures/out", help="output folder (default figures/out)")
    common(p)
    p.set_defaults(func=_cmd_figures)

    p = sub.add_parser("reproduce", help="run every claim, write paper_checks.md, every figure and paper_checks.html")
    p.add_argument("--paper", help="only this paper's claims and figures: " + paper_help)
    p.add_argument("--report", default="paper_checks.md", help="report path (default paper_checks.md)")
    p.add_argument("--out", default="figures/out", help="figure folder (default figures/out)")
    common(p, default_size="full")
    p.set_defaults(func=_cmd_reproduce)

    schedule = sub.add_parser("schedule", help="schedules from bounds: lmo (eta, beta, B, K) or bound (any schedule's last-iterate bound)")
    kinds = schedule.add_subparsers(dest="paper", required=True, metavar="{lmo,bound}")
    p = kinds.add_parser("lmo", help="bound-optimal eta, beta, B and K of the LMO bound (lmo paper)")
    p.add_argument("--regime", choices=("R1", "R2", "R3", "R4"), required=True, help="R1: lr; R2: lr+momentum; R3: lr+batch; R4: all")
    p.add_argument("--tokens", type=float, help="sample (token) budget T, for R3 and R4")
    p.add_argument("--steps", type=float, help="step budget K, for R1 and R2")
    p.add_argument("--delta", type=float, required=True, help="initial suboptimality f(x0) - f*")
    p.add_argument("--L", type=float, required=True, help="smoothness constant in the optimizer's norm")
    p.add_argument("--sigma", type=float, required=True, help="per-sample gradient noise in the dual norm")
    p.add_argument("--batch", type=float, help="fixed batch size (R1, R2)")
    p.add_argument("--momentum", type=float, help="fixed momentum beta (R1, R3)")
    p.add_argument(
        "--constants",
        type=float,
        nargs=4,
        default=(2.0, 2.0, 2.0, 0.5),
        metavar=("A0", "A1", "A2", "A3"),
        help="bound constants (default 2 2 2 0.5)",
    )
    p.add_argument("--leading-order", action="store_true", help="closed-form leading order instead of the exact optimum")
    p.add_argument("--continuous-batch", action="store_true", help="keep the tuned batch continuous (default: round and re-tune)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_cmd_schedule)

    p = kinds.add_parser(
        "bound", help="the last-iterate bound Omega*_T and tuned base step of a schedule, and its refinement (refinement paper)"
    )
    p.add_argument(
        "--schedule", default="linear", help="linear, cosine, constant, wsd:<cooldown fraction> or inverse_power:<decay> (default linear)"
    )
    p.add_argument("--steps", type=int, required=True, help="the horizon T (step sizes eta_1..eta_T)")
    p.add_argument("--grad-norms", type=Path, help="gradient norms G_1.. (one per line, or a CSV column; at least T values)")
    p.add_argument("--column", help="the CSV column of --grad-norms: a header name or a 0-based index (default: the last)")
    p.add_argument("--distance", type=float, default=1.0, help="D >= ||x_1 - x*|| (default 1)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_cmd_schedule_bound)

    p = sub.add_parser("new", help="scaffold an installable paper pack (docs/adding-a-paper.md)")
    p.add_argument("id", help="the paper id: lower case letters, digits and underscores, a letter first (2-32 characters)")
    p.add_argument("--title", default="", help="authors and title, as the report's heading shows them")
    p.add_argument("--arxiv", default="", help="the arXiv identifier, e.g. 1312.6120")
    p.add_argument("--dir", help="the pack's folder, which must not exist (default ./ID)")
    p.set_defaults(func=_cmd_new)

    p = sub.add_parser("explore", help="the interactive power-law schedule explorer (a local web page)")
    p.add_argument("--port", type=int, help="port on 127.0.0.1 (default: a free one)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    p.set_defaults(func=_cmd_explore)

    p = sub.add_parser("bench", help="benchmarks against NumPy references and the memory-bandwidth floor")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    p.add_argument("--quick", action="store_true", help="smaller workloads (a smoke run, not the reported numbers)")
    devices(p)
    p.set_defaults(func=_cmd_bench)
    return parser


def _configure_devices(args) -> None:
    cluster = (args.processes, args.process_id)
    if args.coordinator in (None, "auto") and any(v is not None for v in cluster):
        raise _UsageError("--processes and --process-id need --coordinator HOST:PORT")
    if args.coordinator not in (None, "auto"):
        if None in cluster:
            raise _UsageError("--coordinator HOST:PORT needs --processes N and --process-id I")
        if args.processes < 1 or not 0 <= args.process_id < args.processes:
            raise _UsageError(
                f"--processes must be >= 1 and --process-id in [0, {args.processes}), got {args.processes} and {args.process_id}"
            )
    from paperchecks.sims import sweep

    try:
        sweep.configure(args.devices, coordinator=args.coordinator, processes=args.processes, process_id=args.process_id)
    except ValueError as err:
        raise _UsageError(f"--{err}") from None


def _writes_files() -> bool:
    """In a multi-host run every process computes every claim; only process 0 writes files."""
    import jax

    return jax.process_index() == 0


def _error_log(err: BaseException) -> Path:
    """Write the traceback of ``err`` to a new file in the temporary folder; return its path."""
    import tempfile
    import traceback

    fd, name = tempfile.mkstemp(prefix="paperchecks-error-", suffix=".log")
    with os.fdopen(fd, "w") as log:
        log.write("".join(traceback.format_exception(err)))
    return Path(name)


@contextlib.contextmanager
def _interrupts_delivered():
    """Ctrl-C that lands while a garbage-collection callback or a ``__del__`` runs (JAX registers a
    callback that runs at every collection) is "unraisable": Python prints "Exception ignored in
    ..." with a traceback and goes on, so the interrupt was lost and the run carried on to the end
    (seen on a loaded 2-core machine, 2026-12-06). Inside this context such an interrupt is
    delivered again to the main thread (``_thread.interrupt_main``) a moment later, from a timer
    thread (delivered from the hook itself it would land in the hook and be lost again), silently,
    and ends the command as any other Ctrl-C does."""
    previous = sys.unraisablehook
    timers: list[threading.Timer] = []

    def hook(unraisable):
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            timers.append(threading.Timer(_REDELIVERY_S, _thread.interrupt_main))
            timers[-1].start()
        else:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous
        for timer in timers:
            timer.cancel()


#: seconds after a lost interrupt before it is delivered again (long enough to leave the collection)
_REDELIVERY_S = 0.05


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse, configure the devices, run the subcommand; usage errors exit 2.

    Reference: README.md, "Command line".

    Args:
        argv: the arguments (default ``sys.argv[1:]``).

    Returns:
        The exit status: 0 success, 1 a failed claim or benchmark (or an internal error, whose
        traceback goes to a log file), 2 a usage error, 130 interrupted.
    """
    args = _build_parser().parse_args(argv)
    with _interrupts_delivered():
        return _dispatch(args)


def _dispatch(args: argparse.Namespace) -> int:
    """Run the parsed command; the exit status as :func:`main` describes it."""
    try:
        from paperchecks.sims.compile_cache import enable_compilation_cache
        from paperchecks.sims.precision import float64

        enable_compilation_cache()  # a later run loads what this one compiles (PAPERCHECKS_XLA_CACHE=off: not)
        if hasattr(args, "devices"):
            _configure_devices(args)

        with float64():  # the application computes in float64; the caller's setting is restored after
            return args.func(args)
    except (UnknownName, _UsageError, PaperConflict) as err:
        print(f"paperchecks: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("paperchecks: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `paperchecks list | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:  # an internal error: one line here, the traceback in a log
        log = _error_log(err)
        print(f"paperchecks: internal error: {type(err).__name__}: {err} (traceback in {log})", file=sys.stderr)
        return 1


def _program() -> None:
    """The ``paperchecks`` command: run :func:`main` and exit with its status.

    After an interrupt the process leaves without finalizing the interpreter (``os._exit``): XLA's
    worker threads may still be running the computation the interrupt cut short, and tearing the
    interpreter down under them can crash the process (SIGSEGV) after the one-line message. Nothing
    is lost: reports are written atomically and the streams are flushed first.
    """
    code = main()
    if code == 130:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(code)


if __name__ == "__main__":
    _program()
