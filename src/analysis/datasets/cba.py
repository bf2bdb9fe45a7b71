"""Central Bank of Armenia: money transfers of individuals through Armenian banks, by country."""

from __future__ import annotations

import pandas as pd

from ..clean import cba
from ._registry import table

__all__ = ["money_transfers"]


@table(ids=["cba-money-transfers"])
def _transfers(src, path) -> pd.DataFrame:
    """Transfers of individuals by country, monthly and annual, US$ (clean_transfers)."""
    return cba.clean_transfers(path)


def money_transfers(frequency: str = "year", scope: str = "all",
                    measure: str = "inflow") -> pd.DataFrame:
    """Money transfers of individuals to and from Armenia through its banks, thousand US$,
    2013-2024, by country ("Others" and "Total" with no ISO3 code).

    ``frequency``: "year" or "month"; ``scope``: "all" or "non-commercial" (the bank's
    "of which non-commercial" columns); ``measure``: "inflow", "outflow" or "net inflow".
    Since 2022 inflows from Russia include money moved by people and firms relocating from
    Russia, not only migrants' remittances (the non-commercial part separates some of it).
    """
    df = _transfers.load()
    for name, value, col in (("frequency", frequency, "frequency"), ("scope", scope, "scope"),
                             ("measure", measure, "measure")):
        if value not in set(df[col]):
            raise ValueError(f"{name} must be one of {sorted(df[col].unique())}, got {value!r}")
    df = df[(df["frequency"] == frequency) & (df["scope"] == scope) & (df["measure"] == measure)]
    return df.reset_index(drop=True)
