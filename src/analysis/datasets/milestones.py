"""Curated Western milestones (NATO, EU, OSCE) of Armenia, Azerbaijan and Georgia."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import milestones
from ._registry import table

__all__ = ["western_milestones", "MILESTONE_SOURCES"]

MILESTONE_SOURCES = ("curated-western-milestones", "curated-western-additions")


@table(ids=["curated-western-milestones"])
def _milestones(src, path) -> pd.DataFrame:
    """Western institutional milestones 1992-2023 (clean_milestones)."""
    return milestones.clean_milestones(path)


@table(ids=["curated-western-additions"])
def _additions(src, path) -> pd.DataFrame:
    """EU integration and Western-security rows of the timeline additions (clean_additions)."""
    return milestones.clean_additions(path)


def western_milestones(countries: Iterable[str] | str | None = None) -> pd.DataFrame:
    """Both curated tables in one timeline, with ``source_id`` naming the table of each row.

    ``countries``: keep rows naming any of these ISO3 codes (a row may name several, e.g.
    ``"ARM;AZE"``). Columns: source_id and :data:`analysis.clean.milestones.OUT`, sorted by
    date.
    """
    parts = [_milestones.load().assign(source_id=MILESTONE_SOURCES[0]),
             _additions.load().assign(source_id=MILESTONE_SOURCES[1])]
    df = pd.concat(parts, ignore_index=True)
    df = df[["source_id", *milestones.OUT]]
    if countries is not None:
        wanted = {countries} if isinstance(countries, str) else set(countries)
        df = df[df["countries"].str.split(";").map(lambda cs: bool(wanted & set(cs)))]
    return df.sort_values(["date", "event_id"], ignore_index=True)
