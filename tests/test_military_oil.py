"""The oil-revenue model on simulated series with known answers, and its data on the real
files."""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd
import pytest
from conftest import requires_mirror

from analysis import datasets
from analysis.themes import military_oil as mo


def _cointegrated(n=30, elasticity=0.8, seed=7):
    rng = np.random.default_rng(seed)
    years = np.arange(1991, 1991 + n)
    log_oil = np.cumsum(rng.normal(0.05, 0.2, n)) + 20
    log_milex = 2 + elasticity * log_oil + rng.normal(0, 0.05, n)
    return pd.DataFrame({"milex": np.exp(log_milex), "oil": np.exp(log_oil)},
                        index=pd.Index(years, name="year"))


def test_fit_recovers_a_cointegrating_elasticity():
    f = mo.fit(_cointegrated(), reps=99, chow_year=2005)
    assert f.nobs == 30 and f.years == (1991, 2020)
    assert f.cointegrated in ("yes", "mixed") and f.bounds_p_upper < 0.05
    assert f.long_run_ardl.low < 0.8 < f.long_run_ardl.high
    assert f.long_run_ardl.value == pytest.approx(0.8, abs=0.1)
    assert f.short_run.low < 0.8 < f.short_run.high  # same-year growth follows oil too
    assert f.breaks == [] and f.supf.p_value > 0.05
    roots = f.unit_roots.set_index(["series", "form"])["reading"]
    assert roots[("log oil", "difference")] == "stationary"
    table = mo.summary_table({"sim": f})
    assert table.loc[0, "n"] == 30 and table.loc[0, "breaks (BIC)"] == "none"


def test_fit_refuses_gaps_and_short_samples():
    df = _cointegrated()
    with pytest.raises(ValueError, match="not consecutive"):
        mo.fit(df.drop(2000))
    with pytest.raises(ValueError, match="only 10 years"):
        mo.fit(df.iloc[:10])


@requires_mirror("ei-statreview")
def test_oil_revenue_from_production_times_brent():
    rev = mo.oil_revenue_production("AZE", 2024)
    # EI 2024 workbook: AZE 2020 = 703.1304234972678 kb/d; Brent 2020 = 41.8383464566929.
    assert rev[2020] == pytest.approx(703.1304234972678 * 1000 * 366 * 41.8383464566929)
    assert calendar.isleap(2020) and rev.index.min() == 1985  # 1984 not reported
    assert rev.index.max() == 2023


@requires_mirror("sipri-milex")
@requires_mirror("wb-inflation")
@requires_mirror("ei-statreview")
def test_real_local_currency_variant_deflates_both_series_alike():
    usd = mo.model_data("AZE", 2025, "production", "usd", 1995)
    real = mo.model_data("AZE", 2025, "production", "real_lcu", 1995)
    # In the CPI base year (2021 = 1) the real series is nominal local currency.
    local = datasets.milex(2025, "local_currency", ["AZE"]).set_index("year")["value"]
    assert real.loc[2021, "milex"] == pytest.approx(local[2021])
    # Both series are converted with the same exchange rate and index: their ratio stays.
    ratio = (real["milex"] / real["oil"]) / (usd["milex"] / usd["oil"])
    assert np.allclose(ratio.dropna(), 1.0)
    assert real.index.min() == 1995 and real.index.max() == 2023
