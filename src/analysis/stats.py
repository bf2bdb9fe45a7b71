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
