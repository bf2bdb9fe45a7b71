"""Statistical Review of World Energy: oil and gas production, crude prices, pipeline gas trade.

Releases 2022-2024 are the publisher's workbooks (catalog dataset ``ei-statreview``); release
2021 is Our World in Data's panel of that Review (``owid-bp-statreview``), which has no trade
matrix. Every row carries its ``release``; a release revises earlier years.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import statreview
from ._registry import none_for_missing, release_id, releases, select, table

DATASET = "ei-statreview"
OWID_DATASET = "owid-bp-statreview"
__all__ = ["statreview_releases", "statreview_source_id", "energy_production", "crude_prices",
           "pipeline_gas_trade"]


@table(dataset=DATASET, name="statreview-production")
def _production(src, path) -> pd.DataFrame:
    """Statistical Review workbook: oil and gas production (clean_production)."""
    return statreview.clean_production(path, src.release)


@table(dataset=DATASET, name="statreview-prices")
def _prices(src, path) -> pd.DataFrame:
    """Statistical Review workbook: crude oil prices (clean_prices)."""
    return statreview.clean_prices(path, src.release)


@table(dataset=DATASET, name="statreview-pipeline-trade")
def _trade(src, path) -> pd.DataFrame:
    """Statistical Review workbook: pipeline gas trade matrix (clean_pipeline_trade)."""
    return statreview.clean_pipeline_trade(path, src.release)


@table(dataset=OWID_DATASET, name="owid-bp-statreview-production")
def _owid_production(src, path) -> pd.DataFrame:
    """OWID panel of the 2021 Review: oil and gas production (clean_owid_production)."""
    return statreview.clean_owid_production(path, src.release)


@table(dataset=OWID_DATASET, name="owid-bp-statreview-prices")
def _owid_prices(src, path) -> pd.DataFrame:
    """OWID panel of the 2021 Review: crude oil prices (clean_owid_prices)."""
    return statreview.clean_owid_prices(path, src.release)


def statreview_releases() -> list[str]:
    """Every Review release in the catalog, oldest first (the OWID panel's 2021 included)."""
    return sorted(set(releases(OWID_DATASET)) | set(releases(DATASET)))


def statreview_source_id(release: str | int) -> str:
    """Catalog id of one Review release (the OWID panel for 2021)."""
    release = str(release)
    if release in releases(OWID_DATASET):
        return release_id(OWID_DATASET, release)
    return release_id(DATASET, release)


def _resolve(release) -> tuple[str, str]:
    release = str(release) if release is not None else statreview_releases()[-1]
    return release, statreview_source_id(release)


def _iso(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for col in cols:
        df[col] = none_for_missing(df[col])
    return df


def energy_production(release: str | int | None = None, series: str | None = None,
                      countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Oil and gas production of one Review release (default: the latest).

    ``series``: one of ``oil_production_kbd`` (thousand barrels a day, crude oil, shale oil,
    oil sands, condensates and NGLs), ``oil_production_mt`` (million tonnes),
    ``gas_production_bcm`` (billion cubic metres); ``countries``: ISO3 codes (groups such as
    "Other CIS" have none and are dropped when countries are given). Columns: entity, iso3,
    year, series, value, unit, release, not_reported, below_half_unit. Values the Review
    does not report (the USSR's successor states before 1985) are NaN with not_reported.
    """
    release, sid = _resolve(release)
    table_ = _owid_production if sid.startswith(OWID_DATASET) else _production
    df = _iso(table_.load(sid), "iso3")
    if series is not None:
        if series not in statreview.PRODUCTION:
            raise ValueError(f"unknown series {series!r}; choose one of "
                             f"{list(statreview.PRODUCTION)}")
        df = df[df["series"] == series].reset_index(drop=True)
    return select(df, countries)


def crude_prices(release: str | int | None = None, benchmark: str | None = None,
                 prices: str | None = None) -> pd.DataFrame:
    """Crude oil prices, US$ a barrel, of one Review release (default: the latest).

    ``benchmark``: one of ``analysis.clean.statreview.BENCHMARKS`` (Dubai, Brent, Nigerian
    Forcados, West Texas Intermediate: spot prices; the 1861 series: Brent dated from 1984);
    ``prices``: "current" or "constant" (the 1861 series only, in US$ of the release's last
    year). Columns: benchmark, year, prices, value, unit, release, not_reported.
    """
    release, sid = _resolve(release)
    table_ = _owid_prices if sid.startswith(OWID_DATASET) else _prices
    df = table_.load(sid)
    if benchmark is not None:
        if benchmark not in statreview.BENCHMARKS:
            raise ValueError(f"unknown benchmark {benchmark!r}; choose one of "
                             f"{list(statreview.BENCHMARKS)}")
        df = df[df["benchmark"] == benchmark]
    if prices is not None:
        if prices not in ("current", "constant"):
            raise ValueError(f"prices must be 'current' or 'constant', got {prices!r}")
        df = df[df["prices"].str.startswith(prices)]
    return df.reset_index(drop=True)


def pipeline_gas_trade(release: str | int | None = None, exporter: str | None = None,
                       importer: str | None = None) -> pd.DataFrame:
    """Pipeline gas trade, billion cubic metres, of one Review workbook release (2022 on; the
    matrix covers the release's last year only).

    ``exporter``/``importer``: an ISO3 code, or a group name as the Review prints it
    ("European Union", "Rest of Europe", "Europe", "CIS", "Total"). Columns: exporter,
    exporter_iso3, importer, importer_iso3, year, value, unit, release, below_half_unit.
    """
    release, sid = _resolve(release)
    if sid.startswith(OWID_DATASET):
        raise ValueError(f"release {release} (OWID's panel) has no pipeline trade matrix; "
                         f"choose one of {releases(DATASET)}")
    df = _iso(_trade.load(sid), "exporter_iso3", "importer_iso3")
    for side, want in (("exporter", exporter), ("importer", importer)):
        if want is None:
            continue
        hit = (df[f"{side}_iso3"] == want) | (df[side] == want)
        if not hit.any():
            raise ValueError(f"no {side} {want!r} in release {release}; {side}s: "
                             f"{sorted(set(df[side]))}")
        df = df[hit]
    return df.reset_index(drop=True)
