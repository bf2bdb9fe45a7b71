"""UNHCR population statistics and IDMC internal displacement (UNHCR's refugees R package)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import unhcr
from ._registry import none_for_missing, table

__all__ = ["unhcr_population", "idmc_idps", "refugees_between", "idps_in"]

POPULATION_ID = "unhcr-refugee-statistics-population"
IDMC_ID = "unhcr-refugee-statistics-idmc"


@table(ids=[POPULATION_ID])
def _population(src, path) -> pd.DataFrame:
    """UNHCR end-year population stocks, every origin and asylum pair (clean_population)."""
    return unhcr.clean_population(path)


@table(ids=[IDMC_ID])
def _idmc(src, path) -> pd.DataFrame:
    """IDMC conflict IDP stocks (clean_idmc)."""
    return unhcr.clean_idmc(path)


def unhcr_population() -> pd.DataFrame:
    """UNHCR end-year stocks by year, origin and asylum (cached; 1951 onwards).

    Columns: see :func:`analysis.clean.unhcr.clean_population`.
    """
    df = _population.load()
    for col in ("origin_iso3", "asylum_iso3"):
        df[col] = none_for_missing(df[col])
    return df


def idmc_idps(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """IDMC conflict IDPs at year end, per country (columns year, iso3, country, idps)."""
    df = _idmc.load()
    df = df[df["coo_iso"] == df["coa_iso"]]
    out = pd.DataFrame({"year": df["year"], "iso3": df["origin_iso3"],
                        "country": df["coo_name"], "idps": df["total"]})
    if countries is not None:
        out = out[out["iso3"].isin(list(countries))]
    return out.sort_values(["iso3", "year"], ignore_index=True)


def refugees_between(origin: str, asylum: str) -> pd.DataFrame:
    """Refugees of one origin hosted in one asylum country, by year (UNHCR end-year stocks).

    Columns: year, origin_iso3, asylum_iso3, refugees. Years UNHCR has no row for are absent.
    """
    df = unhcr_population()
    df = df[(df["origin_iso3"] == origin) & (df["asylum_iso3"] == asylum)]
    return df[["year", "origin_iso3", "asylum_iso3", "refugees"]].reset_index(drop=True)


def idps_in(country: str) -> pd.DataFrame:
    """IDPs in a country by year as UNHCR counts them (rows with origin == asylum).

    Columns: year, iso3, idps.
    """
    df = unhcr_population()
    df = df[(df["origin_iso3"] == country) & (df["asylum_iso3"] == country)]
    return pd.DataFrame({"year": df["year"], "iso3": country,
                         "idps": df["idps"]}).reset_index(drop=True)
