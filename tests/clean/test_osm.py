"""OpenStreetMap railway cleaners on the real extracts and on broken copies."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets, sources
from analysis.clean import osm

BOX = (38.39, 44.77, 41.91, 50.63)  # the Azerbaijan extract (manifest.json)


@requires_mirror("osm-railways-south-caucasus")
def test_rail_ways_real_file():
    df = osm.clean_rail_ways(sources.require(datasets.RAIL_SOURCES["osm-azerbaijan-bbox"]),
                             BOX)
    assert len(df) == 4892  # SOURCE.toml: 4,892 ways
    counts = df["railway"].value_counts()
    assert counts["rail"] == 4738 and counts["construction"] == 149
    first = one_row(df, osm_id=17505517)
    # The file stores [38.4803, 45.76329] (lat first); the cleaner writes lon first.
    assert shapely.from_wkb(first["geometry"]).coords[0] == pytest.approx((45.76329, 38.4803))


@requires_mirror("osm-railways-south-caucasus")
def test_stations_and_manifest_real_files():
    st = datasets.stations("azerbaijan")
    assert len(st) == 203
    horadiz = one_row(st, osm_id=3078736354)
    assert horadiz["name"] == "Horadiz" and (horadiz["lat"], horadiz["lon"]) == \
        pytest.approx((39.44613, 47.34165))
    boxes = datasets.extract_boxes().set_index("extract")
    assert tuple(boxes.loc["azerbaijan", ["south", "west", "north", "east"]]) == BOX
    assert len(datasets.stations("russia")) == 9952


@requires_mirror("curated-corridor-network-additions")
def test_train371_and_hot_export_real_files():
    members = datasets.train371_route()
    assert (members["member_type"] == "way").sum() == 239  # SOURCE.toml: 239 ways, 7 stops
    stops = members[members["member_type"] == "node"]
    assert len(stops) == 7
    first = stops.iloc[0]
    assert first["osm_id"] == 10082800081
    assert (first.geometry.x, first.geometry.y) == pytest.approx((44.7997216, 41.7210987))
    hot = datasets.railways("hot-georgia")
    assert (hot["railway"] == "rail").sum() == 3340  # SOURCE.toml: 3,340 rail ways


def test_swapped_coordinates_are_a_layout_error(tmp_path):
    path = tmp_path / "ways.json"
    ways = [{"id": i, "type": "rail", "geometry": [[47.0 + i / 10, 40.0], [47.1, 40.1]]}
            for i in range(5)]  # lon first: wrong for this extract
    path.write_text(json.dumps(ways), encoding="utf-8")
    layout_error(lambda p: osm.clean_rail_ways(p, BOX), path, "first ways", "[lon, lat]")


def test_short_way_and_bad_station(tmp_path):
    path = tmp_path / "ways.json"
    path.write_text(json.dumps([{"id": 1, "type": "rail", "geometry": [[40.0, 47.0]]}]))
    layout_error(osm.clean_rail_ways, path, "item 0 (id 1)", "at least two")
    path = tmp_path / "stations.json"
    path.write_text(json.dumps([{"id": 1, "lat": 40, "name": "X", "type": "station"}]))
    layout_error(osm.clean_stations, path, "item 0", "lon")


def test_bad_manifest_and_relation(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"countries": {"azerbaijan": {"bbox": [38, 44, 41]}}}))
    layout_error(osm.clean_manifest, path, "countries.azerbaijan.bbox", "[south, west")
    path = tmp_path / "rel.json"
    path.write_text(json.dumps({"type": "relation", "id": 1, "members": [
        {"type": "relation", "ref": 2, "role": ""}]}))
    layout_error(osm.clean_route_relation, path, "members[0]", "way or node")


def test_gpkg_without_railways_layer(tmp_path):
    path = tmp_path / "rail.gpkg"
    gpd.GeoDataFrame({"osm_id": [1], "name": ["x"], "railway": ["rail"]},
                     geometry=[shapely.LineString([(44, 41), (45, 42)])],
                     crs="EPSG:4326").to_file(path, layer="Roads")
    layout_error(osm.clean_hot_railways, path, "layers", "'Railways'", "Roads")
