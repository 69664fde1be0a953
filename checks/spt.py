"""Claims of Coser, Zollo, Soda, Orvieto, "Towards Understanding Self-Pretraining for Sequence
Classification" (arXiv 2605.21070), paper id ``spt``; spec docs/papers/spt.md (checks C1-C10 of §6,
the theory of label blindness and masked-reconstruction slopes, and C18, the score-gradient
geometry of the full transformer block; C11-C17, the training arms of §5.3 on the minimal task).

Only the abstract of the paper was available: its statements (label supervision is locally blind to
some attention-score directions that masked reconstruction sees) are ``paper``; every formula, model
and number here is the spec's reconstruction (``reconstructed``). Where blindness breaks (residual
paths, band directions, the full block) is a claim too, so the result is not over-read. The
training claims run the spec's protocol (7 seeds, 4000 masked + 2000 label steps) in full size and
:data:`sims.spt_arms.QUICK` (5 seeds, half the steps) in quick size, with the same thresholds.
"""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import numpy as np
import sympy as sp

from paperchecks.checks.registry import Deviation, Evidence, Size, claim
from paperchecks.sims import attention, spt_arms, spt_task
from paperchecks.sims.statistics import z_scores
from paperchecks.theory import spt as theory

__all__ = [
    "PHIS",
    "SPEC_W_DIAGONAL",
    "label_curvature_formula",
    "label_gradient_blind_at_uniform_attention",
    "label_gradient_blind_to_balanced_directions",
    "label_gradient_in_pe_parameterisation",
    "label_loss_constant_on_circulant_ray",
    "label_training_keeps_identical_rows",
    "masked_gradient_in_pe_space",
    "masked_loss_sees_what_label_loss_cannot",
    "masked_pretraining_makes_attention_local",
    "masked_slope_closed_form",
    "proximity_prior_matches_self_pretraining",
    "qk_reset_removes_gain",
    "qk_transplant_recovers_gain",
    "READOUT_SCALES",
    "residual_leak_scales_with_readout",
    "residual_path_breaks_exact_blindness",
    "residual_slopes",
    "score_gradient_geometry_in_full_block",
    "self_pretraining_beats_scratch",
    "self_pretraining_learns_faster",
    "sympy_circulant_and_band_identities",
    "uniform_attention_is_insufficient",
]

PHIS = ("id", "tanh", "square", "relu")


@functools.cache
def _label_grad(phi: str, residual: bool = False, pooling: str = "mean"):
    return jax.jit(jax.grad(lambda s, p, x, y: attention.label_loss(s, p, x, y, phi=phi, residual=residual, pooling=pooling)))


def _label_problem(size: Size, tag: str, seed: int, length: int, count: int = 256):
    """AR(1)-vs-shuffled scalar sequences (§2.4 data) and random non-attention parameters."""
    return attention.label_problem(size.rng(f"{tag}-{seed}-{length}"), jax.random.fold_in(size.key(tag), seed), length, count)


def _label_model_kwargs():
    """The label model the blindness claims test (a sabotage test swaps this)."""
    return {"residual": False, "pooling": "mean"}


def _score_gradient(phi, scores, params, tokens, labels):
    return np.asarray(_label_grad(phi, **_label_model_kwargs())(scores, params, tokens, labels))


@claim(paper="spt", source="docs/papers/spt.md §3.1 (Prop. 1), §6 C1 (abstract: local blindness)", provenance="paper", kind="equality")
def label_gradient_blind_at_uniform_attention(size: Size) -> Evidence:
    """At S = 0 the label score-gradient of LM(phi) (phi in {id, tanh, square, ReLU}, T in {8, 16,
    32}, 20 seeds of data and non-attention parameters) has all rows equal (to 1e-12) with zero row
    sum, so its slope along a unit circulant proximity direction is < 1e-10, while along a random
    unit direction the median slope exceeds 1e-6."""
    worst_blind, worst_rows, randoms = 0.0, 0.0, []
    for length in (8, 16, 32):
        direction = attention.circulant_direction(length)
        rng = size.rng(f"spt-c1-random-{length}")
        for phi in PHIS:
            for seed in range(size.pick(5, 20)):
                params, tokens, labels = _label_problem(size, "spt-c1", seed, length)
                g = _score_gradient(phi, jnp.zeros((length, length)), params, tokens, labels)
                worst_blind = max(worst_blind, abs(float(np.sum(g * direction))))
                worst_rows = max(worst_rows, float(np.max(np.abs(g - g[0]))), abs(float(g[0].sum())))
                r = rng.normal(size=(length, length))
                randoms.append(abs(float(np.sum(g * r / np.linalg.norm(r)))))
    median_random = float(np.median(randoms))
    passed = worst_blind < 1e-10 and worst_rows < 1e-12 and median_random > 1e-6
    details = f"max |<g, D_circ>| = {worst_blind:.1e}; max row difference / row sum {worst_rows:.1e}; median |<g, R>| = {median_random:.1e}"
    return Evidence("< 1e-10 (circulant), > 1e-6 (random)", f"{worst_blind:.1e}", "1e-10; rows 1e-12", passed, details)


@claim(paper="spt", source="docs/papers/spt.md §3.1 (Prop. 1), §6 C2", provenance="reconstructed", kind="equality")
def label_gradient_blind_to_balanced_directions(size: Size) -> Evidence:
    """At any identical-row point S0 = 1 b^T (b ~ N(0, 1)), T = 16, tanh, 20 seeds, the label slope
    vanishes (< 1e-12) along circulant and along random balanced directions (equal column sums) but
    not along key-importance directions 1 h^T (h orthogonal to 1) or random ones (median > 1e-6)."""
    length, blind, seen = 16, 0.0, {"column": [], "random": []}
    circulant = attention.circulant_direction(length)
    rng = size.rng("spt-c2-directions")
    for seed in range(size.pick(8, 20)):
        params, tokens, labels = _label_problem(size, "spt-c2", seed, length)
        s0 = np.ones((length, 1)) * rng.normal(size=(1, length))
        g = _score_gradient("tanh", jnp.asarray(s0), params, tokens, labels)
        for d in (circulant, attention.balanced_direction(rng, length)):
            blind = max(blind, abs(float(np.sum(g * d))))
        seen["column"].append(abs(float(np.sum(g * attention.column_direction(rng, length)))))
        r = rng.normal(size=(length, length))
        seen["random"].append(abs(float(np.sum(g * r / np.linalg.norm(r)))))
    medians = {k: float(np.median(v)) for k, v in seen.items()}
    passed = blind < 1e-12 and min(medians.values()) > 1e-6
    details = f"max |<g, circulant or balanced>| = {blind:.1e}; median |<g, 1h^T>| = {medians['column']:.1e}; median |<g, R>| = {medians['random']:.1e}"
    return Evidence("0 on B, nonzero off B", f"{blind:.1e}", "1e-12; 1e-6", passed, details)


@claim(paper="spt", source="docs/papers/spt.md §3.1 (Corollary 1-inv), §3.3, §6 C2b", provenance="reconstructed", kind="equality")
def label_training_keeps_identical_rows(size: Size) -> Evidence:
    """Label-only gradient descent on free scores S jointly with W_V, u, b (T = 16, tanh, lr 0.5,
    500 steps from S = 0) keeps every row of S identical (max |S_ij - S_0j| < 1e-12) while ||S||
    grows past 1e-3 and the loss falls; with zero-mean Fourier PE, W stays exactly 0 (< 1e-14)."""
    length, steps = 16, size.pick(200, 500)
    params, tokens, labels = _label_problem(size, "spt-c2b", 0, length)
    loss = functools.partial(attention.label_loss, phi="tanh", **_label_model_kwargs())
    step = jax.jit(
        lambda s, p: jax.tree.map(lambda v, g: v - 0.5 * g, (s, p), jax.grad(lambda s, p: loss(s, p, tokens, labels), argnums=(0, 1))(s, p))
    )
    s, p = jnp.zeros((length, length)), params
    start = float(loss(s, p, tokens, labels))
    for _ in range(steps):
        s, p = step(s, p)
    rows = float(jnp.max(jnp.abs(s - s[0])))
    end = float(loss(s, p, tokens, labels))
    encoding = jnp.asarray(attention.fourier_pe(length, 4))

    def pe_loss(w, p):
        return loss(attention.pe_scores(w, encoding), p, tokens, labels)

    pe_step = jax.jit(lambda w, p: jax.tree.map(lambda v, g: v - 0.5 * g, (w, p), jax.grad(pe_loss, argnums=(0, 1))(w, p)))
    w, q = jnp.zeros((8, 8)), params
    for _ in range(steps):
        w, q = pe_step(w, q)
    w_norm = float(jnp.linalg.norm(w))
    moved = float(jnp.linalg.norm(q.readout - params.readout))
    passed = rows < 1e-12 and float(jnp.linalg.norm(s)) > 1e-3 and end < start and w_norm < 1e-14 and moved > 1e-3
    details = f"row spread {rows:.1e}, ||S|| = {float(jnp.linalg.norm(s)):.3f}, loss {start:.4f} -> {end:.4f}; PE: ||W|| = {w_norm:.1e}, ||u - u0|| = {moved:.3f}"
    return Evidence("rows identical; W = 0", f"{rows:.1e}, {w_norm:.1e}", "1e-12; 1e-14", passed, details)


@claim(paper="spt", source="docs/papers/spt.md §3.2 (Corollary C-a), §6 C3", provenance="reconstructed", kind="equality")
def label_loss_constant_on_circulant_ray(size: Size) -> Evidence:
    """For affine phi the label loss is exactly constant along the whole circulant ray:
    |L(eps D) - L(0)| < 1e-12 for eps in {-5, -1, 0.5, 3, 10}, and softmax(eps D) has unit column
    sums (1e-12) (T = 16, 10 seeds)."""
    length = 16
    direction = attention.circulant_direction(length)
    worst_loss, worst_cols = 0.0, 0.0
    for seed in range(size.pick(4, 10)):
        params, tokens, labels = _label_problem(size, "spt-c3", seed, length)

        def loss(s, params=params, tokens=tokens, labels=labels):
            return float(attention.label_loss(jnp.asarray(s), params, tokens, labels, phi="id", **_label_model_kwargs()))

        base = loss(np.zeros((length, length)))
        for e in (-5.0, -1.0, 0.5, 3.0, 10.0):
            worst_loss = max(worst_loss, abs(loss(e * direction) - base))
            worst_cols = max(worst_cols, float(np.max(np.abs(np.asarray(jax.nn.softmax(e * direction, axis=-1)).sum(axis=0) - 1))))
    return Evidence(0.0, f"{worst_loss:.1e}", 1e-12, worst_loss < 1e-12 and worst_cols < 1e-12, f"column sums off by {worst_cols:.1e}")


@claim(paper="spt", source="docs/papers/spt.md §3.2 (Corollary C-b), §6 C4", provenance="reconstructed", kind="equality")
def label_curvature_formula(size: Size) -> Evidence:
    """Along a circulant direction at S = 0 the label loss has curvature
    E[l'(y, f0) u^T (1/T) sum_i phi''(vbar) delta_i^2] (autodiff d^2L/deps^2 within 1e-6 relative) for
    phi in {square, tanh}, and zero curvature (< 1e-10) for phi = id (T = 16, 10 seeds)."""
    length = 16
    direction = jnp.asarray(attention.circulant_direction(length))
    worst_rel, worst_id, magnitudes = 0.0, 0.0, []
    for seed in range(size.pick(4, 10)):
        params, tokens, labels = _label_problem(size, "spt-c4", seed, length)
        for phi in ("square", "tanh", "id"):

            def along(e, phi=phi, params=params, tokens=tokens, labels=labels):
                return attention.label_loss(e * direction, params, tokens, labels, phi=phi, **_label_model_kwargs())

            second = float(jax.grad(jax.grad(along))(0.0))
            if phi == "id":
                worst_id = max(worst_id, abs(second))
                continue
            predicted = float(attention.label_curvature_closed_form(params, tokens, labels, direction, phi=phi))
            worst_rel = max(worst_rel, abs(second - predicted) / abs(predicted))
            magnitudes.append(abs(predicted))
    passed = worst_rel < 1e-6 and worst_id < 1e-10
    details = f"|curvature| in [{min(magnitudes):.1e}, {max(magnitudes):.1e}]; phi = id: {worst_id:.1e}"
    return Evidence("C-b formula", f"{worst_rel:.1e}", "1e-6 rel; 1e-10 (id)", passed, details)


@claim(paper="spt", source="docs/papers/spt.md §3.2, §3.6, §6 C5", provenance="reconstructed", kind="identity")
def sympy_circulant_and_band_identities(size: Size) -> Evidence:
    """sympy, T = 4, generic phi: along a circulant direction dz/deps|0 = 0, softmax(eps D) has unit
    column sums for all eps, and d^2z/deps^2|0 = (1/T) sum_i phi''(vbar) delta_i^2 exactly (its
    k0^2 v0^2 coefficient is 3 phi''/256); a band direction leaks: dz/deps|0 = (-v0 + v1 + v2 - v3)/32
    for affine phi."""
    first = theory.circulant_first_derivative()
    columns = theory.circulant_column_sums()
    second = sp.simplify(theory.circulant_second_derivative() - theory.circulant_second_derivative_expected())
    coefficient = theory.circulant_second_derivative().coeff(theory._k[0], 2).coeff(theory._v[0], 2)
    coefficient = coefficient.subs({s: 0 for s in theory._k[1:] + theory._v[1:]})
    band = sp.simplify(theory.band_first_derivative() - theory.band_leak_expected())
    checks = {
        "dz/deps = 0": first == 0,
        "column sums": all(c == 0 for c in columns),
        "C-b formula": second == 0,
        "3 phi''/256": sp.simplify(coefficient - 3 * theory.PHI2 / 256) == 0,
        "band leak": band == 0,
    }
    passed = all(checks.values())
    formula = (
        r"\left.\frac{d^2 z}{d\varepsilon^2}\right|_0 = \frac{1}{T}\sum_i \phi''(\bar v)\,\delta_i^2, \quad "
        r"\left.\frac{dz}{d\varepsilon}\right|_0^{\mathrm{band}} = " + sp.latex(theory.band_leak_expected())
    )
    return Evidence(
        "identities",
        "all hold" if passed else "some fail",
        "symbolic",
        passed,
        "; ".join(f"{k}: {v}" for k, v in checks.items()),
        formula=formula,
    )


@claim(paper="spt", source="docs/papers/spt.md §3.3 (Prop. 2), §6 C6", provenance="reconstructed", kind="equality")
def label_gradient_in_pe_parameterisation(size: Size) -> Evidence:
    """With S(W) = P W P^T/sqrt(d_p) at W = 0: for zero-mean Fourier PE (T = 32, K = 4) sum_i p_i = 0
    and grad_W L_lab = 0 (< 1e-12) for every phi and seed; for base-10000 sinusoidal PE (d_p = 8) the
    gradient is rank one (sigma_2/sigma_1 < 1e-10) with left singular vector parallel to sum_i p_i
    (|cos| > 1 - 1e-10)."""
    length = 32
    fourier, sinus = attention.fourier_pe(length, 4), attention.sinusoidal_pe(length, 8)
    mean_pe = float(np.max(np.abs(fourier.sum(axis=0))))
    worst_fourier, worst_rank, worst_cos = 0.0, 0.0, 0.0
    for phi in PHIS:
        for seed in range(size.pick(3, 10)):
            params, tokens, labels = _label_problem(size, "spt-c6", seed, length)
            worst_fourier = max(
                worst_fourier,
                float(
                    np.linalg.norm(attention.pe_label_gradient(jnp.asarray(fourier), params, tokens, labels, phi, **_label_model_kwargs()))
                ),
            )
            u, sv, _ = np.linalg.svd(attention.pe_label_gradient(jnp.asarray(sinus), params, tokens, labels, phi, **_label_model_kwargs()))
            worst_rank = max(worst_rank, sv[1] / sv[0])
            p_bar = sinus.sum(axis=0)
            worst_cos = max(worst_cos, 1 - abs(float(u[:, 0] @ p_bar / np.linalg.norm(p_bar))))
    passed = mean_pe < 1e-12 and worst_fourier < 1e-12 and worst_rank < 1e-10 and worst_cos < 1e-10
    details = f"|sum p_i| = {mean_pe:.1e}; Fourier ||grad_W|| = {worst_fourier:.1e}; sinusoidal sigma2/sigma1 = {worst_rank:.1e}, 1 - |cos| = {worst_cos:.1e}"
    return Evidence("0 (Fourier); rank one (sinusoidal)", f"{worst_fourier:.1e}", "1e-12; 1e-10", passed, details)


# ---------------------------------------------------------------------------------------------
# masked reconstruction (Proposition 3)

MASK_RATE, MA_LENGTH = 0.25, 32


def _masked_batch(size: Size, tag: str, count: int):
    x = jnp.asarray(attention.circular_ma(size.rng(tag), count, MA_LENGTH))
    return x, attention.bernoulli_mask(size.key(tag), x.shape, MASK_RATE)


@claim(paper="spt", source="docs/papers/spt.md §3.4 (Prop. 3), §6 C7", provenance="reconstructed", kind="equality")
def masked_slope_closed_form(size: Size) -> Evidence:
    """Masked reconstruction at S = 0 (T = 32, rho = 0.25, circular MA(3) data, kappa(tau) =
    exp(-dist/2)): the closed-form slope (2/T) sum_tau (kappa - kappabar) B(tau) = -0.04321 agrees with
    Monte Carlo over >= 2e5 sequences within 3 SE, and its leading-order term is within 15 %."""
    covariance = attention.circular_ma_covariance(MA_LENGTH)
    distance = np.minimum(np.arange(MA_LENGTH), MA_LENGTH - np.arange(MA_LENGTH))
    kernel = np.exp(-distance / 2.0)
    exact = theory.masked_slope(covariance, kernel, MASK_RATE)
    leading = theory.masked_slope_leading(covariance, kernel, MASK_RATE)
    direction = jnp.asarray(attention.circulant_direction(MA_LENGTH, normalize=False))
    x, mask = _masked_batch(size, "spt-c7", size.pick(200_000, 400_000))
    _, (d_errors, counts) = jax.jvp(lambda e: attention.masked_terms(e * direction, x, mask), (0.0,), (1.0,))
    counts = np.asarray(attention.masked_terms(jnp.zeros((MA_LENGTH, MA_LENGTH)), x, mask)[1], dtype=float)
    d_errors = np.asarray(d_errors)
    estimate = d_errors.sum() / counts.sum()
    se = np.std(d_errors - estimate * counts, ddof=1) / (counts.mean() * math.sqrt(counts.size))
    z = float(z_scores(estimate, se, exact)[()])
    lead_err = abs(leading / exact - 1)
    details = f"closed form {exact:.5f}, Monte Carlo {estimate:.5f} ± {se:.5f} ({counts.size} sequences), leading order {leading:.5f} ({lead_err:.1%} off)"
    formula = r"\left.\frac{\partial \mathcal{L}_{\mathrm{mlm}}}{\partial \varepsilon}\right|_0 = \frac{2}{T}\sum_\tau \left(\kappa(\tau) - \bar\kappa\right) B(\tau)"
    return Evidence(exact, estimate, "3 SE; leading 15 %", z <= 3 and lead_err <= 0.15, details, formula=formula)


SPEC_W_DIAGONAL = (0.01872, 0.01602, 0.01207, 0.00753)
"""§3.4 reference values of diag(-grad_W L_mlm) per frequency (computed for the spec)."""


@claim(paper="spt", source="docs/papers/spt.md §3.4 (Prop. 3, W-space), §6 C8", provenance="reconstructed", kind="equality")
def masked_gradient_in_pe_space(size: Size) -> Evidence:
    """With Fourier PE (K = 4, d_p = 8) the masked gradient at W = 0 is block-diagonal: Monte Carlo
    diag(-grad_W L_mlm) (>= 1e5 sequences) within 5 % of (a S_x(w_k) - c0)/(T sqrt d_p) =
    [0.01872, 0.01602, 0.01207, 0.00753] (cos and sin copies) and every off-diagonal entry below 5 %
    of the largest diagonal one."""
    covariance = attention.circular_ma_covariance(MA_LENGTH)
    predicted = theory.masked_w_gradient_diagonal(covariance, MASK_RATE, 4)
    spec_err = float(np.max(np.abs(predicted[::2] / np.array(SPEC_W_DIAGONAL) - 1)))
    encoding = jnp.asarray(attention.fourier_pe(MA_LENGTH, 4))
    x, mask = _masked_batch(size, "spt-c8", size.pick(100_000, 400_000))
    g = -attention.pe_masked_gradient(encoding, x, mask)
    diag = np.diag(g)
    off = float(np.max(np.abs(g - np.diag(diag))) / np.max(np.abs(diag)))
    rel = float(np.max(np.abs(diag / predicted - 1)))
    details = (
        "MC diag "
        + ", ".join(f"{v:.5f}" for v in diag)
        + f"; predicted {', '.join(f'{v:.5f}' for v in predicted[::2])} (spec table to {spec_err:.1e}); off-diagonal {off:.3f}"
    )
    return Evidence("blockdiag((a S_x - c0) I_2)", f"{rel:.2%}", "5 %", rel <= 0.05 and off <= 0.05 and spec_err <= 1e-3, details)


@claim(
    paper="spt",
    source="docs/papers/spt.md §3.3-§3.4, §6 C9 (abstract: masked reconstruction sees proximity)",
    provenance="paper",
    kind="qualitative",
)
def masked_loss_sees_what_label_loss_cannot(size: Size) -> Evidence:
    """In the same Fourier-PE model (T = 32), along the proximity direction W = I the masked slope
    (aligned readout, rho = 0.25, AR(1) data) is < -1e-3 for every seed while the label slope is
    < 1e-12 in absolute value."""
    length = 32
    encoding = jnp.asarray(attention.fourier_pe(length, 4))
    identity = np.eye(8)
    masked, label = [], []
    for seed in range(size.pick(5, 20)):
        params, tokens, labels = _label_problem(size, "spt-c9", seed, length, count=2048)
        x = tokens[..., 0]
        mask = attention.bernoulli_mask(jax.random.fold_in(size.key("spt-c9-mask"), seed), x.shape, MASK_RATE)
        masked.append(float(np.sum(attention.pe_masked_gradient(encoding, x, mask) * identity)))
        label.append(
            abs(float(np.sum(attention.pe_label_gradient(encoding, params, tokens, labels, "tanh", **_label_model_kwargs()) * identity)))
        )
    passed = max(masked) < -1e-3 and max(label) < 1e-12
    details = f"masked slopes in [{min(masked):.2e}, {max(masked):.2e}]; max |label slope| {max(label):.1e}"
    return Evidence("masked < -1e-3; label 0", f"{max(masked):.2e}, {max(label):.1e}", "-1e-3; 1e-12", passed, details)


READOUT_SCALES = (0.1, 1.0, 10.0)

#: C11-C17 compare training arms against thresholds the spec fixed after its own calibration run
_CALIBRATED = Deviation(
    "the thresholds",
    "the paper's qualitative statement (no number)",
    "the spec's §6 C11-C17 thresholds",
    "set by the spec after its calibration run, next to the values that run observed (docs/papers/spt.md §6), not fixed in advance",
)


@functools.cache
def residual_slopes(quick: bool, seed: int) -> dict[tuple[str, float], np.ndarray]:
    """Per (phi in {tanh, ReLU}, readout scale in :data:`READOUT_SCALES`): rows (|label slope|,
    |masked slope|, |cos(label gradient, D)|) per seed along a unit circulant direction D at S = 0,
    label model with a residual path H_i = phi(x_i W_in + y_i) (W_in ~ N(0, 1), d_v = 8, readout
    u ~ N(0, 1/d_v) times the scale), masked slope with the aligned readout on the same 2048
    AR-vs-shuffled sequences (it does not depend on the label readout)."""
    size, length = Size("quick" if quick else "full", seed), 32
    direction = attention.circulant_direction(length)
    out = {}
    for phi in ("tanh", "relu"):
        grad = _label_grad(phi, residual=True)
        rows = {scale: [] for scale in READOUT_SCALES}
        for s in range(size.pick(8, 20)):
            params, tokens, labels = _label_problem(size, "spt-c10", s, length, count=2048)
            x = tokens[..., 0]
            mask = attention.bernoulli_mask(jax.random.fold_in(size.key("spt-c10-mask"), s), x.shape, MASK_RATE)
            masked = abs(float(jnp.sum(jax.grad(attention.masked_loss)(jnp.zeros((length, length)), x, mask) * direction)))
            for scale in READOUT_SCALES:
                g = np.asarray(grad(jnp.zeros((length, length)), params._replace(readout=params.readout * scale), tokens, labels))
                label = abs(float(np.sum(g * direction)))
                rows[scale].append((label, masked, label / float(np.linalg.norm(g))))
        out |= {(phi, scale): np.array(v) for scale, v in rows.items()}
    return out


def _leak_summary(slopes) -> str:
    return "; ".join(
        f"{phi} x{scale:g}: label slope > 1e-8 in {np.mean(v[:, 0] > 1e-8):.0%} of seeds, median |label|/|masked| "
        f"{np.median(v[:, 0] / v[:, 1]):.3g}, median |cos(g, D)| {np.median(v[:, 2]):.3f}"
        for (phi, scale), v in slopes.items()
    )


@claim(
    paper="spt",
    source="docs/papers/spt.md §3.5, §6 C10 (re-posed: no fixed threshold)",
    provenance="reconstructed",
    kind="qualitative",
    deviations=(
        Deviation(
            "C10's threshold",
            "|label slope| / |masked slope| < 0.2 for tanh and ReLU (observed 0.004-0.08), expected REFUTED here",
            "no threshold: the growth of the ratio with the readout scale is the finding",
            "the ratio is not scale-free (the masked slope does not see the label readout): median 0.008 / 0.09 / 1.0 for "
            "ReLU at readout x0.1 / x1 / x10, so any fixed threshold only picks a readout scale",
        ),
        Deviation(
            "the growth threshold",
            "none (a claim of this project)",
            ">= 10x over the two decades",
            "chosen after seeing 111x (ReLU) and over 3000x (tanh); the monotone rise is the finding",
        ),
    ),
)
def residual_leak_scales_with_readout(size: Size) -> Evidence:
    """With a residual path the leak ratio |label slope| / |masked slope| along a unit circulant
    direction at S = 0 grows with the label readout's scale: its median over seeds rises at every
    step x0.1 -> x1 -> x10 and by at least 10x over the two decades, for phi = tanh and ReLU (the
    masked slope does not depend on the label readout), so no fixed threshold on it is meaningful."""
    slopes = residual_slopes(size.quick, size.seed)
    ok, rows, growths = True, [], []
    for phi in ("tanh", "relu"):
        medians = [float(np.median(slopes[phi, scale][:, 0] / slopes[phi, scale][:, 1])) for scale in READOUT_SCALES]
        growths.append(medians[-1] / medians[0])
        ok &= bool(np.all(np.diff(medians) > 0)) and growths[-1] >= 10.0
        rows.append(f"{phi}: " + " / ".join(f"{m:.3g}" for m in medians) + f" ({growths[-1]:.0f}x)")
    growth = min(growths)
    return Evidence(
        "rising, >= 10x over x0.1..x10", f"{growth:.0f}x (smaller of tanh, ReLU)", 10.0, ok, "; ".join(rows) + ". " + _leak_summary(slopes)
    )


@claim(paper="spt", source="docs/papers/spt.md §3.5 (where blindness breaks), §6 C10", provenance="reconstructed", kind="qualitative")
def residual_path_breaks_exact_blindness(size: Size) -> Evidence:
    """What the toolkit finds: a residual path (H_i = phi(x_i W_in + y_i)) breaks blindness, not just
    perturbs it: the label slope along a unit circulant direction D at S = 0 is nonzero (> 1e-8 in
    >= 80 % of seeds) for tanh and ReLU, and the label gradient's median |cosine| with D exceeds
    4 / T, four standard deviations of a random unit direction's cosine in the T^2 = 1024-dimensional
    score space (a scale-free measure), at the spec's readout scale."""
    slopes = residual_slopes(size.quick, size.seed)
    nonzero = min(float(np.mean(slopes[phi, 1.0][:, 0] > 1e-8)) for phi in ("tanh", "relu"))
    cosine = min(float(np.median(slopes[phi, 1.0][:, 2])) for phi in ("tanh", "relu"))
    return Evidence(
        "nonzero; median |cos| > 4/T",
        f"{nonzero:.0%}, {cosine:.3f}",
        f">= 80 %; {4 / 32:g}",
        nonzero >= 0.8 and cosine > 4 / 32,
        _leak_summary({k: v for k, v in slopes.items() if k[1] == 1.0}),
    )


# ---------------------------------------------------------------------------------------------
# the minimal task (§2.4): score-gradient geometry (C18) and the training arms of §5.3 (C11-C17)


def _per_seed(values) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


@claim(paper="spt", source="docs/papers/spt.md §5.3 (score-gradient geometry), §6 C18", provenance="reconstructed", kind="qualitative")
def score_gradient_geometry_in_full_block(size: Size) -> Evidence:
    """In the full block (residual, MLP, LayerNorm): after 1000 masked-reconstruction steps with QK
    frozen at 0 the masked score-gradient is proximity-aligned (cos(-g, Pi_dc) >= 0.7) and not a
    key-importance pattern (column fraction <= 0.05) in every seed; at initialisation with QK = 0 the
    label score-gradient is mostly a column pattern (column fraction >= 0.7). Label blindness after
    warm-up is not asserted (the residual architecture is not blind, §3.5)."""
    seeds = size.pick((0, 1), (0, 1, 2, 3))
    warm = spt_task.train(spt_task.uniform_init(seeds), "mlm", 1000, seeds=seeds, frozen=spt_task.QK, eval_every=1000)
    masked = spt_task.score_gradient(warm.params, "mlm")
    label = spt_task.score_gradient(spt_task.uniform_init(seeds), "cls")
    cos = [spt_task.proximity_alignment(g) for g in masked]
    col_masked = [spt_task.column_fraction(g) for g in masked]
    col_label = [spt_task.column_fraction(g) for g in label]
    passed = min(cos) >= 0.7 and max(col_masked) <= 0.05 and min(col_label) >= 0.7
    details = f"masked cos {_per_seed(cos)}, column fraction {_per_seed(col_masked)}; label column fraction at init {_per_seed(col_label)}"
    return Evidence("cos >= 0.7; colfrac <= 0.05 / >= 0.7", f"{min(cos):.2f}", "0.7; 0.05; 0.7", passed, details)


def _protocol(size: Size) -> spt_arms.Protocol:
    return spt_arms.protocol(size.quick).shifted(size.seed)


def _final(size: Size, name: str, seeds=None) -> np.ndarray:
    return spt_arms.final_accuracy(_protocol(size), name, seeds)


def _gain(size: Size, name: str, seeds) -> float:
    """Mean over ``seeds`` of (final accuracy of arm ``name``) - (final accuracy from scratch)."""
    return float(np.mean(_final(size, name, seeds) - _final(size, "scratch", seeds)))


@claim(
    paper="spt",
    source="docs/papers/spt.md §5.3 (reading vi), §6 C11",
    provenance="reconstructed",
    kind="inequality",
    deviations=(_CALIBRATED,),
    tightness="spt.self_pretraining_beats_scratch",
)
def uniform_attention_is_insufficient(size: Size) -> Evidence:
    """With W_Q = W_K = 0 frozen (uniform attention) label training for the protocol's
    ``uniform_steps`` reaches test accuracy <= 0.88 in every seed, below the mean accuracies of
    trained-QK scratch and of self-pretraining (both after ``cls_steps``, fewer steps)."""
    p = _protocol(size)
    uniform, scratch, spt = _final(size, "uniform_attention"), _final(size, "scratch"), _final(size, "self_pretrained")
    passed = bool(uniform.max() <= 0.88 and uniform.max() < min(scratch.mean(), spt.mean()))
    details = (
        f"uniform @{p.uniform_steps}: {_per_seed(uniform)}; @{p.cls_steps}: scratch mean {scratch.mean():.3f}, "
        f"self-pretrained mean {spt.mean():.3f}"
    )
    return Evidence("<= 0.88 and below scratch, SPT", f"{uniform.max():.3f}", "0.88", passed, details)


@claim(
    paper="spt",
    source="docs/papers/spt.md §5.3 (reading i), §6 C12",
    provenance="reconstructed",
    kind="inequality",
    deviations=(_CALIBRATED,),
    tightness="spt.qk_reset_removes_gain",
)
def self_pretraining_beats_scratch(size: Size) -> Evidence:
    """After ``cls_steps`` label steps, masked self-pretraining on the training sequences (then
    fine-tuning) beats label-only training from the same init: mean accuracy gain >= +0.02 and a
    positive gain in >= 80 % of seeds."""
    gains = _final(size, "self_pretrained") - _final(size, "scratch")
    share = float(np.mean(gains > 0))
    passed = bool(gains.mean() >= 0.02 and share >= 0.8)
    details = f"gain per seed {_per_seed(gains)}; positive in {int(np.sum(gains > 0))}/{gains.size}"
    return Evidence(">= +0.02 mean, > 0 in >= 80 %", f"{gains.mean():+.3f}", "0.02; 80 %", passed, details)


@claim(
    paper="spt",
    source="docs/papers/spt.md §5.3 (reading i), §6 C13",
    provenance="reconstructed",
    kind="inequality",
    deviations=(_CALIBRATED,),
    tightness="spt.qk_reset_removes_gain",
)
def self_pretraining_learns_faster(size: Size) -> Evidence:
    """At the first evaluation (250 label steps) the self-pretrained model is ahead of the scratch
    model in >= 80 % of seeds."""
    p = _protocol(size)
    early_spt, early_scratch = (spt_arms.arm(p, name).accuracy[0] for name in ("self_pretrained", "scratch"))
    share = float(np.mean(early_spt > early_scratch))
    details = (
        f"acc @{p.eval_every}: self-pretrained {_per_seed(early_spt)} (mean {early_spt.mean():.3f}), "
        f"scratch {_per_seed(early_scratch)} (mean {early_scratch.mean():.3f})"
    )
    return Evidence(">= 80 % of seeds", f"{share:.0%}", "80 %", share >= 0.8, details)


@claim(
    paper="spt",
    source="docs/papers/spt.md §5.3 (reading ii), §6 C14 (abstract: label supervision struggles to learn QK patterns)",
    provenance="reconstructed",
    kind="inequality",
    deviations=(_CALIBRATED,),
    tightness="two-sided: <= 0.65 after masked pretraining and >= 0.80 after label-only training",
)
def masked_pretraining_makes_attention_local(size: Size) -> Evidence:
    """The locality ratio (mean attention distance / uniform) is <= 0.65 in every seed after masked
    pretraining, and >= 0.80 in every seed after label-only training from scratch: label supervision
    reaches its accuracy without learning local attention."""
    p = _protocol(size)
    local = spt_arms.arm(p, "pretrained").distance[-1] / spt_task.UNIFORM_MAD
    diffuse = spt_arms.arm(p, "scratch").distance[-1] / spt_task.UNIFORM_MAD
    passed = bool(local.max() <= 0.65 and diffuse.min() >= 0.80)
    details = f"after {p.mlm_steps} masked steps {_per_seed(local)}; after {p.cls_steps} label steps {_per_seed(diffuse)}"
    return Evidence("<= 0.65 / >= 0.80", f"{local.max():.2f} / {diffuse.min():.2f}", "0.65; 0.80", passed, details)


@claim(
    paper="spt",
    source="docs/papers/spt.md §5.3 (reading iii), §6 C15",
    provenance="reconstructed",
    kind="inequality",
    deviations=(_CALIBRATED,),
    tightness="spt.qk_reset_removes_gain",
)
def qk_transplant_recovers_gain(size: Size) -> Evidence:
    """A fresh init with only W_Q, W_K copied from the self-pretrained model recovers >= 60 % of
    the self-pretraining gain: mean(acc_transplant - acc_scratch) / mean(acc_SPT - acc_scratch) over
    the transplant seeds (a ratio of means, stable when one seed's gain is near 0)."""
    seeds = _protocol(size).transplant_seeds
    transplant, spt = _gain(size, "qk_transplant", seeds), _gain(size, "self_pretrained", seeds)
    share = transplant / spt if spt > 0 else float("nan")
    details = f"seeds {seeds}: transplant gain {transplant:+.3f}, self-pretraining gain {spt:+.3f}"
    return Evidence(">= 60 % of the gain", f"{share:.0%}", "60 %", spt > 0 and share >= 0.6, details)


@claim(
    paper="spt",
    source="docs/papers/spt.md §5.3 (reading iii), §6 C16",
    provenance="reconstructed",
    kind="inequality",
    deviations=(_CALIBRATED,),
    tightness="spt.qk_transplant_recovers_gain",
)
def qk_reset_removes_gain(size: Size) -> Evidence:
    """The self-pretrained model with W_Q, W_K put back to their initial values keeps at most 60 %
    of the gain: mean(acc_reset - acc_scratch) <= 0.6 mean(acc_SPT - acc_scratch) on the reset seeds."""
    seeds = _protocol(size).reset_seeds
    reset, spt = _gain(size, "qk_reset", seeds), _gain(size, "self_pretrained", seeds)
    details = f"seeds {seeds}: reset gain {reset:+.3f}, self-pretraining gain {spt:+.3f}"
    retained = reset / spt if spt > 0 else float("nan")
    return Evidence("<= 60 % of the gain", f"{retained:.0%}", "60 %", spt > 0 and reset <= 0.6 * spt, details)


@claim(
    paper="spt",
    source="docs/papers/spt.md §5.3 (reading iv), §6 C17 (abstract: proximity interactions explain the gain)",
    provenance="reconstructed",
    kind="inequality",
    deviations=(_CALIBRATED,),
    tightness="two-sided: within 0.015 of self-pretraining and >= 0.03 above scratch",
)
def proximity_prior_matches_self_pretraining(size: Size) -> Evidence:
    """Label-only training with the fixed score bias -0.3 |i - j| (``Protocol.prior_strength``) reaches a mean accuracy within
    0.015 of self-pretraining's and at least 0.03 above scratch's (means over each arm's seeds)."""
    prior, spt, scratch = (_final(size, name).mean() for name in ("proximity_prior", "self_pretrained", "scratch"))
    passed = bool(abs(prior - spt) <= 0.015 and prior >= scratch + 0.03)
    details = (
        f"prior {_per_seed(_final(size, 'proximity_prior'))} (mean {prior:.3f}); self-pretrained mean {spt:.3f}; scratch mean {scratch:.3f}"
    )
    return Evidence(
        "|prior - SPT| <= 0.015, prior - scratch >= 0.03", f"{prior - spt:+.3f} / {prior - scratch:+.3f}", "0.015; 0.03", passed, details
    )
