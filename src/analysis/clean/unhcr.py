"""UNHCR population statistics and IDMC internal displacement, from the R data files of
UNHCR's ``refugees`` R package (xz-compressed RData, one tibble each), read with pyreadr.

``population.rda`` holds end-year stocks per country of origin and country of asylum
(refugees, asylum seekers, IDPs, stateless people, ...); internally displaced people are rows
whose origin and asylum are the same country. ``idmc.rda`` holds IDMC's conflict IDP stocks
per country. Both give UNHCR's three-character codes (``coo_iso``, ``coa_iso``), which are ISO3
for states; codes that are not a state's (UNHCR's "UNK" for unknown origin, IDMC's "AB9" for
Abyei, ...) become None in ``origin_iso3``/``asylum_iso3`` while the raw code is kept.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..countries import is_state_code
from ..errors import LayoutError
from . import validate

POPULATION_OBJECT = "population"
IDMC_OBJECT = "idmc"
POPULATION_MEASURES = ("refugees", "asylum_seekers", "returned_refugees", "idps",
                       "returned_idps", "stateless", "ooc", "oip", "hst")
_KEYS = ("year", "coo_name", "coo_iso", "coa_name", "coa_iso")


def _read(path: Path, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """The object ``name`` of an R data file, with ``columns``; errors name the file."""
    import pyreadr

    try:
        objects = pyreadr.read_r(str(path))
    except Exception as exc:  # pyreadr raises its own types and OSError alike
        raise LayoutError(path, "whole file", f"an R data file pyreadr can read ({exc})") \
            from exc
    if name not in objects:
        raise LayoutError(path, "R objects", f"an object named {name!r} (found "
                          f"{sorted(objects)})")
    df = objects[name]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise LayoutError(path, f"object {name!r}", f"columns {missing} (found "
                          f"{list(df.columns)})")
    if df.empty:
        raise LayoutError(path, f"object {name!r}", "at least one row")
    return df[list(columns)].copy()


def _whole(path: Path, df: pd.DataFrame, name: str, col: str, nullable: bool) -> pd.Series:
    """A column of whole numbers (R stores them as doubles); a fraction or, unless
    ``nullable``, a missing value is an error naming the row."""
    s = pd.to_numeric(df[col], errors="coerce").astype(float)
    filled = s.fillna(0.0)
    bad = (filled != np.round(filled)) | (s.isna() & (not nullable))
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise LayoutError(path, f"object {name!r}, row {i + 1}, column {col!r}: "
                          f"{df[col].iloc[i]!r}", "a whole number" +
                          (" or NA" if nullable else ""))
    return s.astype("Int64") if nullable else s.astype(int)


def _codes(path: Path, df: pd.DataFrame, name: str, col: str) -> pd.Series:
    """A three-letter code column; the matching ``*_iso3`` is the code if a state's."""
    codes = df[col].astype(str).str.strip()
    # Three capitals, or UNHCR/IDMC's codes for areas without one (e.g. "AB9", Abyei).
    bad = ~codes.str.fullmatch(r"[A-Z][A-Z0-9]{2}")
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise LayoutError(path, f"object {name!r}, row {i + 1}, column {col!r}: "
                          f"{df[col].iloc[i]!r}", "a three-character code such as 'ARM'")
    return codes


def _with_iso3(path: Path, df: pd.DataFrame, name: str) -> pd.DataFrame:
    df["coo_iso"] = _codes(path, df, name, "coo_iso")
    df["coa_iso"] = _codes(path, df, name, "coa_iso")
    state = {c: is_state_code(c) for c in set(df["coo_iso"]) | set(df["coa_iso"])}
    df["origin_iso3"] = df["coo_iso"].map(lambda c: c if state[c] else None).astype(object)
    df["asylum_iso3"] = df["coa_iso"].map(lambda c: c if state[c] else None).astype(object)
    df["year"] = _whole(path, df, name, "year", nullable=False)
    return df


def _schema(measures: tuple[str, ...]) -> pa.DataFrameSchema:
    cols = {
        "year": pa.Column(int, pa.Check.in_range(1950, 2100)),
        "coo_name": pa.Column(str), "coo_iso": pa.Column(str), "coa_name": pa.Column(str),
        "coa_iso": pa.Column(str),
        "origin_iso3": pa.Column(str, nullable=True), "asylum_iso3": pa.Column(str,
                                                                               nullable=True),
    }
    cols.update({m: pa.Column("Int64", pa.Check.ge(0), nullable=True) for m in measures})
    return pa.DataFrameSchema(cols, unique=["year", "coo_iso", "coa_iso"], strict=True,
                              coerce=False)


def clean_population(path: Path) -> pd.DataFrame:
    """UNHCR end-year population stocks: one row per year, origin and asylum country.

    Columns: year, coo_name, coo_iso, coa_name, coa_iso (UNHCR's names and codes),
    origin_iso3, asylum_iso3 (None when the code is not a state's), and the persons counted
    under each of :data:`POPULATION_MEASURES` (refugees, asylum_seekers, returned_refugees,
    idps, returned_idps, stateless, ooc: others of concern, oip: other people in need of
    international protection, hst: host community), NA where UNHCR gives none. IDPs are the
    rows with origin == asylum. Sorted by year, coo_iso, coa_iso.
    """
    path = Path(path)
    df = _read(path, POPULATION_OBJECT, (*_KEYS, *POPULATION_MEASURES))
    df = _with_iso3(path, df, POPULATION_OBJECT)
    for m in POPULATION_MEASURES:
        df[m] = _whole(path, df, POPULATION_OBJECT, m, nullable=True)
    df = df[[*_KEYS, "origin_iso3", "asylum_iso3", *POPULATION_MEASURES]]
    df = df.sort_values(["year", "coo_iso", "coa_iso"], ignore_index=True)
    return validate(_schema(POPULATION_MEASURES), df, path, "UNHCR population")


def clean_idmc(path: Path) -> pd.DataFrame:
    """IDMC conflict IDP stocks at year end, as redistributed by UNHCR: one row per year
    and country. Columns: year, coo_name, coo_iso, coa_name, coa_iso, origin_iso3,
    asylum_iso3 (as :func:`clean_population`) and ``total`` (persons)."""
    path = Path(path)
    df = _read(path, IDMC_OBJECT, (*_KEYS, "total"))
    df = _with_iso3(path, df, IDMC_OBJECT)
    df["total"] = _whole(path, df, IDMC_OBJECT, "total", nullable=True)
    df = df[[*_KEYS, "origin_iso3", "asylum_iso3", "total"]]
    df = df.sort_values(["year", "coo_iso", "coa_iso"], ignore_index=True)
    return validate(_schema(("total",)), df, path, "IDMC (UNHCR refugees package)")
