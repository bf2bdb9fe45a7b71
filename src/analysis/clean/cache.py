"""Parquet cache of cleaned tables, keyed by the raw file's sha256 and the cleaner's version."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import paths


def cache_path(name: str, version: str, sha256: str) -> Path:
    """Where the cleaned table for one raw file, cleaner and version is kept."""
    return paths.cache_dir() / f"{name}-v{version}-{sha256[:16]}.parquet"


def cached(name: str, version: str, sha256: str, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """Return the cached table, or build, store (atomically) and return it."""
    target = cache_path(name, version, sha256)
    if target.is_file():
        return pd.read_parquet(target)
    df = build()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        df.to_parquet(tmp, index=False)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return df


def clear() -> int:
    """Delete every cached table; returns how many files were removed."""
    n = 0
    for p in paths.cache_dir().glob("*.parquet"):
        p.unlink()
        n += 1
    return n
