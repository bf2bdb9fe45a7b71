"""World Bank World Development Indicators: GDP, population, oil rents."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import worldbank
from ._registry import select, table

__all__ = ["gdp", "population", "oil_rents", "gdp_all", "population_all", "oil_rents_all",
           "remittances"]


@table(ids=["wdi-gdp"])
def _gdp(src, path) -> pd.DataFrame:
    """WDI GDP, current US$ (clean_gdp)."""
    return worldbank.clean_gdp(path)


@table(ids=["wdi-population"])
def _population(src, path) -> pd.DataFrame:
    """WDI population (clean_population)."""
    return worldbank.clean_population(path)


@table(ids=["wdi-oil-rents"])
def _oil_rents(src, path) -> pd.DataFrame:
    """WDI oil rents, % of GDP (clean_oil_rents)."""
    return worldbank.clean_oil_rents(path)


def gdp_all() -> pd.DataFrame:
    """WDI GDP, current US$, every state (cached)."""
    return _gdp.load()


def population_all() -> pd.DataFrame:
    """WDI population, every state (cached)."""
    return _population.load()


def oil_rents_all() -> pd.DataFrame:
    """WDI oil rents, percent of GDP, every state (cached)."""
    return _oil_rents.load()


def gdp(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """GDP in current US$ (WDI NY.GDP.MKTP.CD; not millions).

    Columns: iso3, country, year, value, unit, indicator.
    """
    return select(gdp_all(), countries)


def population(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Population, persons (WDI SP.POP.TOTL). Columns as :func:`gdp`."""
    return select(population_all(), countries)


def oil_rents(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Oil rents, percent of GDP (WDI NY.GDP.PETR.RT.ZS, 2023-03 vintage, data to 2020).

    Columns as :func:`gdp`.
    """
    return select(oil_rents_all(), countries)


@table(ids=["wdi-remittances"])
def _remittances(src, path) -> pd.DataFrame:
    """WDI personal remittances received, current US$ (clean_remittances)."""
    return worldbank.clean_remittances(path)


def remittances(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Personal remittances received, current US$ (WDI BX.TRF.PWKR.CD.DT, vintage 2023-10-26,
    data to 2022). Columns as :func:`gdp`."""
    return select(_remittances.load(), countries)
