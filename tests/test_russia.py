"""The Russian-influence theme: survey dates, published figures with stated or assumed sample
sizes, the image comparison, trade shares, transfers, gas and the dated steps, on built tables
with known answers and on the real data."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import requires_mirror

from analysis import datasets
from analysis.themes import russia


@pytest.mark.parametrize("text, start, end, published, precision", [
    ("2013", "2013-01-01", "2013-12-31", None, "year"),
    ("2020-02/03", "2020-02-01", "2020-03-31", None, "month"),
    ("2020-11-17", "2020-11-17", "2020-11-17", None, "day"),
    ("2022 (reported 2022-06)", "2022-01-01", "2022-06-30", "2022-06-30", "year"),
    ("2018 (published 2018-05-02)", "2018-01-01", "2018-05-02", "2018-05-02", "year"),
    ("2015 (as cited)", "2015-01-01", "2015-12-31", None, "year"),
])
def test_parse_survey_date(text, start, end, published, precision):
    d = russia.parse_survey_date(text)
    assert (d.start, d.end) == (pd.Timestamp(start), pd.Timestamp(end))
    assert (pd.isna(d.published) if published is None else d.published == pd.Timestamp(published))
    assert d.precision == precision
    assert russia.parse_survey_date("not stated") is None
    with pytest.raises(ValueError, match="'spring 2019'"):
        russia.parse_survey_date("spring 2019")


def test_a_poll_is_known_a_month_after_fieldwork_or_when_published():
    brief = russia.BRIEF_DATE
    assert not russia.parse_survey_date("2023-12").known_by(brief)  # IRI December 2023
    assert russia.parse_survey_date("2023-01/03").known_by(brief)
    assert russia.parse_survey_date("2023-11").known_by(brief)
    assert not russia.parse_survey_date("2023 (published 2024-02-06)").known_by(brief)


def _polls():
    base = {"country": "ARM", "survey": "s", "unit": "percent of respondents",
            "source_title": "t", "source_url": "https://example.org", "locator": "l",
            "confidence": "high", "notes": None, "fieldwork": "", "source_id": "x"}
    rows = [
        ("CRRC", "2019", "main friend of the country", "Russia", 60.0, None),
        ("CRRC", "2022 (reported 2022-06)", "main friend of the country", "Russia", 40.0, None),
        ("International Republican Institute (IRI)", "2019",
         "Most important political partner (multiple)", "Russia", 80.0, None),
        ("International Republican Institute (IRI)", "2019-05", "Relations", "Iran", 50.0, 1200),
        ("International Republican Institute (IRI)", "2023-01/03",
         "Most important political partner (multiple)", "Russia", 50.0, 1500),
        ("International Republican Institute (IRI)", "2023-01/03",
         "Greatest political threat (multiple)", "Russia", 25.0, 1500),
    ]
    return pd.DataFrame([{**base, "pollster": p, "survey_date": d, "indicator": i,
                          "response": r, "value": v, "sample_size": n}
                         for p, d, i, r, v, n in rows])


def _micro():
    est = pd.DataFrame({
        "iso3": ["ARM", "ARM"], "item": ["main_friend", "main_enemy"],
        "answer": ["Russia", "Russia"], "deff": [1.5, 2.5], "share": [0.6, 0.02],
        "se": [0.012, 0.004], "n_base": [1000, 1000], "year": [2017, 2017],
        "date": pd.to_datetime(["2017-10-15", "2017-10-15"]),
        "design": ["design-based: ...", "design-based: ..."]})
    sizes = pd.DataFrame({"source_id": ["cb"], "wave": ["CB 2017"],
                          "survey": ["Caucasus Barometer"], "year": [2017], "iso3": ["ARM"],
                          "n": [1000]})
    return est, sizes


def test_published_figures_take_stated_or_assumed_sizes_and_the_microdata_deff():
    est, sizes = _micro()
    polls = _polls()
    assumed = russia.assumed_n(polls, sizes).set_index("pollster")
    # CRRC states no size: the smallest Caucasus Barometer sample in the microdata.
    assert assumed.at["CRRC", "n"] == 1000 and "microdata" in assumed.at["CRRC", "basis"]
    assert assumed.at["International Republican Institute (IRI)", "n"] == 1200
    pub = russia.published_russia(polls, est, sizes)
    assert set(pub["deff"]) == {2.0}  # the median of the microdata's design effects
    iri19 = pub[(pub["survey_date"] == "2019") & (pub["series"].str.startswith("IRI"))].iloc[0]
    # "2019" takes the size stated for the only IRI wave of 2019 ("2019-05", n = 1,200).
    assert iri19["n"] == 1200 and not iri19["n_assumed"]
    crrc = pub[pub["pollster"] == "CRRC"]
    assert crrc["n_assumed"].all() and (crrc["n"] == 1000).all()
    # Standard error: sqrt(deff p (1 - p) / n) = sqrt(2 * 0.6 * 0.4 / 1000).
    assert crrc["se"].iloc[0] == pytest.approx((2 * 0.24 / 1000) ** 0.5)


def test_image_comparison_takes_the_last_poll_before_the_war_and_the_latest_after():
    est, sizes = _micro()
    pub = russia.published_russia(_polls(), est, sizes)
    got = {c.measure: c for c in russia.image_comparisons(pub, est, None)}
    assert got["main friend (CRRC)"].damage_pp == pytest.approx(20.0)  # 60% -> 40%
    assert got["main friend (CRRC)"].direction == "fall"
    assert got["political partner (IRI)"].damage_pp == pytest.approx(30.0)
    threat = got["threat"]  # 2% main enemy (microdata) -> 25% greatest threat
    assert threat.damage_pp == pytest.approx(23.0) and threat.direction == "rise"
    assert threat.before_se == 0.004
    lo, hi = threat.ci_pp
    assert lo < 23 < hi and threat.p_value < 1e-6


def test_trade_shares_group_the_eu_and_fill_missing_partners():
    trade = pd.DataFrame({
        "partner": ["Russian Federation", "Germany", "France", "Iran", "Unknown country"],
        "iso3": ["RUS", "DEU", "FRA", "IRN", None],
        "date": pd.Timestamp("2022-01-01"), "year": 2022, "month": 1, "flow": "export",
        "value": [50.0, 20.0, 10.0, 15.0, 5.0], "unit": "thousand US$"})
    got = russia.trade_shares(trade, ("RUS", "EU27", "CHN"), "month", ("export",))
    share = got.set_index("partner")["share"]
    assert share["RUS"] == 0.5 and share["EU27"] == pytest.approx(0.3)
    assert share["CHN"] == 0  # no trade: a row with a zero share, not a missing one


def test_gas_and_transfer_shares_on_a_built_table():
    gas = pd.DataFrame({"date": pd.to_datetime(["2023-01-01", "2023-01-01", "2023-02-01"]),
                        "year": 2023, "month": [1, 1, 2], "flow": "Import",
                        "partner": ["Russia", "Iran", "Russia"], "iso3": ["RUS", "IRN", "RUS"],
                        "value_usd": [80.0, 20.0, 50.0], "netweight_kg": [300.0, 100.0, 200.0],
                        "quantity_estimated": False})
    y = russia.gas_russia_share(gas, "year").iloc[0]
    assert y["months"] == 2 and y["share_value"] == pytest.approx(130 / 150)
    assert y["share_kg"] == pytest.approx(500 / 600)
    tr = pd.DataFrame({"country": ["Russian Federation", "USA", "Total"],
                       "iso3": ["RUS", "USA", None], "date": pd.Timestamp("2022-01-01"),
                       "value": [70.0, 30.0, 100.0]})
    assert russia.transfers_from_russia(tr)["russia_share"].iloc[0] == 0.7


@requires_mirror("trade-partners")
def test_export_its_on_the_real_series():
    its = russia.russia_export_its(datasets.armenia_trade())
    assert its.nobs == 120 and its.nobs_pre == 86  # January 2015 to December 2024
    assert its.level_ci[0] < its.level_change < its.level_ci[1]
    # Russia's share of exports: 27.9% in 2021 and 45.4% in 2022 (Armstat annual sums).
    annual = russia.trade_shares(datasets.armenia_trade(), ("RUS",), "year", ("export",))
    s = annual.set_index(annual["date"].dt.year)["share"]
    assert s[2021] == pytest.approx(0.2787, abs=5e-4) and s[2022] == pytest.approx(0.4545,
                                                                                 abs=5e-4)


def test_claim_steps_from_the_committed_tables():
    steps = russia.claim_steps(russia.presence_events()).set_index(["claim", "part"])
    assert steps.loc[(russia.PEACEKEEPERS_CLAIM, "withdrawal start"), "date"] == "2024-04-17"
    first = steps.loc[(russia.CSTO_CLAIM, russia.CSTO_TESTED)]
    # The earliest step dated to the day; the 2023 boycott is dated to the year only.
    assert first["date"] == "2023-01-10" and first["tested"]
    assert steps.loc[(russia.PLATFORM_CLAIM, russia.PLATFORM_TESTED), "date"] == "2008-08-11"
    assert steps.loc[(russia.CSTO_CLAIM, russia.CSTO_LEAVE[0]), "date"] == "2024-06-12"
    assert steps["tested"].sum() == 3


def test_platform_meetings_record_georgia_absent():
    got = russia.platform_meetings(russia.presence_events())
    # Moscow 10 Dec 2021 ("Georgia invited but absent"), Tehran 23 Oct 2023, Istanbul
    # 18 Oct 2024 ("Georgia again absent").
    assert got["date"].dt.strftime("%Y-%m-%d").tolist() == ["2021-12-10", "2023-10-23",
                                                            "2024-10-18"]
    assert got["georgia_absent"].all()
    built = pd.DataFrame({"event": ["3+3 meeting in Baku; Georgia attends", "3+3 idea"],
                          "date": pd.to_datetime(["2025-01-01", "2020-01-01"]),
                          "source_id": "x"})
    assert russia.platform_meetings(built)["georgia_absent"].tolist() == [False]
