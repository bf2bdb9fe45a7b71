"""Administrative boundaries of Azerbaijan and Armenia: geoBoundaries (Azerbaijan ADM2
districts and cities; Armenia ADM1 provinces, simplified) and WHO's Armenia ADM2 layer (the
Soviet-era raions).

Geometries are WKB bytes in ``geometry`` (EPSG:4326); :mod:`analysis.datasets.boundaries`
returns GeoDataFrames. Names are kept as the source spells them (``Khankendi City``,
``GERGHARKUNIK``); nothing is renamed here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import validate
from ._vector import POLYGONS, check_layer, read_layer, wkb

UNITS = pa.DataFrameSchema(
    {
        "unit_id": pa.Column(str, unique=True),
        "name": pa.Column(str),
        "parent": pa.Column(str, nullable=True),
        "name_alt": pa.Column(str, nullable=True),
        "level": pa.Column(str, pa.Check.isin(("ADM1", "ADM2"))),
        "geometry": pa.Column(object),
    },
    strict=True,
)


def _units(path: Path, columns: dict[str, str], level: str) -> pd.DataFrame:
    gdf = read_layer(path)
    check_layer(gdf, path, "feature properties", columns, POLYGONS)
    df = pd.DataFrame({new: gdf[old].astype(str).to_numpy() for old, new in columns.items()})
    for col in ("unit_id", "parent", "name_alt"):
        if col not in df:
            df[col] = None
    df["level"] = level
    df["geometry"] = wkb(gdf.geometry)
    return df[list(UNITS.columns)]


def clean_geoboundaries(path: Path, level: str) -> pd.DataFrame:
    """A geoBoundaries layer (``level`` "ADM1" or "ADM2"): unit_id (shapeID), name (shapeName),
    geometry."""
    df = _units(path, {"shapeID": "unit_id", "shapeName": "name"}, level)
    return validate(UNITS, df, path, f"geoBoundaries {level}")


def clean_who_adm2(path: Path) -> pd.DataFrame:
    """WHO detailed boundaries ADM2: unit_id (ADM2_NAME within ADM1_NAME), name (ADM2_NAME),
    parent (ADM1_NAME), name_alt (ADM2_ALTNAME, Russian), geometry."""
    df = _units(path, {"ADM2_NAME": "name", "ADM1_NAME": "parent",
                       "ADM2_ALTNAME": "name_alt"}, "ADM2")
    df["unit_id"] = df["parent"] + "/" + df["name"]
    return validate(UNITS, df, path, "WHO ADM2")
