"""The persistent XLA cache (sims/compile_cache.py): a second process loads what the first compiled,
with the same numbers; it can be turned off or moved; a folder it cannot write never fails a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jax
import pytest

from paperchecks.sims import compile_cache

# a fresh process: compute one exact curve and a Monte Carlo one, count the cache's hits and misses
_WORKER = """
import json
import jax
from jax import monitoring
from paperchecks.sims import compile_cache
from paperchecks.sims.linreg import Problem, exact_risk, monte_carlo_risk

events = []
monitoring.register_event_listener(lambda name, **kw: events.append(name))
folder = compile_cache.enable_compilation_cache()
# every program gets a file: with the 0.05 s floor, one that compiled in 0.04 s here and 0.06 s in the
# next process (a busy machine) would be written only by the second, a miss the cache cannot avoid
jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
p = Problem.power_law(37, capacity=1.5, source=1.0)
exact = exact_risk(p, "hb", lr=0.3, momentum=0.5, batch=3.0, steps=97).risk
mc = monte_carlo_risk(p, "sgd", lr=0.2, steps=13, seeds=5, key=jax.random.key(7)).mean
print(json.dumps({
    "folder": str(folder),
    "numbers": [float(v).hex() for v in [*exact, *mc]],
    "hits": events.count("/jax/compilation_cache/cache_hits"),
    "misses": events.count("/jax/compilation_cache/cache_misses"),
}))
"""


def _run_worker(env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", _WORKER], env=env, capture_output=True, text=True, timeout=600, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_second_process_loads_the_programs_and_computes_the_same_bits(tmp_path):
    env = {**os.environ, compile_cache.ENVIRONMENT: str(tmp_path / "xla")}
    env.pop("JAX_COMPILATION_CACHE_DIR", None)
    cold = _run_worker(env)
    warm = _run_worker(env)
    assert cold["folder"] == warm["folder"] == str(tmp_path / "xla")
    assert cold["misses"] > 0 and cold["hits"] == 0
    assert warm["hits"] >= cold["misses"] and warm["misses"] == 0
    assert any((tmp_path / "xla").iterdir())
    assert warm["numbers"] == cold["numbers"]
    off = _run_worker({**env, compile_cache.ENVIRONMENT: "off"})
    assert off["folder"] == "None" and off["hits"] == 0
    assert off["numbers"] == cold["numbers"]


def test_the_default_folder_is_per_jax_version_and_processor_under_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv(compile_cache.ENVIRONMENT, "on")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = compile_cache.cache_folder()
    assert folder.parent == tmp_path / "paperchecks" / "xla"
    assert folder.name.startswith(f"jax-{jax.__version__}-")
    monkeypatch.setenv(compile_cache.ENVIRONMENT, "off")
    assert compile_cache.cache_folder() is None
    assert compile_cache.enable_compilation_cache() is None


def test_a_folder_that_cannot_be_written_leaves_the_cache_off(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert compile_cache.enable_compilation_cache(blocker / "xla") is None


def test_a_size_limit_must_be_positive():
    with pytest.raises(ValueError, match=r"^max_bytes must be > 0, got 0"):
        compile_cache.enable_compilation_cache(max_bytes=0)


def test_an_oversized_folder_is_trimmed_oldest_first_to_half_the_limit(tmp_path):
    folder = tmp_path / "xla"
    folder.mkdir()
    for age in range(10):  # ten 100-byte programs, the first written longest ago
        entry = folder / f"program-{age}-cache"
        entry.write_bytes(b"x" * 100)
        os.utime(entry, ns=(10**18 + age * 10**9, 10**18 + age * 10**9))
    compile_cache._trim(folder, max_bytes=1000)  # at the limit: nothing goes
    assert len(list(folder.iterdir())) == 10
    compile_cache._trim(folder, max_bytes=900)
    assert sorted(p.name for p in folder.iterdir()) == [f"program-{age}-cache" for age in range(6, 10)]
