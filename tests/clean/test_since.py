"""Events since the brief and the reviewable mapping of their labels to the brief's
expectations: the committed tables, and broken copies."""

from __future__ import annotations

import pandas as pd
from conftest import layout_error

from analysis import datasets, paths, sources
from analysis.clean import since

HEADER = ("date,date_precision,event,countries,theme,brief_expectation,source_title,"
          "source_url,locator,confidence,notes")


def test_the_committed_events_and_mapping():
    events = since.clean_events(sources.require("curated-since-the-brief"))
    assert len(events) == 71
    row = events[events["date"] == "2024-01/2024-08"].iloc[0]
    assert row["date_precision"] == "period" and row["start"] == pd.Timestamp("2024-01-01")
    mapped = datasets.since_the_brief()
    assert set(mapped["expectation"]) <= {*since.EXPECTATIONS, "other"}
    assert set(since.EXPECTATIONS) <= set(mapped["expectation"])  # each has events
    peace = mapped[mapped["brief_expectation"] == "peace agreement"]
    assert set(peace["expectation"]) == {"renewed-conflict"}
    table = since.clean_mapping(paths.mappings_dir() / "since_expectations.csv")
    assert table["label"].is_unique


def test_a_date_not_at_its_precision_names_the_line(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "\n2024-03,day,e,ARM,west,x,T,https://x.org,l,high,\n")
    layout_error(since.clean_events, path, "line 2", "'2024-03'", "precision")
    path.write_text(HEADER + "\n2024,decade,e,ARM,west,x,T,https://x.org,l,high,\n")
    layout_error(since.clean_events, path, "line 2")


def test_a_mapping_to_an_unknown_expectation_is_refused(tmp_path):
    path = tmp_path / "since_expectations.csv"
    path.write_text("label,expectation,note\nx,peace-forever,\n")
    layout_error(since.clean_mapping, path, "schema")
