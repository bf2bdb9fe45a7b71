"""Published figures on Nagorno-Karabakh's territory (areas, 2020 losses). The oblast's census
counts are loaded by ``datasets.curated.nkao_census``."""

from __future__ import annotations

import pandas as pd

from ..clean import territory
from ._registry import table

__all__ = ["territory_facts"]


@table(ids=["curated-karabakh-territory"])
def _facts(src, path) -> pd.DataFrame:
    """Published areas and loss shares (clean_facts)."""
    return territory.clean_facts(path, src.id)


def territory_facts() -> pd.DataFrame:
    """Published figures: fact_id, unit_name, unit_type, value, unit (km2, km, percent),
    reference_date, fact and provenance columns."""
    return _facts.load()
