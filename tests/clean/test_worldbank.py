"""The World Bank WDI cleaners on the real files and on broken copies built at test time."""

from __future__ import annotations

import pytest
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets, sources
from analysis.clean import worldbank


@requires_mirror("wdi-gdp")
def test_gdp_real_file():
    df = worldbank.clean_gdp(sources.require("wdi-gdp"))
    # SOURCE.toml: ARM 2023 = 24.21 bn, AZE 2023 = 72.36 bn, AZE 1992 = 0.44 bn.
    assert one_row(df, iso3="ARM", year=2023).value == pytest.approx(24.212e9, rel=1e-4)
    assert one_row(df, iso3="AZE", year=2023).value == pytest.approx(72.356e9, rel=1e-4)
    assert one_row(df, iso3="AZE", year=1992).value == pytest.approx(0.44e9, rel=0.02)
    assert not {"WLD", "ECS", "EUU", "ARB"} & set(df.iso3)
    assert set(df.unit) == {"USD, current prices"} and set(df.indicator) == {"NY.GDP.MKTP.CD"}


@requires_mirror("wdi-population")
def test_population_real_file():
    df = datasets.population(["ARM", "AZE", "GEO"])
    assert one_row(df, iso3="ARM", year=2023).value == 2964300
    assert one_row(df, iso3="ARM", year=2024).value == 3033500
    assert one_row(df, iso3="AZE", year=2023).value == 10153958
    assert one_row(df, iso3="GEO", year=2024).value == 3699557


@requires_mirror("wdi-oil-rents")
def test_oil_rents_real_file():
    df = worldbank.clean_oil_rents(sources.require("wdi-oil-rents"))
    aze = df[df.iso3 == "AZE"]
    assert one_row(aze, year=2005).value == pytest.approx(36.03, abs=0.005)
    assert one_row(aze, year=2015).value == pytest.approx(12.07, abs=0.005)
    assert one_row(aze, year=2020).value == pytest.approx(15.28, abs=0.005)
    assert one_row(df, iso3="IRN", year=2020).value == pytest.approx(17.15, abs=0.005)
    assert aze.year.max() == 2020  # the 2021 column is empty in this vintage
    assert (df[df.iso3 == "ARM"].value == 0).all()
    assert not {"WLD", "ECS"} & set(df.iso3)


def test_wdi_long_renamed_column_is_alayout_error(tmp_path):
    path = tmp_path / "gdp.csv"
    path.write_text("Country Name,Country Code,Year,Val\nArmenia,ARM,2023,1.0\n",
                    encoding="utf-8")
    layout_error(worldbank.clean_gdp, path, "'Value'", "header row")


def test_wdi_long_text_value_is_alayout_error(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("Country Name,Country Code,Year,Value\nArmenia,ARM,2023,1.0\n"
                    "Armenia,ARM,2024,n.a.\n", encoding="utf-8")
    layout_error(worldbank.clean_population, path, "line 3", "'Value'", "'n.a.'")


def test_wdi_api_without_header_is_alayout_error(tmp_path):
    path = tmp_path / "api.csv"
    path.write_text('\ufeff"Data Source","World Development Indicators",\r\n\r\n'
                    '"Country","Country Code","Indicator Name","Indicator Code","2020",\r\n'
                    '"Armenia","ARM","Oil rents (% of GDP)","NY.GDP.PETR.RT.ZS","0",\r\n',
                    encoding="utf-8")
    layout_error(worldbank.clean_oil_rents, path, "'Country Name'")


def test_wdi_api_missing_column_and_bad_value_are_layout_errors(tmp_path):
    path = tmp_path / "api.csv"
    path.write_text('"Country Name","Country Code","Indicator Name","Code","2020",\r\n'
                    '"Armenia","ARM","Oil rents","NY.GDP.PETR.RT.ZS","0",\r\n',
                    encoding="utf-8")
    layout_error(worldbank.clean_oil_rents, path, "'Indicator Code'")
    path.write_text('"Country Name","Country Code","Indicator Name","Indicator Code","2020",\r\n'
                    '"Armenia","ARM","Oil rents","NY.GDP.PETR.RT.ZS","zero",\r\n',
                    encoding="utf-8")
    layout_error(worldbank.clean_oil_rents, path, "line 2", "'2020'", "'zero'")


@requires_mirror("wdi-remittances")
def test_remittances_real_file():
    df = datasets.remittances(["ARM", "AZE", "GEO", "RUS"])
    # SOURCE.toml: 2022, US$ m: ARM 2,034.8; AZE 3,950.0; GEO 3,853.7; RUS 3,300.5.
    got = df[df.year == 2022].set_index("iso3")["value"] / 1e6
    assert got.to_dict() == pytest.approx({"ARM": 2034.8, "AZE": 3950.0, "GEO": 3853.7,
                                           "RUS": 3300.5}, abs=0.05)
    assert one_row(df, iso3="AZE", year=2021).value == pytest.approx(1526.6e6, rel=1e-4)
    assert df.year.max() == 2022 and not {"WLD", "ECS"} & set(df.iso3)


def test_wdi_api_excel_missing_sheet_and_bad_value_are_layout_errors(tmp_path):
    import pandas as pd

    path = tmp_path / "api.xlsx"
    grid = [["Data Source", "World Development Indicators"], ["Last Updated Date", "2023"],
            [None], ["Country Name", "Country Code", "Indicator Name", "Indicator Code", 2021.0,
                     2022.0],
            ["Armenia", "ARM", "Remittances", "BX.TRF.PWKR.CD.DT", 1.0, "lots"]]
    pd.DataFrame(grid).to_excel(path, sheet_name="Data", header=False, index=False)
    layout_error(worldbank.clean_remittances, path, "line 5", "'2022'", "'lots'")
    pd.DataFrame(grid).to_excel(path, sheet_name="Sheet1", header=False, index=False)
    layout_error(worldbank.clean_remittances, path, "'Data'")
