"""Shared statistics helpers: survey shares and intervals on built samples with known answers,
segmented regression on a built series."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import stats


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
