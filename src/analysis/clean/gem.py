"""Global Energy Monitor pipelines: route files (one GeoJSON per GEM ProjectID, from the
GOIT-GGIT-pipeline-routes repository) and the tracker map-data tables (Europe Gas Tracker,
May 2024; Global Oil Infrastructure Tracker, June 2024), which give each pipeline's status,
capacity and route.

A route file is named by ProjectID only and its properties differ from file to file (some
name the pipeline, some hold OSM tags, some nothing), so the cleaner keeps what every file
has: the ProjectID, the number of features, any name the file states, and the geometry
merged into one (WKB). Which pipeline a file holds is the curated route index's job
(:mod:`analysis.clean.corridors`); the tracker row is found by the pipeline's name there.
Tracker routes are "lat,lng:lat,lng;..." (segments separated by ";"); the cleaner turns them
into WKB multilines, longitude first.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import shapely

from ..errors import LayoutError
from . import validate
from ._vector import LINES, check_layer, read_layer, wkb

NAME_KEYS = ("PipelineName", "Name", "name")

ROUTES = pa.DataFrameSchema(
    {
        "project_id": pa.Column(str, pa.Check.str_matches(r"^P\d{4}$")),
        "features": pa.Column("int64", pa.Check.ge(1)),
        "stated_name": pa.Column(str, nullable=True),
        "geometry": pa.Column(object),
    },
    strict=True,
)

TRACKER = pa.DataFrameSchema(
    {
        "project": pa.Column(str),
        "asset_type": pa.Column(str),
        "countries": pa.Column(str, nullable=True),
        "status": pa.Column(str),
        "start_year": pa.Column(float, pa.Check.in_range(1850, 2100), nullable=True),
        "capacity": pa.Column(float, pa.Check.ge(0), nullable=True),
        "capacity_unit": pa.Column(str, nullable=True),
        "url": pa.Column(str, nullable=True),
        "geometry": pa.Column(object, nullable=True),
    },
    strict=True,
)
TRACKER_COLUMNS = ("project", "type", "countries", "start_year", "capacity", "route")
_POINT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def clean_route(path: Path) -> pd.DataFrame:
    """One row for a GEM route file: project_id (from the file name), feature count, the name
    its properties state (if any) and all its lines merged (WKB, EPSG:4326)."""
    m = re.fullmatch(r"(P\d{4})\.geojson", Path(path).name)
    if not m:
        raise LayoutError(path, "file name", "a GEM route file named P<4 digits>.geojson")
    gdf = read_layer(path, what="a GeoJSON route")
    check_layer(gdf, path, "features", (), LINES)
    names = [str(v) for k in NAME_KEYS if k in gdf.columns for v in gdf[k].dropna()
             if str(v).strip()]
    merged = shapely.line_merge(shapely.union_all(gdf.geometry.to_numpy()))
    df = pd.DataFrame({"project_id": [m.group(1)], "features": [len(gdf)],
                       "stated_name": [names[0] if names else None],
                       "geometry": wkb([merged], valid=False)})
    df["features"] = df["features"].astype("int64")
    return validate(ROUTES, df, path, "GEM route")


def parse_route(text: str, path: Path, line: int):
    """A tracker route ("lat,lng:lat,lng;lat,lng:...") as a MultiLineString (lon, lat), or
    None for an empty cell."""
    if not isinstance(text, str) or not text.strip():
        return None
    parts = []
    for seg in text.split(";"):
        pts = []
        for pt in seg.split(":"):
            m = _POINT.match(pt)
            if not m:
                raise LayoutError(path, f"line {line}, column 'route'", f"'lat,lng' points "
                                  f"separated by ':' and segments by ';', got {pt[:40]!r}")
            lat, lon = float(m.group(1)), float(m.group(2))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise LayoutError(path, f"line {line}, column 'route'", f"latitude then "
                                  f"longitude, got {pt[:40]!r}")
            pts.append((lon, lat))
        if len(pts) >= 2:
            parts.append(pts)
    return shapely.MultiLineString(parts) if parts else None


def encoding_of(path: Path) -> str:
    """The text encoding a tracker export declares by its byte-order mark (the Europe Gas
    Tracker writes UTF-16, the oil tracker UTF-8 with a BOM)."""
    head = Path(path).read_bytes()[:4]
    return "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"


def clean_tracker(path: Path, encoding: str | None = None) -> pd.DataFrame:
    """Pipeline rows of a GEM tracker map-data CSV (other asset types are left out): project,
    asset type, countries, status, start year, capacity and its unit, wiki URL, route (WKB).

    The Europe Gas Tracker export's ``start_year`` column is broken (every row shows 2): years
    before 1850 are read as missing, not as data. ``encoding`` defaults to the one the file's
    byte-order mark declares."""
    encoding = encoding or encoding_of(path)
    try:
        raw = pd.read_csv(path, encoding=encoding, dtype=str, keep_default_na=False)
    except (UnicodeError, pd.errors.ParserError) as exc:
        raise LayoutError(path, "whole file", f"a {encoding} CSV ({exc})") from None
    missing = [c for c in TRACKER_COLUMNS if c not in raw.columns]
    if missing or not ({"status", "status_tabular"} & set(raw.columns)):
        raise LayoutError(path, "header row", f"columns {list(TRACKER_COLUMNS)} and status "
                          f"(found {list(raw.columns)[:20]})")
    raw["_line"] = raw.index + 2
    pipes = raw[raw["type"].str.contains("pipeline")]
    status = pipes["status_tabular"] if "status_tabular" in pipes else pipes["status"]
    unit = pipes["units"] if "units" in pipes else pd.Series(None, index=pipes.index)
    years = pd.to_numeric(pipes["start_year"], errors="coerce")
    df = pd.DataFrame({
        "project": pipes["project"].to_numpy(),
        "asset_type": pipes["type"].to_numpy(),
        "countries": pipes["countries"].replace("", None).to_numpy(),
        "status": status.to_numpy(),
        "start_year": years.where(years >= 1850).astype(float).to_numpy(),
        "capacity": pd.to_numeric(pipes["capacity"], errors="coerce").astype(float).to_numpy(),
        "capacity_unit": unit.replace("", None).to_numpy(),
        "url": pipes["url"].replace("", None).to_numpy() if "url" in pipes else None,
        "geometry": [None if g is None else shapely.to_wkb(g) for g in
                     (parse_route(t, path, int(n)) for t, n in
                      zip(pipes["route"], pipes["_line"], strict=True))],
    })
    return validate(TRACKER, df, path, "GEM tracker pipelines")
