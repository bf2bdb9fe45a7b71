"""Parquet cache of cleaned tables, keyed by what produced them.

One key for every table: the sha256 of the raw bytes actually read (verified against the
catalog at read time, see :func:`analysis.sources.require`), a digest of the code that cleaned
them (the cleaner's module, every package module it imports, and the country-mapping tables
when it converts names) and the sha256 of ``requirements.lock``. Change any of these and the
table is rebuilt; nothing is served stale and no version number has to be bumped by hand.

The cache folder is :func:`analysis.paths.cache_dir` (``ANALYSIS_CACHE_DIR`` or
``data/cache/``). Building a table holds a lock file, so two kernels that need the same table
at once build it once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import codehash, files, paths

MAPPED_BY = "analysis.countries"  # modules importing this depend on data/mappings/ too


def code_key(module: str) -> str:
    """Digest of the code behind a table built in ``module``: the module, the package modules
    it imports (transitively), the mapping tables if names are converted, and the lock file."""
    deps = codehash.dependencies(module)
    data_files = sorted(paths.mappings_dir().glob("*.csv")) if MAPPED_BY in deps else []
    lock = paths.root() / "requirements.lock"
    extra = [*data_files, *([lock] if lock.is_file() else [])]
    # Re-hash only when a file changed: a loader may be called many times in one notebook.
    stamp = tuple((str(p), *_stat(p)) for p in
                  [*(codehash.module_file(m) for m in deps), *extra])
    return _digest(tuple(deps), tuple(extra), stamp)


def _stat(p: Path) -> tuple[int, int]:
    st = p.stat()
    return st.st_mtime_ns, st.st_size


@functools.lru_cache(maxsize=256)
def _digest(deps: tuple[str, ...], extra: tuple[Path, ...], _stamp: tuple) -> str:
    return codehash.digest(deps, extra)


def cache_path(name: str, raw_sha256: str, code: str) -> Path:
    """Where the table ``name`` built from these raw bytes by this code is kept."""
    return paths.cache_dir() / f"{name}-{raw_sha256[:16]}-{code[:16]}.parquet"


def cached(name: str, raw_sha256: str, module: str,
           build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The cached table, or build it, store it (atomically) and return it.

    ``raw_sha256`` is the hash of the bytes ``build`` reads, as verified when they were read;
    ``module`` names the code that builds the table (see :func:`code_key`).
    """
    target = cache_path(name, raw_sha256, code_key(module))
    if target in _MEMORY and target.is_file():
        return _MEMORY[target].copy()  # a copy: callers may modify what they get
    if target.is_file():
        df = _read(target)
        if df is not None:
            _MEMORY[target] = df
            return df.copy()
    with files.locked(target.parent / name):
        if target.is_file():  # built by another process while we waited
            df = _read(target)
            if df is not None:
                return df
        df = build()
        files.replace_atomically(target, lambda p: df.to_parquet(p, index=False))
        for old in target.parent.glob(f"{name}-*.parquet"):
            if old != target and old.name[len(name) + 1:].count("-") == 1:
                old.unlink(missing_ok=True)  # superseded keys of the same table
    return df


def _read(target: Path) -> pd.DataFrame | None:
    """A cached table, or None when the file is unreadable (truncated, corrupted): it is then
    removed and rebuilt, never served."""
    try:
        return pd.read_parquet(target)
    except Exception:  # noqa: BLE001 - pyarrow raises several types for a broken file
        target.unlink(missing_ok=True)
        return None


# Tables read in this process, by cache file: a notebook loads the same table many times.
_MEMORY: dict[Path, pd.DataFrame] = {}


def clear() -> int:
    """Delete every cached table; returns how many files were removed."""
    n = 0
    _MEMORY.clear()
    folder = paths.cache_dir()
    for p in folder.glob("*.parquet") if folder.is_dir() else []:
        p.unlink()
        n += 1
    return n


def size() -> int:
    """Bytes held by the cache."""
    folder = paths.cache_dir()
    return sum(p.stat().st_size for p in folder.glob("*.parquet")) if folder.is_dir() else 0

