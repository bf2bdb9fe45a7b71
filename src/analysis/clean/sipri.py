"""SIPRI Military Expenditure Database workbooks -> one tidy table of every measure.

Each release is one xlsx with a sheet per measure. Headers are found by content (the row whose
first cell is "Country"), not by row number, because it moves between sheets and releases.
SIPRI marks estimates (blue) and highly uncertain figures (red) by font colour only, so the
workbook is read with openpyxl to keep those marks as flags.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..countries import to_iso3
from ..errors import LayoutError
from . import validate

# measure id -> (sheet-name pattern, unit). Patterns rather than names: the constant-price
# sheet is renamed every release ("Constant (2021) US$", "Constant (2022) US$", ...).
MEASURES: dict[str, tuple[str, str]] = {
    "constant_usd": (r"^Constant \((\d{4})\) US\$$", "USD m, constant {base} prices"),
    "current_usd": (r"^Current US\$$", "USD m, current prices"),
    "local_currency": (r"^Local currency calendar years$", "local currency m, current prices"),
    "local_currency_fy": (r"^Local currency financial years$",
                          "local currency m, current prices, financial years"),
    "share_gdp": (r"^Share of GDP$", "fraction of GDP"),
    "per_capita": (r"^Per capita$", "USD, current prices"),
    "share_govt": (r"^Share of Govt\. spending$", "fraction of general government expenditure"),
}
MISSING = {"...", ". .", ".."}
NOT_STATE = {"xxx"}
# openpyxl colour codes SIPRI uses: indexed palette 12 / ARGB blue, indexed 10 / ARGB red.
BLUE = {12, "FF0000FF"}
RED = {10, "FFFF0000"}

SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "country": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(1949, 2100)),
        "measure": pa.Column(str, pa.Check.isin(list(MEASURES))),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str),
        "edition": pa.Column(int, pa.Check.in_range(2000, 2100)),
        "price_base_year": pa.Column("Int64", nullable=True),
        "currency": pa.Column(str, nullable=True),
        "missing": pa.Column(bool),
        "not_state": pa.Column(bool),
        "estimate": pa.Column(bool),
        "uncertain": pa.Column(bool),
    },
    unique=["iso3", "year", "measure", "edition"],
    strict=True,
    coerce=False,
)


def _colour(cell) -> int | str | None:
    col = cell.font.color if cell.font is not None else None
    if col is None:
        return None
    if col.type == "indexed":
        return col.indexed
    if col.type == "rgb" and isinstance(col.rgb, str):
        return col.rgb.upper()
    return None


def _year(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        return int(value)
    return None


def _find_header(ws, file: Path) -> tuple[int, dict[int, int], int | None]:
    """Row index of the header, {column index: year}, and the 'Currency' column if any."""
    for r, row in enumerate(ws.iter_rows(max_row=40, values_only=True), start=1):
        if row and isinstance(row[0], str) and row[0].strip() == "Country":
            years = {i: y for i, v in enumerate(row) if (y := _year(v)) is not None}
            if len(years) < 5:
                raise LayoutError(file, f"sheet {ws.title!r}, header row {r}",
                                  "year columns (1949, 1950, ...) after 'Country'")
            currency = next((i for i, v in enumerate(row)
                             if isinstance(v, str) and v.strip() == "Currency"), None)
            return r, years, currency
    raise LayoutError(file, f"sheet {ws.title!r}, rows 1-40",
                      "a header row whose first cell is 'Country'")


def _clean_sheet(ws, measure: str, unit: str, base: int | None, edition: int,
                 file: Path) -> list[dict]:
    header, years, currency_col = _find_header(ws, file)
    rows: list[dict] = []
    for row in ws.iter_rows(min_row=header + 1):
        name = row[0].value if row else None
        if not isinstance(name, str) or not name.strip():
            continue
        cells = [(years[i], row[i]) for i in years if i < len(row)]
        if all(c.value is None for _, c in cells):
            continue  # region heading or footnote line
        currency = row[currency_col].value if currency_col is not None else None
        for year, cell in cells:
            v = cell.value
            rec = {"country": name.strip(), "year": year, "value": None, "missing": False,
                   "not_state": False}
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                rec["value"] = float(v)
            elif v is None or (isinstance(v, str) and v.strip() in MISSING):
                rec["missing"] = True
            elif isinstance(v, str) and v.strip() in NOT_STATE:
                rec["not_state"] = True
            else:
                raise LayoutError(file, f"sheet {ws.title!r}, cell {cell.coordinate} ({name}, "
                                  f"{year}): {v!r}", "a number, '...' or 'xxx'")
            colour = _colour(cell)
            rec["estimate"] = colour in BLUE and rec["value"] is not None
            rec["uncertain"] = colour in RED and rec["value"] is not None
            rec.update(measure=measure, unit=unit.format(base=base), edition=edition,
                       price_base_year=base, currency=currency)
            rows.append(rec)
    return rows


def clean_milex(path: Path, edition: int) -> pd.DataFrame:
    """Every measure sheet of one SIPRI milex workbook as a tidy, validated table.

    ``edition`` is the SIPRI release year (the 2023 release has data to 2022).
    """
    import openpyxl

    path = Path(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Workbook contains no default style"
        wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows: list[dict] = []
        for measure, (pattern, unit) in MEASURES.items():
            matches = [(s, re.match(pattern, s.strip())) for s in wb.sheetnames]
            matches = [(s, m) for s, m in matches if m]
            if len(matches) != 1:
                raise LayoutError(path, f"sheets {wb.sheetnames}",
                                  f"exactly one sheet matching {pattern!r} for {measure}")
            sheet, m = matches[0]
            base = int(m.group(1)) if m.groups() else None
            rows += _clean_sheet(wb[sheet], measure, unit, base, edition, path)
    finally:
        wb.close()
    df = pd.DataFrame(rows)
    names = df["country"].unique()
    codes = dict(zip(names, to_iso3(names, source="sipri-milex"), strict=True))
    df["iso3"] = df["country"].map(codes)
    df = df[df["iso3"].notna()].copy()  # non-state rows (e.g. alliances) are not countries
    df["price_base_year"] = df["price_base_year"].astype("Int64")
    df["year"] = df["year"].astype(int)
    df["edition"] = df["edition"].astype(int)
    df["value"] = df["value"].astype(float)
    cols = list(SCHEMA.columns)
    df = df[cols].sort_values(["measure", "iso3", "year"], ignore_index=True)
    return validate(SCHEMA, df, path, "SIPRI milex")
