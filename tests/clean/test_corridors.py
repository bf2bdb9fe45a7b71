"""The curated corridor tables read through their schemas, and broken copies."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import layout_error, one_row

from analysis import datasets, sources
from analysis.clean import corridors


def test_network_tables_committed():
    nodes = corridors.clean_nodes(sources.require("curated-corridor-nodes"))
    assert len(nodes) == 39 and nodes["node_id"].is_unique
    baku = one_row(nodes, node_id="BAKU")
    assert (baku["lat"], baku["lon"]) == pytest.approx((40.39527, 49.86222))
    assert baku["confidence"] == "high" and baku["source_url"].startswith("https://github.com")
    assert nodes["lat"].isna().sum() == 16  # SOURCE.toml: 16 nodes without coordinates
    adds = datasets.corridor_nodes(additions=True)
    assert one_row(adds, node_id="AGHBAND")["confidence"] == "low"  # "low-medium" in notes
    assert pd.isna(one_row(adds, node_id="NORDUZ")["lat"])
    links = datasets.corridor_links()
    assert one_row(links, link_id="BTK")["length_km"] == 826
    assert pd.isna(one_row(links, link_id="KARS_GYUMRI")["length_km"])
    more = datasets.corridor_links(additions=True)
    assert len(more) == 22 and one_row(more, link_id="ROAD_M2_YEREVAN_AGARAK")["length_km"] \
        == pytest.approx(384.3)
    assert (more["locator"].str.split().str.len() <= 13).all()  # no long quotations


def test_facts_index_and_border_events_committed():
    facts = datasets.corridor_facts()
    assert one_row(facts, fact_id="EU_MOU_2027")["value"] == 20
    assert one_row(facts, fact_id="KARS_GYUMRI_CLOSED")["date"] == "1993"
    index = datasets.gem_route_index()
    assert one_row(index, project_id="P0763")["confidence"] == "medium"  # "probable"
    events = datasets.border_events()
    assert one_row(events, event_id="turkey_border_closed_1993_04")["date"] == "1993-04"
    assert one_row(events, event_id="arm_aze_border_closed_1991")["date_precision"] == "year"
    assert datasets.crossroads_of_peace()["date"].iloc[0] == pd.Timestamp("2023-10-26")
    coords = datasets.corridor_coordinates()
    assert one_row(coords, node_id="AGARAK")["status"] == "rejected"


NODE_HEADER = ("node_id,name,country_iso3,node_type,lat,lon,coord_source,source_title,"
               "source_url,locator,confidence,admin_unit,notes")


def test_located_node_without_source_is_rejected(tmp_path):
    path = tmp_path / "nodes.csv"
    path.write_text(NODE_HEADER + "\nBAKU,Baku,AZE,city,40.4,49.9,Natural Earth,,,,,,\n")
    layout_error(corridors.clean_nodes, path, "schema", "source_url")


def test_text_in_a_number_column_names_line_and_column(tmp_path):
    path = tmp_path / "nodes.csv"
    path.write_text(NODE_HEADER + "\nBAKU,Baku,AZE,city,40.4,49.9,Natural Earth,T,"
                    "https://x.org,l,high,,\nKARS,Kars,TUR,city,40°36′N,43.1,Natural Earth,"
                    "T,https://x.org,l,high,,\n")
    layout_error(corridors.clean_nodes, path, "line 3", "'lat'", "a number")


def test_link_with_unknown_mode_and_bad_fact_date(tmp_path):
    head = ("link_id,corridor,from_node,to_node,via_nodes,mode,status,status_as_of,length_km,"
            "capacity,capacity_unit,geometry_file,source_title,source_url,locator,confidence,"
            "notes")
    path = tmp_path / "links.csv"
    path.write_text(head + "\nX,c,A,B,,ferry,operating,2024,10,,,,T,https://x.org,l,high,\n")
    layout_error(corridors.clean_links, path, "schema", "mode")
    path = tmp_path / "facts.csv"
    path.write_text("fact_id,topic,date,value,unit,fact,source_title,source_url,locator,"
                    "confidence,notes\nF,t,30/10/2017,1,km,f,T,https://x.org,l,high,\n")
    layout_error(corridors.clean_facts, path, "schema", "date")
