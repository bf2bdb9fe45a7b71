"""The CRRC survey cleaner (Caucasus Barometer, NDI/CRRC Georgia) on the real Stata files and on
broken files built at test time; the estimates loader on the real files."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets, sources
from analysis.clean import crrc

WAVES = crrc.surveys_dir() / "waves.csv"
ITEMS = crrc.surveys_dir() / "items.csv"


@requires_mirror("crrc-caucasus-barometer")
def test_cb_2011_real_file():
    df = crrc.clean_wave(sources.require("crrc-cb-2011"), "crrc-cb-2011")
    friend = df[df["item"] == "main_friend"]
    assert len(friend) == 6133 and friend["iso3"].value_counts().to_dict() == {
        "ARM": 2365, "GEO": 2287, "AZE": 1481}
    # FRNDCNTR: 2,009 respondents name Russia (code 5), 784 don't know (-1), 80 refuse (-2).
    assert (friend["answer"] == "Russia").sum() == 2009
    assert (friend["kind"] == "dont_know").sum() == 784 and (friend["kind"] == "refuse").sum() == 80
    assert (friend["kind"] == "missing").sum() == 4  # interviewer errors, kept and flagged
    assert all(p.startswith(f"{c}:") for p, c in zip(friend["psu"], friend["iso3"],
                                                      strict=True))
    assert friend["interview_date"].max() == pd.Timestamp("2011-11-25")


@requires_mirror("crrc-cb-2017-2019")
def test_cb_2017_cp1252_labels_and_recoded_no_one():
    df = crrc.clean_wave(sources.require("crrc-cb-2017"), "crrc-cb-2017")
    enemy = df[df["item"] == "main_enemy"]
    # MAINENEM: code -5 is labelled 'None' in 2017 and is kept as the answer 'No one'.
    assert (enemy["answer"] == "No one").sum() == 507 and "None" not in set(enemy["answer"])
    eeu = df[(df["item"] == "eeu_support") & (df["iso3"] == "GEO")]
    assert set(eeu["answer"]) == {"Not asked in Georgia"} and set(eeu["kind"]) == {"missing"}


@requires_mirror("crrc-caucasus-barometer")
@requires_mirror("ndi-georgia-polls-2022")
def test_survey_estimates_match_values_read_in_the_files():
    est = datasets.survey_estimates(["main_friend", "main_enemy", "ndi_join_eu"])
    # INDWT-weighted shares checked in the files (SOURCE.toml): Armenia's main friend Russia
    # 80.7% (2011), Georgia's main enemy Russia 50.8% (2011); NDI February 2022, approval
    # of the goal to join the EU 80.1%, don't know 8.4% (kept as an answer).
    arm = one_row(est, wave="CB 2011", iso3="ARM", item="main_friend", answer="Russia")
    assert arm.share == pytest.approx(0.8065, abs=5e-4)
    assert arm.lower < arm.share < arm.upper and arm.n == 1891 and arm.n_base == 2365
    assert arm.design.startswith("design-based") and arm.df == 135
    geo = one_row(est, wave="CB 2011", iso3="GEO", item="main_enemy", answer="Russia")
    assert geo.share == pytest.approx(0.508, abs=5e-4)
    feb = est[(est["wave"] == "NDI 2022-02") & (est["item"] == "ndi_join_eu")].set_index("answer")
    assert feb.at["Approve", "share"] == pytest.approx(0.801, abs=5e-4)
    assert feb.at["Don't know", "share"] == pytest.approx(0.084, abs=5e-4)
    assert feb["design"].str.startswith("weights only").all()
    assert feb.at["Approve", "deff"] > 1  # Kish's weighting effect, stated
    assert set(est["wave"]) >= {"CB 2011", "CB 2017", "CB 2019", "NDI 2022-12"}
    with pytest.raises(ValueError, match="unknown survey item"):
        datasets.survey_estimates(["main_frend"])


def _dta(path, df, labels, value_labels):
    import pyreadstat

    pyreadstat.write_dta(df, path, column_labels=labels, variable_value_labels=value_labels)


def _fixture(tmp_path, **over):
    """A one-wave survey folder: waves.csv, items.csv and a small Stata file."""
    waves = tmp_path / "waves.csv"
    waves.write_text(",".join(crrc.WAVE_COLUMNS) + "\n"
                     "t-1,T 2020,Test,2020,ARM;GEO,COUNTRY,W,STR,PSU,,,face-to-face,,\n")
    items = tmp_path / "items.csv"
    items.write_text(",".join(crrc.ITEM_COLUMNS) + "\n"
                     "friend,t-1,FRND,Main friend,Main friend,Russia|Don't know,,\n")
    data = pd.DataFrame({"COUNTRY": [1, 1, 2, 2], "W": [1.0, 2.0, 1.0, 1.0],
                         "STR": [1, 1, 1, 1], "PSU": [1, 2, 1, 2], "FRND": [1, -1, 1, 2]})
    data = data.assign(**over)
    path = tmp_path / "wave.dta"
    _dta(path, data, ["Country", "Weight", "Stratum", "PSU", "Main friend"],
         {"COUNTRY": {1: "Armenia", 2: "Georgia"}, "STR": {1: "Capital"},
          "FRND": {-1: "Don't know", 1: "Russia", 2: "France"}})
    return path, crrc.read_waves(waves), crrc.read_items(items)


def test_fixture_wave_is_cleaned_and_labels_kept(tmp_path):
    path, waves, items = _fixture(tmp_path)
    df = crrc.clean_wave(path, "t-1", waves, items)
    assert df["answer"].tolist() == ["Russia", "Don't know", "Russia", "France"]
    assert df["kind"].tolist() == ["substantive", "dont_know", "substantive", "substantive"]
    assert df["iso3"].tolist() == ["ARM", "ARM", "GEO", "GEO"]
    assert df["psu"].tolist()[0] == "ARM:Capital:1"


def test_broken_waves_name_file_variable_row_and_expectation(tmp_path):
    path, waves, items = _fixture(tmp_path, W=[1.0, 0.0, 1.0, 1.0])
    layout_error(lambda p: crrc.clean_wave(p, "t-1", waves, items), path,
                 "variable W, row 2", "a positive weight")
    path, waves, items = _fixture(tmp_path, FRND=[1, 7, 1, 2])
    layout_error(lambda p: crrc.clean_wave(p, "t-1", waves, items), path,
                 "variable FRND, row 2", "a code with a value label")
    path, waves, items = _fixture(tmp_path)
    relabelled = items.assign(label="Biggest friend")
    layout_error(lambda p: crrc.clean_wave(p, "t-1", waves, relabelled), path,
                 "variable FRND, label", "'Biggest friend'", "found 'Main friend'")
    renamed = items.assign(variable="MAINFRN")
    layout_error(lambda p: crrc.clean_wave(p, "t-1", waves, renamed), path,
                 "['MAINFRN']")
    absent = items.assign(answers="Russia|Iran")
    layout_error(lambda p: crrc.clean_wave(p, "t-1", waves, absent), path,
                 "value labels", "['Iran']")


def test_broken_survey_tables_name_file_and_line(tmp_path):
    bad = tmp_path / "items.csv"
    shutil.copy(ITEMS, bad)
    with open(bad, "a", encoding="utf-8") as fh:
        fh.write("main_friend,crrc-cb-2011,FRNDCNTR,x,y,Russia,,\n")
    layout_error(crrc.read_items, bad, "line", "each item once per wave")
    waves = tmp_path / "waves.csv"
    waves.write_text(WAVES.read_text(encoding="utf-8").replace("stratum_var", "strata"))
    layout_error(crrc.read_waves, waves, "header row", "stratum_var")
