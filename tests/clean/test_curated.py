"""Curated tables: each read through its schema, on the committed tables and on broken copies."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import layout_error, one_row

from analysis import datasets, sources
from analysis.clean import curated

HEADER = ("date,date_precision,event,actors,category,source_title,source_url,locator,"
          "confidence,notes")
ROW = ("2020-09-27,day,War begins,AZE; ARM,war,Title,https://example.org/a,\"line 1\",high,")


def test_war_dates_committed_table():
    df = curated.clean_curated(sources.require("curated-war-dates"), "curated-war-dates")
    assert len(df) == 6 and set(df.confidence) <= set(curated.CONFIDENCE)
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    wars = datasets.wars().set_index("year")
    assert wars.loc[2020, "start"] == pd.Timestamp("2020-09-27")
    assert wars.loc[2020, "end"] == pd.Timestamp("2020-11-10")  # the first ceasefire after
    assert wars.loc[2023, "end"] == pd.Timestamp("2023-09-20")


def test_wars_pairs_each_start_with_the_next_ceasefire(monkeypatch):
    rows = pd.DataFrame({
        "date": pd.to_datetime(["2020-01-01", "2020-03-01", "2020-06-01", "2020-12-31"]),
        "category": ["war", "ceasefire", "war", "other"], "date_precision": "day",
        "event": "e", "confidence": "high", "source_title": "t",
        "source_url": "https://x.org", "locator": "l"})
    monkeypatch.setattr(datasets.curated, "war_dates", lambda: rows)
    got = datasets.curated.wars()
    # The second war has no ceasefire row: its end is unknown, not the year's last row.
    assert got["end"].iloc[0] == pd.Timestamp("2020-03-01") and pd.isna(got["end"].iloc[1])


def test_broken_curated_tables_name_file_row_and_column(tmp_path):
    path = tmp_path / "war-dates.csv"
    path.write_text(HEADER + "\n" + ROW.replace("2020-09-27", "27 Sept 2020") + "\n")
    layout_error(lambda p: curated.clean_curated(p, "curated-war-dates"), path,
                 "line 2", "'date'", "YYYY-MM-DD")
    path.write_text(HEADER.replace(",confidence", ",certainty") + "\n" + ROW + "\n")
    layout_error(lambda p: curated.clean_curated(p, "curated-war-dates"), path,
                 "header row", "confidence")
    path.write_text(HEADER + "\n" + ROW.replace(",high,", ",sure,") + "\n")
    layout_error(lambda p: curated.clean_curated(p, "curated-war-dates"), path, "schema")
    with pytest.raises(Exception, match="a schema for 'curated-unknown'"):
        curated.clean_curated(path, "curated-unknown")


# --------------------------------------------------------------------------- Russian influence

def test_published_polls_committed_tables():
    polls = datasets.published_polls("ARM")
    assert set(polls["source_id"]) == set(datasets.curated.POLL_TABLES)
    # CRRC's main-friend series as the sources print it (Zartonk Media, 2020-07-07).
    friend = polls[(polls["indicator"] == "main friend of the country")
                   & (polls["response"] == "Russia")].set_index("survey_date")["value"]
    assert friend["2013"] == 83 and friend["2020-02/03"] == 57
    iri = polls[(polls["pollster"].str.startswith("International Republican"))
                & (polls["sample_size"].notna())]
    assert set(iri["sample_size"]) >= {1200, 1512, 1513, 1508}
    assert polls["value"].between(0, 100).all()


def test_presence_timeline_and_economic_committed_tables():
    presence = datasets.russian_presence().set_index("event_id")
    assert presence.at["pk_troops", "value"] == "1960"
    assert presence.at["pk_withdrawal_start", "date"] == "2024-04-17"
    assert presence.at["csto_freeze", "date"] == "2024-02-22"
    timeline = datasets.russia_timeline().set_index("event_id")
    assert timeline.at["cscp_proposed_2008", "date"] == "2008-08-11"
    assert set(timeline["category"]) == {"platform_3plus3", "russia_csto"}
    assert set(datasets.russia_since_brief()["theme"]) == {"russia"}
    facts = datasets.economic_facts()
    geo = facts[(facts["country"] == "GEO") & (facts["partner"] == "Russia")
                & (facts["indicator"] == "share of total external trade")]
    assert set(geo["value"]) == {11.2, 10.9}
    stock = datasets.migrant_stock()
    assert one_row(stock, year=2024, origin_iso3="ARM").stock_total == 340512


POLL_HEADER = ("country,survey_date,pollster,survey,indicator,response,value,unit,source_title,"
               "source_url,locator,confidence,notes")
POLL_ROW = ("ARM,2013,CRRC,CB 2013,main friend of the country,Russia,83,percent of respondents,"
            "T,https://example.org/a,\"83%\",high,")


def test_broken_poll_and_event_tables_name_file_line_and_column(tmp_path):
    path = tmp_path / "opinion.csv"
    sid = "curated-opinion-russia"
    path.write_text(POLL_HEADER + "\n" + POLL_ROW + "\n" + POLL_ROW.replace(",83,", ",n/a,")
                    + "\n")
    layout_error(lambda p: curated.clean_curated(p, sid), path, "line 3", "'value'",
                 "a number")
    path.write_text(POLL_HEADER + "\n" + POLL_ROW.replace(",83,", ",183,") + "\n")
    layout_error(lambda p: curated.clean_curated(p, sid), path, "schema", "value")
    path.write_text(POLL_HEADER.replace(",response,", ",answer,") + "\n" + POLL_ROW + "\n")
    layout_error(lambda p: curated.clean_curated(p, sid), path, "header row", "response")
    events = tmp_path / "presence.csv"
    events.write_text("event_id,country,date,date_precision,category,event,value,unit,"
                      "source_title,source_url,locator,confidence,notes\n"
                      "pk,AZE,10 Nov 2020,day,peacekeeping,Deployed,,,T,https://example.org,"
                      "l,high,\n")
    layout_error(lambda p: curated.clean_curated(p, "curated-russian-presence"), events,
                 "schema", "date")
