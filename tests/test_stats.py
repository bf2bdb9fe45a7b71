"""The shared statistics on small series with known answers: price indices implied by a
publisher's nominal and real series, chained indices, release spreads and the check against
independent references, and re-basing."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import stats

YEARS = [2005, 2006, 2007, 2008]


def test_implied_price_index_and_inflation():
    # Local currency and real (constant-dollar) series built from a known index.
    index = pd.Series([1.0, 1.10, 1.21, 1.21], index=YEARS)
    real = pd.Series([100.0, 120.0, 150.0, 160.0], index=YEARS)
    nominal = real * index * 2.0  # a base-year exchange rate of 2 scales the level only
    got = stats.implied_price_index(nominal, real)
    assert got.to_numpy() == pytest.approx((index * 2.0).to_numpy())
    inf = stats.implied_inflation(nominal, real)
    assert np.isnan(inf[2005])  # no previous year
    assert inf[2006] == pytest.approx(10.0) and inf[2007] == pytest.approx(10.0)
    assert inf[2008] == pytest.approx(0.0)


def test_implied_inflation_never_bridges_a_gap():
    real = pd.Series([100.0, np.nan, 100.0, 100.0], index=YEARS)
    nominal = pd.Series([100.0, 110.0, 121.0, 133.1], index=YEARS)
    inf = stats.implied_inflation(nominal, real)
    assert np.isnan(inf[2006]) and np.isnan(inf[2007])  # 2006 has no real value
    assert inf[2008] == pytest.approx(10.0)
    # A missing year in the index (not just NaN) is no bridge either.
    inf2 = stats.implied_inflation(nominal.drop(2006), real.drop(2006))
    assert np.isnan(inf2[2007])
    # A zero real value gives no index rather than an infinite one.
    assert np.isnan(stats.implied_price_index(nominal, real.replace(100.0, 0.0))[2005])


def test_index_from_rates_chains_both_ways_and_stops_at_gaps():
    rates = pd.Series({2001: 50.0, 2002: 10.0, 2003: 10.0, 2005: 100.0})
    idx = stats.index_from_rates(rates, 2002)
    assert idx[2002] == 1.0 and idx[2003] == pytest.approx(1.1)
    assert idx[2001] == pytest.approx(1 / 1.1) and idx[2000] == pytest.approx(1 / 1.1 / 1.5)
    assert 2004 not in idx.index and 2005 not in idx.index  # 2004's rate is missing
    with pytest.raises(ValueError, match="no rate for 1990 or 1991"):
        stats.index_from_rates(rates, 1990)


def test_release_spread_needs_two_releases():
    table = pd.DataFrame({"a": [1.0, 5.0, np.nan], "b": [2.0, -5.0, 3.0],
                          "c": [1.5, np.nan, np.nan]}, index=[2001, 2002, 2003])
    spread = stats.release_spread(table)
    assert spread[2001] == pytest.approx(1.0) and spread[2002] == pytest.approx(10.0)
    assert np.isnan(spread[2003])


def test_off_reference_is_off_only_when_far_from_every_reference():
    values = pd.Series([10.0, 10.0, 10.0, np.nan, 10.0])
    refs = pd.DataFrame({"r1": [10.5, 30.0, 30.0, 1.0, np.nan],
                         "r2": [30.0, 30.0, np.nan, 1.0, np.nan]})
    off = stats.off_reference(values, refs, threshold=5.0)
    assert off.tolist()[:3] == [False, True, True]
    assert off.isna().tolist() == [False, False, False, True, True]
    # The threshold is inclusive: exactly 5 away is not off.
    assert not stats.off_reference(pd.Series([10.0]), pd.DataFrame({"r": [15.0]}), 5.0)[0]


def test_rebase_is_the_ratio_of_current_to_constant_in_the_new_year():
    constant_2023 = pd.Series([80.0, 90.0, 100.0, 110.0], index=[2019, 2020, 2021, 2022])
    current = pd.Series([60.0, 70.0, 80.0, 100.0], index=[2019, 2020, 2021, 2022])
    rebased = stats.rebase(constant_2023, current, 2021)
    # In the new price year, re-based constant dollars equal current dollars.
    assert rebased[2021] == pytest.approx(current[2021])
    assert rebased[2019] == pytest.approx(64.0)
    # Re-basing never changes a ratio between years of one series.
    assert rebased[2022] / rebased[2019] == pytest.approx(110 / 80)
    with pytest.raises(ValueError, match="no constant value in 2021"):
        stats.rebase(constant_2023.drop(2021), current, 2021)


# --------------------------------------------------------------------------- time series


def test_unit_root_tests_tell_a_random_walk_from_noise():
    rng = np.random.default_rng(1)
    years = range(1960, 2020)
    walk = pd.Series(np.cumsum(rng.normal(size=60)), index=years)
    noise = pd.Series(rng.normal(size=60), index=years)
    out = stats.unit_root_tests({"walk": walk, "noise": noise}, trend="c").set_index(
        ["series", "form"])
    assert out.loc[("walk", "level"), "reading"] == "unit root"
    assert out.loc[("walk", "difference"), "reading"] == "stationary"
    assert out.loc[("noise", "level"), "reading"] == "stationary"
    assert out.loc[("walk", "level"), "nobs"] == 60
    assert out.loc[("walk", "difference"), "nobs"] == 59


def _regimes(n=40, split=20, jump=2.0, seed=3, ar=0.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    e = np.zeros(n)
    for t in range(n):  # AR(1) errors: the bootstrap must keep their correlation
        e[t] = (ar * e[t - 1] if t else 0) + rng.normal(scale=0.3)
    y = 1.0 + 0.5 * x + np.where(np.arange(n) >= split, jump, 0.0) + e
    return y, np.column_stack([np.ones(n), x])


def test_supf_finds_a_planted_break_and_not_a_missing_one():
    y, X = _regimes()
    res = stats.supf_test(y, X, reps=199, seed=1)
    assert res.split == 20 and res.p_value < 0.05 and res.stat > res.crit95
    assert res.block == 4  # cube root of 40, rounded up
    calm, X = _regimes(jump=0.0, ar=0.5)
    res = stats.supf_test(calm, X, reps=199, seed=1)
    assert res.p_value > 0.05
    with pytest.raises(ValueError, match="no candidate break"):
        stats.supf_test(y[:4], X[:4])


def test_multiple_breaks_recovers_two_regimes_and_chooses_none_without():
    rng = np.random.default_rng(5)
    n = 45
    x = rng.normal(size=n)
    level = np.select([np.arange(n) < 15, np.arange(n) < 30], [0.0, 3.0], -2.0)
    y = level + 0.5 * x + rng.normal(scale=0.2, size=n)
    X = np.column_stack([np.ones(n), x])
    splits, table = stats.multiple_breaks(y, X, max_breaks=3)
    assert splits == [15, 30]
    assert list(table["breaks"]) == [0, 1, 2, 3]
    calm = 0.5 * x + rng.normal(scale=0.2, size=n)
    assert stats.multiple_breaks(calm, X)[0] == []


def test_carried_forward_flags_repeats_within_a_country_only():
    df = pd.DataFrame({"iso3": ["AZE"] * 5 + ["ARM"] * 3,
                       "year": [2010, 2011, 2012, 2014, 2015, 2011, 2012, 2013],
                       "value": [5.0, 5.0, 6.0, 6.0, 6.0, 6.0, 7.0, np.nan]})
    flags = stats.carried_forward(df)
    # 2011 repeats 2010; 2014 follows a gap (no 2013); ARM 2011 is not AZE's 2010.
    assert flags.tolist() == [False, True, False, False, True, False, False, False]


def test_chow_f_many_matches_chow_f():
    y, X = _regimes(n=30, split=12)
    rng = np.random.default_rng(2)
    Y = np.vstack([y, y + rng.normal(size=30)])
    got = stats.chow_f_many(Y, X, [5, 12, 20])
    for i, row in enumerate(Y):
        for j, s in enumerate([5, 12, 20]):
            assert got[i, j] == pytest.approx(stats.chow_f(row, X, s))



# --- trends, unit roots and a broken trend (western theme) -----------------------------------

TREND_YEARS = np.arange(1991, 2026)


def _series(values, years=TREND_YEARS):
    return pd.Series(values, index=years, dtype=float)


def test_linear_trend_recovers_a_planted_slope_and_skips_gaps():
    rng = np.random.default_rng(0)
    s = _series(0.3 + 0.01 * (TREND_YEARS - 1991) + rng.normal(0, 0.005, len(TREND_YEARS)))
    tr = stats.linear_trend(s)
    assert tr.ci[0] < 0.01 < tr.ci[1] and tr.slope == pytest.approx(0.01, abs=0.001)
    assert (tr.nobs, tr.start, tr.end) == (35, 1991, 2025)
    gappy = s.copy()
    gappy[[1995, 1996]] = np.nan
    assert stats.linear_trend(gappy).nobs == 33
    with pytest.raises(ValueError, match="only 5 years with a value; a trend needs"):
        stats.linear_trend(s.iloc[:5])


def test_mean_change_never_spans_a_gap():
    s = _series([0.0, 1.0, 2.0, np.nan, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0],
                years=np.arange(2000, 2012))
    mc = stats.mean_change(s)
    # 2003 is missing: the 2.0 -> 10.0 jump is never counted; every other change is 1.
    assert mc.slope == pytest.approx(1.0) and mc.nobs == 9
    with pytest.raises(ValueError, match="a mean change needs at least 8"):
        stats.mean_change(s.iloc[:6])


def test_unit_root_tells_a_random_walk_from_a_stationary_trend():
    rng = np.random.default_rng(3)
    n = 200  # long enough for the tests to have power
    years = np.arange(1800, 1800 + n)
    stationary = _series(0.01 * np.arange(n) + rng.normal(0, 1, n), years)
    walk = _series(np.cumsum(rng.normal(0, 1, n)), years)
    assert stats.unit_root(stationary).reading().startswith("trend-stationary")
    assert stats.unit_root(walk).reading().startswith("unit root")
    with pytest.raises(ValueError, match="gaps before"):
        stats.unit_root(stationary.drop(1850))


def test_segmented_trend_finds_a_planted_break_and_no_false_one():
    rng = np.random.default_rng(5)
    t = TREND_YEARS
    jump = np.where(t >= 2018, 0.10 - 0.02 * (t - 2018), 0.0)
    s = _series(0.4 + 0.005 * (t - 1991) + jump + rng.normal(0, 0.01, len(t)))
    sg = stats.segmented_trend(s, 2018, reps=199)
    assert sg.level_shift_ci[0] < 0.10 < sg.level_shift_ci[1]
    assert sg.slope_change_boot[0] < -0.02 < sg.slope_change_boot[1]
    assert sg.post_slope == pytest.approx(sg.pre_slope + sg.slope_change)
    assert sg.nobs_after == 8 and sg.block >= 2
    assert sg.counterfactual[2010] != sg.counterfactual[2010]  # NaN before the break
    calm = _series(0.4 + 0.005 * (t - 1991) + rng.normal(0, 0.01, len(t)))
    c = stats.segmented_trend(calm, 2018, reps=199)
    assert c.level_shift_boot[0] < 0 < c.level_shift_boot[1]
    assert c.slope_change_ci[0] < 0 < c.slope_change_ci[1]
    with pytest.raises(ValueError, match="leaves 32 years before and 3 from it"):
        stats.segmented_trend(s, 2023)


def _two_strata_sample():
    # Two strata of two PSUs of two respondents; stratum B's weights are twice A's.
    return pd.DataFrame({
        "stratum": ["A"] * 4 + ["B"] * 4,
        "psu": ["a1", "a1", "a2", "a2", "b1", "b1", "b2", "b2"],
        "y": ["yes", "yes", "no", "yes", "no", "no", "yes", "no"],
        "w": [1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0],
    })


def test_survey_shares_taylor_matches_the_hand_computed_variance():
    s = _two_strata_sample()
    got = stats.survey_shares(s["y"], s["w"], s["stratum"], s["psu"]).set_index("answer")
    # Share: weighted yes = 1 + 1 + 1 + 2 = 5 of a total weight of 12.
    assert got.at["yes", "share"] == pytest.approx(5 / 12)
    # Linearised totals per PSU, z = sum w (y - 5/12) / 12: a1 14/144, a2 2/144, b1 -20/144,
    # b2 4/144. Within-stratum squared deviations times n_h/(n_h - 1) = 2: A 144/144^2,
    # B 576/144^2, so the variance is 720/144^2 = 5/144 and the SE sqrt(5)/12.
    assert got.at["yes", "se"] == pytest.approx(math.sqrt(5) / 12, rel=1e-9)
    assert got.at["no", "se"] == pytest.approx(math.sqrt(5) / 12, rel=1e-9)
    assert got.at["yes", "df"] == 2  # 4 PSUs - 2 strata
    # Logit interval with t on 2 degrees of freedom.
    p, se, t = 5 / 12, math.sqrt(5) / 12, sps.t.ppf(0.975, 2)
    lo = 1 / (1 + math.exp(-(math.log(p / (1 - p)) - t * se / (p * (1 - p)))))
    assert got.at["yes", "lower"] == pytest.approx(lo, rel=1e-9)
    assert got.at["yes", "n"] == 4 and got.at["no", "n"] == 4 and got.at["yes", "n_base"] == 8
    # Design effect: the design variance over p(1-p)/n.
    assert got.at["yes", "deff"] == pytest.approx((5 / 144) / (p * (1 - p) / 8))
    assert got["method"].eq(stats.TAYLOR).all()


def test_survey_shares_without_sampling_units_use_the_kish_design_effect():
    answers = ["a"] * 30 + ["b"] * 70
    equal = stats.survey_shares(answers, [1.0] * 100).set_index("answer")
    assert equal.at["a", "share"] == pytest.approx(0.30) and equal.at["a", "deff"] == 1
    from statsmodels.stats.proportion import proportion_confint
    lo, hi = proportion_confint(30, 100, method="wilson")
    assert (equal.at["a", "lower"], equal.at["a", "upper"]) == pytest.approx((lo, hi))
    # Half the respondents weigh 3: deff = n sum(w^2) / sum(w)^2 = 100 * 500 / 200^2 = 1.25.
    w = [1.0, 3.0] * 50
    weighted = stats.survey_shares(answers, w).set_index("answer")
    assert weighted.at["a", "deff"] == pytest.approx(1.25)
    assert weighted.at["a", "share"] == pytest.approx((15 * 1 + 15 * 3) / 200)
    assert weighted.at["a", "upper"] - weighted.at["a", "lower"] > \
        equal.at["a", "upper"] - equal.at["a", "lower"]
    assert weighted["method"].eq(stats.WEIGHTS_ONLY).all()


def test_survey_shares_refuse_missing_answers_and_bad_weights():
    with pytest.raises(ValueError, match="don't know and refusals are answers"):
        stats.survey_shares(["a", None, "b"], [1, 1, 1])
    with pytest.raises(ValueError, match="positive"):
        stats.survey_shares(["a", "b"], [1, 0])
    with pytest.raises(ValueError, match="3 answers but 2 weights"):
        stats.survey_shares(["a", "b", "a"], [1, 1])


def test_kish_deff_wilson_and_share_difference_known_values():
    assert stats.kish_deff([2, 2, 2]) == 1
    assert stats.kish_deff([1, 3]) == pytest.approx(2 * 10 / 16)
    # A design effect of 2 is the interval of half the sample.
    assert stats.wilson_interval(0.4, 1000, deff=2) == pytest.approx(
        stats.wilson_interval(0.4, 500))
    d = stats.share_difference(0.57, 0.03, 0.35, 0.04)
    assert d.difference == pytest.approx(-0.22) and d.se == pytest.approx(0.05)
    assert d.z == pytest.approx(-4.4) and d.p_value == pytest.approx(2 * sps.norm.sf(4.4))
    assert d.lower == pytest.approx(-0.22 - 1.959964 * 0.05, rel=1e-6)
    assert stats.published_share_se(0.5, 100, 2) == pytest.approx(math.sqrt(2 * 0.25 / 100))


def _monthly(level=0.10, slope=0.002, noise=0.0, seed=1):
    idx = pd.date_range("2015-01-01", "2024-12-01", freq="MS")
    t = np.arange(len(idx), dtype=float)
    post = idx >= pd.Timestamp("2022-03-01")
    t0 = float((~post).sum())
    season = 0.02 * np.sin(2 * np.pi * (idx.month - 1) / 12)
    rng = np.random.default_rng(seed)
    e = np.zeros(len(idx))
    for i in range(1, len(idx)):  # AR(1) errors: what the HAC errors are for
        e[i] = 0.5 * e[i - 1] + rng.normal(0, noise)
    y = 0.30 + 0.001 * t + level * post + slope * (t - t0) * post + season + e
    return pd.Series(y, index=idx)


# The noise-free series makes the unit-root tests' regressions degenerate (zero residuals).
@pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore:The design matrix")
def test_segmented_regression_recovers_a_built_break():
    exact = stats.segmented_regression(_monthly(), "2022-03-01")
    assert exact.level_change == pytest.approx(0.10, abs=1e-9)
    assert exact.trend_change == pytest.approx(0.002, abs=1e-9)
    assert exact.pre_trend == pytest.approx(0.001, abs=1e-9)
    assert exact.nobs == 120 and exact.nobs_pre == 86
    assert exact.hac_lags == stats.newey_west_lags(120) == 4
    noisy = stats.segmented_regression(_monthly(noise=0.01), "2022-03-01")
    assert noisy.level_ci[0] < 0.10 < noisy.level_ci[1]
    assert noisy.trend_ci[0] < 0.002 < noisy.trend_ci[1]
    assert noisy.level_ci[0] > 0  # a real shift is detected
    # Counterfactual: the fitted pre-break model carried on.
    last = noisy.data.iloc[-1]
    assert last.fitted - last.counterfactual == pytest.approx(
        noisy.level_change + noisy.trend_change * (120 - 1 - 86), rel=1e-9)
    none = stats.segmented_regression(_monthly(level=0.0, slope=0.0, noise=0.01), "2022-03-01")
    assert none.level_ci[0] < 0 < none.level_ci[1]


def test_segmented_regression_refuses_gaps_and_short_sides():
    y = _monthly()
    with pytest.raises(ValueError, match="without gaps"):
        stats.segmented_regression(y.drop(y.index[5]), "2022-03-01")
    with pytest.raises(ValueError, match="need at least 12 on each side"):
        stats.segmented_regression(y, "2024-06-01")


def test_largest_break_finds_a_built_shift():
    idx = pd.date_range("2015-01-01", "2024-12-01", freq="MS")
    y = pd.Series(np.where(idx >= pd.Timestamp("2022-03-01"), 1.0, 0.0), index=idx)
    assert stats.largest_break(y) == pd.Timestamp("2022-03-01")
