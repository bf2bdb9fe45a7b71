"""Statistics several themes need: series by country, growth over a window, sums over a
window, structural-break statistics, and what each series covers.

Pure functions on tidy tables (columns iso3, year, value unless stated); each raises a clear
error instead of returning a number computed over silently missing years.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd


def series(df: pd.DataFrame, iso3: str, value: str = "value") -> pd.Series:
    """One country's values indexed by year (NaN where the source has none)."""
    s = df[df["iso3"] == iso3].set_index("year")[value].sort_index()
    if s.empty:
        raise ValueError(f"no rows for {iso3!r} in this table")
    return s


def growth_ratio(df: pd.DataFrame, iso3: str, start: int, end: int) -> float:
    """Value in ``end`` divided by value in ``start``; an error if either is missing."""
    s = series(df, iso3)
    missing = [y for y in (start, end) if y not in s.index or pd.isna(s.get(y))]
    if missing:
        raise ValueError(f"{iso3}: no value for year(s) {missing}; cannot compute {end}/{start}")
    return float(s[end] / s[start])


def window_sum(df: pd.DataFrame, iso3: str, start: int, end: int) -> float:
    """Sum of the values from ``start`` to ``end`` inclusive; an error if any year is missing,
    because a silently shorter sum would understate the total."""
    s = series(df, iso3).reindex(range(start, end + 1))
    gaps = s[s.isna()].index.tolist()
    if gaps:
        raise ValueError(f"{iso3}: missing values for {gaps}; the {start}-{end} sum is undefined")
    return float(s.sum())


def rebase(constant: pd.Series, current: pd.Series, year: int) -> pd.Series:
    """A constant-price series re-priced to ``year``: multiplied by current / constant in
    ``year``, the ratio of the new to the old price level (both series indexed by year, in the
    same currency). An error if either has no value in ``year``."""
    missing = [n for n, s in (("constant", constant), ("current", current))
               if year not in s.index or pd.isna(s.get(year)) or s.get(year) == 0]
    if missing:
        raise ValueError(f"no {' or '.join(missing)} value in {year}: cannot re-base to {year}")
    return constant * (current[year] / constant[year])


def window_label(year: int, width: int = 5, origin: int = 1990) -> str:
    """The ``width``-year window holding ``year``, e.g. ``2005-2009``."""
    lo = origin + (year - origin) // width * width
    return f"{lo}-{lo + width - 1}"


# --------------------------------------------------------------------------- breaks


def ssr(y: np.ndarray, X: np.ndarray) -> float:
    """Sum of squared OLS residuals of ``y`` on ``X``."""
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    r = y - X @ beta
    return float(r @ r)


def chow_f(y: np.ndarray, X: np.ndarray, split: int) -> float:
    """Chow F statistic for a break in all coefficients before observation ``split``."""
    n, k = X.shape
    ssr_r = ssr(y, X)
    ssr_u = ssr(y[:split], X[:split]) + ssr(y[split:], X[split:])
    return ((ssr_r - ssr_u) / k) / (ssr_u / (n - 2 * k))


def break_candidates(n: int, k: int, trim: float = 0.15) -> range:
    """Split points leaving at least ``trim`` of ``n`` observations (and ``k + 1``) per side."""
    lo = max(int(np.ceil(trim * n)), k + 1)
    return range(lo, n - lo + 1)


# --------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class Series:
    """A tidy table named for a coverage report: which columns hold country and value."""

    table: pd.DataFrame
    country: str = "iso3"
    value: str = "value"


def coverage(tables: Mapping[str, Series], countries: Iterable[str]) -> pd.DataFrame:
    """First and last year with a value, per series and country: what a notebook can speak to.

    ``tables``: name -> :class:`Series` (rows with a NaN value do not count).
    """
    rows = []
    for name, spec in tables.items():
        df = spec.table
        for c in countries:
            yrs = df.loc[(df[spec.country] == c) & df[spec.value].notna(), "year"]
            rows.append({"series": name, "iso3": c,
                         "first_year": int(yrs.min()) if len(yrs) else None,
                         "last_year": int(yrs.max()) if len(yrs) else None,
                         "years_with_data": int(yrs.nunique())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- survey shares

TAYLOR = "Taylor linearisation (strata, PSUs within strata, weights), logit interval with t"
WEIGHTS_ONLY = ("weights only (no sampling-unit variable): Kish design effect of the weights, "
                "Wilson interval on the effective sample size")


def kish_deff(weights) -> float:
    """Kish's design effect of unequal weights, ``n * sum(w^2) / sum(w)^2`` (1 when equal)."""
    w = np.asarray(weights, dtype=float)
    if len(w) == 0 or (w <= 0).any() or not np.isfinite(w).all():
        raise ValueError("weights must be positive and finite, and at least one is needed")
    return float(len(w) * (w ** 2).sum() / w.sum() ** 2)


def wilson_interval(share: float, n: float, deff: float = 1.0,
                    alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval of a share from ``n`` respondents with design effect ``deff``: the
    interval of a simple random sample of the effective size ``n / deff`` (statsmodels)."""
    from statsmodels.stats.proportion import proportion_confint

    if not 0 <= share <= 1:
        raise ValueError(f"a share is between 0 and 1, got {share!r}")
    if n <= 0 or deff <= 0:
        raise ValueError(f"need n > 0 and deff > 0, got n={n!r}, deff={deff!r}")
    n_eff = n / deff
    lo, hi = proportion_confint(share * n_eff, n_eff, alpha=alpha, method="wilson")
    return float(lo), float(hi)


def survey_shares(answers, weights, strata=None, psus=None,
                  alpha: float = 0.05) -> pd.DataFrame:
    """Weighted share of every answer with a ``1 - alpha`` interval that respects the design.

    ``answers`` (labels), ``weights`` and, when the file has them, ``strata`` and ``psus``
    (sampling units, unique within their stratum) are aligned sequences, one item per
    respondent in the base (don't know and refusals included as answers; answers that are not
    answers, such as interviewer errors, left out by the caller). With sampling units the
    variance is the Taylor linearisation of samplics (with-replacement PSUs within strata)
    and the interval is samplics' logit interval with t on #PSUs - #strata degrees of
    freedom. Without them it is Kish's weighting design effect, with a Wilson interval on the
    effective sample size. ``deff`` is the variance over that of a simple random sample of
    the same size. Columns: answer, share, se, lower, upper, n (respondents giving the answer),
    n_base, deff, df, method.
    """
    answers = pd.Series(answers, dtype=object).reset_index(drop=True)
    w = np.asarray(weights, dtype=float)
    if len(answers) != len(w):
        raise ValueError(f"{len(answers)} answers but {len(w)} weights")
    if answers.isna().any():
        raise ValueError("answers hold missing values: give every respondent in the base an "
                         "answer (don't know and refusals are answers)")
    n = len(answers)
    if n < 2:
        raise ValueError(f"only {n} respondent(s): no share can be estimated")
    deff_w = kish_deff(w)
    counts = answers.value_counts()
    rows = []
    if psus is not None:
        import warnings

        with warnings.catch_warnings():  # samplics announces its archival on import
            warnings.simplefilter("ignore", FutureWarning)
            from samplics.estimation import TaylorEstimator
            from samplics.utils.types import PopParam

        psus = pd.Series(psus, dtype=object).reset_index(drop=True)
        if psus.isna().any():
            raise ValueError("sampling units hold missing values")
        strata_arr = (None if strata is None
                      else pd.Series(strata, dtype=object).astype(str).to_numpy())
        est = TaylorEstimator(PopParam.prop, alpha=alpha)
        with warnings.catch_warnings():  # samplics' own deprecation notices
            warnings.simplefilter("ignore")
            est.estimate(y=answers.astype(str).to_numpy(), samp_weight=w, stratum=strata_arr,
                         psu=psus.astype(str).to_numpy())
        df = int(est.degree_of_freedom)
        for answer, p in est.point_est.items():
            p = float(p)
            se = float(est.stderror[answer])
            srs = p * (1 - p) / n
            rows.append({"answer": answer, "share": p, "se": se,
                         "lower": float(est.lower_ci[answer]),
                         "upper": float(est.upper_ci[answer]),
                         "n": int(counts[answer]), "n_base": n,
                         "deff": se ** 2 / srs if srs > 0 else float("nan"), "df": df,
                         "method": TAYLOR})
    else:
        total = w.sum()
        for answer, k in counts.items():
            p = float(w[(answers == answer).to_numpy()].sum() / total)
            lo, hi = wilson_interval(p, n, deff_w, alpha)
            rows.append({"answer": answer, "share": p,
                         "se": float(np.sqrt(deff_w * p * (1 - p) / n)), "lower": lo,
                         "upper": hi, "n": int(k), "n_base": n, "deff": deff_w,
                         "df": n - 1, "method": WEIGHTS_ONLY})
    return pd.DataFrame(rows).sort_values("answer", ignore_index=True)


@dataclass(frozen=True)
class ShareDifference:
    """Result of :func:`share_difference`: ``later - earlier`` and its test."""

    difference: float
    se: float
    lower: float
    upper: float
    z: float
    p_value: float


def share_difference(earlier: float, se_earlier: float, later: float, se_later: float,
                     alpha: float = 0.05) -> ShareDifference:
    """Difference of two shares from independent samples, ``later - earlier``, with a normal
    interval and a two-sided z test (the standard errors already carry each design effect)."""
    from scipy import stats as sps

    se = float(np.hypot(se_earlier, se_later))
    if not se > 0:
        raise ValueError("both standard errors are zero: nothing to test")
    d = float(later - earlier)
    q = float(sps.norm.ppf(1 - alpha / 2))
    z = d / se
    return ShareDifference(d, se, d - q * se, d + q * se, z, float(2 * sps.norm.sf(abs(z))))


def published_share_se(share: float, n: float, deff: float = 1.0) -> float:
    """Standard error of a published share from its sample size and a design effect."""
    if n <= 0 or deff <= 0:
        raise ValueError(f"need n > 0 and deff > 0, got n={n!r}, deff={deff!r}")
    return float(np.sqrt(deff * share * (1 - share) / n))


# --------------------------------------------------------------------------- interrupted series


@dataclass
class Segmented:
    """Result of :func:`segmented_regression` (changes with ``1 - alpha`` HAC intervals)."""

    data: pd.DataFrame              # date, y, fitted, counterfactual, post
    break_at: pd.Timestamp
    level_change: float
    level_ci: tuple[float, float]
    trend_change: float             # per period (month)
    trend_ci: tuple[float, float]
    pre_trend: float
    pre_trend_ci: tuple[float, float]
    hac_lags: int
    nobs: int
    nobs_pre: int
    r2: float
    adf_pre: tuple[float, float]    # ADF (constant and trend) on the pre-break series: stat, p
    kpss_pre: tuple[float, float]   # KPSS (trend stationarity) on the pre-break series: stat, p
    adf_resid: tuple[float, float]  # ADF on the model's residuals: stat, p
    summary: str


def newey_west_lags(n: int) -> int:
    """The usual automatic Newey-West bandwidth, ``floor(4 (n/100)^(2/9))``."""
    return int(np.floor(4 * (n / 100) ** (2 / 9)))


def segmented_regression(y: pd.Series, break_at, *, seasonal: int | None = 12,
                         hac_lags: int | None = None, alpha: float = 0.05,
                         min_side: int = 12) -> Segmented:
    """Interrupted time series: OLS of ``y`` on a constant, a linear trend, a level shift and
    a trend shift from ``break_at`` (the first period of the new regime), and period-of-year
    dummies (``seasonal`` periods a year; None for none), with Newey-West (HAC) standard errors.

    ``y`` is indexed by period start dates (monthly by default), without gaps. Before the
    regression the pre-break series is tested for a unit root (ADF with constant and trend;
    KPSS for trend stationarity, whose null is the reverse) and the residuals are tested with
    ADF: a level regression of a series with a unit root and non-stationary residuals would
    be spurious, so both are returned for the reader to judge.
    """
    import warnings

    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import InterpolationWarning
    from statsmodels.tsa.stattools import adfuller, kpss

    y = pd.Series(y, dtype=float).dropna().sort_index()
    idx = pd.DatetimeIndex(y.index)
    if seasonal == 12:
        expected = pd.date_range(idx[0], idx[-1], freq="MS")
        if len(expected) != len(idx) or not (expected == idx).all():
            raise ValueError("y must be monthly (first of the month) without gaps")
    break_at = pd.Timestamp(break_at)
    post = (idx >= break_at).astype(float)
    n_pre, n_post = int((post == 0).sum()), int((post == 1).sum())
    if n_pre < min_side or n_post < min_side:
        raise ValueError(f"{n_pre} periods before and {n_post} from {break_at:%Y-%m}: need at "
                         f"least {min_side} on each side")
    t = np.arange(len(y), dtype=float)
    t0 = float(n_pre)
    X = pd.DataFrame({"const": 1.0, "trend": t, "level_change": post,
                      "trend_change": (t - t0) * post}, index=idx)
    if seasonal:
        period = idx.month if seasonal == 12 else (t.astype(int) % seasonal) + 1
        dummies = pd.get_dummies(pd.Categorical(period), prefix="m", drop_first=True,
                                 dtype=float)
        dummies.index = idx
        X = pd.concat([X, dummies], axis=1)
    lags = newey_west_lags(len(y)) if hac_lags is None else int(hac_lags)
    fit = sm.OLS(y.to_numpy(), X).fit(cov_type="HAC",
                                      cov_kwds={"maxlags": lags, "use_correction": True})
    ci = fit.conf_int(alpha)
    counter = X.copy()
    counter[["level_change", "trend_change"]] = 0.0
    pre = y[post == 0]
    with warnings.catch_warnings():  # KPSS p-values are tabulated only within 0.01-0.10
        warnings.simplefilter("ignore", InterpolationWarning)
        k_stat, k_p, *_ = kpss(pre, regression="ct", nlags="auto", result_object=False)
    a_stat, a_p, *_ = adfuller(pre, regression="ct", autolag="AIC", result_object=False)
    r_stat, r_p, *_ = adfuller(fit.resid, regression="c", autolag="AIC",
                                 result_object=False)
    data = pd.DataFrame({"date": idx, "y": y.to_numpy(), "fitted": fit.fittedvalues,
                         "counterfactual": fit.predict(counter), "post": post.astype(bool)})

    def pair(name):
        return float(ci.loc[name, 0]), float(ci.loc[name, 1])

    return Segmented(
        data=data.reset_index(drop=True), break_at=break_at,
        level_change=float(fit.params["level_change"]), level_ci=pair("level_change"),
        trend_change=float(fit.params["trend_change"]), trend_ci=pair("trend_change"),
        pre_trend=float(fit.params["trend"]), pre_trend_ci=pair("trend"), hac_lags=lags,
        nobs=int(fit.nobs), nobs_pre=n_pre, r2=float(fit.rsquared),
        adf_pre=(float(a_stat), float(a_p)), kpss_pre=(float(k_stat), float(k_p)),
        adf_resid=(float(r_stat), float(r_p)), summary=str(fit.summary()))


def largest_break(y: pd.Series, min_size: int = 12) -> pd.Timestamp:
    """The date of the single break in mean that ruptures' exact search (Dynp, l2 cost) finds
    in a series: where a data-driven search would cut, to set beside a chosen break date."""
    import ruptures as rpt

    y = pd.Series(y, dtype=float).dropna().sort_index()
    algo = rpt.Dynp(model="l2", min_size=min_size, jump=1).fit(y.to_numpy().reshape(-1, 1))
    cut = algo.predict(n_bkps=1)[0]
    return pd.Timestamp(y.index[cut])
