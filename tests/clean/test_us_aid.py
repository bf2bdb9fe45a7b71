"""US assistance: the Greenbook and ForeignAssistance.gov files of the mirror, and broken copies
built in tmp_path."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import SHARED_DATA, layout_error, one_row, requires_mirror

from analysis import datasets
from analysis.clean import us_aid

GREENBOOK = SHARED_DATA / "us-aid-by-category" / "us_foreignaid_greenbook.xlsx"
TOTALS = SHARED_DATA / "us-foreign-assistance" / "us_foreign_aid_country.csv"


@pytest.fixture(scope="module")
def greenbook():
    return us_aid.clean_greenbook(GREENBOOK)  # 75,000 lines: read once for the module


@requires_mirror("us-aid-by-category")
def test_greenbook_real_file(greenbook):
    geo = greenbook[(greenbook.iso3 == "GEO") & (greenbook.fiscal_year == 2009)]
    sums = geo.groupby("category")[["current_usd", "constant_usd"]].sum()
    # SOURCE.toml: Georgia FY2009 summed by category, current and constant 2020 US$.
    assert sums.loc["economic"].tolist() == [608_325_159, 726_011_647]
    assert sums.loc["military"].tolist() == [13_538_000, 16_157_059]
    arm = greenbook[(greenbook.iso3 == "ARM") & (greenbook.fiscal_year == 2012)
                    & (greenbook.category == "economic")]
    assert arm.constant_usd.sum() / 1e6 == pytest.approx(-25.4, abs=0.05)  # de-obligations
    assert set(greenbook.price_base_year) == {2020}
    assert greenbook.fiscal_year.max() == 2020
    tq = greenbook[greenbook.transition_quarter]
    assert set(tq.fiscal_year) == {1976} and len(tq) > 0
    assert greenbook[greenbook.country == "Eurasia (not specified)"].iso3.isna().all()
    # No military obligations to Armenia or Azerbaijan before FY2002 (SOURCE.toml).
    mil = greenbook[greenbook.iso3.isin(["ARM", "AZE"]) & (greenbook.category == "military")]
    assert mil.fiscal_year.min() == 2002


@requires_mirror("us-foreign-assistance")
def test_foreign_assistance_real_file():
    df = us_aid.clean_foreign_assistance(TOTALS)
    geo = one_row(df, iso3="GEO", transaction_type="Obligations", fiscal_year=2009)
    assert geo.current_usd == 621_863_171  # within 12 US$ of the Greenbook's total
    assert geo.price_base_year == 2023
    assert one_row(df, iso3="ARM", transaction_type="Obligations",
                   fiscal_year=2023).constant_usd == 92_971_426
    bases = df.groupby("transaction_type").price_base_year.first().to_dict()
    assert bases["Obligations"] == 2023 and bases["President's Budget Requests"] == 2022
    assert df[df.country == "Europe and Eurasia Region"].iso3.isna().all()
    assert one_row(df, country="Soviet Union (former)", transaction_type="Obligations",
                   fiscal_year=1990).iso3 == "SUN"
    assert df.transition_quarter.any()


@requires_mirror("us-aid-by-category")
def test_loaders_sum_by_category_and_pick_a_transaction_type():
    cat = datasets.us_aid_by_category(["GEO"])
    assert one_row(cat, fiscal_year=2009, category="military").constant_usd == 16_157_059
    tot = datasets.us_aid_totals(["GEO"])
    assert set(tot.transaction_type) == {"Obligations"}
    with pytest.raises(ValueError, match="unknown transaction type 'Spending'"):
        datasets.us_aid_totals(["GEO"], "Spending")


# --- broken files ---------------------------------------------------------------------------

def _greenbook(tmp_path, rows, title="Obligations (Current $US and Constant 2020 $US)"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["U.S. Economic and Military Assistance"])
    ws.append([title])
    ws.append([])
    ws.append(list(us_aid.GREENBOOK_HEADER))
    for r in rows:
        ws.append(r)
    path = tmp_path / "greenbook.xlsx"
    wb.save(path)
    return path


ROW = [2020, "Central Asia", "Armenia", "Economic", "Economic Support Fund",
       "U.S. Agency for International Development", "Economic Support Fund", 1000, 1000]


def test_built_greenbook_and_its_faults(tmp_path):
    df = us_aid.clean_greenbook(_greenbook(tmp_path, [ROW, [1976.9, *ROW[1:]]]))
    assert df.iso3.tolist() == ["ARM", "ARM"] and df.transition_quarter.tolist() == [True, False]
    layout_error(us_aid.clean_greenbook, _greenbook(tmp_path, [ROW], title="Obligations"),
                 "rows 1-3", "Constant 2020 $US")
    bad = [ROW, [2020, *ROW[1:3], "Humanitarian", *ROW[4:]]]
    layout_error(us_aid.clean_greenbook, _greenbook(tmp_path, bad), "row 6",
                 "'Assistance Category': 'Humanitarian'")
    bad = [["FY2020", *ROW[1:]]]
    layout_error(us_aid.clean_greenbook, _greenbook(tmp_path, bad), "row 5",
                 "'Fiscal Year': 'FY2020'", "a fiscal year")
    bad = [[*ROW[:7], "1,000", 1000]]
    layout_error(us_aid.clean_greenbook, _greenbook(tmp_path, bad), "row 5",
                 "'Obligations (Historical Dollars)': '1,000'")


def _totals(tmp_path, lines):
    path = tmp_path / "totals.csv"
    head = ",".join(f'"{c}"' for c in us_aid.FA_HEADER)
    path.write_text("\n".join([head, *lines]) + "\n")
    return path


def _fa(fy="2023", current="100", constant="100", code="ARM", name="Armenia"):
    return (f"{code},{name},2,Europe and Eurasia,UMIC,Upper Middle Income Country,2,"
            f"Obligations,{fy},{current},{constant}")


def test_built_totals_and_their_faults(tmp_path):
    df = us_aid.clean_foreign_assistance(_totals(tmp_path, [_fa(), _fa("2022", "90", "95"),
                                                            _fa("1976tq", "5", "30")]))
    assert set(df.price_base_year) == {2023} and df.transition_quarter.sum() == 1
    layout_error(us_aid.clean_foreign_assistance,
                 _totals(tmp_path, [_fa(), _fa("FY22", "90", "95")]),
                 "line 3", "'Fiscal Year': 'FY22'")
    layout_error(us_aid.clean_foreign_assistance,
                 _totals(tmp_path, [_fa("2023", "100", "110"), _fa("2022", "90", "95")]),
                 "transaction type 'Obligations'", "the price year")
    layout_error(us_aid.clean_foreign_assistance, _totals(tmp_path, [_fa(current="n/a")]),
                 "line 2", "'current_amount': 'n/a'")
