"""Armenia's trade by partner and gas trade (tvyal extracts of Armstat and Comtrade) on the real
files and on broken copies built at test time."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import layout_error, requires_mirror

from analysis import datasets, sources
from analysis.clean import trade_partners

HEADER = '"country","year","month","export","import_origin","import_consignment","date"\n'


@requires_mirror("trade-partners")
def test_arm_trade_real_file():
    df = trade_partners.clean_arm_trade(sources.require("trade-partners-arm-trade-country"))
    y23 = df[df["year"] == 2023]
    # SOURCE.toml: 2023 exports 8,552,015 thousand US$, of which to Russia 3,540,192.
    assert y23.loc[y23["flow"] == "export", "value"].sum() == pytest.approx(8_552_015, abs=1)
    rus = y23[(y23["iso3"] == "RUS") & (y23["flow"] == "export")]
    assert rus["value"].sum() == pytest.approx(3_540_192, abs=1)
    assert set(rus["partner"]) == {"Russian Federation"}
    # Two spellings of one state share its code; non-states keep none.
    assert set(df.loc[df["iso3"] == "USA", "partner"]) == {"USA", "United States"}
    assert df.loc[df["partner"] == "Unknown country", "iso3"].isna().all()
    assert (df["date"].min(), df["date"].max()) == (pd.Timestamp("2007-01-01"),
                                                  pd.Timestamp("2024-12-01"))


@requires_mirror("trade-partners")
def test_gas_real_file():
    gas = datasets.armenia_gas_trade()
    imports = gas[(gas["year"] == 2022) & (gas["flow"] == "Import")].groupby("iso3").sum(
        numeric_only=True)
    # SOURCE.toml: imports from Russia in 2022 US$ 443.2 m (1.85 bn kg), from Iran US$ 60.9 m.
    assert imports.at["RUS", "value_usd"] == pytest.approx(443.2e6, rel=1e-3)
    assert imports.at["RUS", "netweight_kg"] == pytest.approx(1.854e9, rel=1e-3)
    assert imports.at["IRN", "value_usd"] == pytest.approx(60.9e6, rel=1e-3)
    assert gas["date"].max() == pd.Timestamp("2023-09-01")  # the series stops here
    assert gas.loc[gas["partner"] == "Areas, nes", "iso3"].isna().all()


def test_broken_trade_files_name_line_and_column(tmp_path):
    path = tmp_path / "trade.csv"
    path.write_text(HEADER.replace('"export"', '"exports"') + '"Georgia",2023,1,1,2,3,"x"\n')
    layout_error(trade_partners.clean_arm_trade, path, "header row", "export")
    path.write_text(HEADER + '"Georgia",2023,1,1,2,3,"x"\n"Georgia",2023,13,1,2,3,"x"\n')
    layout_error(trade_partners.clean_arm_trade, path, "line 3", "'month'", "a month 1-12")
    path.write_text(HEADER + '"Georgia",2023,1,n/a,2,3,"x"\n')
    layout_error(trade_partners.clean_arm_trade, path, "line 2", "'export'", "'n/a'")
    path.write_text(HEADER + '"Atlantis",2023,1,1,2,3,"x"\n')
    with pytest.raises(Exception, match="Atlantis"):
        trade_partners.clean_arm_trade(path)


def test_broken_gas_file_names_line_and_column(tmp_path):
    cols = ("year,month,period,trade_code,trade_flow,reporter,partner_iso,partner,commodity_code,"
            "commodity,IsQtyEstimated,IsNetWgtEstimated,netweight_kg,trade_value_us,"
            "partner_region\n")
    row = "2022,1,2022-01-01,M,Import,Armenia,RUS,Russian Federation,271121,gas,FALSE,FALSE,1,2,x\n"
    path = tmp_path / "gas.csv"
    path.write_text(cols + row + row.replace("271121", "270900"))
    layout_error(trade_partners.clean_gas, path, "line 3", "'commodity_code'", "271121")
    path.write_text(cols + row.replace("Import", "Export"))
    layout_error(trade_partners.clean_gas, path, "line 2", "'trade_flow'", "'Export'")
