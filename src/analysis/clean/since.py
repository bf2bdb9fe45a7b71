"""Events after the brief (2024-2026) and the brief's expectations they bear on.

``curated-since-the-brief`` holds dated, sourced events, each labelled by its compiler with a
free-text expectation; ``data/mappings/since_expectations.csv`` (reviewable) maps each label to
one of the brief's six expectations (:data:`EXPECTATIONS`) or to ``other``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import LayoutError
from . import validate
from .curated import PROVENANCE, clean_curated

# The brief's expectations for the years after December 2023, by id.
EXPECTATIONS = {
    "renewed-conflict": "fears of renewed conflict persist",
    "north-south-bypass": "the North-South corridor will bypass Armenia",
    "land-corridor": "a push for a land corridor to Nakhchivan through Syunik",
    "russia-declines": "Russian influence declines",
    "western-integration": "no guarantee of a rapid integration into Western structures",
    "3plus3": "the 3+3 platform could limit Western influence",
}
PRECISIONS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y", "period": None}

EVENTS = pa.DataFrameSchema(
    {
        "date": pa.Column(str),
        "date_precision": pa.Column(str, pa.Check.isin(list(PRECISIONS))),
        "start": pa.Column(pa.DateTime),
        "event": pa.Column(str),
        "countries": pa.Column(str),
        "theme": pa.Column(str),
        "brief_expectation": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True,
    coerce=False,
)
MAPPING = pa.DataFrameSchema(
    {
        "label": pa.Column(str, unique=True),
        "expectation": pa.Column(str, pa.Check.isin([*EXPECTATIONS, "other"])),
        "note": pa.Column(str, nullable=True),
    },
    strict=True,
)


def _start(text: str, precision: str) -> pd.Timestamp | None:
    """The first day a date of some precision covers; a period "A/B" starts at A."""
    if precision == "period":
        text, _, _ = text.partition("/")
        precision = {10: "day", 7: "month", 4: "year"}.get(len(text), "")
    fmt = PRECISIONS.get(precision)
    return pd.to_datetime(text, format=fmt, errors="coerce") if fmt else None


def clean_events(path: Path, source_id: str = "curated-since-the-brief") -> pd.DataFrame:
    """The events, with ``start`` (the first day the date covers) parsed at its precision."""
    path = Path(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    if "date" not in df.columns or "date_precision" not in df.columns:
        raise LayoutError(path, "header row", f"columns date and date_precision (found "
                          f"{list(df.columns)})")
    starts = [_start(d, p) for d, p in zip(df["date"], df["date_precision"], strict=True)]
    for i, (text, start) in enumerate(zip(df["date"], starts, strict=True)):
        if start is None or pd.isna(start):
            raise LayoutError(path, f"line {i + 2}, column 'date': {text!r}",
                              f"a date written at its precision "
                              f"({df['date_precision'].iloc[i]!r}: YYYY-MM-DD, YYYY-MM, YYYY "
                              "or a period A/B)")
    df.insert(2, "start", pd.to_datetime(pd.Series(starts)))
    return validate(EVENTS, df, path, f"curated {source_id}")


def clean_mapping(path: Path) -> pd.DataFrame:
    """The reviewable table mapping each compiler's label to one of :data:`EXPECTATIONS`."""
    return clean_curated(path, "since-expectations", schema=MAPPING, dates=())
