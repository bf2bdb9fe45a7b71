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


# --- the conflict timeline notebook's tables -------------------------------------------------


def test_conflict_curated_committed_tables():
    tl = datasets.conflict_timeline()
    assert len(tl) == 34 and tl.date.min() == pd.Timestamp("1921-07-04")
    add = datasets.timeline_additions()
    assert len(add) == 26 and set(add.date_precision) == {"day", "month", "year"}
    # A month- or year-precision date is the first day of its month or year.
    assert add.set_index("event_id").at["karabakh_delegation_moscow_1988_01", "date"] == \
        pd.Timestamp("1988-01-01")
    assert add.set_index("event_id").at["basic_principles_2006_proposal", "date"] == \
        pd.Timestamp("2006-01-01")
    assert all(len(str(loc).split()) <= 13 for loc in add.locator)  # 12 words and "..."
    disp = datasets.displacement_facts("displacement 2023")
    assert 115183 in set(disp.value) and 65000 in set(disp.value)
    cas = datasets.casualty_estimates().set_index("event")
    first = cas.loc["First Nagorno-Karabakh War"]
    assert (first.value_low, first.value_high) == (28000, 38000) and pd.isna(first.value)
    assert (first.first_year, first.last_year) == (1988, 1994)
    assert cas.loc["Khojaly", "first_year"] == 1992 == cas.loc["Khojaly", "last_year"]
    census = datasets.nkao_census()
    assert set(census[census.year == 1926].total) == {125200, 125300}
    assert census.year.dtype == int
    with pytest.raises(ValueError, match="no displacement facts on topic 'refugees'"):
        datasets.displacement_facts("refugees")


ADD_HEADER = ("event_id,date,date_precision,event,countries,category,value,unit,source_title,"
              "source_url,locator,confidence,notes")
ADD_ROW = "e1,2010-08,month,Treaty,AZE;TUR,tur_aze_alliance,,,T,https://example.org,l,high,"


def test_broken_conflict_tables_name_line_column_and_format(tmp_path):
    def additions(p):
        return curated.clean_curated(p, "curated-timeline-additions")

    path = tmp_path / "timeline-additions.csv"
    path.write_text(ADD_HEADER + "\n" + ADD_ROW + "\n")
    assert additions(path).date.iloc[0] == pd.Timestamp("2010-08-01")
    # A day written where the precision says month.
    path.write_text(ADD_HEADER + "\n" + ADD_ROW + "\n" +
                    ADD_ROW.replace("e1,2010-08", "e2,2010-08-16") + "\n")
    layout_error(additions, path, "line 3", "'date'", "'2010-08-16'", "YYYY-MM",
                 "'month'")
    path.write_text(ADD_HEADER + "\n" + ADD_ROW.replace(",month,", ",decade,") + "\n")
    layout_error(additions, path, "line 2", "'date_precision'", "'decade'")
    path.write_text(ADD_HEADER + "\n" + ADD_ROW.replace("AZE;TUR", "Azerbaijan") + "\n")
    layout_error(additions, path, "schema", "countries")
    cas = tmp_path / "conflict-casualties.csv"
    header = ("period,event,side_or_scope,value,value_low,value_high,unit,description,"
              "source_title,source_url,locator,confidence,notes")
    cas.write_text(header + "\n1994,War,all,about 30k,,,persons,d,T,https://x.org,l,low,\n")
    layout_error(lambda p: curated.clean_curated(p, "curated-conflict-casualties"), cas,
                 "line 2", "'value'", "'about 30k'", "a number")
    cas.write_text(header + "\n1994,War,all,,,,persons,d,T,https://x.org,l,low,\n")
    layout_error(lambda p: curated.clean_curated(p, "curated-conflict-casualties"), cas,
                 "schema", "a value or a range")
    cas.write_text(header + "\n1994,War,all,,38000,28000,persons,d,T,https://x.org,l,low,\n")
    layout_error(lambda p: curated.clean_curated(p, "curated-conflict-casualties"), cas,
                 "schema", "value_low must not exceed value_high")
    census = tmp_path / "nkao-census.csv"
    cheader = ("year,census,total,armenians,azerbaijanis,russians,others,armenians_pct,"
               "azerbaijanis_pct,source_title,source_url,locator,confidence,notes")
    census.write_text(cheader + "\n1926?,c,125200,,,,,89.2,,T,https://x.org,l,medium,\n")
    layout_error(lambda p: curated.clean_curated(p, "curated-nkao-census"), census,
                 "line 2", "'year'", "a whole number")
    census.write_text(cheader + "\n1926,c,125200,,,,,189.2,,T,https://x.org,l,medium,\n")
    layout_error(lambda p: curated.clean_curated(p, "curated-nkao-census"), census, "schema",
                 "armenians_pct")




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
