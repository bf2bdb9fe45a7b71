"""Global Energy Monitor pipelines: route files by ProjectID, identified by name through the
curated route index, with status and capacity from the tracker map data."""

from __future__ import annotations

import pandas as pd

from .. import sources
from ..clean import gem
from ._geo import geoframe
from ._registry import table
from .corridors import gem_route_index

__all__ = ["pipeline_routes", "tracker_pipelines", "TRACKERS"]

TRACKERS = {
    "europe-gas-tracker-map-data-2024-05.csv":
        "gem-pipeline-routes-europe-gas-tracker-map-data-2024-05",
    "goit-map-data-2024-06.csv": "gem-pipeline-routes-goit-map-data-2024-06",
}


@table(dataset="gem-pipeline-routes")
def _routes(src, path) -> pd.DataFrame:
    """One GEM route file (clean_route)."""
    return gem.clean_route(path)


@table(ids=list(TRACKERS.values()), name="gem-tracker")
def _tracker(src, path) -> pd.DataFrame:
    """Pipeline rows of one GEM tracker map-data export (clean_tracker)."""
    return gem.clean_tracker(path)


def tracker_pipelines(file: str):
    """Pipeline rows of one tracker export (a key of :data:`TRACKERS`) as a GeoDataFrame:
    project, asset_type, countries, status, start_year, capacity, capacity_unit, url,
    geometry (the tracker's route; empty where it has none)."""
    if file not in TRACKERS:
        raise ValueError(f"file must be one of {sorted(TRACKERS)}, got {file!r}")
    return geoframe(_tracker.load(TRACKERS[file]))


def pipeline_routes():
    """Every GEM route file as one row, identified through the curated route index and joined
    to its tracker row by the pipeline's name.

    Columns: project_id, source_id (catalog id of the route file), pipeline, fuel,
    identification, confidence (of the identification), index_countries, stated_name (a
    name in the file's own properties), features, tracker (the export matched, or None),
    tracker_project, status, capacity, capacity_unit, start_year, geometry (EPSG:4326).
    Files the index calls "inferred - verify" have no tracker row: status and capacity stay
    empty rather than guessed."""
    index = gem_route_index()
    rows = []
    for s in sources.releases("gem-pipeline-routes"):
        rows.append(_routes.load(s.id).assign(source_id=s.id))
    routes = pd.concat(rows, ignore_index=True)
    unknown = sorted(set(routes["project_id"]) - set(index["project_id"]))
    if unknown:
        raise ValueError(f"GEM route files {unknown} are not in the curated route index")
    df = routes.merge(index.rename(columns={"countries": "index_countries"}), on="project_id")
    found = []
    for r in df.itertuples():
        row = r.gem_source_row if isinstance(r.gem_source_row, str) else ""  # NaN after parquet
        file, _, name = row.partition(": ")
        match = None
        if file in TRACKERS:
            t = _tracker.load(TRACKERS[file])
            hit = t[t["project"] == name]
            if len(hit):
                match = {"tracker": file, "tracker_project": name,
                         "status": "; ".join(sorted(hit["status"].unique())),
                         "capacity": hit["capacity"].max(),
                         "capacity_unit": hit["capacity_unit"].dropna().iloc[0]
                         if hit["capacity_unit"].notna().any() else r.gem_capacity_unit,
                         "start_year": hit["start_year"].min()}
        found.append(match or {"tracker": None, "tracker_project": None, "status": None,
                               "capacity": float("nan"), "capacity_unit": None,
                               "start_year": float("nan")})
    df = pd.concat([df.reset_index(drop=True), pd.DataFrame(found)], axis=1)
    keep = ["project_id", "source_id", "pipeline", "fuel", "identification", "confidence",
            "index_countries", "stated_name", "features", "tracker", "tracker_project",
            "status", "capacity", "capacity_unit", "start_year", "geometry"]
    return geoframe(df[keep].sort_values("project_id", ignore_index=True))
