"""GEM route files and tracker exports on the real files and on broken copies."""

from __future__ import annotations

import json

import pytest
import shapely
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets, sources
from analysis.clean import gem


@requires_mirror("gem-pipeline-routes")
def test_btc_route_real_file():
    df = gem.clean_route(sources.require("gem-pipeline-routes-p0644"))
    row = df.iloc[0]
    assert row["project_id"] == "P0644"
    assert row["stated_name"] == "Baku-Tbilisi-Ceyhan Pipeline"  # property PipelineName
    line = shapely.from_wkb(row["geometry"])
    # nodes.csv: Sangachal is the first vertex of P0644 (40.19755 N, 49.48065 E), Ceyhan
    # the last (36.87574 N, 35.90124 E).
    assert line.coords[0] == pytest.approx((49.48065, 40.19755), abs=1e-4)
    assert line.coords[-1] == pytest.approx((35.90124, 36.87574), abs=1e-4)


@requires_mirror("gem-pipeline-routes")
def test_pipelines_identified_by_name_real_files():
    routes = datasets.pipeline_routes()
    assert len(routes) == 12
    scp = one_row(routes, project_id="P0759")
    # Europe Gas Tracker row "South Caucasus Gas Pipeline": operating, 7.41 bcm/y.
    assert scp["tracker_project"] == "South Caucasus Gas Pipeline"
    assert scp["status"] == "operating" and scp["capacity"] == pytest.approx(7.41)
    btc = one_row(routes, project_id="P0644")
    assert btc["capacity"] == 1200000 and btc["start_year"] == 2006  # GOIT row
    assert one_row(routes, project_id="P2719")["status"] == "proposed"
    # Files identified from geometry alone get no tracker attributes.
    assert routes.loc[routes["identification"].str.startswith("inferred"), "status"].isna().all()


@requires_mirror("gem-pipeline-routes")
def test_trackers_real_files():
    egt = datasets.tracker_pipelines("europe-gas-tracker-map-data-2024-05.csv")
    assert len(egt) == 855  # 810 gas + 45 hydrogen pipelines (SOURCE.toml)
    # The export's start_year shows "2" for SCP and TANAP (broken): read as missing, while
    # rows with a real year keep it.
    assert one_row(egt, project="South Caucasus Gas Pipeline")["start_year"] != \
        one_row(egt, project="South Caucasus Gas Pipeline")["start_year"]
    assert egt["start_year"].dropna().between(1850, 2100).all()
    assert one_row(egt, project="Zeepipe Gas Pipeline")["start_year"] == 1993
    goit = datasets.tracker_pipelines("goit-map-data-2024-06.csv")
    assert len(goit) == 1018
    supsa = one_row(goit, project="Baku Supsa Oil Pipeline")
    assert supsa["status"] == "idle" and supsa["capacity"] == 115000


def test_route_file_name_and_geometry(tmp_path):
    path = tmp_path / "route.geojson"
    path.write_text("{}", encoding="utf-8")
    layout_error(gem.clean_route, path, "file name", "P<4 digits>")
    path = tmp_path / "P9999.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {},
                                "geometry": {"type": "Point", "coordinates": [45, 40]}}))
    layout_error(gem.clean_route, path, "feature 0", "LineString", "Point")


def test_tracker_bad_route_names_line_and_column(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("project,type,countries,status,start_year,capacity,units,url,route\n"
                    "A,gas_pipeline,X,operating,2006,7,bcm/y,,\"40.1,49.4:41.7,44.7\"\n"
                    "B,gas_pipeline,X,operating,2006,7,bcm/y,,\"40.1;49.4\"\n",
                    encoding="utf-8-sig")
    layout_error(gem.clean_tracker, path, "line 3, column 'route'", "'lat,lng'")


def test_tracker_without_route_column(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("project,type,countries,status,start_year,capacity\nA,gas_pipeline,X,"
                    "operating,2006,7\n", encoding="utf-16")
    layout_error(gem.clean_tracker, path, "header row", "route")
