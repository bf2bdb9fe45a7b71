"""Hand-compiled, cited tables of ``data/curated/`` (each validated by its schema)."""

from __future__ import annotations

import pandas as pd

from ..clean import curated
from ._registry import table

__all__ = ["war_dates", "wars", "conflict_timeline", "timeline_additions", "displacement_facts",
           "casualty_estimates", "nkao_census"]

WAR_START = "war"
WAR_END = ("ceasefire", "agreement / ceasefire")


@table(ids=["curated-war-dates"])
def _war_dates(src, path) -> pd.DataFrame:
    """Start and end dates of the wars of 2016, 2020 and 2023 (curated timeline rows)."""
    return curated.clean_curated(path, src.id)


def war_dates() -> pd.DataFrame:
    """Start and end dates of the wars of 2016, 2020 and 2023 (curated, one sourced row each).

    Columns: date (datetime), date_precision, event, category, confidence, source_title,
    source_url, locator.
    """
    df = _war_dates.load()
    return df[["date", "date_precision", "event", "category", "confidence", "source_title",
               "source_url", "locator"]].sort_values("date", ignore_index=True)


def wars() -> pd.DataFrame:
    """One row per war: its start (a row of category "war") and its end (the first row of a
    ceasefire category on or after the start, NaT if none). Columns: year, start, end."""
    df = war_dates()
    ends = df[df["category"].isin(WAR_END)]["date"].sort_values()
    rows = []
    for start in df.loc[df["category"] == WAR_START, "date"].sort_values():
        after = ends[ends >= start]
        rows.append({"year": int(start.year), "start": start,
                     "end": after.iloc[0] if len(after) else pd.NaT})
    return pd.DataFrame(rows, columns=["year", "start", "end"])


# --- the conflict timeline notebook ----------------------------------------------------------


@table(ids=["curated-conflict-timeline"])
def _conflict_timeline(src, path) -> pd.DataFrame:
    """Dated events of the conflict 1921-2024 (the whole curated timeline)."""
    return curated.clean_curated(path, src.id)


@table(ids=["curated-timeline-additions"])
def _timeline_additions(src, path) -> pd.DataFrame:
    """Dated events the brief names that the curated timeline lacks (day, month or year)."""
    return curated.clean_curated(path, src.id)


@table(ids=["curated-displacement"])
def _displacement(src, path) -> pd.DataFrame:
    """Displacement and population facts (estimates, stocks, the 2023 running counts)."""
    return curated.clean_curated(path, src.id)


@table(ids=["curated-conflict-casualties"])
def _casualties(src, path) -> pd.DataFrame:
    """Published casualty figures other than UCDP's."""
    return curated.clean_curated(path, src.id)


@table(ids=["curated-nkao-census"])
def _census(src, path) -> pd.DataFrame:
    """NKAO / NKR population by census, one row per source."""
    return curated.clean_curated(path, src.id)


def conflict_timeline() -> pd.DataFrame:
    """Dated events of the Nagorno-Karabakh conflict, 1921-2024, one sourced row each.

    Columns: date (datetime), date_precision (all "day"), event, actors, category,
    source_title, source_url, locator, confidence, notes. Sorted by date.
    """
    return _conflict_timeline.load().sort_values(["date", "event"], ignore_index=True)


def timeline_additions() -> pd.DataFrame:
    """Dated events of the conflict's origins (1987-88), violence, mediation (Basic
    Principles), the Turkey-Azerbaijan treaties and Armenia's 2018 revolution.

    ``date`` is the first day of the stated day, month or year (``date_precision``);
    ``countries`` holds ISO3 codes joined by ";"; ``value``/``unit`` as printed in the source.
    Where sources disagree on a date, each version is its own row (see ``notes``).
    """
    return _timeline_additions.load().sort_values(["date", "event_id"], ignore_index=True)


def displacement_facts(topic: str | None = None) -> pd.DataFrame:
    """Displacement and population facts, one per source row: topic, geography, value,
    value_low, value_high (persons unless ``unit`` says otherwise), unit, date_or_year (as
    printed: "1988-1994", "2023-09-28", "2010 (end)"), description and provenance.

    ``topic``: keep one topic ("population", "displacement 1988-1994", "displacement stock",
    "displacement 2016", "displacement 2023"); an unknown topic is an error listing them.
    """
    df = _displacement.load()
    if topic is None:
        return df
    if topic not in set(df["topic"]):
        raise ValueError(f"no displacement facts on topic {topic!r}; topics: "
                         f"{sorted(set(df['topic']))}")
    return df[df["topic"] == topic].reset_index(drop=True)


def casualty_estimates() -> pd.DataFrame:
    """Published casualty figures other than UCDP's: period, event, side_or_scope, value,
    value_low, value_high, unit, description, provenance, plus ``first_year`` and
    ``last_year`` read from the period ("1988-1994" -> 1988, 1994; "2016-04-01/05" -> 2016,
    2016)."""
    df = _casualties.load().copy()
    years = df["period"].str.extract(r"^(\d{4})(?:-(\d{4})(?!\d))?")
    df["first_year"] = years[0].astype(int)
    df["last_year"] = years[1].fillna(years[0]).astype(int)
    return df


def nkao_census() -> pd.DataFrame:
    """Population of the NKAO (to 1989) and of the NKR-controlled territory (2005, 2015) by
    census, one row per source, so a year may have several rows that disagree. Empty cells
    mean the source does not state the figure. Columns: year, census, total, armenians,
    azerbaijanis, russians, others, armenians_pct, azerbaijanis_pct and provenance."""
    return _census.load().sort_values(["year", "source_title"], ignore_index=True)


# --------------------------------------------------------------------------- Russian influence
# Tables of the Russian-influence notebook (02): published polls, presence events, economic
# figures. Each keeps its provenance columns (source_title, source_url, locator, confidence).

__all__ += ["published_polls", "russian_presence", "russia_timeline", "russia_since_brief",
            "economic_facts", "migrant_stock"]

POLL_TABLES = ("curated-opinion-russia", "curated-opinion-armenia-additions")
ECONOMIC_TABLES = ("curated-trade-aze-geo", "curated-economic-dependence")


def _curated(src, path) -> pd.DataFrame:
    """A curated table of the Russian-influence notebook, validated by its schema."""
    return curated.clean_curated(path, src.id)


_polls = {sid: table(ids=[sid])(_curated) for sid in POLL_TABLES}
_economic = {sid: table(ids=[sid])(_curated) for sid in ECONOMIC_TABLES}
_presence = table(ids=["curated-russian-presence"])(_curated)
_timeline = table(ids=["curated-russia-timeline"])(_curated)
_since = table(ids=["curated-russia-since-brief"])(_curated)
_migrants = table(ids=["curated-migrant-stock"])(_curated)


def published_polls(countries=None) -> pd.DataFrame:
    """Published poll percentages (both curated poll tables), one figure a row.

    Columns: country, survey_date (as the source words it), pollster, survey, indicator,
    response, value (percent), unit, sample_size (NaN where no source states it), fieldwork
    (empty for the first table), the provenance columns, notes and source_id (the catalog id
    of the table the row comes from).
    """
    parts = []
    for sid in POLL_TABLES:
        df = _polls[sid].load().copy()
        if "sample_size" not in df.columns:
            df["sample_size"] = float("nan")
            df["fieldwork"] = ""
        df["source_id"] = sid
        parts.append(df)
    out = pd.concat(parts, ignore_index=True)
    if countries is not None:
        wanted = [countries] if isinstance(countries, str) else list(countries)
        out = out[out["country"].isin(wanted)].reset_index(drop=True)
    return out


def russian_presence() -> pd.DataFrame:
    """Dated events of Russia's military and security presence (bases, peacekeepers, border
    guards, CSTO, EAEU) with the figures the sources give; date is a partial ISO date."""
    return _presence.load()


def russia_timeline() -> pd.DataFrame:
    """Dated steps of the 3+3 platform and of Armenia's turn away from the CSTO (curated
    timeline additions, categories platform_3plus3 and russia_csto)."""
    return _timeline.load()


def russia_since_brief() -> pd.DataFrame:
    """Events on Russia in the region after the brief (2023-10 to 2026-01)."""
    return _since.load()


def economic_facts() -> pd.DataFrame:
    """Published trade and remittance figures for Azerbaijan and Georgia (and Armenia's
    remittances), both curated tables, with source_id naming the table of each row."""
    return pd.concat([_economic[sid].load().assign(source_id=sid) for sid in ECONOMIC_TABLES],
                     ignore_index=True)


def migrant_stock() -> pd.DataFrame:
    """Migrants born in Armenia, Azerbaijan and Georgia living in Russia (UN DESA 2024)."""
    df = _migrants.load().copy()
    df["year"] = df["year"].astype(int)
    return df
