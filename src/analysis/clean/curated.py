"""Hand-compiled tables of ``data/curated/``: each has a schema and is read only through it.

Every curated table keeps, per row, its source title, URL, a short locator and the compiler's
confidence flag. :data:`SCHEMAS` names each table's schema by catalog id; a table without a
schema cannot be loaded (:func:`clean_curated` says so), so nothing is read unchecked.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import LayoutError
from . import validate

CONFIDENCE = ("high", "medium", "low")
DATE_PRECISION = ("day", "month", "year")

# Columns every curated table carries, so each row can be traced to its source.
PROVENANCE = {
    "source_title": pa.Column(str),
    "source_url": pa.Column(str, pa.Check.str_matches(r"^https?://")),
    "locator": pa.Column(str, nullable=True),
    "confidence": pa.Column(str, pa.Check.isin(CONFIDENCE)),
}

TIMELINE = pa.DataFrameSchema(
    {
        "date": pa.Column(pa.DateTime),
        "date_precision": pa.Column(str, pa.Check.isin(DATE_PRECISION)),
        "event": pa.Column(str),
        "actors": pa.Column(str, nullable=True),
        "category": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True,
    coerce=False,
)

# Dated facts of any precision: ``date`` is the first day of the day, month or year the source
# gives (YYYY-MM-DD, YYYY-MM or YYYY in the file, matching ``date_precision``).
TIMELINE_ADDITIONS = pa.DataFrameSchema(
    {
        "event_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$"), unique=True),
        "date": pa.Column(pa.DateTime),
        "date_precision": pa.Column(str, pa.Check.isin(DATE_PRECISION)),
        "event": pa.Column(str),
        "countries": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}(;[A-Z]{3})*$")),
        "category": pa.Column(str),
        "value": pa.Column(str, nullable=True),
        "unit": pa.Column(str, nullable=True),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True,
    coerce=False,
)

# A count, or a range (value_low-value_high), per row; "value" may be empty when only the
# range is given, never all three.
_RANGE_CHECK = pa.Check(lambda df: df[["value", "value_low", "value_high"]].notna().any(axis=1),
                        error="each row needs a value or a range (value_low, value_high)")
_ORDER_CHECK = pa.Check(lambda df: ~(df["value_low"] > df["value_high"]),
                        error="value_low must not exceed value_high")
DISPLACEMENT = pa.DataFrameSchema(
    {
        "topic": pa.Column(str),
        "geography": pa.Column(str),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "value_low": pa.Column(float, pa.Check.ge(0), nullable=True),
        "value_high": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str),
        "date_or_year": pa.Column(str),
        "description": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    checks=[_RANGE_CHECK, _ORDER_CHECK],
    strict=True,
    coerce=False,
)

CASUALTIES = pa.DataFrameSchema(
    {
        # "1988-1994", "2016-04-01/05", "2020-09-27/11-10": a year, month or day, then an end.
        "period": pa.Column(str, pa.Check.str_matches(r"^\d{4}")),
        "event": pa.Column(str),
        "side_or_scope": pa.Column(str),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "value_low": pa.Column(float, pa.Check.ge(0), nullable=True),
        "value_high": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str),
        "description": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    checks=[_RANGE_CHECK, _ORDER_CHECK],
    strict=True,
    coerce=False,
)

_PCT = [pa.Check.in_range(0, 100)]
CENSUS = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(1900, 2100)),
        "census": pa.Column(str),
        "total": pa.Column(float, pa.Check.gt(0), nullable=True),
        "armenians": pa.Column(float, pa.Check.ge(0), nullable=True),
        "azerbaijanis": pa.Column(float, pa.Check.ge(0), nullable=True),
        "russians": pa.Column(float, pa.Check.ge(0), nullable=True),
        "others": pa.Column(float, pa.Check.ge(0), nullable=True),
        "armenians_pct": pa.Column(float, _PCT, nullable=True),
        "azerbaijanis_pct": pa.Column(float, _PCT, nullable=True),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    checks=[pa.Check(lambda df: ~(df["armenians"] > df["total"]),
                     error="armenians must not exceed total")],
    strict=True,
    coerce=False,
)

# A date of day, month or year precision ("2024-04-17", "2024-06", "1995"); some tables also
# give periods ("2020-2024", "2024-01/2024-08") and leave unknown dates empty.
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PERIOD = r"^\d{4}(-\d{2})?(-\d{2})?[-/]\d{4}(-\d{2})?$"
ISO3_OR_BLOC = r"^[A-Z]{2,4}$"

# Published poll percentages, one figure a row (survey_date is the publisher's wording: "2013",
# "2020-02/03", "2022 (reported 2022-06)"; analysis.themes.russia reads it).
OPINION_COLUMNS = {
    "country": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
    "survey_date": pa.Column(str),
    "pollster": pa.Column(str),
    "survey": pa.Column(str),
    "indicator": pa.Column(str),
    "response": pa.Column(str),
    "value": pa.Column(float, pa.Check.in_range(0, 100)),
    "unit": pa.Column(str, pa.Check.eq("percent of respondents")),
    **PROVENANCE,
    "notes": pa.Column(str, nullable=True),
}
OPINION = pa.DataFrameSchema(OPINION_COLUMNS, strict=True, coerce=False)
OPINION_WITH_N = pa.DataFrameSchema(
    {**OPINION_COLUMNS,
     "sample_size": pa.Column(float, pa.Check.in_range(100, 100_000), nullable=True),
     "fieldwork": pa.Column(str)},
    strict=True, coerce=False)

# Dated events with an optional figure (value/unit as printed, so text).
EVENTS = pa.DataFrameSchema(
    {
        "event_id": pa.Column(str, unique=True),
        "country": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "date": pa.Column(str, pa.Check.str_matches(f"{PARTIAL_DATE}|{PERIOD}"), nullable=True),
        "date_precision": pa.Column(str, pa.Check.str_matches(r"^(day|month|year|period|unknown)")),
        "category": pa.Column(str),
        "event": pa.Column(str),
        "value": pa.Column(str, nullable=True),
        "unit": pa.Column(str, nullable=True),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True, coerce=False)
RUSSIA_TIMELINE = pa.DataFrameSchema(
    {
        "event_id": pa.Column(str, unique=True),
        "date": pa.Column(str, pa.Check.str_matches(PARTIAL_DATE)),
        "date_precision": pa.Column(str, pa.Check.isin(DATE_PRECISION)),
        "event": pa.Column(str),
        "countries": pa.Column(str, nullable=True),
        "category": pa.Column(str),
        "value": pa.Column(str, nullable=True),
        "unit": pa.Column(str, nullable=True),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True, coerce=False)
SINCE_BRIEF = pa.DataFrameSchema(
    {
        "date": pa.Column(str, pa.Check.str_matches(f"{PARTIAL_DATE}|{PERIOD}")),
        "date_precision": pa.Column(str, pa.Check.isin((*DATE_PRECISION, "period"))),
        "event": pa.Column(str),
        "countries": pa.Column(str),
        "theme": pa.Column(str, pa.Check.isin(("conflict", "russia", "corridors", "west"))),
        "brief_expectation": pa.Column(str, nullable=True),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True, coerce=False)

# Economic figures as published (year is the publisher's wording: "2023", "c. 2022").
ECONOMIC_FACTS = pa.DataFrameSchema(
    {
        "country": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "partner": pa.Column(str),
        "year": pa.Column(str, pa.Check.str_contains(r"\d{4}")),
        "period": pa.Column(str),
        "indicator": pa.Column(str),
        "value": pa.Column(float),
        "unit": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True, coerce=False)
MIGRANT_STOCK = pa.DataFrameSchema(
    {
        "year": pa.Column(float, pa.Check.in_range(1990, 2100)),
        "origin_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "origin_name": pa.Column(str),
        "destination_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "destination_name": pa.Column(str),
        "stock_total": pa.Column(float, pa.Check.ge(0)),
        "stock_male": pa.Column(float, pa.Check.ge(0)),
        "stock_female": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    unique=["year", "origin_iso3", "destination_iso3"],
    strict=True, coerce=False)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "curated-war-dates": TIMELINE,
    "curated-conflict-timeline": TIMELINE,
    "curated-timeline-additions": TIMELINE_ADDITIONS,
    "curated-displacement": DISPLACEMENT,
    "curated-conflict-casualties": CASUALTIES,
    "curated-nkao-census": CENSUS,
    "curated-opinion-russia": OPINION,
    "curated-opinion-armenia-additions": OPINION_WITH_N,
    "curated-russian-presence": EVENTS,
    "curated-russia-timeline": RUSSIA_TIMELINE,
    "curated-russia-since-brief": SINCE_BRIEF,
    "curated-trade-aze-geo": ECONOMIC_FACTS,
    "curated-economic-dependence": ECONOMIC_FACTS,
    "curated-migrant-stock": MIGRANT_STOCK,
}
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "curated-war-dates": ("date",),
    "curated-conflict-timeline": ("date",),
}
# Date columns written at the precision named in another column (day, month or year).
PRECISION_DATE_COLUMNS: dict[str, tuple[str, str]] = {
    "curated-timeline-additions": ("date", "date_precision"),
}
PRECISION_FORMATS = {"day": ("%Y-%m-%d", "YYYY-MM-DD"), "month": ("%Y-%m", "YYYY-MM"),
                     "year": ("%Y", "YYYY")}
NUMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "curated-displacement": ("value", "value_low", "value_high"),
    "curated-conflict-casualties": ("value", "value_low", "value_high"),
    "curated-nkao-census": ("total", "armenians", "azerbaijanis", "russians", "others",
                            "armenians_pct", "azerbaijanis_pct"),
    "curated-opinion-russia": ("value",),
    "curated-opinion-armenia-additions": ("value", "sample_size"),
    "curated-trade-aze-geo": ("value",),
    "curated-economic-dependence": ("value",),
    "curated-migrant-stock": ("year", "stock_total", "stock_male", "stock_female"),
}
INTEGER_COLUMNS: dict[str, tuple[str, ...]] = {
    "curated-nkao-census": ("year",),
}


def clean_curated(path: Path, source_id: str, schema: pa.DataFrameSchema | None = None,
                  dates: tuple[str, ...] | None = None,
                  numbers: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read one curated CSV and validate it against its schema (dates and numbers parsed).

    The schema and date columns are :data:`SCHEMAS` and :data:`DATE_COLUMNS` of
    ``source_id``, unless a cleaner module that owns the table passes its own; ``numbers``
    names columns read as floats (empty cells NaN). A cell that is not a date or a number is
    an error naming its line and column."""
    path = Path(path)
    schema = schema if schema is not None else SCHEMAS.get(source_id)
    if schema is None:
        raise LayoutError(path, "whole table", f"a schema for {source_id!r} in "
                          "analysis.clean.curated.SCHEMAS (none is registered)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    missing = [c for c in schema.columns if c not in df.columns]
    if missing:
        raise LayoutError(path, "header row", f"columns {missing} (found {list(df.columns)})")
    for col in (dates if dates is not None else DATE_COLUMNS.get(source_id, ())):
        parsed = pd.to_datetime(df[col], format="%Y-%m-%d", errors="coerce")
        _refuse(path, df, col, parsed.isna() & df[col].notna(), "a date YYYY-MM-DD")
        df[col] = parsed
    if source_id in PRECISION_DATE_COLUMNS:
        col, prec = PRECISION_DATE_COLUMNS[source_id]
        _refuse(path, df, prec, ~df[prec].isin(list(PRECISION_FORMATS)),
                f"a precision, one of {list(PRECISION_FORMATS)}")
        parsed = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        for name, (fmt, shown) in PRECISION_FORMATS.items():
            rows = df[prec] == name
            got = pd.to_datetime(df.loc[rows, col], format=fmt, errors="coerce")
            _refuse(path, df, col, rows & got.reindex(df.index).isna(),
                    f"a date {shown} (its {prec} is {name!r})")
            parsed[rows] = got
        df[col] = parsed
    for col in NUMBER_COLUMNS.get(source_id, ()):
        # Thousands separators as printed ("1,648") are not decimal marks.
        parsed = pd.to_numeric(df[col].str.replace(",", "", regex=False), errors="coerce")
        _refuse(path, df, col, parsed.isna() & df[col].notna(), "a number or an empty field")
        df[col] = parsed.astype(float)
    for col in INTEGER_COLUMNS.get(source_id, ()):
        ok = df[col].fillna("").str.fullmatch(r"\d+")
        _refuse(path, df, col, ~ok, "a whole number")
        df[col] = df[col].astype(int)
    for col in numbers:
        parsed = pd.to_numeric(df[col], errors="coerce")
        _refuse(path, df, col, parsed.isna() & df[col].notna(), "a number (or an empty cell)")
        df[col] = parsed.astype(float)
    return validate(schema, df, path, f"curated {source_id}")


def _refuse(path: Path, df: pd.DataFrame, col: str, bad: pd.Series, expected: str) -> None:
    """A LayoutError naming the first bad row's line and cell, if any row is bad."""
    rows = df.index[bad.fillna(False).astype(bool)]
    if len(rows):
        line = int(rows[0]) + 2  # header is line 1
        raise LayoutError(path, f"line {line}, column {col!r}: {df.at[rows[0], col]!r}",
                          expected)
