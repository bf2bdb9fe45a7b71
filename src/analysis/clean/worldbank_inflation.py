"""World Bank inflation series -> one tidy table: annual consumer-price and GDP-deflator
inflation from the World Development Indicators (WDI) and from the World Bank's Global
Database of Inflation (GID; Ha, Kose and Ohnsorge 2023).

The WDI files have the World Bank API layout, read by :func:`analysis.clean.worldbank.clean_api`.
The GID files are CSV exports of the publisher's workbook: ``Country Code, IMF Country Code,
Country, Indicator Type, Series Name, 1970 ... 2023`` (the CPI file adds a ``Note`` column and
ends with an empty line and a note line, which are skipped). GID codes are ISO3 except where
``data/mappings/wb-gid.csv`` says otherwise (Kosovo's XXK).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..countries import is_state_code, source_overrides
from ..errors import LayoutError
from . import validate, worldbank

MEASURES = ("cpi", "gdp_deflator")
SOURCES = ("WDI", "GID")
UNIT = "percent a year"
WDI_INDICATORS = {"cpi": "FP.CPI.TOTL.ZG", "gdp_deflator": "NY.GDP.DEFL.KD.ZG"}
GID_SERIES = {"cpi": "Headline Consumer Price Inflation",
              "gdp_deflator": "GDP deflator Index growth rate"}
GID_COLUMNS = ("Country Code", "IMF Country Code", "Country", "Indicator Type", "Series Name")
GID_MAPPING = "wb-gid"  # data/mappings/wb-gid.csv

SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "country": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(1960, 2100)),
        "value": pa.Column(float),
        "unit": pa.Column(str),
        "measure": pa.Column(str, pa.Check.isin(list(MEASURES))),
        "source": pa.Column(str, pa.Check.isin(list(SOURCES))),
        "series": pa.Column(str),
    },
    unique=["iso3", "year", "measure", "source"],
    strict=True,
    coerce=False,
)


def _finish(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    df = df[list(SCHEMA.columns)].sort_values(["iso3", "year"], ignore_index=True)
    return validate(SCHEMA, df, path, "World Bank inflation")


def clean_wdi(path: Path, measure: str) -> pd.DataFrame:
    """WDI inflation (``measure`` "cpi": FP.CPI.TOTL.ZG; "gdp_deflator": NY.GDP.DEFL.KD.ZG),
    percent a year, states only. Columns: iso3, country, year, value, unit, measure, source
    ("WDI"), series (the indicator code)."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose one of {list(MEASURES)}")
    path = Path(path)
    df = worldbank.clean_api(path, WDI_INDICATORS[measure])
    df = df.rename(columns={"indicator": "series"})
    df["unit"], df["measure"], df["source"] = UNIT, measure, "WDI"
    return _finish(df, path)


def clean_gid(path: Path, measure: str) -> pd.DataFrame:
    """GID inflation (``measure`` "cpi": headline CPI, annual average; "gdp_deflator": GDP
    deflator growth), percent a year, one decimal as published. Columns as :func:`clean_wdi`,
    source "GID", series the file's Series Name."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose one of {list(MEASURES)}")
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [c.strip() for c in raw.columns]
    for col in GID_COLUMNS:
        if col not in raw.columns:
            raise LayoutError(path, f"header row (line 1), column {col!r}",
                              f"a column named {col!r} (found {list(raw.columns)[:6]}...)")
    years = [c for c in raw.columns if re.fullmatch(r"\d{4}", c)]
    if not years:
        raise LayoutError(path, "header row (line 1)", "year columns (1970, 1971, ...)")
    raw["line"] = raw.index + 2  # the header is line 1
    # The CPI export ends with an empty line and a note line (its text in the first column):
    # neither has a country name, a series or any value.
    blank = (raw[["Country", "Series Name", *years]].apply(lambda s: s.str.strip()) == "")
    raw = raw[~blank.all(axis=1)]
    wrong = raw[raw["Series Name"].str.strip() != GID_SERIES[measure]]
    if len(wrong):
        r = wrong.iloc[0]
        raise LayoutError(path, f"line {r['line']}, column 'Series Name': {r['Series Name']!r}",
                          f"the series {GID_SERIES[measure]!r}")
    codes = source_overrides(GID_MAPPING)
    records = []
    for r in raw.to_dict("records"):
        code = r["Country Code"].strip()
        iso3 = codes.get(code, code)
        if not is_state_code(iso3):
            raise LayoutError(path, f"line {r['line']}, column 'Country Code': {code!r}",
                              "an ISO3 code of a state, or a row of data/mappings/"
                              f"{GID_MAPPING}.csv")
        for y in years:
            cell = r[y].strip()
            if not cell:
                continue
            try:
                value = float(cell)
            except ValueError:
                raise LayoutError(path, f"line {r['line']}, column {y!r}: {cell!r}",
                                  "a number or an empty field") from None
            records.append({"iso3": iso3, "country": r["Country"].strip(), "year": int(y),
                            "value": value})
    df = pd.DataFrame(records, columns=["iso3", "country", "year", "value"])
    df["year"] = df["year"].astype(int)
    df["value"] = df["value"].astype(float)
    df["unit"], df["measure"], df["source"] = UNIT, measure, "GID"
    df["series"] = GID_SERIES[measure]
    return _finish(df, path)
