"""V-Dem electoral and liberal democracy indices (OWID downloads), release kept per row."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .. import sources
from ..clean import vdem as clean
from ._registry import select, table

__all__ = ["vdem", "vdem_source_id", "VDEM_INDICES"]

VDEM_INDICES = tuple(clean.INDICES)
DATASETS = {"electoral": "vdem-electoral-democracy", "liberal": "vdem-liberal-democracy"}


@table(dataset=DATASETS["electoral"])
def _electoral(src, path) -> pd.DataFrame:
    """V-Dem electoral democracy index (v2x_polyarchy), no bounds (clean_vdem)."""
    return clean.clean_vdem(path, "electoral", src.release)


@table(dataset=DATASETS["liberal"])
def _liberal(src, path) -> pd.DataFrame:
    """V-Dem liberal democracy index (v2x_libdem) with 68% bounds (clean_vdem)."""
    return clean.clean_vdem(path, "liberal", src.release)


def _check(index: str) -> str:
    if index not in DATASETS:
        raise ValueError(f"unknown V-Dem index {index!r}; choose one of {list(DATASETS)}")
    return index


def vdem_source_id(index: str = "electoral") -> str:
    """Catalog id of the latest release held of a V-Dem index."""
    return sources.latest(DATASETS[_check(index)]).id


def vdem(index: str = "electoral", countries: Iterable[str] | None = None) -> pd.DataFrame:
    """One V-Dem index, 0 (least) to 1 (most democratic), latest release held.

    ``index``: ``"electoral"`` (v2x_polyarchy; the file held is V-Dem v16, no bounds) or
    ``"liberal"`` (v2x_libdem; V-Dem v13, with its 68% credible interval in low and high).
    Columns: iso3, country, year, index, variable, value, low, high, release, unit.
    """
    table_ = {"electoral": _electoral, "liberal": _liberal}[_check(index)]
    return select(table_.load(vdem_source_id(index)), countries)
