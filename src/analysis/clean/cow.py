"""Correlates of War National Material Capabilities (NMC) CSV -> one row per state and year.

COW identifies states by its own abbreviations (``stateabb``) and numeric codes (``ccode``);
many abbreviations collide with other states' ISO3 codes (COW "AUS" is Austria), so every one
is mapped through the explicit table ``data/mappings/cow.csv`` and an abbreviation missing
from it is an error, never a guess. Missing values are coded -9.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..countries import mappings_dir, source_overrides, to_iso3
from ..errors import LayoutError, UnknownCountryError
from . import validate

SOURCE = "cow"
MISSING = -9

# Variable -> unit, per the NMC codebook.
UNITS: dict[str, str] = {
    "milex": "USD thousands, current prices",
    "milper": "persons, thousands",
    "irst": "tons of iron and steel, thousands",
    "pec": "coal-ton equivalents, thousands",
    "tpop": "persons, thousands",
    "upop": "persons in cities over 100,000, thousands",
    "cinc": "share of the state system's capabilities (0-1)",
}
ID_COLUMNS = ("stateabb", "ccode", "year")

# States of the COW system before ISO 3166 existed that have no code (German and Italian
# states before unification, Austria-Hungary, Korea 1887-1905, Zanzibar 1963-64): kept with
# iso3 None.
NO_ISO3: frozenset[str] = frozenset(
    {"AUH", "BAD", "BAV", "HAN", "HSE", "HSG", "KOR", "MEC", "MOD", "PAP", "PMA", "SAX",
     "SIC", "TUS", "WRT", "ZAN"}
)

SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "stateabb": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "ccode": pa.Column(int, pa.Check.in_range(1, 999)),
        "year": pa.Column(int, pa.Check.in_range(1816, 2100)),
        **{var: pa.Column(float, pa.Check.ge(0), nullable=True) for var in UNITS},
        "version": pa.Column(int),
    },
    # Not iso3-year: COW's GMY (Germany) and GFR (West Germany) are both DEU in 1990.
    unique=["ccode", "year"],
    strict=True,
    coerce=False,
)


def clean_nmc(path: Path) -> pd.DataFrame:
    """The NMC table with ISO3 codes and NaN for COW's -9.

    Columns: iso3 (None for pre-ISO states), stateabb, ccode, year, milex, milper, irst, pec,
    tpop, upop, cinc (units in :data:`UNITS`: milex thousands of current US$, milper
    thousands of personnel), version.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw.columns = [c.strip() for c in raw.columns]
    for col in (*ID_COLUMNS, *UNITS, "version"):
        if col not in raw.columns:
            raise LayoutError(path, f"header row (line 1), column {col!r}",
                              f"a column named {col!r} (found {list(raw.columns)})")
    df = pd.DataFrame({"stateabb": raw["stateabb"].str.strip()})
    for col in ("ccode", "year", "version", *UNITS):
        num = pd.to_numeric(raw[col], errors="coerce")
        bad = num.isna() | ((num < 0) & (num != MISSING))
        if col in ("ccode", "year", "version"):
            bad |= (num % 1 != 0) | (num == MISSING)
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise LayoutError(path, f"line {i + 2}, column {col!r}: {raw[col].iloc[i]!r}",
                              "a whole number" if col in ("ccode", "year", "version")
                              else f"a non-negative number or {MISSING} (missing)")
        df[col] = num.astype(int) if col in ("ccode", "year", "version") else \
            num.astype(float).replace(MISSING, np.nan)
    known = source_overrides(SOURCE)
    unknown = sorted(set(df["stateabb"]) - set(known) - NO_ISO3)
    if unknown:
        raise UnknownCountryError(
            f"{SOURCE} ({path}): COW abbreviation(s) {unknown} have no entry; add them to "
            f"{mappings_dir() / 'cow.csv'} (or cow.NO_ISO3 for pre-ISO states)")
    abbs = [a for a in df["stateabb"].unique() if a in known]
    codes = dict(zip(abbs, to_iso3(abbs, source=SOURCE), strict=True))
    df["iso3"] = df["stateabb"].map(codes).astype(object)
    df["iso3"] = df["iso3"].where(df["iso3"].notna(), None)
    df = df[list(SCHEMA.columns)].sort_values(["ccode", "year"], ignore_index=True)
    return validate(SCHEMA, df, path, "COW NMC")
