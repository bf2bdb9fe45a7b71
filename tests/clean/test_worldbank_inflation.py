"""The World Bank inflation cleaners (WDI and Global Database of Inflation) on the real files
(values read from the raw files; they agree with SOURCE.toml's notes) and on broken copies."""

from __future__ import annotations

import pytest
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets
from analysis.clean import worldbank_inflation as wbi

WB = requires_mirror("wb-inflation")


@WB
def test_wdi_inflation_real_files():
    cpi = datasets.inflation(["ARM", "AZE", "GEO"], "cpi", "WDI")
    assert one_row(cpi, iso3="AZE", year=2007).value == pytest.approx(16.6997549618244)
    assert one_row(cpi, iso3="AZE", year=2016).value == pytest.approx(12.4433748584372)
    assert one_row(cpi, iso3="ARM", year=2016).value == pytest.approx(-1.403607559009)
    # The WDI value for Azerbaijan's hyperinflation year 1992 is implausible (GID: 917%).
    assert one_row(cpi, iso3="AZE", year=1992).value == pytest.approx(-10.6300971576201)
    assert cpi[cpi.iso3 == "ARM"].year.min() == 1994  # 1992-1993 empty
    assert set(cpi.source) == {"WDI"} and set(cpi.series) == {"FP.CPI.TOTL.ZG"}
    defl = datasets.inflation("AZE", "gdp_deflator", "WDI")
    assert one_row(defl, year=2009).value == pytest.approx(-18.8449572890202)
    assert 2024 not in set(defl.year)  # the 2024 column is empty
    assert not {"WLD", "ECS"} & set(datasets.inflation(None, "cpi", "WDI").iso3)


@WB
def test_gid_inflation_real_files():
    cpi = datasets.inflation(["ARM", "AZE", "XKX"], "cpi", "GID")
    assert one_row(cpi, iso3="AZE", year=1992).value == 917.0
    assert one_row(cpi, iso3="AZE", year=2016).value == 12.4
    assert one_row(cpi, iso3="ARM", year=2007).value == 4.6
    assert cpi.year.max() == 2023
    assert len(cpi[cpi.iso3 == "XKX"]) > 0  # GID's XXK, mapped in data/mappings/wb-gid.csv
    defl = datasets.inflation("AZE", "gdp_deflator", "GID")
    assert one_row(defl, year=2009).value == -18.9 and one_row(defl, year=2016).value == 14.6
    both = datasets.inflation_all(["AZE"])
    assert set(zip(both.source, both.measure, strict=True)) == set(datasets.INFLATION_SOURCE_IDS)
    with pytest.raises(ValueError, match="no inflation table for source='IMF'"):
        datasets.inflation(["AZE"], "cpi", "IMF")


GID_HEADER = "Country Code,IMF Country Code,Country,Indicator Type,Series Name,2015,2016,Note"


def test_gid_broken_copies(tmp_path):
    path = tmp_path / "gid.csv"
    path.write_text(GID_HEADER.replace("Series Name", "Series") + "\n", encoding="utf-8")
    layout_error(lambda p: wbi.clean_gid(p, "cpi"), path, "'Series Name'", "header row")
    path.write_text(GID_HEADER + "\nAZE,912,Azerbaijan,Inflation,Core Consumer Price "
                    "Inflation,4.0,12.4,\n", encoding="utf-8")
    layout_error(lambda p: wbi.clean_gid(p, "cpi"), path, "line 2",
                 "'Headline Consumer Price Inflation'")
    row = "AZE,912,Azerbaijan,Inflation,Headline Consumer Price Inflation,4.0,{},\n"
    path.write_text(GID_HEADER + "\n" + row.format("12.4") + row.format("n/a")
                    .replace("AZE", "ARM"), encoding="utf-8")
    layout_error(lambda p: wbi.clean_gid(p, "cpi"), path, "line 3", "'2016'", "'n/a'")
    path.write_text(GID_HEADER + "\n" + row.format("1").replace("AZE,", "ZZQ,") +
                    ",,,,,,,\n\"Note: projections\",,,,,,,\n", encoding="utf-8")
    layout_error(lambda p: wbi.clean_gid(p, "cpi"), path, "line 2", "'ZZQ'", "wb-gid.csv")
    # The trailing empty and note lines are skipped.
    path.write_text(GID_HEADER + "\n" + row.format("12.4") + ",,,,,,,\n\"Note: x\",,,,,,,\n",
                    encoding="utf-8")
    df = wbi.clean_gid(path, "cpi")
    assert len(df) == 2 and one_row(df, year=2016).value == 12.4


def test_wdi_broken_copy(tmp_path):
    path = tmp_path / "wdi.csv"
    path.write_text('"Country Name","Country Code","Indicator Name","Indicator Code","2016",\n'
                    '"Armenia","ARM","Inflation","FP.CPI.TOTL.ZG","-1.4",\n', encoding="utf-8")
    layout_error(lambda p: wbi.clean_wdi(p, "gdp_deflator"), path, "line 2",
                 "NY.GDP.DEFL.KD.ZG")
    assert wbi.clean_wdi(path, "cpi").value.item() == -1.4
