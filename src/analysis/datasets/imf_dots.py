"""IMF Direction of Trade Statistics: annual exports and imports by partner for the region's
six states (portal exports of early 2022, data to 2020)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import imf_dots
from ._registry import table

DATASET = "imf-dots-trade"
__all__ = ["dots_trade"]


@table(dataset=DATASET)
def _dots(src, path) -> pd.DataFrame:
    """One reporter's DOTS workbook (clean_dots)."""
    return imf_dots.clean_dots(path)


def dots_trade(reporters: Iterable[str] | str | None = None) -> pd.DataFrame:
    """Exports (FOB) and imports (CIF) by reporter, partner and year, million US$, to 2020.

    ``reporters``: ISO3 codes (ARM, AZE, GEO, RUS, TUR, IRN; default all). Columns:
    reporter_iso3, reporter, partner, partner_iso3 (None for World, European Union and other
    groups), year, flow, value, unit, estimate (IMF estimate from partner records), source_id.
    """
    parts = [_dots.load(sid).assign(source_id=sid) for sid in _dots.source_ids()]
    df = pd.concat(parts, ignore_index=True)
    if reporters is not None:
        wanted = [reporters] if isinstance(reporters, str) else list(reporters)
        unknown = sorted(set(wanted) - set(df["reporter_iso3"]))
        if unknown:
            raise ValueError(f"no DOTS workbook for reporter(s) {unknown}; reporters: "
                             f"{sorted(df['reporter_iso3'].unique())}")
        df = df[df["reporter_iso3"].isin(wanted)]
    return df.reset_index(drop=True)
