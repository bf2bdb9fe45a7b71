"""The corridor network's graph computations on a small built network with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.themes.corridors import network as nw
from analysis.themes.corridors.lines import LineNetwork, geodesic_km

# Six nodes on the equator, one degree (about 111.3 km) apart, in three countries:
#   A(AAA) - B(AAA) - C(BBB) - D(BBB) - E(CCC) ;  F(CCC) has no coordinates.
DEG = float(geodesic_km(0, 0, 1, 0))
NODES = pd.DataFrame({
    "node_id": ["A", "B", "C", "D", "E", "F"],
    "name": ["A", "B", "C", "D", "E", "F (NE: Eff)"],
    "country_iso3": ["AAA", "AAA", "BBB", "BBB", "CCC", "CCC"],
    "node_type": "city",
    "lat": [0.0, 0.0, 0.0, 0.0, 0.0, np.nan],
    "lon": [0.0, 1.0, 2.0, 3.0, 4.0, np.nan],
    "coord_source": "test", "source_title": "t", "source_url": "https://x.org",
    "locator": "l", "confidence": "high", "notes": None,
})


def _node_table(**over):
    df = NODES.copy()
    df["coord_origin"] = np.where(df["lat"].notna(), "nodes", "none")
    df["label"] = df["name"]
    for k, v in over.items():
        df[k] = v
    return df


def _links(rows):
    cols = ["link_id", "corridor", "from_node", "to_node", "via_nodes", "mode", "status",
            "status_as_of", "length_km", "capacity", "capacity_unit", "geometry_file",
            "source_title", "source_url", "locator", "confidence", "notes"]
    df = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows])
    df["length_km"] = df["length_km"].astype(float)
    return nw.merge_links(df, df.iloc[0:0])


LINKS = [
    # A-B published 100; B-C measured on a line geometry; C-D closed, no length (circuity);
    # D-E planned, published 60.
    {"link_id": "AB", "from_node": "A", "to_node": "B", "mode": "rail", "status": "operating",
     "length_km": 100},
    {"link_id": "BC", "from_node": "B", "to_node": "C", "mode": "rail", "status": "operating",
     "geometry_file": "osm"},
    {"link_id": "CD", "from_node": "C", "to_node": "D", "mode": "rail",
     "status": "closed since 1993"},
    {"link_id": "DE", "from_node": "D", "to_node": "E", "mode": "rail",
     "status": "planned / under construction", "length_km": 60},
    # A road from A to E through C with a published length of 600 km: A-C and C-E are its
    # own segments, so the 600 km are shared by their great-circle estimates (2:2).
    {"link_id": "ROAD", "from_node": "A", "to_node": "E", "via_nodes": "C", "mode": "road",
     "status": "operating; weather closures", "length_km": 600},
    {"link_id": "EF", "from_node": "E", "to_node": "F", "mode": "road", "status": "operating"},
]


def _table(circuity=None, lines=None):
    nodes = _node_table()
    links = _links(LINKS)
    # B-C along a line with a detour through latitude 1 (longer than the great circle).
    bent = shapely.LineString([(1, 0), (1.5, 1.0), (2, 0)])
    lines = lines if lines is not None else {"osm-azerbaijan-bbox": LineNetwork([bent])}
    return nodes, links, nw.segments(nodes, links, lines, circuity or {"rail": 1.2,
                                                                       "road": 1.5})


def test_status_classes_from_the_first_clause():
    assert nw.status_class("closed since 1993") == "closed"
    assert nw.status_class("planned / under construction (AZ side)") == "planned"
    assert nw.status_class("operating for freight; land borders closed to passengers") \
        == "operating"
    assert nw.status_class("rail route to Iranian Astara used for Russia-Iran cargo") \
        == "operating"
    assert nw.status_class("idle") == "idle" and nw.status_class(None) == "unknown"


def test_lengths_by_method():
    _, _, t = _table()
    seg = t.segments.set_index("segment_id")
    assert seg.loc["AB:A-B", ["length_km", "method"]].tolist() == [100, "published"]
    bc = seg.loc["BC:B-C"]
    expected = float(geodesic_km(1, 0, 1.5, 1.0) + geodesic_km(1.5, 1.0, 2, 0))
    assert bc["method"] == "measured" and bc["length_km"] == pytest.approx(expected, rel=1e-6)
    cd = seg.loc["CD:C-D"]
    assert cd["method"] == "great-circle x circuity"
    assert cd["length_km"] == pytest.approx(DEG * 1.2, rel=1e-6)
    # The road's 600 km shared between its two own segments in proportion 2:2.
    for sid in ("ROAD:A-C", "ROAD:C-E"):
        assert seg.loc[sid, "method"] == "published share"
        assert seg.loc[sid, "length_km"] == pytest.approx(300, rel=1e-9)
    # E-F: F has no coordinates, so no length; the segment stays out of every graph.
    assert seg.loc["EF:E-F", "method"] == "none" and np.isnan(seg.loc["EF:E-F", "length_km"])


def test_through_length_remainder_and_its_bounds():
    nodes = _node_table()
    rows = [{"link_id": "AB", "from_node": "A", "to_node": "B", "mode": "rail",
             "status": "operating", "length_km": 150},
            {"link_id": "AC", "from_node": "A", "to_node": "C", "via_nodes": "B",
             "mode": "rail", "status": "operating", "length_km": 290}]
    t = nw.segments(nodes, _links(rows), {}, {"rail": 1.2})
    seg = t.segments.set_index("segment_id")
    # B-C belongs to the through link AC: 290 - 150 = 140 km (estimate 1.2 x 111.3 = 133.6).
    assert seg.loc["AC:B-C", "length_km"] == pytest.approx(140)
    assert seg.loc["AC:B-C", "method"] == "published share"
    # A through length that leaves an implausible remainder (20 km) is not used.
    rows[1]["length_km"] = 170
    t = nw.segments(nodes, _links(rows), {}, {"rail": 1.2})
    bc = t.segments.set_index("segment_id").loc["AC:B-C"]
    assert bc["method"] == "great-circle x circuity"


def test_link_without_both_ends_is_not_placed():
    nodes = _node_table()
    rows = [{"link_id": "NAKH", "via_nodes": "B; C", "mode": "rail", "status": "design stage",
             "length_km": 188}]
    t = nw.segments(nodes, _links(rows), {}, {"rail": 1.2})
    assert t.segments.empty and t.unplaced["link_id"].tolist() == ["NAKH"]


def test_shortest_paths_by_scenario():
    nodes, _, t = _table()
    seg = t.segments
    bc = seg.set_index("segment_id").at["BC:B-C", "length_km"]
    assert 100 + bc + 300 > 600  # so that the road wins below
    # closed: only operating links; A to E by road (600) beats rail A-B-C + road C-E.
    g = nw.graph(seg, nodes, "closed")
    r = nw.route(g, ["A", "E"])
    assert r.path == ["A", "C", "E"] and r.length_km == pytest.approx(600)
    # built: rail A-B-C-D-E (100 + bent + 1.2 x 111.3 + 60 = 542) is shorter than the road;
    # road A-C then rail C-D-E (494) is shorter still unless a change of mode costs more
    # than 48 km.
    g = nw.graph(seg, nodes, "built")
    assert nw.route(g, ["A", "E"], transfer_km=0).path == ["A", "C", "D", "E"]
    r = nw.route(g, ["A", "E"], transfer_km=100)
    assert r.path == ["A", "B", "C", "D", "E"]
    assert r.length_km == pytest.approx(100 + bc + DEG * 1.2 + 60)
    row = nw.describe(r, nodes)
    assert row["borders"] == 2 and row["countries"] == "AAA > BBB > CCC"
    assert row["closed_links"] == "CD" and row["planned_links"] == "DE"
    assert row["transit"] == "BBB" and row["mode_changes"] == 0
    assert row["km_published"] == pytest.approx(160) and row["km_rail"] == r.length_km
    # open: C-D reopened but D-E not built: the rail cannot reach E, the road can.
    g = nw.graph(seg, nodes, "open")
    assert nw.route(g, ["A", "E"]).path == ["A", "C", "E"]


def test_waypoints_countries_avoid_and_no_path():
    nodes, _, t = _table()
    g = nw.graph(t.segments, nodes, "built")
    # Through D, then to the nearest node of country CCC.
    r = nw.route(g, ["A", "D", "country:CCC"])
    assert r.path[-1] == "E" and "D" in r.path
    # Avoiding BBB leaves only the road, which passes C: C is a waypoint of nobody, so the
    # route has no path.
    r = nw.route(g, ["A", "E"], avoid=["BBB"])
    assert not r.found and r.missing == "no path from A to E"
    # A closed link named in closed_links is left out in every scenario.
    g = nw.graph(t.segments, nodes, "built", closed_links=["ROAD", "DE"])
    assert not nw.route(g, ["A", "E"]).found
    with pytest.raises(ValueError, match="unknown link ids"):
        nw.graph(t.segments, nodes, "built", closed_links=["NOPE"])
    with pytest.raises(ValueError, match="not a node"):
        nw.route(g, ["A", "Z"])


def test_transfer_cost_keeps_a_route_on_one_mode():
    nodes, _, t = _table()
    # With the rail B-C shortened to 150 km, rail A-B-C (250) + road C-E (300) = 550 beats the
    # road (600) when a change of mode costs nothing, and loses when it costs 100 km.
    seg = t.segments.copy()
    seg.loc[seg["segment_id"] == "BC:B-C", "length_km"] = 150.0
    g = nw.graph(seg, nodes, "open")
    mixed = nw.route(g, ["A", "E"], transfer_km=0)
    assert [e["mode"] for e in mixed.edges] == ["rail", "rail", "road"]
    assert mixed.length_km == pytest.approx(550)
    assert nw.describe(mixed, nodes)["mode_changes"] == 1
    road = nw.route(g, ["A", "E"], transfer_km=100)
    assert [e["mode"] for e in road.edges] == ["road", "road"]
    assert road.length_km == pytest.approx(600)  # the transfer cost is not a length


def test_no_doubling_back_between_legs():
    nodes, _, t = _table()
    g = nw.graph(t.segments, nodes, "built")
    # A to D, then back towards B: the second leg may not reuse C, so no path.
    r = nw.route(g, ["A", "D", "B"], avoid=[])
    assert not r.found and "no path from D to B" == r.missing


def test_merge_nodes_overlays_and_stand_ins():
    nodes = NODES.copy()
    coords = pd.DataFrame({"node_id": ["F", "F"], "name": "F", "status": ["rejected",
                                                                           "accepted"],
                           "lat": [9.0, 1.0], "lon": [9.0, 5.0], "source_title": "c",
                           "source_url": "https://c.org", "locator": "x",
                           "confidence": ["low", "medium"]})
    adds = pd.DataFrame({"node_id": ["E", "G"], "name": ["E", "G"],
                         "country_iso3": ["CCC", "CCC"], "node_type": "x",
                         "lat": [0.5, np.nan], "lon": [4.5, np.nan], "coord_source": "s",
                         "source_title": "a", "source_url": "https://a.org", "locator": "y",
                         "confidence": ["medium", None], "notes": None})
    out = nw.merge_nodes(nodes, coords, adds, stand_ins={"G": "E"}).set_index("node_id")
    assert tuple(out.loc["F", ["lat", "lon"]]) == (1.0, 5.0)  # accepted, not rejected
    assert out.loc["F", "coord_origin"] == "coordinates (accepted)"
    assert tuple(out.loc["E", ["lat", "lon"]]) == (0.5, 4.5)  # the supplement replaces
    assert out.loc["G", "coord_origin"] == "stand-in: E"
    assert tuple(out.loc["G", ["lat", "lon"]]) == (0.5, 4.5)
    assert out.loc["F", "source_spelling"] == "Eff" and out.loc["F", "label"] == "F"


def test_circuity_factors_from_published_links():
    nodes = _node_table()
    links = _links(LINKS)
    est = nw.circuity_factors(nodes, links).set_index("mode")
    assert est.loc["rail", "n"] == 2  # AB and DE
    assert est.loc["rail", "median"] == pytest.approx((100 / DEG + 60 / DEG) / 2)
    assert est.loc["road", "median"] == pytest.approx(600 / (4 * DEG))


def test_line_network_measures_along_lines_and_snaps():
    net = LineNetwork([shapely.LineString([(0, 0), (1, 0)]),
                       shapely.LineString([(1, 0), (1, 1)])])
    m = net.measure((0, 0.01), (1.005, 1), snap_km=3)
    assert m.km == pytest.approx(DEG + float(geodesic_km(1, 0, 1, 1)), rel=1e-6)
    assert m.snap_from_km == pytest.approx(float(geodesic_km(0, 0.01, 0, 0)), rel=1e-6)
    assert net.measure((0, 0.5), (1, 1), snap_km=3) is None  # nothing within 3 km
    apart = LineNetwork([shapely.LineString([(0, 0), (1, 0)]),
                         shapely.LineString([(2, 0), (3, 0)])])
    assert apart.measure((0, 0), (3, 0)) is None  # lines that do not meet


def test_display_names():
    names = {"Azerbaijan", "Iran"}
    assert nw.display_name("Ganja (NE: Ganca)") == ("Ganja", "Ganca")
    assert nw.display_name("Lachin (Berdzor)") == ("Lachin / Berdzor", "")
    assert nw.display_name("Astara (Iran), Gilan", country_names=names) == ("Astara (Iran)", "")
    assert nw.display_name("Ayrum (Այրում): Armenian border railway station") == \
        ("Ayrum", "Այրում")
    assert nw.display_name("Stepanakert", "Azerbaijani name Khankendi (Xankendi)") == \
        ("Stepanakert / Khankendi", "")
