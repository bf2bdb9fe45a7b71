"""Freedom House, Freedom in the World: scores (editions 2013-2025) and ratings since 1973."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import freedomhouse
from ._registry import select, table

__all__ = ["fiw_scores", "fiw_ratings", "FIW_SCORES_ID", "FIW_RATINGS_ID"]

FIW_SCORES_ID = "fh-fiw-all-data-2025"
FIW_RATINGS_ID = "fh-fiw-ratings-1973-2024"


@table(ids=[FIW_SCORES_ID])
def _scores(src, path) -> pd.DataFrame:
    """FIW scores of every country and territory, editions 2013-2025 (clean_fiw_scores)."""
    return freedomhouse.clean_fiw_scores(path)


@table(ids=[FIW_RATINGS_ID])
def _ratings(src, path) -> pd.DataFrame:
    """FIW ratings and statuses of every country, editions 1973-2024 (clean_fiw_ratings)."""
    return freedomhouse.clean_fiw_ratings(path)


def fiw_scores(countries: Iterable[str] | None = None, last_edition: int | None = None,
               territories: bool = False) -> pd.DataFrame:
    """FIW scores, one row per country and edition: status, PR and CL ratings (1-7, 1 = most
    free), every indicator and subcategory score, PR (0-40), CL (0-60), total (0-100).

    ``edition`` is the report year and ``year`` the year it covers (edition - 1).
    ``last_edition`` keeps editions up to that one (e.g. 2023: what was published when the
    brief was written). ``territories`` keeps territories (iso3 empty) too.
    """
    df = _scores.load()
    if not territories:
        df = df[df["kind"] == "country"].reset_index(drop=True)
    if last_edition is not None:
        df = df[df["edition"] <= last_edition].reset_index(drop=True)
    return select(df, countries)


def fiw_ratings(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """FIW ratings and statuses since the 1973 edition, one row per country and edition:
    edition and period as printed, year (last year under review), pr_rating, cl_rating
    (1-7, 1 = most free), status (F/PF/NF)."""
    return select(_ratings.load(), countries)
