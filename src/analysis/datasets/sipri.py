"""SIPRI Military Expenditure Database: every release in the catalog, every measure."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import sipri
from ._registry import release_id, releases, select, table

DATASET = "sipri-milex"
__all__ = ["milex", "milex_all", "milex_source_id", "milex_releases"]


@table(dataset=DATASET)
def _milex(src, path) -> pd.DataFrame:
    """One SIPRI milex release, all measures (analysis.clean.sipri.clean_milex)."""
    return sipri.clean_milex(path, int(src.release))


def milex_releases() -> list[int]:
    """The SIPRI milex releases in the catalog (release years), oldest first."""
    return [int(r) for r in releases(DATASET)]


def milex_source_id(edition: int) -> str:
    """Catalog id of a SIPRI milex release (edition = release year)."""
    return release_id(DATASET, edition)


def milex_all(edition: int = 2023) -> pd.DataFrame:
    """Every measure of one SIPRI milex release, all countries (cached)."""
    return _milex.load(milex_source_id(edition))


def milex(edition: int = 2023, measure: str = "constant_usd",
          countries: Iterable[str] | None = None) -> pd.DataFrame:
    """SIPRI military expenditure, one measure, long format.

    ``edition``: SIPRI release year (see :func:`milex_releases`). ``measure``: one of
    ``analysis.clean.sipri.MEASURES`` (constant_usd, current_usd, local_currency,
    local_currency_fy, share_gdp, per_capita, share_govt). ``countries``: ISO3 codes.
    Columns: iso3, country, year, measure, value, unit, edition, price_base_year, currency,
    and flags missing, not_state, estimate, uncertain.
    """
    if measure not in sipri.MEASURES:
        raise ValueError(f"unknown SIPRI measure {measure!r}; choose one of "
                         f"{list(sipri.MEASURES)}")
    df = milex_all(edition)
    df = df[df["measure"] == measure].reset_index(drop=True)
    return select(df, countries)
