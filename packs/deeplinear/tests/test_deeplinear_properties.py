"""Property test with paperchecks' kit: for any strength, start and stable step, gradient descent from
the balanced decoupled start stays below s, rises, and tracks the closed form within its first-order
error (docs/deeplinear.md §5)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from paperchecks.testing import assert_below, simulation_settings
from paperchecks_deeplinear import sims, theory


@simulation_settings(max_examples=15, derandomize=True)
@given(
    strength=st.floats(0.25, 8.0),
    start=st.floats(1e-4, 1e-1),
    product=st.floats(1e-3, 0.5),
)
def test_gradient_descent_tracks_the_logistic_solution(strength, start, product):
    start = min(start, strength / 10)
    lr = product / strength
    horizon = 1.5 * float(theory.learning_time(strength, start, 0.99 * strength))
    steps = int(np.ceil(horizon / lr))
    target, u_basis, v_basis = sims.correlation((strength,))
    run = sims.gradient_descent(sims.balanced_start(u_basis, v_basis, start), target, u_basis, v_basis, lr=lr, steps=steps)
    u = run.strengths[:, 0]
    assert np.all(u <= strength * (1 + 1e-12)) and np.all(np.diff(u) >= -1e-12 * strength)
    # the error of the half-strength time is first order: at most eta s (twice the eta s / 2 estimate);
    # start <= s / 10, so every run starts below half strength
    crossing = sims.half_times(run, (strength,))[0]
    predicted = float(theory.learning_time(strength, start, strength / 2))
    assert_below(abs(crossing - predicted), 0.0, lr * strength * predicted + lr, context=f"s={strength:g} u0={start:g} eta={lr:g}")
