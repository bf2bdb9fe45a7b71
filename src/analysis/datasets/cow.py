"""Correlates of War National Material Capabilities."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import cow
from ._registry import none_for_missing, select, table

__all__ = ["nmc", "nmc_all"]


@table(ids=["cow-nmc"])
def _nmc(src, path) -> pd.DataFrame:
    """COW NMC v6.0 (clean_nmc)."""
    return cow.clean_nmc(path)


def nmc_all() -> pd.DataFrame:
    """Correlates of War National Material Capabilities v6.0, every state (cached)."""
    df = _nmc.load()
    df["iso3"] = none_for_missing(df["iso3"])
    return df


def nmc(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """COW National Material Capabilities, one row per state and year (1816-2016).

    Columns: iso3, stateabb, ccode, year, milex (thousands of current US$), milper
    (thousands), irst, pec, tpop, upop, cinc, version; NaN where COW has -9.
    """
    return select(nmc_all(), countries)
