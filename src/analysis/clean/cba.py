"""Central Bank of Armenia: money transfers of individuals through Armenian banks, by country
(``5_Money_transfers_of_individuals_by_countries-eng.xlsx``) -> long table in thousand US$.

Layout of the sheets "monthly in USD" and "annual in USD": the unit "(thousand USD)" in A3;
row 3 gives the year at the first column of each year; row 4 the month ("January", ...) or
"Annual" at the first column of each block and "of which non-commercial" three columns on;
row 5 "Inflow", "Outflow", "Net inflow" under each; countries in column A from row 6 down to
"Total". The AMD sheets repeat the same flows in drams and are not read.
"""

from __future__ import annotations

import calendar
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..countries import to_iso3
from ..errors import LayoutError
from . import validate

SHEETS = {"monthly in USD": "month", "annual in USD": "year"}
UNIT_CELL = "(thousand USD)"
YEAR_ROW, PERIOD_ROW, MEASURE_ROW, FIRST_COUNTRY_ROW = 2, 3, 4, 5  # 0-based
MEASURES = {"inflow": "inflow", "outflow": "outflow", "net inflow": "net inflow"}
NON_COMMERCIAL = "of which non-commercial"
MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
TOTAL = "Total"

SCHEMA = pa.DataFrameSchema(
    {
        "country": pa.Column(str),
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "frequency": pa.Column(str, pa.Check.isin(["month", "year"])),
        "year": pa.Column(int, pa.Check.in_range(2000, 2100)),
        "month": pa.Column(float, pa.Check.in_range(1, 12), nullable=True),
        "date": pa.Column(pa.DateTime),
        "scope": pa.Column(str, pa.Check.isin(["all", "non-commercial"])),
        "measure": pa.Column(str, pa.Check.isin(list(MEASURES.values()))),
        "value": pa.Column(float),
        "unit": pa.Column(str),
    },
    unique=["country", "frequency", "date", "scope", "measure"],
    strict=True,
    coerce=False,
)


def _text(df: pd.DataFrame, row: int, col: int) -> str:
    v = df.iat[row, col]
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


def _where(sheet: str, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"sheet {sheet!r}, cell {get_column_letter(col + 1)}{row + 1}"


def _columns(path: Path, sheet: str, df: pd.DataFrame, frequency: str) -> dict[int, dict]:
    """What each value column holds: year, month, scope and measure."""
    out = {}
    year = period = None
    scope = "all"
    for col in range(1, df.shape[1]):
        y = _text(df, YEAR_ROW, col)
        if y:
            try:
                year = int(float(y))
            except ValueError:
                raise LayoutError(path, _where(sheet, YEAR_ROW, col), f"a year, got {y!r}") \
                    from None
        p = _text(df, PERIOD_ROW, col)
        if p == NON_COMMERCIAL:
            scope = "non-commercial"
        elif p:
            expected = MONTHS if frequency == "month" else {"Annual": None}
            if p not in expected:
                raise LayoutError(path, _where(sheet, PERIOD_ROW, col),
                                  f"a month name or {NON_COMMERCIAL!r}" if frequency == "month"
                                  else f"'Annual' or {NON_COMMERCIAL!r}, got {p!r}")
            period, scope = expected[p], "all"
        m = _text(df, MEASURE_ROW, col).lower()
        if m not in MEASURES:
            raise LayoutError(path, _where(sheet, MEASURE_ROW, col),
                              f"one of 'Inflow', 'Outflow', 'Net inflow', got {m!r}")
        if year is None or (frequency == "month" and period is None):
            raise LayoutError(path, _where(sheet, PERIOD_ROW, col), "a year and period heading "
                              "before the first value column")
        out[col] = {"year": year, "month": period if frequency == "month" else None,
                    "scope": scope, "measure": MEASURES[m]}
    return out


def clean_transfers(path: Path) -> pd.DataFrame:
    """Transfers of individuals through Armenian banks, by country: monthly and annual
    inflows, outflows and net inflows, all transfers and the non-commercial part, thousand US$.

    Columns: country (the bank's name), iso3 (None for "Others" and "Total"), frequency
    (month, year), year, month (NaN for annual rows), date, scope (all, non-commercial),
    measure (inflow, outflow, net inflow), value, unit.
    """
    path = Path(path)
    book = pd.ExcelFile(path)
    parts = []
    for sheet, frequency in SHEETS.items():
        if sheet not in book.sheet_names:
            raise LayoutError(path, "sheets", f"a sheet named {sheet!r} (found {book.sheet_names})")
        df = pd.read_excel(book, sheet, header=None, dtype=object, keep_default_na=False)
        if _text(df, YEAR_ROW, 0) != UNIT_CELL:
            raise LayoutError(path, _where(sheet, YEAR_ROW, 0), f"the unit {UNIT_CELL!r}")
        cols = _columns(path, sheet, df, frequency)
        names = [_text(df, r, 0) for r in range(FIRST_COUNTRY_ROW, df.shape[0])]
        if TOTAL not in names:
            raise LayoutError(path, f"sheet {sheet!r}, column A", f"a row {TOTAL!r}")
        last = FIRST_COUNTRY_ROW + names.index(TOTAL)
        records = []
        for row in range(FIRST_COUNTRY_ROW, last + 1):
            country = _text(df, row, 0)
            if not country:
                raise LayoutError(path, _where(sheet, row, 0), "a country name")
            for col, spec in cols.items():
                v = df.iat[row, col]
                if v is None or (isinstance(v, float) and np.isnan(v)) or v == "":
                    continue  # no transfers recorded
                try:
                    value = float(v)
                except (TypeError, ValueError):
                    raise LayoutError(path, _where(sheet, row, col), f"a number, got {v!r}") \
                        from None
                records.append({"country": country, "frequency": frequency, **spec,
                                "value": value})
        parts.append(pd.DataFrame(records))
    out = pd.concat(parts, ignore_index=True)
    names = out["country"].unique()
    codes = dict(zip(names, to_iso3(names, source="cba"), strict=True))
    out["iso3"] = out["country"].map(codes)
    out["iso3"] = out["iso3"].astype(object).where(out["iso3"].notna(), None)
    out["month"] = out["month"].astype(float)
    out["date"] = pd.to_datetime({"year": out["year"], "month": out["month"].fillna(1),
                                  "day": 1})
    out["unit"] = "thousand US$"
    out = out[list(SCHEMA.columns)].sort_values(
        ["frequency", "country", "date", "scope", "measure"], ignore_index=True)
    return validate(SCHEMA, out, path, "CBA money transfers")
