"""The Correlates of War NMC cleaner on the real file and on broken copies built at test
time."""

from __future__ import annotations

import math

import pytest
from conftest import layout_error, one_row, requires_mirror

from analysis import sources
from analysis.clean import cow
from analysis.themes import military

NMC_HEADER = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version"


@requires_mirror("cow-nmc")
def test_nmc_real_file():
    df = cow.clean_nmc(sources.require("cow-nmc"))
    aze = one_row(df, iso3="AZE", year=2016)
    assert (aze.milper, aze.milex) == (67, 1438000)
    arm = one_row(df, iso3="ARM", year=2016)
    assert (arm.milper, arm.milex) == (45, 428000)
    geo = one_row(df, iso3="GEO", year=2016)  # COW abbreviation GRG
    assert geo.stateabb == "GRG" and geo.milper == 21
    arm91 = one_row(df, iso3="ARM", year=1991)  # milper is -9 in the file
    assert math.isnan(arm91.milper) and arm91.milex == 147000
    # COW "AUS" is Austria, not Australia.
    assert one_row(df, stateabb="AUS", year=2016).iso3 == "AUT"
    assert one_row(df, stateabb="AUL", year=2016).iso3 == "AUS"
    assert df[df.stateabb == "BAV"].iso3.isna().all()  # Bavaria: no ISO code


@requires_mirror("cow-nmc")
def test_personnel_from_cow_is_in_persons():
    df = military.personnel(["ARM", "AZE"], source="cow")
    assert one_row(df, iso3="AZE", year=2016).value == 67000
    assert set(df.unit) == {"persons"} and set(df.source) == {"cow"}
    assert df.year.min() == 1992  # 1991 is -9 for both
    with pytest.raises(ValueError, match="unknown personnel source 'iiss'"):
        military.personnel(source="iiss")


def test_nmc_missing_column_is_alayout_error(tmp_path):
    path = tmp_path / "nmc.csv"
    path.write_text(NMC_HEADER.replace("milper", "milpers") + "\n"
                    "ARM,371,2016,428000,45,0,3952,2925,1074,0.0006,2021\n", encoding="utf-8")
    layout_error(cow.clean_nmc, path, "'milper'", "header row")


def test_nmc_text_value_is_alayout_error(tmp_path):
    path = tmp_path / "nmc.csv"
    path.write_text(NMC_HEADER + "\nARM,371,2016,428000,NA,0,3952,2925,1074,0.0006,2021\n",
                    encoding="utf-8")
    layout_error(cow.clean_nmc, path, "line 2", "'milper'", "'NA'", "-9")
