"""The curated tables of the corridor network: nodes, links, their additions, coordinates,
corridor facts, the index of GEM pipeline route files, and the dated border closures.

Each table is read through :func:`analysis.clean.curated.clean_curated` with a schema of this
module, so every row keeps its source title, URL, short locator and confidence flag
(:data:`analysis.clean.curated.PROVENANCE`). Node coordinates are decimal degrees (WGS84);
a node without sourced coordinates has empty lat/lon and no coordinate source.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .curated import CONFIDENCE, PROVENANCE, clean_curated

ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # year, month or day precision
NODE_ID = r"^[A-Z][A-Z0-9_]*$"
MODES = ("pipeline_oil", "pipeline_gas", "rail", "road")

# A coordinate carries its source; a node without one carries none.
_OPTIONAL_PROVENANCE = {
    "source_title": pa.Column(str, nullable=True),
    "source_url": pa.Column(str, pa.Check.str_matches(r"^https?://"), nullable=True),
    "locator": pa.Column(str, nullable=True),
    "confidence": pa.Column(str, pa.Check.isin(CONFIDENCE), nullable=True),
}


def _sourced_when_located(df: pd.DataFrame) -> pd.Series:
    """Rows with a coordinate have a source URL and a confidence flag; rows without have
    both coordinates empty."""
    located = df["lat"].notna() & df["lon"].notna()
    half = df["lat"].notna() != df["lon"].notna()
    return ~half & (~located | (df["source_url"].notna() & df["confidence"].notna()))


NODES = pa.DataFrameSchema(
    {
        "node_id": pa.Column(str, pa.Check.str_matches(NODE_ID)),
        "name": pa.Column(str),
        "country_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "node_type": pa.Column(str),
        "lat": pa.Column(float, pa.Check.in_range(30, 50), nullable=True),
        "lon": pa.Column(float, pa.Check.in_range(30, 55), nullable=True),
        "coord_source": pa.Column(str),
        **_OPTIONAL_PROVENANCE,
        "admin_unit": pa.Column(str, nullable=True),
        "notes": pa.Column(str, nullable=True),
    },
    checks=pa.Check(_sourced_when_located, error="a located node needs source_url and "
                    "confidence; lat and lon are both given or both empty"),
    unique=["node_id"], strict=True,
)

COORDINATES = pa.DataFrameSchema(
    {
        "node_id": pa.Column(str, pa.Check.str_matches(NODE_ID)),
        "name": pa.Column(str),
        "status": pa.Column(str, pa.Check.isin(("accepted", "alternative", "candidate",
                                                "low_confidence", "rejected", "not_found",
                                                "extra"))),
        "lat": pa.Column(float, pa.Check.in_range(30, 50), nullable=True),
        "lon": pa.Column(float, pa.Check.in_range(30, 55), nullable=True),
        **_OPTIONAL_PROVENANCE,
        "boundary_check": pa.Column(str, nullable=True),
        "notes": pa.Column(str, nullable=True),
    },
    checks=pa.Check(_sourced_when_located, error="a located point needs source_url and "
                    "confidence"),
    strict=True,
)

LINKS = pa.DataFrameSchema(
    {
        "link_id": pa.Column(str, pa.Check.str_matches(NODE_ID)),
        "corridor": pa.Column(str),
        "from_node": pa.Column(str, pa.Check.str_matches(NODE_ID), nullable=True),
        "to_node": pa.Column(str, pa.Check.str_matches(NODE_ID), nullable=True),
        "via_nodes": pa.Column(str, nullable=True),
        "mode": pa.Column(str, pa.Check.isin(MODES)),
        "status": pa.Column(str, nullable=True),
        "status_as_of": pa.Column(str, nullable=True),
        "length_km": pa.Column(float, pa.Check.in_range(0, 5000), nullable=True),
        "capacity": pa.Column(str, nullable=True),
        "capacity_unit": pa.Column(str, nullable=True),
        "geometry_file": pa.Column(str, nullable=True),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    unique=["link_id"], strict=True,
)

FACTS = pa.DataFrameSchema(
    {
        "fact_id": pa.Column(str, pa.Check.str_matches(NODE_ID)),
        "topic": pa.Column(str),
        "date": pa.Column(str, pa.Check.str_matches(ISO_DATE), nullable=True),
        "value": pa.Column(float, nullable=True),
        "unit": pa.Column(str, nullable=True),
        "fact": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    unique=["fact_id"], strict=True,
)

ROUTE_INDEX = pa.DataFrameSchema(
    {
        "project_id": pa.Column(str, pa.Check.str_matches(r"^P\d{4}$")),
        "file": pa.Column(str, pa.Check.str_matches(r"^P\d{4}\.geojson$")),
        "pipeline": pa.Column(str),
        "fuel": pa.Column(str, pa.Check.isin(("oil", "gas"))),
        "identification": pa.Column(str),
        "countries": pa.Column(str),
        "gem_status": pa.Column(str, nullable=True),
        "gem_capacity": pa.Column(float, nullable=True),
        "gem_capacity_unit": pa.Column(str, nullable=True),
        "gem_source_row": pa.Column(str, nullable=True),
        **PROVENANCE,
    },
    unique=["project_id"], strict=True,
)

BORDER_EVENTS = pa.DataFrameSchema(
    {
        "event_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "date": pa.Column(str, pa.Check.str_matches(ISO_DATE)),
        "date_precision": pa.Column(str, pa.Check.isin(("day", "month", "year"))),
        "event": pa.Column(str),
        "countries": pa.Column(str),
        "category": pa.Column(str, pa.Check.isin(("blockade_borders", "connectivity"))),
        "value": pa.Column(str, nullable=True),
        "unit": pa.Column(str, nullable=True),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    unique=["event_id"], strict=True,
)

TIMELINE_ROWS = pa.DataFrameSchema(
    {
        "date": pa.Column(pa.DateTime),
        "date_precision": pa.Column(str, pa.Check.isin(("day", "month", "year"))),
        "event": pa.Column(str),
        "actors": pa.Column(str, nullable=True),
        "category": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True,
)


def clean_nodes(path: Path, source_id: str = "curated-corridor-nodes") -> pd.DataFrame:
    """Corridor nodes (or node additions): one row per node id, lat/lon floats or NaN."""
    return clean_curated(path, source_id, schema=NODES, dates=(), numbers=("lat", "lon"))


def clean_coordinates(path: Path,
                      source_id: str = "curated-corridor-coordinates") -> pd.DataFrame:
    """Candidate coordinates for nodes, one row per sourced point, with the compiler's
    status (accepted, alternative, candidate, low_confidence, rejected, not_found, extra)."""
    return clean_curated(path, source_id, schema=COORDINATES, dates=(),
                         numbers=("lat", "lon"))


def clean_links(path: Path, source_id: str = "curated-corridor-links") -> pd.DataFrame:
    """Corridor links (or link additions): one row per link id, length_km float or NaN."""
    return clean_curated(path, source_id, schema=LINKS, dates=(), numbers=("length_km",))


def clean_facts(path: Path, source_id: str = "curated-corridor-facts") -> pd.DataFrame:
    """Corridor facts: value (float or NaN), unit and an ISO date of any precision."""
    return clean_curated(path, source_id, schema=FACTS, dates=(), numbers=("value",))


def clean_route_index(path: Path,
                      source_id: str = "curated-gem-route-index") -> pd.DataFrame:
    """GEM route files by project id: the pipeline each holds and how it was identified."""
    return clean_curated(path, source_id, schema=ROUTE_INDEX, dates=(),
                         numbers=("gem_capacity",))


def clean_border_events(path: Path,
                        source_id: str = "curated-border-closures") -> pd.DataFrame:
    """Dated border closures, blockades and connectivity events (ISO dates of stated
    precision, kept as text; :func:`analysis.themes.corridors.borders` reads them)."""
    return clean_curated(path, source_id, schema=BORDER_EVENTS, dates=())


def clean_timeline_rows(path: Path,
                        source_id: str = "curated-crossroads-of-peace") -> pd.DataFrame:
    """Rows of the curated conflict timeline (dates parsed)."""
    return clean_curated(path, source_id, schema=TIMELINE_ROWS, dates=("date",))
