"""Natural Earth cleaners on the real TopoJSON/GeoJSON files and on broken copies."""

from __future__ import annotations

import json

import pytest
from conftest import layout_error, requires_mirror
from pyproj import Geod

from analysis import datasets, sources
from analysis.clean import naturalearth

GEOD = Geod(ellps="WGS84")


def _km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


@requires_mirror("naturalearth-admin0")
def test_countries_10m_topojson_real_file():
    df = naturalearth.clean_countries_topojson(sources.require(datasets.COUNTRY_SCALES["10m"]))
    assert len(df) == 253  # SOURCE.toml: 253 country geometries
    gdf = datasets.countries_polygons("10m", ["ARM", "AZE", "GEO", "TUR"]).set_index("iso3")
    assert gdf.loc["TUR", "name"] == "Turkiye"  # the build's spelling, kept as printed
    # SOURCE.toml (spherical areas computed by the compiler): ARM 29,559, AZE 86,157 km2.
    assert _km2(gdf.loc["ARM", "geometry"]) == pytest.approx(29559, rel=0.005)
    assert _km2(gdf.loc["AZE", "geometry"]) == pytest.approx(86157, rel=0.005)


@requires_mirror("naturalearth-admin0")
def test_countries_50m_and_110m_real_files():
    assert len(datasets.countries_polygons("50m")) > 200
    small = datasets.countries_polygons("110m")
    assert len(small) == 177  # SOURCE.toml: 177 features
    assert {"ARM", "AZE", "GEO", "IRN"} <= set(small["iso3"])


@requires_mirror("naturalearth-admin0")
def test_disputed_areas_real_file():
    gdf = datasets.disputed_areas()
    assert len(gdf) == 80  # SOURCE.toml: 80 polygons
    nk = datasets.disputed_areas("Nagorno-Karabakh").iloc[0]
    assert nk["type"] == "Breakaway" and nk["note"] == "Self admin.; Claimed by Azer."
    # SOURCE.toml: spherical area about 11,915 km2.
    assert _km2(nk["geometry"]) == pytest.approx(11915, rel=0.005)
    with pytest.raises(ValueError, match="no disputed area named"):
        datasets.disputed_areas("Atlantis")


def _geojson(path, props, geometry):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry}]}), encoding="utf-8")
    return path


SQUARE = {"type": "Polygon", "coordinates": [[[45, 39], [46, 39], [46, 40], [45, 40],
                                              [45, 39]]]}


def test_disputed_without_brk_name_is_a_layout_error(tmp_path):
    path = _geojson(tmp_path / "d.json", {"NAME": "x", "TYPE": "Breakaway", "NOTE_BRK": "",
                                          "SOVEREIGNT": "s", "ADM0_A3": "AZE"}, SQUARE)
    layout_error(naturalearth.clean_disputed, path, "features", "BRK_NAME")


def test_countries_with_lines_is_a_layout_error(tmp_path):
    line = {"type": "LineString", "coordinates": [[45, 39], [46, 40]]}
    path = _geojson(tmp_path / "c.json", {"ISO_A3": "ARM", "ADM0_A3": "ARM", "NAME": "A"}, line)
    layout_error(naturalearth.clean_countries_geojson, path, "feature 0", "Polygon",
                 "LineString")


def test_unreadable_file_is_a_layout_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    layout_error(naturalearth.clean_countries_topojson, path, "layer 'countries'")
