"""The SIPRI arms-transfers cleaners on the real files and on broken copies built at test
time (expected values read from the raw files; they agree with SOURCE.toml's notes)."""

from __future__ import annotations

import pytest
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets, sources
from analysis.clean import sipri_transfers

SIPRI = requires_mirror("sipri-arms-transfers")


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
    harop = one_row(aze, deal_id=59701, year=2017)
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
    assert one_row(imp, recipient_iso3="AZE", supplier_iso3="ISR", year=2016).tiv == \
        pytest.approx(250.45)
    assert one_row(imp, recipient_iso3="ARM", supplier_iso3="RUS", year=2019).tiv == \
        pytest.approx(227.5)
    # SOURCE.toml: ARM from Russia 1995-2024 = 676.9.
    arm_rus = imp[(imp.recipient_iso3 == "ARM") & (imp.supplier_iso3 == "RUS")]
    assert arm_rus.tiv.sum() == pytest.approx(676.94)
    assert one_row(imp, recipient_iso3="AZE", supplier="unknown supplier(s)",
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
    btr = one_row(df, recipient="Thailand", designation="BTR-3", number_ordered=14)
    assert (btr.tiv_unit, btr.tiv_order, btr.tiv_delivered) == (0.25, 3.5, 3.25)
    assert btr.delivery_years == "2010; 2012"
    assert (btr.first_delivery_year, btr.last_delivery_year) == (2010, 2012)
    heron = one_row(df, recipient="Azerbaijan", supplier="Israel", designation="Heron")
    assert heron.order_year == 2011 and heron.order_year_uncertain
    assert heron.comments == "Part of $1.6 b deal" and heron.tiv_delivered == 15
    assert one_row(df, supplier="Soviet Union", designation="Malyutka",
                recipient="Afghanistan").supplier_iso3 == "SUN"


def test_transfers_by_year_missing_column_is_alayout_error(tmp_path):
    path = tmp_path / "by-year.csv"
    header = BY_YEAR_HEADER.replace("TIV delivery values", "TIV values")
    path.write_text("Transfers of major conventional arms;\r\n;\r\n"
                    f"{header};\r\n{BY_YEAR_ROW};\r\n", encoding="utf-8")
    layout_error(sipri_transfers.clean_by_year, path, "'TIV delivery values'", "line 3")


def test_transfers_by_year_without_header_is_alayout_error(tmp_path):
    path = tmp_path / "no-header.csv"
    path.write_text("Transfers of major conventional arms;\r\n" f"{BY_YEAR_ROW};\r\n",
                    encoding="utf-8")
    layout_error(sipri_transfers.clean_by_year, path, "'Supplier'", "'Recipient'")


def test_transfers_by_year_text_in_tiv_is_alayout_error(tmp_path):
    path = tmp_path / "bad-tiv.csv"
    path.write_text(f"{BY_YEAR_HEADER};\r\n{BY_YEAR_ROW.replace(',20,No', ',n/a,No')};\r\n",
                    encoding="utf-8")
    layout_error(sipri_transfers.clean_by_year, path, "line 2", "'TIV delivery values'",
                  "'n/a'", "a number")


def test_transfers_register_missing_column_is_alayout_error(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(
        "Source: SIPRI Arms Transfers Database (c) SIPRI.\n"
        "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,"
        "Weapon description,Number delivered, ,Delivery years,status,Comments,"
        "SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n"
        "Armenia,Russia,2019,,10,,T-72,tank,10,,2020,New,,2,20,20\n", encoding="latin-1")
    layout_error(sipri_transfers.clean_register, path, "'Year(s) of delivery'")
