"""Our World in Data grapher CSVs -> long tidy tables.

A grapher download is ``Entity``, an optional ``Code``, ``Year`` (any integer, negative
before year 1), then any number of indicator columns, one row per entity and year, empty
cells where there is no value. :func:`clean_grapher` reads any such file into one row per
state, year and indicator: iso3, country, year, indicator, value, unit.

Entities become ISO3 codes thus: a Code that is an ISO3 code is used when it is a state's
(:func:`analysis.countries.is_state_code`); an ``OWID_*`` code is looked up in
``data/mappings/owid.csv`` (East Germany, Kosovo, ...) and otherwise is a region or other
non-state; an empty Code, or a file without a Code column (the conflict-deaths download),
maps the entity name with ``countries.to_iso3(..., source="owid")``, which raises on a name
it does not know. Rows that are not states (regions, income groups, territories) are left
out unless ``entities="all"``.

Quirks handled: the armed-forces download has a broken header (five names, 'Year' twice,
over four-field rows), so a repeated 'Year' is dropped from the header; a UTF-8 BOM is
ignored. Every problem is a :class:`~analysis.errors.LayoutError` naming the file, the line
and the column.

Files found in the mirror: ``owid-armed-forces-personnel`` (Entity, Code, Year, one
indicator; broken header), ``vdem-democracy/electoral-democracy-index.csv`` (one indicator
plus OWID's region column), ``vdem-democracy/liberal-democracy-index.csv`` (index with its
68% credible-interval bounds), ``owid-conflict-deaths`` (no Code column). The
``owid-bp-statreview-2021`` file is not a grapher download but an OWID energy-data input
table (Entity, Year and 90 columns; its entities include price markers such as 'Brent'), so
it has no cleaner here.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..countries import is_state_code, source_overrides, to_iso3
from ..errors import LayoutError
from . import validate

SOURCE = "owid"
ENTITIES = ("states", "all")
COLUMNS = ["iso3", "country", "year", "indicator", "value", "unit"]
_YEAR = re.compile(r"^-?\d+$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def _schema(entities: str) -> pa.DataFrameSchema:
    states = entities == "states"
    return pa.DataFrameSchema(
        {
            "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=not states),
            "country": pa.Column(str, pa.Check.str_length(min_value=1)),
            "year": pa.Column(int),
            "indicator": pa.Column(str),
            "value": pa.Column(float, pa.Check(np.isfinite, element_wise=False)),
            "unit": pa.Column(str),
        },
        # Two entities with one code (say a state under two names) would double count.
        unique=["iso3" if states else "country", "year", "indicator"],
        strict=True,
        coerce=False,
    )


def _read(path: Path) -> tuple[list[str], bool, list[list[str]], list[int]]:
    """Header (with the armed-forces quirk repaired), whether there is a Code column, the data
    rows (cells stripped) and the line each starts on."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [c.strip() for c in next(reader, [])]
        rows, lines = [], []
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append([cell.strip() for cell in row])
                lines.append(reader.line_num)
    if not header or header[0] != "Entity":
        raise LayoutError(path, "header row (line 1), column 1",
                          f"a column named 'Entity' (found {header})")
    has_code = len(header) > 1 and header[1] == "Code"
    pos = 2 if has_code else 1
    if len(header) <= pos or header[pos] != "Year":
        raise LayoutError(path, f"header row (line 1), column {pos + 1}",
                          f"a column named 'Year' after {header[:pos]} (found {header})")
    # The armed-forces download names 'Year' twice over four-field rows: a second 'Year'
    # can never be a column of its own, so it is dropped and the row length checked.
    if len(header) > pos + 1 and header[pos + 1] == "Year":
        del header[pos + 1]
    seen = set()
    for i, col in enumerate(header):
        if col in seen or not col:
            raise LayoutError(path, f"header row (line 1), column {i + 1}",
                              f"a distinct, non-empty column name (found {header})")
        seen.add(col)
    if len(header) == pos + 1:
        raise LayoutError(path, "header row (line 1)",
                          f"at least one indicator column after 'Year' (found {header})")
    for row, line in zip(rows, lines, strict=True):
        if len(row) != len(header):
            raise LayoutError(path, f"line {line}", f"{len(header)} fields "
                              f"({', '.join(header)}), got {len(row)}")
    return header, has_code, rows, lines


def grapher_columns(path: Path) -> list[str]:
    """The indicator columns of a grapher CSV (the header after Entity, Code and Year)."""
    header, has_code, _, _ = _read(Path(path))
    return header[(3 if has_code else 2):]


def _numbers(path: Path, column: str, cells: pd.Series, lines: list[int]) -> pd.Series:
    """Cells as floats (NaN for empty ones); anything else names its line and column."""
    def number(text: str) -> float:
        if not text:
            return math.nan
        try:
            value = float(text)  # Python's parser: correctly rounded, as before
        except ValueError:
            value = math.nan
        return value if math.isfinite(value) else -math.inf  # flags 'nan', 'inf', words

    values = cells.map(number).astype(float)
    bad = values == -math.inf
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise LayoutError(path, f"line {lines[i]}, column {column!r}: {cells.iloc[i]!r}",
                          "a number (or an empty field)")
    return values


def _codes(path: Path, raw: pd.DataFrame, has_code: bool, lines: list[int]) -> pd.Series:
    """ISO3 code per row, None for entities that are not states."""
    names = raw["Entity"]
    codes = raw["Code"] if has_code else pd.Series("", index=raw.index)
    owid_codes = source_overrides(SOURCE)  # OWID_* codes of states, from owid.csv
    by_code: dict[str, str | None] = {}
    for code in codes.unique():
        if code == "":
            continue
        if code.startswith("OWID_"):
            # Not listed: a region or other OWID entity (OWID_WRL, OWID_AFR, ...).
            by_code[code] = owid_codes.get(code)
        elif _ISO3.match(code):
            by_code[code] = code if is_state_code(code) else None
        else:
            i = int((codes == code).to_numpy().argmax())
            raise LayoutError(path, f"line {lines[i]}, column 'Code': {code!r}",
                              "an ISO3 code, an OWID_ code or an empty field")
    blank = sorted(set(names[codes == ""]))
    # Aggregates and non-states give None; an unknown name raises, naming the file to edit.
    by_name = dict(zip(blank, to_iso3(blank, source=SOURCE), strict=True))
    out = codes.map(by_code).where(codes != "", names.map(by_name))
    return out.astype(object).where(out.notna(), None)


def clean_grapher(path: Path, units: Mapping[str, str], *,
                  names: Mapping[str, str] | None = None, skip: Iterable[str] = (),
                  entities: str = "states") -> pd.DataFrame:
    """Any OWID grapher CSV as a long table: iso3, country, year, indicator, value, unit.

    ``units``: indicator column (as in the header) -> unit; every indicator column needs one,
    and every column named must exist. ``names``: optional column -> indicator name in the
    output (default: the column header). ``skip``: columns that are not indicators (OWID's
    'World region according to OWID'). ``entities``: ``"states"`` (default) keeps states
    only; ``"all"`` keeps regions and other entities too, with iso3 None. Empty cells give
    no row. Sorted by iso3, country, year, indicator.
    """
    path = Path(path)
    if entities not in ENTITIES:
        raise ValueError(f"entities must be one of {ENTITIES}, got {entities!r}")
    names = dict(names or {})
    skip = set(skip)
    header, has_code, rows, lines = _read(path)
    indicators = header[(3 if has_code else 2):]
    for col in [*units, *names, *skip]:
        if col not in indicators:
            raise LayoutError(path, "header row (line 1)",
                              f"an indicator column named {col!r} (found {header})")
    wanted = [c for c in indicators if c not in skip]
    for col in wanted:
        if col not in units:
            raise LayoutError(path, f"header row (line 1), column {col!r}",
                              f"a unit for every indicator column; units= has none for "
                              f"{col!r} (it has {sorted(units)})")
    raw = pd.DataFrame(rows, columns=header, dtype=object)
    empty = raw["Entity"] == ""
    if empty.any():
        i = int(empty.to_numpy().argmax())
        raise LayoutError(path, f"line {lines[i]}, column 'Entity': ''", "an entity name")
    year_ok = raw["Year"].str.match(_YEAR)
    if not year_ok.all():
        i = int((~year_ok).to_numpy().argmax())
        raise LayoutError(path, f"line {lines[i]}, column 'Year': {raw['Year'].iloc[i]!r}",
                          "a year as a whole number (negative before year 1)")
    iso3 = _codes(path, raw, has_code, lines)
    keep = iso3.notna() if entities == "states" else pd.Series(True, index=raw.index)
    parts = []
    for col in wanted:
        values = _numbers(path, col, raw[col], lines)
        rows_kept = keep & values.notna()
        parts.append(pd.DataFrame({
            "iso3": iso3[rows_kept], "country": raw.loc[rows_kept, "Entity"],
            "year": raw.loc[rows_kept, "Year"].astype(int),
            "indicator": names.get(col, col), "value": values[rows_kept],
            "unit": units[col],
        }, columns=COLUMNS))
    df = pd.concat(parts, ignore_index=True)
    df["year"] = df["year"].astype(int)
    df["value"] = df["value"].astype(float)
    df = df.sort_values(["iso3", "country", "year", "indicator"], na_position="last",
                        ignore_index=True)
    return validate(_schema(entities), df, path, "OWID grapher")


# --- the files the themes use ------------------------------------------------------------------

ARMED_FORCES_COLUMN = "Armed forces personnel, total"
ARMED_FORCES_SCHEMA = pa.DataFrameSchema(
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


def clean_armed_forces(path: Path) -> pd.DataFrame:
    """Armed forces personnel, total (WDI MS.MIL.TOTL.P1, from IISS), in persons.

    Columns (in this order, as before the general reader): iso3, country, year, value, unit,
    indicator; states only, sorted by iso3 and year.
    """
    df = clean_grapher(path, units={ARMED_FORCES_COLUMN: "persons"},
                       names={ARMED_FORCES_COLUMN: "MS.MIL.TOTL.P1"})
    df = df[["iso3", "country", "year", "value", "unit", "indicator"]]
    return validate(ARMED_FORCES_SCHEMA, df, path, "OWID armed forces personnel")


VDEM_UNIT = "index, 0 (least) to 1 (most democratic)"
VDEM_REGION_COLUMN = "World region according to OWID"
# Liberal democracy: the index and the bounds of its 68% credible interval, kept as three
# indicators so a figure can draw the band.
LIBDEM_COLUMNS = {
    "libdem_vdem_owid": "v2x_libdem",
    "libdem_vdem_low_owid": "v2x_libdem_low",
    "libdem_vdem_high_owid": "v2x_libdem_high",
}


def _index_schema() -> pa.DataFrameSchema:
    return _schema("states").update_column("value", checks=[pa.Check.in_range(0, 1)])


def clean_electoral_democracy(path: Path) -> pd.DataFrame:
    """V-Dem electoral democracy index (v2x_polyarchy) from OWID's download, states only.

    Long table (:func:`clean_grapher`), indicator ``v2x_polyarchy``, unit :data:`VDEM_UNIT`.
    The download has no interval bounds; OWID's region column is skipped.
    """
    col = "Electoral Democracy Index"
    df = clean_grapher(path, units={col: VDEM_UNIT}, names={col: "v2x_polyarchy"},
                       skip=(VDEM_REGION_COLUMN,))
    return validate(_index_schema(), df, path,
                    "V-Dem electoral democracy (OWID)")


def clean_liberal_democracy(path: Path) -> pd.DataFrame:
    """V-Dem liberal democracy index with its 68% credible-interval bounds, states only.

    Indicators ``v2x_libdem``, ``v2x_libdem_low``, ``v2x_libdem_high`` (unit
    :data:`VDEM_UNIT`), one row each per state and year.
    """
    df = clean_grapher(path, units=dict.fromkeys(LIBDEM_COLUMNS, VDEM_UNIT),
                       names=LIBDEM_COLUMNS)
    return validate(_index_schema(), df, path,
                    "V-Dem liberal democracy (OWID)")


DEATHS_PREFIX = "Deaths in ongoing conflicts in a country (best estimate) - Conflict type: "
DEATHS_UNIT = "deaths"


def clean_conflict_deaths(path: Path) -> pd.DataFrame:
    """Deaths in armed conflicts by the country where they occurred (UCDP via OWID), by
    conflict type, states only.

    Every column ``Deaths in ongoing conflicts in a country (best estimate) - Conflict type:
    <type>`` becomes indicator ``conflict_deaths_<type>`` (``all``, ``interstate``,
    ``non_state_conflict``, ...), unit ``deaths``; any other column is an error. The file has
    no Code column: entity names are mapped through the country tables.
    """
    path = Path(path)
    types = {col: col[len(DEATHS_PREFIX):] for col in grapher_columns(path)
             if col.startswith(DEATHS_PREFIX)}
    if not types:
        raise LayoutError(path, "header row (line 1)",
                          f"columns named {DEATHS_PREFIX!r} + conflict type")
    names = {col: "conflict_deaths_" + re.sub(r"[^a-z0-9]+", "_", kind.lower()).strip("_")
             for col, kind in types.items()}
    df = clean_grapher(path, units=dict.fromkeys(types, DEATHS_UNIT), names=names)
    schema = _schema("states").update_column("value", checks=[pa.Check.ge(0)])
    return validate(schema, df, path, "OWID conflict deaths")
