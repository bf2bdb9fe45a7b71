"""The Countries States Cities Database gazetteer (dr5hn), one JSON file of places per country.

Coordinates are stored as strings in the file; the cleaner returns floats. The compilers'
warnings hold: records are unverified, some are rayon centroids at whole arc-minutes, and
several Iranian records are wrong (see the catalog notes); nothing here corrects them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import LayoutError
from . import validate

PLACES = pa.DataFrameSchema(
    {
        "place_id": pa.Column("int64", unique=True),
        "name": pa.Column(str),
        "native": pa.Column(str, nullable=True),
        "country_code": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{2}$")),
        "state_code": pa.Column(str, nullable=True),
        "lat": pa.Column(float, pa.Check.in_range(-90, 90)),
        "lon": pa.Column(float, pa.Check.in_range(-180, 180)),
        "population": pa.Column(float, pa.Check.ge(0), nullable=True),
        "place_type": pa.Column(str, nullable=True),
        "wikidata": pa.Column(str, nullable=True),
    },
    strict=True,
)
KEYS = ("id", "name", "country_code", "latitude", "longitude")


def clean_places(path: Path) -> pd.DataFrame:
    """One row per place: id, name, native name, ISO2 country and state code, lat/lon (float),
    population, the record's type field and its Wikidata id."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise LayoutError(path, "whole file", f"JSON ({exc})") from None
    if not isinstance(data, list):
        raise LayoutError(path, "top level", "a JSON list of places")
    rows = []
    for i, p in enumerate(data):
        if not isinstance(p, dict) or not set(KEYS) <= set(p):
            raise LayoutError(path, f"item {i}", f"a place with keys {list(KEYS)}")
        try:
            lat, lon = float(p["latitude"]), float(p["longitude"])
        except (TypeError, ValueError):
            raise LayoutError(path, f"item {i} (id {p['id']}), latitude/longitude",
                              f"decimal degrees, got {p['latitude']!r}, {p['longitude']!r}"
                              ) from None
        rows.append({"place_id": int(p["id"]), "name": str(p["name"]),
                     "native": p.get("native") or None, "country_code": str(p["country_code"]),
                     "state_code": p.get("state_code") or None, "lat": lat, "lon": lon,
                     "population": p.get("population"), "place_type": p.get("type") or None,
                     "wikidata": p.get("wikiDataId") or None})
    df = pd.DataFrame(rows, columns=list(PLACES.columns))
    df["place_id"] = df["place_id"].astype("int64")
    df["population"] = pd.to_numeric(df["population"], errors="coerce").astype(float)
    return validate(PLACES, df, path, "gazetteer places")
