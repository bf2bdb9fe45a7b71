"""Eurostat Comext extract on the real file and on broken workbooks built at test time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import layout_error, requires_mirror

from analysis import datasets
from analysis.clean import eurostat


@requires_mirror("eurostat-eu-trade-russia-neighbours")
def test_comext_real_file():
    df = datasets.eu_trade()
    assert df["reporter_iso3"].nunique() == 27
    exports = df[(df["flow"] == "export")].groupby(["partner_iso3", df["date"].dt.year])[
        "value_eur"].sum() / 1e6
    # SOURCE.toml (sums over reporters, EUR m): to Armenia 2021 758, 2022 (Jan-Nov) 1,641;
    # to Russia 2021 89,197, 2022 50,807.
    assert exports[("ARM", 2021)] == pytest.approx(758, abs=0.5)
    assert exports[("ARM", 2022)] == pytest.approx(1641, abs=0.5)
    assert exports[("RUS", 2021)] == pytest.approx(89197, abs=0.5)
    dec = df[df["date"] == "2022-12-01"]
    assert not dec["available"].any() and dec["value_eur"].isna().all()
    assert set(datasets.eu_trade("27")["product"]) == {"27"}


def _book(path, time="2020-01", value=5.0, flow="IMPORT"):
    grid = [["Data extracted"], ["Dataset:"], ["Last updated:"], [None],
            ["PRODUCT [PRODUCT]", None, "Total [TOTAL]"], ["FLOW", None, flow],
            ["INDICATORS", None, "VALUE_IN_EUROS"], [None],
            ["TIME", "TIME", time, "2020-02"], ["FREQ (Labels)"],
            ["REPORTER (Labels)", "PARTNER (Labels)"],
            ["Austria", "Armenia", value, ":"], [None], ["Special value"]]
    pd.DataFrame(grid).to_excel(path, sheet_name="Sheet 1", header=False, index=False)


def test_broken_comext_workbooks_name_sheet_and_cell(tmp_path):
    path = tmp_path / "comext.xlsx"
    _book(path)
    ok = eurostat.clean_comext(path)
    assert ok["value_eur"].tolist()[0] == 5.0 and np.isnan(ok["value_eur"].tolist()[1])
    _book(path, time="Jan 2020")
    layout_error(eurostat.clean_comext, path, "sheet 'Sheet 1', cell C9", "YYYY-MM")
    _book(path, value="n/a")
    layout_error(eurostat.clean_comext, path, "cell C12", "'n/a'")
    _book(path, flow="BOTH")
    layout_error(eurostat.clean_comext, path, "cell C6", "IMPORT or EXPORT")
