"""Curated tables: each read through its schema, on the committed tables and on broken copies."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import layout_error

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
