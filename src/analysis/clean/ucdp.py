"""UCDP CSV files -> tidy validated tables: the UCDP/PRIO Armed Conflict Dataset (one row per
conflict and year), the UCDP Dyadic Dataset (dyad and year) and the Battle-Related Deaths
Dataset (dyad and year, or conflict and year).

The files come in two spellings of CSV: every field double-quoted (ACD 23.1, BRD 24.1), or
numbers bare and empty text as ``""`` (ACD and dyadic 25.1); the conflict-level BRD 22.1 file
starts with a UTF-8 BOM, leaves empty fields bare and joins several dyad ids in one field
("12575, 11986"). All are read with the csv module, columns are found by name, and every cell
that should be a number or a date is checked, so a changed layout is an error naming the
file, the line and the column, never a silently shifted table.

Codes kept as UCDP gives them (codebook): ``incompatibility`` 1 territory, 2 government, 3
both; ``intensity_level`` 1 minor (25-999 battle-related deaths in the year), 2 war (1,000 or
more); ``type_of_conflict`` 1 extrasystemic, 2 interstate, 3 intrastate, 4 internationalized
intrastate; ``start_prec``/``start_prec2`` the precision of the start dates (1 day ... 7 year,
UCDP's scale). Dyad-years below 25 battle-related deaths are not in the BRD files at all: a
missing year means "fewer than 25", not zero.

The ``version`` column of every row must equal the catalog release the file is read as
("221" in the 22.1 file is read as "22.1").
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import LayoutError
from . import validate

INCOMPATIBILITY = {1: "territory", 2: "government", 3: "territory and government"}
INTENSITY = {1: "minor (25-999 deaths)", 2: "war (1,000+ deaths)"}
CONFLICT_TYPE = {1: "extrasystemic", 2: "interstate", 3: "intrastate",
                 4: "internationalized intrastate"}

# Column -> kind: "int" (whole number), "int?" (or empty), "date?" (YYYY-MM-DD or empty),
# "text" (kept), "text?" (empty -> None).
_SIDES = {"side_a": "text", "side_a_2nd": "text?", "side_b": "text", "side_b_2nd": "text?"}
ACD_COLUMNS = {
    "conflict_id": "int", "location": "text", **_SIDES, "incompatibility": "int",
    "territory_name": "text?", "year": "int", "intensity_level": "int",
    "cumulative_intensity": "int", "type_of_conflict": "int", "start_date": "date?",
    "start_prec": "int?", "start_date2": "date?", "start_prec2": "int?", "ep_end": "int",
    "ep_end_date": "date?", "gwno_a": "text", "gwno_b": "text?", "gwno_loc": "text",
    "region": "text", "version": "text",
}
DYADIC_COLUMNS = {
    "dyad_id": "int", "conflict_id": "int", "location": "text", **_SIDES,
    "incompatibility": "int", "territory_name": "text?", "year": "int", "intensity_level": "int",
    "type_of_conflict": "int", "start_date": "date?", "start_prec": "int?",
    "start_date2": "date?", "start_prec2": "int?", "gwno_a": "text", "gwno_b": "text?",
    "gwno_loc": "text", "region": "text", "version": "text",
}
BRD_COLUMNS = {
    "conflict_id": "int", "dyad_id": "text", "location_inc": "text", **_SIDES,
    "incompatibility": "int", "territory_name": "text?", "year": "int", "bd_best": "int",
    "bd_low": "int", "bd_high": "int", "type_of_conflict": "int", "battle_location": "text?",
    # One row of the 22.1 file (an interstate conflict over several regions) has no region.
    "gwno_loc": "text", "region": "text?", "version": "text",
}
LEVELS = ("dyad", "conflict")
_INT = re.compile(r"^-?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _read(path: Path, columns: dict[str, str]) -> tuple[pd.DataFrame, list[int]]:
    """The named columns as text, and the line each row starts on; errors name the file."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [c.strip() for c in next(reader, [])]
        rows, lines = [], []
        end = reader.line_num  # a quoted field may span lines: a row starts after the last
        for row in reader:
            start, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise LayoutError(path, f"line {start}",
                                  f"{len(header)} fields as in the header, got {len(row)}")
            rows.append([cell.strip() for cell in row])
            lines.append(start)
    missing = [c for c in columns if c not in header]
    if missing:
        raise LayoutError(path, "header row (line 1)",
                          f"columns {missing} (found {header})")
    if not rows:
        raise LayoutError(path, "line 2", "at least one data row")
    return pd.DataFrame(rows, columns=header)[list(columns)], lines


def _convert(path: Path, raw: pd.DataFrame, lines: list[int],
             columns: dict[str, str]) -> pd.DataFrame:
    """Typed columns; the first bad cell of a column is an error naming line and column."""
    out = {}
    for col, kind in columns.items():
        cells = raw[col]
        empty = cells == ""
        if kind.startswith("int"):
            ok = cells.str.match(_INT) | (empty if kind.endswith("?") else False)
            what = "a whole number" + (" or an empty field" if kind.endswith("?") else "")
        elif kind == "date?":
            ok = cells.str.match(_DATE) | empty
            what = "a date YYYY-MM-DD or an empty field"
        else:
            ok = ~empty if kind == "text" else pd.Series(True, index=cells.index)
            what = "a non-empty text"
        if not ok.all():
            i = int((~ok).to_numpy().argmax())
            raise LayoutError(path, f"line {lines[i]}, column {col!r}: {cells.iloc[i]!r}", what)
        if kind == "int":
            out[col] = cells.astype(int)
        elif kind == "int?":
            out[col] = pd.to_numeric(cells.where(~empty)).astype("Int64")
        elif kind == "date?":
            parsed = pd.to_datetime(cells.where(~empty), format="%Y-%m-%d", errors="coerce")
            bad = parsed.isna() & ~empty
            if bad.any():
                i = int(bad.to_numpy().argmax())
                raise LayoutError(path, f"line {lines[i]}, column {col!r}: {cells.iloc[i]!r}",
                                  "a valid calendar date")
            out[col] = parsed
        elif kind == "text?":
            out[col] = cells.astype(object).where(~empty, None)
        else:
            out[col] = cells
    return pd.DataFrame(out)


def _version(path: Path, df: pd.DataFrame, lines: list[int], release: str) -> pd.DataFrame:
    """Every row's version is the catalog release ("221" is read as "22.1")."""
    v = df["version"].map(lambda s: f"{s[:2]}.{s[2:]}" if re.fullmatch(r"\d{3}", s) else s)
    bad = v != str(release)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise LayoutError(path, f"line {lines[i]}, column 'version': {df['version'].iloc[i]!r}",
                          f"the release {release!r} the catalog names for this file")
    return df.assign(version=v)


def _codes(column: str, codes: dict[int, str]) -> pa.Column:
    return pa.Column(int, pa.Check.isin(list(codes)), name=column)


def _schema(columns: dict[str, str], unique: list[str], extra: dict | None = None,
            checks: list | None = None) -> pa.DataFrameSchema:
    kinds = {"int": int, "int?": "Int64", "date?": pa.DateTime, "text": str, "text?": str}
    cols = {c: pa.Column(kinds[k], nullable=k.endswith("?")) for c, k in columns.items()}
    cols["year"] = pa.Column(int, pa.Check.in_range(1946, 2100))
    cols["incompatibility"] = _codes("incompatibility", INCOMPATIBILITY)
    cols["type_of_conflict"] = _codes("type_of_conflict", CONFLICT_TYPE)
    if "intensity_level" in cols:
        cols["intensity_level"] = _codes("intensity_level", INTENSITY)
    cols.update(extra or {})
    return pa.DataFrameSchema(cols, unique=unique, checks=checks or [], strict=True,
                              coerce=False)


def clean_acd(path: Path, release: str) -> pd.DataFrame:
    """UCDP/PRIO Armed Conflict Dataset: one row per conflict and year it was active.

    Columns: conflict_id, location, side_a, side_a_2nd, side_b, side_b_2nd (None when
    empty), incompatibility, territory_name, year, intensity_level, cumulative_intensity,
    type_of_conflict, start_date (first battle-related death), start_prec, start_date2 (start
    of the episode), start_prec2, ep_end (1 when an episode ends that year), ep_end_date,
    gwno_a, gwno_b, gwno_loc (Gleditsch-Ward codes, text: several are joined by ", "), region,
    version (the release). Sorted by conflict_id and year.
    """
    path = Path(path)
    raw, lines = _read(path, ACD_COLUMNS)
    df = _version(path, _convert(path, raw, lines, ACD_COLUMNS), lines, release)
    df = df.sort_values(["conflict_id", "year"], ignore_index=True)
    return validate(_schema(ACD_COLUMNS, ["conflict_id", "year"]), df, path,
                    f"UCDP/PRIO ACD {release}")


def clean_dyadic(path: Path, release: str) -> pd.DataFrame:
    """UCDP Dyadic Dataset: one row per dyad (a pair of warring parties) and year.

    Columns as :func:`clean_acd` with ``dyad_id`` first and without the episode columns.
    Sorted by conflict_id, dyad_id and year.
    """
    path = Path(path)
    raw, lines = _read(path, DYADIC_COLUMNS)
    df = _version(path, _convert(path, raw, lines, DYADIC_COLUMNS), lines, release)
    df = df.sort_values(["conflict_id", "dyad_id", "year"], ignore_index=True)
    return validate(_schema(DYADIC_COLUMNS, ["dyad_id", "year"]), df, path,
                    f"UCDP dyadic {release}")


def clean_brd(path: Path, release: str, level: str) -> pd.DataFrame:
    """UCDP Battle-Related Deaths: best, low and high estimates per dyad-year (``level``
    "dyad", the dyadic file) or conflict-year ("conflict", the conflict-level file).

    Columns: conflict_id, dyad_id (text: the conflict-level file joins the dyads it sums, as
    "12575, 11986"), location_inc, side_a, side_a_2nd, side_b, side_b_2nd, incompatibility,
    territory_name, year, bd_best, bd_low, bd_high (deaths), type_of_conflict,
    battle_location, gwno_loc, region, version, level, out_of_order (True where UCDP's
    estimates are not ordered low <= best <= high, as in a few rows of its own files).
    Sorted by conflict_id, dyad_id and year.
    """
    path = Path(path)
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    raw, lines = _read(path, BRD_COLUMNS)
    df = _version(path, _convert(path, raw, lines, BRD_COLUMNS), lines, release)
    if level == "dyad":
        single = df["dyad_id"].str.fullmatch(r"\d+")
        if not single.all():
            i = int((~single).to_numpy().argmax())
            raise LayoutError(path, f"line {lines[i]}, column 'dyad_id': "
                              f"{df['dyad_id'].iloc[i]!r}", "one dyad id per row (dyadic file)")
    df["level"] = level
    # UCDP's own files have a few rows whose estimates are out of order by a death or a few
    # (low above best, or best above high: seven rows in each BRD file held, where
    # dyad estimates were summed); they are kept as published and flagged, not refused.
    df["out_of_order"] = ~((df["bd_low"] <= df["bd_best"]) & (df["bd_best"] <= df["bd_high"]))
    df = df.sort_values(["conflict_id", "dyad_id", "year"], ignore_index=True)
    deaths = {c: pa.Column(int, pa.Check.ge(0)) for c in ("bd_best", "bd_low", "bd_high")}
    schema = _schema(BRD_COLUMNS,
                     ["dyad_id", "year"] if level == "dyad" else ["conflict_id", "year"],
                     extra={**deaths, "level": pa.Column(str, pa.Check.isin(LEVELS)),
                            "out_of_order": pa.Column(bool)})
    return validate(schema, df, path, f"UCDP BRD {release} ({level})")
