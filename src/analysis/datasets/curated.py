"""Hand-compiled, cited tables of ``data/curated/`` (each validated by its schema)."""

from __future__ import annotations

import pandas as pd

from ..clean import curated
from ._registry import table

__all__ = ["war_dates", "wars"]

WAR_START = "war"
WAR_END = ("ceasefire", "agreement / ceasefire")


@table(ids=["curated-war-dates"])
def _war_dates(src, path) -> pd.DataFrame:
    """Start and end dates of the wars of 2016, 2020 and 2023 (curated timeline rows)."""
    return curated.clean_curated(path, src.id)


def war_dates() -> pd.DataFrame:
    """Start and end dates of the wars of 2016, 2020 and 2023 (curated, one sourced row each).

    Columns: date (datetime), date_precision, event, category, confidence, source_title,
    source_url, locator.
    """
    df = _war_dates.load()
    return df[["date", "date_precision", "event", "category", "confidence", "source_title",
               "source_url", "locator"]].sort_values("date", ignore_index=True)


def wars() -> pd.DataFrame:
    """One row per war: its start (a row of category "war") and its end (the first row of a
    ceasefire category on or after the start, NaT if none). Columns: year, start, end."""
    df = war_dates()
    ends = df[df["category"].isin(WAR_END)]["date"].sort_values()
    rows = []
    for start in df.loc[df["category"] == WAR_START, "date"].sort_values():
        after = ends[ends >= start]
        rows.append({"year": int(start.year), "start": start,
                     "end": after.iloc[0] if len(after) else pd.NaT})
    return pd.DataFrame(rows, columns=["year", "start", "end"])
