"""Freedom House Nations in Transit (NIT): the curated table of Democracy Scores and
Democracy Percentages, on the scale each value was published on.

NIT changed its scale in 2020. Up to the 2019 edition the Democracy Score ran from 1 (most
democratic) to 7 (least); from 2020 it runs from 1 (least) to 7 (most democratic), and a
Democracy Percentage (0-100, 100 = most democratic) was added. Freedom House's web pages show
the 2019 edition on the new scale too. The curated table (``data/curated/nations-in-transit.csv``)
holds, per row, one edition of one country with the score as printed and its scale in words,
and the percentage where the source gave one.

:func:`clean_nit` returns the published values only, one row per country, edition and scale,
each labelled with its scale (:data:`SCALES`): ``score-old``, ``score-new`` or ``percentage``.
Values are never put on another scale silently: :func:`convert` makes converted rows, flagged
``derived`` and naming the scale they came from. The conversions are

* new score = 8 - old score (the scale turned round: old 1 is new 7);
* percentage = (new score - 1) / 6 x 100 (new 1 is 0%, new 7 is 100%).

The cleaner checks both on every row and edition that publishes two scales, within the
rounding of the printed values, so a mistyped value or a changed definition is an error
naming the line.

Edition against year: an edition (report year) covers the previous calendar year; the cleaner
keeps both (``edition``, ``year``) and refuses a row where they are not one year apart.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..errors import LayoutError
from . import validate
from .curated import CONFIDENCE, PROVENANCE

OLD, NEW, PCT = "score-old", "score-new", "percentage"
SCALES = {
    OLD: "Democracy Score 1-7, 1 = most democratic (NIT editions up to 2019)",
    NEW: "Democracy Score 1-7, 7 = most democratic (NIT from 2020; FH pages show 2019 so too)",
    PCT: "Democracy Percentage 0-100, 100 = most democratic (NIT from 2019/2020)",
}
# How the curated table states a score's scale (the start of its score_scale cell).
_SCALE_TEXT = {"1-7; 1 = most democratic": OLD, "1-7; 7 = most democratic": NEW}
RANGES = {OLD: (1.0, 7.0), NEW: (1.0, 7.0), PCT: (0.0, 100.0)}
COLUMNS = ("country_iso3", "country", "nit_edition", "year_covered", "democracy_score",
           "score_scale", "democracy_percentage", "regime_category", "source_title",
           "source_url", "locator", "confidence", "notes")
OUT = ["iso3", "country", "edition", "year", "scale", "value", "decimals", "derived",
       "derived_from", "regime_category", "source_title", "source_url", "locator",
       "confidence", "notes", "line"]

SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "country": pa.Column(str),
        "edition": pa.Column(int, pa.Check.in_range(2000, 2100)),
        "year": pa.Column(int),
        "scale": pa.Column(str, pa.Check.isin(list(SCALES))),
        "value": pa.Column(float, pa.Check(np.isfinite, element_wise=False)),
        # decimals printed: the value's precision, which bounds any conversion's rounding.
        "decimals": pa.Column(int, pa.Check.in_range(0, 6)),
        "derived": pa.Column(bool),
        "derived_from": pa.Column(str, nullable=True),
        "regime_category": pa.Column(str, nullable=True),
        **{k: v for k, v in PROVENANCE.items()},
        "notes": pa.Column(str, nullable=True),
        "line": pa.Column(int),
    },
    checks=[pa.Check(lambda d: (d["edition"] == d["year"] + 1).all(),
                     error="edition is the year covered plus one")],
    unique=["iso3", "edition", "scale"],
    strict=True,
    coerce=False,
)


# --------------------------------------------------------------------------- conversions


def old_to_new(score):
    """A Democracy Score of the editions up to 2019 (1 = most democratic) on the new scale
    (7 = most democratic): 8 - score."""
    return 8.0 - score


def new_to_old(score):
    """A new-scale Democracy Score (7 = most democratic) on the old scale: 8 - score."""
    return 8.0 - score


def new_to_percentage(score):
    """A new-scale Democracy Score (1-7) as the Democracy Percentage: (score - 1) / 6 x 100."""
    return (score - 1.0) / 6.0 * 100.0


def percentage_to_new(pct):
    """A Democracy Percentage as the new-scale Democracy Score: 1 + 6 x pct / 100."""
    return 1.0 + 6.0 * pct / 100.0


def _to_new(value, scale: str):
    return {OLD: old_to_new, NEW: lambda v: v, PCT: percentage_to_new}[scale](value)


def _from_new(score, scale: str):
    return {OLD: new_to_old, NEW: lambda v: v, PCT: new_to_percentage}[scale](score)


def conversion(value, source: str, target: str):
    """``value`` on scale ``source`` expressed on scale ``target`` (keys of :data:`SCALES`)."""
    for s in (source, target):
        if s not in SCALES:
            raise ValueError(f"unknown NIT scale {s!r}; choose one of {list(SCALES)}")
    return _from_new(_to_new(value, source), target)


def rounding(decimals: int, scale: str, target: str) -> float:
    """How far a value printed with ``decimals`` decimals on ``scale`` can move on the
    ``target`` scale through its rounding alone (half a unit of the last printed digit,
    scaled by the conversion's slope)."""
    half = 0.5 * 10.0 ** -decimals
    slope = {OLD: 1.0, NEW: 1.0, PCT: 6.0 / 100.0}  # new-score units per unit of each scale
    return half * slope[scale] / slope[target]


def convert(df: pd.DataFrame, to: str) -> pd.DataFrame:
    """Every row of a cleaned NIT table on scale ``to``: rows already on it as they are, the
    others converted and flagged (``derived`` True, ``derived_from`` their own scale).

    Where a country and edition has a published value on ``to`` and others, only the
    published one is kept: a conversion never replaces a figure Freedom House printed. Where
    it has several others (an old score and a rounded percentage), the one with the smaller
    rounding error on ``to`` is converted. Adds ``rounding``: how far the value can be from
    the unrounded figure through the rounding of the printed value alone (:func:`rounding`;
    ``decimals`` stays the printed value's).
    """
    if to not in SCALES:
        raise ValueError(f"unknown NIT scale {to!r}; choose one of {list(SCALES)}")
    own = df[df["scale"] == to]
    others = df[df["scale"] != to].copy()
    if not others.empty:
        others["_err"] = [rounding(d, s, to) for d, s in
                          zip(others["decimals"], others["scale"], strict=True)]
        others = others.sort_values(["iso3", "edition", "_err"]).drop_duplicates(
            ["iso3", "edition"])
        others = others.drop(columns="_err")
        have = set(zip(own["iso3"], own["edition"], strict=True))
        others = others[[k not in have for k in zip(others["iso3"], others["edition"],
                                                    strict=True)]].copy()
        others["value"] = [float(conversion(v, s, to)) for v, s in
                           zip(others["value"], others["scale"], strict=True)]
        others["derived_from"] = others["scale"]
        others["derived"] = True
        others["scale"] = to
    out = pd.concat([own, others], ignore_index=True)
    out["rounding"] = [rounding(d, s, to) for d, s in
                       zip(out["decimals"], out["derived_from"].fillna(to), strict=True)]
    return out.sort_values(["iso3", "edition"], ignore_index=True)


# --------------------------------------------------------------------------- the table


def _scale_of(text: str, path: Path, line: int) -> str:
    for start, scale in _SCALE_TEXT.items():
        if text.startswith(start):
            return scale
    raise LayoutError(path, f"line {line}, column 'score_scale': {text!r}",
                      f"a scale beginning {' or '.join(repr(s) for s in _SCALE_TEXT)}")


def _number(text: str, path: Path, line: int, column: str) -> tuple[float, int]:
    """A printed number and its count of decimals; NaN for an empty cell."""
    if text == "":
        return math.nan, 0
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise LayoutError(path, f"line {line}, column {column!r}: {text!r}", "a number")
    return value, len(text.split(".")[1]) if "." in text else 0


def _year(text: str, path: Path, line: int, column: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise LayoutError(path, f"line {line}, column {column!r}: {text!r}", "a year (YYYY)")
    return int(text)


def _consistent(path: Path, where: str, a: tuple, b: tuple) -> None:
    """Two published values of one country and edition, ``(value, decimals, scale)`` each,
    agree once both are on the new scale, within the rounding of each."""
    (va, da, sa), (vb, db, sb) = a, b
    gap = abs(_to_new(va, sa) - _to_new(vb, sb))
    allowed = rounding(da, sa, NEW) + rounding(db, sb, NEW) + 1e-9
    if gap > allowed:
        raise LayoutError(path, where, f"{sa} {va:g} and {sb} {vb:g} to agree once both are "
                          f"on the new scale (8 - old; 1 + 6 x percentage / 100): they differ "
                          f"by {gap:.3f} score points, more than their rounding "
                          f"({allowed:.3f})")


def clean_nit(path: Path) -> pd.DataFrame:
    """The curated NIT table as published: one row per country, edition and scale.

    Columns: iso3, country, edition (report year), year (the year it covers), scale (key of
    :data:`SCALES`), value, decimals (as printed), derived (False here; see :func:`convert`),
    derived_from, regime_category, the provenance columns (source_title, source_url, locator,
    confidence), notes and line (the row's line in the file).
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise LayoutError(path, "header row (line 1)",
                          f"columns {missing} (found {list(raw.columns)})")
    records = []
    for i, r in raw.iterrows():
        line = int(i) + 2  # the header is line 1
        edition = _year(r["nit_edition"], path, line, "nit_edition")
        year = _year(r["year_covered"], path, line, "year_covered")
        if edition != year + 1:
            raise LayoutError(path, f"line {line}, columns 'nit_edition', 'year_covered': "
                              f"{edition}, {year}",
                              "an edition covering the year before it (edition = year + 1)")
        if r["confidence"] not in CONFIDENCE:
            raise LayoutError(path, f"line {line}, column 'confidence': {r['confidence']!r}",
                              f"one of {list(CONFIDENCE)}")
        score, s_dec = _number(r["democracy_score"], path, line, "democracy_score")
        pct, p_dec = _number(r["democracy_percentage"], path, line, "democracy_percentage")
        if math.isnan(score) and math.isnan(pct):
            raise LayoutError(path, f"line {line}, columns 'democracy_score', "
                              "'democracy_percentage'", "a score or a percentage (both empty)")
        values = []
        if not math.isnan(score):
            values.append((score, s_dec, _scale_of(r["score_scale"], path, line)))
        if not math.isnan(pct):
            values.append((pct, p_dec, PCT))
        for value, _dec, scale in values:
            lo, hi = RANGES[scale]
            if not lo <= value <= hi:
                col = "democracy_percentage" if scale == PCT else "democracy_score"
                raise LayoutError(path, f"line {line}, column {col!r}: {value:g}",
                                  f"a value between {lo:g} and {hi:g} ({SCALES[scale]})")
        if len(values) == 2:
            _consistent(path, f"line {line}", values[0], values[1])
        for value, dec, scale in values:
            records.append({
                "iso3": r["country_iso3"], "country": r["country"], "edition": edition,
                "year": year, "scale": scale, "value": float(value), "decimals": dec,
                "derived": False, "derived_from": None,
                "regime_category": r["regime_category"] or None,
                "source_title": r["source_title"], "source_url": r["source_url"],
                "locator": r["locator"] or None, "confidence": r["confidence"],
                "notes": r["notes"] or None, "line": line})
    df = pd.DataFrame(records, columns=OUT)
    dupes = df[df.duplicated(["iso3", "edition", "scale"], keep=False)]
    if not dupes.empty:
        first = dupes.iloc[0]
        lines = dupes[(dupes["iso3"] == first["iso3"]) & (dupes["edition"] == first["edition"])
                      & (dupes["scale"] == first["scale"])]["line"].tolist()
        raise LayoutError(path, f"lines {lines}", f"one {first['scale']} value per country "
                          f"and edition ({first['iso3']} {first['edition']} has two)")
    # Two scales of one edition in different rows (an old score, a percentage printed a year
    # later) must agree as well.
    for (_, _), g in df.groupby(["iso3", "edition"]):
        rows = list(g.itertuples())
        for a, b in zip(rows, rows[1:], strict=False):
            _consistent(path, f"lines {a.line} and {b.line}", (a.value, a.decimals, a.scale),
                        (b.value, b.decimals, b.scale))
    df = df.sort_values(["iso3", "edition", "scale"], ignore_index=True)
    for col in ("edition", "year", "decimals", "line"):
        df[col] = df[col].astype(int)
    df["derived"] = df["derived"].astype(bool)
    df["derived_from"] = df["derived_from"].astype(object)
    return validate(SCHEMA, df, path, "Nations in Transit (curated)")
