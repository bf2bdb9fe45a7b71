"""Statistical Review of World Energy (bp to 2022, Energy Institute since 2023) -> tidy tables.

Two layouts are read:

* the Review's "all data" workbooks (releases 2022, 2023, 2024): one sheet per series, a
  header row whose first cell is the unit ("Thousand barrels daily") followed by the years,
  one row per country or group, then growth-rate and share columns and footnotes;
* Our World in Data's copy of the 2021 Review as a country x year panel (one column per
  series), which gives the 2021 release.

Three tables come out, each with the release of every value: production (oil in thousand
barrels a day and million tonnes, gas in billion cubic metres), crude oil prices (spot prices
of four benchmarks and the long Brent-based series, in current and constant dollars), and the
pipeline gas trade matrix (exporter x importer, one year per release; not in the OWID panel).

The Review shows years before 1985 as 0 (or "-") for the states that were then part of the
USSR, and the USSR as 0 from 1985: those values are "not reported", not zero production, and
are kept as missing with ``not_reported`` set (:func:`mark_soviet_split`). Sheet and row
positions move between releases, so sheets are found by name patterns and rows by content.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..countries import to_iso3
from ..errors import LayoutError
from . import validate

SOURCE = "ei-statreview"  # spelling source for analysis.countries (data/mappings/)
SOVIET_SPLIT = 1985  # first year the Review reports the USSR's successor states

# series id -> (sheet-name pattern, unit as printed in the header's first cell, unit).
PRODUCTION: dict[str, tuple[str, str, str]] = {
    "oil_production_kbd": (r"^oil production - barrels$", "thousand barrels daily",
                           "thousand barrels per day"),
    "oil_production_mt": (r"^oil production - tonnes$", "million tonnes", "million tonnes"),
    "gas_production_bcm": (r"^gas production - bcm$", "billion cubic metres",
                           "billion cubic metres"),
}
# OWID panel column -> series id.
OWID_PRODUCTION = {
    "Oil Production - Barrels": "oil_production_kbd",
    "Oil Production - Tonnes": "oil_production_mt",
    "Gas Production - Bcm": "gas_production_bcm",
}
SPOT_SHEET = r"^(oil - )?spot crude prices$"
LONG_SHEET = r"^oil crude prices since 1861$"
PIPELINE_SHEET = r"^gas (- trade movts - |trade - )pipeline$"
LONG_BENCHMARK = "Crude oil, 1861 series (Brent dated from 1984)"
BENCHMARKS = ("Dubai", "Brent", "Nigerian Forcados", "West Texas Intermediate", LONG_BENCHMARK)
PRICE_UNIT = "US$ per barrel"
TRADE_UNIT = "billion cubic metres"
TOTAL = "Total"  # the matrix's "Total imports" column and "Total exports" row
# Group labels spelt differently across releases, written one way in every table (a group is
# not a country: it gets no ISO3 code and is listed in data/mappings/aggregates.csv).
GROUP_SPELLINGS = {"EU": "European Union"}
# Cell text in place of a number: "-" nothing reported, "n/a" not available or applicable,
# "^"/"†" less than 0.05 (of the unit), "♦"/"w" less than 0.05% (growth and share columns).
NOT_REPORTED = {"-", "n/a", ""}
BELOW_HALF_UNIT = {"^", "†"}
BELOW_HALF_PERCENT = {"♦", "w"}
YEAR_MIN, YEAR_MAX = 1861, 2100

_ISO3 = pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True)
_YEAR = pa.Column(int, pa.Check.in_range(YEAR_MIN, YEAR_MAX))

PRODUCTION_SCHEMA = pa.DataFrameSchema(
    {
        "entity": pa.Column(str),
        "iso3": _ISO3,
        "year": _YEAR,
        "series": pa.Column(str, pa.Check.isin(list(PRODUCTION))),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str),
        "release": pa.Column(str),
        "not_reported": pa.Column(bool),
        "below_half_unit": pa.Column(bool),
    },
    unique=["entity", "year", "series", "release"],
    strict=True,
    coerce=False,
)

PRICES_SCHEMA = pa.DataFrameSchema(
    {
        "benchmark": pa.Column(str, pa.Check.isin(list(BENCHMARKS))),
        "year": _YEAR,
        "prices": pa.Column(str, pa.Check.str_matches(r"^(current|constant \d{4})$")),
        "value": pa.Column(float, pa.Check.gt(0), nullable=True),
        "unit": pa.Column(str),
        "release": pa.Column(str),
        "not_reported": pa.Column(bool),
    },
    unique=["benchmark", "year", "prices", "release"],
    strict=True,
    coerce=False,
)

TRADE_SCHEMA = pa.DataFrameSchema(
    {
        "exporter": pa.Column(str),
        "exporter_iso3": _ISO3,
        "importer": pa.Column(str),
        "importer_iso3": _ISO3,
        "year": _YEAR,
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str),
        "release": pa.Column(str),
        "below_half_unit": pa.Column(bool),
    },
    unique=["exporter", "importer", "year", "release"],
    strict=True,
    coerce=False,
)


# --------------------------------------------------------------------------- helpers


def entity_name(raw: str) -> str:
    """A row or column label without the footnote marks the Review appends ("European Union
    #", "Other Europe1", "$/bbl *") and without surrounding spaces."""
    name = re.sub(r"[\s#*†‡]+$", "", str(raw)).strip()
    name = re.sub(r"(?<=[A-Za-z])\d$", "", name).strip()
    return GROUP_SPELLINGS.get(name, name)


def _year(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer() \
            and YEAR_MIN <= value <= YEAR_MAX:
        return int(value)
    return None


def _open(path: Path):
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Workbook contains no default style"
        # data_only: some copies hold formulas linking to another workbook; the cached
        # values are what the publisher showed.
        return openpyxl.load_workbook(path, read_only=True, data_only=True)


def _sheet(wb, pattern: str, path: Path, what: str):
    hits = [s for s in wb.sheetnames if re.match(pattern, s.strip(), flags=re.IGNORECASE)]
    if len(hits) != 1:
        raise LayoutError(path, f"sheets {wb.sheetnames}",
                          f"exactly one sheet matching {pattern!r} ({what}), found {hits}")
    return wb[hits[0]]


def _cell(value, path: Path, where: str, zero_for_dash: bool = False
          ) -> tuple[float | None, bool, bool]:
    """(value, not_reported, below_half_unit) of one data cell."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), False, False
    text = value.strip() if isinstance(value, str) else ("" if value is None else None)
    if text is None:
        raise LayoutError(path, where, f"a number or one of {sorted(NOT_REPORTED)}, "
                          f"{sorted(BELOW_HALF_UNIT)}, got {value!r}")
    if text in NOT_REPORTED:
        return (0.0, False, False) if zero_for_dash and text == "-" else (None, True, False)
    if text in BELOW_HALF_UNIT:
        return None, False, True
    raise LayoutError(path, where, f"a number or one of {sorted(NOT_REPORTED - {''})}, "
                      f"{sorted(BELOW_HALF_UNIT)}, got {value!r}")


def mark_soviet_split(df: pd.DataFrame, split: int = SOVIET_SPLIT) -> pd.DataFrame:
    """Zeros that mean "not reported": the Review gives the USSR's successor states 0 before
    ``split`` and the USSR 0 from ``split``. A series (entity x series x release) whose every
    value before ``split`` is 0 while some later value is not gets those zeros set missing
    with ``not_reported``; likewise a series that is 0 from ``split`` on after non-zero
    values. Zeros inside a series (a field that stopped producing) are kept."""
    df = df.copy()
    keys = [df["entity"], df["series"], df["release"]]
    early = df["year"] < split
    v = df["value"]
    for side in (early, ~early):
        # Per series: has this side any value, are all its values 0, has the other side
        # any positive value?
        here = v.where(side)
        there = v.where(~side)
        has = here.notna().groupby(keys).transform("any")
        all_zero = (here.fillna(0) == 0).groupby(keys).transform("all")
        other_pos = (there.fillna(0) > 0).groupby(keys).transform("any")
        zero = side & (v == 0) & has & all_zero & other_pos
        df.loc[zero, "value"] = np.nan
        df.loc[zero, "not_reported"] = True
    return df


def _iso3_map(names, path: Path) -> dict[str, str | None]:
    names = list(dict.fromkeys(names))
    try:
        return dict(zip(names, to_iso3(names, source=SOURCE), strict=True))
    except Exception as exc:  # UnknownCountryError: say which file the name came from
        raise type(exc)(f"{path}: {exc}") from exc


# --------------------------------------------------------------------------- workbooks


def _header(ws, path: Path, unit: str) -> tuple[int, dict[int, int], list[tuple]]:
    """The rows of a country x year sheet, the header's index and {column: year}: the header
    is the first row whose first cell is ``unit``; its years are the first increasing run
    (the growth-rate and share columns that follow repeat the last year)."""
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows[:20]):
        first = row[0].strip().lower() if row and isinstance(row[0], str) else ""
        if first == unit:
            years: dict[int, int] = {}
            for j, v in enumerate(row[1:], start=1):
                y = _year(v)
                if y is None or (years and y != max(years.values()) + 1):
                    break
                years[j] = y
            if len(years) < 10:
                raise LayoutError(path, f"sheet {ws.title!r}, header row {i + 1}",
                                  "at least ten consecutive year columns after the unit")
            return i, years, rows
    raise LayoutError(path, f"sheet {ws.title!r}, rows 1-20",
                      f"a header row whose first cell is the unit {unit!r}")


def _country_rows(ws, path: Path, unit: str) -> list[tuple[str, int, float | None, bool, bool]]:
    """(entity, year, value, not_reported, below_half_unit) of a country x year sheet.

    A row is data when it has a name and at least one number in the year columns; a row
    without numbers is a heading or footnote. Any other text among numbers is an error.
    """
    at, years, rows = _header(ws, path, unit)
    out = []
    for i, row in enumerate(rows[at + 1:], start=at + 2):
        name = row[0] if row else None
        if not isinstance(name, str) or not name.strip():
            continue
        cells = [(y, row[j] if j < len(row) else None) for j, y in years.items()]
        if not any(isinstance(v, int | float) and not isinstance(v, bool) for _, v in cells):
            continue  # heading or footnote
        entity = entity_name(name)
        for y, v in cells:
            col = _column_letter(next(j for j, yy in years.items() if yy == y))
            value, nr, small = _cell(v, path, f"sheet {ws.title!r}, cell {col}{i} "
                                     f"({entity}, {y})")
            out.append((entity, y, value, nr, small))
    return out


def _column_letter(j: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(j + 1)


def clean_production(path: Path, release: str) -> pd.DataFrame:
    """Oil (thousand barrels a day, million tonnes) and gas (billion cubic metres) production
    of every country and group in one Review workbook.

    Columns: entity (the Review's name, footnote marks dropped), iso3 (None for groups such
    as "Other CIS" or "Total World"), year, series (:data:`PRODUCTION`), value, unit,
    release, not_reported (value missing: "-", "n/a", or a zero of the Soviet split, see
    :func:`mark_soviet_split`), below_half_unit ("^": less than 0.05, value missing).
    """
    path = Path(path)
    wb = _open(path)
    try:
        parts = []
        for series, (pattern, printed, unit) in PRODUCTION.items():
            ws = _sheet(wb, pattern, path, series)
            rows = _country_rows(ws, path, printed)
            df = pd.DataFrame(rows, columns=["entity", "year", "value", "not_reported",
                                             "below_half_unit"])
            df["series"], df["unit"] = series, unit
            parts.append(df)
    finally:
        wb.close()
    return _finish_production(pd.concat(parts, ignore_index=True), release, path)


def _finish_production(df: pd.DataFrame, release: str, path: Path) -> pd.DataFrame:
    df["release"] = str(release)
    df["value"] = df["value"].astype(float)
    df = mark_soviet_split(df)
    codes = _iso3_map(df["entity"], path)
    df["iso3"] = df["entity"].map(codes).astype(object)
    df["iso3"] = df["iso3"].where(df["iso3"].notna(), None)
    df["year"] = df["year"].astype(int)
    df = df[list(PRODUCTION_SCHEMA.columns)].sort_values(
        ["series", "entity", "year"], ignore_index=True)
    return validate(PRODUCTION_SCHEMA, df, path, "Statistical Review production")


def _spot_prices(ws, path: Path) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    unit_at = next((i for i, r in enumerate(rows[:15]) if r and isinstance(r[0], str)
                    and r[0].strip().lower() == "us dollars per barrel"), None)
    if unit_at is None:
        raise LayoutError(path, f"sheet {ws.title!r}, rows 1-15",
                          "a row whose first cell is 'US dollars per barrel'")
    names: dict[int, str] = {}
    for j in range(1, len(rows[unit_at])):
        if rows[unit_at][j] is None:
            continue
        parts = [str(rows[i][j]).strip() for i in range(max(0, unit_at - 3), unit_at)
                 if j < len(rows[i]) and rows[i][j] is not None]
        names[j] = entity_name(" ".join(parts))
    expected = set(BENCHMARKS) - {LONG_BENCHMARK}
    if set(names.values()) != expected:
        raise LayoutError(path, f"sheet {ws.title!r}, rows {unit_at - 2}-{unit_at}",
                          f"the benchmark columns {sorted(expected)}, found "
                          f"{sorted(names.values())}")
    out = []
    for i, row in enumerate(rows[unit_at + 1:], start=unit_at + 2):
        year = _year(row[0]) if row else None
        if year is None:
            if out and row and row[0] is not None:
                break  # the footnotes under the table
            continue
        for j, bench in names.items():
            value, nr, _ = _cell(row[j], path, f"sheet {ws.title!r}, cell "
                                 f"{_column_letter(j)}{i} ({bench}, {year})")
            out.append({"benchmark": bench, "year": year, "prices": "current",
                        "value": value, "not_reported": nr})
    return out


def _long_prices(ws, path: Path) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    at = next((i for i, r in enumerate(rows[:15]) if r and r[0] == "Year"), None)
    if at is None:
        raise LayoutError(path, f"sheet {ws.title!r}, rows 1-15",
                          "a header row whose first cell is 'Year'")
    header = rows[at]
    cols: dict[int, str] = {}
    for j, v in enumerate(header[1:], start=1):
        text = str(v).strip() if v is not None else ""
        if text == "$ money of the day":
            cols[j] = "current"
        elif m := re.fullmatch(r"\$ (\d{4})", text):
            cols[j] = f"constant {m.group(1)}"
    if sorted(p.split()[0] for p in cols.values()) != ["constant", "current"]:
        raise LayoutError(path, f"sheet {ws.title!r}, header row {at + 1}",
                          "columns '$ money of the day' and '$ <year>'")
    out = []
    for i, row in enumerate(rows[at + 1:], start=at + 2):
        year = _year(row[0]) if row else None
        if year is None:
            if out:
                break
            continue
        for j, prices in cols.items():
            value, nr, _ = _cell(row[j], path, f"sheet {ws.title!r}, cell "
                                 f"{_column_letter(j)}{i} ({prices}, {year})")
            out.append({"benchmark": LONG_BENCHMARK, "year": year, "prices": prices,
                        "value": value, "not_reported": nr})
    return out


def _finish_prices(rows: list[dict], release: str, path: Path) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    df["release"] = str(release)
    df["value"] = df["value"].astype(float)
    df["year"] = df["year"].astype(int)
    df["unit"] = [f"{PRICE_UNIT}, {p} prices" for p in df["prices"]]
    df = df[list(PRICES_SCHEMA.columns)].sort_values(["benchmark", "prices", "year"],
                                                      ignore_index=True)
    return validate(PRICES_SCHEMA, df, path, "Statistical Review crude prices")


def clean_prices(path: Path, release: str) -> pd.DataFrame:
    """Crude oil prices in one Review workbook: the spot prices of Dubai, Brent, Nigerian
    Forcados and WTI (current US$ a barrel) and the long series since 1861 (Brent dated from
    1984; current and constant US$ of the release's last year).

    Columns: benchmark, year, prices ("current" or "constant YYYY"), value, unit, release,
    not_reported ("-": no quotation that year).
    """
    path = Path(path)
    wb = _open(path)
    try:
        rows = _spot_prices(_sheet(wb, SPOT_SHEET, path, "spot crude prices"), path)
        rows += _long_prices(_sheet(wb, LONG_SHEET, path, "crude prices since 1861"), path)
    finally:
        wb.close()
    return _finish_prices(rows, release, path)


def clean_pipeline_trade(path: Path, release: str) -> pd.DataFrame:
    """The pipeline gas trade matrix of one Review workbook (one year: the release's last),
    billion cubic metres, one row per exporter and importer.

    Importers are the matrix's rows (countries and groups: "EU", "Rest of Europe", "Europe",
    "CIS" ...), exporters its columns; the "Total imports" column and "Total exports" row
    become exporter or importer "Total". "-" is no flow (0, as the releases that print
    zeros show); "†" is less than 0.05 (value missing, ``below_half_unit``).
    """
    path = Path(path)
    wb = _open(path)
    try:
        ws = _sheet(wb, PIPELINE_SHEET, path, "pipeline gas trade")
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    title = next((r[0] for r in rows[:3] if r and isinstance(r[0], str)
                  and "by pipeline" in r[0]), None)
    m = re.search(r"(\d{4}) by pipeline", title or "")
    if not m:
        raise LayoutError(path, f"sheet {ws.title!r}, rows 1-3",
                          "a title 'Natural Gas: Trade movements <year> by pipeline'")
    year = int(m.group(1))
    at = next((i for i, r in enumerate(rows[:10]) if r and r[0] == "To"), None)
    if at is None:
        raise LayoutError(path, f"sheet {ws.title!r}, rows 1-10",
                          "a header row whose first cell is 'To' (exporters follow)")
    exporters = {j: entity_name(v) for j, v in enumerate(rows[at]) if j and v is not None}
    exporters = {j: TOTAL if n == "Total imports" else n for j, n in exporters.items()}
    if TOTAL not in exporters.values():
        raise LayoutError(path, f"sheet {ws.title!r}, header row {at + 1}",
                          "a 'Total imports' column")
    out = []
    for i, row in enumerate(rows[at + 1:], start=at + 2):
        label = row[0] if row else None
        if not isinstance(label, str) or not label.strip():
            continue
        if all(j >= len(row) or row[j] is None for j in exporters):
            continue  # footnote
        importer = TOTAL if label.strip() == "Total exports" else entity_name(label)
        for j, exporter in exporters.items():
            value, _, small = _cell(row[j] if j < len(row) else None, path,
                                    f"sheet {ws.title!r}, cell {_column_letter(j)}{i} "
                                    f"({exporter} to {importer})", zero_for_dash=True)
            out.append({"exporter": exporter, "importer": importer, "year": year,
                        "value": value, "below_half_unit": small})
        if importer == TOTAL:
            break
    if not out or out[-1]["importer"] != TOTAL:
        raise LayoutError(path, f"sheet {ws.title!r}, column A", "a 'Total exports' row")
    df = pd.DataFrame(out)
    codes = _iso3_map(pd.concat([df["exporter"], df["importer"]]), path)
    for side in ("exporter", "importer"):
        iso = df[side].map(codes).astype(object)
        df[f"{side}_iso3"] = iso.where(iso.notna(), None)
    df["value"] = df["value"].astype(float)
    df["unit"], df["release"] = TRADE_UNIT, str(release)
    df = df[list(TRADE_SCHEMA.columns)].sort_values(["exporter", "importer"],
                                                     ignore_index=True)
    return validate(TRADE_SCHEMA, df, path, "Statistical Review pipeline trade")


# --------------------------------------------------------------------------- OWID panel

OWID_COLUMNS = ("Entity", "Year")
OWID_SPOT = "Oil - Spot crude prices"
OWID_LONG = re.compile(r"^Oil - Crude prices since 1861 \((current|\d{4}) \$\)$")


def _read_owid(path: Path) -> pd.DataFrame:
    path = Path(path)
    df = pd.read_csv(path, encoding="utf-8")
    for col in (*OWID_COLUMNS, *OWID_PRODUCTION, OWID_SPOT):
        if col not in df.columns:
            raise LayoutError(path, f"header row (line 1), column {col!r}",
                              f"a column named {col!r}")
    for col in [c for c in df.columns if c not in ("Entity",)]:
        if not pd.api.types.is_numeric_dtype(df[col]):
            num = pd.to_numeric(df[col], errors="coerce")
            bad = num.isna() & df[col].notna()
            i = int(bad.to_numpy().argmax())
            raise LayoutError(path, f"line {i + 2}, column {col!r}: {df[col].iloc[i]!r}",
                              "a number or an empty field")
    return df


def clean_owid_production(path: Path, release: str = "2021") -> pd.DataFrame:
    """Production from OWID's panel of the 2021 Review (entity x year, one column per
    series); same columns as :func:`clean_production`. Empty cells are "not reported"."""
    path = Path(path)
    raw = _read_owid(path)
    parts = []
    for col, series in OWID_PRODUCTION.items():
        sub = raw[["Entity", "Year", col]]
        sub = sub[sub["Entity"].isin(sub.loc[sub[col].notna(), "Entity"].unique())]
        df = pd.DataFrame({"entity": sub["Entity"].map(entity_name),
                           "year": sub["Year"].astype(int), "value": sub[col].astype(float)})
        df["not_reported"] = df["value"].isna()
        df["below_half_unit"] = False
        df["series"], df["unit"] = series, PRODUCTION[series][2]
        parts.append(df)
    return _finish_production(pd.concat(parts, ignore_index=True), release, path)


def clean_owid_prices(path: Path, release: str = "2021") -> pd.DataFrame:
    """Crude prices from OWID's panel of the 2021 Review: the spot prices (one entity per
    benchmark) and the long series (entity "World"); same columns as :func:`clean_prices`."""
    path = Path(path)
    raw = _read_owid(path)
    spot = raw[raw[OWID_SPOT].notna()]
    found = set(spot["Entity"])
    expected = set(BENCHMARKS) - {LONG_BENCHMARK}
    if found != expected:
        raise LayoutError(path, f"column {OWID_SPOT!r}",
                          f"values for the entities {sorted(expected)}, found {sorted(found)}")
    rows = [{"benchmark": e, "year": int(y), "prices": "current", "value": float(v),
             "not_reported": False}
            for e, y, v in zip(spot["Entity"], spot["Year"], spot[OWID_SPOT], strict=True)]
    long_cols = {c: OWID_LONG.match(c) for c in raw.columns}
    long_cols = {c: (m.group(1) if m.group(1) == "current" else f"constant {m.group(1)}")
                 for c, m in long_cols.items() if m}
    if "current" not in long_cols.values():
        raise LayoutError(path, "header row (line 1)",
                          "a column 'Oil - Crude prices since 1861 (current $)'")
    for col, prices in long_cols.items():
        sub = raw[raw[col].notna()]
        rows += [{"benchmark": LONG_BENCHMARK, "year": int(y), "prices": prices,
                  "value": float(v), "not_reported": False}
                 for y, v in zip(sub["Year"], sub[col], strict=True)]
    return _finish_prices(rows, release, path)
