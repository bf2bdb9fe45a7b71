"""Curated Western milestones: the committed tables, and broken copies built in tmp_path."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import layout_error, one_row

from analysis import datasets, sources
from analysis.clean import milestones

M_HEADER = ",".join(milestones.MILESTONE_COLUMNS)
A_HEADER = ",".join(milestones.ADDITION_COLUMNS)


def _m(date="2005-12-16", year="2005", countries="ARM", event_id="ipap"):
    return (f"{event_id},{date},{year},NATO,{countries},Event,NATO partnership,,,Title,"
            "https://example.org/a,locator,high,,")


def _a(date="2017-03", precision="month", event_id="cepa"):
    return (f"{event_id},{date},{precision},Event,ARM,eu_integration,,,Title,"
            "https://example.org/a,locator,medium,")


def test_committed_milestones_keep_the_precision_of_each_date():
    df = milestones.clean_milestones(sources.require("curated-western-milestones"))
    # Values read in data/curated/western-milestones.csv.
    ipap = one_row(df, event_id="nato_ipap_armenia")
    assert ipap.date == pd.Timestamp("2005-12-16") and ipap.date_precision == "day"
    joined = one_row(df, event_id="nato_ipap_azerbaijan_joined")
    assert joined.date_precision == "year" and joined.date_text == "2004"
    cochairs = one_row(df, event_id="osce_minsk_us_fr_ru_cochairs")
    assert cochairs.date_text == "1997" and cochairs.countries == "ARM;AZE"
    assert one_row(df, event_id="eu_georgia_aa_signed").date == pd.Timestamp("2014-06-27")
    assert len(df) == 21 and df["date"].is_monotonic_increasing


def test_additions_and_the_combined_loader():
    df = milestones.clean_additions(sources.require("curated-western-additions"))
    assert one_row(df, event_id="cepa_initialled_2017_03").date_precision == "month"
    assert df["actor"].isna().all()
    both = datasets.western_milestones()
    assert set(both["source_id"]) == set(datasets.MILESTONE_SOURCES)
    georgia = datasets.western_milestones(["GEO"])
    assert "ec_recommends_georgia_candidate" in set(georgia["event_id"])
    assert "nato_ipap_armenia" not in set(georgia["event_id"])
    # A row naming several countries is kept for each of them.
    assert "ec_enlargement_package_ukr_mda_2023" in set(georgia["event_id"])


def test_first_day_and_precision():
    assert milestones.first_day("2004") == pd.Timestamp("2004-01-01")
    assert milestones.first_day("2017-03") == pd.Timestamp("2017-03-01")
    assert milestones.precision_of("2023-11-08") == "day"
    assert milestones.precision_of("Nov 2023") is None
    with pytest.raises(ValueError, match="not a date"):
        milestones.first_day("2023/11")


def test_broken_milestones_name_line_and_column(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("\n".join([M_HEADER, _m(), _m(date="16 Dec 2005", event_id="b")]) + "\n")
    layout_error(milestones.clean_milestones, path, "line 3", "'date'", "'16 Dec 2005'",
                 "YYYY-MM-DD")
    path.write_text("\n".join([M_HEADER, _m(year="2004")]) + "\n")
    layout_error(milestones.clean_milestones, path, "line 2", "'year'", "of the date")
    path.write_text("\n".join([M_HEADER, _m(date="2005-02-30")]) + "\n")
    layout_error(milestones.clean_milestones, path, "line 2", "'2005-02-30'")
    path.write_text("\n".join([M_HEADER, _m(countries="Armenia")]) + "\n")
    layout_error(milestones.clean_milestones, path, "schema")
    path.write_text(M_HEADER.replace(",actor", ",institution") + "\n" + _m() + "\n")
    layout_error(milestones.clean_milestones, path, "header row", "'actor'")


def test_broken_additions_name_line_and_column(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("\n".join([A_HEADER, _a(), _a(precision="day", event_id="x")]) + "\n")
    layout_error(milestones.clean_additions, path, "line 3", "'date_precision': 'day'",
                 "'month'")
    path.write_text("\n".join([A_HEADER, _a(), _a(event_id="cepa")]) + "\n")
    layout_error(milestones.clean_additions, path, "schema")  # event ids are unique
