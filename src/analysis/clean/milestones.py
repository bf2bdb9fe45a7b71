"""Curated Western milestones: dated ties of Armenia, Azerbaijan and Georgia with NATO, the EU
and the OSCE, from two hand-compiled tables of the mirror.

* ``data/curated/western-milestones.csv`` (catalog ``curated-western-milestones``): 21 events
  1992-2023 with the acting institution (``actor``), the partner states
  (``counterpart_iso3``) and a date written as precisely as the source gives it (``1997``,
  ``2004`` or a day).
* ``data/curated/western-additions.csv`` (``curated-western-additions``): rows of the
  timeline additions on EU integration, Western policy and Armenia's security ties with the
  West, with an explicit ``date_precision``.

Both become one layout (:data:`OUT`): ``date`` is the first day the printed date covers and
``date_precision`` says how much of it is known (day, month or year), so a year-only fact is
never read as 1 January. A printed precision that disagrees with the date's form is an error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import LayoutError
from . import validate
from .curated import DATE_PRECISION, PROVENANCE

_FORMS = {"year": re.compile(r"^\d{4}$"), "month": re.compile(r"^\d{4}-\d{2}$"),
          "day": re.compile(r"^\d{4}-\d{2}-\d{2}$")}
MILESTONE_COLUMNS = ("event_id", "date", "year", "actor", "counterpart_iso3", "event",
                     "category", "value", "unit", "source_title", "source_url", "locator",
                     "confidence", "secondary_source_url", "notes")
ADDITION_COLUMNS = ("event_id", "date", "date_precision", "event", "countries", "category",
                    "value", "unit", "source_title", "source_url", "locator", "confidence",
                    "notes")
OUT = ["event_id", "date", "date_precision", "date_text", "actor", "countries", "event",
       "category", "value", "unit", "source_title", "source_url", "locator", "confidence",
       "secondary_source_url", "notes"]

SCHEMA = pa.DataFrameSchema(
    {
        "event_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$"), unique=True),
        "date": pa.Column(pa.DateTime),
        "date_precision": pa.Column(str, pa.Check.isin(DATE_PRECISION)),
        "date_text": pa.Column(str),
        "actor": pa.Column(str, nullable=True),
        "countries": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}(;[A-Z]{3})*$")),
        "event": pa.Column(str, pa.Check.str_length(min_value=1)),
        "category": pa.Column(str),
        "value": pa.Column(str, nullable=True),
        "unit": pa.Column(str, nullable=True),
        **PROVENANCE,
        "secondary_source_url": pa.Column(str, nullable=True),
        "notes": pa.Column(str, nullable=True),
    },
    strict=True,
    coerce=False,
)


def precision_of(text: str) -> str | None:
    """"day", "month" or "year" for an ISO date written to that precision, else None."""
    return next((p for p, form in _FORMS.items() if form.match(text)), None)


def first_day(text: str) -> pd.Timestamp:
    """The first day an ISO date of any precision covers ("2004" -> 2004-01-01)."""
    precision = precision_of(text)
    if precision is None:
        raise ValueError(f"{text!r} is not a date YYYY, YYYY-MM or YYYY-MM-DD")
    return pd.Timestamp(text + {"year": "-01-01", "month": "-01", "day": ""}[precision])


def _read(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in raw.columns]
    if missing:
        raise LayoutError(path, "header row (line 1)",
                          f"columns {missing} (found {list(raw.columns)})")
    return raw


def _dates(raw: pd.DataFrame, path: Path, stated: pd.Series | None) -> tuple[list, list]:
    dates, precisions = [], []
    for i, text in raw["date"].items():
        line = int(i) + 2  # the header is line 1
        precision = precision_of(text)
        try:
            day = first_day(text)
        except ValueError:
            day = None
        if precision is None or day is None:
            raise LayoutError(path, f"line {line}, column 'date': {text!r}",
                              "a date YYYY, YYYY-MM or YYYY-MM-DD")
        if stated is not None and stated[i] != precision:
            raise LayoutError(path, f"line {line}, column 'date_precision': {stated[i]!r}",
                              f"{precision!r}, the precision the date {text!r} is written to")
        dates.append(day)
        precisions.append(precision)
    return dates, precisions


def _finish(raw: pd.DataFrame, path: Path, dates, precisions, actor, countries,
            secondary) -> pd.DataFrame:
    def text(col):
        return raw[col].where(raw[col] != "", None).astype(object)

    df = pd.DataFrame({
        "event_id": raw["event_id"], "date": pd.to_datetime(dates),
        "date_precision": precisions, "date_text": raw["date"], "actor": actor,
        "countries": countries, "event": raw["event"], "category": raw["category"],
        "value": text("value"), "unit": text("unit"), "source_title": raw["source_title"],
        "source_url": raw["source_url"], "locator": text("locator"),
        "confidence": raw["confidence"], "secondary_source_url": secondary,
        "notes": text("notes")}, columns=OUT)
    df = df.sort_values(["date", "event_id"], ignore_index=True)
    return validate(SCHEMA, df, path, "curated Western milestones")


def clean_milestones(path: Path) -> pd.DataFrame:
    """The curated Western milestones table in the common layout (:data:`OUT`).

    ``countries`` is ``counterpart_iso3`` (ISO3 codes separated by ";"); the ``year`` column
    must be the date's year.
    """
    path = Path(path)
    raw = _read(path, MILESTONE_COLUMNS)
    dates, precisions = _dates(raw, path, None)
    for i, (day, year) in enumerate(zip(dates, raw["year"], strict=True)):
        if str(day.year) != year:
            raise LayoutError(path, f"line {i + 2}, column 'year': {year!r}",
                              f"the year of the date {raw['date'][i]!r}")
    actor = raw["actor"].where(raw["actor"] != "", None).astype(object)
    secondary = raw["secondary_source_url"].where(raw["secondary_source_url"] != "", None)
    return _finish(raw, path, dates, precisions, actor, raw["counterpart_iso3"],
                   secondary.astype(object))


def clean_additions(path: Path) -> pd.DataFrame:
    """Rows of the timeline additions in the common layout (:data:`OUT`); their printed
    ``date_precision`` must match the date's form. No actor column (institutions are named
    in the event text); ``countries`` as printed."""
    path = Path(path)
    raw = _read(path, ADDITION_COLUMNS)
    dates, precisions = _dates(raw, path, raw["date_precision"])
    none = pd.Series([None] * len(raw), index=raw.index, dtype=object)
    return _finish(raw, path, dates, precisions, none, raw["countries"], none)
