"""OpenStreetMap railway extracts of the South Caucasus: the Overpass extract of railway lines
and named stations (njfinney/Asia_Railway_Calculator), its manifest of bounding boxes, the
route relation of train 371 Tbilisi-Yerevan, and the HOT Export Tool's Georgian railways.

Geometries are returned as WKB bytes in a ``geometry`` column (longitude first, EPSG:4326),
so a cleaned table caches as plain parquet; :mod:`analysis.datasets.osm` turns them into
GeoDataFrames. The Overpass extract stores ``[lat, lon]`` pairs: the cleaner swaps them and
checks, against the extract's bounding box in the manifest, that it did not get them wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import shapely

from ..errors import LayoutError
from . import validate

# The Overpass extract's query keeps these railway tags (plus what its regex lets slip in).
RAIL_TYPES = ("rail", "construction", "narrow_gauge", "light_rail", "proposed", "monorail")

WAYS = pa.DataFrameSchema(
    {
        "osm_id": pa.Column("int64", unique=True),
        "railway": pa.Column(str),
        "geometry": pa.Column(object),
    },
    strict=True,
)

STATIONS = pa.DataFrameSchema(
    {
        "osm_id": pa.Column("int64"),
        "name": pa.Column(str),
        "name_local": pa.Column(str, nullable=True),
        "railway": pa.Column(str),
        "lat": pa.Column(float, pa.Check.in_range(-90, 90)),
        "lon": pa.Column(float, pa.Check.in_range(-180, 180)),
    },
    strict=True,
)

MANIFEST = pa.DataFrameSchema(
    {
        "extract": pa.Column(str, unique=True),
        "name": pa.Column(str),
        "code": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{2}$")),
        "south": pa.Column(float, pa.Check.in_range(-90, 90)),
        "west": pa.Column(float, pa.Check.in_range(-180, 180)),
        "north": pa.Column(float, pa.Check.in_range(-90, 90)),
        "east": pa.Column(float, pa.Check.in_range(-180, 180)),
    },
    checks=pa.Check(lambda d: (d["south"] < d["north"]) & (d["west"] < d["east"]),
                    error="south < north and west < east"),
    strict=True,
)

MEMBERS = pa.DataFrameSchema(
    {
        "relation": pa.Column("int64"),
        "position": pa.Column("int64", unique=True),
        "member_type": pa.Column(str, pa.Check.isin(("way", "node"))),
        "osm_id": pa.Column("int64"),
        "role": pa.Column(str, nullable=True),
        "geometry": pa.Column(object),
    },
    strict=True,
)

HOT_WAYS = pa.DataFrameSchema(
    {
        "osm_id": pa.Column("int64"),
        "name": pa.Column(str, nullable=True),
        "railway": pa.Column(str),
        "geometry": pa.Column(object),
    },
    strict=True,
)


def _load_json(path: Path, kind: type, what: str):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise LayoutError(path, "whole file", f"JSON ({exc})") from None
    if not isinstance(data, kind):
        raise LayoutError(path, "top level", f"a JSON {kind.__name__} of {what}, got "
                          f"{type(data).__name__}")
    return data


def clean_rail_ways(path: Path, bbox: tuple[float, float, float, float] | None = None
                    ) -> pd.DataFrame:
    """Railway ways of the Overpass extract: osm_id, railway tag, geometry (WKB line).

    ``bbox`` is the extract's (south, west, north, east) from the manifest; when given, a
    file whose first coordinates fit it only with latitude and longitude exchanged is an
    error (the extract writes latitude first)."""
    data = _load_json(path, list, "ways {id, type, geometry: [[lat, lon], ...]}")
    ids, tags, geoms = [], [], []
    for i, way in enumerate(data):
        where = f"item {i} (id {way.get('id') if isinstance(way, dict) else '?'})"
        if not isinstance(way, dict) or not {"id", "type", "geometry"} <= set(way):
            raise LayoutError(path, where, "an object with keys id, type, geometry")
        pts = way["geometry"]
        if not (isinstance(pts, list) and len(pts) >= 2 and all(
                isinstance(p, list) and len(p) == 2 for p in pts)):
            raise LayoutError(path, where, "geometry as a list of at least two [lat, lon] "
                              "pairs")
        ids.append(int(way["id"]))
        tags.append(str(way["type"]))
        geoms.append(shapely.to_wkb(shapely.LineString([(lon, lat) for lat, lon in pts])))
    df = pd.DataFrame({"osm_id": pd.Series(ids, dtype="int64"), "railway": tags,
                       "geometry": geoms})
    if bbox is not None and len(df):
        s, w, n, e = bbox
        first = [p for way in data[:50] for p in way["geometry"][:1]]
        inside = sum(s - 0.5 <= a <= n + 0.5 and w - 0.5 <= b <= e + 0.5 for a, b in first)
        swapped = sum(s - 0.5 <= b <= n + 0.5 and w - 0.5 <= a <= e + 0.5 for a, b in first)
        if swapped > inside:
            raise LayoutError(path, "geometry of the first ways", f"[lat, lon] pairs inside "
                              f"the extract's box S{s} W{w} N{n} E{e} (they fit it only as "
                              "[lon, lat])")
    return validate(WAYS, df, path, "OSM railway ways")


def clean_stations(path: Path) -> pd.DataFrame:
    """Named railway stations: osm_id, name, name_local, railway tag, lat, lon."""
    data = _load_json(path, list, "stations {id, lat, lon, name, nameLocal, type}")
    rows = []
    for i, st in enumerate(data):
        if not isinstance(st, dict) or not {"id", "lat", "lon", "name", "type"} <= set(st):
            raise LayoutError(path, f"item {i}", "an object with keys id, lat, lon, name, type")
        rows.append({"osm_id": int(st["id"]), "name": str(st["name"]),
                     "name_local": st.get("nameLocal") or None, "railway": str(st["type"]),
                     "lat": float(st["lat"]), "lon": float(st["lon"])})
    df = pd.DataFrame(rows, columns=list(STATIONS.columns))
    df["osm_id"] = df["osm_id"].astype("int64")
    return validate(STATIONS, df, path, "OSM stations")


def clean_manifest(path: Path) -> pd.DataFrame:
    """One row per extract: its name, ISO2 code and bounding box (south, west, north, east)."""
    data = _load_json(path, dict, "extracts under 'countries'")
    extracts = data.get("countries")
    if not isinstance(extracts, dict):
        raise LayoutError(path, "key 'countries'", "an object of extracts")
    rows = []
    for key, ex in extracts.items():
        box = ex.get("bbox") if isinstance(ex, dict) else None
        if not (isinstance(box, list) and len(box) == 4):
            raise LayoutError(path, f"countries.{key}.bbox", "[south, west, north, east]")
        rows.append({"extract": key, "name": str(ex.get("name", key)),
                     "code": str(ex.get("code", "")), "south": float(box[0]),
                     "west": float(box[1]), "north": float(box[2]), "east": float(box[3])})
    return validate(MANIFEST, pd.DataFrame(rows), path, "OSM extract manifest")


def clean_route_relation(path: Path) -> pd.DataFrame:
    """Members of one OSM route relation (Overpass JSON with geometry): ways as WKB lines
    and stops as WKB points, in the relation's order."""
    data = _load_json(path, dict, "one relation with members")
    if data.get("type") != "relation" or not isinstance(data.get("members"), list):
        raise LayoutError(path, "top level", "type 'relation' with a list of members")
    rows = []
    for i, m in enumerate(data["members"]):
        where = f"members[{i}]"
        kind = m.get("type") if isinstance(m, dict) else None
        if kind == "way":
            pts = m.get("geometry")
            if not (isinstance(pts, list) and len(pts) >= 2):
                raise LayoutError(path, where, "a way with a geometry of at least two points")
            geom = shapely.LineString([(float(p["lon"]), float(p["lat"])) for p in pts])
        elif kind == "node":
            if "lat" not in m or "lon" not in m:
                raise LayoutError(path, where, "a node with lat and lon")
            geom = shapely.Point(float(m["lon"]), float(m["lat"]))
        else:
            raise LayoutError(path, where, f"a member of type way or node, got {kind!r}")
        rows.append({"relation": int(data["id"]), "position": i, "member_type": kind,
                     "osm_id": int(m["ref"]), "role": m.get("role") or None,
                     "geometry": shapely.to_wkb(geom)})
    df = pd.DataFrame(rows)
    for col in ("relation", "position", "osm_id"):
        df[col] = df[col].astype("int64")
    return validate(MEMBERS, df, path, "OSM route relation members")


def clean_hot_railways(path: Path, layer: str = "Railways") -> pd.DataFrame:
    """Ways of the HOT Export Tool railway layer (GeoPackage): osm_id, name, railway tag,
    geometry (WKB, EPSG:4326). Station points are left out (the layer mixes both)."""
    import pyogrio

    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # noqa: BLE001 - any read failure is a layout problem here
        raise LayoutError(path, "whole file", f"a GeoPackage ({exc})") from None
    if layer not in layers:
        raise LayoutError(path, "layers", f"a layer {layer!r} (found {layers})")
    gdf = pyogrio.read_dataframe(path, layer=layer)
    missing = [c for c in ("osm_id", "name", "railway") if c not in gdf.columns]
    if missing:
        raise LayoutError(path, f"layer {layer!r} columns", f"{missing} (found "
                          f"{list(gdf.columns)})")
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise LayoutError(path, f"layer {layer!r} CRS", f"EPSG:4326, got {gdf.crs}")
    lines = gdf[gdf.geometry.geom_type.isin(["LineString", "MultiLineString"])]
    df = pd.DataFrame({"osm_id": lines["osm_id"].astype("int64").to_numpy(),
                       "name": lines["name"].where(lines["name"].notna(), None).to_numpy(),
                       "railway": lines["railway"].astype(str).to_numpy(),
                       "geometry": shapely.to_wkb(lines.geometry.to_numpy())})
    return validate(HOT_WAYS, df, path, "HOT export railways")
