"""Our World in Data grapher files."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import owid
from ._registry import select, table

__all__ = ["armed_forces", "armed_forces_all", "conflict_deaths_by_place"]


@table(ids=["owid-armed-forces-personnel"])
def _armed_forces(src, path) -> pd.DataFrame:
    """OWID/WDI armed forces personnel (clean_armed_forces)."""
    return owid.clean_armed_forces(path)


def armed_forces_all() -> pd.DataFrame:
    """OWID/WDI armed forces personnel (IISS), every state (cached)."""
    return _armed_forces.load()


def armed_forces(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Armed forces personnel incl. paramilitary, persons (WDI MS.MIL.TOTL.P1 from IISS, via
    OWID; 1985, 1989-2016). Columns: iso3, country, year, value, unit, indicator."""
    return select(armed_forces_all(), countries)


@table(ids=["owid-conflict-deaths"])
def _conflict_deaths(src, path) -> pd.DataFrame:
    """UCDP deaths in armed conflicts by country of occurrence, via OWID
    (clean_conflict_deaths)."""
    return owid.clean_conflict_deaths(path)


def conflict_deaths_by_place(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Deaths in ongoing armed conflicts located in a country, all conflict types (state-based,
    non-state, one-sided), best estimate, per year 1989-2023 (UCDP GED via OWID).

    Columns: iso3, country, year, indicator, value, unit. Counts deaths where they occurred,
    whichever conflict they belong to, so they differ from UCDP's battle-related deaths of a
    conflict.
    """
    return select(_conflict_deaths.load(), countries)
