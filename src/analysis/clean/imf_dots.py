"""IMF Direction of Trade Statistics (DOTS) portal exports, one reporter per workbook -> long
table of annual exports and imports by partner.

Layout of each sheet ("Exports, FOB" and "Imports, CIF"): the title in B2, the reporter in B4,
the unit "US Dollars, Millions" in B5, years in row 7 from column C, partner names in column B
from row 8. A value written "111.55 e" is an IMF estimate derived from partner records: the
number is kept and ``estimate`` is True. Partner aggregates (World, European Union, country
groups) keep their name with no ISO3 code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..countries import to_iso3
from ..errors import LayoutError
from . import validate

SHEETS = {"Exports, FOB": "exports", "Imports, CIF": "imports"}
TITLES = {"Exports, FOB": "Exports, FOB to Partner Countries",
          "Imports, CIF": "Imports, CIF from Partner Countries"}
UNIT = "US Dollars, Millions"
YEAR_ROW, FIRST_PARTNER_ROW, NAME_COL, FIRST_YEAR_COL = 6, 7, 1, 2  # 0-based
_VALUE = re.compile(r"^\s*(-?[\d,]+(?:\.\d+)?(?:[eE]-?\d+)?)\s*(e)?\s*$")

SCHEMA = pa.DataFrameSchema(
    {
        "reporter_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "reporter": pa.Column(str),
        "partner": pa.Column(str),
        "partner_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "year": pa.Column(int, pa.Check.in_range(1940, 2100)),
        "flow": pa.Column(str, pa.Check.isin(list(SHEETS.values()))),
        "value": pa.Column(float),
        "unit": pa.Column(str),
        "estimate": pa.Column(bool),
    },
    unique=["partner", "year", "flow"],
    strict=True,
    coerce=False,
)


def _cell(df: pd.DataFrame, row: int, col: int) -> str:
    v = df.iat[row, col] if row < df.shape[0] and col < df.shape[1] else None
    return "" if pd.isna(v) else str(v).strip()


def _where(sheet: str, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"sheet {sheet!r}, cell {get_column_letter(col + 1)}{row + 1}"


def clean_dots(path: Path) -> pd.DataFrame:
    """One DOTS workbook: the reporter's exports (FOB) and imports (CIF) by partner and year,
    million US$.

    Columns: reporter_iso3, reporter, partner, partner_iso3 (None for aggregates), year, flow
    (exports, imports), value, unit, estimate (IMF estimate from partner data).
    """
    path = Path(path)
    book = pd.ExcelFile(path)
    records = []
    reporter = None
    for sheet, flow in SHEETS.items():
        if sheet not in book.sheet_names:
            raise LayoutError(path, "sheets", f"a sheet named {sheet!r} (found {book.sheet_names})")
        df = pd.read_excel(book, sheet, header=None, dtype=object, keep_default_na=False)
        if _cell(df, 1, NAME_COL) != TITLES[sheet]:
            raise LayoutError(path, _where(sheet, 1, NAME_COL), f"the title {TITLES[sheet]!r}")
        if _cell(df, 4, NAME_COL) != UNIT:
            raise LayoutError(path, _where(sheet, 4, NAME_COL), f"the unit {UNIT!r}")
        name = _cell(df, 3, NAME_COL)
        if reporter is None:
            reporter = name
        elif name != reporter:
            raise LayoutError(path, _where(sheet, 3, NAME_COL),
                              f"the same reporter as the other sheet ({reporter!r})")
        years = {}
        for col in range(FIRST_YEAR_COL, df.shape[1]):
            text = _cell(df, YEAR_ROW, col)
            if not text:
                continue
            try:
                years[col] = int(float(text))
            except ValueError:
                raise LayoutError(path, _where(sheet, YEAR_ROW, col),
                                  f"a year, got {text!r}") from None
        if not years:
            raise LayoutError(path, f"sheet {sheet!r}, row {YEAR_ROW + 1}", "year columns")
        first = FIRST_PARTNER_ROW
        repeat = [r for r in range(first + 1, df.shape[0])
                  if _cell(df, r, NAME_COL) == _cell(df, first, NAME_COL)]
        if repeat:
            # The portal's export quirk: the first partner row repeats a later one. Skipped
            # only when it is an exact copy, so a real duplicate still fails.
            cols = list(years)
            if not df.iloc[first, cols].equals(df.iloc[repeat[0], cols]):
                raise LayoutError(path, _where(sheet, first, NAME_COL),
                                  f"the first partner row to copy row {repeat[0] + 1} "
                                  f"({_cell(df, first, NAME_COL)!r}) or to be unique")
            first += 1
        for row in range(first, df.shape[0]):
            partner = _cell(df, row, NAME_COL)
            if not partner:
                continue
            for col, year in years.items():
                cell = df.iat[row, col]
                if isinstance(cell, int | float) and not isinstance(cell, bool):
                    if pd.isna(cell):
                        continue
                    value, estimate = float(cell), False
                else:
                    text = _cell(df, row, col)
                    if not text:
                        continue
                    m = _VALUE.match(text)
                    if not m:
                        raise LayoutError(path, _where(sheet, row, col), "a number, optionally "
                                          f"followed by ' e', got {text!r}")
                    value, estimate = float(m[1].replace(",", "")), bool(m[2])
                records.append({"partner": partner, "year": year, "flow": flow,
                                "value": value, "estimate": estimate})
    out = pd.DataFrame(records)
    names = out["partner"].unique()
    codes = dict(zip(names, to_iso3(names, source="imf-dots"), strict=True))
    out["partner_iso3"] = out["partner"].map(codes)
    out["partner_iso3"] = out["partner_iso3"].astype(object).where(
        out["partner_iso3"].notna(), None)
    out["reporter"] = reporter
    out["reporter_iso3"] = to_iso3([reporter], source="imf-dots")[0]
    out["unit"] = "million US$"
    out = out[list(SCHEMA.columns)].sort_values(["flow", "partner", "year"], ignore_index=True)
    return validate(SCHEMA, out, path, "IMF Direction of Trade")
