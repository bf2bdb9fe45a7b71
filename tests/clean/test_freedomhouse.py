"""Freedom in the World: the two real workbooks, and broken workbooks built in tmp_path (each
error names the file, the sheet, the row and column and what was expected)."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import SHARED_DATA, layout_error, one_row, requires_mirror

from analysis.clean import freedomhouse as fh

FOLDER = SHARED_DATA / "fh-freedom-in-the-world"
SCORES = FOLDER / "All_data_FIW_2013-2024.xlsx"
RATINGS = FOLDER / "Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx"


@pytest.fixture(scope="module")
def scores():
    return fh.clean_fiw_scores(SCORES)


@requires_mirror("fh-freedom-in-the-world")
def test_scores_real_file(scores):
    # Values read in sheet FIW13-25 of the workbook.
    arm = one_row(scores, iso3="ARM", edition=2024)
    assert (arm.year, arm.status, arm.pr, arm.cl, arm.total) == (2023, "PF", 23, 31, 54)
    aze = one_row(scores, iso3="AZE", edition=2025)
    assert (aze.pr_rating, aze.cl_rating, aze.add_q, aze.pr, aze.total) == (7, 7, 2, 0, 7)
    assert one_row(scores, iso3="GEO", edition=2025).total == 55
    assert one_row(scores, iso3="GEO", edition=2013).A == 7
    # Add A was dropped in the 2018 edition; Add Q can take PR below zero.
    assert scores.loc[scores.edition >= 2018, "add_a"].isna().all()
    nk = one_row(scores, country="Nagorno-Karabakh", edition=2024)
    assert nk.kind == "territory" and nk.iso3 is None and nk.total == -3
    assert set(scores.edition) == set(range(2013, 2026))
    assert (scores.year == scores.edition - 1).all()
    assert one_row(scores, country="Turkey", edition=2025).iso3 == "TUR"


@requires_mirror("fh-freedom-in-the-world")
def test_ratings_real_file():
    df = fh.clean_fiw_ratings(RATINGS)
    arm = one_row(df, iso3="ARM", year=1991)
    assert (arm.edition, arm.period, arm.pr_rating, arm.cl_rating, arm.status) == \
        ("1991-92", "1991", 5, 5, "PF")
    aze = one_row(df, iso3="AZE", year=2023)
    assert (aze.edition, aze.pr_rating, aze.cl_rating, aze.status) == ("2024", 7, 7, "NF")
    assert one_row(df, iso3="GEO", year=2008).pr_rating == 4
    assert df[df.iso3 == "ARM"].year.min() == 1991  # '-' before independence: no rows
    irregular = one_row(df, iso3="USA", edition="1983-84")
    assert irregular.period == "Aug.1982-Nov.1983" and irregular.year == 1983
    assert irregular.irregular_period
    # South Africa 1972: two ratings in one cell, the first kept and the cell noted.
    za = one_row(df, iso3="ZAF", year=1972)
    assert za.pr_rating == 2 and za.note == "2(5); 3(6); F (NF)"
    assert one_row(df, iso3="DDR", year=1989).country == "Germany, E."
    sun = one_row(df, iso3="SUN", year=1990)
    assert (sun.pr_rating, sun.cl_rating, sun.status) == (5, 4, "PF")


# --- broken workbooks ---------------------------------------------------------------------

SCORE_HEADER = fh.SCORE_HEADER
ARMENIA_2024 = {"Country/Territory": "Armenia", "Region": "Eurasia", "C/T": "c",
                "Edition": 2024, "Status": "PF", "PR rating": 4, "CL rating": 4,
                "A1": 2, "A2": 2, "A3": 3, "B1": 3, "B2": 3, "B3": 2, "B4": 2, "C1": 2, "C2": 2,
                "C3": 2, "D1": 2, "D2": 2, "D3": 2, "D4": 3, "E1": 3, "E2": 3, "E3": 2,
                "F1": 1, "F2": 1, "F3": 1, "F4": 2, "G1": 2, "G2": 3, "G3": 2, "G4": 2,
                "A": 7, "B": 10, "C": 6, "D": 9, "E": 8, "F": 5, "G": 9, "Add Q": 0,
                "Add A": "N/A", "PR": 23, "CL": 31, "Total": 54}


def _scores_book(tmp_path, rows, header=SCORE_HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = fh.SCORES_SHEET
    ws.append(["Freedom in the World 2013-2025 Raw Data"])
    ws.append(list(header))
    for row in rows:
        ws.append([row.get(h) for h in header])
    path = tmp_path / "fiw.xlsx"
    wb.save(path)
    return path


def test_built_scores_workbook_reads_and_checks_every_sum(tmp_path):
    df = fh.clean_fiw_scores(_scores_book(tmp_path, [ARMENIA_2024]))
    assert one_row(df, iso3="ARM").total == 54
    wrong_a = dict(ARMENIA_2024, A=8)
    layout_error(fh.clean_fiw_scores, _scores_book(tmp_path, [wrong_a]), "row 3",
                 "column 'A': 8", "A1 + A2 + A3 = 7")
    wrong_pr = dict(ARMENIA_2024, **{"Add Q": 1})
    layout_error(fh.clean_fiw_scores, _scores_book(tmp_path, [wrong_pr]), "row 3",
                 "column 'PR': 23", "A + B + C - Add Q + Add A = 22")
    wrong_total = dict(ARMENIA_2024, Total=45)
    layout_error(fh.clean_fiw_scores, _scores_book(tmp_path, [wrong_total]),
                 "column 'Total': 45", "PR + CL = 54")


def test_broken_scores_cells_and_header(tmp_path):
    text = dict(ARMENIA_2024, B2="3-4")
    layout_error(fh.clean_fiw_scores, _scores_book(tmp_path, [ARMENIA_2024, text]),
                 "row 4", "column 'B2'", "'3-4'", "a whole number")
    kind = dict(ARMENIA_2024, **{"C/T": "x"})
    layout_error(fh.clean_fiw_scores, _scores_book(tmp_path, [kind]), "column 'C/T': 'x'",
                 "'c' (country)")
    header = [h if h != "Total" else "Score" for h in SCORE_HEADER]
    layout_error(fh.clean_fiw_scores, _scores_book(tmp_path, [ARMENIA_2024], header),
                 "header row 2", "missing ['Total']", "unexpected ['Score']")
    rating = dict(ARMENIA_2024, **{"PR rating": 9})
    layout_error(fh.clean_fiw_scores, _scores_book(tmp_path, [rating]), "FIW scores schema")


def _ratings_book(tmp_path, rows, triplet=("PR", "CL", "Status")):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = fh.RATINGS_SHEET
    ws.append(["Survey Edition", "1991-92", None, None, 2024, None, None])
    ws.append(["Year(s) Under Review", 1991, None, None, 2023, None, None])
    ws.append([None, *triplet, *triplet])
    for row in rows:
        ws.append(row)
    path = tmp_path / "ratings.xlsx"
    wb.save(path)
    return path


def test_built_ratings_workbook_and_its_faults(tmp_path):
    good = ["Armenia", 5, 5, "PF", 4, 4, "PF"]
    unrated = ["Georgia", "-", "-", "-", 4, 3, "PF"]
    df = fh.clean_fiw_ratings(_ratings_book(tmp_path, [good, unrated]))
    assert len(df) == 3 and one_row(df, iso3="ARM", year=2023).edition == "2024"
    assert one_row(df, iso3="GEO").year == 2023  # not rated in 1991: no row
    layout_error(fh.clean_fiw_ratings,
                 _ratings_book(tmp_path, [["Armenia", 5, 8, "PF", 4, 4, "PF"]]),
                 "row 4 (Armenia), edition 1991-92, CL", "a rating 1-7")
    layout_error(fh.clean_fiw_ratings,
                 _ratings_book(tmp_path, [["Armenia", 5, 5, "Free", 4, 4, "PF"]]),
                 "edition 1991-92, Status: 'Free'", "F, PF or NF")
    layout_error(fh.clean_fiw_ratings, _ratings_book(tmp_path, [good], ("PR", "Status", "CL")),
                 "row 3, columns 2-4", "'PR', 'CL', 'Status'")
