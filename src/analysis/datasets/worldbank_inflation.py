"""World Bank inflation: consumer prices and GDP deflator, from the WDI and the Global
Database of Inflation (GID)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import worldbank_inflation as wbi
from ._registry import select, table

__all__ = ["inflation", "inflation_all", "INFLATION_SOURCE_IDS"]

# (source, measure) -> catalog id.
INFLATION_SOURCE_IDS = {
    ("WDI", "cpi"): "wb-cpi-inflation",
    ("WDI", "gdp_deflator"): "wb-gdp-deflator-inflation",
    ("GID", "cpi"): "wb-gid-cpi-inflation",
    ("GID", "gdp_deflator"): "wb-gid-gdp-deflator-inflation",
}


@table(ids=["wb-cpi-inflation"])
def _wdi_cpi(src, path) -> pd.DataFrame:
    """WDI consumer-price inflation (clean_wdi)."""
    return wbi.clean_wdi(path, "cpi")


@table(ids=["wb-gdp-deflator-inflation"])
def _wdi_deflator(src, path) -> pd.DataFrame:
    """WDI GDP-deflator inflation (clean_wdi)."""
    return wbi.clean_wdi(path, "gdp_deflator")


@table(ids=["wb-gid-cpi-inflation"])
def _gid_cpi(src, path) -> pd.DataFrame:
    """Global Database of Inflation: headline CPI (clean_gid)."""
    return wbi.clean_gid(path, "cpi")


@table(ids=["wb-gid-gdp-deflator-inflation"])
def _gid_deflator(src, path) -> pd.DataFrame:
    """Global Database of Inflation: GDP deflator growth (clean_gid)."""
    return wbi.clean_gid(path, "gdp_deflator")


_TABLES = {("WDI", "cpi"): _wdi_cpi, ("WDI", "gdp_deflator"): _wdi_deflator,
           ("GID", "cpi"): _gid_cpi, ("GID", "gdp_deflator"): _gid_deflator}


def inflation(countries: Iterable[str] | None = None, measure: str = "cpi",
              source: str = "WDI") -> pd.DataFrame:
    """Annual inflation, percent a year, of one ``measure`` ("cpi" or "gdp_deflator") from
    one ``source`` ("WDI" or "GID"). Columns: iso3, country, year, value, unit, measure,
    source, series. Years without a value have no row."""
    key = (source, measure)
    if key not in _TABLES:
        raise ValueError(f"no inflation table for source={source!r}, measure={measure!r}; "
                         f"choose source in {list(wbi.SOURCES)}, measure in "
                         f"{list(wbi.MEASURES)}")
    return select(_TABLES[key].load(), countries)


def inflation_all(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """All four inflation series in one long table (columns as :func:`inflation`)."""
    return pd.concat([inflation(countries, m, s) for s, m in _TABLES], ignore_index=True)
