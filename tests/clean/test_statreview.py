"""The Statistical Review cleaners on the real workbooks and OWID panel (values read from the
raw files; they agree with SOURCE.toml's notes) and on broken copies built at test time."""

from __future__ import annotations

import math

import openpyxl
import pytest
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets
from analysis.clean import statreview

EI = requires_mirror("ei-statreview")
OWID = requires_mirror("owid-bp-statreview-2021")


def _oil(release):
    return datasets.energy_production(release, "oil_production_kbd", ["AZE", "NOR"])


@EI
def test_production_real_workbooks_and_their_revisions():
    old, mid, new = _oil(2022), _oil(2023), _oil(2024)
    # Azerbaijan, thousand barrels a day: 2022 workbook row 28, 2024 workbook row 29.
    assert one_row(old, iso3="AZE", year=2021).value == pytest.approx(722.4739915064794)
    assert one_row(new, iso3="AZE", year=2021).value == pytest.approx(708.1899041095891)
    assert one_row(new, iso3="AZE", year=2023).value == pytest.approx(620.481287671233)
    assert one_row(new, iso3="AZE", year=2007).value == pytest.approx(857.2475068493151)
    # The 2023 copy holds values rounded to whole thousands of barrels.
    assert one_row(mid, iso3="AZE", year=2022).value == 685.0
    assert set(new.release) == {"2024"} and set(new.unit) == {"thousand barrels per day"}
    for df in (old, mid, new):
        # Printed 0 (2022, 2024) or "-" (2023) before 1985: not reported, not zero.
        pre = one_row(df, iso3="AZE", year=1984)
        assert math.isnan(pre.value) and pre.not_reported
        assert one_row(df, iso3="AZE", year=1985).value == pytest.approx(273.5, abs=0.6)
    # Norway's zeros before its first oil (1971) are real zeros in the releases that print 0.
    assert one_row(old, iso3="NOR", year=1965).value == 0.0
    assert one_row(old, iso3="NOR", year=1971).value == 6.0
    ussr = datasets.energy_production(2024, "oil_production_kbd")
    ussr = ussr[ussr.entity == "USSR"]
    assert one_row(ussr, year=1984).value == pytest.approx(12296.677049180327)
    assert one_row(ussr, year=1985).not_reported


@EI
def test_gas_production_and_groups():
    gas = datasets.energy_production(2024, "gas_production_bcm")
    aze = gas[gas.iso3 == "AZE"]
    # SOURCE.toml: AZE 2021/2022/2023 = 31.81/34.13/35.56 bcm.
    for year, bcm in ((2021, 31.81), (2022, 34.13), (2023, 35.56)):
        assert one_row(aze, year=year).value == pytest.approx(bcm, abs=0.005)
    groups = set(gas[gas.iso3.isna()].entity)
    assert {"Total World", "Other CIS", "European Union", "of which: OECD"} <= groups
    with pytest.raises(ValueError, match="unknown series 'oil'"):
        datasets.energy_production(2024, "oil")


@EI
def test_crude_prices_real_workbooks():
    brent = datasets.crude_prices(2024, "Brent")
    assert one_row(brent, year=2020).value == pytest.approx(41.8383464566929)
    assert one_row(brent, year=1984).value == pytest.approx(28.78)
    assert set(brent.unit) == {"US$ per barrel, current prices"}
    long = datasets.crude_prices(2022, statreview.LONG_BENCHMARK)
    assert one_row(long, year=1861, prices="current").value == pytest.approx(0.49)
    assert one_row(long, year=2021, prices="constant 2021").value == \
        pytest.approx(70.9118972332016)
    # The 2023 copy keeps formulas linking to another workbook: their cached values are read.
    assert one_row(datasets.crude_prices(2023, "Brent"), year=2022).value == 101.32
    dubai = datasets.crude_prices(2022, "Dubai")
    assert one_row(dubai, year=1972).value == pytest.approx(1.9)
    assert one_row(datasets.crude_prices(2022, "Brent"), year=1975).not_reported


@EI
def test_pipeline_trade_real_workbooks():
    # SOURCE.toml: Azerbaijan to the EU 8.17 (2021), 11.5 (2022), 11.67 bcm (2023).
    for release, year, bcm in ((2022, 2021, 8.1694120891691), (2023, 2022, 11.5),
                               (2024, 2023, 11.671201655170387)):
        df = datasets.pipeline_gas_trade(release, exporter="AZE")
        assert one_row(df, importer="European Union").value == pytest.approx(bcm)
        assert set(df.year) == {year}
    total = datasets.pipeline_gas_trade(2024, exporter="AZE", importer="Total")
    assert total.value.item() == pytest.approx(23.93718283454539)
    ru = datasets.pipeline_gas_trade(2024, exporter="AZE", importer="RUS")
    assert ru.value.item() == pytest.approx(0.314287435)
    # "†" (less than 0.05) in the 2023 copy: Mexico to the US.
    small = datasets.pipeline_gas_trade(2023, exporter="MEX", importer="USA")
    assert small.below_half_unit.item() and math.isnan(small.value.item())
    with pytest.raises(ValueError, match="has no pipeline trade matrix"):
        datasets.pipeline_gas_trade(2021)


@OWID
def test_owid_panel_2021_release():
    df = datasets.energy_production(2021, countries=["AZE"])
    # SOURCE.toml: 1991 gas 8.38 bcm, oil 11.77 Mt; 2020 gas 25.84 bcm, oil 35.10 Mt.
    assert one_row(df, year=1991, series="gas_production_bcm").value == \
        pytest.approx(8.38, abs=0.005)
    assert one_row(df, year=1991, series="oil_production_mt").value == \
        pytest.approx(11.77, abs=0.005)
    assert one_row(df, year=2020, series="oil_production_mt").value == \
        pytest.approx(35.09972344)
    assert one_row(df, year=2020, series="oil_production_kbd").value == \
        pytest.approx(716.1033762)
    assert one_row(df, year=1984, series="oil_production_kbd").not_reported
    prices = datasets.crude_prices(2021)
    assert one_row(prices, benchmark="Brent", year=2020).value == pytest.approx(41.8383464566929)
    assert one_row(prices, benchmark=statreview.LONG_BENCHMARK, year=1965,
                   prices="current").value == pytest.approx(1.8)
    assert datasets.statreview_releases() == ["2021", "2022", "2023", "2024"]


# --------------------------------------------------------------------------- broken fixtures


def _workbook(tmp_path, *, rename=None, cell=None, drop_unit=None, drop_total=False):
    """A tiny workbook with the Review's layout: title, unit header with years and the growth
    columns after them, country rows, a footnote; spot and long price sheets; a pipeline
    matrix."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    years = list(range(1980, 1992))
    for sheet, unit in (("Oil Production - barrels", "Thousand barrels daily"),
                        ("Oil Production - tonnes", "Million tonnes"),
                        ("Gas Production - Bcm", "Billion cubic metres")):
        ws = wb.create_sheet(rename.get(sheet, sheet) if rename else sheet)
        ws.append(["Oil: Production*"])
        ws.append([None] * 14 + ["Growth rate per annum"])
        ws.append(["Units" if drop_unit == sheet else unit, *years, 1991, "2001-11"])
        ws.append(["Azerbaijan", *[0] * 5, *[200 + i for i in range(7)], 0.01, 0.02])
        ws.append(["USSR", *[9000 + i for i in range(5)], *[0] * 7, "-", "-"])
        ws.append(["Norway", 0, 0, *[10.0 + i for i in range(10)], 0.1, 0.1])
        ws.append(["Other CIS", *["^"] * 11, 0.2, None, None])
        ws.append(["* Excludes liquid fuels from other sources."])
    ws = wb.create_sheet("Spot crude prices")
    ws.append(["Oil: Spot crude prices"])
    ws.append([None, "Dubai", "Brent", "Nigerian", "West Texas"])
    ws.append([None, None, None, "Forcados", "Intermediate"])
    ws.append(["US dollars per barrel", "$/bbl1", "$/bbl2", "$/bbl3", "$/bbl4"])
    ws.append([1984, 28.06, 28.78, 28.14, 29.39])
    ws.append([1985, 27.53, 27.56, 27.75, 27.98])
    ws.append(["1 Dubai dated."])
    ws = wb.create_sheet("Oil crude prices since 1861")
    ws.append(["Oil: Crude oil prices 1861 - 1985"])
    ws.append(["US dollars per barrel"])
    ws.append(["Year", "$ money of the day", "$ 1985"])
    ws.append([1984, 28.78, 30.0])
    ws.append([1985, 27.56, 27.56])
    ws.append(["1984-1985 Brent dated."])
    ws = wb.create_sheet("Gas trade - pipeline")
    ws.append(["Natural Gas: Trade movements 1991 by pipeline "])
    ws.append(["Billion cubic metres", None, "From"])
    ws.append(["To", "Azerbaijan", "Russian Federation", "Other Europe1", "Total imports"])
    ws.append(["Georgia", 1.5, "-", "†", 1.5])
    ws.append(["EU", 2.0, 10.0, 0, 12.0])
    if not drop_total:
        ws.append(["Total exports", 3.5, 10.0, "†", 13.5])
    ws.append(["1. Includes all of non-EU Europe other than Norway"])
    if cell:
        sheet, ref, value = cell
        wb[sheet][ref] = value
    path = tmp_path / "review.xlsx"
    wb.save(path)
    return path


def test_small_workbook_cleans(tmp_path):
    path = _workbook(tmp_path)
    prod = statreview.clean_production(path, "1992")
    oil = prod[prod.series == "oil_production_kbd"]
    aze = oil[oil.iso3 == "AZE"]
    assert aze[aze.year < 1985].not_reported.all() and aze[aze.year < 1985].value.isna().all()
    assert one_row(aze, year=1985).value == 200
    ussr = oil[oil.entity == "USSR"]
    assert ussr[ussr.year >= 1985].not_reported.all()
    assert one_row(ussr, year=1984).value == 9004 and one_row(ussr, year=1984).iso3 == "SUN"
    assert one_row(oil, iso3="NOR", year=1980).value == 0.0  # a real zero, kept
    cis = oil[oil.entity == "Other CIS"]
    assert len(cis) == 12 and cis.iso3.isna().all()
    assert cis[cis.year < 1991].below_half_unit.all() and one_row(cis, year=1991).value == 0.2
    assert set(oil.year) == set(range(1980, 1992))  # the growth columns are not years
    prices = statreview.clean_prices(path, "1992")
    assert one_row(prices, benchmark="West Texas Intermediate", year=1985).value == 27.98
    assert one_row(prices, benchmark=statreview.LONG_BENCHMARK, year=1984,
                   prices="constant 1985").value == 30.0
    trade = statreview.clean_pipeline_trade(path, "1992")
    assert one_row(trade, exporter="Azerbaijan", importer="Georgia").value == 1.5
    assert one_row(trade, exporter="Russian Federation", importer="Georgia").value == 0.0
    assert one_row(trade, exporter="Other Europe", importer="Georgia").below_half_unit
    assert one_row(trade, exporter="Total", importer="Total").value == 13.5
    assert one_row(trade, exporter="Azerbaijan", importer="European Union").importer_iso3 \
        is None
    assert set(trade.year) == {1991}


def test_renamed_sheet_is_a_layout_error(tmp_path):
    path = _workbook(tmp_path, rename={"Gas Production - Bcm": "Gas output"})
    layout_error(lambda p: statreview.clean_production(p, "1"), path, "gas production - bcm",
                 "Gas output")


def test_text_in_a_year_column_names_the_cell(tmp_path):
    path = _workbook(tmp_path, cell=("Oil Production - tonnes", "D4", "n.a."))
    layout_error(lambda p: statreview.clean_production(p, "1"), path,
                 "cell D4 (Azerbaijan, 1982)", "'n.a.'")


def test_missing_unit_header_names_the_sheet(tmp_path):
    path = _workbook(tmp_path, drop_unit="Oil Production - barrels")
    layout_error(lambda p: statreview.clean_production(p, "1"), path,
                 "sheet 'Oil Production - barrels'", "'thousand barrels daily'")


def test_bad_price_and_missing_total_are_layout_errors(tmp_path):
    path = _workbook(tmp_path, cell=("Spot crude prices", "C5", "tbc"))
    layout_error(lambda p: statreview.clean_prices(p, "1"), path, "cell C5 (Brent, 1984)")
    path = _workbook(tmp_path, drop_total=True)
    layout_error(lambda p: statreview.clean_pipeline_trade(p, "1"), path, "'Total exports'")


def test_owid_panel_broken_copies(tmp_path):
    header = ("Entity,Year,Oil Production - Barrels,Oil Production - Tonnes,"
              "Gas Production - Bcm,Oil - Spot crude prices,"
              "Oil - Crude prices since 1861 (current $)")
    path = tmp_path / "panel.csv"
    path.write_text(header.replace("Gas Production - Bcm", "Gas Bcm") + "\n", encoding="utf-8")
    layout_error(statreview.clean_owid_production, path, "'Gas Production - Bcm'")
    path.write_text(header + "\nAzerbaijan,1990,254.3,12.5,9.65,,\n"
                    "Azerbaijan,1991,lots,11.8,8.4,,\n", encoding="utf-8")
    layout_error(statreview.clean_owid_production, path, "line 3",
                 "'Oil Production - Barrels'", "'lots'")
    ok = (header + "\nAzerbaijan,1984,0,0,0,,\nAzerbaijan,1985,273.5,13.2,13.7,,\n"
          "Azerbaijan,1986,268.4,13.0,13.1,,\n")
    path.write_text(ok, encoding="utf-8")
    df = statreview.clean_owid_production(path)
    assert one_row(df, year=1984, series="oil_production_kbd").not_reported
    assert set(df.release) == {"2021"}
