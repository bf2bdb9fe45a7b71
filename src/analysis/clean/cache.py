"""Parquet cache of cleaned tables, keyed by the raw file's sha256 and the cleaner's version."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import files, paths


def cache_path(name: str, version: str, sha256: str) -> Path:
    """Where the cleaned table for one raw file, cleaner and version is kept."""
    return paths.cache_dir() / f"{name}-v{version}-{sha256[:16]}.parquet"


def cached(name: str, version: str, sha256: str, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """Return the cached table, or build, store (atomically) and return it."""
    target = cache_path(name, version, sha256)
    if target.is_file():
        return pd.read_parquet(target)
    df = build()
    files.replace_atomically(target, lambda p: df.to_parquet(p, index=False))
    return df


def clear() -> int:
    """Delete every cached table; returns how many files were removed."""
    n = 0
    for p in paths.cache_dir().glob("*.parquet"):
        p.unlink()
        n += 1
    return n
