"""Our World in Data grapher files."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import owid
from ._registry import select, table

__all__ = ["armed_forces", "armed_forces_all"]


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
