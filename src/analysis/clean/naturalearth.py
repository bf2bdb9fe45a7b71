"""Natural Earth country polygons and breakaway/disputed areas.

Three layouts: the world-atlas TopoJSON builds (Natural Earth 5.1.2 at 1:10m and 1:50m,
object ``countries``, read through GDAL's TopoJSON driver), the 1:110m GeoJSON with the full
attribute table (Natural Earth 4.0.0), and the 1:10m breakaway and disputed areas (4.0.0).
Geometries are returned as WKB bytes in ``geometry`` (EPSG:4326), so the cleaned tables cache
as plain parquet; :mod:`analysis.datasets.naturalearth` returns GeoDataFrames.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import validate
from ._vector import POLYGONS, check_layer, read_layer, wkb

COUNTRIES = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "adm0_a3": pa.Column(str, pa.Check.str_matches(r"^[A-Z0-9]{3}$")),
        "name": pa.Column(str),
        "geometry": pa.Column(object),
    },
    strict=True,
)

DISPUTED = pa.DataFrameSchema(
    {
        "brk_name": pa.Column(str),
        "type": pa.Column(str),
        "note": pa.Column(str, nullable=True),
        "sovereign": pa.Column(str, nullable=True),
        "adm0_a3": pa.Column(str),
        "geometry": pa.Column(object),
    },
    strict=True,
)


def _columns(gdf, path: Path, wanted: dict[str, str], where: str) -> pd.DataFrame:
    check_layer(gdf, path, where, wanted, POLYGONS)
    df = pd.DataFrame({new: gdf[old].to_numpy() for old, new in wanted.items()})
    df["geometry"] = wkb(gdf.geometry)
    return df


def _iso3(code) -> str | None:
    # Natural Earth writes "-99" (or nothing) where a unit has no ISO code of its own.
    code = str(code or "").strip()
    return code if len(code) == 3 and code.isalpha() and code.isupper() else None


def clean_countries_topojson(path: Path) -> pd.DataFrame:
    """Countries of a world-atlas TopoJSON: iso3 (None where Natural Earth has none), adm0_a3,
    name, geometry."""
    df = _columns(read_layer(path, "countries"), path,
                  {"isoA3": "iso3", "adm0A3": "adm0_a3", "name": "name"},
                  "object 'countries'")
    df["iso3"] = [_iso3(c) for c in df["iso3"]]
    return validate(COUNTRIES, df, path, "Natural Earth countries")


def clean_countries_geojson(path: Path) -> pd.DataFrame:
    """Countries of a Natural Earth GeoJSON with the full attribute table (ISO_A3, ADM0_A3,
    NAME)."""
    df = _columns(read_layer(path), path, {"ISO_A3": "iso3", "ADM0_A3": "adm0_a3", "NAME": "name"},
                  "features")
    df["iso3"] = [_iso3(c) for c in df["iso3"]]
    return validate(COUNTRIES, df, path, "Natural Earth countries")


def clean_disputed(path: Path) -> pd.DataFrame:
    """Breakaway and disputed areas: brk_name, type, note (NOTE_BRK), sovereign, adm0_a3,
    geometry."""
    df = _columns(read_layer(path), path, {"BRK_NAME": "brk_name", "TYPE": "type",
                                      "NOTE_BRK": "note", "SOVEREIGNT": "sovereign",
                                      "ADM0_A3": "adm0_a3"}, "features")
    for col in ("note", "sovereign"):
        df[col] = df[col].where(df[col].notna() & (df[col] != ""), None)
    return validate(DISPUTED, df, path, "Natural Earth disputed areas")
