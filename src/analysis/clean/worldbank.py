"""World Development Indicators files -> one tidy table per indicator.

Two layouts are read: the long CSVs of the datahub.io "core datasets" (Country Name, Country
Code, Year, Value: GDP, population) and the World Bank's own API download (a few preamble
lines, then one column per year: oil rents). World Bank codes are ISO3 for states; regional
and income aggregates (WLD, ECS, ...) are dropped with :func:`analysis.countries.is_state_code`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..countries import is_state_code
from ..errors import LayoutError
from . import validate

HEADER_SEARCH = 20  # lines scanned for the API file's header row

# indicator code -> unit of its values.
UNITS: dict[str, str] = {
    "NY.GDP.MKTP.CD": "USD, current prices",
    "SP.POP.TOTL": "persons",
    "NY.GDP.PETR.RT.ZS": "percent of GDP",
    "FP.CPI.TOTL.ZG": "percent a year (consumer prices, annual average)",
    "NY.GDP.DEFL.KD.ZG": "percent a year (GDP deflator)",
    "BX.TRF.PWKR.CD.DT": "USD, current prices",
}
LONG_COLUMNS = ("Country Name", "Country Code", "Year", "Value")
API_COLUMNS = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")

SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "country": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(1960, 2100)),
        "value": pa.Column(float),
        "unit": pa.Column(str),
        "indicator": pa.Column(str, pa.Check.isin(list(UNITS))),
    },
    unique=["iso3", "year", "indicator"],
    strict=True,
    coerce=False,
)


def _first_bad(bad: pd.Series) -> int:
    return int(bad.to_numpy().argmax())


def _finish(df: pd.DataFrame, indicator: str, path: Path) -> pd.DataFrame:
    df = df[df["iso3"].map(is_state_code)].copy()  # drop aggregates (WLD, ECS, EUU, ...)
    df["unit"] = UNITS[indicator]
    df["indicator"] = indicator
    df = df[list(SCHEMA.columns)].sort_values(["iso3", "year"], ignore_index=True)
    return validate(SCHEMA, df, path, "WDI")


def clean_long(path: Path, indicator: str) -> pd.DataFrame:
    """A datahub.io long CSV (Country Name, Country Code, Year, Value) of one WDI indicator.

    Columns: iso3, country, year, value, unit, indicator. States only.
    """
    path = Path(path)
    if indicator not in UNITS:
        raise ValueError(f"unknown WDI indicator {indicator!r}; known: {list(UNITS)}")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [c.strip() for c in raw.columns]
    for col in LONG_COLUMNS:
        if col not in raw.columns:
            raise LayoutError(path, f"header row (line 1), column {col!r}",
                              f"a column named {col!r} (found {list(raw.columns)})")
    raw = raw[raw["Value"].str.strip() != ""]  # a year without data
    out = pd.DataFrame({"iso3": raw["Country Code"].str.strip(),
                        "country": raw["Country Name"].str.strip()})
    for col, target in (("Year", "year"), ("Value", "value")):
        num = pd.to_numeric(raw[col], errors="coerce")
        bad = num.isna() | ((num % 1 != 0) if col == "Year" else False)
        if bad.any():
            i = _first_bad(bad)
            # +2: the header is line 1 and the index counts from 0.
            raise LayoutError(path, f"line {raw.index[i] + 2}, column {col!r}: "
                              f"{raw[col].iloc[i]!r}", "a year" if col == "Year" else "a number")
        out[target] = num.astype(int if col == "Year" else float)
    return _finish(out, indicator, path)


def clean_api(path: Path, indicator: str) -> pd.DataFrame:
    """A World Bank API CSV download (preamble, then one column per year) of one indicator.

    The header row is the first whose first cell is 'Country Name'; its 'Indicator Code'
    must be ``indicator``. Empty cells (no data) are dropped. Columns as :func:`clean_long`.
    """
    path = Path(path)
    if indicator not in UNITS:
        raise ValueError(f"unknown WDI indicator {indicator!r}; known: {list(UNITS)}")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return _api_rows(path, rows, indicator)


def _api_rows(path: Path, rows: list[list[str]], indicator: str) -> pd.DataFrame:
    """The API layout, as rows of text, to the tidy table (shared by the CSV and Excel files)."""
    header_at = next((i for i, r in enumerate(rows[:HEADER_SEARCH])
                      if r and r[0].strip() == "Country Name"), None)
    if header_at is None:
        raise LayoutError(path, f"lines 1-{HEADER_SEARCH}",
                          "a header row whose first cell is 'Country Name'")
    header = [c.strip() for c in rows[header_at]]
    where = f"header row (line {header_at + 1})"
    for col in API_COLUMNS:
        if col not in header:
            raise LayoutError(path, f"{where}, column {col!r}",
                              f"a column named {col!r} (found {header[:6]}...)")
    years = {i: int(c) for i, c in enumerate(header) if re.fullmatch(r"\d{4}", c)}
    if not years:
        raise LayoutError(path, where, "year columns (1960, 1961, ...)")
    name_i, code_i, ind_i = (header.index(c) for c in ("Country Name", "Country Code",
                                                       "Indicator Code"))
    records = []
    for n, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header) - 1:  # the trailing empty column may be absent
            raise LayoutError(path, f"line {n}", f"{len(header)} fields like the header, "
                              f"got {len(row)}")
        if row[ind_i].strip() != indicator:
            raise LayoutError(path, f"line {n}, column 'Indicator Code': {row[ind_i]!r}",
                              f"indicator {indicator}")
        for i, year in years.items():
            cell = row[i].strip() if i < len(row) else ""
            if not cell:
                continue
            try:
                value = float(cell)
            except ValueError:
                raise LayoutError(path, f"line {n}, column {header[i]!r}: {cell!r}",
                                  "a number or an empty field") from None
            records.append({"iso3": row[code_i].strip(), "country": row[name_i].strip(),
                            "year": year, "value": value})
    out = pd.DataFrame(records, columns=["iso3", "country", "year", "value"])
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(float)
    return _finish(out, indicator, path)


def clean_api_excel(path: Path, indicator: str, sheet: str = "Data") -> pd.DataFrame:
    """A World Bank API Excel download (legacy .xls): the same layout as :func:`clean_api` on
    its ``Data`` sheet (preamble rows, then the header row and one column per year; the year
    labels are numbers such as 1960.0). Columns as :func:`clean_long`."""
    path = Path(path)
    if indicator not in UNITS:
        raise ValueError(f"unknown WDI indicator {indicator!r}; known: {list(UNITS)}")
    try:
        df = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object)
    except ValueError as exc:  # no such sheet
        raise LayoutError(path, "sheets", f"a sheet named {sheet!r} ({exc})") from exc

    def text(v) -> str:
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return ""
        if isinstance(v, float) and v.is_integer() and 1900 <= v <= 2100:
            return str(int(v))  # a year label
        return str(v)

    rows = [[text(v) for v in row] for row in df.itertuples(index=False)]
    return _api_rows(path, rows, indicator)


def clean_gdp(path: Path) -> pd.DataFrame:
    """GDP, current US$ (NY.GDP.MKTP.CD), from the datahub.io long CSV."""
    return clean_long(path, "NY.GDP.MKTP.CD")


def clean_population(path: Path) -> pd.DataFrame:
    """Population, total (SP.POP.TOTL), from the datahub.io long CSV."""
    return clean_long(path, "SP.POP.TOTL")


def clean_oil_rents(path: Path) -> pd.DataFrame:
    """Oil rents, percent of GDP (NY.GDP.PETR.RT.ZS), from the World Bank API CSV."""
    return clean_api(path, "NY.GDP.PETR.RT.ZS")


def clean_remittances(path: Path) -> pd.DataFrame:
    """Personal remittances received, current US$ (BX.TRF.PWKR.CD.DT), from the World Bank
    API Excel download."""
    return clean_api_excel(path, "BX.TRF.PWKR.CD.DT")
