"""SIPRI Arms Transfers Database "trade register" CSV exports -> tidy tables.

Two exports are read:

* the register by delivery year (one row per deal and delivery year; TIV delivered that
  year), the basis of annual import series;
* the per-deal register (one row per deal; TIV delivered summed over all its years).

Both open with a free-text preamble whose length depends on the export options, so the
header is found by content (the first line naming both 'Supplier' and 'Recipient'). Fields
are never quoted: a comment containing a line break splits a deal over two lines, which are
joined again here. SIPRI marks non-state recipients with '*' (armed groups) or '**'
(organisations); they keep their names and get no ISO3 code.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..countries import NON_STATES_FILE, mappings_dir, non_state_kind, to_iso3
from ..errors import LayoutError, UnknownCountryError
from . import validate

SOURCE = "sipri-transfers"
HEADER_SEARCH = 40  # lines scanned for the header row
UNIT = "SIPRI TIV, millions"

# File header -> output column, for the by-delivery-year export.
BY_YEAR_COLUMNS: dict[str, str] = {
    "SIPRI AT Database ID": "deal_id",
    "Supplier": "supplier",
    "Recipient": "recipient",
    "Designation": "designation",
    "Description": "description",
    "Armament category": "category",
    "Order date": "order_year",
    "Order date is estimate": "order_year_estimate",
    "Numbers delivered": "number_delivered",
    "Numbers delivered is estimate": "number_delivered_estimate",
    "Delivery year": "year",
    "Delivery year is estimate": "year_estimate",
    "Status": "status",
    "SIPRI estimate": "tiv_unit_new",
    "TIV deal unit": "tiv_unit",
    "TIV delivery values": "tiv",
    "Local production": "local_production",
}

# File header -> output column, for the per-deal export. Its '?' flag columns have a blank
# name; they are named here after the column they qualify, plus ' ?'.
REGISTER_COLUMNS: dict[str, str] = {
    "Recipient": "recipient",
    "Supplier": "supplier",
    "Year of order": "order_year",
    "Year of order ?": "order_year_uncertain",
    "Number ordered": "number_ordered",
    "Number ordered ?": "number_ordered_uncertain",
    "Weapon designation": "designation",
    "Weapon description": "description",
    "Number delivered": "number_delivered",
    "Number delivered ?": "number_delivered_uncertain",
    "Year(s) of delivery": "delivery_years",
    "status": "status",
    "Comments": "comments",
    "SIPRI TIV per unit": "tiv_unit",
    "SIPRI TIV for total order": "tiv_order",
    "SIPRI TIV of delivered weapons": "tiv_delivered",
}

_ISO3 = pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True)
_YEAR = pa.Check.in_range(1900, 2100)

BY_YEAR_SCHEMA = pa.DataFrameSchema(
    {
        "deal_id": pa.Column(int),
        "supplier": pa.Column(str),
        "supplier_iso3": _ISO3,
        "recipient": pa.Column(str),
        "recipient_iso3": _ISO3,
        "year": pa.Column(int, _YEAR),
        "tiv": pa.Column(float, pa.Check.ge(0)),
        "designation": pa.Column(str),
        "description": pa.Column(str),
        "category": pa.Column(str),
        "status": pa.Column(str),
        "order_year": pa.Column("Int64", _YEAR, nullable=True),
        "order_year_estimate": pa.Column("boolean", nullable=True),
        "number_delivered": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "number_delivered_estimate": pa.Column("boolean", nullable=True),
        "year_estimate": pa.Column("boolean", nullable=True),
        "tiv_unit_new": pa.Column(float, pa.Check.ge(0), nullable=True),
        "tiv_unit": pa.Column(float, pa.Check.ge(0), nullable=True),
        "local_production": pa.Column("boolean", nullable=True),
    },
    unique=["deal_id", "year"],
    strict=True,
    coerce=False,
)

REGISTER_SCHEMA = pa.DataFrameSchema(
    {
        "supplier": pa.Column(str),
        "supplier_iso3": _ISO3,
        "recipient": pa.Column(str),
        "recipient_iso3": _ISO3,
        "order_year": pa.Column("Int64", _YEAR, nullable=True),
        "order_year_uncertain": pa.Column(bool),
        "number_ordered": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "number_ordered_uncertain": pa.Column(bool),
        "number_delivered": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "number_delivered_uncertain": pa.Column(bool),
        "delivery_years": pa.Column(str, nullable=True),
        "first_delivery_year": pa.Column("Int64", _YEAR, nullable=True),
        "last_delivery_year": pa.Column("Int64", _YEAR, nullable=True),
        "designation": pa.Column(str),
        "description": pa.Column(str),
        "status": pa.Column(str),
        "comments": pa.Column(str, nullable=True),
        "tiv_unit": pa.Column(float, pa.Check.ge(0), nullable=True),
        "tiv_order": pa.Column(float, pa.Check.ge(0), nullable=True),
        "tiv_delivered": pa.Column(float, pa.Check.ge(0), nullable=True),
    },
    strict=True,
    coerce=False,
)


def _lines(path: Path, encoding: str) -> list[str]:
    try:
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as exc:
        raise LayoutError(path, f"byte {exc.start}", f"{encoding} text") from exc
    # Split on LF only: one comment holds a bare CR. The by-year export ends every line
    # with a stray ';', which is not a field separator.
    return [line.rstrip("\r").rstrip(";") for line in text.split("\n")]


def _fields(line: str) -> list[str]:
    return next(csv.reader([line]), [])


def read_register(path: Path, columns: dict[str, str], encoding: str
                  ) -> tuple[pd.DataFrame, list[int]]:
    """The data rows of a SIPRI export as strings, columns renamed, and each row's line number.

    Raises :class:`LayoutError` when no header row is found, a column is missing, or a row
    has a field count that no joining of split lines explains.
    """
    path = Path(path)
    lines = _lines(path, encoding)
    header_at = next((i for i, line in enumerate(lines[:HEADER_SEARCH])
                      if {"Supplier", "Recipient"} <= {f.strip() for f in _fields(line)}), None)
    if header_at is None:
        raise LayoutError(path, f"lines 1-{HEADER_SEARCH}",
                          "a header row naming the columns 'Supplier' and 'Recipient'")
    header: list[str] = []
    for name in (f.strip() for f in _fields(lines[header_at])):
        header.append(f"{header[-1]} ?" if not name and header else name)
    for name in columns:
        if name not in header:
            raise LayoutError(path, f"header row (line {header_at + 1}), column {name!r}",
                              f"a column named {name!r} (found {header})")
    width = len(header)
    rows: list[list[str]] = []
    numbers: list[int] = []
    i = header_at + 1
    while i < len(lines):
        start = i
        row = _fields(lines[i])
        i += 1
        if not row or row == [""]:
            continue
        # An unquoted line break inside a comment splits a deal: join the pieces back.
        while len(row) < width and i < len(lines) and lines[i]:
            more = _fields(lines[i])
            row[-1] += more[0]
            row += more[1:]
            i += 1
        if len(row) != width:
            raise LayoutError(path, f"line {start + 1}",
                              f"{width} comma-separated fields like the header, got {len(row)}")
        rows.append(row)
        numbers.append(start + 1)
    df = pd.DataFrame(rows, columns=header)[list(columns)].rename(columns=columns)
    return df.apply(lambda s: s.str.strip()), numbers


def _numbers(df: pd.DataFrame, col: str, lines: list[int], path: Path, src: str,
             required: bool = False, whole: bool = False) -> pd.Series:
    text = df[col]
    out = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = out.isna() & ((text != "") | required)
    if whole:
        bad |= out.notna() & (out % 1 != 0)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        kind = "a whole number" if whole else "a number"
        raise LayoutError(path, f"line {lines[i]}, column {src!r}: {text.iloc[i]!r}",
                          kind + ("" if required else " or an empty field"))
    return out.astype("Int64") if whole else out.astype(float)


def _flags(df: pd.DataFrame, col: str, lines: list[int], path: Path, src: str,
           values: dict[str, bool | None]) -> pd.Series:
    text = df[col]
    bad = ~text.isin(list(values))
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise LayoutError(path, f"line {lines[i]}, column {src!r}: {text.iloc[i]!r}",
                          f"one of {sorted(values)}")
    return text.map(values)


def _add_iso3(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    names = pd.unique(pd.concat([df["supplier"], df["recipient"]]))
    codes = dict(zip(names, to_iso3(names, source=SOURCE), strict=True))
    for name in names:
        # country_converter would map 'PKK (Turkiye)*' to TUR: every starred name must be a
        # listed non-state actor.
        if name.endswith("*") and non_state_kind(name) is None:
            raise UnknownCountryError(
                f"{SOURCE} ({path}): {name!r} is a non-state actor (SIPRI marks them '*'); "
                f"add it to {mappings_dir() / NON_STATES_FILE}")
    for side in ("supplier", "recipient"):
        df[f"{side}_iso3"] = df[side].map(codes).astype(object)
        df[f"{side}_iso3"] = df[f"{side}_iso3"].where(df[f"{side}_iso3"].notna(), None)
    return df


def _validate(df: pd.DataFrame, schema: pa.DataFrameSchema, path: Path) -> pd.DataFrame:
    return validate(schema, df, path, "SIPRI transfers")


def clean_by_year(path: Path) -> pd.DataFrame:
    """The register by delivery year: one row per deal and delivery year, TIV delivered then.

    Columns: deal_id, supplier, supplier_iso3, recipient, recipient_iso3, year, tiv (SIPRI TIV
    millions), designation, description, category, status, order_year, number_delivered,
    tiv_unit_new, tiv_unit, local_production and the *_estimate flags (nullable booleans).
    ``*_iso3`` is None for non-state actors, whose names are kept.
    """
    path = Path(path)
    raw, lines = read_register(path, BY_YEAR_COLUMNS, "utf-8")
    src = {v: k for k, v in BY_YEAR_COLUMNS.items()}
    yes_no = {"Yes": True, "No": False, "": None}
    df = raw[["supplier", "recipient", "designation", "description", "category",
              "status"]].copy()
    df["deal_id"] = _numbers(raw, "deal_id", lines, path, src["deal_id"], True, True)
    df["year"] = _numbers(raw, "year", lines, path, src["year"], True, True)
    df["tiv"] = _numbers(raw, "tiv", lines, path, src["tiv"], required=True)
    df["order_year"] = _numbers(raw, "order_year", lines, path, src["order_year"], whole=True)
    df["number_delivered"] = _numbers(raw, "number_delivered", lines, path,
                                      src["number_delivered"], whole=True)
    for col in ("tiv_unit_new", "tiv_unit"):
        df[col] = _numbers(raw, col, lines, path, src[col])
    for col in ("order_year_estimate", "number_delivered_estimate", "year_estimate",
                "local_production"):
        df[col] = _flags(raw, col, lines, path, src[col], yes_no).astype("boolean")
    df["deal_id"] = df["deal_id"].astype(int)
    df["year"] = df["year"].astype(int)
    df = _add_iso3(df, path)
    df = df[list(BY_YEAR_SCHEMA.columns)].sort_values(
        ["recipient", "supplier", "year", "deal_id"], ignore_index=True)
    return _validate(df, BY_YEAR_SCHEMA, path)


def clean_register(path: Path) -> pd.DataFrame:
    """The per-deal register: one row per deal, TIV delivered summed over all its years.

    Columns: supplier, supplier_iso3, recipient, recipient_iso3, order_year, number_ordered,
    number_delivered (each with an ``*_uncertain`` flag for SIPRI's '?'), delivery_years (the
    file's '; '-separated list), first_delivery_year, last_delivery_year, designation,
    description, status, comments, tiv_unit, tiv_order, tiv_delivered (SIPRI TIV millions).
    """
    path = Path(path)
    raw, lines = read_register(path, REGISTER_COLUMNS, "latin-1")
    src = {v: k for k, v in REGISTER_COLUMNS.items()}
    df = raw[["supplier", "recipient", "designation", "description", "status"]].copy()
    for col in ("order_year", "number_ordered", "number_delivered"):
        df[col] = _numbers(raw, col, lines, path, src[col], whole=True)
        df[f"{col}_uncertain"] = _flags(raw, f"{col}_uncertain", lines, path,
                                        src[f"{col}_uncertain"], {"?": True, "": False})
    for col in ("tiv_unit", "tiv_order", "tiv_delivered"):
        df[col] = _numbers(raw, col, lines, path, src[col])
    years = raw["delivery_years"]
    bad = ~years.str.fullmatch(r"(\d{4}(; \d{4})*)?")
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise LayoutError(path, f"line {lines[i]}, column {src['delivery_years']!r}: "
                          f"{years.iloc[i]!r}", "years separated by '; ' or an empty field")
    split = years.where(years != "").str.split("; ")
    df["delivery_years"] = years.where(years != "", None)
    df["first_delivery_year"] = split.map(lambda y: min(map(int, y)) if isinstance(y, list)
                                          else None).astype("Int64")
    df["last_delivery_year"] = split.map(lambda y: max(map(int, y)) if isinstance(y, list)
                                         else None).astype("Int64")
    df["comments"] = raw["comments"].where(raw["comments"] != "", None)
    df = _add_iso3(df, path)
    df = df[list(REGISTER_SCHEMA.columns)].sort_values(
        ["recipient", "supplier", "order_year", "designation"], ignore_index=True)
    return _validate(df, REGISTER_SCHEMA, path)

