"""The curated gas-export statements read through their schema, and broken copies."""

from __future__ import annotations

import pytest
from conftest import layout_error, one_row

from analysis import datasets, sources
from analysis.clean import gasexports


def test_statements_committed():
    eu = gasexports.clean_statements(sources.require("curated-gas-exports-europe"),
                                     "curated-gas-exports-europe")
    target = one_row(eu, measure="target")
    assert target["value"] == 20 and target["first_year"] == 2027
    full = eu[eu["full_year"] & (eu["measure"] == "exports") & (eu["destination"] == "Europe")]
    assert sorted(full["first_year"].unique()) == [2021, 2022, 2023]
    flows = datasets.gas_statements("flows")
    tur = one_row(flows, year="2023", period="Jan-Dec", measure="exports", value_type="actual",
                  destination="Türkiye")
    assert tur["value"] == pytest.approx(9.5) and tur["destination_iso3"] == "TUR"
    cum = flows[flows["year"] == "2018-2023"]
    assert (cum["measure"] == "cumulative").all() and (cum["last_year"] == 2023).all()
    assert not flows.loc[flows["flow"].str.startswith("Oil"), "measure"].ne("other").any()


@pytest.mark.parametrize(("flow", "unit", "kind", "measure", "destination"), [
    ("Gas exports to Türkiye (pipelines)", "bcm", "actual", "exports", "Türkiye"),
    ("Azerbaijan gas deliveries to the EU", "bcm", "actual", "eu_deliveries", "EU"),
    ("Gas transported by TAP to Europe", "bcm", "actual", "tap_flow", "Europe"),
    ("Gas supplied to Türkiye via TANAP", "bcm", "actual", "tanap_flow", "Türkiye"),
    ("Total gas exports", "bcm", "actual", "exports", "Total"),
    ("Change in total gas exports vs 2022", "percent", "actual", "change_pct", "Total"),
    ("Gas exports to other European consumers (EU/Balkans via TAP)", "bcm", "actual",
     "exports", "Europe"),
    ("Gas production", "bcm", "actual", "production", None),
])
def test_wording_to_measure_and_destination(flow, unit, kind, measure, destination):
    assert gasexports.measure_of(flow, unit, kind) == measure
    assert gasexports.destination_of(flow) == destination


HEADER = ("year,period,flow,value,unit,value_type,reporter,source_title,source_url,locator,"
          "confidence,notes")


def test_text_value_names_line_and_column(tmp_path):
    path = tmp_path / "gas.csv"
    path.write_text(HEADER + "\n2023,Jan-Dec,Gas exports to Europe,11.8,bcm,actual,M,T,"
                    "https://x.org,l,high,\n2024,Jan-Dec,Gas exports to Europe,n.a.,bcm,"
                    "actual,M,T,https://x.org,l,high,\n")
    layout_error(lambda p: gasexports.clean_statements(p, "curated-gas-flows"), path,
                 "line 3", "'value'", "a number")


def test_bad_year_is_rejected(tmp_path):
    path = tmp_path / "gas.csv"
    path.write_text(HEADER + "\n23,Jan-Dec,Gas exports to Europe,11.8,bcm,actual,M,T,"
                    "https://x.org,l,high,\n")
    layout_error(lambda p: gasexports.clean_statements(p, "curated-gas-flows"), path,
                 "schema", "year")
