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

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "curated-war-dates": TIMELINE,
}
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "curated-war-dates": ("date",),
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
        bad = df.index[parsed.isna() & df[col].notna()]
        if len(bad):
            line = int(bad[0]) + 2  # header is line 1
            raise LayoutError(path, f"line {line}, column {col!r}: {df.at[bad[0], col]!r}",
                              "a date YYYY-MM-DD")
        df[col] = parsed
    for col in numbers:
        parsed = pd.to_numeric(df[col], errors="coerce")
        bad = df.index[parsed.isna() & df[col].notna()]
        if len(bad):
            line = int(bad[0]) + 2
            raise LayoutError(path, f"line {line}, column {col!r}: {df.at[bad[0], col]!r}",
                              "a number (or an empty cell)")
        df[col] = parsed.astype(float)
    return validate(schema, df, path, f"curated {source_id}")
