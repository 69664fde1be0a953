"""A persistent XLA compilation cache for the command line and the test suite.

Most of a quick run's wall time on a laptop is XLA compiling the simulators' programs, not running
them (docs/performance.md, "Where the test suite's time goes": 311 s of the suite's 845 s). JAX can
keep compiled executables on disk, keyed by a hash of the program, the compile options, the backend
and the JAX version; :func:`enable_compilation_cache` points it at a folder that outlives the process,
so a second ``paperchecks reproduce`` or ``pytest`` on the same machine loads what the first one
compiled. A loaded program is the very executable a compilation would have produced, so every
number is the same bit for bit (tests/test_compile_cache.py runs a simulator cold and warm).

The folder is ``$XDG_CACHE_HOME/paperchecks/xla/<host>`` (``~/.cache`` without ``XDG_CACHE_HOME``),
where ``<host>`` names the JAX version and a fingerprint of the processor (model and instruction-set
flags): a home folder shared between different machines never hands one an executable built for
another's instructions. When a process enables the cache and the folder holds more than
``max_bytes``, the programs written longest ago are deleted until it holds half of that (one scan
per process: JAX's own size limit rescans the folder at every write and needs every writer to keep
its access-time files, which a child process started with ``JAX_COMPILATION_CACHE_DIR`` alone does
not).
``PAPERCHECKS_XLA_CACHE=off`` turns the cache off, any other value than ``on`` names the folder.

Nothing happens on import; the library never enables the cache by itself (a researcher's own
program keeps JAX's settings); the ``paperchecks`` command and ``tests/conftest.py`` call
:func:`enable_compilation_cache`.

Reference: docs/performance.md, "Compilation cache and two test workers"; README.md, "Command line".
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
from pathlib import Path

import jax

__all__ = ["cache_folder", "enable_compilation_cache"]

#: the environment variable: ``on`` (default), ``off``, or a folder
ENVIRONMENT = "PAPERCHECKS_XLA_CACHE"

#: programs compiled faster than this are not worth a file (JAX's default is 1 s)
_MIN_COMPILE_SECONDS = 0.05


def _processor() -> str:
    """The processor's model name and instruction-set flags (Linux), else ``platform`` strings."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return f"{platform.machine()} {platform.processor()}"
    wanted = ("model name", "flags", "Features", "CPU implementer", "CPU part")
    lines = {line.split(":")[0].strip(): line for line in text.splitlines() if ":" in line}
    return "\n".join(lines[key] for key in wanted if key in lines) or platform.machine()


def cache_folder() -> Path | None:
    """The folder the cache uses here, or ``None`` when ``PAPERCHECKS_XLA_CACHE=off``.

    Reference: module docstring; docs/performance.md, "Compilation cache and two test workers".

    Returns:
        ``$XDG_CACHE_HOME/paperchecks/xla/jax-<version>-<machine>-<processor hash>``, or the folder
        the environment variable names.
    """
    setting = os.environ.get(ENVIRONMENT, "on")
    if setting == "off":
        return None
    if setting != "on":
        return Path(setting).expanduser()
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    host = hashlib.sha256(_processor().encode()).hexdigest()[:12]
    return root / "paperchecks" / "xla" / f"jax-{jax.__version__}-{platform.machine()}-{host}"


def enable_compilation_cache(folder: str | os.PathLike | None = None, *, max_bytes: int = 2**30) -> Path | None:
    """Keep XLA's compiled programs in ``folder`` across processes (JAX's persistent cache).

    Subprocesses inherit the choice: the environment variable is set to the folder, and JAX's own
    ``JAX_COMPILATION_CACHE_DIR`` too, for a child that is not the ``paperchecks`` command.

    Reference: module docstring; docs/performance.md, "Compilation cache and two test workers".

    Args:
        folder: where to keep the programs (default :func:`cache_folder`).
        max_bytes: the cache's size limit: beyond it, the programs written longest ago are deleted
            (down to half of it) before this process uses the cache.

    Returns:
        The folder in use, or ``None`` when the cache is off or the folder cannot be written (then
        every program is compiled as usual; nothing fails).

    Raises:
        ValueError: ``max_bytes`` is not positive.
    """
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be > 0, got {max_bytes}")
    path = Path(folder).expanduser() if folder is not None else cache_folder()
    if path is None:
        return None
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError:
        return None
    _trim(path, max_bytes)
    jax.config.update("jax_compilation_cache_dir", str(path))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", _MIN_COMPILE_SECONDS)
    os.environ[ENVIRONMENT] = str(path)
    os.environ["JAX_COMPILATION_CACHE_DIR"] = str(path)
    os.environ["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"] = str(_MIN_COMPILE_SECONDS)
    return path


def _trim(path: Path, max_bytes: int) -> None:
    """Delete the files written longest ago until ``path`` holds at most ``max_bytes / 2``, if it
    holds more than ``max_bytes``. A file another process deletes meanwhile is skipped."""
    entries = []
    for entry in os.scandir(path):
        try:
            info = entry.stat()
        except OSError:
            continue
        if entry.is_file():
            entries.append((info.st_mtime_ns, info.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    if total <= max_bytes:
        return
    for _, size, name in sorted(entries):
        if total <= max_bytes // 2:
            break
        with contextlib.suppress(OSError):
            os.unlink(name)
            total -= size
