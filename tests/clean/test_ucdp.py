"""The UCDP cleaners on the mirror's files and on broken copies built at test time.

Expected values were read in the raw CSV files (and agree with the SOURCE.toml notes).
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SHARED_DATA, layout_error, one_row, requires_mirror

from analysis.clean import ucdp

ACD_25 = SHARED_DATA / "ucdp-acd" / "ucdp-prio-acd-251.csv"
ACD_23 = SHARED_DATA / "ucdp-acd" / "UcdpPrioConflict_v23_1.csv"
DYADIC_25 = SHARED_DATA / "ucdp-acd" / "ucdp-dyadic-251.csv"
BRD_24 = SHARED_DATA / "ucdp-brd" / "BattleDeaths_v24_1.csv"
BRD_22 = SHARED_DATA / "ucdp-brd" / "BRD_ucdp-brd-conf-v22.1.csv"


@requires_mirror("ucdp-acd")
def test_acd_real_files_both_csv_spellings():
    new = ucdp.clean_acd(ACD_25, "25.1")
    old = ucdp.clean_acd(ACD_23, "23.1")  # every field double-quoted
    assert len(new) == 2752 and len(old) == 2626
    assert new.year.max() == 2024 and old.year.max() == 2022
    row = one_row(new, conflict_id=388, year=2020)
    assert row.side_b == "Republic of Artsakh" and row.side_b_2nd == "Government of Armenia"
    assert row.side_a_2nd == "Government of Turkey"
    assert row.intensity_level == 2 and row.type_of_conflict == 4
    assert row.territory_name == "Artsakh (Nagorno-Karabakh)"
    assert row.start_date == pd.Timestamp("1991-12-29")
    # 1994 is coded intrastate (no secondary party); the episode ends on 15 July 1994.
    y94 = one_row(new, conflict_id=388, year=1994)
    assert y94.type_of_conflict == 3 and y94.side_b_2nd is None
    assert y94.ep_end == 1 and y94.ep_end_date == pd.Timestamp("1994-07-15")
    assert one_row(new, conflict_id=388, year=2023).ep_end_date == pd.Timestamp("2023-12-04")
    assert 2023 not in set(old[old.conflict_id == 388].year)
    soviet = one_row(old, conflict_id=376, year=1990)
    assert soviet.territory_name == "Nagorno-Karabakh" and soviet.start_prec == 3
    assert set(new.version) == {"25.1"} and set(old.version) == {"23.1"}
    # No year of either Karabakh conflict is coded interstate (type 2).
    karabakh = new[new.territory_name.fillna("").str.contains("Karabakh")]
    assert set(karabakh.conflict_id) == {376, 388} and 2 not in set(karabakh.type_of_conflict)


@requires_mirror("ucdp-acd")
def test_dyadic_real_file():
    df = ucdp.clean_dyadic(DYADIC_25, "25.1")
    assert len(df) == 3432
    kb = df[df.conflict_id == 388]
    assert set(kb.dyad_id) == {833} and kb.year.min() == 1991 and kb.year.max() == 2023
    assert one_row(df, dyad_id=807, year=1991).side_b == "Republic of Armenia"


@requires_mirror("ucdp-brd")
def test_brd_real_files_dyadic_and_conflict_level():
    dyad = ucdp.clean_brd(BRD_24, "24.1", level="dyad")
    conf = ucdp.clean_brd(BRD_22, "22.1", level="conflict")  # BOM, bare fields, "221"
    assert len(dyad) == 1920 and len(conf) == 1403
    assert set(conf.version) == {"22.1"} and set(conf.level) == {"conflict"}
    r = one_row(dyad, conflict_id=388, year=2020)
    assert (r.bd_best, r.bd_low, r.bd_high) == (7646, 7548, 9077)
    assert one_row(dyad, conflict_id=388, year=1992).bd_best == 2167
    assert one_row(dyad, conflict_id=388, year=2023).bd_best == 462
    assert one_row(dyad, conflict_id=376, year=1991).bd_high == 501
    # Same Karabakh values in both releases for the years both cover.
    both = dyad[dyad.conflict_id == 388].merge(conf[conf.conflict_id == 388], on="year")
    assert len(both) == 15 and (both.bd_best_x == both.bd_best_y).all()
    # Years below 25 deaths are absent, not zero (2018-2019 for conflict 388).
    assert {2018, 2019}.isdisjoint(set(dyad[dyad.conflict_id == 388].year))
    # Several dyads joined in one field of the conflict-level file.
    assert one_row(conf, conflict_id=11347, year=2013).dyad_id.count(",") >= 1
    # UCDP's own out-of-order estimates are kept and flagged.
    odd = one_row(conf, conflict_id=354, year=1990)
    assert odd.out_of_order and odd.bd_best > odd.bd_high


def _write(path, header, rows):
    path.write_text("\n".join([",".join(header), *[",".join(r) for r in rows]]) + "\n",
                    encoding="utf-8")
    return path


BRD_HEADER = list(ucdp.BRD_COLUMNS)


def _brd_row(**over):
    row = {"conflict_id": "388", "dyad_id": "833", "location_inc": "Azerbaijan",
           "side_a": "Government of Azerbaijan", "side_a_2nd": "", "side_b": "Artsakh",
           "side_b_2nd": "", "incompatibility": "1", "territory_name": "Karabakh",
           "year": "2020", "bd_best": "7646", "bd_low": "7548", "bd_high": "9077",
           "type_of_conflict": "4", "battle_location": "Azerbaijan", "gwno_loc": "373",
           "region": "1", "version": "24.1"}
    row.update(over)
    return [row[c] for c in BRD_HEADER]


def test_broken_brd_files_name_file_line_and_column(tmp_path):
    def clean(p):
        return ucdp.clean_brd(p, "24.1", level="dyad")

    p = _write(tmp_path / "brd.csv", BRD_HEADER, [_brd_row(), _brd_row(year="20x1")])
    layout_error(clean, p, "line 3", "'year'", "'20x1'", "a whole number")
    p = _write(tmp_path / "brd.csv", BRD_HEADER, [_brd_row(version="23.1")])
    layout_error(clean, p, "line 2", "'version'", "release '24.1'")
    p = _write(tmp_path / "brd.csv", BRD_HEADER, [_brd_row(dyad_id='"833, 834"')])
    layout_error(clean, p, "line 2", "'dyad_id'", "one dyad id per row")
    p = _write(tmp_path / "brd.csv", [c for c in BRD_HEADER if c != "bd_low"],
               [[v for c, v in zip(BRD_HEADER, _brd_row(), strict=True) if c != "bd_low"]])
    layout_error(clean, p, "header row", "bd_low")
    p = _write(tmp_path / "brd.csv", BRD_HEADER, [_brd_row(), _brd_row()[:-1]])
    layout_error(clean, p, "line 3", "fields")
    p = _write(tmp_path / "brd.csv", BRD_HEADER, [_brd_row(), _brd_row()])  # a dyad-year twice
    layout_error(clean, p, "cleaned table", "schema")
    p = _write(tmp_path / "brd.csv", BRD_HEADER, [_brd_row(bd_best="-5")])
    layout_error(clean, p, "schema")
    with pytest.raises(ValueError, match="level must be one of"):
        ucdp.clean_brd(p, "24.1", level="country")


def test_broken_acd_file_names_the_bad_date(tmp_path):
    header = list(ucdp.ACD_COLUMNS)
    row = {c: "1" for c in header}
    row.update({"location": "Azerbaijan", "side_a": "Gov", "side_b": "Rebels",
                "territory_name": "", "year": "1994", "start_date": "1991-12-29",
                "start_date2": "1991-12-30", "ep_end_date": "1994-07-15", "gwno_a": "373",
                "gwno_b": "", "gwno_loc": "373", "side_a_2nd": "", "side_b_2nd": "",
                "version": "25.1", "type_of_conflict": "3"})
    good = [row[c] for c in header]
    bad = [("1994-13-45" if c == "ep_end_date" else row[c]) for c in header]
    p = _write(tmp_path / "acd.csv", header, [good])
    df = ucdp.clean_acd(p, "25.1")
    assert df.territory_name.iloc[0] is None and df.ep_end_date.iloc[0].year == 1994
    p = _write(tmp_path / "acd.csv", header, [good, bad])
    layout_error(lambda q: ucdp.clean_acd(q, "25.1"), p, "line 3", "'ep_end_date'",
                 "1994-13-45", "valid calendar date")
    wrong = [("9" if c == "type_of_conflict" else row[c]) for c in header]
    p = _write(tmp_path / "acd.csv", header, [wrong])
    layout_error(lambda q: ucdp.clean_acd(q, "25.1"), p, "schema", "type_of_conflict")
