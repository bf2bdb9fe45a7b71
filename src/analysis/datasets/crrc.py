"""Caucasus Barometer and NDI/CRRC Georgia microdata: respondents' answers and design-based
survey estimates (share, interval, unweighted n and design note by country, wave, item and
answer)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable

import pandas as pd

from .. import sources, stats
from ..clean import cache, crrc
from ._registry import Table, table

DATASETS = ("crrc-caucasus-barometer", "ndi-georgia-polls")
__all__ = ["survey_waves", "survey_items", "survey_responses", "survey_estimates",
           "survey_sample_sizes", "DESIGN_NOTES"]


@table(dataset="crrc-caucasus-barometer")
def _cb(src, path) -> pd.DataFrame:
    """One Caucasus Barometer wave, the items of data/surveys/items.csv (clean_wave)."""
    return crrc.clean_wave(path, src.id)


@table(dataset="ndi-georgia-polls")
def _ndi(src, path) -> pd.DataFrame:
    """One NDI/CRRC Georgia poll of 2022, the items of data/surveys/items.csv (clean_wave)."""
    return crrc.clean_wave(path, src.id)


def _table_of(source_id: str) -> Table:
    for t in (_cb, _ndi):
        if source_id in t.source_ids():
            return t
    raise ValueError(f"{source_id!r} is not a survey wave in the catalog; waves: "
                     f"{_cb.source_ids() + _ndi.source_ids()}")


def survey_waves() -> pd.DataFrame:
    """The waves read (``data/surveys/waves.csv``): catalog id, wave label, countries, weight,
    stratum and sampling-unit variables, mode, notes."""
    return crrc.read_waves().drop(columns="line")


def survey_items() -> pd.DataFrame:
    """The items read (``data/surveys/items.csv``): item, wave (catalog id), variable, the
    file's label, wording in plain words, answers reported, recodes, notes on wording changes."""
    return crrc.read_items().drop(columns="line")


def survey_responses(source_id: str) -> pd.DataFrame:
    """One wave's answers, one row per respondent and item (see
    :func:`analysis.clean.crrc.clean_wave` for the columns)."""
    t = _table_of(source_id)
    src = sources.get(source_id)
    path, sha = sources.require_verified(source_id)
    # Table.load keys the cache by the raw bytes and the code; the committed waves and items
    # tables also decide what the table holds, so their digest joins the key here.
    key = hashlib.sha256(f"{sha}:{crrc.spec_digest()}".encode()).hexdigest()
    name = f"{t.name}__{source_id}"
    return cache.cached(name, key, t.module, lambda: t.build(src, path))


DESIGN_NOTES = {
    stats.TAYLOR: "design-based: strata and PSUs nested in country and substratum, weights",
    stats.WEIGHTS_ONLY: "weights only (no PSU variable): Kish design effect of the weights",
}


@functools.lru_cache(maxsize=64)
def _wave_estimates(source_id: str, alpha: float) -> pd.DataFrame:
    resp = survey_responses(source_id)
    items = survey_items()
    items = items[items["source_id"] == source_id].set_index("item")
    out = []
    for (iso3, item), g in resp.groupby(["iso3", "item"], sort=True):
        base = g[g["kind"] != "missing"]
        if len(base) < 2:  # not asked in this country (e.g. EEU membership in Georgia, 2017)
            continue
        psu = base["psu"] if base["psu"].notna().all() else None
        est = stats.survey_shares(base["answer"], base["weight"], base["stratum"], psu,
                                  alpha=alpha)
        kinds = base.drop_duplicates("answer").set_index("answer")["kind"]
        est["kind"] = est["answer"].map(kinds)
        # Answers the notebook reports that nobody gave: a share of 0 with a one-sided bound.
        listed = [a for a in items.at[item, "answers"].split("|") if a]
        for a in listed:
            if a not in set(est["answer"]):
                hi = stats.wilson_interval(0.0, len(base), 1.0, alpha)[1]
                est.loc[len(est)] = {"answer": a, "share": 0.0, "se": 0.0, "lower": 0.0,
                                     "upper": hi, "n": 0, "n_base": len(base),
                                     "deff": float("nan"), "df": len(base) - 1,
                                     "method": "no respondent gave this answer: Wilson upper "
                                               "bound without design effect",
                                     "kind": crrc.kind_of(a)}
        dates = g["interview_date"].dropna()
        est["iso3"] = iso3
        est["item"] = item
        est["variable"] = items.at[item, "variable"]
        est["n_missing"] = int((g["kind"] == "missing").sum())
        est["fieldwork_start"] = dates.min() if len(dates) else pd.NaT
        est["fieldwork_end"] = dates.max() if len(dates) else pd.NaT
        est["date"] = dates.median() if len(dates) else pd.NaT
        est["reported"] = est["answer"].isin(listed)
        out.append(est)
    df = pd.concat(out, ignore_index=True)
    wave = survey_waves().set_index("source_id").loc[source_id]
    ref = pd.Timestamp(wave["reference_date"]) + pd.Timedelta(days=14) \
        if wave["reference_date"] else pd.NaT
    df["date"] = df["date"].fillna(ref)  # no interview dates: the middle of the poll month
    df["date_basis"] = ("median interview date" if df["fieldwork_start"].notna().all()
                        else "poll month (no interview dates in the public file)")
    df["source_id"] = source_id
    df["wave"] = wave["wave"]
    df["survey"] = wave["survey"]
    df["year"] = int(wave["year"])
    df["mode"] = wave["mode"]
    df["design"] = df["method"].map(DESIGN_NOTES).fillna(df["method"])
    return df


ESTIMATE_COLUMNS = ("source_id", "wave", "survey", "year", "date", "date_basis",
                    "fieldwork_start", "fieldwork_end", "mode", "iso3", "item", "variable",
                    "answer", "kind", "reported", "share", "se", "lower", "upper", "n", "n_base",
                    "n_missing", "deff", "df", "method", "design")


def survey_estimates(items: Iterable[str] | str | None = None,
                     countries: Iterable[str] | str | None = None,
                     waves: Iterable[str] | str | None = None,
                     alpha: float = 0.05) -> pd.DataFrame:
    """Weighted shares of every answer with ``1 - alpha`` intervals, by country, wave, item and
    answer (:func:`analysis.stats.survey_shares`).

    ``items``: item names of ``data/surveys/items.csv`` (default all); ``countries``: ISO3
    codes; ``waves``: catalog ids (default every wave holding one of the items). Don't know and
    refusals are answers in the base; codes that are not answers are counted in ``n_missing``.
    ``design`` says how the interval was computed (Taylor linearisation with strata and PSUs,
    or weights only with Kish's design effect where the file has no sampling units); ``date``
    is the median interview date (or the middle of the poll month where the file has none).
    """
    spec = survey_items()
    want_items = [items] if isinstance(items, str) else (list(items) if items else None)
    if want_items:
        unknown = sorted(set(want_items) - set(spec["item"]))
        if unknown:
            raise ValueError(f"unknown survey item(s) {unknown}; items: "
                             f"{sorted(spec['item'].unique())}")
        spec = spec[spec["item"].isin(want_items)]
    ids = list(dict.fromkeys(spec["source_id"]))
    if waves is not None:
        wanted = [waves] if isinstance(waves, str) else list(waves)
        unknown = sorted(set(wanted) - set(survey_waves()["source_id"]))
        if unknown:
            raise ValueError(f"unknown wave(s) {unknown}; waves: "
                             f"{survey_waves()['source_id'].tolist()}")
        ids = [i for i in ids if i in wanted]
    parts = [_wave_estimates(sid, float(alpha)) for sid in ids]
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=ESTIMATE_COLUMNS)
    if want_items:
        df = df[df["item"].isin(want_items)]
    if countries is not None:
        wanted = [countries] if isinstance(countries, str) else list(countries)
        df = df[df["iso3"].isin(wanted)]
    return df[list(ESTIMATE_COLUMNS)].sort_values(
        ["item", "iso3", "date", "answer"], ignore_index=True)


def survey_sample_sizes() -> pd.DataFrame:
    """Respondents per wave and country (every wave of ``data/surveys/waves.csv``).
    Columns: source_id, wave, survey, year, iso3, n."""
    rows = []
    for w in survey_waves().itertuples():
        resp = survey_responses(w.source_id)
        for iso3, n in resp.drop_duplicates(["iso3", "row"]).groupby("iso3").size().items():
            rows.append({"source_id": w.source_id, "wave": w.wave, "survey": w.survey,
                         "year": int(w.year), "iso3": iso3, "n": int(n)})
    return pd.DataFrame(rows)
