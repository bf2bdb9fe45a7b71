"""Cleaners of the military-balance data (SIPRI transfers, WDI, COW NMC) on the real files and
on broken copies built at test time (OWID personnel: tests/clean/test_owid.py).

Expected values were read from the raw files (and agree with each SOURCE.toml's notes).
"""

from __future__ import annotations

import math

import pytest
from conftest import requires_mirror

from analysis import datasets, sources
from analysis.clean import cow, sipri_transfers, worldbank
from analysis.errors import LayoutError

SIPRI = requires_mirror("sipri-arms-transfers")


def _one(df, **where):
    for col, value in where.items():
        df = df[df[col] == value]
    assert len(df) == 1, where
    return df.iloc[0]


def _layout_error(func, path, *needles):
    with pytest.raises(LayoutError) as info:
        func(path)
    message = str(info.value)
    assert str(path) in message
    for needle in needles:
        assert needle in message
    return info.value


# --- SIPRI arms transfers -------------------------------------------------------------------

BY_YEAR_HEADER = ("SIPRI AT Database ID,Supplier,Recipient,Designation,Description,"
                  "Armament category,Order date,Order date is estimate,Numbers delivered,"
                  "Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,"
                  "SIPRI estimate,TIV deal unit,TIV delivery values,Local production")
BY_YEAR_ROW = ("1,Russia,Armenia,T-72,tank,Armoured vehicles,2019,No,10,No,2020,No,New,"
               "2,2,20,No")


@SIPRI
def test_transfers_by_year_real_file():
    df = sipri_transfers.clean_by_year(sources.require("sipri-transfers-by-year"))
    assert len(df) == 25024  # SOURCE.toml: 25,024 data rows
    aze = df[df.recipient_iso3 == "AZE"]
    # Sum of the seven Israel -> Azerbaijan deliveries dated 2017 in the file.
    isr17 = aze[(aze.supplier_iso3 == "ISR") & (aze.year == 2017)]
    assert len(isr17) == 7 and isr17.tiv.sum() == pytest.approx(150.85)
    harop = _one(aze, deal_id=59701, year=2017)
    assert (harop.designation, harop.description, harop.category) == \
        ("Harop", "loitering munition", "Missiles")
    assert harop.tiv == pytest.approx(15.0) and harop.number_delivered == 25
    # Non-states keep their names and have no code.
    unknown = aze[aze.supplier == "unknown supplier(s)"]
    assert len(unknown) == 3 and unknown.supplier_iso3.isna().all()
    assert df[df.recipient == "PKK (Turkiye)*"].recipient_iso3.isna().all()


@SIPRI
def test_arms_imports_loader_sums_deals_by_supplier_and_year():
    imp = datasets.arms_imports(["ARM", "AZE"])
    assert list(imp.columns) == ["recipient_iso3", "supplier", "supplier_iso3", "year", "tiv"]
    assert _one(imp, recipient_iso3="AZE", supplier_iso3="ISR", year=2016).tiv == \
        pytest.approx(250.45)
    assert _one(imp, recipient_iso3="ARM", supplier_iso3="RUS", year=2019).tiv == \
        pytest.approx(227.5)
    # SOURCE.toml: ARM from Russia 1995-2024 = 676.9.
    arm_rus = imp[(imp.recipient_iso3 == "ARM") & (imp.supplier_iso3 == "RUS")]
    assert arm_rus.tiv.sum() == pytest.approx(676.94)
    assert _one(imp, recipient_iso3="AZE", supplier="unknown supplier(s)",
                year=2018).supplier_iso3 is None
    window = datasets.arms_imports("AZE", start=2015, end=2019)
    assert window.year.between(2015, 2019).all() and set(window.recipient_iso3) == {"AZE"}


@SIPRI
def test_transfers_register_real_file():
    df = sipri_transfers.clean_register(sources.require("sipri-transfers-register"))
    # 29,511 one-line deals + 4 deals whose comment broke over two lines.
    assert len(df) == 29515
    counts = df.recipient_iso3.value_counts()
    assert (counts["AZE"], counts["ARM"], counts["GEO"]) == (115, 46, 70)
    arm_rus = df[(df.recipient_iso3 == "ARM") & (df.supplier_iso3 == "RUS")]
    assert arm_rus.tiv_delivered.sum() == pytest.approx(860.04)  # SOURCE.toml: 860.0
    # A deal split over two lines is joined: its TIV columns come from the second line.
    btr = _one(df, recipient="Thailand", designation="BTR-3", number_ordered=14)
    assert (btr.tiv_unit, btr.tiv_order, btr.tiv_delivered) == (0.25, 3.5, 3.25)
    assert btr.delivery_years == "2010; 2012"
    assert (btr.first_delivery_year, btr.last_delivery_year) == (2010, 2012)
    heron = _one(df, recipient="Azerbaijan", supplier="Israel", designation="Heron")
    assert heron.order_year == 2011 and heron.order_year_uncertain
    assert heron.comments == "Part of $1.6 b deal" and heron.tiv_delivered == 15
    assert _one(df, supplier="Soviet Union", designation="Malyutka",
                recipient="Afghanistan").supplier_iso3 == "SUN"


def test_transfers_by_year_missing_column_is_a_layout_error(tmp_path):
    path = tmp_path / "by-year.csv"
    header = BY_YEAR_HEADER.replace("TIV delivery values", "TIV values")
    path.write_text("Transfers of major conventional arms;\r\n;\r\n"
                    f"{header};\r\n{BY_YEAR_ROW};\r\n", encoding="utf-8")
    _layout_error(sipri_transfers.clean_by_year, path, "'TIV delivery values'", "line 3")


def test_transfers_by_year_without_header_is_a_layout_error(tmp_path):
    path = tmp_path / "no-header.csv"
    path.write_text("Transfers of major conventional arms;\r\n" f"{BY_YEAR_ROW};\r\n",
                    encoding="utf-8")
    _layout_error(sipri_transfers.clean_by_year, path, "'Supplier'", "'Recipient'")


def test_transfers_by_year_text_in_tiv_is_a_layout_error(tmp_path):
    path = tmp_path / "bad-tiv.csv"
    path.write_text(f"{BY_YEAR_HEADER};\r\n{BY_YEAR_ROW.replace(',20,No', ',n/a,No')};\r\n",
                    encoding="utf-8")
    _layout_error(sipri_transfers.clean_by_year, path, "line 2", "'TIV delivery values'",
                  "'n/a'", "a number")


def test_transfers_register_missing_column_is_a_layout_error(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(
        "Source: SIPRI Arms Transfers Database (c) SIPRI.\n"
        "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,"
        "Weapon description,Number delivered, ,Delivery years,status,Comments,"
        "SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n"
        "Armenia,Russia,2019,,10,,T-72,tank,10,,2020,New,,2,20,20\n", encoding="latin-1")
    _layout_error(sipri_transfers.clean_register, path, "'Year(s) of delivery'")


# --- World Bank WDI -------------------------------------------------------------------------

@requires_mirror("wdi-gdp")
def test_gdp_real_file():
    df = worldbank.clean_gdp(sources.require("wdi-gdp"))
    # SOURCE.toml: ARM 2023 = 24.21 bn, AZE 2023 = 72.36 bn, AZE 1992 = 0.44 bn.
    assert _one(df, iso3="ARM", year=2023).value == pytest.approx(24.212e9, rel=1e-4)
    assert _one(df, iso3="AZE", year=2023).value == pytest.approx(72.356e9, rel=1e-4)
    assert _one(df, iso3="AZE", year=1992).value == pytest.approx(0.44e9, rel=0.02)
    assert not {"WLD", "ECS", "EUU", "ARB"} & set(df.iso3)
    assert set(df.unit) == {"USD, current prices"} and set(df.indicator) == {"NY.GDP.MKTP.CD"}


@requires_mirror("wdi-population")
def test_population_real_file():
    df = datasets.population(["ARM", "AZE", "GEO"])
    assert _one(df, iso3="ARM", year=2023).value == 2964300
    assert _one(df, iso3="ARM", year=2024).value == 3033500
    assert _one(df, iso3="AZE", year=2023).value == 10153958
    assert _one(df, iso3="GEO", year=2024).value == 3699557


@requires_mirror("wdi-oil-rents")
def test_oil_rents_real_file():
    df = worldbank.clean_oil_rents(sources.require("wdi-oil-rents"))
    aze = df[df.iso3 == "AZE"]
    assert _one(aze, year=2005).value == pytest.approx(36.03, abs=0.005)
    assert _one(aze, year=2015).value == pytest.approx(12.07, abs=0.005)
    assert _one(aze, year=2020).value == pytest.approx(15.28, abs=0.005)
    assert _one(df, iso3="IRN", year=2020).value == pytest.approx(17.15, abs=0.005)
    assert aze.year.max() == 2020  # the 2021 column is empty in this vintage
    assert (df[df.iso3 == "ARM"].value == 0).all()
    assert not {"WLD", "ECS"} & set(df.iso3)


def test_wdi_long_renamed_column_is_a_layout_error(tmp_path):
    path = tmp_path / "gdp.csv"
    path.write_text("Country Name,Country Code,Year,Val\nArmenia,ARM,2023,1.0\n",
                    encoding="utf-8")
    _layout_error(worldbank.clean_gdp, path, "'Value'", "header row")


def test_wdi_long_text_value_is_a_layout_error(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("Country Name,Country Code,Year,Value\nArmenia,ARM,2023,1.0\n"
                    "Armenia,ARM,2024,n.a.\n", encoding="utf-8")
    _layout_error(worldbank.clean_population, path, "line 3", "'Value'", "'n.a.'")


def test_wdi_api_without_header_is_a_layout_error(tmp_path):
    path = tmp_path / "api.csv"
    path.write_text('\ufeff"Data Source","World Development Indicators",\r\n\r\n'
                    '"Country","Country Code","Indicator Name","Indicator Code","2020",\r\n'
                    '"Armenia","ARM","Oil rents (% of GDP)","NY.GDP.PETR.RT.ZS","0",\r\n',
                    encoding="utf-8")
    _layout_error(worldbank.clean_oil_rents, path, "'Country Name'")


def test_wdi_api_missing_column_and_bad_value_are_layout_errors(tmp_path):
    path = tmp_path / "api.csv"
    path.write_text('"Country Name","Country Code","Indicator Name","Code","2020",\r\n'
                    '"Armenia","ARM","Oil rents","NY.GDP.PETR.RT.ZS","0",\r\n',
                    encoding="utf-8")
    _layout_error(worldbank.clean_oil_rents, path, "'Indicator Code'")
    path.write_text('"Country Name","Country Code","Indicator Name","Indicator Code","2020",\r\n'
                    '"Armenia","ARM","Oil rents","NY.GDP.PETR.RT.ZS","zero",\r\n',
                    encoding="utf-8")
    _layout_error(worldbank.clean_oil_rents, path, "line 2", "'2020'", "'zero'")


# --- Correlates of War NMC ------------------------------------------------------------------

NMC_HEADER = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version"


@requires_mirror("cow-nmc")
def test_nmc_real_file():
    df = cow.clean_nmc(sources.require("cow-nmc"))
    aze = _one(df, iso3="AZE", year=2016)
    assert (aze.milper, aze.milex) == (67, 1438000)
    arm = _one(df, iso3="ARM", year=2016)
    assert (arm.milper, arm.milex) == (45, 428000)
    geo = _one(df, iso3="GEO", year=2016)  # COW abbreviation GRG
    assert geo.stateabb == "GRG" and geo.milper == 21
    arm91 = _one(df, iso3="ARM", year=1991)  # milper is -9 in the file
    assert math.isnan(arm91.milper) and arm91.milex == 147000
    # COW "AUS" is Austria, not Australia.
    assert _one(df, stateabb="AUS", year=2016).iso3 == "AUT"
    assert _one(df, stateabb="AUL", year=2016).iso3 == "AUS"
    assert df[df.stateabb == "BAV"].iso3.isna().all()  # Bavaria: no ISO code


@requires_mirror("cow-nmc")
def test_personnel_from_cow_is_in_persons():
    df = datasets.personnel(["ARM", "AZE"], source="cow")
    assert _one(df, iso3="AZE", year=2016).value == 67000
    assert set(df.unit) == {"persons"} and set(df.source) == {"cow"}
    assert df.year.min() == 1992  # 1991 is -9 for both
    with pytest.raises(ValueError, match="unknown personnel source 'iiss'"):
        datasets.personnel(source="iiss")


def test_nmc_missing_column_is_a_layout_error(tmp_path):
    path = tmp_path / "nmc.csv"
    path.write_text(NMC_HEADER.replace("milper", "milpers") + "\n"
                    "ARM,371,2016,428000,45,0,3952,2925,1074,0.0006,2021\n", encoding="utf-8")
    _layout_error(cow.clean_nmc, path, "'milper'", "header row")


def test_nmc_text_value_is_a_layout_error(tmp_path):
    path = tmp_path / "nmc.csv"
    path.write_text(NMC_HEADER + "\nARM,371,2016,428000,NA,0,3952,2925,1074,0.0006,2021\n",
                    encoding="utf-8")
    _layout_error(cow.clean_nmc, path, "line 2", "'milper'", "'NA'", "-9")
