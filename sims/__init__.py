"""JAX simulators. Importing this package changes no JAX setting: each simulator computes in
float64 for its own call (:mod:`paperchecks.sims.precision`), since the exact recursions reach
risks of 1e-12 and gaps of 1e-7, which float32 cannot resolve (specs docs/papers/momentum.md §8, docs/papers/anytime.md §5.3)."""
