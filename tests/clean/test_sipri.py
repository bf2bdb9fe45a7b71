"""The SIPRI milex cleaner on the real releases and on broken workbooks built at test time."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import requires_mirror

from analysis import datasets
from analysis.clean.sipri import clean_milex
from analysis.errors import LayoutError

REAL = requires_mirror("sipri-milex")  # only the real-file tests need the mirror


def _value(df, iso3, year):
    row = df[(df.iso3 == iso3) & (df.year == year)]
    assert len(row) == 1
    return row.iloc[0]


@REAL
def test_constant_usd_2023_release_values_and_base_year():
    df = datasets.milex(2023, "constant_usd", ["ARM", "AZE"])
    aze = _value(df, "AZE", 2015)
    # SOURCE.toml: AZE 2015 = 3671.4 m constant 2021 US$ in the 2023 release.
    assert aze.value == pytest.approx(3671.4, abs=0.05)
    assert aze.price_base_year == 2021 and aze.unit == "USD m, constant 2021 prices"
    # Armenia 1994 is missing in this release ("..."), not zero.
    arm94 = _value(df, "ARM", 1994)
    assert arm94.missing and arm94.value != arm94.value  # NaN
    assert set(df.iso3) == {"ARM", "AZE"}


@REAL
def test_editions_differ_and_carry_their_own_base_year():
    a = _value(datasets.milex(2023, countries="AZE"), "AZE", 2015)
    b = _value(datasets.milex(2024, countries="AZE"), "AZE", 2015)
    # SOURCE.toml: 2906.7 m 2022$ in the 2024 release vs 3671.4 m 2021$ in the 2023 release.
    assert b.value == pytest.approx(2906.7, abs=0.05) and b.price_base_year == 2022
    assert a.value != b.value


@REAL
def test_every_measure_and_flags_present():
    df = datasets.milex_all(2025)
    assert set(df.measure) == {"constant_usd", "current_usd", "local_currency",
                               "local_currency_fy", "share_gdp", "per_capita", "share_govt"}
    assert {"TUR", "IRN", "RUS", "GEO"} <= set(df.iso3)
    assert df.estimate.any() and df.uncertain.any() and df.missing.any()
    share = df[(df.measure == "share_gdp") & df.value.notna()].value
    # Fractions, not percent (Kuwait 1991, during the Gulf War, really is above 1).
    assert share.median() < 0.05
    assert not df.duplicated(["iso3", "year", "measure"]).any()


@REAL
def test_unknown_edition_and_measure_are_clear_errors():
    with pytest.raises(ValueError, match="sipri-milex release 2019 is not in the catalog"):
        datasets.milex(2019)
    with pytest.raises(ValueError, match="unknown SIPRI measure 'usd'"):
        datasets.milex(2023, "usd")
    with pytest.raises(ValueError, match=r"no data for ISO3 code\(s\) \['XYZ'\]"):
        datasets.milex(2023, countries=["ARM", "XYZ"])


def _workbook(tmp_path, rename=None, drop_header=None):
    """A tiny workbook with SIPRI's layout: title lines, a 'Country' header, region rows."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    sheets = ["Local currency financial years", "Local currency calendar years",
              "Constant (2021) US$", "Current US$", "Share of GDP", "Per capita",
              "Share of Govt. spending"]
    for name in sheets:
        ws = wb.create_sheet(rename.get(name, name) if rename else name)
        ws.append(["Military expenditure by country"])
        ws.append([""])
        header = ["Country", "Notes"] + [float(y) for y in range(2000, 2006)]
        if drop_header == name:
            header[0] = "State"
        ws.append(header)
        ws.append(["Europe"])
        ws.append(["Armenia", None, 1.0, 2.0, "...", 4.0, 5.0, 6.0])
        ws.append(["Azerbaijan", None, "xxx", 2.5, 3.5, 4.5, 5.5, 6.5])
    path = tmp_path / "milex.xlsx"
    wb.save(path)
    return path


def test_small_workbook_cleans(tmp_path):
    df = clean_milex(_workbook(tmp_path), 2023)
    c = df[df.measure == "constant_usd"]
    assert len(c) == 12 and c.price_base_year.unique().tolist() == [2021]
    assert c[(c.iso3 == "ARM") & (c.year == 2002)].missing.item()
    assert c[(c.iso3 == "AZE") & (c.year == 2000)].not_state.item()


def test_renamed_sheet_is_an_error_naming_it(tmp_path):
    path = _workbook(tmp_path, rename={"Share of GDP": "GDP share"})
    with pytest.raises(LayoutError) as err:
        clean_milex(path, 2023)
    assert "milex.xlsx" in str(err.value) and "Share of GDP" in str(err.value)
    assert "GDP share" in str(err.value)


def test_missing_header_is_an_error_naming_the_sheet(tmp_path):
    path = _workbook(tmp_path, drop_header="Current US$")
    with pytest.raises(LayoutError, match=r"sheet 'Current US\$'.*first cell is 'Country'"):
        clean_milex(path, 2023)


def test_unexpected_cell_value_names_the_cell(tmp_path):
    path = _workbook(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Per capita"]["D5"] = "n/a"
    wb.save(path)
    with pytest.raises(LayoutError, match=r"sheet 'Per capita', cell D5 \(Armenia, 2001\)"):
        clean_milex(path, 2023)
