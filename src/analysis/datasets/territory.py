"""Published figures on Nagorno-Karabakh's territory (areas, 2020 losses) and the former
autonomous oblast's census counts."""

from __future__ import annotations

import pandas as pd

from ..clean import territory
from ._registry import table

__all__ = ["territory_facts", "nkao_census"]


@table(ids=["curated-karabakh-territory"])
def _facts(src, path) -> pd.DataFrame:
    """Published areas and loss shares (clean_facts)."""
    return territory.clean_facts(path, src.id)


@table(ids=["curated-nkao-census"])
def _census(src, path) -> pd.DataFrame:
    """NKAO/NKR census counts, one row per source (clean_census)."""
    return territory.clean_census(path, src.id)


def territory_facts() -> pd.DataFrame:
    """Published figures: fact_id, unit_name, unit_type, value, unit (km2, km, percent),
    reference_date, fact and provenance columns."""
    return _facts.load()


def nkao_census() -> pd.DataFrame:
    """Census counts and shares, one row per source: year, census, total, armenians,
    azerbaijanis, russians, others, armenians_pct, azerbaijanis_pct and provenance."""
    return _census.load()
