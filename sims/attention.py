"""Single-layer attention models of docs/papers/spt.md §2.3 (JAX, float64): the label model LM(phi)
and the masked-reconstruction model, both as functions of the attention scores S (free T x T scores)
or of W through S(W) = P W P^T / sqrt(d_p) (absolute positional encodings P).

Label model (no residual, mean pooling)::

    V = X W_V,  y_i = sum_j A_ij V_j,  H_i = phi(y_i)  [residual variant: phi(x_i W_in + y_i)],
    z = (1/T) sum_i H_i  [or z = H_T: last-token pooling],  f = u^T z + b,  loss log(1 + exp(-y f)).

Masked reconstruction (scalar tokens, aligned readout W_V R = 1, mask value 0)::

    y^_m = sum_j A_mj x~_j,   L = sum over masked m of (y^_m - x_m)^2 / number of masked positions,

the ratio of sums over the batch (the ratio of expectations of §7 pitfall 9). An all-unmasked
sequence contributes nothing to either sum.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from paperchecks.sims.precision import in_float64
from paperchecks.sims.validation import check_bytes, choice, fail, in_range, is_traced, positive_int

__all__ = [
    "ACTIVATIONS",
    "LabelParams",
    "MA_TAPS",
    "POOLINGS",
    "ar_or_shuffled",
    "balanced_direction",
    "band_direction",
    "bernoulli_mask",
    "circulant_direction",
    "circular_distance",
    "circular_ma",
    "circular_ma_covariance",
    "column_direction",
    "fourier_pe",
    "label_curvature_closed_form",
    "label_logits",
    "label_loss",
    "label_problem",
    "masked_loss",
    "masked_terms",
    "pe_label_gradient",
    "pe_masked_gradient",
    "pe_scores",
    "random_label_params",
    "sinusoidal_pe",
]

ACTIVATIONS = {
    "id": lambda t: t,
    "tanh": jnp.tanh,
    "square": lambda t: t * t,
    "relu": jax.nn.relu,
}
POOLINGS = ("mean", "last")


class LabelParams(NamedTuple):
    """Non-attention parameters of LM(phi): W_V (d_in x d_v), u (d_v), b, and W_in (d_in x d_v,
    used only by the residual variant).

    Reference: docs/papers/spt.md §2.3 (the label model LM(phi)).
    """

    value: jax.Array
    readout: jax.Array
    bias: jax.Array
    residual_in: jax.Array


@in_float64
def random_label_params(key, d_in: int = 1, d_v: int = 8) -> LabelParams:
    """W_V, W_in ~ N(0, 1/d_in), u ~ N(0, 1/d_v), b ~ N(0, 1).

    Reference: docs/papers/spt.md §2.3.

    Args:
        key: the PRNG key.
        d_in: the token dimension.
        d_v: the value dimension.

    Returns:
        The :class:`LabelParams`.
    """
    k = jax.random.split(key, 4)
    return LabelParams(
        jax.random.normal(k[0], (d_in, d_v)) / math.sqrt(d_in),
        jax.random.normal(k[1], (d_v,)) / math.sqrt(d_v),
        jax.random.normal(k[2], ()),
        jax.random.normal(k[3], (d_in, d_v)) / math.sqrt(d_in),
    )


@in_float64
def label_logits(scores, params: LabelParams, tokens, *, phi: str = "tanh", residual: bool = False, pooling: str = "mean"):
    """f for a batch of token sequences ``tokens`` (n, T, d_in) at attention scores ``scores`` (T, T).

    Reference: docs/papers/spt.md §2.3 (the label model LM(phi)).

    Args:
        scores: the (T, T) attention scores S.
        params: the :class:`LabelParams`.
        tokens: (n, T, d_in) sequences.
        phi: the activation, a key of :data:`ACTIVATIONS` (``"id"``, ``"tanh"``, ``"square"``, ``"relu"``).
        residual: add the residual branch W_in x_i.
        pooling: ``"mean"`` (the blind case) or ``"last"`` (last-token pooling, §3.5).

    Returns:
        The (n,) logits f.
    """
    choice("phi", phi, sorted(ACTIVATIONS))
    choice("pooling", pooling, POOLINGS)
    if np.ndim(tokens) != 3:
        fail("tokens", "an (n, T, d_in) array", np.shape(tokens))
    _check_scores(scores, np.shape(tokens)[1])
    attention = jax.nn.softmax(scores, axis=-1)
    values = tokens @ params.value
    mixed = jnp.einsum("ij,njd->nid", attention, values)
    if residual:
        mixed = mixed + tokens @ params.residual_in
    hidden = ACTIVATIONS[phi](mixed)
    pooled = hidden.mean(axis=1) if pooling == "mean" else hidden[:, -1]
    return pooled @ params.readout + params.bias


def _check_scores(scores, length: int) -> None:
    """Scores must be a (T, T) array of finite numbers (traced arrays are checked by shape only)."""
    if not hasattr(scores, "shape") or np.shape(scores) != (length, length) or not jnp.issubdtype(jnp.result_type(scores), jnp.floating):
        fail("scores", f"a ({length}, {length}) float array (T = the sequence length)", getattr(scores, "shape", scores))
    if not is_traced(scores) and not np.all(np.isfinite(np.asarray(scores))):
        fail("scores", f"a ({length}, {length}) array of finite floats", "non-finite entries")


@in_float64
def label_loss(scores, params: LabelParams, tokens, labels, **kw):
    """L_lab(S) = mean log(1 + exp(-y f)), labels in {-1, +1}.

    Reference: docs/papers/spt.md §2.3.

    Args:
        scores: the (T, T) scores.
        params: the :class:`LabelParams`.
        tokens: (n, T, d_in) sequences.
        labels: (n,) labels in {-1, +1}.
        kw: ``phi``, ``residual``, ``pooling`` of :func:`label_logits`.

    Returns:
        The mean logistic loss.
    """
    return jnp.mean(jax.nn.softplus(-labels * label_logits(scores, params, tokens, **kw)))


@in_float64
def masked_terms(scores, tokens, mask):
    """Per sequence: (sum over masked m of (y^_m - x_m)^2, number of masked positions), aligned
    scalar readout, mask value 0; ``tokens`` (n, T), ``mask`` (n, T) boolean.

    Reference: docs/papers/spt.md §3.4.

    Args:
        scores: the (T, T) scores.
        tokens: (n, T) sequences.
        mask: (n, T) boolean mask.

    Returns:
        ``(squared errors (n,), masked counts (n,))``.
    """
    if np.ndim(tokens) != 2:
        fail("tokens", "an (n, T) array", np.shape(tokens))
    if np.shape(mask) != np.shape(tokens):
        fail("mask", f"a boolean array of the tokens' shape {np.shape(tokens)}", np.shape(mask))
    _check_scores(scores, np.shape(tokens)[1])
    attention = jax.nn.softmax(scores, axis=-1)
    visible = jnp.where(mask, 0.0, tokens)
    prediction = visible @ attention.T
    return jnp.sum(jnp.where(mask, (prediction - tokens) ** 2, 0.0), axis=1), jnp.sum(mask, axis=1)


@in_float64
def masked_loss(scores, tokens, mask):
    """L_mlm(S): total masked squared error over total masked count (ratio of expectations).

    Reference: docs/papers/spt.md §3.4.

    Args:
        scores: the (T, T) scores.
        tokens: (n, T) sequences.
        mask: (n, T) boolean mask.

    Returns:
        The loss (a JAX scalar).
    """
    errors, counts = masked_terms(scores, tokens, mask)
    return jnp.sum(errors) / jnp.maximum(jnp.sum(counts), 1)


@in_float64
def bernoulli_mask(key, shape, rate: float):
    """Each position masked independently with probability ``rate``.

    Reference: docs/papers/spt.md §3.4 (the masked-reconstruction objective).

    Args:
        key: the PRNG key.
        shape: the mask shape (n, T).
        rate: the masking probability in (0, 1).

    Returns:
        The boolean mask.
    """
    rate = in_range("rate", rate, low=0.0, high=1.0, low_open=True, high_open=True)
    if (
        not isinstance(shape, tuple | list)
        or not shape
        or not all(isinstance(n, int | np.integer) and not isinstance(n, bool) and n >= 1 for n in shape)
    ):
        fail("shape", "a non-empty tuple of integers >= 1", shape)
    check_bytes("shape", shape, 8.0 * math.prod(int(n) for n in shape), "the mask's uniform draws")
    return jax.random.uniform(key, tuple(int(n) for n in shape)) < rate


# ------------------------------------------------------------------------------------------------
# positional encodings and score-space directions


@in_float64
def fourier_pe(length: int, frequencies: int) -> np.ndarray:
    """p_i = [cos(w_1 i), sin(w_1 i), ..., cos(w_K i), sin(w_K i)], w_k = 2 pi k / T (zero mean).

    Reference: docs/papers/spt.md §3.3 (Proposition 2, the PE parameterisation).

    Args:
        length: T.
        frequencies: K >= 1 (K < T / 2).

    Returns:
        The (T, 2K) encoding P.
    """
    if not 0 < frequencies < length / 2:
        fail("frequencies", f"in (0, T/2) = (0, {length / 2:g})", frequencies)
    i = np.arange(length)[:, None]
    w = 2 * np.pi * np.arange(1, frequencies + 1)[None, :] / length
    return np.stack([np.cos(w * i), np.sin(w * i)], axis=-1).reshape(length, 2 * frequencies)


@in_float64
def sinusoidal_pe(length: int, dim: int, base: float = 1e4) -> np.ndarray:
    """p_i = [sin(w_k i), cos(w_k i)]_k, w_k = base^(-2k/dim) (not zero mean).

    Reference: docs/papers/spt.md §3.3 (a PE that is not zero mean, §3.5).

    Args:
        length: T.
        dim: the even encoding dimension.
        base: the frequency base.

    Returns:
        The (T, dim) encoding.
    """
    length = positive_int("length", length)
    dim = positive_int("dim", dim, minimum=2)
    check_bytes("dim", dim, 8.0 * length * dim, "the (T, dim) encoding")
    if dim % 2:
        fail("dim", "an even integer >= 2", dim)
    base = in_range("base", base, low=1.0, low_open=True)
    i = np.arange(length)[:, None]
    w = base ** (-2 * np.arange(dim // 2)[None, :] / dim)
    return np.concatenate([np.sin(w * i), np.cos(w * i)], axis=1)


@in_float64
def pe_scores(weights, encoding):
    """S(W) = P W P^T / sqrt(d_p).

    Reference: docs/papers/spt.md §3.3.

    Args:
        weights: W, (d_p, d_p).
        encoding: P, (T, d_p).

    Returns:
        The (T, T) scores.
    """
    return encoding @ weights @ encoding.T / math.sqrt(encoding.shape[1])


def circular_distance(length: int) -> np.ndarray:
    """min(|i - j|, T - |i - j|), the T x T circular distance of positions.

    Reference: docs/papers/spt.md §3.2.

    Args:
        length: T.

    Returns:
        The (T, T) integer distances.
    """
    i = np.arange(length)
    d = np.abs(i[:, None] - i[None, :])
    return np.minimum(d, length - d)


@in_float64
def circulant_direction(length: int, scale: float = 2.0, *, normalize: bool = True) -> np.ndarray:
    """D_ij = exp(-circular distance / scale), unit Frobenius norm by default.

    Reference: docs/papers/spt.md §3.2 (circulant directions).

    Args:
        length: T.
        scale: the decay length > 0.
        normalize: scale to unit Frobenius norm.

    Returns:
        The (T, T) direction.
    """
    length = positive_int("length", length, minimum=2)
    check_bytes("length", length, 24.0 * length * length, "the (T, T) direction and its distances")
    scale = in_range("scale", scale, low=0.0, low_open=True)
    d = np.exp(-circular_distance(length) / scale)
    return d / np.linalg.norm(d) if normalize else d


@in_float64
def band_direction(length: int, width: int = 1) -> np.ndarray:
    """D_ij = 1[|i - j| <= width] on the line (not periodic), unit norm.

    Reference: docs/papers/spt.md §3.5 (a non-circulant direction: blindness breaks at the boundary).

    Args:
        length: T.
        width: the band half-width >= 0.

    Returns:
        The (T, T) direction.
    """
    length = positive_int("length", length)
    check_bytes("length", length, 24.0 * length * length, "the (T, T) direction")
    width = positive_int("width", width, minimum=0)
    i = np.arange(length)
    d = (np.abs(i[:, None] - i[None, :]) <= width).astype(float)
    return d / np.linalg.norm(d)


@in_float64
def balanced_direction(rng, length: int) -> np.ndarray:
    """A random direction whose column sums are all equal (the blind set B of §2.3), unit norm.

    Reference: docs/papers/spt.md §2.3, §3.1 (Proposition 1).

    Args:
        rng: a NumPy generator.
        length: T.

    Returns:
        The (T, T) direction.
    """
    r = rng.normal(size=(length, length))
    sums = r.sum(axis=0)
    d = r - (sums - sums.mean())[None, :] / length
    return d / np.linalg.norm(d)


@in_float64
def column_direction(rng, length: int) -> np.ndarray:
    """D = 1 h^T with h orthogonal to 1 (a key-importance direction), unit norm.

    Reference: docs/papers/spt.md §3.5 (key-importance directions are not blind).

    Args:
        rng: a NumPy generator.
        length: T.

    Returns:
        The (T, T) direction.
    """
    h = rng.normal(size=length)
    h -= h.mean()
    d = np.ones((length, 1)) * h[None, :]
    return d / np.linalg.norm(d)


# ------------------------------------------------------------------------------------------------
# data


@in_float64
def ar_or_shuffled(rng, count: int, length: int, rho: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """§2.4 data: stationary AR(1) sequences (label +1) or a random permutation of one (label -1).

    Reference: docs/papers/spt.md §2.4.

    Args:
        rng: a NumPy generator.
        count: the number of sequences.
        length: the sequence length T.
        rho: the AR(1) coefficient in (-1, 1).

    Returns:
        ``(sequences (count, T), labels (count,) in {-1, +1})``.
    """
    x = np.zeros((count, length))
    x[:, 0] = rng.standard_normal(count)
    for t in range(1, length):
        x[:, t] = rho * x[:, t - 1] + math.sqrt(1 - rho**2) * rng.standard_normal(count)
    labels = np.where(rng.random(count) < 0.5, 1.0, -1.0)
    for i in np.nonzero(labels < 0)[0]:
        x[i] = rng.permutation(x[i])
    return x, labels


MA_TAPS = (1.0, 0.8, 0.5, 0.2)


@in_float64
def circular_ma(rng, count: int, length: int, taps=MA_TAPS) -> np.ndarray:
    """Circular MA data x_i = sum_l h_l xi_{i-l mod T}, taps normalised so Var x_i = K(0) = 1 (§3.4).

    Reference: docs/papers/spt.md §3.4.

    Args:
        rng: a NumPy generator.
        count: the number of sequences.
        length: T.
        taps: the MA filter h_0, h_1, ...

    Returns:
        The (count, T) sequences.
    """
    h = np.asarray(taps) / np.linalg.norm(taps)
    xi = rng.standard_normal((count, length))
    return sum(h[lag] * np.roll(xi, lag, axis=1) for lag in range(len(h)))


@in_float64
def circular_ma_covariance(length: int, taps=MA_TAPS) -> np.ndarray:
    """K(tau) = sum_l h_l h_{(l + tau) mod T}, tau = 0..T-1, of :func:`circular_ma`.

    Reference: docs/papers/spt.md §3.4.

    Args:
        length: T.
        taps: the MA filter.

    Returns:
        The (T,) autocovariance K.
    """
    h = np.zeros(length)
    h[: len(taps)] = np.asarray(taps) / np.linalg.norm(taps)
    return np.array([np.dot(h, np.roll(h, -tau)) for tau in range(length)])


@in_float64
def label_curvature_closed_form(params: LabelParams, tokens, labels, direction, *, phi: str):
    """Corollary C-b (§3.2) on a batch at S = 0 along a circulant D:
    d^2 L_lab/deps^2 = E[l'(y, f0) u^T (1/T) sum_i phi''(vbar) * delta_i^2],
    delta_i = (1/T) sum_j (D_ij - Dbar) V_j, l'(y, f) = -y sigmoid(-y f).

    Args:
        params: the :class:`LabelParams`.
        tokens: (n, T, d_in) sequences.
        labels: (n,) labels in {-1, +1}.
        direction: the circulant (T, T) direction D.
        phi: the activation, a key of :data:`ACTIVATIONS` (``"id"``, ``"tanh"``, ``"square"``, ``"relu"``).

    Returns:
        The second derivative as a float.
    """
    values = tokens @ params.value
    length = values.shape[1]
    centred = direction - direction[0].mean()
    deltas = jnp.einsum("ij,njd->nid", centred, values) / length
    vbar = values.mean(axis=1)
    second = jax.vmap(jax.vmap(jax.grad(jax.grad(ACTIVATIONS[phi]))))(vbar)  # phi''(vbar), (n, d_v)
    f0 = label_logits(jnp.zeros((length, length)), params, tokens, phi=phi)
    slope = -labels * jax.nn.sigmoid(-labels * f0)
    curvature = second * jnp.mean(deltas**2, axis=1)  # (1/T) sum_i phi''(vbar) * delta_i^2, (n, d_v)
    return jnp.mean(slope * (curvature @ params.readout))


@in_float64
def label_problem(rng, key, length: int, count: int = 256):
    """(params, tokens (n, T, 1), labels +-1): AR(1)-vs-shuffled scalar sequences from ``rng`` and
    random non-attention parameters from ``key``.

    Reference: docs/papers/spt.md §2.3-2.4.

    Args:
        rng: a NumPy generator for the data.
        key: a PRNG key for the parameters.
        length: T.
        count: the number of sequences.

    Returns:
        ``(params, tokens, labels)``.
    """
    length = positive_int("length", length, minimum=2)
    count = positive_int("count", count)
    check_bytes("length", length, 16.0 * length, "one sequence and its labels")
    check_bytes("count", count, 16.0 * count * length, "the (count, T) sequences and labels")
    x, y = ar_or_shuffled(rng, count, length)
    return random_label_params(key), jnp.asarray(x[..., None]), jnp.asarray(y)


@in_float64
def pe_masked_gradient(encoding, x, mask) -> np.ndarray:
    """grad_W L_mlm at W = 0 with S(W) = P W P^T/sqrt(d_p).

    Reference: docs/papers/spt.md §3.3-3.4.

    Args:
        encoding: the (T, d_p) encoding P.
        x: (n, T) sequences.
        mask: (n, T) boolean mask.

    Returns:
        The (d_p, d_p) gradient.
    """
    dim = encoding.shape[1]
    return np.asarray(jax.grad(lambda w: masked_loss(pe_scores(w, encoding), x, mask))(jnp.zeros((dim, dim))))


@in_float64
def pe_label_gradient(encoding, params, tokens, labels, phi: str, *, residual: bool = False, pooling: str = "mean") -> np.ndarray:
    """grad_W L_lab at W = 0 with S(W) = P W P^T/sqrt(d_p).

    Reference: docs/papers/spt.md §3.3 (Proposition 2).

    Args:
        encoding: the (T, d_p) positional encoding P.
        params: the :class:`LabelParams`.
        tokens: (n, T, d_in) sequences.
        labels: (n,) labels.
        phi: the activation.
        residual: add the residual branch.
        pooling: ``"mean"`` or ``"last"``.

    Returns:
        The (d_p, d_p) gradient.
    """
    dim = encoding.shape[1]

    def loss(w):
        return label_loss(pe_scores(w, encoding), params, tokens, labels, phi=phi, residual=residual, pooling=pooling)

    return np.asarray(jax.grad(loss)(jnp.zeros((dim, dim))))
