"""IMF Direction of Trade workbooks on the real files and on broken workbooks built at test
time."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets
from analysis.clean import imf_dots


@requires_mirror("imf-dots-trade")
def test_dots_real_files():
    df = datasets.dots_trade()
    assert set(df["reporter_iso3"]) == {"ARM", "AZE", "GEO", "RUS", "TUR", "IRN"}
    arm = df[df["reporter_iso3"] == "ARM"]
    # Read in DOTS_9.xlsx: exports to the World in 2019 2,638.80, to Russia 733.10 (US$ m).
    assert one_row(arm, partner="World", year=2019, flow="exports").value == \
        pytest.approx(2638.804, abs=1e-3)
    assert one_row(arm, partner_iso3="RUS", year=2019, flow="exports").value == \
        pytest.approx(733.099, abs=1e-3)
    # The portal's first row repeats Australia: it is read once.
    assert len(arm[(arm["partner"] == "Australia") & (arm["year"] == 2019)
                   & (arm["flow"] == "exports")]) == 1
    # Iran's exports to Russia in 2019 are an IMF estimate ("363.88 e").
    irn = one_row(df, reporter_iso3="IRN", partner_iso3="RUS", year=2019, flow="exports")
    assert irn.value == pytest.approx(363.88) and irn.estimate
    assert df["year"].max() == 2020
    assert one_row(arm, partner="European Union", year=2019, flow="imports").partner_iso3 is None


def _book(path, rows_exports, unit="US Dollars, Millions"):
    with pd.ExcelWriter(path) as xl:
        for sheet, title in imf_dots.TITLES.items():
            grid = [[None, None], [None, title], [None, None], [None, "Armenia, Rep. of"],
                    [None, unit], [None, None], [None, None, 2019, 2020]]
            grid += rows_exports
            pd.DataFrame(grid).to_excel(xl, sheet_name=sheet, header=False, index=False)


def test_broken_dots_workbooks_name_sheet_and_cell(tmp_path):
    path = tmp_path / "dots.xlsx"
    _book(path, [[None, "World", 1.0, 2.0], [None, "Georgia", "1.5 e", 2.0]])
    ok = imf_dots.clean_dots(path)
    assert one_row(ok, partner="Georgia", year=2019, flow="exports").estimate
    _book(path, [[None, "World", 1.0, 2.0]], unit="US Dollars")
    layout_error(imf_dots.clean_dots, path, "sheet 'Exports, FOB', cell B5", "US Dollars, Millions")
    _book(path, [[None, "World", 1.0, "n.a."]])
    layout_error(imf_dots.clean_dots, path, "cell D8", "'n.a.'")
    _book(path, [[None, "Georgia", 1.0, 2.0], [None, "World", 1.0, 2.0],
                 [None, "Georgia", 9.0, 2.0]])
    layout_error(imf_dots.clean_dots, path, "cell B8", "copy row 10")
