"""The curated corridor network (nodes, links, their additions, coordinates, facts), the index
of GEM route files, and the dated border closures of the Crossroads of Peace claim."""

from __future__ import annotations

import pandas as pd

from ..clean import corridors
from ._registry import table

__all__ = ["corridor_nodes", "corridor_links", "corridor_coordinates", "corridor_facts",
           "gem_route_index", "border_events", "crossroads_of_peace", "NETWORK_IDS"]

# The tables the corridor network is built from (analysis.themes.corridors.network).
NETWORK_IDS = {
    "nodes": "curated-corridor-nodes", "node_additions": "curated-corridor-node-additions",
    "links": "curated-corridor-links", "link_additions": "curated-corridor-link-additions",
    "coordinates": "curated-corridor-coordinates",
}


@table(ids=[NETWORK_IDS["nodes"], NETWORK_IDS["node_additions"]], name="corridor-nodes")
def _nodes(src, path) -> pd.DataFrame:
    """Corridor nodes or node additions (clean_nodes)."""
    return corridors.clean_nodes(path, src.id)


@table(ids=[NETWORK_IDS["links"], NETWORK_IDS["link_additions"]], name="corridor-links")
def _links(src, path) -> pd.DataFrame:
    """Corridor links or link additions (clean_links)."""
    return corridors.clean_links(path, src.id)


@table(ids=[NETWORK_IDS["coordinates"]])
def _coordinates(src, path) -> pd.DataFrame:
    """Sourced coordinates for nodes that lacked them (clean_coordinates)."""
    return corridors.clean_coordinates(path, src.id)


@table(ids=["curated-corridor-facts"])
def _facts(src, path) -> pd.DataFrame:
    """Corridor facts (clean_facts)."""
    return corridors.clean_facts(path, src.id)


@table(ids=["curated-gem-route-index"])
def _route_index(src, path) -> pd.DataFrame:
    """GEM route file index (clean_route_index)."""
    return corridors.clean_route_index(path, src.id)


@table(ids=["curated-border-closures"])
def _border_events(src, path) -> pd.DataFrame:
    """Dated border closures and connectivity events (clean_border_events)."""
    return corridors.clean_border_events(path, src.id)


@table(ids=["curated-crossroads-of-peace"])
def _crossroads(src, path) -> pd.DataFrame:
    """The Crossroads of Peace presentation (clean_timeline_rows)."""
    return corridors.clean_timeline_rows(path, src.id)


def corridor_nodes(additions: bool = False) -> pd.DataFrame:
    """Nodes of the curated network (``additions=True``: the node additions, whose rows for
    an existing node id supplement its coordinates). Columns: node_id, name, country_iso3,
    node_type, lat, lon, coord_source, source_title, source_url, locator, confidence,
    admin_unit, notes."""
    return _nodes.load(NETWORK_IDS["node_additions" if additions else "nodes"])


def corridor_links(additions: bool = False) -> pd.DataFrame:
    """Links of the curated network (``additions=True``: the link additions). Columns:
    link_id, corridor, from_node, to_node, via_nodes ("A; B"), mode, status, status_as_of,
    length_km (published, NaN where none), capacity, capacity_unit, geometry_file,
    source_title, source_url, locator, confidence, notes."""
    return _links.load(NETWORK_IDS["link_additions" if additions else "links"])


def corridor_coordinates() -> pd.DataFrame:
    """Sourced points for nodes without coordinates, each with the compiler's status
    (accepted, alternative, candidate, low_confidence, rejected, not_found, extra)."""
    return _coordinates.load()


def corridor_facts() -> pd.DataFrame:
    """Corridor facts: fact_id, topic, date (ISO, any precision), value, unit, fact and
    provenance columns."""
    return _facts.load()


def gem_route_index() -> pd.DataFrame:
    """Which pipeline each GEM route file holds: project_id, file, pipeline, fuel,
    identification (confirmed, probable, inferred - verify), countries, the GEM tracker
    attributes the compiler read (gem_status, gem_capacity, gem_capacity_unit) and the
    tracker row they come from (gem_source_row, "<file>: <project name>")."""
    return _route_index.load()


def border_events() -> pd.DataFrame:
    """Dated closures of Armenia's borders, the blockades before them and the Crossroads of
    Peace mentions: event_id, date (ISO text, precision in date_precision), event, countries,
    category, value, unit and provenance columns."""
    return _border_events.load()


def crossroads_of_peace() -> pd.DataFrame:
    """The curated timeline's row for the presentation of the Crossroads of Peace project."""
    return _crossroads.load()
