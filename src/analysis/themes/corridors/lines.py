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
        coords: dict[tuple[float, float], int] = {}
        for geom in lines:
            if geom is None or geom.is_empty:
                continue
            parts = geom.geoms if hasattr(geom, "geoms") else [geom]
            for part in parts:
                xy = np.round(np.asarray(part.coords)[:, :2], _DIGITS)
                if len(xy) < 2:
                    continue
                ids = []
                for x, y in map(tuple, xy):
                    if (x, y) not in coords:
                        coords[(x, y)] = len(coords)
                    ids.append(coords[(x, y)])
                km = geodesic_km(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
                for a, b, d in zip(ids[:-1], ids[1:], np.atleast_1d(km), strict=True):
                    if a != b and (not self.graph.has_edge(a, b)
                                   or self.graph[a][b]["km"] > d):
                        self.graph.add_edge(a, b, km=float(d))
        self.xy = np.array(list(coords), dtype=float).reshape(-1, 2)
        if len(self.xy):
            from scipy.spatial import cKDTree

            lat0 = np.deg2rad(self.xy[:, 1].mean())
            self._scale = np.array([np.cos(lat0), 1.0]) * _KM_PER_DEG
            self._tree = cKDTree(self.xy * self._scale)

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

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
