"""Reading vector layers for the geodata cleaners (GDAL through pyogrio), with the checks
every one of them makes: the properties it needs, longitude/latitude coordinates and the
geometry types it expects, each failure a :class:`~analysis.errors.LayoutError`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import shapely

from ..errors import LayoutError

POLYGONS = ("Polygon", "MultiPolygon")
LINES = ("LineString", "MultiLineString")


def read_layer(path: Path, layer: str | None = None, what: str = "a vector layer"):
    """One layer as a GeoDataFrame; an unreadable file or missing layer names both."""
    import warnings

    import pyogrio

    try:
        with warnings.catch_warnings():
            # GDAL renumbers duplicate feature ids (GEM route files): harmless here.
            warnings.filterwarnings("ignore", "Several features with id", RuntimeWarning)
            return pyogrio.read_dataframe(path, layer=layer, datetime_as_string=True)
    except Exception as exc:  # noqa: BLE001 - any read failure is a layout problem here
        where = f"layer {layer!r}" if layer else "whole file"
        raise LayoutError(path, where, f"{what} GDAL can read ({exc})") from None


def check_layer(gdf, path: Path, where: str, columns: Iterable[str],
                types: tuple[str, ...]) -> None:
    """The layer has ``columns``, longitude/latitude coordinates and geometries of ``types``."""
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise LayoutError(path, where, f"properties {missing} (found "
                          f"{[c for c in gdf.columns if c != 'geometry']})")
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        raise LayoutError(path, f"{where}, CRS", f"longitude/latitude (EPSG:4326), got "
                          f"{gdf.crs}")
    ok = gdf.geometry.geom_type.isin(types)
    if not ok.all():
        bad = gdf.index[~ok.to_numpy()][0]
        raise LayoutError(path, f"{where}, feature {bad}", f"geometries of type {types}, got "
                          f"{gdf.geometry.geom_type[bad]}")


def wkb(geoms, valid: bool = True) -> list[bytes]:
    """Geometries as WKB bytes (repaired with ``make_valid`` when ``valid``)."""
    arr = geoms.to_numpy() if hasattr(geoms, "to_numpy") else geoms
    if valid:
        arr = shapely.make_valid(arr)
    return list(shapely.to_wkb(arr))
