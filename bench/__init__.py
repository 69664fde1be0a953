"""Benchmarks (``paperchecks bench``): JAX against plain NumPy references run in the same
process, and against the memory-bandwidth floor measured by the benchmark itself. Never run by
pytest."""
