"""SIPRI Arms Transfers Database: the register by delivery year and the per-deal register."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import sipri_transfers
from ._registry import none_for_missing, select, table, years

__all__ = ["arms_transfers_all", "arms_imports", "arms_register_all", "arms_register"]


@table(ids=["sipri-transfers-by-year"])
def _by_year(src, path) -> pd.DataFrame:
    """SIPRI transfers register by delivery year (clean_by_year)."""
    return sipri_transfers.clean_by_year(path)


@table(ids=["sipri-transfers-register"])
def _register(src, path) -> pd.DataFrame:
    """SIPRI per-deal transfers register (clean_register)."""
    return sipri_transfers.clean_register(path)


def arms_transfers_all() -> pd.DataFrame:
    """SIPRI arms-transfers register by delivery year, every deal and year (cached).

    One row per deal and delivery year; see
    :func:`analysis.clean.sipri_transfers.clean_by_year` for the columns.
    """
    df = _by_year.load()
    for col in ("supplier_iso3", "recipient_iso3"):
        df[col] = none_for_missing(df[col])
    return df


def arms_imports(recipient: str | Iterable[str], start: int | None = None,
                 end: int | None = None) -> pd.DataFrame:
    """Arms imports (SIPRI TIV, millions) by supplier and delivery year.

    ``recipient``: one or more ISO3 codes; ``start``/``end``: delivery years, inclusive.
    Columns: recipient_iso3, supplier, supplier_iso3 (None for non-states such as
    "unknown supplier(s)"), year, tiv. Years without deliveries have no row.
    """
    df = years(select(arms_transfers_all(), recipient, column="recipient_iso3"), start, end)
    keys = ["recipient_iso3", "supplier", "supplier_iso3", "year"]
    out = df.groupby(keys, dropna=False, sort=True)["tiv"].sum().reset_index()
    out["supplier_iso3"] = none_for_missing(out["supplier_iso3"])
    return out[keys + ["tiv"]]


def arms_register_all() -> pd.DataFrame:
    """SIPRI arms-transfers register, one row per deal, all years (cached)."""
    df = _register.load()
    for col in ("supplier_iso3", "recipient_iso3", "delivery_years", "comments"):
        df[col] = none_for_missing(df[col])
    return df


def arms_register(recipients: Iterable[str] | None = None) -> pd.DataFrame:
    """SIPRI per-deal register (deliveries 1950-2024), optionally for some recipients.

    Columns: supplier, supplier_iso3, recipient, recipient_iso3, order_year, number_ordered,
    number_delivered (each with an ``*_uncertain`` flag), delivery_years, first_delivery_year,
    last_delivery_year, designation, description, status, comments, tiv_unit, tiv_order,
    tiv_delivered (SIPRI TIV millions, summed over the deal's delivery years).
    """
    return select(arms_register_all(), recipients, column="recipient_iso3")
