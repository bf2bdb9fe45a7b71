"""Administrative boundaries of Azerbaijan (geoBoundaries ADM2) and Armenia (geoBoundaries
ADM1 provinces; WHO ADM2 Soviet-era raions), as GeoDataFrames in EPSG:4326."""

from __future__ import annotations

import pandas as pd

from ..clean import boundaries
from ._geo import geoframe
from ._registry import table

__all__ = ["azerbaijan_districts", "armenia_provinces", "armenia_raions"]


@table(ids=["boundaries-aze-adm2"])
def _aze_adm2(src, path) -> pd.DataFrame:
    """geoBoundaries Azerbaijan ADM2 (clean_geoboundaries)."""
    return boundaries.clean_geoboundaries(path, "ADM2")


@table(ids=["boundaries-arm-geoboundaries-arm-adm1-simplified"])
def _arm_adm1(src, path) -> pd.DataFrame:
    """geoBoundaries Armenia ADM1, simplified (clean_geoboundaries)."""
    return boundaries.clean_geoboundaries(path, "ADM1")


@table(ids=["boundaries-arm-who-arm-adm2"])
def _arm_adm2(src, path) -> pd.DataFrame:
    """WHO Armenia ADM2 raions (clean_who_adm2)."""
    return boundaries.clean_who_adm2(path)


def azerbaijan_districts():
    """Azerbaijan's districts and cities (geoBoundaries ADM2, 79 units; the post-1992
    division, with no unit for the former autonomous oblast). Columns: unit_id, name, parent,
    name_alt, level, geometry."""
    return geoframe(_aze_adm2.load())


def armenia_provinces():
    """Armenia's 11 provinces incl. Yerevan (geoBoundaries ADM1, simplified). Columns as
    :func:`azerbaijan_districts`."""
    return geoframe(_arm_adm1.load())


def armenia_raions():
    """Armenia's 40 Soviet-era raions (WHO ADM2), ``parent`` the province (WHO spelling)."""
    return geoframe(_arm_adm2.load())
