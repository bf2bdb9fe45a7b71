"""Survey microdata distributed by CRRC (Caucasus Barometer; NDI/CRRC Georgia polls) -> one tidy
row per respondent and survey item.

What is read is named in two committed tables in ``data/surveys/``:

``waves.csv``
    one row per catalog entry (a wave): the country variable (empty when the file covers one
    country), the individual weight, the stratum and primary-sampling-unit variables (PSU empty
    when the file has none), the interview-date variable, the label encoding, the mode.
``items.csv``
    one row per item and wave: the variable, its label as the file prints it (checked, so a
    renamed or relabelled variable fails loudly), the wording in plain words, the answers the
    notebook reports (each must be an answer label of the variable), label recodes that make the
    answers of different waves comparable ("None=No one"), and notes on wording changes.

Answers keep their value labels. "Don't know" and "Refuse to answer" are answers (kind
``dont_know`` and ``refuse``), never dropped; codes that are not answers (interviewer error,
legal skip, break-off, not asked) are kept with kind ``missing``, so an estimate can say how many
it left out. A code without a value label is a layout error.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .. import paths
from ..countries import to_iso3
from ..errors import LayoutError
from . import validate

WAVE_COLUMNS = ("source_id", "wave", "survey", "year", "countries", "country_var", "weight",
                "stratum_var", "psu_var", "date_var", "encoding", "mode", "reference_date", "note")
ITEM_COLUMNS = ("item", "source_id", "variable", "label", "wording", "answers", "recode", "note")

DONT_KNOW = frozenset({"Don't know"})
REFUSE = frozenset({"Refuse to answer"})
# Codes that record why there is no answer; they are kept but are not part of a share's base.
NOT_ANSWERS = frozenset({"Break-off", "Break off", "Legal skip", "Legal Skip",
                         "Interviewer error", "Not applicable", "Not asked in Georgia"})
KINDS = ("substantive", "dont_know", "refuse", "missing")
SYSTEM_MISSING = "(system missing)"

SCHEMA = pa.DataFrameSchema(
    {
        "source_id": pa.Column(str),
        "wave": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(2000, 2100)),
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "row": pa.Column(int, pa.Check.ge(1)),
        "stratum": pa.Column(str),
        "psu": pa.Column(str, nullable=True),
        "weight": pa.Column(float, pa.Check.gt(0)),
        "interview_date": pa.Column(pa.DateTime, nullable=True),
        "item": pa.Column(str),
        "variable": pa.Column(str),
        "code": pa.Column(float, nullable=True),
        "answer": pa.Column(str),
        "kind": pa.Column(str, pa.Check.isin(KINDS)),
    },
    unique=["source_id", "row", "item"],
    strict=True,
    coerce=False,
)


def surveys_dir() -> Path:
    """``data/surveys/``: the committed tables of waves and items."""
    return paths.data_dir() / "surveys"


def _read_table(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    path = Path(path)
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        if tuple(header) != columns:
            raise LayoutError(path, "header row (line 1)", f"the columns {', '.join(columns)}; "
                              f"found {header}")
        rows = []
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(columns):
                raise LayoutError(path, f"line {reader.line_num}",
                                  f"{len(columns)} fields, got {len(row)}")
            rows.append(dict(zip(columns, row, strict=True), line=reader.line_num))
    return pd.DataFrame(rows, columns=[*columns, "line"])


def read_waves(path: Path | None = None) -> pd.DataFrame:
    """The waves table (``data/surveys/waves.csv``), checked: one row per catalog id, a weight
    and a stratum variable each, a known encoding."""
    path = Path(path) if path else surveys_dir() / "waves.csv"
    df = _read_table(path, WAVE_COLUMNS)
    for r in df.itertuples():
        where = f"line {r.line}"
        if not r.weight or not r.stratum_var:
            raise LayoutError(path, where, "a weight and a stratum variable for every wave")
        if not r.country_var and ";" in r.countries:
            raise LayoutError(path, where, "a country variable for a file of several countries")
        if r.encoding not in ("", "cp1252", "utf-8"):
            raise LayoutError(path, f"{where}, column 'encoding'", "empty, cp1252 or utf-8")
    dupes = df["source_id"][df["source_id"].duplicated()].tolist()
    if dupes:
        raise LayoutError(path, "column 'source_id'", f"each catalog id once; repeated {dupes}")
    df["year"] = df["year"].astype(int)
    return df


def read_items(path: Path | None = None) -> pd.DataFrame:
    """The items table (``data/surveys/items.csv``), checked: one row per item and wave."""
    path = Path(path) if path else surveys_dir() / "items.csv"
    df = _read_table(path, ITEM_COLUMNS)
    dupes = df[df.duplicated(["item", "source_id"])]
    if len(dupes):
        r = dupes.iloc[0]
        raise LayoutError(path, f"line {r.line}", f"each item once per wave; {r['item']} "
                          f"{r['source_id']} is repeated")
    for r in df.itertuples():
        for pair in filter(None, r.recode.split(";")):
            if "=" not in pair:
                raise LayoutError(path, f"line {r.line}, column 'recode': {pair!r}",
                                  "pairs 'label in the file=answer' separated by ';'")
    return df


def spec_digest(folder: Path | None = None) -> str:
    """sha256 of the waves and items tables: they decide what a cleaned wave holds, so they
    belong in its cache key next to the raw bytes and the code."""
    folder = Path(folder) if folder else surveys_dir()
    h = hashlib.sha256()
    for name in ("waves.csv", "items.csv"):
        h.update((folder / name).read_bytes())
    return h.hexdigest()


def _recodes(text: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in filter(None, text.split(";")))


def kind_of(label: str) -> str:
    """What an answer label is: substantive, dont_know, refuse or missing (not an answer)."""
    if label in DONT_KNOW:
        return "dont_know"
    if label in REFUSE:
        return "refuse"
    if label in NOT_ANSWERS or label == SYSTEM_MISSING:
        return "missing"
    return "substantive"


def _dates(values: pd.Series, year: int) -> pd.Series:
    """Interview dates; the files carry placeholders (1582, 1959) for unknown days, so dates
    outside the wave's year and the next are unknown."""
    d = pd.to_datetime(values, errors="coerce")
    return d.where(d.dt.year.isin([year, year + 1]))


def clean_wave(path: Path, source_id: str, waves: pd.DataFrame | None = None,
               items: pd.DataFrame | None = None) -> pd.DataFrame:
    """One wave's items, one row per respondent and item.

    ``waves`` and ``items`` default to the committed tables. Columns: source_id, wave, year,
    iso3, row (the respondent's row in the file, from 1), stratum (country and stratum label),
    psu (country, stratum and sampling unit; None when the file has none), weight,
    interview_date, item, variable, code, answer (the value label, harmonised by the item's
    recodes), kind (substantive, dont_know, refuse, missing).
    """
    import pyreadstat

    path = Path(path)
    waves = read_waves() if waves is None else waves
    items = read_items() if items is None else items
    spec = waves[waves["source_id"] == source_id]
    if spec.empty:
        raise LayoutError(surveys_dir() / "waves.csv", "column 'source_id'",
                          f"a row for {source_id!r}")
    spec = spec.iloc[0]
    mine = items[items["source_id"] == source_id]
    if mine.empty:
        raise LayoutError(surveys_dir() / "items.csv", "column 'source_id'",
                          f"at least one item of {source_id!r}")
    design = [v for v in (spec.country_var, spec.weight, spec.stratum_var, spec.psu_var,
                          spec.date_var) if v]
    wanted = list(dict.fromkeys(design + mine["variable"].tolist()))
    encoding = spec.encoding or None
    try:
        _, meta = pyreadstat.read_dta(path, metadataonly=True, encoding=encoding)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a layout problem here
        raise LayoutError(path, "whole file", f"a Stata file readable with encoding "
                          f"{encoding or 'utf-8'} ({exc})") from exc
    missing = [v for v in wanted if v not in meta.column_names]
    if missing:
        raise LayoutError(path, f"variable(s) {missing}", f"the variables named for "
                          f"{source_id} in data/surveys/ (file has {len(meta.column_names)})")
    for r in mine.itertuples():
        found = meta.column_names_to_labels.get(r.variable) or ""
        if found != r.label:
            raise LayoutError(path, f"variable {r.variable}, label",
                              f"{r.label!r} (data/surveys/items.csv line {r.line}); "
                              f"found {found!r}")
    raw, meta = pyreadstat.read_dta(path, usecols=wanted, encoding=encoding)
    labels = meta.variable_value_labels

    w = pd.to_numeric(raw[spec.weight], errors="coerce")
    bad = ~(w > 0)
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise LayoutError(path, f"variable {spec.weight}, row {i + 1}: {raw[spec.weight][i]!r}",
                          "a positive weight for every respondent")
    if spec.country_var:
        names = raw[spec.country_var].map(labels.get(spec.country_var, {}))
        if names.isna().any():
            i = int(np.argmax(names.isna().to_numpy()))
            raise LayoutError(path, f"variable {spec.country_var}, row {i + 1}",
                              "a country code with a value label")
        codes = dict(zip(names.unique(), to_iso3(names.unique(), source="crrc"), strict=True))
        iso3 = names.map(codes)
    else:
        iso3 = pd.Series(spec.countries, index=raw.index)
    strat_labels = labels.get(spec.stratum_var, {})
    stratum = raw[spec.stratum_var].map(lambda c: strat_labels.get(c, str(c)))
    stratum = iso3 + ":" + stratum.astype(str)
    psu = (stratum + ":" + raw[spec.psu_var].astype("Int64").astype(str)
           if spec.psu_var else pd.Series([None] * len(raw), dtype=object))
    dates = (_dates(raw[spec.date_var], int(spec.year)) if spec.date_var
             else pd.Series(pd.NaT, index=raw.index))
    base = pd.DataFrame({
        "source_id": source_id, "wave": spec.wave, "year": int(spec.year), "iso3": iso3,
        "row": np.arange(1, len(raw) + 1), "stratum": stratum, "psu": psu,
        "weight": w.astype(float), "interview_date": dates,
    })
    parts = []
    for r in mine.itertuples():
        vl = labels.get(r.variable, {})
        code = pd.to_numeric(raw[r.variable], errors="coerce")
        unlabelled = code.notna() & ~code.isin(list(vl))
        if unlabelled.any():
            i = int(np.argmax(unlabelled.to_numpy()))
            raise LayoutError(path, f"variable {r.variable}, row {i + 1}: code {code[i]!r}",
                              "a code with a value label")
        recode = _recodes(r.recode)
        answer = code.map(lambda c, vl=vl, rc=recode: SYSTEM_MISSING if pd.isna(c)
                          else rc.get(vl[c], vl[c]))
        known = {recode.get(v, v) for v in vl.values()}
        absent = [a for a in r.answers.split("|") if a and a not in known]
        if absent:
            raise LayoutError(path, f"variable {r.variable}, value labels",
                              f"the answer(s) {absent} listed in data/surveys/items.csv line "
                              f"{r.line}")
        parts.append(base.assign(item=r.item, variable=r.variable, code=code.astype(float),
                                 answer=answer, kind=answer.map(kind_of)))
    out = pd.concat(parts, ignore_index=True)
    out["psu"] = out["psu"].astype(object).where(out["psu"].notna(), None)
    return validate(SCHEMA, out, path, "survey responses")
