"""Countries States Cities Database gazetteer (dr5hn): places of Armenia, Azerbaijan, Georgia
and Iran with coordinates (unverified; see the catalog notes)."""

from __future__ import annotations

import pandas as pd

from ..clean import gazetteer
from ._registry import table

__all__ = ["places"]

FILES = {"AM": "gazetteer-csc-cities-am", "AZ": "gazetteer-csc-cities-az",
         "GE": "gazetteer-csc-cities-ge", "IR": "gazetteer-csc-cities-ir"}


@table(ids=list(FILES.values()), name="gazetteer-places")
def _places(src, path) -> pd.DataFrame:
    """Gazetteer places of one country (clean_places)."""
    return gazetteer.clean_places(path)


def places(country: str) -> pd.DataFrame:
    """Places of one country by ISO2 code ("AM", "AZ", "GE", "IR"). Columns: place_id, name,
    native, country_code, state_code, lat, lon, population, place_type, wikidata."""
    if country not in FILES:
        raise ValueError(f"country must be one of {sorted(FILES)} (ISO2), got {country!r}")
    return _places.load(FILES[country])
