"""The corridors theme beyond the graph: gas exports reconciled, border closures dated, areas
from polygons, the map's helpers; on small built tables with known answers, and on the real
tables where the answer is in the curated files."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from analysis import datasets, sources
from analysis.themes.corridors import borders, gas, maps, territory


def _statements(rows):
    cols = ["year", "period", "flow", "value", "unit", "value_type", "reporter", "confidence",
            "measure", "destination", "first_year", "last_year", "full_year", "table",
            "source_title", "source_url", "locator"]
    df = pd.DataFrame([{**{"unit": "bcm", "period": "Jan-Dec", "full_year": True,
                           "confidence": "high", "source_title": "t", "source_url": "u",
                           "locator": "l", "flow": "f", "table": "a"}, **r} for r in rows])
    df["first_year"] = df["year"]
    df["last_year"] = df["year"]
    return df[cols]


def test_reconcile_rules_in_order():
    df = _statements([
        # 2022 Europe: an outturn beats a (higher) forecast.
        {"year": 2022, "destination": "Europe", "measure": "exports", "value": 11.4,
         "value_type": "actual", "reporter": "Minister of Energy"},
        {"year": 2022, "destination": "Europe", "measure": "exports", "value": 11.5,
         "value_type": "forecast (late 2022)", "reporter": "Ministry of Energy", "table": "b"},
        # 2022 total: the Ministry of Energy beats the President at equal confidence.
        {"year": 2022, "destination": "Total", "measure": "exports", "value": 22.3,
         "value_type": "actual", "reporter": "Minister of Energy (via Interfax)"},
        {"year": 2022, "destination": "Total", "measure": "exports", "value": 22.6,
         "value_type": "actual", "reporter": "President of Azerbaijan", "table": "b"},
        # 2021 Europe: exports beat TAP's transport figure.
        {"year": 2021, "destination": "Europe", "measure": "tap_flow", "value": 8.1,
         "value_type": "actual", "reporter": "TAP"},
        {"year": 2021, "destination": "Europe", "measure": "exports", "value": 8.2,
         "value_type": "actual", "reporter": "Ministry of Energy"},
        # 2020 Georgia: only a plan: no outturn, no row.
        {"year": 2020, "destination": "Georgia", "measure": "exports", "value": 1.0,
         "value_type": "plan", "reporter": "Ministry of Energy"},
        # 2023 Türkiye: equally ranked statements that disagree: the median, said so.
        {"year": 2023, "destination": "Türkiye", "measure": "exports", "value": 9.0,
         "value_type": "actual", "reporter": "Ministry of Energy"},
        {"year": 2023, "destination": "Türkiye", "measure": "exports", "value": 10.0,
         "value_type": "actual", "reporter": "Ministry of Energy", "table": "b"},
    ])
    out = gas.reconcile_exports(df).set_index(["year", "destination"])
    assert out.at[(2022, "Europe"), "value"] == 11.4
    assert out.at[(2022, "Europe"), "rule"] == "outturn over forecast or plan"
    assert out.at[(2022, "Total"), "value"] == 22.3
    assert out.at[(2022, "Total"), "rule"] == "Ministry of Energy over other officials"
    assert "22.6" in out.at[(2022, "Total"), "alternatives"]
    assert out.at[(2021, "Europe"), "value"] == 8.2
    assert out.at[(2021, "Europe"), "rule"] == "exports over another measure"
    assert (2020, "Georgia") not in out.index
    assert out.at[(2023, "Türkiye"), "value"] == 9.5
    assert out.at[(2023, "Türkiye"), "rule"].startswith("tie")


def test_reconciled_exports_on_the_curated_tables():
    out = gas.reconcile_exports(datasets.gas_statements()).set_index(["year", "destination"])
    # Both tables say 11.8 bcm to Europe in 2023; they disagree on the 2022 total (22.3 by
    # the Minister of Energy, 22.6 by the President): the Minister's figure is kept.
    assert out.at[(2023, "Europe"), "value"] == 11.8
    assert out.at[(2023, "Europe"), "agreeing"] == 2
    assert out.at[(2022, "Total"), "value"] == 22.3
    assert (2024, "Europe") not in out.index  # no full-year 2024 figure for Europe
    partial = gas.partial_years(datasets.gas_statements()).set_index("year")
    assert partial.at[2024, "period"] == "Jan-Sep" and partial.at[2024, "value"] == 9.4


def test_border_closures_by_precision():
    events = pd.DataFrame({
        "event_id": ["a", "b"], "date": ["1991", "1993-04"],
        "date_precision": ["year", "month"], "source_title": "t", "confidence": "medium"})
    out = borders.closed_for(events, pd.Timestamp("2023-10-26"), {"AZE": "a", "TUR": "b"})
    out = out.set_index("border")
    # 1991-12-31 .. 1991-01-01 to 2023-10-26, and the middle of April 1993.
    assert out.at["AZE", "years_min"] == pytest.approx((pd.Timestamp("2023-10-26")
                                                        - pd.Timestamp("1991-12-31")).days
                                                       / 365.25)
    assert out.at["AZE", "years_max"] == pytest.approx((pd.Timestamp("2023-10-26")
                                                        - pd.Timestamp("1991-01-01")).days
                                                       / 365.25)
    assert out.at["AZE", "years_min"] < out.at["AZE", "years"] < out.at["AZE", "years_max"]
    assert out.at["TUR", "years"] == pytest.approx(30.53, abs=0.01)
    with pytest.raises(ValueError, match="no closure"):
        borders.closed_for(events, pd.Timestamp("2023-10-26"), {"AZE": "zz"})


def test_real_border_closures():
    out = borders.closed_for(datasets.border_events(),
                             datasets.crossroads_of_peace()["date"].iloc[0]).set_index("border")
    assert out.at["TUR", "closed"] == "1993-04" and out.at["AZE", "closed"] == "1991"
    assert 31 < out.at["AZE", "years"] < 33 and 30 < out.at["TUR", "years"] < 31


def _square(lon, lat, size=1.0):
    return shapely.box(lon, lat, lon + size, lat + size)


def test_areas_and_estimates_on_built_polygons():
    # Two districts side by side, each a 0.5 x 0.5 degree square; the held polygon covers the
    # whole of the first and the left half of the second.
    names = list(territory.NKAO_UNITS) + list(territory.SEVEN_DISTRICTS) + \
        [territory.MARDAKERT_SHARE]
    geoms = [_square(40 + i, 39, 0.5) for i in range(len(names))]
    districts = gpd.GeoDataFrame({"name": names}, geometry=geoms, crs="EPSG:4326")
    held = shapely.union_all([geoms[names.index("Fuzuli District")],
                              _square(40 + names.index("Agdam District"), 39, 0.25)
                              .union(_square(40 + names.index("Agdam District"), 39.25, 0.25))])
    facts = pd.DataFrame({"fact_id": [territory.HADRUT_FACT, territory.NKAO_FACT],
                          "value": [100.0, 4400.0]})
    est = territory.estimates(districts, held, facts)
    cell = territory.km2(geoms[0])
    assert cell == pytest.approx(territory.geodesic_km2(geoms[0]), rel=0.002)
    t = est.table.set_index("name")
    assert t.at["Fuzuli District", "held_share"] == pytest.approx(1.0)
    assert t.at["Agdam District", "held_share"] == pytest.approx(0.5, abs=0.005)
    assert est.war_km2 == pytest.approx(t.at["Fuzuli District", "held_km2"] + 100)
    assert est.ceded_km2 == pytest.approx(t.at["Agdam District", "held_km2"])
    assert est.held_outside_km2 == pytest.approx(0, abs=0.5)
    assert est.remaining_km2 == pytest.approx(est.held_km2 - est.war_km2 - est.ceded_km2)
    with pytest.raises(ValueError, match="district polygons missing"):
        territory.estimates(districts.iloc[1:], held, facts)


def test_map_helpers():
    srcs = [sources.get("gem-pipeline-routes-p0644"), sources.get("gem-pipeline-routes-p0643"),
            sources.get("curated-corridor-nodes"), sources.get("curated-corridor-links")]
    line = maps.grouped_source_line(srcs)
    assert line.count("pipeline routes") == 1 and line.count("compiled") == 1
    aze = shapely.MultiPolygon([_square(45, 39, 2), _square(44, 39, 0.5), _square(43, 40, 0.1)])
    assert maps.exclave(aze).equals(_square(44, 39, 0.5))
    (x0, x1), (y0, y1) = maps.view_limits()
    assert x0 < 0 < x1 and y0 < 0 < y1  # the projection's centre is inside the view
    lines = gpd.GeoSeries([shapely.LineString([(0, 0), (1000, 0)]),
                           shapely.LineString([(1000, 0), (3000, 0)]),
                           shapely.LineString([(5000, 0), (5100, 0)])])
    merged = maps.merged_lines(gpd.GeoDataFrame(geometry=lines), min_length_m=500)
    assert len(merged) == 1 and merged.iloc[0].length == pytest.approx(3000)
    assert maps.map_label("Yalama railway station") == "Yalama"
