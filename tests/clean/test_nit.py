"""Nations in Transit: the committed curated table, the scale conversions on built tables, and
broken copies built in tmp_path (each error names the file, the line and what was expected)."""

from __future__ import annotations

import pytest
from conftest import layout_error, one_row

from analysis import datasets, sources
from analysis.clean import nit

HEADER = ",".join(nit.COLUMNS)
OLD_TEXT = "1-7; 1 = most democratic (scale used in NIT editions up to 2019)"
NEW_TEXT = "1-7; 7 = most democratic (scale used from NIT 2020)"


def _row(iso3="ARM", edition="2018", year="2017", score="5.43", scale=OLD_TEXT, pct="",
         confidence="high"):
    return (f'{iso3},Name,{edition},{year},{score},"{scale}",{pct},,Title,'
            f'https://example.org/a,"locator",{confidence},')


def _write(tmp_path, *rows):
    path = tmp_path / "nit.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


# --- the committed table ---------------------------------------------------------------------

def test_committed_table_keeps_each_value_on_its_published_scale():
    df = nit.clean_nit(sources.require("curated-nations-in-transit"))
    # Values read in data/curated/nations-in-transit.csv.
    assert one_row(df, iso3="ARM", edition=2018, scale=nit.OLD).value == 5.43
    assert one_row(df, iso3="ARM", edition=2018, scale=nit.PCT).value == 26
    assert one_row(df, iso3="AZE", edition=2024, scale=nit.PCT).value == 1
    assert one_row(df, iso3="GEO", edition=2023, scale=nit.PCT).value == 33.93
    assert one_row(df, iso3="ARM", edition=2023, scale=nit.NEW).value == 3.11
    assert (df["edition"] == df["year"] + 1).all()
    assert not df["derived"].any()
    # No old-scale score after the 2019 edition, no new-scale one before it.
    assert df.loc[df.scale == nit.OLD, "edition"].max() <= 2018
    assert df.loc[df.scale == nit.NEW, "edition"].min() >= 2019


def test_loader_returns_one_labelled_scale_and_flags_conversions():
    pct = datasets.nit_scores("percentage", ["ARM", "GEO", "AZE"])
    assert set(pct["scale"]) == {nit.PCT}
    arm23 = one_row(pct, iso3="ARM", edition=2023)
    # Published only as a score (3.11): converted and flagged, with its rounding.
    assert arm23.derived and arm23.derived_from == nit.NEW
    assert arm23.value == pytest.approx((3.11 - 1) / 6 * 100)
    assert arm23.rounding == pytest.approx(0.005 / 6 * 100)
    # A published percentage is never replaced by a conversion.
    assert not one_row(pct, iso3="ARM", edition=2024).derived
    only = datasets.nit_scores("percentage", derived=False)
    assert not only["derived"].any() and len(only) < len(datasets.nit_scores("percentage"))
    with pytest.raises(ValueError, match="unknown NIT scale 'percent'"):
        datasets.nit_scores("percent")


# --- conversions on built tables --------------------------------------------------------------

def test_conversions_turn_the_old_scale_round_and_map_new_scores_to_percentages():
    assert nit.old_to_new(5.43) == pytest.approx(2.57)
    assert nit.new_to_old(nit.old_to_new(6.25)) == pytest.approx(6.25)
    assert nit.new_to_percentage(1) == 0 and nit.new_to_percentage(7) == 100
    assert nit.new_to_percentage(4) == 50
    assert nit.percentage_to_new(nit.new_to_percentage(3.07)) == pytest.approx(3.07)
    # Old 1 (most democratic) is 100%; old 7 is 0%.
    assert nit.conversion(1, nit.OLD, nit.PCT) == 100
    assert nit.conversion(7, nit.OLD, nit.PCT) == 0
    assert nit.conversion(5.43, nit.OLD, nit.PCT) == pytest.approx(26.1667, abs=1e-4)
    with pytest.raises(ValueError, match="unknown NIT scale"):
        nit.conversion(3, "new", nit.PCT)


def test_convert_prefers_published_values_then_the_finer_source(tmp_path):
    path = _write(tmp_path,
                  _row(score="5.43"),  # old score of 2018 ...
                  _row(score="", scale=NEW_TEXT, pct="26"),  # ... and its percentage
                  _row(edition="2024", year="2023", score="3.07", scale=NEW_TEXT, pct="35"),
                  _row(iso3="GEO", edition="2014", year="2013", score="4.68"))
    df = nit.clean_nit(path)
    pct = nit.convert(df, nit.PCT)
    assert one_row(pct, iso3="ARM", edition=2018).value == 26  # published, kept
    geo = one_row(pct, iso3="GEO", edition=2014)
    assert geo.derived and geo.value == pytest.approx((8 - 4.68 - 1) / 6 * 100)
    new = nit.convert(df, nit.NEW)
    # 2018 has an old score (+-0.005) and a whole percentage (+-0.03 on the new scale): the
    # finer one is converted.
    arm18 = one_row(new, iso3="ARM", edition=2018)
    assert arm18.derived_from == nit.OLD and arm18.value == pytest.approx(2.57)
    assert one_row(new, iso3="ARM", edition=2024).value == 3.07


# --- broken tables ----------------------------------------------------------------------------

def test_unknown_scale_text_names_line_and_column(tmp_path):
    path = _write(tmp_path, _row(), _row(edition="2015", year="2014", scale="0-10 points"))
    layout_error(nit.clean_nit, path, "line 3", "'score_scale'", "'0-10 points'",
                 "1 = most democratic")


def test_edition_must_cover_the_year_before(tmp_path):
    path = _write(tmp_path, _row(edition="2018", year="2018"))
    layout_error(nit.clean_nit, path, "line 2", "'nit_edition'", "edition = year + 1")


def test_score_and_percentage_that_disagree_are_refused(tmp_path):
    # 3.07 on the new scale is 34.5%; 38 cannot be its rounding.
    path = _write(tmp_path, _row(edition="2024", year="2023", score="3.07", scale=NEW_TEXT,
                                 pct="38"))
    layout_error(nit.clean_nit, path, "line 2", "score-new 3.07", "percentage 38",
                 "to agree once both are on the new scale")
    # The same check across rows: an old score and a percentage a later page printed.
    path = _write(tmp_path, _row(score="5.43"), _row(score="", scale=NEW_TEXT, pct="40"))
    layout_error(nit.clean_nit, path, "lines 2 and 3", "score-old 5.43", "percentage 40")


def test_values_outside_their_scale_and_empty_rows(tmp_path):
    path = _write(tmp_path, _row(score="7.5"))
    layout_error(nit.clean_nit, path, "line 2", "'democracy_score': 7.5", "between 1 and 7")
    path = _write(tmp_path, _row(score="", pct="101", scale=NEW_TEXT))
    layout_error(nit.clean_nit, path, "line 2", "'democracy_percentage'", "between 0 and 100")
    path = _write(tmp_path, _row(score="", pct=""))
    layout_error(nit.clean_nit, path, "line 2", "a score or a percentage")
    path = _write(tmp_path, _row(score="five"))
    layout_error(nit.clean_nit, path, "line 2", "'democracy_score': 'five'", "a number")


def test_two_values_on_one_scale_and_missing_columns(tmp_path):
    path = _write(tmp_path, _row(score="5.43"), _row(score="5.40"))
    layout_error(nit.clean_nit, path, "lines [2, 3]", "one score-old value per country")
    path = tmp_path / "short.csv"
    path.write_text(HEADER.replace(",score_scale", ",scale") + "\n" + _row() + "\n")
    layout_error(nit.clean_nit, path, "header row", "'score_scale'")
    path = _write(tmp_path, _row(confidence="sure"))
    layout_error(nit.clean_nit, path, "line 2", "'confidence': 'sure'")
