"""Lengths along line geometries: a graph of the vertices of one source's lines (a railway
extract, a route relation, a pipeline route), in which the distance between two points is the
shortest path along the lines between the vertices nearest to them.

Distances are geodesic (WGS84 ellipsoid, :class:`pyproj.Geod`), so no projection distorts
them. Vertices are joined where lines share a vertex (to 1e-6 degree, about 0.1 m), which is
how OpenStreetMap ways meet at junctions; lines that only cross are not joined.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import shapely
from pyproj import Geod

GEOD = Geod(ellps="WGS84")
_DIGITS = 6
_KM_PER_DEG = 111.2
SNAP_PENALTY = 5.0


def geodesic_km(lon1, lat1, lon2, lat2):
    """Geodesic distance(s) in km between points given in degrees (arrays broadcast)."""
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


@dataclass(frozen=True)
class Measure:
    """A length along the lines: ``km`` between the snapped vertices, the path as a line,
    and how far each end point lies from the vertex it was snapped to (km)."""

    km: float
    path: shapely.LineString
    snap_from_km: float
    snap_to_km: float


class LineNetwork:
    """The vertices and segments of a set of lines, for shortest distances along them."""

    def __init__(self, lines, name: str = ""):
        self.name = name
        self.graph = nx.Graph()
        parts = []
        for geom in lines:
            if geom is None or geom.is_empty:
                continue
            for part in (geom.geoms if hasattr(geom, "geoms") else [geom]):
                xy = np.round(np.asarray(part.coords, dtype=float)[:, :2], _DIGITS)
                if len(xy) >= 2:
                    parts.append(xy)
        if not parts:
            self.xy = np.empty((0, 2))
            return
        stacked = np.vstack(parts)
        # A vertex is followed by the next one of its line, except at each line's end.
        last = np.cumsum([len(p) for p in parts]) - 1
        starts = np.setdiff1d(np.arange(len(stacked) - 1), last)
        self.xy, ids = np.unique(stacked, axis=0, return_inverse=True)
        ids = ids.ravel()
        a, b = ids[starts], ids[starts + 1]
        km = geodesic_km(stacked[starts, 0], stacked[starts, 1], stacked[starts + 1, 0],
                         stacked[starts + 1, 1])
        keep = a != b
        lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
        order = np.lexsort((np.atleast_1d(km)[keep], hi, lo))  # shortest first per pair
        lo, hi, km = lo[order], hi[order], np.atleast_1d(km)[keep][order]
        first = np.ones(len(lo), dtype=bool)
        first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
        self.graph.add_weighted_edges_from(
            zip(lo[first].tolist(), hi[first].tolist(), km[first].tolist(), strict=True),
            weight="km")
        from scipy.spatial import cKDTree

        lat0 = np.deg2rad(self.xy[:, 1].mean())
        self._scale = np.array([np.cos(lat0), 1.0]) * _KM_PER_DEG
        self._tree = cKDTree(self.xy * self._scale)

    def __len__(self) -> int:
        return len(self.xy)

    def _near(self, lon: float, lat: float, snap_km: float, k: int = 40):
        """Vertices within ``snap_km`` of a point, nearest first, with geodesic distances."""
        if not len(self.xy):
            return []
        dist, idx = self._tree.query(np.array([lon, lat]) * self._scale, k=min(k, len(self.xy)),
                                     distance_upper_bound=snap_km * 1.05)
        found = [int(i) for d, i in zip(np.atleast_1d(dist), np.atleast_1d(idx), strict=True)
                 if np.isfinite(d) and i < len(self.xy)]
        if not found:
            return []
        km = geodesic_km(np.full(len(found), lon), np.full(len(found), lat),
                         self.xy[found, 0], self.xy[found, 1])
        return [(v, float(d)) for v, d in zip(found, np.atleast_1d(km), strict=True)
                if d <= snap_km]

    def measure(self, a: tuple[float, float], b: tuple[float, float],
                snap_km: float = 3.0) -> Measure | None:
        """The shortest distance along the lines from point ``a`` to point ``b`` (lon, lat).

        Each point may join the lines at any vertex within ``snap_km``; the path minimises
        the distance along the lines plus :data:`SNAP_PENALTY` times the snap distances (so a
        point joins at its nearest vertex unless that one is cut off, and no corner is cut
        by a long snap), and ``km`` counts the part along the lines. None when a point has no
        vertex within ``snap_km`` or no path joins them.
        """
        near_a, near_b = self._near(*a, snap_km), self._near(*b, snap_km)
        if not near_a or not near_b:
            return None
        src, dst = ("_a",), ("_b",)
        g = self.graph
        g.add_node(src)
        g.add_node(dst)
        try:
            for v, d in near_a:
                g.add_edge(src, v, km=d * SNAP_PENALTY)
            for v, d in near_b:
                g.add_edge(v, dst, km=d * SNAP_PENALTY)
            try:
                path = nx.shortest_path(g, src, dst, weight="km")
            except nx.NetworkXNoPath:
                return None
        finally:
            g.remove_node(src)
            g.remove_node(dst)
        inner = path[1:-1]
        along = sum(self.graph[u][v]["km"] for u, v in zip(inner[:-1], inner[1:], strict=True))
        snap_a = dict(near_a)[inner[0]]
        snap_b = dict(near_b)[inner[-1]]
        pts = self.xy[inner]
        line = shapely.LineString(pts if len(pts) > 1 else np.vstack([pts, pts]))
        return Measure(km=float(along), path=line, snap_from_km=snap_a, snap_to_km=snap_b)
