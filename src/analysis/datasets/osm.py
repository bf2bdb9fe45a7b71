"""OpenStreetMap railways of the South Caucasus: the Overpass extract around Azerbaijan (lines
and stations of four extracts), the extracts' bounding boxes, train 371's route relation
(Tbilisi-Yerevan) and the HOT export of Georgia's railways. GeoDataFrames in EPSG:4326."""

from __future__ import annotations

import pandas as pd

from ..clean import osm
from ._geo import geoframe, points
from ._registry import table

__all__ = ["railways", "stations", "extract_boxes", "train371_route", "RAIL_SOURCES",
           "STATION_EXTRACTS"]

RAIL_SOURCES = {
    "osm-azerbaijan-bbox": "osm-railways-south-caucasus-railways-azerbaijan-bbox",
    "hot-georgia": "hotosm-georgia-railways",
}
STATION_EXTRACTS = {
    "azerbaijan": "osm-railways-south-caucasus-stations-azerbaijan-bbox",
    "turkey": "osm-railways-south-caucasus-stations-turkey-bbox",
    "iran": "osm-railways-south-caucasus-stations-iran-bbox",
    "russia": "osm-railways-south-caucasus-stations-russia-bbox",
}


@table(ids=["osm-railways-south-caucasus-manifest"])
def _manifest(src, path) -> pd.DataFrame:
    """Bounding boxes of the Overpass extracts (clean_manifest)."""
    return osm.clean_manifest(path)


@table(ids=[RAIL_SOURCES["osm-azerbaijan-bbox"]])
def _ways(src, path) -> pd.DataFrame:
    """Railway ways of the Azerbaijan extract, [lat, lon] swapped (clean_rail_ways)."""
    box = _manifest.load().set_index("extract").loc["azerbaijan"]
    return osm.clean_rail_ways(path, (box.south, box.west, box.north, box.east))


@table(ids=[RAIL_SOURCES["hot-georgia"]])
def _hot(src, path) -> pd.DataFrame:
    """Railway ways of the HOT export for Georgia (clean_hot_railways)."""
    return osm.clean_hot_railways(path)


@table(ids=list(STATION_EXTRACTS.values()), name="osm-stations")
def _stations(src, path) -> pd.DataFrame:
    """Named stations of one Overpass extract (clean_stations)."""
    return osm.clean_stations(path)


@table(ids=["osm-train371-tbilisi-yerevan"])
def _train371(src, path) -> pd.DataFrame:
    """Members of OSM route relation 15664273 (clean_route_relation)."""
    return osm.clean_route_relation(path)


def extract_boxes() -> pd.DataFrame:
    """Bounding box of each Overpass extract: extract, name, code, south, west, north, east."""
    return _manifest.load()


def railways(source: str = "osm-azerbaijan-bbox"):
    """Railway ways of one source (a key of :data:`RAIL_SOURCES`): osm_id, railway tag (rail,
    construction, ...), name (HOT export only), geometry. The Azerbaijan extract excludes
    abandoned and disused lines (the dismantled Meghri section is absent) and ends at its
    box (S38.39 W44.77 N41.91 E50.63); the HOT export covers Georgia only."""
    if source not in RAIL_SOURCES:
        raise ValueError(f"source must be one of {sorted(RAIL_SOURCES)}, got {source!r}")
    t = _ways if source == "osm-azerbaijan-bbox" else _hot
    return geoframe(t.load())


def stations(extract: str = "azerbaijan"):
    """Named stations of one extract (a key of :data:`STATION_EXTRACTS`) as points: osm_id,
    name, name_local, railway, lat, lon, geometry."""
    if extract not in STATION_EXTRACTS:
        raise ValueError(f"extract must be one of {sorted(STATION_EXTRACTS)}, got {extract!r}")
    return points(_stations.load(STATION_EXTRACTS[extract]))


def train371_route():
    """Train 371 Tbilisi-Yerevan (OSM relation 15664273): its ways (member_type "way") and
    stops ("node") in the relation's order, with geometry."""
    return geoframe(_train371.load())
