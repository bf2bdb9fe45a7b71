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


def region_box(region: tuple[float, float, float, float] = REGION):
    """The region as a polygon in EPSG:4326."""
    import shapely

    return shapely.box(*region)


def clip(gdf, region=REGION, tolerance_m: float = SIMPLIFY_M):
    """``gdf`` (EPSG:4326) clipped to the region, projected to :data:`LCC` and simplified
    (topology kept); empty geometries dropped."""
    out = gdf.clip(region_box(region)).to_crs(LCC)
    out = out[~out.geometry.is_empty & out.geometry.notna()].copy()
    out["geometry"] = out.geometry.simplify(tolerance_m, preserve_topology=True)
    return out


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
    """A figure source line with one item per catalog dataset (the GEM route files and the
    OSM extracts are one dataset each), e.g. "Source: Natural Earth 5.1.2; ...". ``srcs``:
    :class:`analysis.sources.Source` entries."""
    items: dict[str, str] = {}
    for s in srcs:
        if s.kind == "curated":
            key = "curated"
            items.setdefault(key, "corridor network and territory facts compiled for this "
                                  "compendium from the sources cited per row")
            continue
        publisher = re.split(r"[;(]", s.publisher)[0].strip().rstrip(",")
        key = s.dataset
        label = {"gem-pipeline-routes": "pipeline routes"}.get(key)
        title = label or re.split(r" - | \(|: |, ", s.title)[0].strip()
        items.setdefault(key, f"{publisher}, {title}, {s.release}")
    return "Source: " + "; ".join(items.values()) + "."


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
    """Draw line geometries (a GeoSeries in :data:`LCC`) as one collection."""
    from matplotlib.collections import LineCollection

    segs = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        for part in getattr(g, "geoms", [g]):
            segs.append(np.asarray(part.coords)[:, :2])
    if segs:
        ax.add_collection(LineCollection(segs, **style))
