"""The regional map: a Lambert conformal conic projection centred on the South Caucasus, layers
clipped and simplified to the region (so the saved SVG and PDF stay small), and the map's
furniture (scale bar, north arrow, labels, legend, a source line grouped by dataset).

Layers are GeoDataFrames in :data:`LCC`. Country borders come from Natural Earth 5.1.2 (1:10m);
the area held by Armenian forces from 1994 to 2020 from Natural Earth 4.0.0's breakaway
polygon, an older release: where the two disagree along Azerbaijan's border the polygons do
not meet exactly (:func:`release_mismatch_km2` measures it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

LCC = ("+proj=lcc +lat_1=38.5 +lat_2=42.5 +lat_0=40.5 +lon_0=45.5 +datum=WGS84 +units=m "
       "+no_defs")
# West, south, east, north (degrees): Kars and Erzurum to the Caspian, Qazvin to Vladikavkaz.
REGION = (40.6, 36.0, 51.0, 43.6)
SIMPLIFY_M = 400.0  # tolerance of the simplification, metres (invisible at 180 mm)
ROUTE_COLOURS = {  # Paul Tol's dark colours: apart from the countries' Okabe-Ito colours
    "East-West via Georgia": "#332288",
    "East-West via Nakhchivan and Syunik": "#882255",
    "North-South via Azerbaijan": "#117733",
    "North-South via Georgia and Armenia": "#AA4499",
}
FUELS = {"oil": "#000000", "gas": "#44AA99"}
STATUS_STYLE = {"operating": "-", "idle": (0, (4, 1.5, 1, 1.5)), "planned": (0, (3, 1.5)),
                "proposed": (0, (1, 1.2)), "closed": (0, (0.8, 1.2)), "unknown": "-"}


def exclave(country_polygon):
    """The largest part of a country's polygon apart from its largest one (Nakhchivan for
    Azerbaijan), as a geometry in the input CRS."""
    parts = sorted(getattr(country_polygon, "geoms", [country_polygon]), key=lambda p: p.area,
                   reverse=True)
    if len(parts) < 2:
        raise ValueError("the polygon has no part apart from its largest")
    return parts[1]


def release_mismatch_km2(held, country) -> float:
    """Area (km2) of the held polygon (Natural Earth 4.0.0) outside the country polygon of a
    later release: where the two releases' borders disagree."""
    from .territory import km2

    return km2(held.difference(country))


def to_lcc(geoms: Iterable, crs: str = "EPSG:4326"):
    """Geometries projected to :data:`LCC` (a GeoSeries)."""
    import geopandas as gpd

    return gpd.GeoSeries(list(geoms), crs=crs).to_crs(LCC)


def project_points(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude arrays projected to :data:`LCC` (metres)."""
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", LCC, always_xy=True)
    return t.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))


def scale_bar(ax, length_km: float, xy: tuple[float, float] = (0.04, 0.05),
              fontsize: float = 5.5) -> None:
    """A scale bar of ``length_km`` at axes fraction ``xy``, in two halves. The projection
    is conformal and true to scale on its standard parallels (38.5 and 42.5 N); between them
    distances shrink by under 0.3%, so one bar serves the whole map."""
    from matplotlib.patches import Rectangle

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x = x0 + xy[0] * (x1 - x0)
    y = y0 + xy[1] * (y1 - y0)
    half = length_km * 500.0
    for i, face in enumerate(("black", "white")):
        ax.add_patch(Rectangle((x + i * half, y), half, (y1 - y0) * 0.006, facecolor=face,
                               edgecolor="black", lw=0.4, zorder=20))
    for dx, text in ((0, "0"), (half, f"{length_km / 2:g}"), (2 * half, f"{length_km:g} km")):
        ax.text(x + dx, y + (y1 - y0) * 0.012, text, ha="center", va="bottom",
                fontsize=fontsize, zorder=20)


def north_arrow(ax, xy: tuple[float, float] = (0.95, 0.86), fontsize: float = 7) -> None:
    """An arrow to true north at axes fraction ``xy`` (meridians converge in a conic
    projection; the arrow follows the meridian through that point)."""
    from pyproj import Transformer

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x = x0 + xy[0] * (x1 - x0)
    y = y0 + xy[1] * (y1 - y0)
    back = Transformer.from_crs(LCC, "EPSG:4326", always_xy=True)
    lon, lat = back.transform(x, y)
    nx_, ny_ = project_points([lon], [lat + 0.3])
    dx, dy = nx_[0] - x, ny_[0] - y
    scale = (y1 - y0) * 0.06 / np.hypot(dx, dy)
    ax.annotate("N", xy=(x + dx * scale, y + dy * scale), xytext=(x, y),
                arrowprops={"arrowstyle": "-|>", "lw": 0.8, "color": "black"},
                ha="center", va="top", fontsize=fontsize, fontweight="bold", zorder=20)


def grouped_source_line(srcs: Iterable) -> str:
    """A figure source line with one item per catalog dataset, its releases listed together
    (the GEM route files are one item, the Statistical Review's workbooks another), e.g.
    "Source: Energy Institute, Statistical Review of World Energy, 2022, 2023, 2024; ...".
    ``srcs``: :class:`analysis.sources.Source` entries."""
    items: dict[str, list] = {}
    for s in srcs:
        if s.kind == "curated":
            items.setdefault("curated", ["tables compiled for this compendium from the "
                                         "sources cited per row", []])
            continue
        publisher = re.split(r"[;(]", s.publisher)[0].strip().rstrip(",")
        label = {"gem-pipeline-routes": "pipeline routes"}.get(s.dataset)
        title = label or re.split(r" - | \(|: |, ", s.title)[0].strip()
        entry = items.setdefault(s.dataset, [f"{publisher}, {title}", []])
        entry[0] = f"{publisher}, {title}"  # the latest release's publisher and title
        if s.release not in entry[1]:
            entry[1].append(s.release)
    parts = [text + (", " + ", ".join(rels) if rels else "") for text, rels in items.values()]
    return "Source: " + "; ".join(parts) + "."


def clip_view(gdf, limits, tolerance_m: float = SIMPLIFY_M):
    """``gdf`` (EPSG:4326) projected to :data:`LCC`, clipped to the view rectangle
    ``limits`` ((x0, x1), (y0, y1)) enlarged by 2%, and simplified (topology kept)."""
    import shapely

    (x0, x1), (y0, y1) = limits
    dx, dy = 0.02 * (x1 - x0), 0.02 * (y1 - y0)
    west, south, east, north = REGION
    coarse = gdf.clip(shapely.box(west - 3, south - 2, east + 3, north + 2))
    out = coarse.to_crs(LCC).clip(shapely.box(x0 - dx, y0 - dy, x1 + dx, y1 + dy))
    out = out[~out.geometry.is_empty & out.geometry.notna()].copy()
    out["geometry"] = out.geometry.simplify(tolerance_m, preserve_topology=True)
    return out


def country_label_point(polygon, avoid):
    """Where to write a country's name: the pole of inaccessibility of its largest part
    after removing ``avoid`` (labelled points and areas, buffered by the caller)."""
    import shapely.ops

    free = polygon.difference(avoid) if avoid is not None else polygon
    part = max(getattr(free, "geoms", [free]), key=lambda q: q.area)
    return shapely.ops.polylabel(part, 2000)


def label_points(ax, points: pd.DataFrame, fontsize: float = 5.5,
                 offsets: Mapping[str, tuple[float, float]] | None = None) -> None:
    """Dots and labels for ``points`` (columns x, y, label, node_id), each label offset by
    ``offsets[node_id]`` points (default up and right)."""
    offsets = offsets or {}
    ax.scatter(points["x"], points["y"], s=5, color="black", zorder=15, linewidths=0)
    for r in points.itertuples():
        dx, dy = offsets.get(r.node_id, (2.5, 2.0))
        ax.annotate(r.label, (r.x, r.y), xytext=(dx, dy), textcoords="offset points",
                    fontsize=fontsize, zorder=16, ha="left" if dx >= 0 else "right",
                    va="bottom" if dy >= 0 else "top",
                    bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none",
                          "alpha": 0.6})


def map_label(label: str) -> str:
    """A node's label shortened for the map (no "railway station", "checkpoint" ...)."""
    out = re.sub(r"\s+(railway station|village and checkpoint|checkpoint|marine terminal|"
                 r"terminal)$", "", label)
    return out


def view_limits(region=REGION) -> tuple[tuple[float, float], tuple[float, float]]:
    """x and y limits (metres, :data:`LCC`) of the largest upright rectangle inside the
    projected region, so no clipped edge of the region shows."""
    west, south, east, north = region
    lons = np.linspace(west, east, 50)
    lats = np.linspace(south, north, 50)
    xw, _ = project_points(np.full(50, west), lats)
    xe, _ = project_points(np.full(50, east), lats)
    _, ys = project_points(lons, np.full(50, south))
    _, yn = project_points(lons, np.full(50, north))
    return (float(xw.max()), float(xe.min())), (float(ys.max()), float(yn.min()))


def plot_lines(ax, geoms, **style) -> None:
    """Draw lines as one collection: line geometries (projected) or sequences of (x, y)."""
    from matplotlib.collections import LineCollection

    segs = []
    for g in geoms:
        if g is None:
            continue
        if not hasattr(g, "geom_type"):
            segs.append(np.asarray(g, dtype=float))
            continue
        if g.is_empty:
            continue
        for part in getattr(g, "geoms", [g]):
            segs.append(np.asarray(part.coords)[:, :2])
    if segs:
        ax.add_collection(LineCollection(segs, **style))
        ax.autoscale_view()


# Nodes whose labels would sit on top of a neighbour's (a point 0-3 km away), and label
# offsets (points) that keep the others clear of lines and of each other at 180 mm.
UNLABELLED = ("NORDUZ", "ASTARA_IR", "SAMUR_RU", "SADAKHLO", "BAGRATASHEN", "MARABDA",
              "STEPANTSMINDA", "AYRUM", "ORDUBAD", "AGHBAND", "YERASKH", "DERBENT")
ALWAYS_LABELLED = ("YEREVAN", "TBILISI", "BAKU", "NAKHCHIVAN", "STEPANAKERT", "GANJA",
                   "VLADIKAVKAZ", "MAKHACHKALA")
LABEL_OFFSETS = {"AGARAK": (-2, -2), "MEGHRI": (2, -2), "ASTARA_AZ": (-2, 2),
                 "ALAT": (2, -2.5), "JULFA": (-2, -2), "KAPAN": (2, 1)}
REGION_STATES = ("ARM", "AZE", "GEO", "TUR", "IRN", "RUS")


def plot_polygons(ax, geoms, **style) -> None:
    """Draw polygon geometries (projected) as patches with holes, one PathPatch each."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    style.setdefault("edgecolor", "none")
    for g in geoms:
        if g is None or g.is_empty:
            continue
        polys = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"]
        rings = [Path(np.asarray(ring.coords)[:, :2]) for p in polys
                 for ring in (p.exterior, *p.interiors)]
        if rings:
            ax.add_patch(PathPatch(Path.make_compound_path(*rings), **style))
    ax.autoscale_view()


def merged_lines(gdf, min_length_m: float = 2000.0):
    """The lines of a projected layer joined where one ends and the next begins (OSM ways
    share their end nodes), without lines shorter than ``min_length_m`` (sidings and yards,
    invisible at 180 mm): far fewer paths to draw and to store in an SVG. A GeoSeries."""
    import geopandas as gpd
    import shapely

    parts = [p for g in gdf.geometry for p in getattr(g, "geoms", [g])
             if p.geom_type == "LineString"]
    merged = shapely.line_merge(shapely.MultiLineString(parts)) if parts else None
    lines = [g for g in getattr(merged, "geoms", [merged]) if g is not None
             and g.length >= min_length_m]
    return gpd.GeoSeries(lines, crs=gdf.crs)
