"""Armenia's trade by partner (Armstat, monthly) and its natural-gas trade (UN Comtrade, HS
271121, monthly): tidy extracts compiled by A. Tavadyan (tvyal newsletter) -> long tables.

``arm_trade_country.csv``: one row per partner and month with exports, imports by country of
origin and imports by country of consignment, in thousand US$. Partners keep Armstat's names
(some states appear under two names across the years, e.g. "USA" and "United States": the
ISO3 code joins them); non-states ("Unknown country", "EU countries not specified") keep a
``None`` code. ``natural_gas_trade_armenia.csv``: comtradr-style columns, one row per partner,
month and flow (Import, Re-export), value in US$ and net weight in kg.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..countries import to_iso3
from ..errors import LayoutError
from . import validate

TRADE_COLUMNS = ("country", "year", "month", "export", "import_origin", "import_consignment",
                 "date")
FLOWS = ("export", "import_origin", "import_consignment")
GAS_COLUMNS = ("year", "month", "trade_flow", "partner_iso", "partner", "commodity_code",
               "netweight_kg", "trade_value_us", "IsQtyEstimated")
GAS_FLOWS = ("Import", "Re-export")
GAS_HS = "271121"

TRADE_SCHEMA = pa.DataFrameSchema(
    {
        "partner": pa.Column(str),
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "date": pa.Column(pa.DateTime),
        "year": pa.Column(int, pa.Check.in_range(1990, 2100)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "flow": pa.Column(str, pa.Check.isin(FLOWS)),
        "value": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str),
    },
    unique=["partner", "date", "flow"],
    strict=True,
    coerce=False,
)
GAS_SCHEMA = pa.DataFrameSchema(
    {
        "date": pa.Column(pa.DateTime),
        "year": pa.Column(int, pa.Check.in_range(1990, 2100)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "flow": pa.Column(str, pa.Check.isin(GAS_FLOWS)),
        "partner": pa.Column(str),
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "value_usd": pa.Column(float, pa.Check.ge(0)),
        "netweight_kg": pa.Column(float, pa.Check.ge(0), nullable=True),
        "quantity_estimated": pa.Column(bool),
    },
    unique=["date", "flow", "partner"],
    strict=True,
    coerce=False,
)


def _header(path: Path, found, expected) -> None:
    missing = [c for c in expected if c not in found]
    if missing:
        raise LayoutError(path, "header row (line 1)", f"columns {missing} (found {list(found)})")


def _numbers(raw: pd.DataFrame, col: str, path: Path, what: str = "a number") -> pd.Series:
    num = pd.to_numeric(raw[col], errors="coerce")
    bad = num.isna() & raw[col].astype(str).str.strip().ne("")
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        # +2: the header is line 1 and rows count from 0.
        raise LayoutError(path, f"line {raw.index[i] + 2}, column {col!r}: {raw[col].iloc[i]!r}",
                          what)
    return num


def clean_arm_trade(path: Path) -> pd.DataFrame:
    """Armenia's exports and imports by partner and month, thousand US$, long.

    Columns: partner (Armstat's name), iso3 (None for non-states), date (first of the month),
    year, month, flow (export, import_origin, import_consignment), value, unit.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    _header(path, raw.columns, TRADE_COLUMNS)
    year = _numbers(raw, "year", path, "a year")
    month = _numbers(raw, "month", path, "a month 1-12")
    bad = ~month.between(1, 12)
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise LayoutError(path, f"line {i + 2}, column 'month': {raw['month'].iloc[i]!r}",
                          "a month 1-12")
    names = raw["country"].str.strip()
    codes = dict(zip(names.unique(), to_iso3(names.unique(), source="trade-partners"),
                     strict=True))
    base = pd.DataFrame({"partner": names, "iso3": names.map(codes),
                         "date": pd.to_datetime({"year": year, "month": month, "day": 1}),
                         "year": year.astype(int), "month": month.astype(int)})
    parts = []
    for flow in FLOWS:
        value = _numbers(raw, flow, path).fillna(0.0)  # an empty cell: no trade that month
        parts.append(base.assign(flow=flow, value=value.astype(float)))
    out = pd.concat(parts, ignore_index=True)
    out["unit"] = "thousand US$"
    out["iso3"] = out["iso3"].astype(object).where(out["iso3"].notna(), None)
    out = out.sort_values(["date", "partner", "flow"], ignore_index=True)
    return validate(TRADE_SCHEMA, out, path, "Armstat trade by partner")


def clean_gas(path: Path) -> pd.DataFrame:
    """Armenia's trade in natural gas (HS 271121) by partner, month and flow.

    Columns: date, year, month, flow (Import, Re-export), partner, iso3 (None for Comtrade's
    "Areas, nes"), value_usd, netweight_kg, quantity_estimated.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    _header(path, raw.columns, GAS_COLUMNS)
    hs = raw["commodity_code"].str.strip()
    if (hs != GAS_HS).any():
        i = int(np.argmax((hs != GAS_HS).to_numpy()))
        raise LayoutError(path, f"line {i + 2}, column 'commodity_code': {hs.iloc[i]!r}",
                          f"only HS {GAS_HS} (natural gas, gaseous)")
    flow = raw["trade_flow"].str.strip()
    if not flow.isin(GAS_FLOWS).all():
        i = int(np.argmax((~flow.isin(GAS_FLOWS)).to_numpy()))
        raise LayoutError(path, f"line {i + 2}, column 'trade_flow': {flow.iloc[i]!r}",
                          f"one of {list(GAS_FLOWS)}")
    year = _numbers(raw, "year", path, "a year")
    month = _numbers(raw, "month", path, "a month 1-12")
    iso = raw["partner_iso"].str.strip()
    out = pd.DataFrame({
        "date": pd.to_datetime({"year": year, "month": month, "day": 1}),
        "year": year.astype(int), "month": month.astype(int), "flow": flow,
        "partner": raw["partner"].str.strip(),
        # Comtrade gives ISO3 partner codes; "_X" is its "Areas, nes" (not specified).
        "iso3": iso.where(iso.str.fullmatch(r"[A-Z]{3}"), None),
        "value_usd": _numbers(raw, "trade_value_us", path).astype(float),
        "netweight_kg": _numbers(raw, "netweight_kg", path).astype(float),
        "quantity_estimated": raw["IsQtyEstimated"].str.upper().eq("TRUE"),
    })
    out["iso3"] = out["iso3"].astype(object).where(out["iso3"].notna(), None)
    out = out.sort_values(["date", "flow", "partner"], ignore_index=True)
    return validate(GAS_SCHEMA, out, path, "Comtrade natural gas")
