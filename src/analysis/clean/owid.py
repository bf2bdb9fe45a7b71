"""Our World in Data grapher CSVs -> tidy tables.

OWID's grapher export is Entity, Code, Year, then one value column. The armed-forces file
has a broken header (five names, 'Year' twice, over four-field rows), so fields are taken by
position after checking the first three names. Aggregates have an empty Code or an
``OWID_`` code and are dropped; an empty Code on a state (this vintage leaves Syria's
empty) is recovered from the entity name.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..countries import is_state_code, to_iso3
from ..errors import LayoutError
from . import validate

VERSION = "1"
SOURCE = "owid"
ID_COLUMNS = ("Entity", "Code", "Year")
FIELDS = 4  # Entity, Code, Year, value

SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "country": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(1900, 2100)),
        "value": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str),
        "indicator": pa.Column(str),
    },
    unique=["iso3", "year", "indicator"],
    strict=True,
    coerce=False,
)


def clean_grapher(path: Path, indicator: str, unit: str) -> pd.DataFrame:
    """One OWID grapher CSV (Entity, Code, Year, value) as iso3, country, year, value, unit,
    indicator; states only."""
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = [c.strip() for c in rows[0]] if rows else []
    for pos, col in enumerate(ID_COLUMNS):
        if len(header) <= pos or header[pos] != col:
            raise LayoutError(path, f"header row (line 1), column {pos + 1}",
                              f"a column named {col!r} (found {header})")
    records = []
    for n, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != FIELDS:
            raise LayoutError(path, f"line {n}", f"{FIELDS} fields (Entity, Code, Year, "
                              f"value), got {len(row)}")
        entity, code, year, value = (c.strip() for c in row)
        try:
            rec = {"country": entity, "code": code, "year": int(year), "value": float(value)}
        except ValueError:
            col, cell = ("Year", year) if not year.isdigit() else (header[-1], value)
            raise LayoutError(path, f"line {n}, column {col!r}: {cell!r}",
                              "a year" if col == "Year" else "a number") from None
        records.append(rec)
    df = pd.DataFrame(records, columns=["country", "code", "year", "value"])
    blank = sorted(set(df.loc[df["code"] == "", "country"]))
    # Aggregates map to None; an unknown name raises, naming the source.
    by_name = dict(zip(blank, to_iso3(blank, source=SOURCE), strict=True))
    df["iso3"] = df["code"].where(df["code"] != "", df["country"].map(by_name))
    df = df[df["iso3"].notna() & ~df["iso3"].astype(str).str.startswith("OWID_")]
    df = df[df["iso3"].map(is_state_code)].copy()
    df["unit"] = unit
    df["indicator"] = indicator
    df = df[list(SCHEMA.columns)].sort_values(["iso3", "year"], ignore_index=True)
    return validate(SCHEMA, df, path, "OWID grapher")


def clean_armed_forces(path: Path) -> pd.DataFrame:
    """Armed forces personnel, total (WDI MS.MIL.TOTL.P1, from IISS), in persons."""
    return clean_grapher(path, "MS.MIL.TOTL.P1", "persons")
