"""US foreign assistance: USAID Greenbook (by category, to FY2020) and ForeignAssistance.gov
country totals (to FY2025)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import us_aid
from ._registry import select, table

__all__ = ["us_aid_greenbook", "us_aid_by_category", "us_aid_totals", "US_AID_IDS"]

US_AID_IDS = {"greenbook": "us-aid-greenbook", "totals": "us-foreign-assistance"}


@table(ids=[US_AID_IDS["greenbook"]])
def _greenbook(src, path) -> pd.DataFrame:
    """USAID Greenbook obligations by programme line, FY1946-2020 (clean_greenbook)."""
    return us_aid.clean_greenbook(path)


@table(ids=[US_AID_IDS["totals"]])
def _totals(src, path) -> pd.DataFrame:
    """ForeignAssistance.gov country totals by transaction type (clean_foreign_assistance)."""
    return us_aid.clean_foreign_assistance(path)


def us_aid_greenbook(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Greenbook obligations as published, one row per programme line (see
    :func:`analysis.clean.us_aid.clean_greenbook`)."""
    df = _greenbook.load()
    return select(df[df["iso3"].notna()].reset_index(drop=True), countries)


def us_aid_by_category(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Greenbook obligations summed by recipient, fiscal year and category (economic,
    military), FY1946-2020; the 1976 transition quarter is left out.

    Columns: iso3, country, fiscal_year, category, current_usd, constant_usd,
    price_base_year (2020 in this edition). Amounts are net of de-obligations, so a year's
    sum can be negative. A category with no line in a year has no row (not a zero).
    """
    df = us_aid_greenbook(countries)
    df = df[~df["transition_quarter"]]
    keys = ["iso3", "country", "fiscal_year", "category", "price_base_year"]
    out = df.groupby(keys, as_index=False)[["current_usd", "constant_usd"]].sum()
    return out[["iso3", "country", "fiscal_year", "category", "current_usd", "constant_usd",
                "price_base_year"]].sort_values(["iso3", "fiscal_year", "category"],
                                                ignore_index=True)


def us_aid_totals(countries: Iterable[str] | None = None,
                  transaction_type: str = "Obligations") -> pd.DataFrame:
    """ForeignAssistance.gov totals of one transaction type (default obligations, the
    Greenbook's measure), economic and military together, by recipient and fiscal year; the
    transition quarter is left out.

    Columns: iso3, country, fiscal_year, transaction_type, current_usd, constant_usd,
    price_base_year (the fiscal year of the constant dollars, found in the data).
    """
    df = _totals.load()
    kinds = sorted(set(df["transaction_type"]))
    if transaction_type not in kinds:
        raise ValueError(f"unknown transaction type {transaction_type!r}; choose one of {kinds}")
    df = df[(df["transaction_type"] == transaction_type) & ~df["transition_quarter"]
            & df["iso3"].notna()]
    df = df[["iso3", "country", "fiscal_year", "transaction_type", "current_usd",
             "constant_usd", "price_base_year"]]
    return select(df.sort_values(["iso3", "fiscal_year"], ignore_index=True), countries)
