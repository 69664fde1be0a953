"""The minimal "proximity matters" task of docs/papers/spt.md §2.4 (a reconstruction for this project)
and its one-block pre-LN transformer: training by the label loss or by masked reconstruction on
the same training sequences (self-pretraining), and the score-gradient measures of §4.

Data: T = 32 stationary AR(1) sequences (coefficient 0.9, label 1) or a random permutation of one
(label 0); 4096 training and 2048 test sequences from ``numpy.random.default_rng(0)``.
Model (d = 32, one head): e_i = x_i a + c, h = e + PE (sinusoidal, base 10000), pre-LN attention
S = (LN(h) W_Q)(LN(h) W_K)^T/sqrt(d) (+ an optional fixed score bias), residual, GELU MLP (hidden
2d), final LN; classification by a linear map of the mean over positions (logistic loss), masked
reconstruction by a linear map per position (MSE on the 25 % masked positions, whose content
embedding is replaced by a learned mask vector while the PE is kept). Adam lr 1e-3, batch 128,
float32. Runs of several seeds are vmapped: every array carries a leading seed axis.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
import optax

from paperchecks.sims import sweep
from paperchecks.sims.attention import ar_or_shuffled, sinusoidal_pe
from paperchecks.sims.precision import in_float64
from paperchecks.sims.validation import MAX_STEPS, fail, in_range, positive_int, real_array

__all__ = [
    "QK",
    "Run",
    "TaskData",
    "UNIFORM_MAD",
    "accuracy",
    "classification_loss",
    "column_fraction",
    "forward",
    "init_params",
    "init_seeds",
    "masked_loss",
    "mean_attention_distance",
    "proximity_alignment",
    "proximity_template",
    "score_gradient",
    "sinusoidal_positions",
    "task_data",
    "train",
    "uniform_init",
]

LENGTH, WIDTH, BATCH, MASK_RATE, LEARNING_RATE = 32, 32, 128, 0.25, 1e-3
QK = ("Wq", "Wk")


class TaskData(NamedTuple):
    """Sequences (n, T) float32 and labels (n,) float32 in {0, 1} (1 = AR(1), 0 = shuffled).

    Reference: docs/papers/spt.md §2.4 and Appendix A.
    """

    train_x: jax.Array
    train_y: jax.Array
    test_x: jax.Array
    test_y: jax.Array


@functools.cache
@in_float64
def task_data() -> TaskData:
    """The fixed §2.4 data set (self-pretraining reuses exactly the training sequences)."""
    rng = np.random.default_rng(0)
    x_train, y_train = ar_or_shuffled(rng, 4096, LENGTH)
    x_test, y_test = ar_or_shuffled(rng, 2048, LENGTH)
    as32 = functools.partial(jnp.asarray, dtype=jnp.float32)
    return TaskData(as32(x_train), as32(y_train > 0), as32(x_test), as32(y_test > 0))


@in_float64
def sinusoidal_positions() -> jax.Array:
    """The T x d sinusoidal positional encoding of the model (base 10000), float32.

    Reference: docs/papers/spt.md §2.4, Appendix A.

    Returns:
        The (T, d) encoding.
    """
    return jnp.asarray(sinusoidal_pe(LENGTH, WIDTH), dtype=jnp.float32)


@in_float64
def init_params(key, qk_scale: float = 1.0) -> dict[str, jax.Array]:
    """All matrices N(0, 1/fan_in) (W_Q, W_K std qk_scale/sqrt d), a and the mask vector N(0, 1),
    biases 0, c = 0 (§2.4).

    Reference: docs/papers/spt.md §2.4, Appendix A.

    Args:
        key: the PRNG key.
        qk_scale: the scale of W_Q and W_K.

    Returns:
        The parameter dict.
    """
    qk_scale = in_range("qk_scale", qk_scale, low=0.0, low_open=True)
    d = WIDTH
    k = jax.random.split(key, 10)

    def normal(kk, shape, sd):
        return sd * jax.random.normal(kk, shape, dtype=jnp.float32)

    return {
        "a": normal(k[0], (d,), 1.0),
        "c": jnp.zeros(d, jnp.float32),
        "mask": normal(k[1], (d,), 1.0),
        "Wq": normal(k[2], (d, d), qk_scale / d**0.5),
        "Wk": normal(k[3], (d, d), qk_scale / d**0.5),
        "Wv": normal(k[4], (d, d), d**-0.5),
        "Wo": normal(k[5], (d, d), d**-0.5),
        "W1": normal(k[6], (d, 2 * d), d**-0.5),
        "b1": jnp.zeros(2 * d, jnp.float32),
        "W2": normal(k[7], (2 * d, d), (2 * d) ** -0.5),
        "hc": normal(k[8], (d,), d**-0.5),
        "bc": jnp.zeros((), jnp.float32),
        "hm": normal(k[9], (d,), d**-0.5),
        "bm": jnp.zeros((), jnp.float32),
    }


@in_float64
def init_seeds(seeds, qk_scale: float = 1.0) -> dict[str, jax.Array]:
    """Parameters of several seeds stacked on a leading axis (seed s uses jax.random.key(s)).

    Reference: docs/papers/spt.md §2.4.

    Args:
        seeds: the seeds.
        qk_scale: the scale of W_Q and W_K.

    Returns:
        The stacked parameter dict.
    """
    return jax.vmap(lambda s: init_params(jax.random.key(s), qk_scale))(jnp.asarray(seeds))


def _layer_norm(h):
    mean = h.mean(-1, keepdims=True)
    var = ((h - mean) ** 2).mean(-1, keepdims=True)
    return (h - mean) / jnp.sqrt(var + 1e-5)


@in_float64
def forward(p, x, mask=None, bias=None, score_shift=None):
    """Final hidden states (n, T, d) and attention (n, T, T); ``score_shift`` is an additive T x T
    probe on the scores (its gradient is the score-gradient of §4).

    Args:
        p: the model parameters.
        x: (n, T) sequences.
        mask: an optional (n, T) boolean mask (masked positions get the mask vector).
        bias: an optional (T, T) score bias.
        score_shift: an optional (T, T) score probe.

    Returns:
        ``(hidden (n, T, d), attention (n, T, T))``.
    """
    e = x[..., None] * p["a"] + p["c"]
    if mask is not None:
        e = jnp.where(mask[..., None], p["mask"], e)
    h = e + sinusoidal_positions()
    hn = _layer_norm(h)
    scores = (hn @ p["Wq"]) @ (hn @ p["Wk"]).swapaxes(-1, -2) / WIDTH**0.5
    if bias is not None:
        scores = scores + bias
    if score_shift is not None:
        scores = scores + score_shift
    attention = jax.nn.softmax(scores, axis=-1)
    h = h + (attention @ (hn @ p["Wv"])) @ p["Wo"]
    h = h + jax.nn.gelu(_layer_norm(h) @ p["W1"] + p["b1"]) @ p["W2"]
    return _layer_norm(h), attention


@in_float64
def classification_loss(p, x, y, bias=None, score_shift=None):
    """Logistic loss of the linear read-out of the mean over positions, averaged over the batch.

    Reference: docs/papers/spt.md §2.4, Appendix A.

    Args:
        p: the model parameters.
        x: (n, T) sequences.
        y: (n,) labels in {0, 1}.
        bias: an optional (T, T) score bias.
        score_shift: an optional (T, T) score probe.

    Returns:
        The loss (a JAX scalar).
    """
    h, _ = forward(p, x, bias=bias, score_shift=score_shift)
    return optax.sigmoid_binary_cross_entropy(h.mean(1) @ p["hc"] + p["bc"], y).mean()


@in_float64
def masked_loss(p, x, mask, score_shift=None):
    """MSE on masked positions, total squared error over total masked count.

    Reference: docs/papers/spt.md §2.4, Appendix A.

    Args:
        p: the model parameters.
        x: (n, T) sequences.
        mask: (n, T) boolean mask.
        score_shift: an optional (T, T) score probe.

    Returns:
        The loss (a JAX scalar).
    """
    h, _ = forward(p, x, mask, score_shift=score_shift)
    return jnp.sum(mask * (h @ p["hm"] + p["bm"] - x) ** 2) / jnp.maximum(mask.sum(), 1)


@in_float64
def accuracy(p, x, y, bias=None):
    """Fraction of sequences whose logit sign matches the label.

    Reference: docs/papers/spt.md §4.

    Args:
        p: the model parameters.
        x: (n, T) sequences.
        y: (n,) labels in {0, 1}.
        bias: an optional (T, T) additive score bias.

    Returns:
        The accuracy (a JAX scalar).
    """
    h, _ = forward(p, x, bias=bias)
    return jnp.mean(((h.mean(1) @ p["hc"] + p["bc"]) > 0) == (y > 0.5))


@in_float64
def mean_attention_distance(attention) -> jax.Array:
    """MAD = (1/T) sum_ij Abar_ij |i - j| with A averaged over the batch first (§4).

    Reference: docs/papers/spt.md §4.

    Args:
        attention: (n, T, T) attention.

    Returns:
        MAD (a JAX scalar).
    """
    i = jnp.arange(LENGTH)
    return jnp.sum(attention.mean(0) * jnp.abs(i[:, None] - i[None, :])) / LENGTH


UNIFORM_MAD = (LENGTH**2 - 1) / (3 * LENGTH)


class Run(NamedTuple):
    """Trained parameters (seed axis first) and, every ``eval_every`` steps, test accuracy and mean
    attention distance per seed (rows: evaluations at steps eval_every, 2 eval_every, ...);
    ``diverged`` per seed: a parameter became non-finite (the rule of :mod:`sims.divergence`; Adam's
    steps are bounded, so no finite run grows geometrically).

    Reference: docs/papers/spt.md §2.4, §4.
    """

    params: dict
    accuracy: np.ndarray
    distance: np.ndarray
    steps: np.ndarray
    diverged: np.ndarray


@in_float64
def train(params, kind: str, steps: int, *, seeds, frozen=(), bias=None, eval_every: int = 250) -> Run:
    """Adam (lr 1e-3, batch 128) for ``steps`` steps of ``kind`` in {"cls", "mlm"}, vmapped over the
    seed axis; parameters named in ``frozen`` get zero gradient (their Adam moments stay 0).

    Batches of seed s come from ``numpy.random.default_rng(s)`` (drawn up front), masks from
    ``fold_in(key(10^6), s)``; the steps between two evaluations run inside one ``lax.scan``.

    Reference: docs/papers/spt.md §2.4, Appendix A.

    Args:
        params: seed-stacked initial parameters.
        kind: ``"cls"`` or ``"mlm"``.
        steps: the number of Adam steps, >= 1.
        seeds: the seeds (one per row of ``params``).
        frozen: names of parameters that stay fixed.
        bias: an optional (T, T) score bias (the proximity-prior arm).
        eval_every: steps between evaluations.

    Returns:
        The :class:`Run`.
    """
    if kind not in ("cls", "mlm"):
        raise ValueError(f"kind must be 'cls' or 'mlm', got {kind!r}")
    steps = positive_int("steps", steps, maximum=MAX_STEPS)
    eval_every = positive_int("eval_every", eval_every)
    if isinstance(frozen, str) or not all(isinstance(name, str) and name in params for name in frozen):
        fail("frozen", f"a tuple of parameter names among {', '.join(sorted(params))}", frozen)
    seeds = np.asarray(seeds)
    count = task_data().train_x.shape[0]
    batches = np.stack([np.random.default_rng(int(s)).integers(0, count, (steps, BATCH)) for s in seeds])
    keys = jax.vmap(lambda s: jax.random.fold_in(jax.random.key(int(1e6)), s))(jnp.asarray(seeds))
    state = jax.vmap(_optimizer().init)(params)
    bias_array = jnp.zeros((LENGTH, LENGTH), jnp.float32) if bias is None else bias
    accs, dists, marks = [], [], []
    for start in range(0, steps, eval_every):
        stop = min(start + eval_every, steps)
        rows = (params, state, keys, batches[:, start:stop])
        params, state, keys = sweep.grid_map(_train_rows, rows, bias_array, kind=kind, frozen=tuple(frozen), with_bias=bias is not None)
        acc, dist = sweep.grid_map(_evaluate_rows, params, bias_array, with_bias=bias is not None)
        accs.append(np.asarray(acc))
        dists.append(np.asarray(dist))
        marks.append(stop)
    finite = [np.isfinite(np.asarray(v)).reshape(len(seeds), -1).all(axis=1) for v in params.values()]
    return Run(params, np.array(accs), np.array(dists), np.array(marks), ~np.logical_and.reduce(finite))


@functools.cache
def _optimizer():
    return optax.adam(LEARNING_RATE)


def _train_rows(rows, bias, *, kind: str, frozen: tuple[str, ...], with_bias: bool):
    """Grid block of :func:`train` (rows: seeds' (params, Adam state, key, batch indices (steps,
    BATCH))): a ``lax.scan`` of training steps per seed."""
    opt = _optimizer()
    data = task_data()
    params, state, keys, indices = rows

    def one(p, st, key, index):
        xb, yb = data.train_x[index], data.train_y[index]
        if kind == "cls":
            loss = functools.partial(classification_loss, x=xb, y=yb, bias=bias if with_bias else None)
        else:
            mask = jax.random.uniform(key, xb.shape) < MASK_RATE
            loss = functools.partial(masked_loss, x=xb, mask=mask)
        g = jax.grad(loss)(p)
        g = {n: jnp.zeros_like(v) if n in frozen else v for n, v in g.items()}
        updates, st = opt.update(g, st, p)
        return optax.apply_updates(p, updates), st

    def seed(row):
        p, st, key, index = row

        def body(carry, index):
            p, st, key = carry
            key, sub = jax.random.split(key)
            return (*one(p, st, sub, index), key), None

        return jax.lax.scan(body, (p, st, key), index)[0]

    # one seed at a time: batched float32 kernels are not bitwise independent of the batch size,
    # and a seed's run must not depend on how the seeds are split across devices
    return jax.lax.map(seed, (params, state, keys, indices))


def _evaluate_rows(params, bias, *, with_bias: bool):
    """Grid block of the evaluation in :func:`train`: test accuracy and mean attention distance
    (first 256 test sequences) per seed."""
    data = task_data()

    def one(p):
        b = bias if with_bias else None
        _, attention = forward(p, data.test_x[:256], bias=b)
        return accuracy(p, data.test_x, data.test_y, b), mean_attention_distance(attention)

    return jax.lax.map(one, params)  # one seed at a time, as in _train_rows


# ------------------------------------------------------------------------------------------------
# score-gradient geometry (§4)


def _row_centre(g):
    return g - g.mean(axis=-1, keepdims=True)


@in_float64
def proximity_template() -> np.ndarray:
    """Pi = -|i - j|, double-centred (row and column means removed).

    Reference: docs/papers/spt.md §4.

    Returns:
        The (T, T) template.
    """
    i = np.arange(LENGTH)
    pi = -np.abs(i[:, None] - i[None, :]).astype(float)
    return pi - pi.mean(0, keepdims=True) - pi.mean(1, keepdims=True) + pi.mean()


@in_float64
def proximity_alignment(g) -> float:
    """cos(-G, Pi_dc) after row-centring G (softmax ignores row shifts).

    Reference: docs/papers/spt.md §4.

    Args:
        g: a (T, T) score gradient.

    Returns:
        The cosine in [-1, 1].
    """
    g = real_array("g", g, f"a finite ({LENGTH}, {LENGTH}) array", lambda a: a.shape == (LENGTH, LENGTH))
    g = _row_centre(g)
    if not np.linalg.norm(g) > 0:
        fail("g", "a score gradient with a non-zero row-centred part (the cosine of a zero vector is undefined)", "zeros")
    pi = proximity_template()
    return float(np.sum(-g * pi) / (np.linalg.norm(g) * np.linalg.norm(pi)))


@in_float64
def column_fraction(g) -> float:
    """||1 gbar^T||^2 / ||G_rowcentred||^2 with gbar the column means of the row-centred G.

    Reference: docs/papers/spt.md §4, §3.5.

    Args:
        g: a (T, T) score gradient.

    Returns:
        The fraction in [0, 1].
    """
    g = _row_centre(np.asarray(g, dtype=float))
    return float(LENGTH * np.sum(g.mean(axis=0) ** 2) / np.sum(g**2))


@in_float64
def score_gradient(params, kind: str, count: int = 2048, key=None) -> np.ndarray:
    """d loss / d(additive score shift) at shift 0, per seed (seed axis first), over the first
    ``count`` training sequences; the masked loss uses a fixed Bernoulli(0.25) mask.

    Reference: docs/papers/spt.md §4 (score-gradient measures), §6.

    Args:
        params: seed-stacked parameters.
        kind: ``"cls"`` or ``"mlm"``.
        count: the number of training sequences.
        key: the PRNG key of the mask (default fixed).

    Returns:
        The (seeds, T, T) gradients.
    """
    if kind not in ("cls", "mlm"):
        raise ValueError(f"kind must be 'cls' or 'mlm', got {kind!r}")
    available = task_data().train_x.shape[0]
    count = positive_int("count", count, maximum=available)
    x = task_data().train_x[:count]
    mask = jax.random.uniform(key if key is not None else jax.random.key(7), x.shape) < MASK_RATE
    return sweep.grid_map(_score_gradient_rows, params, mask, kind=kind, count=count)


def _score_gradient_rows(params, mask, *, kind: str, count: int):
    """Grid block of :func:`score_gradient` (rows: seeds' parameters)."""
    data = task_data()
    x, y = data.train_x[:count], data.train_y[:count]
    zero = jnp.zeros((LENGTH, LENGTH), jnp.float32)

    def one(p):
        if kind == "cls":
            return jax.grad(lambda s: classification_loss(p, x, y, score_shift=s))(zero)
        return jax.grad(lambda s: masked_loss(p, x, mask, score_shift=s))(zero)

    return jax.lax.map(one, params)


@in_float64
def uniform_init(seeds) -> dict:
    """Initial parameters with W_Q = W_K = 0 (identical-row attention).

    Reference: docs/papers/spt.md §3.1 (identical-row attention).

    Args:
        seeds: the seeds.

    Returns:
        The stacked parameter dict.
    """
    params = init_seeds(seeds)
    return params | {name: jnp.zeros_like(params[name]) for name in QK}
