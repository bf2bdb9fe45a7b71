"""Central Bank of Armenia money transfers on the real workbook and on broken workbooks built
at test time."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets
from analysis.clean import cba


@requires_mirror("cba-money-transfers")
def test_transfers_real_file():
    annual = datasets.money_transfers()
    # SOURCE.toml: inflow from Russia 2013 1,727,945.61, 2022 3,598,174.68,
    # 2024 3,821,327.47 thousand US$.
    rus = annual[annual["iso3"] == "RUS"].set_index("year")["value"]
    assert rus[2013] == pytest.approx(1_727_945.61)
    assert rus[2022] == pytest.approx(3_598_174.68)
    assert rus[2024] == pytest.approx(3_821_327.47)
    nc = datasets.money_transfers(scope="non-commercial")
    assert one_row(nc, iso3="RUS", year=2024).value == pytest.approx(418_005.74)
    # The countries add up to the bank's total; the months add up to the year.
    total = annual[annual["country"] == "Total"].set_index("year")["value"]
    parts = annual[annual["country"] != "Total"].groupby("year")["value"].sum()
    assert (parts - total).abs().max() < 1
    monthly = datasets.money_transfers("month")
    m = monthly[monthly["iso3"] == "RUS"].groupby("year")["value"].sum()
    assert (m - rus).abs().max() < 1
    with pytest.raises(ValueError, match="scope must be one of"):
        datasets.money_transfers(scope="commercial")


def _book(path, measure="Inflow ", total="Total"):
    grid = [["title"], [None], ["(thousand USD)", 2013, None, None, None, None, None],
            [None, "Annual", None, None, "of which non-commercial", None, None],
            [None, measure, "Outflow ", "Net inflow ", "Inflow ", "Outflow ", "Net inflow "],
            ["Russian Federation", 10, 4, 6, 9, 3, 6], [total, 10, 4, 6, 9, 3, 6]]
    monthly = [row[:] for row in grid]
    monthly[3] = [None, "January", None, None, "of which non-commercial", None, None]
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame(monthly).to_excel(xl, sheet_name="monthly in USD", header=False,
                                       index=False)
        pd.DataFrame(grid).to_excel(xl, sheet_name="annual in USD", header=False, index=False)


def test_broken_transfer_workbooks_name_sheet_and_cell(tmp_path):
    path = tmp_path / "cba.xlsx"
    _book(path)
    ok = cba.clean_transfers(path)
    assert one_row(ok, frequency="year", scope="non-commercial", measure="inflow",
                   country="Russian Federation").value == 9
    _book(path, measure="Received")
    layout_error(cba.clean_transfers, path, "sheet 'monthly in USD', cell B5", "'Inflow'")
    _book(path, total="All countries")
    layout_error(cba.clean_transfers, path, "column A", "'Total'")
