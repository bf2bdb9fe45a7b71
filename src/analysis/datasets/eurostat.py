"""Eurostat Comext: EU member states' monthly trade with Russia and its neighbours, 2020-2022."""

from __future__ import annotations

import pandas as pd

from ..clean import eurostat
from ._registry import table

__all__ = ["eu_trade"]


@table(ids=["eurostat-eu-trade-russia-neighbours"])
def _comext(src, path) -> pd.DataFrame:
    """EU members' trade with Russia and neighbours by month (clean_comext)."""
    return eurostat.clean_comext(path)


def eu_trade(product: str = "TOTAL") -> pd.DataFrame:
    """EU27 members' monthly trade with Armenia, Georgia, Russia, Belarus, Kazakhstan,
    Kyrgyzstan and Uzbekistan, euros, 2020-01 to 2022-12 (December 2022 not yet available in
    this extract). ``product``: "TOTAL" or "27" (mineral fuels). Columns: reporter,
    reporter_iso3, partner, partner_iso3, date, product, flow (from the EU member's side),
    value_eur (NaN where Eurostat shows ':'), available."""
    df = _comext.load()
    if product not in set(df["product"]):
        raise ValueError(f"product {product!r} is not in the extract; products: "
                         f"{sorted(df['product'].unique())}")
    return df[df["product"] == product].reset_index(drop=True)
