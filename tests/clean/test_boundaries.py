"""Boundary cleaners (geoBoundaries, WHO) on the real files and on broken copies."""

from __future__ import annotations

import json

import pytest
from conftest import layout_error, one_row, requires_mirror
from pyproj import Geod

from analysis import datasets, sources
from analysis.clean import boundaries

GEOD = Geod(ellps="WGS84")


def _km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


@requires_mirror("boundaries-aze-adm2")
def test_azerbaijan_adm2_real_file():
    df = boundaries.clean_geoboundaries(sources.require("boundaries-aze-adm2"), "ADM2")
    assert len(df) == 79 and (df["name"] == "Lankaran District").sum() == 2
    gdf = datasets.azerbaijan_districts().set_index("name")
    # SOURCE.toml areas (km2): Kalbajar 2,858; Lachin 1,786; Zangilan 769.
    assert _km2(gdf.loc["Kalbajar District", "geometry"]) == pytest.approx(2858, rel=0.005)
    assert _km2(gdf.loc["Lachin District", "geometry"]) == pytest.approx(1786, rel=0.005)
    assert _km2(gdf.loc["Zangilan District", "geometry"]) == pytest.approx(769, rel=0.005)
    assert {"Khankendi City", "Shusha City", "Ordubad District"} <= set(gdf.index)


@requires_mirror("boundaries-arm")
def test_armenia_provinces_and_raions_real_files():
    prov = datasets.armenia_provinces()
    assert len(prov) == 11
    syunik = one_row(prov, name="Syunik")
    assert _km2(syunik["geometry"]) == pytest.approx(4460, rel=0.005)  # SOURCE.toml
    raions = datasets.armenia_raions()
    assert len(raions) == 40
    megri = one_row(raions, name="MEGRI")
    assert megri["parent"] == "SYUNIK" and _km2(megri["geometry"]) == pytest.approx(642, rel=0.01)
    assert "GERGHARKUNIK" in set(raions["parent"])  # WHO's spelling, kept


def test_geoboundaries_without_shape_name_is_a_layout_error(tmp_path):
    path = tmp_path / "gb.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"shapeID": "X1", "shapeISO": "AM-SU"},
        "geometry": {"type": "Polygon", "coordinates": [[[45, 39], [46, 39], [46, 40],
                                                         [45, 39]]]}}]}), encoding="utf-8")
    layout_error(lambda p: boundaries.clean_geoboundaries(p, "ADM1"), path,
                 "feature properties", "shapeName")
