"""The curated territory facts read through their schema, and broken copies."""

from __future__ import annotations

import pandas as pd
from conftest import layout_error, one_row

from analysis import sources
from analysis.clean import territory


def test_territory_and_census_committed():
    facts = territory.clean_facts(sources.require("curated-karabakh-territory"))
    assert one_row(facts, fact_id="NKAO_AREA_VK")["value"] == 4400
    assert one_row(facts, fact_id="LOSS_WAR_PCT")["value"] == 32.5
    assert one_row(facts, fact_id="SURROUNDING_TOTAL")["value"] == 7634
    assert pd.isna(one_row(facts, fact_id="KALBAJAR_AREA_VK")["value"])  # garbled on the page


HEADER = ("fact_id,unit_name,unit_type,value,unit,reference_date,fact,source_title,source_url,"
          "locator,confidence,notes")


def test_share_over_100_and_unknown_unit(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "\nX,NK,aggregate,132.5,percent,2020,f,T,https://x.org,l,high,\n")
    layout_error(territory.clean_facts, path, "schema", "at most 100")
    path.write_text(HEADER + "\nX,NK,aggregate,4400,sq mi,2020,f,T,https://x.org,l,high,\n")
    layout_error(territory.clean_facts, path, "schema", "unit")
