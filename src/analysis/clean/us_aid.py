"""US foreign assistance: the USAID Greenbook (obligations by programme, economic and
military, FY1946-2020) and the country totals of ForeignAssistance.gov (FY1946-2025).

* ``us_foreignaid_greenbook.xlsx`` (catalog ``us-aid-greenbook``): one sheet, a few title and
  note rows (one of them states the price year of the constant dollars, "Constant 2020 $US"),
  the header row (``Fiscal Year``, ``Region``, ``Country``, ``Assistance Category``,
  ``Publication Row``, ``Funding Agency``, ``Funding Account Name``, ``Obligations (Historical
  Dollars)``, ``Obligations (Constant Dollars)``), then one row per programme line. The 1976
  transition quarter is fiscal year ``1976.9``. Amounts can be negative (de-obligations).
  :func:`clean_greenbook` keeps every line.
* ``us_foreign_aid_country.csv`` (``us-foreign-assistance``): one row per country,
  transaction type (Obligations, Disbursements, Appropriated and Planned, President's Budget
  Requests) and fiscal year (``1976tq`` for the transition quarter), current and constant
  dollars, no split by category. The price year of its constant dollars is not stated and
  differs by transaction type: it is the fiscal year in which constant and current dollars
  are equal, found by :func:`clean_foreign_assistance` (an error if there is none).

US fiscal years run from October to September (FY2020: October 2019 - September 2020).
Recipients that are regions ("Eurasia (not specified)", "Europe Region") keep an empty iso3.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..countries import is_state_code, to_iso3
from ..errors import LayoutError
from . import validate

GREENBOOK_HEADER = ("Fiscal Year", "Region", "Country", "Assistance Category",
                    "Publication Row", "Funding Agency", "Funding Account Name",
                    "Obligations (Historical Dollars)", "Obligations (Constant Dollars)")
FA_HEADER = ("Country Code", "Country Name", "Region ID", "Region Name",
             "Income Group Acronym", "Income Group Name", "Transaction Type ID",
             "Transaction Type Name", "Fiscal Year", "current_amount", "constant_amount")
CATEGORIES = {"Economic": "economic", "Military": "military"}
HEADER_SEARCH = 20
# Regions are named by a rule of each file, not listed: "... (not specified)" in the
# Greenbook, "... Region" and "World" in ForeignAssistance.gov.
_GREENBOOK_REGION = re.compile(r"\(not specified\)$")
_FA_REGION = re.compile(r"( Region|^World)$")

GREENBOOK_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "country": pa.Column(str),
        "region": pa.Column(str),
        "fiscal_year": pa.Column(int, pa.Check.in_range(1946, 2100)),
        "transition_quarter": pa.Column(bool),
        "category": pa.Column(str, pa.Check.isin(list(CATEGORIES.values()))),
        "programme": pa.Column(str),
        "agency": pa.Column(str),
        "account": pa.Column(str),
        "current_usd": pa.Column(float, pa.Check(np.isfinite, element_wise=False)),
        "constant_usd": pa.Column(float, pa.Check(np.isfinite, element_wise=False)),
        "price_base_year": pa.Column(int, pa.Check.in_range(1990, 2100)),
    },
    strict=True,
    coerce=False,
)

FA_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "country": pa.Column(str),
        "region": pa.Column(str),
        "transaction_type": pa.Column(str),
        "fiscal_year": pa.Column(int, pa.Check.in_range(1946, 2100)),
        "transition_quarter": pa.Column(bool),
        "current_usd": pa.Column(float, pa.Check(np.isfinite, element_wise=False)),
        "constant_usd": pa.Column(float, pa.Check(np.isfinite, element_wise=False)),
        "price_base_year": pa.Column(int, pa.Check.in_range(1990, 2100)),
    },
    unique=["country", "transaction_type", "fiscal_year", "transition_quarter"],
    strict=True,
    coerce=False,
)


def _codes(names: list[str], source: str, region: re.Pattern) -> dict[str, str | None]:
    """ISO3 code per recipient name; regions (by the file's naming rule) get None."""
    named = sorted({n for n in names if not region.search(n)})
    out = dict(zip(named, to_iso3(named, source=source), strict=True))
    out.update({n: None for n in names if region.search(n)})
    return out


# --------------------------------------------------------------------------- Greenbook


def _greenbook_rows(path: Path) -> tuple[list[tuple], int, int]:
    """The data rows, the row number of the first one, and the constant dollars' price year
    (stated in a title row)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        title, header_at, price_year = [], None, None
        for n, row in enumerate(it, start=1):
            cells = [str(c).strip() if c is not None else "" for c in row]
            if cells and cells[0] == GREENBOOK_HEADER[0]:
                header_at = n
                break
            title.append(" ".join(cells))
            if n >= HEADER_SEARCH:
                break
        if header_at is None:
            raise LayoutError(path, f"sheet {ws.title!r}, rows 1-{HEADER_SEARCH}",
                              f"a header row beginning {GREENBOOK_HEADER[0]!r}")
        header = tuple(cells[:len(GREENBOOK_HEADER)])
        if header != GREENBOOK_HEADER:
            raise LayoutError(path, f"sheet {ws.title!r}, header row {header_at}",
                              f"the columns {list(GREENBOOK_HEADER)} (found {list(header)})")
        m = re.search(r"Constant (\d{4})", " ".join(title))
        if not m:
            raise LayoutError(path, f"sheet {ws.title!r}, rows 1-{header_at - 1}",
                              "a title stating the price year ('Constant 2020 $US')")
        price_year = int(m.group(1))
        rows = [row[:len(GREENBOOK_HEADER)] for row in it]
    finally:
        wb.close()
    return rows, header_at + 1, price_year


def clean_greenbook(path: Path) -> pd.DataFrame:
    """Greenbook obligations, one row per programme line as published.

    Columns: iso3 (empty for regions), country, region, fiscal_year, transition_quarter (the
    July-September 1976 quarter, fiscal year 1976.9 in the file), category (economic or
    military), programme (Publication Row), agency, account, current_usd, constant_usd (US$
    of ``price_base_year``, stated in the sheet's title), price_base_year.
    """
    path = Path(path)
    rows, first, price_year = _greenbook_rows(path)
    raw = pd.DataFrame(rows, columns=GREENBOOK_HEADER)
    raw.index = range(first, first + len(raw))
    raw = raw.dropna(how="all")
    sheet = "sheet 1"
    fy = pd.to_numeric(raw["Fiscal Year"], errors="coerce")
    whole = fy.notna() & ((fy % 1 == 0) | np.isclose(fy, 1976.9))
    if not whole.all():
        n = raw.index[(~whole).to_numpy().argmax()]
        raise LayoutError(path, f"{sheet}, row {n}, column 'Fiscal Year': "
                          f"{raw.at[n, 'Fiscal Year']!r}",
                          "a fiscal year (or 1976.9, the transition quarter)")
    cat = raw["Assistance Category"].map(CATEGORIES)
    if cat.isna().any():
        n = raw.index[cat.isna().to_numpy().argmax()]
        raise LayoutError(path, f"{sheet}, row {n}, column 'Assistance Category': "
                          f"{raw.at[n, 'Assistance Category']!r}",
                          f"one of {list(CATEGORIES)}")
    amounts = {}
    for col, name in (("Obligations (Historical Dollars)", "current_usd"),
                      ("Obligations (Constant Dollars)", "constant_usd")):
        num = pd.to_numeric(raw[col], errors="coerce")
        if num.isna().any():
            n = raw.index[num.isna().to_numpy().argmax()]
            raise LayoutError(path, f"{sheet}, row {n}, column {col!r}: {raw.at[n, col]!r}",
                              "an amount in US$ (negative for a de-obligation)")
        amounts[name] = num.astype(float)
    names = raw["Country"].astype(str).str.strip()
    codes = _codes(sorted(set(names)), "greenbook", _GREENBOOK_REGION)
    df = pd.DataFrame({
        "iso3": names.map(codes).astype(object), "country": names,
        "region": raw["Region"].astype(str).str.strip(),
        "fiscal_year": np.floor(fy).astype(int), "transition_quarter": ~(fy % 1 == 0),
        "category": cat, "programme": raw["Publication Row"].astype(str).str.strip(),
        "agency": raw["Funding Agency"].astype(str).str.strip(),
        "account": raw["Funding Account Name"].astype(str).str.strip(),
        **amounts, "price_base_year": price_year})
    df["iso3"] = df["iso3"].where(df["iso3"].notna(), None)
    df = df.sort_values(["country", "fiscal_year", "category", "programme", "agency",
                         "account"], kind="mergesort", ignore_index=True)
    return validate(GREENBOOK_SCHEMA, df, path, "USAID Greenbook")


# --------------------------------------------------------------------------- FA.gov


def _fiscal_year(text: str) -> tuple[int, bool] | None:
    m = re.fullmatch(r"(\d{4})(tq)?", text.strip().lower())
    return (int(m.group(1)), bool(m.group(2))) if m else None


def clean_foreign_assistance(path: Path) -> pd.DataFrame:
    """ForeignAssistance.gov country totals, one row per recipient, transaction type and
    fiscal year.

    Columns: iso3 (the file's code when it is a state's; mapped from the name for former
    states with code NULL; empty for regions and territories), country, region,
    transaction_type, fiscal_year, transition_quarter, current_usd, constant_usd,
    price_base_year (per transaction type, the fiscal year whose constant dollars equal its
    current dollars).
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in FA_HEADER if c not in raw.columns]
    if missing:
        raise LayoutError(path, "header row (line 1)",
                          f"columns {missing} (found {list(raw.columns)})")
    parsed = raw["Fiscal Year"].map(_fiscal_year)
    if parsed.isna().any():
        i = raw.index[parsed.isna().to_numpy().argmax()]
        raise LayoutError(path, f"line {i + 2}, column 'Fiscal Year': "
                          f"{raw.at[i, 'Fiscal Year']!r}", "a year, or a year + 'tq'")
    amounts = {}
    for col, name in (("current_amount", "current_usd"), ("constant_amount", "constant_usd")):
        num = pd.to_numeric(raw[col], errors="coerce")
        if num.isna().any():
            i = raw.index[num.isna().to_numpy().argmax()]
            raise LayoutError(path, f"line {i + 2}, column {col!r}: {raw.at[i, col]!r}",
                              "an amount in US$")
        amounts[name] = num.astype(float)
    df = pd.DataFrame({
        "country": raw["Country Name"].str.strip(), "region": raw["Region Name"].str.strip(),
        "transaction_type": raw["Transaction Type Name"].str.strip(),
        "fiscal_year": parsed.map(lambda p: p[0]).astype(int),
        "transition_quarter": parsed.map(lambda p: p[1]).astype(bool), **amounts})
    code = raw["Country Code"].str.strip()
    state = code.map(is_state_code)
    by_name = _codes(sorted(set(df.loc[~state, "country"])), "foreignassistance", _FA_REGION)
    df.insert(0, "iso3", code.where(state, df["country"].map(by_name)).astype(object))
    df["iso3"] = df["iso3"].where(df["iso3"].notna(), None)
    # The price year of each transaction type (they differ: FY2023 for obligations, FY2022
    # for budget requests): where its constant and current dollars agree, summed over rows.
    base = {}
    for kind, rows in df[~df["transition_quarter"]].groupby("transaction_type"):
        sums = rows.groupby("fiscal_year")[["current_usd", "constant_usd"]].sum()
        equal = sums.index[np.isclose(sums["current_usd"], sums["constant_usd"], rtol=1e-6)]
        if len(equal) != 1:
            raise LayoutError(path, f"columns 'current_amount', 'constant_amount' of "
                              f"transaction type {kind!r}",
                              f"one fiscal year whose constant dollars equal its current "
                              f"dollars (the price year; found {list(equal)})")
        base[kind] = int(equal[0])
    df["price_base_year"] = df["transaction_type"].map(base).astype(int)
    df = df.sort_values(["country", "transaction_type", "fiscal_year", "transition_quarter"],
                        ignore_index=True)
    return validate(FA_SCHEMA, df, path, "ForeignAssistance.gov country totals")
