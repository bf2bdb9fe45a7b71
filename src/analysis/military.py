"""Computations of the military-balance notebook: growth, cumulative spending, supplier
shares and the oil-revenue model. Pure functions on the tidy tables of ``analysis.datasets``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def series(df: pd.DataFrame, iso3: str) -> pd.Series:
    """One country's values indexed by year (NaN where the source has none)."""
    s = df[df["iso3"] == iso3].set_index("year")["value"].sort_index()
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


def cumulative(df: pd.DataFrame, iso3: str, start: int, end: int) -> float:
    """Sum of the values from ``start`` to ``end`` inclusive; an error if any year is missing,
    because a silently shorter sum would understate the total."""
    s = series(df, iso3).reindex(range(start, end + 1))
    gaps = s[s.isna()].index.tolist()
    if gaps:
        raise ValueError(f"{iso3}: missing values for {gaps}; the {start}-{end} sum is undefined")
    return float(s.sum())


def supplier_shares(imports: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Each supplier's TIV and share of the total over ``start``-``end`` (inclusive).

    ``imports``: rows of one recipient with columns supplier, supplier_iso3, year, tiv.
    """
    window = imports[imports["year"].between(start, end)]
    total = window["tiv"].sum()
    if total <= 0:
        raise ValueError(f"no arms imports recorded between {start} and {end}")
    out = (window.groupby(["supplier", "supplier_iso3"], dropna=False)["tiv"].sum()
           .reset_index().sort_values("tiv", ascending=False, ignore_index=True))
    out["share"] = out["tiv"] / total
    out["window"] = f"{start}-{end}"
    return out


def window_label(year: int, width: int = 5, origin: int = 1990) -> str:
    """The ``width``-year window holding ``year``, e.g. ``2005-2009``."""
    lo = origin + (year - origin) // width * width
    return f"{lo}-{lo + width - 1}"


def imports_by_window(imports: pd.DataFrame, width: int = 5, top: int = 5) -> pd.DataFrame:
    """TIV by recipient, supplier and ``width``-year window; suppliers beyond the ``top``
    largest of each recipient are pooled as "Other suppliers"."""
    df = imports.copy()
    df["window"] = df["year"].map(lambda y: window_label(int(y), width))
    ranks = df.groupby(["recipient_iso3", "supplier"])["tiv"].sum().reset_index()
    ranks["rank"] = ranks.groupby("recipient_iso3")["tiv"].rank(ascending=False, method="first")
    keep = set(map(tuple, ranks[ranks["rank"] <= top][["recipient_iso3", "supplier"]].values))
    df["supplier"] = [s if (r, s) in keep else "Other suppliers"
                      for r, s in zip(df["recipient_iso3"], df["supplier"], strict=True)]
    return (df.groupby(["recipient_iso3", "window", "supplier"])["tiv"].sum().reset_index()
            .sort_values(["recipient_iso3", "window", "supplier"], ignore_index=True))


@dataclass
class OilModel:
    """Result of :func:`oil_model`."""

    data: pd.DataFrame          # year, milex, oil_revenue, log_milex, log_oil
    elasticity: float
    ci: tuple[float, float]
    hac_lags: int
    nobs: int
    r2: float
    chow_year: int
    chow_f: float
    chow_p: float
    supf: pd.DataFrame          # candidate year, F
    supf_year: int
    supf_stat: float
    supf_p: float               # bootstrap p-value
    supf_crit95: float          # bootstrap 95th percentile of sup-F under no break
    bootstrap_reps: int
    summary: str


def _ssr(y: np.ndarray, X: np.ndarray) -> float:
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    r = y - X @ beta
    return float(r @ r)


def _break_f(y: np.ndarray, X: np.ndarray, split: int) -> float:
    """Chow F statistic for a break in all coefficients before observation ``split``."""
    n, k = X.shape
    ssr_r = _ssr(y, X)
    ssr_u = _ssr(y[:split], X[:split]) + _ssr(y[split:], X[split:])
    return ((ssr_r - ssr_u) / k) / (ssr_u / (n - 2 * k))


def oil_model(milex: pd.Series, oil_revenue: pd.Series, *, chow_year: int = 2005,
              hac_lags: int = 2, trim: float = 0.15, reps: int = 999,
              seed: int = 20231201) -> OilModel:
    """Log-log OLS of military spending on oil revenue with HAC errors, a Chow test at
    ``chow_year`` and a sup-F search over break years with a bootstrap p-value.

    Both series are indexed by year and in the same currency basis. Years where either is
    missing are dropped. The bootstrap resamples residuals of the no-break model (i.i.d.;
    ignores serial correlation, which the small sample cannot estimate well), so its p-value
    is indicative. ``trim`` keeps each regime at least that share of the sample.
    """
    import statsmodels.api as sm
    from scipy import stats

    df = pd.concat({"milex": milex, "oil_revenue": oil_revenue}, axis=1).dropna()
    df = df[(df["milex"] > 0) & (df["oil_revenue"] > 0)].sort_index()
    n = len(df)
    if n < 12:
        raise ValueError(f"only {n} years with both series; too few for the model")
    df["log_milex"] = np.log(df["milex"])
    df["log_oil"] = np.log(df["oil_revenue"])
    X = sm.add_constant(df["log_oil"].to_numpy())
    y = df["log_milex"].to_numpy()
    fit = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": hac_lags})
    lo, hi = fit.conf_int()[1]

    years = df.index.to_numpy()
    k = X.shape[1]
    split = int(np.searchsorted(years, chow_year))
    if split < k + 1 or n - split < k + 1:
        raise ValueError(f"Chow year {chow_year} leaves too few years on one side")
    chow_f = _break_f(y, X, split)
    chow_p = float(stats.f.sf(chow_f, k, n - 2 * k))

    lo_i = max(int(np.ceil(trim * n)), k + 1)
    candidates = range(lo_i, n - lo_i + 1)
    fs = [_break_f(y, X, s) for s in candidates]
    supf = pd.DataFrame({"year": years[list(candidates)], "F": fs})
    best = int(np.argmax(fs))

    rng = np.random.default_rng(seed)
    resid = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    fitted = y - resid
    boot = np.empty(reps)
    for b in range(reps):
        yb = fitted + rng.choice(resid, size=n, replace=True)
        boot[b] = max(_break_f(yb, X, s) for s in candidates)
    supf_p = float((1 + np.sum(boot >= fs[best])) / (reps + 1))

    return OilModel(
        data=df.reset_index(names="year"), elasticity=float(fit.params[1]),
        ci=(float(lo), float(hi)), hac_lags=hac_lags, nobs=n, r2=float(fit.rsquared),
        chow_year=chow_year, chow_f=float(chow_f), chow_p=chow_p, supf=supf,
        supf_year=int(supf["year"].iloc[best]), supf_stat=float(fs[best]), supf_p=supf_p,
        supf_crit95=float(np.quantile(boot, 0.95)),
        bootstrap_reps=reps, summary=str(fit.summary()),
    )
