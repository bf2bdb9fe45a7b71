"""The military theme and the shared statistics, on small tables with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import requires_mirror

from analysis import datasets, stats
from analysis.themes import military


def _milex(values: dict[int, float], iso3="AZE") -> pd.DataFrame:
    return pd.DataFrame({"iso3": iso3, "year": list(values), "value": list(values.values())})


def test_growth_ratio_and_missing_year():
    df = _milex({2005: 2.0, 2010: 5.0, 2015: 16.0, 2016: np.nan})
    assert stats.growth_ratio(df, "AZE", 2005, 2015) == 8.0
    with pytest.raises(ValueError, match=r"AZE: no value for year\(s\) \[2016\]"):
        stats.growth_ratio(df, "AZE", 2005, 2016)
    with pytest.raises(ValueError, match="no rows for 'ARM'"):
        stats.growth_ratio(df, "ARM", 2005, 2015)


def test_cumulative_refuses_gaps():
    df = _milex({2006: 1.0, 2007: 2.0, 2008: 3.0})
    assert stats.window_sum(df, "AZE", 2006, 2008) == 6.0
    with pytest.raises(ValueError, match=r"missing values for \[2009\]"):
        stats.window_sum(df, "AZE", 2006, 2009)


def test_supplier_shares_and_windows():
    imports = pd.DataFrame({
        "recipient_iso3": "AZE",
        "supplier": ["Russia", "Israel", "Russia", "Türkiye", "Belarus"],
        "supplier_iso3": ["RUS", "ISR", "RUS", "TUR", "BLR"],
        "year": [2006, 2010, 2012, 2021, 2030],
        "tiv": [10.0, 20.0, 30.0, 35.0, 99.0],
    })
    shares = military.supplier_shares(imports, 2006, 2022)
    assert shares["share"].sum() == pytest.approx(1.0)
    assert shares.set_index("supplier_iso3").loc["RUS", "share"] == pytest.approx(40 / 95)
    assert stats.window_label(2009) == "2005-2009" and stats.window_label(2010) == "2010-2014"
    w = military.imports_by_window(imports, width=5, top=2, min_share=1.01)
    assert set(w["supplier"]) == {"Belarus", "Russia", "Other suppliers"}
    assert w["tiv"].sum() == pytest.approx(imports["tiv"].sum())
    # A window's main supplier is named even outside the overall top: Türkiye has all of
    # 2020-2024; Israel's 40% of 2010-2014 stays below a 50% threshold.
    w = military.imports_by_window(imports, width=5, top=2, min_share=0.5)
    assert set(w["label"]) == {"Belarus", "Russia", "Türkiye", "Other suppliers"}
    ten = w[w["window"] == "2010-2014"].set_index("label")
    assert ten.loc["Other suppliers", "share"] == pytest.approx(0.4)
    assert ten["total"].unique().tolist() == [50.0]
    with pytest.raises(ValueError, match="no arms imports recorded between 1990 and 1995"):
        military.supplier_shares(imports, 1990, 1995)


def test_rebase_uses_the_ratio_of_current_to_constant_in_the_new_price_year():
    years = [2019, 2020, 2021, 2022]
    constant_2023 = pd.Series([80.0, 90.0, 100.0, 110.0], index=years)  # priced in 2023
    current = pd.Series([60.0, 70.0, 80.0, 100.0], index=years)
    # In 2021 the release's constant dollars are worth 80/100 of that year's dollars.
    rebased = stats.rebase(constant_2023, current, 2021)
    assert rebased[2021] == pytest.approx(80.0)
    assert rebased[2019] == pytest.approx(64.0) and rebased[2022] == pytest.approx(88.0)
    # Re-basing never changes a ratio between years of one series.
    assert rebased[2022] / rebased[2019] == pytest.approx(110 / 80)
    with pytest.raises(ValueError, match="no current value in 2021"):
        stats.rebase(constant_2023, current.drop(2021), 2021)


def test_coverage_names_its_columns_explicitly():
    imports = pd.DataFrame({"recipient_iso3": ["AZE", "AZE"], "year": [2001, 2005],
                            "tiv": [1.0, np.nan]})
    spend = _milex({1995: 1.0, 2000: np.nan, 2010: 2.0})
    cov = stats.coverage({"imports": stats.Series(imports, country="recipient_iso3",
                                                  value="tiv"),
                          "spend": stats.Series(spend)}, ["AZE", "ARM"])
    got = cov.set_index(["series", "iso3"])
    assert got.loc[("imports", "AZE"), "last_year"] == 2001  # NaN rows do not count
    assert got.loc[("spend", "AZE"), "years_with_data"] == 2
    assert pd.isna(got.loc[("spend", "ARM"), "first_year"])


def test_named_supplier_shares_rank_and_absent_supplier():
    imports = pd.DataFrame({
        "recipient_iso3": "AZE", "supplier": ["Israel", "Russia", "Türkiye"],
        "supplier_iso3": ["ISR", "RUS", "TUR"], "year": [2019, 2020, 2021],
        "tiv": [60.0, 30.0, 10.0]})
    out = military.named_supplier_shares(imports, ("ISR", "USA"), ((2018, 2022),))
    isr = out.set_index("supplier_iso3").loc["ISR"]
    assert isr["share"] == pytest.approx(0.6) and isr["rank"] == 1 and isr["suppliers"] == 3
    usa = out.set_index("supplier_iso3").loc["USA"]
    assert usa["share"] == 0 and np.isnan(usa["rank"])


# --------------------------------------------------------------------------- real files

MILEX_AND_CPI = [requires_mirror("sipri-milex"), requires_mirror("wb-inflation")]
RELEASES = (2023, 2024, 2025)


def _real(test):
    for mark in MILEX_AND_CPI:
        test = mark(test)
    return test


@_real
def test_sipri_releases_agree_on_nominal_spending():
    rev = military.nominal_revisions(RELEASES, ["ARM", "AZE"])
    assert set(rev.measure) == {"local_currency", "current_usd"}
    assert (rev.max_rel_diff == 0).all() and (rev.last_year == 2022).all()


@_real
def test_price_index_check_finds_the_releases_odd_years_for_azerbaijan():
    chk = military.price_index_check(RELEASES, ["ARM", "AZE"]).set_index(
        ["iso3", "edition", "year"])
    # Local currency / constant US$, read from the three workbooks: 2007 -18.8% in the 2023
    # and 2024 releases (WDI CPI +16.7%), 2016 +61.7% in 2023, 2010 +52.0% in 2024.
    for key, implied in ((("AZE", 2023, 2007), -18.8485), (("AZE", 2023, 2016), 61.699),
                         (("AZE", 2024, 2007), -18.8485), (("AZE", 2024, 2010), 52.040)):
        row = chk.loc[key]
        assert row.implied_inflation == pytest.approx(implied, abs=1e-3)
        assert bool(row.off_cpi) and bool(row.releases_disagree)
    flagged = chk[chk.off_cpi.fillna(False)].reset_index()
    recent = flagged[flagged.year >= 1996]
    assert set(map(tuple, recent[["iso3", "edition", "year"]].to_numpy())) == {
        ("AZE", 2023, 2007), ("AZE", 2023, 2016), ("AZE", 2024, 2007), ("AZE", 2024, 2010)}
    assert chk.loc[("AZE", 2025, 2007)].implied_inflation == pytest.approx(16.71, abs=0.01)
    # The 2023 release's two odd years cancel: its price level is 0.695 of the CPI's in
    # 2007-2015 and back in line from 2016 (1 in its base year 2021).
    assert chk.loc[("AZE", 2023, 2010)].level_vs_cpi == pytest.approx(0.6954, abs=1e-4)
    assert chk.loc[("AZE", 2023, 2016)].level_vs_cpi == pytest.approx(1.0, abs=1e-6)


@_real
def test_cpi_deflated_growth_matches_the_latest_release():
    latest = stats.growth_ratio(datasets.milex(2025, "constant_usd", ["AZE"]), "AZE", 2005,
                                2015)
    assert latest == pytest.approx(5.3514, abs=1e-4)
    # The 2023 release's own local-currency figures, deflated with the WDI CPI.
    assert military.cpi_growth_ratio(2023, "AZE", 2005, 2015) == pytest.approx(latest,
                                                                              rel=0.005)


@requires_mirror("sipri-milex")
def test_rebased_release_equals_current_dollars_in_2021_and_keeps_ratios():
    reb = military.rebased_milex(2025, ["AZE"]).set_index("year")
    cur = datasets.milex(2025, "current_usd", ["AZE"]).set_index("year")["value"]
    const = datasets.milex(2025, "constant_usd", ["AZE"]).set_index("year")["value"]
    assert reb.loc[2021, "value"] == pytest.approx(cur[2021]) == pytest.approx(2703.2, abs=0.05)
    assert reb.loc[2015, "value"] == pytest.approx(3163.0 * 2703.2 / 3349.1, rel=1e-4)
    assert reb.loc[2015, "value"] / reb.loc[2005, "value"] == pytest.approx(
        const[2015] / const[2005])
    assert set(reb.price_base_year) == {2021} and set(reb.own_price_base_year) == {2023}
    assert set(reb.unit) == {"USD m, constant 2021 prices (re-based)"}
    # The 2023 release is priced in 2021 already: re-basing leaves it unchanged.
    same = military.rebased_milex(2023, ["AZE"]).set_index("year")["value"]
    orig = datasets.milex(2023, "constant_usd", ["AZE"]).set_index("year")["value"]
    pd.testing.assert_series_equal(same.dropna(), orig.dropna(), check_names=False)


# --------------------------------------------------------------------------- suppliers


def _register():
    return pd.DataFrame({
        "supplier": ["France", "France", "Russia", "Turkiye", "Israel"],
        "supplier_iso3": ["FRA", "FRA", "RUS", "TUR", "ISR"],
        "recipient_iso3": ["ARM", "ARM", "ARM", "AZE", "AZE"],
        "designation": ["Bastion", "CAESAR", "Su-30", "Bayraktar TB2", "Harop"],
        "description": ["APC", "self-propelled gun", "FGA aircraft", "armed UAV",
                        "loitering munition"],
        "order_year": pd.array([2023, 2024, 2019, 2020, 2014], dtype="Int64"),
        "number_ordered": pd.array([24, 36, 4, 12, 100], dtype="Int64"),
        "number_delivered": pd.array([24, 0, 4, 12, 100], dtype="Int64"),
        "delivery_years": ["2023", None, "2019", "2020", "2015; 2016"],
        "last_delivery_year": pd.array([2023, None, 2019, 2020, 2016], dtype="Int64"),
        "status": "New", "tiv_delivered": [3.84, 0.0, 190.0, 28.8, 60.0]})


def test_deals_orders_and_labels():
    reg = _register()
    orders = military.orders_from(reg, "ARM", "FRA", 2021, 2023)
    assert orders["designation"].tolist() == ["Bastion"]
    assert len(military.orders_from(reg, "ARM", "FRA", 2021, 2024)) == 2
    drones = military.recipient_deals(reg, "AZE", pattern=military.UAV_PATTERN)
    assert drones["designation"].tolist() == ["Harop", "Bayraktar TB2"]  # by TIV delivered
    assert drones["label"].tolist() == ["Israel", "Türkiye"]  # one spelling: Türkiye
    since = military.recipient_deals(reg, "ARM", since=2020)
    assert since["designation"].tolist() == ["Bastion"]  # CAESAR has delivered nothing
    assert military.supplier_label(None, "unknown supplier(s)") == "unknown supplier(s)"


def test_supplier_ranks_share_ties_and_colours():
    imports = pd.DataFrame({"recipient_iso3": "ARM", "supplier": ["Russia", "India", "France"],
                            "supplier_iso3": ["RUS", "IND", "FRA"], "year": [2021, 2022, 2023],
                            "tiv": [40.0, 40.0, 20.0]})
    r = military.supplier_ranks(imports, [(2021, 2024)]).set_index("supplier_iso3")
    assert r.loc["RUS", "rank"] == 1 and r.loc["IND", "rank"] == 1  # a tie shares the rank
    assert r.loc["FRA", "rank"] == 3 and r.loc["FRA", "share"] == pytest.approx(0.2)
    assert set(r["suppliers"]) == {3}
    colours = military.supplier_colours({"Russia": "RUS", "India": "IND", "Jordan": "JOR",
                                         military.OTHER_SUPPLIERS: None})
    assert colours["Russia"] == "#000000" and military.OTHER_SUPPLIERS not in colours
    assert colours["India"] == military.SPARE_COLOURS[0]  # alphabetical: India, then Jordan
    assert colours["Jordan"] == military.SPARE_COLOURS[1]
    many = {f"S{i}": None for i in range(len(military.SPARE_COLOURS) + 1)}
    with pytest.raises(ValueError, match="suppliers without a country colour"):
        military.supplier_colours(many)


SIPRI_TRANSFERS = requires_mirror("sipri-arms-transfers")


@SIPRI_TRANSFERS
def test_turkey_france_and_drones_on_the_real_exports():
    aze = military.supplier_ranks(datasets.arms_imports("AZE"), [(2018, 2022), (2019, 2023)])
    tur = aze[aze["supplier_iso3"] == "TUR"].set_index("window")
    # By-year export: Türkiye 59.15 of 483.1 TIV in 2018-2022 (rank 2 after Israel).
    assert tur.loc["2018-2022", "tiv"] == pytest.approx(59.15)
    assert tur.loc["2018-2022", "share"] == pytest.approx(0.122438, abs=1e-6)
    assert tur.loc["2018-2022", "rank"] == 2 and tur.loc["2019-2023", "rank"] == 1
    reg = datasets.arms_register(["ARM", "AZE"])
    then = military.orders_from(reg, "ARM", "FRA", *military.FRANCE_ORDERS["then"])
    now = military.orders_from(reg, "ARM", "FRA", *military.FRANCE_ORDERS["now"])
    assert then["designation"].tolist() == ["Bastion", "Ground Master-200"]
    assert now["designation"].tolist() == ["Bastion", "Ground Master-200", "CAESAR 155mm"]
    tb2 = military.recipient_deals(reg, "AZE", pattern=military.UAV_PATTERN)
    tb2 = tb2[tb2["designation"] == "Bayraktar TB2"].iloc[0]
    assert (tb2["label"], tb2["number_delivered"], tb2["delivery_years"]) == \
        ("Türkiye", 12, "2020")


@requires_mirror("sipri-milex")
def test_change_since_2022_and_mean_burden_on_the_2025_release():
    ch = military.change_since(2025, ["ARM", "AZE"]).set_index("iso3")
    # 2025 workbook, constant (2023) US$ m: AZE 3254.6 (2022), 3699.4 (2024).
    assert ch.loc["AZE", "value_base"] == pytest.approx(3254.6, abs=0.05)
    assert ch.loc["AZE", "value_last"] == pytest.approx(3699.4, abs=0.05)
    assert ch.loc["AZE", "last_year"] == 2024 and ch.loc["AZE", "price_base_year"] == 2023
    assert ch.loc["ARM", "change"] == pytest.approx(1416.45 / 901.66 - 1, abs=1e-3)
    b = military.mean_burden(2025, ["ARM", "AZE"], 2006, 2022).set_index("iso3")
    assert (b["years"] == 17).all() and b.loc["AZE", "missing"] == []
    with pytest.raises(ValueError, match="no value in 2030"):
        military.change_since(2025, ["AZE"], base=2030)
