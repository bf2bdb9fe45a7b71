"""Does Azerbaijan's military spending follow its oil revenue? The model of the military
notebook, done as a referee would ask: unit roots, cointegration, a model in differences, a
specification with trend and lagged oil revenue, break searches whose bootstrap keeps serial
correlation, and the same steps in real local currency and with a second measure of oil
revenue.

Oil revenue is measured two ways: the World Bank's oil rents (share of GDP) times GDP, and
the value of crude production (Statistical Review: thousand barrels a day x days x Brent, in
current US$). Both are nominal US$; the real variants convert to local currency at SIPRI's
own market exchange rate (local currency over current US$) and deflate with the World Bank's
consumer-price index.
"""

from __future__ import annotations

import calendar
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import datasets, stats

MEASURES = {
    "rents": "oil rents x GDP (World Bank)",
    "production": "crude production x Brent (Statistical Review)",
}
PRICES = {"usd": "nominal US$", "real_lcu": "real local currency (CPI-deflated)"}
CPI_BASE_YEAR = 2021


def oil_revenue_rents(iso3: str) -> pd.Series:
    """Oil revenue in current US$ by year: World Bank oil rents (share of GDP) times GDP."""
    rents = datasets.oil_rents([iso3]).set_index("year")["value"] / 100
    return (rents * datasets.gdp([iso3]).set_index("year")["value"]).dropna().rename("oil")


def oil_revenue_production(iso3: str, release=None, benchmark: str = "Brent") -> pd.Series:
    """The value of a country's oil production in current US$ by year: the Statistical
    Review's production (thousand barrels a day, crude, condensate and NGLs) times the days
    of the year times the ``benchmark`` spot price. A gross value at world prices, not the
    state's take; years the Review does not report are dropped."""
    prod = datasets.energy_production(release, "oil_production_kbd", [iso3])
    prod = prod[prod["value"].notna()].set_index("year")["value"]
    price = datasets.crude_prices(release, benchmark, "current")
    price = price[price["value"].notna()].set_index("year")["value"]
    days = pd.Series({y: 366 if calendar.isleap(y) else 365 for y in prod.index})
    return (prod * 1000 * days * price).dropna().rename("oil")


def cpi_index(iso3: str, base_year: int = CPI_BASE_YEAR) -> pd.Series:
    """The World Bank (WDI) consumer-price index of a country, 1 in ``base_year``."""
    rates = datasets.inflation([iso3], "cpi", "WDI").set_index("year")["value"]
    return stats.index_from_rates(rates, base_year)


def model_data(iso3: str, edition: int, measure: str, prices: str, start: int,
               statreview_release=None) -> pd.DataFrame:
    """The two series of one model variant, by year from ``start``: milex and oil (money in
    the variant's units), both positive. ``measure``: a key of :data:`MEASURES`; ``prices``:
    a key of :data:`PRICES`."""
    if measure not in MEASURES or prices not in PRICES:
        raise ValueError(f"measure must be one of {list(MEASURES)} and prices one of "
                         f"{list(PRICES)}, got {measure!r}, {prices!r}")
    oil = (oil_revenue_rents(iso3) if measure == "rents"
           else oil_revenue_production(iso3, statreview_release))
    if prices == "usd":
        milex = stats.series(datasets.milex(edition, "current_usd", [iso3]), iso3) * 1e6
    else:
        local = stats.series(datasets.milex(edition, "local_currency", [iso3]), iso3)
        usd = stats.series(datasets.milex(edition, "current_usd", [iso3]), iso3) * 1e6
        rate = local / usd  # SIPRI's market exchange rate, local currency per US$
        index = cpi_index(iso3)
        milex = local / index
        oil = oil * rate / index
    df = pd.concat({"milex": milex, "oil": oil}, axis=1).dropna()
    df = df[(df.index >= start) & (df["milex"] > 0) & (df["oil"] > 0)]
    df.index.name = "year"
    return df


# --------------------------------------------------------------------------- the model


@dataclass
class Estimate:
    """A coefficient (or a combination of them) with its 95% confidence interval."""

    value: float
    low: float
    high: float
    p_value: float


@dataclass
class OilFit:
    """Every statistic of :func:`fit` for one variant."""

    years: tuple[int, int]
    nobs: int
    unit_roots: pd.DataFrame
    eg_stat: float             # Engle-Granger tau (residual ADF), constant
    eg_p: float
    bounds_f: float            # ARDL(1,1) bounds test, case 3 (unrestricted constant)
    bounds_p_upper: float      # p-value against the I(1) bound (the stricter)
    bounds_p_lower: float
    long_run_ardl: Estimate    # long-run elasticity of the ARDL(1,1) (delta method)
    short_run: Estimate        # elasticity in differences, same year (HAC)
    short_run_total: Estimate  # same year plus the year after (HAC)
    diff_r2: float
    long_run_trend: Estimate   # levels with a linear trend, oil revenue and its lag (HAC)
    levels_r2: float
    hac_lags: int
    chow_year: int
    chow_f: float
    chow_p: float              # classical F p-value (i.i.d. errors): indicative
    supf: stats.SupF
    supf_year: int
    breaks: list[int]          # Bai-Perron style, BIC: first years of new regimes
    break_table: pd.DataFrame
    data: pd.DataFrame = field(repr=False)
    cointegrated: str = ""     # "yes", "no" or "mixed" (the two tests disagree)


def _hac(y, X, lags):
    import statsmodels.api as sm

    return sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags})


def _estimate(fit, contrast: str) -> Estimate:
    t = fit.t_test(contrast)
    lo, hi = np.asarray(t.conf_int()).ravel()
    return Estimate(float(np.asarray(t.effect).ravel()[0]), float(lo), float(hi),
                    float(np.asarray(t.pvalue).ravel()[0]))


def fit(df: pd.DataFrame, *, chow_year: int = 2005, hac_lags: int = 2, reps: int = 999,
        trim: float = 0.15, seed: int = 20231201, alpha: float = 0.05) -> OilFit:
    """Fit every specification to ``df`` (columns milex, oil by year; see
    :func:`model_data`), in logs.

    * unit roots: ADF and KPSS, levels with trend and differences
      (:func:`analysis.stats.unit_root_tests`);
    * cointegration: Engle-Granger (statsmodels ``coint``) and the ARDL(1,1) bounds test
      (``UECM.bounds_test``, case 3; asymptotic p-values, optimistic at this sample size);
    * in differences: dlog milex on dlog oil and its lag, HAC errors (valid whether or not
      the levels cointegrate);
    * in levels with a linear trend, log oil and its lag, HAC errors (long run = sum);
    * breaks on the model in differences (stationary, so the tests' theory applies): Chow at
      ``chow_year``, sup-F with a moving-block bootstrap, and a BIC-chosen multiple-break
      partition (:func:`analysis.stats.multiple_breaks`).
    """
    import statsmodels.api as sm
    from statsmodels.tsa.ardl import UECM
    from statsmodels.tsa.stattools import coint

    df = df.sort_index()
    if len(df) < 15:
        raise ValueError(f"only {len(df)} years with both series; too few for the model")
    if not (np.diff(df.index.to_numpy()) == 1).all():
        raise ValueError("the years are not consecutive: differences and lags need an "
                         "unbroken series")
    logs = np.log(df[["milex", "oil"]])
    roots = stats.unit_root_tests({"log milex": logs["milex"], "log oil": logs["oil"]})
    eg_stat, eg_p, _ = coint(logs["milex"], logs["oil"], trend="c")

    ardl_data = logs.reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels: "An unsupported index was provided"
        uecm = UECM(ardl_data["milex"], 1, ardl_data[["oil"]], 1, trend="c").fit()
        bounds = uecm.bounds_test(case=3)
    a, b = uecm.params["milex.L1"], uecm.params["oil.L1"]
    cov = uecm.cov_params().loc[["milex.L1", "oil.L1"], ["milex.L1", "oil.L1"]].to_numpy()
    grad = np.array([b / a**2, -1 / a])
    lr, se = -b / a, float(np.sqrt(grad @ cov @ grad))
    from scipy import stats as sps

    z = sps.norm.ppf(0.975)
    lr_p = float(2 * sps.norm.sf(abs(lr / se)))
    long_run_ardl = Estimate(float(lr), float(lr - z * se), float(lr + z * se), lr_p)

    d = logs.diff()
    diff = pd.DataFrame({"dy": d["milex"], "dx": d["oil"], "dx1": d["oil"].shift()}).dropna()
    dfit = _hac(diff["dy"], sm.add_constant(diff[["dx", "dx1"]]), hac_lags)
    lev = pd.DataFrame({"y": logs["milex"], "trend": np.arange(len(logs), dtype=float),
                        "x": logs["oil"], "x1": logs["oil"].shift()}).dropna()
    lfit = _hac(lev["y"], sm.add_constant(lev[["trend", "x", "x1"]]), hac_lags)

    brk = diff[["dy", "dx"]]
    y, X = brk["dy"].to_numpy(), sm.add_constant(brk["dx"].to_numpy())
    years = brk.index.to_numpy()
    split = int(np.searchsorted(years, chow_year))
    k = X.shape[1]
    if split < k + 1 or len(y) - split < k + 1:
        raise ValueError(f"Chow year {chow_year} leaves too few years on one side")
    chow = stats.chow_f(y, X, split)
    chow_p = float(sps.f.sf(chow, k, len(y) - 2 * k))
    supf = stats.supf_test(y, X, trim=trim, reps=reps, seed=seed)
    supf.candidates["year"] = years[supf.candidates["split"].to_numpy()]
    splits, table = stats.multiple_breaks(y, X, max_breaks=3, trim=trim)
    table = table.assign(years=[[int(years[s]) for s in sp] for sp in table["splits"]])

    eg_yes, bounds_yes = eg_p < alpha, bounds.pvalue["upper"] < alpha
    coint_reading = "yes" if eg_yes and bounds_yes else "no" if not (eg_yes or bounds_yes) \
        else "mixed"
    return OilFit(
        years=(int(df.index.min()), int(df.index.max())), nobs=len(df), unit_roots=roots,
        eg_stat=float(eg_stat), eg_p=float(eg_p), bounds_f=float(bounds.statistic),
        bounds_p_upper=float(bounds.pvalue["upper"]),
        bounds_p_lower=float(bounds.pvalue["lower"]), long_run_ardl=long_run_ardl,
        short_run=_estimate(dfit, "dx = 0"), short_run_total=_estimate(dfit, "dx + dx1 = 0"),
        diff_r2=float(dfit.rsquared), long_run_trend=_estimate(lfit, "x + x1 = 0"),
        levels_r2=float(lfit.rsquared), hac_lags=hac_lags, chow_year=chow_year,
        chow_f=float(chow), chow_p=chow_p, supf=supf,
        supf_year=int(years[supf.split]), breaks=[int(years[s]) for s in splits],
        break_table=table, data=df, cointegrated=coint_reading,
    )


def summary_table(fits: dict[str, OilFit]) -> pd.DataFrame:
    """One row per variant with the statistics a reader compares across them."""
    rows = []
    for name, f in fits.items():
        roots = f.unit_roots.set_index(["series", "form"])["reading"]
        rows.append({
            "variant": name, "years": f"{f.years[0]}-{f.years[1]}", "n": f.nobs,
            "log milex (level)": roots[("log milex", "level")],
            "log oil (level)": roots[("log oil", "level")],
            "Engle-Granger p": f.eg_p, "ARDL bounds F": f.bounds_f,
            "bounds p (I(1) bound)": f.bounds_p_upper, "cointegrated": f.cointegrated,
            "short-run elasticity": f.short_run.value,
            "short-run 95% CI": f"{f.short_run.low:.2f} to {f.short_run.high:.2f}",
            "ARDL long-run elasticity": f.long_run_ardl.value,
            "ARDL long-run 95% CI": f"{f.long_run_ardl.low:.2f} to {f.long_run_ardl.high:.2f}",
            "trend-and-lag long run": f.long_run_trend.value,
            "trend-and-lag 95% CI": f"{f.long_run_trend.low:.2f} to {f.long_run_trend.high:.2f}",
            "sup-F year": f.supf_year, "sup-F": f.supf.stat,
            "sup-F p (block bootstrap)": f.supf.p_value,
            "breaks (BIC)": ", ".join(map(str, f.breaks)) or "none",
        })
    return pd.DataFrame(rows)
