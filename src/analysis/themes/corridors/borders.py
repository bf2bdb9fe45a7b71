"""How long Armenia's land borders with Turkey and Azerbaijan had been closed when the
Crossroads of Peace project was presented, from the dated closures of the curated timeline.

A closure dated to a year or a month covers an interval of days; the duration is given for
both ends of it (``years_min`` from its last day, ``years_max`` from its first) and at its
middle (``years``), in years of 365.25 days.
"""

from __future__ import annotations

import pandas as pd

from ...claims.registry import date_interval

# The closures of the state borders (event ids of curated-border-closures), by neighbour.
CLOSURES = {"AZE": "arm_aze_border_closed_1991", "TUR": "turkey_border_closed_1993_04"}
DAYS_PER_YEAR = 365.25


def closed_for(events: pd.DataFrame, as_of: pd.Timestamp,
               closures: dict[str, str] = CLOSURES) -> pd.DataFrame:
    """Years each border had been closed on ``as_of``: border (ISO3 of the neighbour),
    event_id, closed (the date as stated), precision, years_min, years, years_max, source."""
    by_id = events.set_index("event_id")
    rows = []
    for border, eid in closures.items():
        if eid not in by_id.index:
            raise ValueError(f"no closure {eid!r} in curated-border-closures")
        e = by_id.loc[eid]
        first, last = date_interval(e["date"], eid)
        as_of_day = pd.Timestamp(as_of).date()
        span = [(as_of_day - d).days / DAYS_PER_YEAR for d in (last, first)]
        mid = first + (last - first) / 2
        rows.append({"border": border, "event_id": eid, "closed": e["date"],
                     "precision": e["date_precision"], "years_min": span[0],
                     "years": (as_of_day - mid).days / DAYS_PER_YEAR, "years_max": span[1],
                     "source_title": e["source_title"], "confidence": e["confidence"]})
    return pd.DataFrame(rows)
