"""Armenia's trade by partner (Armstat, monthly) and its natural-gas imports (UN Comtrade),
from the tvyal newsletter's tidy extracts."""

from __future__ import annotations

import pandas as pd

from ..clean import trade_partners
from ._registry import table

__all__ = ["armenia_trade", "armenia_gas_trade"]


@table(ids=["trade-partners-arm-trade-country"])
def _trade(src, path) -> pd.DataFrame:
    """Armenia's exports and imports by partner and month (clean_arm_trade)."""
    return trade_partners.clean_arm_trade(path)


@table(ids=["trade-partners-natural-gas-trade-armenia"])
def _gas(src, path) -> pd.DataFrame:
    """Armenia's natural-gas trade by partner and month (clean_gas)."""
    return trade_partners.clean_gas(path)


def armenia_trade() -> pd.DataFrame:
    """Armenia's merchandise trade by partner and month, thousand US$, 2007-01 to 2024-12.

    Columns: partner (Armstat's name), iso3 (None for non-states), date, year, month, flow
    (export; import_origin, by country of origin; import_consignment, by country of
    consignment), value, unit. A state may appear under two names across the years: sum by
    ``iso3``.
    """
    return _trade.load()


def armenia_gas_trade() -> pd.DataFrame:
    """Armenia's trade in natural gas (HS 271121) by partner and month, 2010-01 to 2023-09
    (the extract stops there). Columns: date, year, month, flow (Import, Re-export), partner,
    iso3, value_usd, netweight_kg, quantity_estimated."""
    return _gas.load()
