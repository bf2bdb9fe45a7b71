"""Eurostat Comext spreadsheet downloads (data browser "xlsx" export of EU trade since 1988 by
HS2-4-6 and CN8, DS-045409) -> long table of monthly trade by reporter, partner, product and
flow.

Layout of each data sheet: PRODUCT, FLOW and INDICATORS in column A of rows 5-7 with their
values in column C ("Total [TOTAL]", "IMPORT", "VALUE_IN_EUROS"); row 9 starts with "TIME" and
gives the months (YYYY-MM) from column C; row 11 names the reporter and partner columns; data
from row 12 down to the first empty row. ":" is Eurostat's "not available" (confidential or not
yet published): kept as NaN with ``available`` False, never read as zero.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..countries import to_iso3
from ..errors import LayoutError
from . import validate

PRODUCT_ROW, FLOW_ROW, INDICATOR_ROW, TIME_ROW, HEADER_ROW = 4, 5, 6, 8, 10  # 0-based
FIRST_DATA_ROW, FIRST_MONTH_COL = 11, 2
NOT_AVAILABLE = ":"
_PRODUCT = re.compile(r"\[([^\]]+)\]\s*$")

SCHEMA = pa.DataFrameSchema(
    {
        "reporter": pa.Column(str),
        "reporter_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "partner": pa.Column(str),
        "partner_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "date": pa.Column(pa.DateTime),
        "product": pa.Column(str),
        "flow": pa.Column(str, pa.Check.isin(["import", "export"])),
        "value_eur": pa.Column(float, pa.Check.ge(0), nullable=True),
        "available": pa.Column(bool),
    },
    unique=["reporter", "partner", "date", "product", "flow"],
    strict=True,
    coerce=False,
)


def _text(df: pd.DataFrame, row: int, col: int) -> str:
    v = df.iat[row, col] if row < df.shape[0] and col < df.shape[1] else None
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


def _where(sheet: str, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"sheet {sheet!r}, cell {get_column_letter(col + 1)}{row + 1}"


def _sheet(path: Path, sheet: str, df: pd.DataFrame) -> pd.DataFrame:
    for row, key in ((PRODUCT_ROW, "PRODUCT"), (FLOW_ROW, "FLOW"), (INDICATOR_ROW, "INDICATORS"),
                     (TIME_ROW, "TIME")):
        if not _text(df, row, 0).startswith(key):
            raise LayoutError(path, _where(sheet, row, 0), f"{key!r}")
    m = _PRODUCT.search(_text(df, PRODUCT_ROW, 2))
    if not m:
        raise LayoutError(path, _where(sheet, PRODUCT_ROW, 2), "a product with its code in "
                          "brackets, e.g. 'Total [TOTAL]'")
    product = m[1]
    flow = _text(df, FLOW_ROW, 2).lower()
    if flow not in ("import", "export"):
        raise LayoutError(path, _where(sheet, FLOW_ROW, 2), "IMPORT or EXPORT")
    if _text(df, INDICATOR_ROW, 2) != "VALUE_IN_EUROS":
        raise LayoutError(path, _where(sheet, INDICATOR_ROW, 2), "'VALUE_IN_EUROS'")
    if not (_text(df, HEADER_ROW, 0).startswith("REPORTER")
            and _text(df, HEADER_ROW, 1).startswith("PARTNER")):
        raise LayoutError(path, f"sheet {sheet!r}, row {HEADER_ROW + 1}",
                          "'REPORTER (Labels)' and 'PARTNER (Labels)' in columns A and B")
    months = {}
    for col in range(FIRST_MONTH_COL, df.shape[1]):
        text = _text(df, TIME_ROW, col)
        if not text:
            continue
        if not re.fullmatch(r"\d{4}-\d{2}", text):
            raise LayoutError(path, _where(sheet, TIME_ROW, col), f"a month YYYY-MM, got {text!r}")
        months[col] = pd.Timestamp(f"{text}-01")
    records = []
    for row in range(FIRST_DATA_ROW, df.shape[0]):
        reporter, partner = _text(df, row, 0), _text(df, row, 1)
        if not reporter:
            break  # the data end at the first empty row; "Special value" notes follow
        if not partner:
            raise LayoutError(path, _where(sheet, row, 1), "a partner name")
        for col, month in months.items():
            text = _text(df, row, col)
            if text == NOT_AVAILABLE or text == "":
                value, ok = np.nan, False
            else:
                try:
                    value, ok = float(text), True
                except ValueError:
                    raise LayoutError(path, _where(sheet, row, col),
                                      f"a number or ':' (not available), got {text!r}") from None
            records.append({"reporter": reporter, "partner": partner, "date": month,
                            "product": product, "flow": flow, "value_eur": value,
                            "available": ok})
    return pd.DataFrame(records)


def clean_comext(path: Path) -> pd.DataFrame:
    """Every data sheet of a Comext extract, long: reporter, reporter_iso3, partner,
    partner_iso3, date (first of the month), product (HS code or TOTAL), flow (import,
    export), value_eur (NaN where Eurostat shows ':'), available."""
    path = Path(path)
    import warnings

    with warnings.catch_warnings():  # Eurostat's files carry no default cell style
        warnings.filterwarnings("ignore", message="Workbook contains no default style")
        book = pd.ExcelFile(path)
        sheets = [s for s in book.sheet_names if s.startswith("Sheet ")]
        if not sheets:
            raise LayoutError(path, "sheets", f"data sheets named 'Sheet 1', 'Sheet 2', ... "
                              f"(found {book.sheet_names})")
        raws = {s: pd.read_excel(book, s, header=None, dtype=object, keep_default_na=False)
                for s in sheets}
    frames = [_sheet(path, s, raw) for s, raw in raws.items()]
    out = pd.concat(frames, ignore_index=True)
    for col in ("reporter", "partner"):
        names = out[col].unique()
        codes = dict(zip(names, to_iso3(names, source="eurostat"), strict=True))
        out[f"{col}_iso3"] = out[col].map(codes)
    out = out[list(SCHEMA.columns)].sort_values(
        ["product", "flow", "reporter", "partner", "date"], ignore_index=True)
    return validate(SCHEMA, out, path, "Eurostat Comext")
