"""Natural Earth country polygons (5.1.2 at 1:10m and 1:50m; 4.0.0 at 1:110m) and the
breakaway and disputed areas (4.0.0), as GeoDataFrames in EPSG:4326."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import naturalearth
from ._geo import geoframe
from ._registry import table

__all__ = ["countries_polygons", "disputed_areas", "COUNTRY_SCALES"]

# Scale -> catalog id. 10m and 50m are Natural Earth 5.1.2 (world-atlas TopoJSON builds);
# 110m is the older 4.0.0 GeoJSON with the full attribute table.
COUNTRY_SCALES = {
    "10m": "naturalearth-admin0-countries-10m",
    "50m": "naturalearth-admin0-countries-50m",
    "110m": "naturalearth-admin0-ne-110m-admin-0-countries",
}


@table(ids=[COUNTRY_SCALES["10m"], COUNTRY_SCALES["50m"]], name="naturalearth-countries")
def _countries_topojson(src, path) -> pd.DataFrame:
    """Natural Earth countries, world-atlas TopoJSON (clean_countries_topojson)."""
    return naturalearth.clean_countries_topojson(path)


@table(ids=[COUNTRY_SCALES["110m"]])
def _countries_110m(src, path) -> pd.DataFrame:
    """Natural Earth 1:110m countries with attributes (clean_countries_geojson)."""
    return naturalearth.clean_countries_geojson(path)


@table(ids=["naturalearth-admin0-ne-10m-admin-0-disputed-areas"])
def _disputed(src, path) -> pd.DataFrame:
    """Natural Earth 1:10m breakaway and disputed areas (clean_disputed)."""
    return naturalearth.clean_disputed(path)


def countries_polygons(scale: str = "10m", iso3: Iterable[str] | str | None = None):
    """Country polygons at ``scale`` ("10m", "50m" or "110m") as a GeoDataFrame (EPSG:4326).

    Columns: iso3 (None where Natural Earth has no ISO code), adm0_a3, name, geometry. Natural
    Earth 5.1.2 (10m, 50m) draws Nagorno-Karabakh inside Azerbaijan and Abkhazia and South
    Ossetia inside Georgia (the UN-style view of the world-atlas build)."""
    if scale not in COUNTRY_SCALES:
        raise ValueError(f"scale must be one of {sorted(COUNTRY_SCALES)}, got {scale!r}")
    sid = COUNTRY_SCALES[scale]
    df = (_countries_topojson if scale != "110m" else _countries_110m).load(sid)
    if iso3 is not None:
        wanted = [iso3] if isinstance(iso3, str) else list(iso3)
        unknown = sorted(set(wanted) - set(df["iso3"].dropna()))
        if unknown:
            raise ValueError(f"no Natural Earth {scale} polygon for {unknown}")
        df = df[df["iso3"].isin(wanted)]
    return geoframe(df.reset_index(drop=True))


def disputed_areas(names: Iterable[str] | str | None = None):
    """Breakaway and disputed areas of Natural Earth 4.0.0 (2017) as a GeoDataFrame.

    Columns: brk_name, type, note, sovereign, adm0_a3, geometry. "Nagorno-Karabakh" is the
    area held by Armenian forces before the 2020 war (the former oblast's remainder plus the
    occupied districts around it), not the former autonomous oblast."""
    df = _disputed.load()
    if names is not None:
        wanted = [names] if isinstance(names, str) else list(names)
        unknown = sorted(set(wanted) - set(df["brk_name"]))
        if unknown:
            raise ValueError(f"no disputed area named {unknown} in Natural Earth")
        df = df[df["brk_name"].isin(wanted)]
    return geoframe(df.reset_index(drop=True))
