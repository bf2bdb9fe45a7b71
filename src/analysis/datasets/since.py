"""Events since the brief (2024-2026), each mapped to the brief's expectation it bears on."""

from __future__ import annotations

import pandas as pd

from .. import paths
from ..clean import since
from ._registry import table

__all__ = ["since_the_brief", "expectations"]


@table(ids=["curated-since-the-brief"])
def _events(src, path) -> pd.DataFrame:
    """Events after the brief (clean_events)."""
    return since.clean_events(path, src.id)


def expectations() -> pd.DataFrame:
    """The brief's six expectations: expectation (id) and wording."""
    return pd.DataFrame({"expectation": list(since.EXPECTATIONS),
                         "wording": list(since.EXPECTATIONS.values())})


def since_the_brief() -> pd.DataFrame:
    """The events (date, date_precision, start, event, countries, theme, the compiler's
    brief_expectation label, provenance) with ``expectation``: the id the reviewable table
    ``data/mappings/since_expectations.csv`` maps the label to. A label without a row there is
    an error naming it."""
    events = _events.load()
    mapping = since.clean_mapping(paths.mappings_dir() / "since_expectations.csv")
    lookup = dict(zip(mapping["label"], mapping["expectation"], strict=True))
    unknown = sorted(set(events["brief_expectation"]) - set(lookup))
    if unknown:
        raise ValueError(f"labels without a row in data/mappings/since_expectations.csv: "
                         f"{unknown}")
    events["expectation"] = events["brief_expectation"].map(lookup)
    return events.sort_values(["start", "event"], ignore_index=True)
