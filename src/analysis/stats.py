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


def _residual_maker(X: np.ndarray) -> np.ndarray:
    return np.eye(len(X)) - X @ np.linalg.pinv(X)


def chow_f_many(Y: np.ndarray, X: np.ndarray, splits) -> np.ndarray:
    """:func:`chow_f` for many series at once: ``Y`` holds one series per row (e.g. bootstrap
    draws), the result one row per series and one column per split. Sums of squared
    residuals come from residual-maker matrices, computed once per split."""
    Y = np.atleast_2d(np.asarray(Y, float))
    n, k = X.shape
    ssr_r = ((Y @ _residual_maker(X).T) ** 2).sum(axis=1)
    out = np.empty((len(Y), len(splits)))
    for j, s in enumerate(splits):
        left = ((Y[:, :s] @ _residual_maker(X[:s]).T) ** 2).sum(axis=1)
        right = ((Y[:, s:] @ _residual_maker(X[s:]).T) ** 2).sum(axis=1)
        ssr_u = left + right
        out[:, j] = ((ssr_r - ssr_u) / k) / (ssr_u / (n - 2 * k))
    return out


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


# --------------------------------------------------------------------------- price indices


def implied_price_index(nominal: pd.Series, real: pd.Series) -> pd.Series:
    """The price index a publisher applied: ``nominal / real`` by year (both indexed by year).

    For SIPRI, local currency over constant US$ is the release's local price index times
    the base year's exchange rate, so its year-on-year change is the inflation the release
    used. Years where either is missing or the real value is 0 are NaN.
    """
    nominal, real = nominal.astype(float), real.astype(float)
    return (nominal / real.where(real != 0)).rename("price_index")


def implied_inflation(nominal: pd.Series, real: pd.Series) -> pd.Series:
    """Year-on-year change of :func:`implied_price_index`, in percent; NaN where either year
    of a pair is missing (never carried across a gap)."""
    idx = implied_price_index(nominal, real).sort_index()
    prev = idx.reindex(idx.index - 1)
    prev.index = idx.index
    return ((idx / prev - 1) * 100).rename("implied_inflation")


def index_from_rates(rates: pd.Series, base_year: int) -> pd.Series:
    """A price index (1 in ``base_year``) chained from annual percent changes indexed by
    year (the rate of year y is the change from y - 1 to y). Only the unbroken run of rates
    around ``base_year`` is used: across a gap the level is unknown, so the index stops."""
    rates = rates.dropna()
    if base_year not in rates.index and base_year + 1 not in rates.index:
        raise ValueError(f"no rate for {base_year} or {base_year + 1}: cannot chain an "
                         f"index with {base_year} = 1")
    level = {base_year: 1.0}
    y = base_year + 1
    while y in rates.index:
        level[y] = level[y - 1] * (1 + rates[y] / 100)
        y += 1
    y = base_year
    while y in rates.index:
        level[y - 1] = level[y] / (1 + rates[y] / 100)
        y -= 1
    return pd.Series(level, name="index", dtype=float).sort_index()


def release_spread(table: pd.DataFrame) -> pd.Series:
    """Per row (year), the largest minus the smallest value across columns (releases);
    NaN where fewer than two releases have a value. A large spread says the releases
    disagree, not which one is wrong: compare with an independent series
    (:func:`off_reference`)."""
    spread = table.max(axis=1) - table.min(axis=1)
    return spread.where(table.notna().sum(axis=1) >= 2).rename("spread")


def off_reference(values: pd.Series, references: pd.DataFrame, threshold: float) -> pd.Series:
    """True where a value differs by more than ``threshold`` from every reference series
    that has a value in that row (e.g. a release's implied inflation against two independent
    consumer-price series); False where it is within ``threshold`` of any of them; NA where
    the value or every reference is missing. Rows are aligned on the index."""
    refs = references.reindex(values.index)
    far = refs.sub(values, axis=0).abs() > threshold
    near_any = (~far & refs.notna()).any(axis=1)
    out = pd.Series(~near_any, index=values.index, dtype="boolean")
    return out.mask(values.isna() | refs.isna().all(axis=1)).rename("off_reference")


# --------------------------------------------------------------------------- time series

# A series is called stationary when ADF rejects a unit root and KPSS does not reject
# stationarity at this level; a unit root when the reverse holds; otherwise inconclusive.
UNIT_ROOT_ALPHA = 0.05


def unit_root_tests(series: Mapping[str, pd.Series], trend: str = "ct") -> pd.DataFrame:
    """ADF (lags by AIC) and KPSS (automatic bandwidth) tests of each series in levels (with
    ``trend``: "c" constant, "ct" constant and trend) and in first differences (constant).

    Returns one row per series and form: series, form ("level", "difference"), nobs,
    adf_stat, adf_p, adf_lags, kpss_stat, kpss_p (statsmodels interpolates KPSS p-values
    within 0.01-0.10: a value at either end means "at most" or "at least"), reading
    ("stationary", "unit root" or "inconclusive" at :data:`UNIT_ROOT_ALPHA`).
    """
    rows = []
    for name, s in series.items():
        s = s.dropna().sort_index()
        for form, x, reg in (("level", s, trend), ("difference", s.diff().dropna(), "c")):
            u = adf_kpss(x, reg)
            rows.append({"series": name, "form": form, "nobs": u.nobs,
                         "adf_stat": u.adf_stat, "adf_p": u.adf_p, "adf_lags": u.adf_lags,
                         "kpss_stat": u.kpss_stat, "kpss_p": u.kpss_p,
                         "reading": u.verdict(UNIT_ROOT_ALPHA)})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class SupF:
    """Result of :func:`supf_test`: F by candidate split, the largest, its bootstrap p-value."""

    candidates: pd.DataFrame  # columns: split (first index of the second regime), F
    split: int                # position of the largest F
    stat: float
    p_value: float
    crit95: float
    reps: int
    block: int


def supf_test(y: np.ndarray, X: np.ndarray, trim: float = 0.15, reps: int = 999,
              block: int | None = None, seed: int = 0) -> SupF:
    """Andrews' sup-F test for one break in all coefficients of ``y`` on ``X`` at an unknown
    point, with a p-value from a moving-block bootstrap of the no-break residuals
    (:class:`arch.bootstrap.MovingBlockBootstrap`, blocks of ``block`` observations, default
    the cube root of n rounded up), so serial correlation is kept within blocks.
    Candidates leave at least ``trim`` of the sample (and k + 1 observations) per regime.
    """
    from arch.bootstrap import MovingBlockBootstrap

    y, X = np.asarray(y, float), np.asarray(X, float)
    n, k = X.shape
    cands = list(break_candidates(n, k, trim))
    if not cands:
        raise ValueError(f"{n} observations leave no candidate break with trim {trim}")
    fs = chow_f_many(y[None, :], X, cands)[0]
    best = int(np.argmax(fs))
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    fitted, resid = X @ beta, y - X @ beta
    block = block or int(np.ceil(n ** (1 / 3)))
    mbb = MovingBlockBootstrap(block, resid, seed=seed)
    draws = np.array([fitted + pos[0] for pos, _ in mbb.bootstrap(reps)])
    boot = chow_f_many(draws, X, cands).max(axis=1)
    return SupF(candidates=pd.DataFrame({"split": cands, "F": fs}), split=cands[best],
                stat=float(fs[best]), p_value=float((1 + np.sum(boot >= fs[best])) / (reps + 1)),
                crit95=float(np.quantile(boot, 0.95)), reps=reps, block=block)


def multiple_breaks(y: np.ndarray, X: np.ndarray, max_breaks: int = 3,
                    trim: float = 0.15) -> tuple[list[int], pd.DataFrame]:
    """Bai-Perron style search for several breaks in all coefficients of ``y`` on ``X``:
    the least-squares optimal partition for each number of breaks (dynamic programming,
    :class:`ruptures.Dynp` with a linear-model cost), the number chosen by BIC (each regime
    adds k coefficients and each break one parameter). Regimes have at least ``trim`` of the
    sample and k + 1 observations.

    Returns (the chosen splits as first positions of each new regime, a table with
    breaks, splits, ssr, bic per number of breaks).
    """
    import ruptures as rpt

    y, X = np.asarray(y, float), np.asarray(X, float)
    n, k = X.shape
    size = max(int(np.ceil(trim * n)), k + 1)
    algo = rpt.Dynp(model="linear", min_size=size, jump=1).fit(np.column_stack([y, X]))
    rows = []
    for m in range(max_breaks + 1):
        if (m + 1) * size > n:
            break
        ends = algo.predict(n_bkps=m) if m else [n]
        splits = ends[:-1]
        bounds = [0, *ends]
        total = sum(ssr(y[a:b], X[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True))
        params = (m + 1) * k + m
        rows.append({"breaks": m, "splits": splits, "ssr": total,
                     "bic": n * np.log(total / n) + params * np.log(n)})
    table = pd.DataFrame(rows)
    best = table.loc[table["bic"].idxmin()]
    return list(best["splits"]), table


def carried_forward(df: pd.DataFrame, value: str = "value", by: str = "iso3") -> pd.Series:
    """True where a row's value equals the same group's value in the year before: a figure
    the source most likely carried forward rather than observed (e.g. a personnel count
    repeated for six years). Rows are matched on ``by`` and ``year``; the first year of a
    group, and a year after a gap, are never flagged."""
    prev = df[[by, "year", value]].copy()
    prev["year"] = prev["year"] + 1
    merged = df[[by, "year"]].merge(prev, on=[by, "year"], how="left")
    return pd.Series((merged[value].to_numpy() == df[value].to_numpy())
                     & df[value].notna().to_numpy(), index=df.index, name="carried_forward")




# --------------------------------------------------------------------------- trends


@dataclass(frozen=True)
class Trend:
    """A linear trend (or a mean annual change) of one series, with its interval.

    ``slope`` is per year; ``ci`` the two-sided interval at ``level``; ``se`` the HAC
    (Newey-West) standard error with ``hac_lags`` lags; ``nobs`` the years used, ``start`` and
    ``end`` the first and last of them.
    """

    slope: float
    ci: tuple[float, float]
    se: float
    p: float
    nobs: int
    start: int
    end: int
    hac_lags: int
    level: float = 0.95


def _clean_series(s: pd.Series, minimum: int, what: str) -> pd.Series:
    s = s.dropna().sort_index().astype(float)
    if len(s) < minimum:
        raise ValueError(f"only {len(s)} years with a value; {what} needs at least {minimum}")
    return s


def linear_trend(s: pd.Series, hac_lags: int = 2, level: float = 0.95) -> Trend:
    """OLS of a yearly series on the year, with Newey-West (HAC) standard errors.

    ``s`` is indexed by year; years without a value are left out (gaps are allowed: the
    regressor is the year itself). At least 8 years. Under a unit root this slope is not a
    reliable summary: compare :func:`mean_change` and :func:`unit_root`.
    """
    import statsmodels.api as sm

    s = _clean_series(s, 8, "a trend")
    years = s.index.to_numpy(dtype=float)
    X = sm.add_constant(years - years[0])
    fit = sm.OLS(s.to_numpy(), X).fit(cov_type="HAC", cov_kwds={"maxlags": hac_lags})
    lo, hi = fit.conf_int(alpha=1 - level)[1]
    return Trend(float(fit.params[1]), (float(lo), float(hi)), float(fit.bse[1]),
                 float(fit.pvalues[1]), len(s), int(years[0]), int(years[-1]), hac_lags, level)


def mean_change(s: pd.Series, hac_lags: int = 2, level: float = 0.95) -> Trend:
    """The mean change from one year to the next (the drift of a random walk), with a HAC
    interval: a trend measure that stays valid if the series has a unit root.

    Only changes between consecutive years count (never across a gap). At least 8 changes.
    """
    import statsmodels.api as sm

    s = s.dropna().sort_index().astype(float)
    prev = s.reindex(s.index - 1)
    prev.index = s.index
    d = _clean_series(s - prev, 8, "a mean change")
    fit = sm.OLS(d.to_numpy(), np.ones((len(d), 1))).fit(cov_type="HAC",
                                                         cov_kwds={"maxlags": hac_lags})
    lo, hi = fit.conf_int(alpha=1 - level)[0]
    return Trend(float(fit.params[0]), (float(lo), float(hi)), float(fit.bse[0]),
                 float(fit.pvalues[0]), len(d), int(d.index[0]), int(d.index[-1]), hac_lags,
                 level)


@dataclass(frozen=True)
class UnitRoot:
    """Augmented Dickey-Fuller (null: unit root) and KPSS (null: trend-stationary) tests of
    one series with a constant and a trend. KPSS p-values are read from a table bounded at
    0.01 and 0.10: ``kpss_p_bound`` says when the true p-value lies beyond the bound."""

    adf_stat: float
    adf_p: float
    adf_lags: int
    kpss_stat: float
    kpss_p: float
    kpss_p_bound: str  # "", "<" (p below the table) or ">" (above it)
    nobs: int

    def verdict(self, alpha: float = UNIT_ROOT_ALPHA) -> str:
        """"stationary" when ADF rejects a unit root and KPSS does not reject stationarity,
        "unit root" when the reverse holds, else "inconclusive"."""
        adf_rejects, kpss_rejects = self.adf_p < alpha, self.kpss_p <= alpha
        if adf_rejects != kpss_rejects:
            return "stationary" if adf_rejects else "unit root"
        return "inconclusive"

    def reading(self, alpha: float = UNIT_ROOT_ALPHA) -> str:
        """What the two tests say together, in words (tests with a constant and a trend)."""
        verdict = self.verdict(alpha)
        if verdict == "stationary":
            return "trend-stationary (ADF rejects a unit root, KPSS does not reject stationarity)"
        if verdict == "unit root":
            return "unit root (KPSS rejects stationarity, ADF does not reject a unit root)"
        if self.adf_p < alpha:
            return "conflicting (both tests reject their null)"
        return "undetermined (neither test rejects: too few years to tell)"


def adf_kpss(x, regression: str = "ct", max_lags: int | None = None) -> UnitRoot:
    """ADF (null: unit root; lag by AIC up to ``max_lags``, default statsmodels' rule) and
    KPSS (null: stationarity; automatic bandwidth) of one series, both with ``regression``
    ("c" constant, "ct" constant and trend). The one place the package calls the two tests."""
    import warnings

    from statsmodels.tools.sm_exceptions import InterpolationWarning
    from statsmodels.tsa.stattools import adfuller, kpss

    x = np.asarray(x, dtype=float)
    # result_object=False: the plain tuples, stated so that statsmodels' announcement of a
    # result object is not printed into every notebook.
    adf = adfuller(x, regression=regression, maxlag=max_lags, autolag="AIC",
                   result_object=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InterpolationWarning)
        k_stat, k_p, *_ = kpss(x, regression=regression, nlags="auto", result_object=False)
    bound = ""
    for w in caught:
        if issubclass(w.category, InterpolationWarning):
            bound = "<" if "smaller" in str(w.message) else ">"
    return UnitRoot(float(adf[0]), float(adf[1]), int(adf[2]), float(k_stat), float(k_p),
                    bound, len(x))


def unit_root(s: pd.Series, max_lags: int | None = None) -> UnitRoot:
    """ADF and KPSS tests (constant and trend) on a yearly series without gaps.

    ADF chooses its lag by AIC up to ``max_lags`` (default: statsmodels' rule); KPSS uses
    statsmodels' automatic bandwidth. An error for a series with a gap or fewer than 12 years,
    where neither test means anything.
    """
    s = _clean_series(s, 12, "a unit-root test")
    years = s.index.to_numpy()
    if (np.diff(years) != 1).any():
        gaps = years[1:][np.diff(years) != 1].tolist()
        raise ValueError(f"the series has gaps before {gaps}: unit-root tests need "
                         "consecutive years")
    return adf_kpss(s.to_numpy(), "ct", max_lags)


@dataclass
class Segmented:
    """Result of :func:`segmented_trend`: a trend that may shift in level and slope at
    ``break_year``. Intervals at 95%: ``*_ci`` from HAC standard errors, ``*_boot`` from a
    circular block bootstrap of the residuals (blocks of ``block`` years)."""

    break_year: int
    nobs: int
    nobs_after: int
    pre_slope: float
    pre_slope_ci: tuple[float, float]
    post_slope: float
    post_slope_ci: tuple[float, float]
    level_shift: float
    level_shift_ci: tuple[float, float]
    level_shift_boot: tuple[float, float]
    slope_change: float
    slope_change_ci: tuple[float, float]
    slope_change_boot: tuple[float, float]
    block: int
    reps: int
    hac_lags: int
    fitted: pd.Series
    counterfactual: pd.Series  # the pre-break trend carried past the break


def segmented_trend(s: pd.Series, break_year: int, hac_lags: int = 2, reps: int = 999,
                    block: int | None = None, seed: int = 20231201) -> Segmented:
    """Segmented (broken-trend) regression of a yearly series at ``break_year``:

    ``y = a + b (t - t0) + c D + d D (t - break_year) + e``, with ``D = 1`` from
    ``break_year`` on: ``c`` is the jump in level at the break, ``d`` the change in slope.
    HAC (Newey-West) intervals, and a circular block bootstrap (``arch``) of the residuals
    that keeps their serial correlation: each replicate adds resampled residual blocks to
    the fitted values and refits. ``block`` defaults to the circular-bootstrap length of
    :func:`arch.bootstrap.optimal_block_length`, at least 2 years. Needs 4 years on each side.
    """
    import statsmodels.api as sm
    from arch.bootstrap import CircularBlockBootstrap, optimal_block_length

    s = _clean_series(s, 10, "a segmented trend")
    t = s.index.to_numpy(dtype=float)
    after = t >= break_year
    if after.sum() < 4 or (~after).sum() < 4:
        raise ValueError(f"break year {break_year} leaves {int((~after).sum())} years before "
                         f"and {int(after.sum())} from it; need at least 4 on each side")
    X = np.column_stack([np.ones_like(t), t - t[0], after.astype(float),
                         after * (t - break_year)])
    y = s.to_numpy()
    fit = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": hac_lags})
    ci = fit.conf_int(alpha=0.05)
    cov = fit.cov_params()
    post = fit.params[1] + fit.params[3]
    post_se = float(np.sqrt(cov[1, 1] + cov[3, 3] + 2 * cov[1, 3]))
    z = 1.959963984540054
    resid = y - X @ fit.params
    fitted = X @ fit.params
    if block is None:
        block = int(max(2, np.ceil(optimal_block_length(resid)["circular"].iloc[0])))
    bs = CircularBlockBootstrap(block, resid, seed=seed)
    draws = []
    for data, _ in bs.bootstrap(reps):
        b, *_ = np.linalg.lstsq(X, fitted + data[0], rcond=None)
        draws.append((b[2], b[3]))
    draws = np.asarray(draws)
    q = np.quantile(draws, [0.025, 0.975], axis=0)
    cf = fit.params[0] + fit.params[1] * (t - t[0])
    return Segmented(
        break_year=int(break_year), nobs=len(y), nobs_after=int(after.sum()),
        pre_slope=float(fit.params[1]), pre_slope_ci=(float(ci[1, 0]), float(ci[1, 1])),
        post_slope=float(post), post_slope_ci=(float(post - z * post_se),
                                               float(post + z * post_se)),
        level_shift=float(fit.params[2]), level_shift_ci=(float(ci[2, 0]), float(ci[2, 1])),
        level_shift_boot=(float(q[0, 0]), float(q[1, 0])),
        slope_change=float(fit.params[3]), slope_change_ci=(float(ci[3, 0]), float(ci[3, 1])),
        slope_change_boot=(float(q[0, 1]), float(q[1, 1])), block=block, reps=reps,
        hac_lags=hac_lags, fitted=pd.Series(fitted, index=s.index, name="fitted"),
        counterfactual=pd.Series(np.where(after, cf, np.nan), index=s.index,
                                 name="counterfactual"))




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
class InterruptedSeries:
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
                         min_side: int = 12) -> InterruptedSeries:
    """Interrupted time series: OLS of ``y`` on a constant, a linear trend, a level shift and
    a trend shift from ``break_at`` (the first period of the new regime), and period-of-year
    dummies (``seasonal`` periods a year; None for none), with Newey-West (HAC) standard errors.

    ``y`` is indexed by period start dates (monthly by default), without gaps. Before the
    regression the pre-break series is tested for a unit root (ADF with constant and trend;
    KPSS for trend stationarity, whose null is the reverse) and the residuals are tested with
    ADF: a level regression of a series with a unit root and non-stationary residuals would
    be spurious, so both are returned for the reader to judge.
    """
    import statsmodels.api as sm

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
    pre = adf_kpss(y[post == 0], "ct")
    resid = adf_kpss(fit.resid, "c")
    data = pd.DataFrame({"date": idx, "y": y.to_numpy(), "fitted": fit.fittedvalues,
                         "counterfactual": fit.predict(counter), "post": post.astype(bool)})

    def pair(name):
        return float(ci.loc[name, 0]), float(ci.loc[name, 1])

    return InterruptedSeries(
        data=data.reset_index(drop=True), break_at=break_at,
        level_change=float(fit.params["level_change"]), level_ci=pair("level_change"),
        trend_change=float(fit.params["trend_change"]), trend_ci=pair("trend_change"),
        pre_trend=float(fit.params["trend"]), pre_trend_ci=pair("trend"), hac_lags=lags,
        nobs=int(fit.nobs), nobs_pre=n_pre, r2=float(fit.rsquared),
        adf_pre=(pre.adf_stat, pre.adf_p), kpss_pre=(pre.kpss_stat, pre.kpss_p),
        adf_resid=(resid.adf_stat, resid.adf_p), summary=str(fit.summary()))


def largest_break(y: pd.Series, min_size: int = 12) -> pd.Timestamp:
    """The date of the single break in mean that ruptures' exact search (Dynp, l2 cost) finds
    in a series: where a data-driven search would cut, to set beside a chosen break date."""
    import ruptures as rpt

    y = pd.Series(y, dtype=float).dropna().sort_index()
    algo = rpt.Dynp(model="l2", min_size=min_size, jump=1).fit(y.to_numpy().reshape(-1, 1))
    cut = algo.predict(n_bkps=1)[0]
    return pd.Timestamp(y.index[cut])
