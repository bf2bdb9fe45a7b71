"""Project paths, resolved from the project root (the folder holding ``pyproject.toml``).

Never from the working directory: a notebook run from ``notebooks/`` finds the same files.
The root is found from this package's location (editable install) or ``ANALYSIS_ROOT``.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("ANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file() and (parent / "data").is_dir():
            return parent
    raise RuntimeError(
        "cannot find the project root (a folder with pyproject.toml and data/) above "
        f"{__file__}; install the package in editable mode (make setup) or set ANALYSIS_ROOT"
    )


def root() -> Path:
    """The project root."""
    return _find_root()


def data_dir() -> Path:
    """``data/``: the catalog, curated tables, the raw cache and the parquet cache."""
    return root() / "data"


def raw_dir() -> Path:
    """Fetched third-party files: ``ANALYSIS_RAW_DIR`` if set (the test suite uses its own),
    else ``data/raw/`` (gitignored)."""
    env = os.environ.get("ANALYSIS_RAW_DIR")
    return Path(env) if env else data_dir() / "raw"


def cache_dir() -> Path:
    """Parquet caches of cleaned tables: ``ANALYSIS_CACHE_DIR`` if set (a reproduction check
    and the test suite use their own), else ``data/cache/`` (gitignored)."""
    env = os.environ.get("ANALYSIS_CACHE_DIR")
    return Path(env) if env else data_dir() / "cache"


def mappings_dir() -> Path:
    """``data/mappings/``: per-source country-name tables (committed)."""
    return data_dir() / "mappings"


def claims_dir() -> Path:
    """``data/claims/``: the claims registry, one TOML file per theme."""
    return data_dir() / "claims"


def results_dir() -> Path:
    """``results/``: the published, committed outputs."""
    return root() / "results"


def build_dir() -> Path:
    """``build/``: executed notebooks, scratch runs, the site (gitignored)."""
    return root() / "build"


@cache
def _settings(pyproject: Path) -> dict:
    with open(pyproject, "rb") as fh:
        return tomllib.load(fh).get("tool", {}).get("analysis", {})


def settings() -> dict:
    """The ``[tool.analysis]`` table of ``pyproject.toml``."""
    return _settings(root() / "pyproject.toml")


def mirrors() -> list[Path]:
    """Mirror folders to try, in order: ``ANALYSIS_DATA_MIRROR`` first, then the configured ones."""
    out = []
    env = os.environ.get("ANALYSIS_DATA_MIRROR")
    if env:
        out.append(Path(env).expanduser())
    out += [Path(m).expanduser() for m in settings().get("mirrors", ["../shared/data"])]
    return [m if m.is_absolute() else (root() / m).resolve() for m in out]
