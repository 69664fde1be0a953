"""JAX simulators. Importing this package turns on float64 (``jax_enable_x64``): the exact
recursions reach risks of 1e-12 and gaps of 1e-7, which float32 cannot resolve (specs
hb_asgd.md §8, anytime.md §5.3)."""

import jax

jax.config.update("jax_enable_x64", True)
