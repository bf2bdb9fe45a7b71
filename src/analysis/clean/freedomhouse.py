"""Freedom House, Freedom in the World (FIW): aggregate scores 2013-2025 and ratings since 1973.

Two workbooks, two layouts:

* ``All_data_FIW_2013-2024.xlsx`` (catalog ``fh-fiw-all-data-2025``; despite its name it holds
  the editions 2013 to 2025): sheet ``FIW13-25``, title on row 1, header on row 2, one row per
  country or territory and edition with the status, the Political Rights (PR) and Civil
  Liberties (CL) ratings (1-7, 1 = most free), every indicator score (A1 ... G4, 0-4), the
  subcategory sums (A ... G), the discretionary questions (Add Q subtracts from PR, Add A, used
  up to the 2017 edition, adds to it), PR (0-40), CL (0-60) and Total (0-100). An edition (the
  report year) covers the previous calendar year: ``edition`` and ``year`` are both kept.
  :func:`clean_fiw_scores` checks every sum (A = A1 + A2 + A3, ..., PR = A + B + C - Add Q +
  Add A, CL = D + E + F + G, Total = PR + CL), so a shifted column is an error naming it.
* ``Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx`` (``fh-fiw-ratings-1973-2024``):
  sheet ``Country Ratings, Statuses `` (trailing space), wide: row 1 the survey edition, row 2
  the year(s) under review, row 3 ``PR, CL, Status`` triplets, then one row per country; ``-``
  is "not rated". :func:`clean_fiw_ratings` makes it long, one row per country and edition,
  keeping the edition's label as printed (``Jan.-Feb. 1973``, ``1983-84``, ``2024``), the period
  under review as printed and ``year``, the last calendar year of that period (early editions
  cover irregular periods such as ``Jan.1981-Aug. 1982``; ``irregular_period`` flags them).

Territories (``C/T`` = ``t``: Nagorno-Karabakh, Abkhazia, South Ossetia, ...) are kept in the
scores with ``iso3`` empty; countries' names are mapped with ``countries.to_iso3(...,
source="freedomhouse")`` (``data/mappings/freedomhouse.csv`` for historical states).
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

SOURCE = "freedomhouse"
SCORES_SHEET = "FIW13-25"
RATINGS_SHEET = "Country Ratings, Statuses "
STATUSES = ("F", "PF", "NF")
SUBCATEGORIES = {
    "A": ("A1", "A2", "A3"), "B": ("B1", "B2", "B3", "B4"), "C": ("C1", "C2", "C3"),
    "D": ("D1", "D2", "D3", "D4"), "E": ("E1", "E2", "E3"), "F": ("F1", "F2", "F3", "F4"),
    "G": ("G1", "G2", "G3", "G4"),
}
INDICATORS = [i for items in SUBCATEGORIES.values() for i in items]
# Workbook header -> column of the clean table (the rest keep their names: A1 ... G).
RENAME = {"Country/Territory": "country", "Region": "region", "C/T": "kind",
          "Edition": "edition", "Status": "status", "PR rating": "pr_rating",
          "CL rating": "cl_rating", "Add Q": "add_q", "Add A": "add_a", "PR": "pr",
          "CL": "cl", "Total": "total"}
SCORE_HEADER = ["Country/Territory", "Region", "C/T", "Edition", "Status", "PR rating",
                "CL rating", *INDICATORS, *SUBCATEGORIES, "Add Q", "Add A", "PR", "CL", "Total"]
INTEGER_COLUMNS = ["pr_rating", "cl_rating", *INDICATORS, *SUBCATEGORIES, "add_q", "pr", "cl",
                   "total"]


def _scores_schema() -> pa.DataFrameSchema:
    cols = {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "country": pa.Column(str),
        "kind": pa.Column(str, pa.Check.isin(["country", "territory"])),
        "region": pa.Column(str),
        "edition": pa.Column(int, pa.Check.in_range(2013, 2100)),
        "year": pa.Column(int),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "pr_rating": pa.Column(int, pa.Check.in_range(1, 7)),
        "cl_rating": pa.Column(int, pa.Check.in_range(1, 7)),
        **{i: pa.Column(int, pa.Check.in_range(0, 4)) for i in INDICATORS},
        **{s: pa.Column(int, pa.Check.ge(0)) for s in SUBCATEGORIES},
        "add_q": pa.Column(int, pa.Check.in_range(0, 4)),
        "add_a": pa.Column(float, pa.Check.in_range(0, 4), nullable=True),
        # PR can fall below 0 through Add Q (Nagorno-Karabakh, 2024 edition: -3).
        "pr": pa.Column(int, pa.Check.in_range(-4, 40)),
        "cl": pa.Column(int, pa.Check.in_range(0, 60)),
        "total": pa.Column(int, pa.Check.in_range(-4, 100)),
    }
    return pa.DataFrameSchema(
        cols, strict=True, coerce=False, unique=["country", "edition"],
        checks=[pa.Check(lambda d: (d["year"] == d["edition"] - 1).all(),
                         error="year is the edition minus one")])


RATINGS_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "country": pa.Column(str),
        "edition": pa.Column(str),
        "period": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(1972, 2100)),
        "irregular_period": pa.Column(bool),
        "pr_rating": pa.Column(int, pa.Check.in_range(1, 7)),
        "cl_rating": pa.Column(int, pa.Check.in_range(1, 7)),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "note": pa.Column(str, nullable=True),
    },
    unique=["iso3", "year"],
    strict=True,
    coerce=False,
)


# --------------------------------------------------------------------------- scores


def _excel_row(i: int) -> int:
    return int(i) + 3  # title row 1, header row 2, data from row 3


def clean_fiw_scores(path: Path) -> pd.DataFrame:
    """FIW aggregate and indicator scores, one row per country or territory and edition.

    Columns: iso3 (empty for territories), country (as printed), kind (country/territory),
    region, edition, year (= edition - 1, the year under review), status (F/PF/NF),
    pr_rating, cl_rating (1-7, 1 = most free), A1 ... G4, A ... G, add_q, add_a (empty from
    the 2018 edition, when it was dropped), pr (0-40), cl (0-60), total (0-100).
    """
    path = Path(path)
    try:
        raw = pd.read_excel(path, sheet_name=SCORES_SHEET, header=1, dtype=object)
    except ValueError as exc:
        raise LayoutError(path, f"sheet {SCORES_SHEET!r}", f"a sheet of that name ({exc})") \
            from None
    header = [str(c).strip() for c in raw.columns]
    missing = [c for c in SCORE_HEADER if c not in header]
    extra = [c for c in header if c not in SCORE_HEADER]
    if missing or extra or len(set(header)) != len(header):
        raise LayoutError(path, f"sheet {SCORES_SHEET!r}, header row 2",
                          f"each of the columns {SCORE_HEADER} once (missing {missing}, "
                          f"unexpected {extra})")
    raw.columns = header
    raw = raw.dropna(how="all")
    df = raw.rename(columns=RENAME)
    for col in [*INTEGER_COLUMNS, "edition"]:
        num = pd.to_numeric(df[col], errors="coerce")
        bad = num.isna() | (num % 1 != 0)
        if bad.any():
            i = df.index[bad.to_numpy().argmax()]
            header_name = {v: k for k, v in RENAME.items()}.get(col, col)
            raise LayoutError(path, f"sheet {SCORES_SHEET!r}, row {_excel_row(i)}, column "
                              f"{header_name!r}: {df.at[i, col]!r}", "a whole number")
        df[col] = num.astype(int)
    add_a = df["add_a"].replace("N/A", np.nan)
    df["add_a"] = pd.to_numeric(add_a, errors="coerce").astype(float)
    kinds = {"c": "country", "t": "territory"}
    bad = ~df["kind"].isin(list(kinds))
    if bad.any():
        i = df.index[bad.to_numpy().argmax()]
        raise LayoutError(path, f"sheet {SCORES_SHEET!r}, row {_excel_row(i)}, column 'C/T': "
                          f"{df.at[i, 'kind']!r}", "'c' (country) or 't' (territory)")
    df["kind"] = df["kind"].map(kinds)
    df["country"] = df["country"].astype(str).str.strip()
    checks = {s: sum(df[i] for i in items) for s, items in SUBCATEGORIES.items()}
    checks["pr"] = df["A"] + df["B"] + df["C"] - df["add_q"] + df["add_a"].fillna(0)
    checks["cl"] = df["D"] + df["E"] + df["F"] + df["G"]
    checks["total"] = df["pr"] + df["cl"]
    rules = {"pr": "A + B + C - Add Q + Add A", "cl": "D + E + F + G", "total": "PR + CL"}
    for col, expected in checks.items():
        off = df[col] != expected
        if off.any():
            i = df.index[off.to_numpy().argmax()]
            rule = rules.get(col, " + ".join(SUBCATEGORIES.get(col, ())))
            name = {v: k for k, v in RENAME.items()}.get(col, col)
            raise LayoutError(path, f"sheet {SCORES_SHEET!r}, row {_excel_row(i)}, column "
                              f"{name!r}: {df.at[i, col]}",
                              f"{rule} = {int(expected[i])} ({df.at[i, 'country']}, "
                              f"edition {df.at[i, 'edition']})")
    states = df["kind"] == "country"
    names = sorted(set(df.loc[states, "country"]))
    codes = dict(zip(names, to_iso3(names, source=SOURCE), strict=True))
    df["iso3"] = df["country"].map(codes).where(states, None).astype(object)
    df["year"] = df["edition"] - 1
    df["region"] = df["region"].astype(str)
    df["status"] = df["status"].astype(str).str.strip()
    cols = ["iso3", "country", "kind", "region", "edition", "year", "status", "pr_rating",
            "cl_rating", *INDICATORS, *SUBCATEGORIES, "add_q", "add_a", "pr", "cl", "total"]
    df = df[cols].sort_values(["country", "edition"], ignore_index=True)
    return validate(_scores_schema(), df, path, "FIW scores")


# --------------------------------------------------------------------------- ratings


def _label(value) -> str:
    return str(value).strip() if value is not None else ""


def _period_year(text: str) -> int | None:
    years = re.findall(r"(\d{4})", text)
    return int(years[-1]) if years else None


def _rating(cell, path: Path, where: str) -> tuple[int | None, str | None]:
    """A PR or CL cell: its rating, and the cell as printed when it holds more than one
    number (South Africa 1972: '2(5)', the rating of its white and black populations)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell) % 1 == 0 \
            and 1 <= cell <= 7:
        return int(cell), None
    text = _label(cell)
    m = re.fullmatch(r"([1-7])\s*\(([1-7])\)", text)
    if m:
        return int(m.group(1)), text
    raise LayoutError(path, where, f"a rating 1-7 or '-' (found {cell!r})")


def clean_fiw_ratings(path: Path) -> pd.DataFrame:
    """FIW ratings and statuses of every country and edition, 1973-2024 (long).

    Columns: iso3, country, edition (the survey edition as printed), period (the year(s)
    under review as printed), year (the last calendar year of that period), irregular_period,
    pr_rating, cl_rating (1-7, 1 = most free), status (F/PF/NF), note (a cell as printed when
    it held two ratings, e.g. '2(5)'). Editions marked '-' (not rated) give no row.
    """
    import openpyxl

    path = Path(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if RATINGS_SHEET not in wb.sheetnames:
            raise LayoutError(path, f"sheet {RATINGS_SHEET!r}",
                              f"a sheet of that name (found {wb.sheetnames})")
        rows = [list(r) for r in wb[RATINGS_SHEET].iter_rows(values_only=True)]
    finally:
        wb.close()
    sheet = f"sheet {RATINGS_SHEET.strip()!r}"
    if len(rows) < 4 or _label(rows[0][0]) != "Survey Edition" or \
            _label(rows[1][0]) != "Year(s) Under Review":
        raise LayoutError(path, f"{sheet}, column A, rows 1-2",
                          "'Survey Edition' and 'Year(s) Under Review'")
    editions = []
    for col in range(1, len(rows[0]), 3):
        if rows[0][col] is None and all(r[col] is None for r in rows[:3]):
            continue
        triplet = [_label(rows[2][col + k]) if col + k < len(rows[2]) else "" for k in range(3)]
        if triplet != ["PR", "CL", "Status"]:
            raise LayoutError(path, f"{sheet}, row 3, columns {col + 1}-{col + 3}",
                              f"'PR', 'CL', 'Status' (found {triplet})")
        edition, period = _label(rows[0][col]), _label(rows[1][col])
        year = _period_year(period)
        if not edition or year is None:
            raise LayoutError(path, f"{sheet}, rows 1-2, column {col + 1}",
                              f"an edition and a period under review with a year (found "
                              f"{edition!r}, {period!r})")
        editions.append((col, edition, period, year, not re.fullmatch(r"\d{4}", period)))
    records = []
    for r_i, row in enumerate(rows[3:], start=4):
        name = _label(row[0])
        if not name:
            continue
        for col, edition, period, year, irregular in editions:
            pr_cell, cl_cell, status_cell = (row[col + k] if col + k < len(row) else None
                                             for k in range(3))
            if all(_label(c) in ("-", "") for c in (pr_cell, cl_cell, status_cell)):
                continue
            where = f"{sheet}, row {r_i} ({name}), edition {edition}"
            pr, pr_note = _rating(pr_cell, path, f"{where}, PR")
            cl, cl_note = _rating(cl_cell, path, f"{where}, CL")
            status_text = _label(status_cell)
            m = re.fullmatch(r"(F|PF|NF)(\s*\((F|PF|NF)\))?", status_text)
            if not m:
                raise LayoutError(path, f"{where}, Status: {status_cell!r}",
                                  "F, PF or NF")
            notes = [n for n in (pr_note, cl_note, status_text if m.group(2) else None) if n]
            records.append({"country": name, "edition": edition, "period": period,
                            "year": year, "irregular_period": irregular, "pr_rating": pr,
                            "cl_rating": cl, "status": m.group(1),
                            "note": "; ".join(notes) or None})
    df = pd.DataFrame(records)
    names = sorted(set(df["country"]))
    codes = dict(zip(names, to_iso3(names, source=SOURCE), strict=True))
    df.insert(0, "iso3", df["country"].map(codes))
    unmapped = df["iso3"].isna()
    if unmapped.any():
        raise LayoutError(path, f"{sheet}, column A: {df.loc[unmapped, 'country'].iloc[0]!r}",
                          "a country (this sheet lists no territories)")
    df["note"] = df["note"].astype(object)
    df = df.sort_values(["iso3", "year"], ignore_index=True)
    return validate(RATINGS_SCHEMA, df, path, "FIW ratings")
