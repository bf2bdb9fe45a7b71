"""Cleaned geodata tables (WKB in ``geometry``) back to GeoDataFrames in EPSG:4326."""

from __future__ import annotations

import pandas as pd

CRS = "EPSG:4326"


def geoframe(df: pd.DataFrame, column: str = "geometry"):
    """A GeoDataFrame (EPSG:4326) of a cleaned table whose ``column`` holds WKB bytes
    (None stays an empty geometry)."""
    import geopandas as gpd

    geoms = gpd.GeoSeries.from_wkb(df[column].to_numpy(), index=df.index, crs=CRS)
    return gpd.GeoDataFrame(df.drop(columns=[column]), geometry=geoms, crs=CRS)


def points(df: pd.DataFrame, lon: str = "lon", lat: str = "lat"):
    """A GeoDataFrame of points from longitude/latitude columns (EPSG:4326); rows without
    coordinates get an empty geometry."""
    import geopandas as gpd

    return gpd.GeoDataFrame(df.copy(), geometry=gpd.points_from_xy(df[lon], df[lat]), crs=CRS)
