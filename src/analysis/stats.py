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
